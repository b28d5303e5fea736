"""A plan's own 部门目录 over real HTTP: the page and its JSON twin, linked from the overview and the
任务分工 page; a planner starts editing from it (it becomes the loaded catalogue, city = the issuer),
edits on /catalogue, which says which plans it applies to, and computes the proposals again; a
reporter of a provincial unit reports on the tasks it leads. Permissions, CSRF, audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from pages_helpers import audit_entries

from planwatch.services.plans.analyze import analyze_bytes
from planwatch.services.plans.records import import_analysis
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction

Start = Callable[..., Any]
REPORT = """政府工作报告
——2026年1月20日在四川省第十四届人民代表大会第五次会议上
四川省人民政府省长 某某
各位代表：
一、2026年重点工作
（一）扩大有效投资。实施1000个省重点项目，扩大有效投资。推进学前教育普惠发展。
（二）办好民生实事。实施全科医生特岗计划。严格落实耕地占补平衡制度。
"""
FGW = "四川省发展和改革委员会"


def import_report(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            analysis = analyze_bytes(REPORT.encode(), "report.txt", Settings(db_url=db_url))
            import_analysis(session, analysis, "四川省政府工作报告", by="tester")
    finally:
        engine.dispose()


def lead_rows(client: httpx.Client, plan: int) -> dict[str, str | None]:
    return {r["text"]: r["lead"] for r in client.get(f"/api/v1/plans/{plan}/tasks").json()}


def task_id(client: httpx.Client, plan: int, words: str) -> str:
    return next(r["id"] for r in client.get(f"/api/v1/plans/{plan}/tasks").json() if words in r["text"])


def test_plan_catalogue_page_start_editing_and_recompute(
    start_server: Start, create_user_in: Callable[..., tuple[str, str]], log_in_to: Callable[..., Any]
) -> None:
    server = start_server(with_plan=True)  # plan 1: the Dalian sample
    import_report(server.db_url)  # plan 2: a provincial report
    planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
    viewer = log_in_to(server.url, *create_user_in(server.db_url, "viewer"))

    # the task edit form offers the province's units, never Dalian's
    form = planner.get(f"/plans/2/tasks/{task_id(planner, 2, '全科医生')}")
    assert f'<option value="{FGW}"' in form.text and "大连市" not in form.text.split("<form", 1)[-1]

    page = planner.get("/plans/2/catalogue")
    assert page.status_code == 200, page.text
    assert FGW in page.text and "按省级通用目录生成四川省的部门" in page.text
    assert 'action="/plans/2/catalogue/adopt"' in page.text and "按当前目录重新生成分工建议" in page.text
    twin = planner.get("/api/v1/plans/2/catalogue").json()
    assert twin["source"] == "level" and twin["city"] == "四川省" and twin["can_adopt"]
    assert 'href="/plans/2/catalogue"' in planner.get("/plans/2").text
    assert 'href="/plans/2/catalogue"' in planner.get("/plans/2/tasks").text
    # a viewer sees the catalogue but not the actions
    seen = viewer.get("/plans/2/catalogue")
    assert seen.status_code == 200 and FGW in seen.text and "catalogue/adopt" not in seen.text

    # /catalogue: the shipped Dalian catalogue, used by the Dalian plan only
    shown = planner.get("/api/v1/catalogue").json()["applies_to"]
    assert [p["plan"] for p in shown["plans"]] == [1] and [p["plan"] for p in shown["other_plans"]] == [2]
    assert "使用本目录的规划" in planner.get("/catalogue").text

    # refused: a viewer; a planner without the CSRF token; nothing changes
    assert viewer.post("/api/v1/plans/2/catalogue/adopt", json={}).status_code == 403
    bare = httpx.post(f"{server.url}/plans/2/catalogue/adopt", data={}, cookies=planner.cookies)
    assert bare.status_code in (401, 403)
    assert planner.get("/api/v1/catalogue").json()["revision"] == 0

    rev = twin["revision"]
    done = planner.post("/plans/2/catalogue/adopt", data={"base": rev, "csrf_token": planner.csrf_token})
    assert done.status_code == 303 and done.headers["location"].startswith("/catalogue?")
    listed = planner.get("/catalogue")
    assert FGW in listed.text and "四川省政府工作报告" in listed.text
    in_force = planner.get("/api/v1/catalogue").json()
    assert in_force["city"] == "四川省" and [p["plan"] for p in in_force["applies_to"]["plans"]] == [2]
    assert planner.get("/api/v1/plans/2/catalogue").json()["editable_here"] is True
    assert audit_entries(server.db_url, "plan.catalogue.adopt")[0].target == "plan:2"
    # the Dalian plan keeps its own catalogue
    assert planner.get("/api/v1/plans/1/catalogue").json()["source"] == "shipped"

    # edit on /catalogue, then recompute: people's decisions stay
    health = task_id(planner, 2, "全科医生")
    decided = planner.put(f"/api/v1/plans/2/tasks/{health}/assignment", json={"lead": "省卫生健康委"})
    assert decided.status_code == 200, decided.text
    removed = planner.delete("/api/v1/catalogue/unit", params={"name": FGW, "base": in_force["revision"]})
    assert removed.status_code == 200, removed.text
    assert any(v == FGW for v in lead_rows(planner, 2).values())  # not recomputed yet
    assert viewer.post("/api/v1/plans/2/catalogue/repropose").status_code == 403
    again = planner.post("/plans/2/catalogue/repropose", data={"csrf_token": planner.csrf_token})
    assert again.status_code == 303
    assert "已按当前部门目录重新生成分工建议" in planner.get(again.headers["location"]).text
    now = lead_rows(planner, 2)
    assert FGW not in now.values()
    assert next(v for k, v in now.items() if "全科医生" in k) == "四川省卫生健康委员会"
    entry = audit_entries(server.db_url, "plan.repropose")[0]
    assert entry.target == "plan:2" and entry.after is not None and entry.after["versions"] == 1


def test_a_reporter_of_a_provincial_unit_over_http(
    start_server: Start, create_user_in: Callable[..., tuple[str, str]], log_in_to: Callable[..., Any]
) -> None:
    server = start_server(with_plan=True)
    import_report(server.db_url)
    admin = log_in_to(server.url, *create_user_in(server.db_url, "admin"))
    bad = admin.post(
        "/api/v1/users",
        json={"username": "sc-x", "password": "long-enough-1", "role": "reporter", "department": "火星局"},
    )
    assert bad.status_code == 400 and "部门目录中没有“火星局”" in bad.json()["error"]
    assert all(u["username"] != "sc-x" for u in admin.get("/api/v1/users").json()["users"])
    made = admin.post(
        "/api/v1/users",
        json={
            "username": "sc-fgw",
            "password": "long-enough-1",
            "role": "reporter",
            "department": "省发展改革委",
        },
    )
    assert made.status_code == 201, made.text
    assert made.json()["user"]["department"] == FGW
    reporter = log_in_to(server.url, "sc-fgw", "long-enough-1")
    own = task_id(reporter, 2, "省重点项目")
    other = task_id(reporter, 2, "耕地占补平衡")
    assert lead_rows(reporter, 2)[next(k for k in lead_rows(reporter, 2) if "省重点项目" in k)] == FGW
    assert reporter.get(f"/api/v1/plans/2/tasks/{own}/progress").json()["can_report"] is True
    ok = reporter.post(f"/api/v1/plans/2/tasks/{own}/progress", json={"state": "推进中", "percent": 20})
    assert ok.status_code == 201, ok.text
    refused = reporter.post(
        f"/api/v1/plans/2/tasks/{other}/progress", json={"state": "推进中", "percent": 20}
    )
    assert refused.status_code == 403 and "只能报送本部门牵头或配合的任务" in refused.json()["error"]
    # a Dalian task is not theirs either
    dalian = next(r["id"] for r in reporter.get("/api/v1/plans/1/tasks").json() if r["lead"])
    assert (
        reporter.post(
            f"/api/v1/plans/1/tasks/{dalian}/progress", json={"state": "推进中", "percent": 5}
        ).status_code
        == 403
    )
