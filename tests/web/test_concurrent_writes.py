"""Writes that meet each other (issue 17): simultaneous first imports under one name, writers
waiting for SQLite's lock, and concurrent wrong passwords. Each request gets a clear outcome, never
a 500. The database follows PLANWATCH_TEST_DB (run once on SQLite and once on PostgreSQL), but for
the test of SQLite's own lock.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from conftest import AuthClient, LiveServer
from planwatch.services.plans.analyze import default_plan_bytes
from planwatch.settings import Settings
from planwatch.store.backup_sqlite import database_path
from planwatch.store.engine import make_engine
from planwatch.store.migrate import upgrade

StartServer = Callable[..., LiveServer]
OWN = "p11.a44.t1"


def _variant(i: int) -> bytes:
    """The embedded plan with one line of its own: the same plan, a different document."""
    data, _ = default_plan_bytes()
    return data + f"\n（{i}）补充推进第{i}批示范项目建设。\n".encode()


def _import(client: httpx.Client, data: bytes, name: str, filename: str = "plan.txt") -> httpx.Response:
    return client.post("/api/v1/imports", data={"name": name}, files={"file": (filename, data, "text/plain")})


def test_simultaneous_first_imports_under_one_name_each_get_a_version(
    start_server: StartServer, create_user_in: Callable[..., Any], log_in_to: Callable[..., AuthClient]
) -> None:
    server = start_server()
    clients = [log_in_to(server.url, *create_user_in(server.db_url, "planner")) for _ in range(4)]
    barrier = threading.Barrier(len(clients))

    def go(i: int) -> httpx.Response:
        barrier.wait()
        return _import(clients[i], _variant(i), "同名新规划")

    with ThreadPoolExecutor(len(clients)) as pool:
        responses = list(pool.map(go, range(len(clients))))
    assert [r.status_code for r in responses] == [201] * 4, [r.text[:300] for r in responses]
    numbers = sorted(r.json()["version"]["number"] for r in responses)
    assert numbers == [1, 2, 3, 4]
    assert {r.json()["plan"]["id"] for r in responses} == {responses[0].json()["plan"]["id"]}
    assert sum(r.json()["new_plan"] for r in responses) >= 1


def test_a_write_that_cannot_get_the_sqlite_lock_is_a_retryable_503(
    tmp_path: Path,
    server_for: Callable[[Settings], Any],
    create_user_in: Callable[..., Any],
    log_in_to: Callable[..., AuthClient],
) -> None:
    # SQLite's file lock is the subject, so a SQLite file whatever PLANWATCH_TEST_DB says (and no
    # skip in the PostgreSQL pass, which this test does not join: it asks for no suite database).
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    with server_for(Settings(db_url=url, db_busy_timeout_seconds=0.5)) as server:
        _a_held_lock_is_a_503(server, create_user_in, log_in_to)


def _a_held_lock_is_a_503(
    server: LiveServer, create_user_in: Callable[..., Any], log_in_to: Callable[..., AuthClient]
) -> None:
    planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
    holder = sqlite3.connect(database_path(server.db_url), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process holding the write lock for long
        r = planner.post("/api/v1/imports", files={"file": ("plan.txt", _variant(1), "text/plain")})
        assert r.status_code == 503, r.text[:300]
        assert r.headers["Retry-After"] == "5"
        assert "数据库正忙" in r.json()["error"] and "重试" in r.json()["hint"]
        assert r.json()["code"] == "database.busy"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    again = planner.post("/api/v1/imports", files={"file": ("plan.txt", _variant(1), "text/plain")})
    assert again.status_code == 201, again.text[:300]


def test_reports_and_edits_while_imports_run_never_get_a_500(
    start_server: StartServer, create_user_in: Callable[..., Any], log_in_to: Callable[..., AuthClient]
) -> None:
    server = start_server(with_plan=True)
    planners = [log_in_to(server.url, *create_user_in(server.db_url, "planner")) for _ in range(3)]
    reporters = [log_in_to(server.url, *create_user_in(server.db_url, "reporter")) for _ in range(6)]
    barrier = threading.Barrier(len(planners) + len(reporters))

    def importer(i: int) -> list[int]:
        barrier.wait()
        return [_import(planners[i], _variant(10 * i + k), f"并发导入{i}").status_code for k in range(2)]

    def reporter(i: int) -> list[int]:
        barrier.wait()
        statuses = []
        for k in range(3):
            body = {
                "period": f"2026Q{k + 1}",
                "state": "推进中",
                "percent": 10 * k,
                "narrative": f"第{i}号报送",
            }
            statuses.append(reporters[i].post(f"/api/v1/plans/1/tasks/{OWN}/progress", json=body).status_code)
        return statuses

    with ThreadPoolExecutor(len(planners) + len(reporters)) as pool:
        jobs = [pool.submit(importer, i) for i in range(len(planners))]
        jobs += [pool.submit(reporter, i) for i in range(len(reporters))]
        statuses = Counter(s for job in jobs for s in job.result())
    assert not [s for s in statuses if s >= 500], statuses
    assert (
        statuses[201] >= len(planners) * 2
    )  # every import stored; reports 201 (or 409 when one waits review)


def test_concurrent_wrong_passwords_are_counted_one_by_one(
    start_server: StartServer, create_user_in: Callable[..., Any]
) -> None:
    server = start_server(login_max_failures=5)
    username, _ = create_user_in(server.db_url, "planner")
    barrier = threading.Barrier(30)

    def attempt(_: int) -> int:
        with httpx.Client(base_url=server.url, timeout=120) as client:
            token = client.get("/api/v1/me").json()["csrf_token"]
            barrier.wait()
            r = client.post(
                "/login",
                data={"username": username, "password": "wrong", "csrf_token": token},
                headers={"Accept": "application/json"},
            )
            return r.status_code

    with ThreadPoolExecutor(30) as pool:
        statuses = Counter(pool.map(attempt, range(30)))
    assert set(statuses) <= {401, 429}, statuses
    assert statuses[401] <= 5, statuses  # at most the limit had their password checked
