"""Links to the 任务分工, 分工方案, 进展报送 and 收件箱 pages are built from route names
(web/urls.py): each name reaches its page, and the table's filters are one dependency shared by the
page, its JSON twin and the download."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from planwatch.web.urls import names, url

TASK = "p3.a7.t1"


def test_each_page_is_reached_by_its_route_name(
    anon_client: httpx.Client, logged_in_client: Callable[..., httpx.Client]
) -> None:
    planner = logged_in_client("planner")
    pages = {
        url("tasks", plan=1): anon_client,
        url("api.tasks", plan=1): anon_client,
        url("task", plan=1, task=TASK): anon_client,
        url("api.task", plan=1, task=TASK): anon_client,
        url("task_row", plan=1, task=TASK): anon_client,
        url("division", plan=1): anon_client,
        url("api.division", plan=1): anon_client,
        url("reviews", plan=1): planner,
        url("api.reviews", plan=1): planner,
        url("api.task_progress", plan=1, task=TASK): anon_client,
        url("inbox"): planner,
        url("api.inbox"): planner,
        url("api.inbox_count"): planner,
    }
    assert list(pages)[:4] == [
        "/plans/1/tasks",
        "/api/v1/plans/1/assignments",
        f"/plans/1/tasks/{TASK}",
        f"/api/v1/plans/1/tasks/{TASK}",
    ]
    for path, client in pages.items():
        assert client.get(path).status_code == 200, path


def test_form_actions_and_downloads_have_names() -> None:
    known = names()
    assert known["task_save"] == "/plans/{plan}/tasks/{task}"
    assert known["api.put_assignment"] == "/api/v1/plans/{plan}/tasks/{task}/assignment"
    assert known["division_apply"] == "/plans/{plan}/division/uploads/{upload_id}/apply"
    assert known["api.division_apply"] == "/api/v1/plans/{plan}/division/uploads/{upload_id}/apply"
    assert known["submit_page"] == "/plans/{plan}/tasks/{task}/progress"
    assert known["review_page"] == "/plans/{plan}/reports/{report_id}/review"
    assert known["request_review_page"] == "/plans/{plan}/assignment-requests/{request_id}/review"
    assert known["plan_export"] == "/plans/{plan}/export"
    assert known["api.plan_export"] == "/api/v1/plans/{plan}/export"
    assert known["division_download"] == "/plans/{plan}/division.xlsx"


def test_the_table_filters_reach_the_page_its_twin_and_the_download(anon_client: httpx.Client) -> None:
    query = {"domain": "民生", "sort": "-due", "per_page": "7"}
    twin = anon_client.get(url("api.tasks", plan=1), params=query).json()
    assert twin["filters"]["domain"] == "民生" and twin["sort"] == "-due" and twin["per_page"] == 7
    page = anon_client.get(url("tasks", plan=1), params=query).text
    assert all(f'id="task-{r["id"]}"' in page for r in twin["rows"])
    rows = anon_client.get(
        url("api.plan_export", plan=1), params={"what": "tasks", "format": "json", "domain": "民生"}
    )
    assert rows.status_code == 200 and len(rows.json()) == twin["count"]
