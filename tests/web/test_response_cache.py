"""Whole replies kept per ETag (issue 18), over real HTTP against the real app: a kept reply is the
same bytes the route gave, a write shows at the next request (on this app and on a second one on the
same database), a reply is never handed to another visitor, a reply that sets a cookie is not kept,
HEAD is answered from the store, and the store stays within its byte bound."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conftest import run_server
from planwatch.settings import Settings
from planwatch.web.respcache import Entry, ResponseCache

TASK = "p3.a6.t1"
TASKS_JSON = f"/api/v1/plans/1/assignments?q={TASK}"


def _kept(server: Any, reply: httpx.Response) -> Entry | None:
    cache: ResponseCache = server.app.state.responses
    return cache.get(reply.headers["etag"].removeprefix("W/"))


@pytest.fixture
def signed_in(
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    log_in_to: Callable[..., Any],
) -> tuple[Any, Any]:
    """A fresh server with the default plan, and a planner's client signed in to it."""
    server = start_server(with_plan=True)
    return server, log_in_to(server.url, *create_user_in(server.db_url, "planner"))


def _lead(data: dict[str, Any]) -> str:
    return next(row for row in data["rows"] if row["id"] == TASK)["lead"]


def test_a_kept_reply_is_the_routes_bytes_and_a_write_shows_next_time_on_both_apps(
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    log_in_to: Callable[..., Any],
) -> None:
    server = start_server(with_plan=True)
    planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
    with (
        run_server(Settings(db_url=server.db_url)) as second,
        httpx.Client(base_url=second.url, timeout=60) as other,
    ):
        first = planner.get(TASKS_JSON)
        assert first.status_code == 200
        kept = _kept(server, first)
        assert kept is not None and kept.body == first.content
        again = planner.get(TASKS_JSON)
        assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
        seen_elsewhere = other.get(TASKS_JSON)
        assert _kept(second, seen_elsewhere) is not None
        assert _lead(seen_elsewhere.json()) == _lead(first.json()) != "大连市教育局"

        saved = planner.put(f"/api/v1/plans/1/tasks/{TASK}/assignment", json={"lead": "大连市教育局"})
        assert saved.status_code == 200, saved.text

        after = planner.get(TASKS_JSON)
        assert after.headers["etag"] != first.headers["etag"]
        assert _lead(after.json()) == "大连市教育局"
        assert _lead(other.get(TASKS_JSON).json()) == "大连市教育局"
        page = planner.get("/plans/1/tasks?page=1&q=" + TASK)
        assert page.status_code == 200 and "大连市教育局" in page.text


def test_a_kept_page_is_never_handed_to_another_visitor(
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    log_in_to: Callable[..., Any],
) -> None:
    server = start_server(with_plan=True)
    alice = log_in_to(server.url, *create_user_in(server.db_url, "admin", display_name="王管理员"))
    bob = log_in_to(server.url, *create_user_in(server.db_url, "planner", display_name="李规划"))
    with httpx.Client(base_url=server.url, timeout=60) as anon:
        anon.get("/api/v1/me")  # the session cookie, so that the page below can be kept
        anon_token = anon.get("/api/v1/me").json()["csrf_token"]
        for path in ("/plans/1", "/plans/1/monitoring", "/plans/1/tasks"):
            for _ in range(2):  # the second round is answered from the store
                mine, theirs, nobodys = alice.get(path), bob.get(path), anon.get(path)
                assert _kept(server, mine) is not None and _kept(server, nobodys) is not None
                assert "王管理员" in mine.text and "李规划" not in mine.text
                assert "李规划" in theirs.text and "王管理员" not in theirs.text
                assert "王管理员" not in nobodys.text and "李规划" not in nobodys.text
                assert f'data-csrf="{alice.csrf_token}"' in mine.text
                assert f'data-csrf="{bob.csrf_token}"' in theirs.text
                assert f'data-csrf="{anon_token}"' in nobodys.text
                assert len({mine.headers["etag"], theirs.headers["etag"], nobodys.headers["etag"]}) == 3


