"""任务分工 over real HTTP: the table, its filters and sorting, its JSON twin, downloads, and editing
a task's assignment in place (htmx route and JSON API) with permissions, CSRF and history."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import httpx
import openpyxl
import pytest
from pages_helpers import audit_entries, client_for

ROW = re.compile(r'<tr id="task-([^"]+)"')


def table(client: httpx.Client, **params: str) -> tuple[str, dict[str, Any]]:
    """The table on one page (per_page=500 holds the plan's 390 tasks): these tests are about the
    filters and sort orders over every row; paging is tested in test_task_table_pages.py."""
    params = {"per_page": "500", **params}
    html = client.get("/plans/1/tasks", params=params)
    assert html.status_code == 200, html.text
    data = client.get("/api/v1/plans/1/assignments", params=params)
    assert data.status_code == 200, data.text
    return html.text, data.json()


# -- the table (read-only, shared server) ----------------------------------------------------------


def test_task_table_and_its_twin(anon_client: httpx.Client) -> None:
    html, data = table(anon_client)
    assert "任务分工" in html and "牵头单位" in html and "配合单位" in html and "完成时限" in html
    assert data["total"] == data["count"] == len(data["rows"]) == 390
    assert ROW.findall(html) == [r["id"] for r in data["rows"]]
    assert data["rows"] == [
        {
            **r,
            "href": data["rows"][i]["href"],
            "order": i,
            "progress": data["rows"][i]["progress"],
            "progress_state": data["rows"][i]["progress_state"],
        }
        for i, r in enumerate(anon_client.get("/api/v1/plans/1/tasks").json())
    ]
    assert '<th scope="col" aria-sort="ascending">' in html
    assert 'href="/plans/1/export?what=tasks&amp;format=xlsx"' in html
    assert 'href="/plans/1/export?what=tasks&amp;format=docx"' in html
    for key in ("part", "lead", "unit", "domain", "instrument", "due"):
        assert data["options"][key], key
        assert f'<label for="f-{key}">' in html


@pytest.mark.parametrize("key", ["lead", "unit", "domain", "instrument", "due", "part"])
def test_each_filter_keeps_only_matching_rows(anon_client: httpx.Client, key: str) -> None:
    _, everything = table(anon_client)
    value = everything["options"][key][0]["value"]
    html, data = table(anon_client, **{key: value})
    assert 0 < data["count"] < data["total"]
    assert data["filters"][key] == value
    field = {"unit": None}.get(key, key)
    for r in data["rows"]:
        if field is None:
            assert value == r["lead"] or value in r["cooperating"]
        else:
            assert r[field] == value
    assert ROW.findall(html) == [r["id"] for r in data["rows"]]
    assert f"筛选出 {data['count']} 项" in html
    assert re.search(rf'<option value="{re.escape(value)}" selected>', html)


def test_free_text_and_combined_filters(anon_client: httpx.Client) -> None:
    _, data = table(anon_client, q="集成电路")
    assert data["count"] >= 1 and all("集成电路" in r["text"] for r in data["rows"])
    _, data = table(anon_client, q="p3.a7.t1")
    assert [r["id"] for r in data["rows"]] == ["p3.a7.t1"]
    _, both = table(anon_client, instrument="需求型", domain="经济发展")
    assert all(r["instrument"] == "需求型" and r["domain"] == "经济发展" for r in both["rows"])
    _, none = table(anon_client, q="不会出现的词语组合")
    assert none["count"] == 0


def test_sorting_both_ways(anon_client: httpx.Client) -> None:
    html, data = table(anon_client, sort="due")
    dues = [r["due"] for r in data["rows"]]
    years = [d for d in dues if d and d.isdigit()]
    assert years == sorted(years) and dues[: len(years)] == years
    assert '<th scope="col" aria-sort="ascending">' in html and "sort=-due" in html
    _, desc = table(anon_client, sort="-due")
    assert [r["due"] for r in desc["rows"]] == list(reversed(dues))
    # ties keep document order either way
    firsts = [r["order"] for r in desc["rows"] if r["due"] == desc["rows"][0]["due"]]
    assert firsts == sorted(firsts)
    _, by_task = table(anon_client, sort="task")
    texts = [r["text"] for r in by_task["rows"]]
    assert texts == sorted(texts)
    bad = anon_client.get("/api/v1/plans/1/assignments", params={"sort": "nonsense"})
    assert bad.status_code == 400 and "排序" in bad.json()["error"]


def test_htmx_gets_only_the_table(anon_client: httpx.Client) -> None:
    r = anon_client.get(
        "/plans/1/tasks",
        params={"instrument": "需求型"},
        headers={"HX-Request": "true", "HX-Target": "task-table"},
    )
    assert r.status_code == 200
    assert r.text.lstrip().startswith('<div id="task-table"') and "<html" not in r.text


def test_anonymous_users_see_no_edit_buttons(anon_client: httpx.Client) -> None:
    html, _ = table(anon_client)
    assert "/edit" not in html
    page = anon_client.get("/plans/1/tasks/p3.a7.t1")
    assert page.status_code == 200 and "登录" in page.text and '<form class="assign"' not in page.text


def test_export_downloads(anon_client: httpx.Client) -> None:
    r = anon_client.get("/plans/1/export", params={"what": "tasks", "format": "xlsx"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]).endswith("-重点任务分工方案.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any("牵头单位" in c for c in cells)
    assert any("半导体与集成电路" in c for c in cells)
    docx = anon_client.get("/plans/1/export", params={"what": "tasks", "format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    indicators = anon_client.get("/api/v1/plans/1/export", params={"what": "indicators", "format": "xlsx"})
    assert indicators.status_code == 200 and "主要指标表" in unquote(
        indicators.headers["content-disposition"]
    )
    bad = anon_client.get("/plans/1/export", params={"what": "tasks", "format": "exe"})
    assert bad.status_code == 400 and "不支持导出" in bad.text


def test_departments_api(anon_client: httpx.Client) -> None:
    data = anon_client.get("/api/v1/departments").json()
    assert data["count"] == len(data["departments"]) >= 80
    names = {d["name"] for d in data["departments"]}
    assert "大连市教育局" in names
    one = anon_client.get("/api/v1/departments/教育局")
    assert one.status_code == 200 and one.json()["name"] == "大连市教育局"
    missing = anon_client.get("/api/v1/departments/不存在的局")
    assert missing.status_code == 404 and "部门目录中没有" in missing.json()["error"]


# -- editing (a server of its own: these change assignments) ---------------------------------------

INDUSTRY = "大连市工业和信息化局"  # proposed lead of the tasks of article 6 (p3.a6.*)


@pytest.fixture
def server(start_server: Callable[..., Any]) -> Any:
    return start_server(with_plan=True)


@pytest.fixture
def clients(server: Any) -> Iterator[Callable[..., httpx.Client]]:
    made: list[httpx.Client] = []

    def make(role: str, department: str | None = None) -> httpx.Client:
        c = client_for(server.url, server.db_url, role, department)
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


def task(client: httpx.Client, ref: str) -> dict[str, Any]:
    r = client.get(f"/api/v1/plans/1/tasks/{ref}")
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def test_planner_edits_a_task_in_place_with_htmx(server: Any, clients: Callable[..., httpx.Client]) -> None:
    planner = clients("planner")
    before = task(planner, "p3.a7.t2")
    assert before["task"]["source"] == "proposed"
    edit = planner.get("/plans/1/tasks/p3.a7.t2/edit", headers={"HX-Request": "true"})
    assert (
        edit.status_code == 200
        and 'class="editing"' in edit.text
        and '<label for="lead-p3-a7-t2">' in edit.text
    )
    r = planner.post(
        "/plans/1/tasks/p3.a7.t2",
        data={
            "lead": "大连市科学技术局",
            "cooperating": "教育局、财政局",
            "due": "2028",
            "note": "试点",
            "csrf_token": planner.csrf,  # type: ignore[attr-defined]
        },
        headers={"HX-Request": "true", "X-CSRF-Token": ""},
    )
    assert r.status_code == 200, r.text
    assert r.text.lstrip().startswith('<tr id="task-p3.a7.t2" class="saved">')
    assert "市科技局" in r.text and "市教育局、市财政局" in r.text and "2028" in r.text and "已保存" in r.text
    after = task(planner, "p3.a7.t2")
    assert after["task"]["lead"] == "大连市科学技术局"
    assert after["task"]["cooperating"] == ["大连市教育局", "大连市财政局"]
    assert after["task"]["due"] == "2028" and after["task"]["source"] == "override"
    assert after["history"][0]["decided_by"] == planner.username  # type: ignore[attr-defined]
    assert after["history"][0]["note"] == "试点"
    table_row = planner.get("/api/v1/plans/1/assignments", params={"q": "p3.a7.t2"}).json()["rows"][0]
    assert table_row["lead"] == "大连市科学技术局"
    page = planner.get("/plans/1/tasks/p3.a7.t2")
    assert planner.username in page.text and "调整记录" in page.text  # type: ignore[attr-defined]
    entries = audit_entries(server.db_url, "assignment.override")
    assert len(entries) == 1
    assert entries[0].username == planner.username  # type: ignore[attr-defined]
    assert entries[0].target == "plan:1/task:p3.a7.t2"
    assert entries[0].before["lead"] == before["task"]["lead"]
    assert entries[0].after["lead"] == "大连市科学技术局"


def test_a_bad_value_comes_back_in_the_form(server: Any, clients: Callable[..., httpx.Client]) -> None:
    planner = clients("planner")
    r = planner.post(
        "/plans/1/tasks/p3.a7.t3",
        data={"lead": "", "cooperating": "不存在的局", "due": "明年"},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 400 and r.headers["X-PlanWatch-Fragment"] == "1"
    assert 'class="editing"' in r.text and 'role="alert"' in r.text and "部门目录中没有" in r.text
    assert task(planner, "p3.a7.t3")["task"]["source"] == "proposed"
    assert task(planner, "p3.a7.t3")["history"] == []


def test_plain_form_post_redirects_to_the_task(server: Any, clients: Callable[..., httpx.Client]) -> None:
    planner = clients("planner")
    r = planner.post(
        "/plans/1/tasks/p3.a7.t1",
        data={"lead": "科技局", "cooperating": "", "due": "持续推进", "csrf_token": planner.csrf},  # type: ignore[attr-defined]
        headers={"X-CSRF-Token": ""},
    )
    assert r.status_code == 303 and r.headers["location"] == "/plans/1/tasks/p3.a7.t1?saved=1"
    saved = task(planner, "p3.a7.t1")["task"]
    assert saved["lead"] == "大连市科学技术局" and saved["cooperating"] == [] and saved["due"] == "持续推进"


def test_planner_uses_the_json_api(server: Any, clients: Callable[..., httpx.Client]) -> None:
    planner = clients("planner")
    url = "/api/v1/plans/1/tasks/p3.a6.t3/assignment"
    r = planner.put(
        url, json={"lead": "发展改革委", "cooperating": ["教育局"], "due": "2027", "note": "接口"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["task"]["lead"] == "大连市发展和改革委员会"
    r = planner.patch(url, json={"due": "2029"})
    assert r.status_code == 200
    t = r.json()["task"]
    assert (t["lead"], t["cooperating"], t["due"]) == ("大连市发展和改革委员会", ["大连市教育局"], "2029")
    history = planner.get("/api/v1/plans/1/tasks/p3.a6.t3/history").json()
    assert [h["due"] for h in history] == ["2029", "2027"]
    assert {h["decided_by"] for h in history} == {planner.username}  # type: ignore[attr-defined]
    r = planner.delete(url)
    assert r.status_code == 200 and r.json()["task"]["source"] == "proposed"
    assert r.json()["task"]["lead"] == INDUSTRY
    bad = planner.put(url, json={"lead": "不存在的局"})
    assert bad.status_code == 404 and "部门目录中没有" in bad.json()["error"]


def test_reporter_edits_only_its_own_tasks(server: Any, clients: Callable[..., httpx.Client]) -> None:
    reporter = clients("reporter", INDUSTRY)
    own = task(reporter, "p3.a6.t4")["task"]
    assert own["lead"] == INDUSTRY
    # Its due date it sets directly; other units on its task only through a 调整申请 (202).
    r = reporter.put("/api/v1/plans/1/tasks/p3.a6.t4/assignment", json={"due": "2028"})
    assert r.status_code == 200, r.text
    assert r.json()["task"]["due"] == "2028"
    r = reporter.put(
        "/api/v1/plans/1/tasks/p3.a6.t4/assignment",
        json={"cooperating": ["科技局"], "note": "需要科技局配合"},
    )
    assert r.status_code == 202, r.text
    assert r.json()["request"]["cooperating"] == ["大连市科学技术局"]
    assert r.json()["task"]["cooperating"] == own["cooperating"]
    others = next(
        row
        for row in reporter.get("/api/v1/plans/1/assignments", params={"per_page": 500}).json()["rows"]
        if row["lead"] and row["lead"] != INDUSTRY and INDUSTRY not in row["cooperating"]
    )
    before = task(reporter, others["id"])["task"]
    r = reporter.put(f"/api/v1/plans/1/tasks/{others['id']}/assignment", json={"lead": INDUSTRY})
    assert r.status_code == 403
    assert "只能调整本部门牵头或配合的任务" in r.json()["error"]
    r = reporter.post(
        f"/plans/1/tasks/{others['id']}", data={"lead": INDUSTRY}, headers={"HX-Request": "true"}
    )
    assert r.status_code == 403
    assert task(reporter, others["id"])["task"] == before
    html = reporter.get("/plans/1/tasks", params={"per_page": 500}).text
    assert '/plans/1/tasks/p3.a6.t4/edit"' in html and f'/plans/1/tasks/{others["id"]}/edit"' not in html
    assert (
        reporter.get(f"/plans/1/tasks/{others['id']}/edit", headers={"HX-Request": "true"}).status_code == 403
    )


def test_viewer_and_anonymous_cannot_edit(server: Any, clients: Callable[..., httpx.Client]) -> None:
    viewer = clients("viewer")
    r = viewer.put("/api/v1/plans/1/tasks/p3.a6.t5/assignment", json={"due": "2027"})
    assert r.status_code == 403
    with httpx.Client(base_url=server.url) as anon:
        r = anon.put("/api/v1/plans/1/tasks/p3.a6.t5/assignment", json={"due": "2027"})
        assert r.status_code in (401, 403)
        page = anon.post("/plans/1/tasks/p3.a6.t5", data={"due": "2027"})
        assert page.status_code in (303, 401, 403)
    assert task(viewer, "p3.a6.t5")["history"] == []


def test_state_changes_without_csrf_are_refused(server: Any, clients: Callable[..., httpx.Client]) -> None:
    planner = clients("planner")
    r = planner.put(
        "/api/v1/plans/1/tasks/p3.a6.t6/assignment", json={"due": "2027"}, headers={"X-CSRF-Token": ""}
    )
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    r = planner.post(
        "/plans/1/tasks/p3.a6.t6", data={"due": "2027"}, headers={"X-CSRF-Token": "", "HX-Request": "true"}
    )
    assert r.status_code == 403
    r = planner.post(
        "/plans/1/tasks/p3.a6.t6", data={"due": "2027", "csrf_token": "forged"}, headers={"X-CSRF-Token": ""}
    )
    assert r.status_code == 403 and "安全令牌" in r.text
    assert task(planner, "p3.a6.t6")["history"] == []
