"""ETag / 304 and cached pages over real HTTP (issue 18): a client that has a page gets 304 until a
write changes it; a write by one worker shows at the next request to another; a cached page or tag
never crosses from one user to another."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from conftest import run_server
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.services.plans.records import import_analysis
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction

TASK = "p3.a6.t1"
OVERVIEW_JSON = "/api/v1/plans/1/overview"


def _server(start_server: Callable[..., Any]) -> Any:
    return start_server(with_plan=True)


def test_json_twin_304_until_a_write_changes_it(
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    log_in_to: Callable[..., Any],
) -> None:
    server = _server(start_server)
    planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
    first = planner.get(OVERVIEW_JSON)
    tag = first.headers["etag"]
    assert first.status_code == 200 and tag.startswith('W/"')
    assert first.headers["cache-control"] == "private, no-cache"
    again = planner.get(OVERVIEW_JSON, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag

    before = planner.get("/api/v1/plans/1/tasks").json()
    lead_before = next(r for r in before if r["id"] == TASK)["lead"]
    saved = planner.put(f"/api/v1/plans/1/tasks/{TASK}/assignment", json={"lead": "大连市教育局"})
    assert saved.status_code == 200, saved.text

    changed = planner.get(OVERVIEW_JSON, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    rows = planner.get("/api/v1/plans/1/tasks").json()
    assert lead_before != "大连市教育局"
    assert next(r for r in rows if r["id"] == TASK)["lead"] == "大连市教育局"


def test_an_edit_of_one_plan_leaves_the_other_plans_tags(
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    log_in_to: Callable[..., Any],
) -> None:
    server = _server(start_server)
    data, _ = default_plan_bytes()
    other = data.decode("utf-8").replace("培育壮大战略性新兴产业", "培育壮大战略性新兴产业（乙）", 1)
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            second = import_analysis(
                session, analyze_bytes(other.encode("utf-8"), "乙.txt", Settings()), name="乙"
            ).plan.id
    finally:
        engine.dispose()
    planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
    mine, theirs = "/api/v1/plans/1/overview", f"/api/v1/plans/{second}/overview"
    tags = {path: planner.get(path).headers["etag"] for path in (mine, theirs, "/api/v1/search?q=海洋")}
    saved = planner.put(f"/api/v1/plans/1/tasks/{TASK}/assignment", json={"lead": "大连市教育局"})
    assert saved.status_code == 200, saved.text
    assert planner.get(theirs, headers={"If-None-Match": tags[theirs]}).status_code == 304
    assert planner.get(mine, headers={"If-None-Match": tags[mine]}).status_code == 200
    # a page over every plan follows every write
    assert (
        planner.get(
            "/api/v1/search?q=海洋", headers={"If-None-Match": tags["/api/v1/search?q=海洋"]}
        ).status_code
        == 200
    )
    # a write that is not one plan's (a new user) moves every plan's pages
    create_user_in(server.db_url, "viewer")
    assert planner.get(theirs, headers={"If-None-Match": tags[theirs]}).status_code == 200


def test_a_second_worker_serves_the_write_at_its_next_request(
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    log_in_to: Callable[..., Any],
) -> None:
    server = _server(start_server)
    # Another app on the same database, under its own uvicorn: what a second worker is.
    with (
        run_server(Settings(db_url=server.db_url)) as second,
        httpx.Client(base_url=second.url, timeout=60) as worker2,
    ):
        page = worker2.get("/plans/1/monitoring/warnings")
        assert page.status_code == 200
        seen = worker2.get("/api/v1/plans/1/monitoring/warnings").json()
        planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
        reporter = log_in_to(server.url, *create_user_in(server.db_url, "reporter", "大连市工业和信息化局"))
        sent = reporter.post(
            f"/api/v1/plans/1/tasks/{TASK}/progress",
            json={"period": "2026Q1", "state": "推进中", "percent": 40},
        )
        assert sent.status_code in (200, 201), sent.text
        now = worker2.get("/api/v1/plans/1/monitoring/warnings").json()
        assert now != seen
        assert planner.get("/api/v1/inbox/count").json()["count"] >= 1


def test_an_anonymous_visitor_never_gets_a_signed_in_users_page(
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    log_in_to: Callable[..., Any],
) -> None:
    server = _server(start_server)
    admin = log_in_to(server.url, *create_user_in(server.db_url, "admin", display_name="王管理员"))
    for path in ("/plans/1", "/plans/1/monitoring", "/plans/1/monitoring/warnings"):
        mine = admin.get(path)
        assert mine.status_code == 200 and "王管理员" in mine.text
        assert mine.headers["cache-control"] == "no-store"  # signed-in pages stay out of history
        with httpx.Client(base_url=server.url, timeout=60) as anon:
            theirs = anon.get(path, headers={"If-None-Match": mine.headers["etag"]})
            assert theirs.status_code == 200, path
            assert "王管理员" not in theirs.text and "退出" not in theirs.text
            assert theirs.headers["etag"] != mine.headers["etag"]
            assert theirs.headers["cache-control"] == "private, no-cache"
            # The cached page carries each visitor's own CSRF token.
            token = anon.get("/api/v1/me").json()["csrf_token"]
            assert f'data-csrf="{token}"' in anon.get(path).text
        assert f'data-csrf="{admin.csrf_token}"' in admin.get(path).text