def test_a_reply_that_sets_a_cookie_is_not_kept_and_head_is_answered_from_the_store(
    start_server: Callable[..., Any],
) -> None:
    server = start_server(with_plan=True)
    cache: ResponseCache = server.app.state.responses
    with httpx.Client(base_url=server.url, timeout=60) as anon:
        before = len(cache)
        first = anon.get("/plans/1")  # a first visit: the page mints the CSRF token and its cookie
        assert first.status_code == 200 and "set-cookie" in first.headers
        assert len(cache) == before and _kept(server, first) is None
        second = anon.get("/plans/1")
        assert "set-cookie" not in second.headers and _kept(server, second) is not None
        head = anon.head("/plans/1")
        assert head.status_code == 200 and head.content == b""
        assert head.headers["etag"] == second.headers["etag"]
        assert head.headers["content-length"] == second.headers["content-length"]
        assert head.headers["content-type"] == second.headers["content-type"]
    with httpx.Client(base_url=server.url, timeout=60) as newcomer:
        # Same tag inputs as the first visit above (no cookie yet): still the route, a new token.
        fresh = newcomer.get("/plans/1")
        assert "set-cookie" in fresh.headers
        token = newcomer.get("/api/v1/me").json()["csrf_token"]
        assert f'data-csrf="{token}"' in fresh.text


def test_the_store_stays_within_its_byte_bound(signed_in: tuple[Any, Any]) -> None:
    server, planner = signed_in
    cache: ResponseCache = server.app.state.responses
    one = planner.get("/plans/1/tasks?page=1")
    size = _kept(server, one).size  # type: ignore[union-attr]
    cache.max_bytes = 3 * size
    for page in range(1, 9):
        assert planner.get(f"/plans/1/tasks?page={page}").status_code == 200
        assert cache.bytes <= cache.max_bytes
    assert 1 <= len(cache) <= 3 + 2  # the tasks pages differ in size a little
    # The most recent page is kept, the first one was evicted.
    assert _kept(server, planner.get("/plans/1/tasks?page=8")) is not None
    assert cache.get(one.headers["etag"].removeprefix("W/")) is None

    small = ResponseCache(max_bytes=10_000, max_entry=1_000)
    small.put('"big"', Entry(200, (), b"x" * 2_000))
    assert len(small) == 0 and small.bytes == 0
    for n in range(50):
        small.put(f'"{n}"', Entry(200, ((b"content-type", b"text/plain"),), b"y" * 500))
    assert small.bytes <= 10_000 and small.get('"49"') is not None and small.get('"0"') is None


def test_a_task_page_and_its_twin_are_kept_until_the_task_changes(signed_in: tuple[Any, Any]) -> None:
    server, planner = signed_in
    cache: ResponseCache = server.app.state.responses
    twin, page = f"/api/v1/plans/1/tasks/{TASK}", f"/plans/1/tasks/{TASK}"
    first = planner.get(twin)
    assert first.status_code == 200
    kept = len(cache)
    again = planner.get(twin)
    # the second answer came from the store: same bytes, the route's own (strong) tag, nothing added
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert len(cache) == kept
    shown = planner.get(page)
    assert shown.status_code == 200 and len(cache) == kept + 1
    assert planner.get(page).text == shown.text and len(cache) == kept + 1

    saved = planner.put(f"{twin}/assignment", json={"lead": "大连市教育局"})
    assert saved.status_code == 200, saved.text
    after = planner.get(twin)
    assert after.json()["task"]["lead"] == "大连市教育局" != first.json()["task"]["lead"]
    assert after.headers["etag"] != first.headers["etag"]  # the revision an edit sends back moved
    assert "大连市教育局" in planner.get(page).text
    history = planner.get(f"{twin}/history").json()
    assert history[0]["lead"] == "大连市教育局"


def test_a_kept_reply_is_gzipped_once_and_reads_back_the_same(signed_in: tuple[Any, Any]) -> None:
    server, planner = signed_in
    plain = {"Accept-Encoding": "identity"}
    first = planner.get("/plans/1/tasks", headers=plain)
    assert first.status_code == 200 and "content-encoding" not in first.headers
    kept = _kept(server, first)
    assert kept is not None and kept.gzipped is None
    for _ in range(2):  # the first hit compresses and keeps it, the second sends what was kept
        packed = planner.get("/plans/1/tasks", headers={"Accept-Encoding": "gzip"})
        assert packed.headers["content-encoding"] == "gzip"
        assert int(packed.headers["content-length"]) < len(first.content) // 3
        assert packed.content == first.content  # httpx inflates it
        assert "accept-encoding" in packed.headers["vary"].lower()
        assert packed.headers["etag"] == first.headers["etag"]
    stored = _kept(server, first)
    assert stored is not None and stored.gzipped is not None
    assert gzip.decompress(stored.gzipped[1]) == first.content
    again = planner.get("/plans/1/tasks", headers=plain)  # a client without gzip still gets it plain
    assert "content-encoding" not in again.headers and again.content == first.content
    refused = planner.get("/plans/1/tasks", headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers and refused.content == first.content
