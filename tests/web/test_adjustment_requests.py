"""调整申请 over real HTTP: a reporter's change of a task's units waits for a planner (API and form),
approval applies it as an audited decision, rejection reaches the reporter's inbox; the permission
check runs under the plan lock (a reporter's write never lands after a planner removed its unit);
nobody approves a progress report they submitted unless the office turns separation off."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

EDUCATION = "大连市教育局"
COOPERATES = "p14.a57.t5"  # led by 中共大连市委组织部, 大连市教育局 co-operates
LEADS = "p11.a44.t1"  # led by 大连市教育局


@pytest.fixture
def site(start_server: Callable[..., Any], create_user_in: Callable[..., Any], log_in_to: Any) -> Any:
    server = start_server(with_plan=True)

    class Site:
        url = server.url
        db_url = server.db_url
        planner = log_in_to(server.url, *create_user_in(server.db_url, "planner", display_name="张三"))
        other = log_in_to(server.url, *create_user_in(server.db_url, "planner", display_name="李四"))
        reporter = log_in_to(server.url, *create_user_in(server.db_url, "reporter", EDUCATION))

    return Site


def _task(client: Any, key: str) -> dict[str, Any]:
    data: dict[str, Any] = client.get(f"/api/v1/plans/1/tasks/{key}").json()
    return data


def test_a_reporter_cannot_take_the_lead_by_api_it_files_a_request(site: Any) -> None:
    before = _task(site.planner, COOPERATES)
    # The probe of issue 17: a co-operating unit names itself lead and drops everyone else.
    sent = site.reporter.put(
        f"/api/v1/plans/1/tasks/{COOPERATES}/assignment", json={"lead": EDUCATION, "cooperating": []}
    )
    assert sent.status_code == 400 and "理由" in sent.json()["error"]
    sent = site.reporter.put(
        f"/api/v1/plans/1/tasks/{COOPERATES}/assignment",
        json={"lead": EDUCATION, "cooperating": [], "note": "该项工作由教育局具体承担"},
    )
    assert sent.status_code == 202, sent.text
    request = sent.json()["request"]
    assert request["status"] == "pending" and request["lead"] == EDUCATION and request["cooperating"] == []
    after = _task(site.planner, COOPERATES)
    assert after["task"] == before["task"] and after["history"] == []
    # Going back to the proposal would also move units: refused.
    assert site.reporter.delete(f"/api/v1/plans/1/tasks/{COOPERATES}/assignment").status_code == 403

    # The planner sees it in 待审核 and 收件箱, and approves.
    reviews = site.planner.get("/api/v1/plans/1/reviews").json()
    assert [r["id"] for r in reviews["requests"]] == [request["id"]]
    assert reviews["requests"][0]["current_lead"] == "中共大连市委组织部"
    inbox = site.planner.get("/api/v1/inbox").json()
    (note,) = [
        n for n in inbox["items"] if n["kind"] == "request" and "该项工作由教育局具体承担" in n["body"]
    ]
    assert note["link"] == f"/plans/1/reviews#request-{request['id']}"  # its row on the review page
    page = site.planner.get("/plans/1/reviews")
    assert "待审核的调整申请" in page.text and "该项工作由教育局具体承担" in page.text
    assert (
        site.reporter.post(
            f"/api/v1/plans/1/assignment-requests/{request['id']}/review", json={"approve": True}
        ).status_code
        == 403
    )
    approved = site.planner.post(
        f"/api/v1/plans/1/assignment-requests/{request['id']}/review", json={"approve": True}
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved" and approved.json()["decided_by"] == site.planner.username
    now = _task(site.planner, COOPERATES)
    assert now["task"]["lead"] == EDUCATION and now["task"]["cooperating"] == []
    assert now["history"][0]["decided_by"] == site.planner.username
    assert "该项工作由教育局具体承担" in now["history"][0]["note"]
    # Decided once: a second decision is a conflict.
    late = site.other.post(
        f"/api/v1/plans/1/assignment-requests/{request['id']}/review",
        json={"approve": False, "comment": "不同意"},
    )
    assert late.status_code == 409 and "已被" in late.json()["error"]
    assert site.reporter.get("/api/v1/plans/1/assignment-requests").json()[0]["status"] == "approved"


def test_a_rejection_with_its_comment_reaches_the_reporter(site: Any) -> None:
    form = site.reporter.get(f"/plans/1/tasks/{LEADS}/edit")
    assert form.status_code == 200 and "调整申请" in form.text and "恢复系统建议" not in form.text
    base = form.text.split('name="base" value="', 1)[1].split('"', 1)[0]
    posted = site.reporter.post(
        f"/plans/1/tasks/{LEADS}",
        data={
            "csrf_token": site.reporter.csrf_token,
            "lead": EDUCATION,
            "cooperating": "市财政局",
            "due": "",
            "note": "需要财政局配合保障资金",
            "action": "save",
            "base": base,
        },
        headers={"HX-Request": "true"},
    )
    assert posted.status_code == 200 and "已提交调整申请" in posted.text
    assert _task(site.planner, LEADS)["history"] == []
    [request] = site.planner.get("/api/v1/plans/1/assignment-requests", params={"status": "pending"}).json()
    url = f"/plans/1/assignment-requests/{request['id']}/review"
    empty = site.planner.post(
        url, data={"csrf_token": site.planner.csrf_token, "action": "reject", "comment": ""}
    )
    assert empty.status_code == 400 and "驳回调整申请须填写意见" in empty.text
    rejected = site.planner.post(
        url, data={"csrf_token": site.planner.csrf_token, "action": "reject", "comment": "资金由教育局自筹"}
    )
    assert rejected.status_code == 303
    assert "已驳回调整申请" in site.planner.get(rejected.headers["location"]).text
    assert _task(site.planner, LEADS)["history"] == []
    notes = site.reporter.get("/api/v1/inbox").json()["items"]
    result = [n for n in notes if n["kind"] == "request_result"]
    assert result and "资金由教育局自筹" in result[0]["body"] and "驳回" in result[0]["title"]
    assert "资金由教育局自筹" in site.reporter.get("/inbox").text
    audit = site.planner.get("/api/v1/plans/1/assignment-requests").json()[0]
    assert audit["status"] == "rejected" and audit["comment"] == "资金由教育局自筹"


def test_a_reporter_still_sets_the_due_date_of_its_task_directly(site: Any) -> None:
    before = _task(site.planner, LEADS)["task"]
    sent = site.reporter.patch(f"/api/v1/plans/1/tasks/{LEADS}/assignment", json={"due": "2029"})
    assert sent.status_code == 200, sent.text
    now = sent.json()["task"]
    assert (
        now["due"] == "2029" and now["lead"] == before["lead"] and now["cooperating"] == before["cooperating"]
    )


def _race_once(site: Any, round_no: int) -> tuple[int, list[dict[str, Any]]]:
    """The planner drops 教育局 from the task while the reporter blind-writes its due date."""
    url = f"/api/v1/plans/1/tasks/{COOPERATES}/assignment"
    # Put 教育局 back first, so each round starts with the reporter allowed.
    reset = site.planner.put(
        url, json={"lead": "中共大连市委组织部", "cooperating": [EDUCATION], "note": f"r{round_no}"}
    )
    assert reset.status_code == 200, reset.text
    start = threading.Barrier(2)
    outcome: dict[str, int] = {}

    def planner() -> None:
        start.wait()
        r = site.other.put(
            url, json={"lead": "中共大连市委组织部", "cooperating": [], "note": f"drop{round_no}"}
        )
        outcome["planner"] = r.status_code

    def reporter() -> None:
        start.wait()
        r = site.reporter.patch(url, json={"due": str(2026 + round_no % 5), "note": f"due{round_no}"})
        outcome["reporter"] = r.status_code

    threads = [threading.Thread(target=planner), threading.Thread(target=reporter)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcome["planner"] == 200
    history = _task(site.planner, COOPERATES)["history"]  # newest first
    return outcome["reporter"], history


def test_the_permission_is_checked_under_the_plan_lock(site: Any) -> None:
    seen = set()
    for round_no in range(10):
        status, history = _race_once(site, round_no)
        seen.add(status)
        assert status in (200, 403), status
        notes = [h["note"] for h in history]
        drop = notes.index(f"drop{round_no}")
        if status == 200:
            # The reporter's write went first: it was still on the task then.
            assert notes.index(f"due{round_no}") > drop
        else:
            assert f"due{round_no}" not in notes
        # Whatever the order, nothing the reporter wrote lands after 教育局 was dropped.
        assert not any(n.startswith("due") for n in notes[:drop])
        assert _task(site.planner, COOPERATES)["task"]["cooperating"] == []


def test_nobody_approves_their_own_report(site: Any) -> None:
    submitted = site.planner.post(
        f"/api/v1/plans/1/tasks/{LEADS}/progress", json={"period": "2026Q1", "state": "推进中", "percent": 30}
    )
    assert submitted.status_code == 201, submitted.text
    rid = submitted.json()["report"]["id"]
    own = site.planner.post(f"/api/v1/plans/1/reports/{rid}/review", json={"approve": True})
    assert own.status_code == 403 and "自己填报" in own.json()["error"]
    page = site.planner.post(
        f"/plans/1/reports/{rid}/review", data={"csrf_token": site.planner.csrf_token, "action": "approve"}
    )
    assert page.status_code == 403
    queue = site.planner.get("/plans/1/reviews").text
    assert "这是您自己填报的报告，须由其他人审核通过" in queue
    assert "须由其他人审核通过" not in site.other.get("/plans/1/reviews").text
    assert site.other.post(f"/api/v1/plans/1/reports/{rid}/review", json={"approve": True}).status_code == 200


def test_a_one_person_office_may_turn_separation_off(
    start_server: Callable[..., Any], create_user_in: Callable[..., Any], log_in_to: Any
) -> None:
    server = start_server(with_plan=True, separate_review_duties=False)
    admin = log_in_to(server.url, *create_user_in(server.db_url, "admin"))
    submitted = admin.post(
        f"/api/v1/plans/1/tasks/{LEADS}/progress", json={"period": "2026Q1", "state": "推进中", "percent": 30}
    )
    rid = submitted.json()["report"]["id"]
    assert admin.post(f"/api/v1/plans/1/reports/{rid}/review", json={"approve": True}).status_code == 200
