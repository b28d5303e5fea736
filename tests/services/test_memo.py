"""Results cached per change revision (issue 18): a write through one engine (another worker) is
seen by the next read through another; a writing transaction reads around the cache; shared rows
stay unchanged by the pages built from them. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from planwatch.model import Analysis, User
from planwatch.services import memo
from planwatch.services.division import decisions
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.services.plans.records import import_analysis, load_plan
from planwatch.services.progress import notifications
from planwatch.services.progress import reporting as progress
from planwatch.services.views import monitoring as monitoring_views
from planwatch.services.views import overview as overview_views
from planwatch.services.views import task_rows
from planwatch.services.views import tasks as task_views
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, session_factory, transaction

TASK = "p3.a6.t1"  # led by 大连市工业和信息化局


@functools.cache
def _analysis() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_bytes(data, name, Settings())


@pytest.fixture
def two_workers(engine: Engine) -> Iterator[tuple[Engine, Engine]]:
    """The plan imported, and a second engine on the same database: another worker's view."""
    with transaction(engine) as session:
        import_analysis(session, _analysis())
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        yield engine, other
    finally:
        other.dispose()


def _task(engine: Engine, settings: Settings) -> dict[str, object]:
    with session_factory(engine)() as session:
        rows = task_rows.tasks_with_assignments(session, load_plan(session, "1"), settings)
        return next(r for r in rows if r["id"] == TASK)


def test_a_write_by_another_worker_is_seen_at_the_next_read(two_workers: tuple[Engine, Engine]) -> None:
    reader, writer = two_workers
    settings = Settings(db_url=str(reader.url))
    first = _task(reader, settings)
    assert _task(reader, settings) is first  # the second read is the cached row
    with session_factory(writer)() as session, session.begin():
        decisions.edit_assignment(
            session, settings, "1", TASK, _admin(), lead=None, cooperating=None, due="2029"
        )
    after = _task(reader, settings)
    assert after["due"] == "2029" and first["due"] != "2029"
    with session_factory(reader)() as session:
        overview = overview_views.overview_page(session, "1", settings)
        assert overview is overview_views.overview_page(session, "1", settings)


def test_progress_warnings_and_inbox_follow_a_report(two_workers: tuple[Engine, Engine]) -> None:
    reader, writer = two_workers
    admin = _admin()
    with session_factory(reader)() as session:
        view = load_plan(session, "1")
        before = {t.task: t for t in progress.task_progress(session, view)}[TASK]
        warnings_before = monitoring_views.warnings_page(session, "1")
        inbox_before = notifications.inbox_all(session, admin)
    assert before.report is None
    with transaction(writer) as session:
        progress.submit_report(
            session,
            view,
            progress.ReportDraft(
                task_key=TASK, period="2026Q1", state="推进中", percent=30, narrative="开展调研", evidence=[]
            ),
            by="工信局",
        )
    with session_factory(reader)() as session:
        now = {t.task: t for t in progress.task_progress(session, view)}[TASK]
        assert now.report is not None and now.report.percent == 30
        assert monitoring_views.warnings_page(session, "1") is not warnings_before
        inbox_now = notifications.inbox_all(session, admin)
    assert len(inbox_now) == len(inbox_before) + 1  # the report awaits the planner's review


def test_a_writing_transaction_reads_around_the_cache(two_workers: tuple[Engine, Engine]) -> None:
    engine, _ = two_workers
    settings = Settings(db_url=str(engine.url))
    cached = _task(engine, settings)
    with session_factory(engine)() as session:
        session.begin()
        decisions.edit_assignment(
            session, settings, "1", TASK, _admin(), lead=None, cooperating=None, due="2031"
        )
        inside = next(
            r
            for r in task_rows.tasks_with_assignments(session, load_plan(session, "1"), settings)
            if r["id"] == TASK
        )
        assert inside["due"] == "2031"
        session.rollback()  # nothing of it may have reached the cache
    assert _task(engine, settings) == cached


def test_task_pages_do_not_change_the_shared_rows(two_workers: tuple[Engine, Engine]) -> None:
    engine, _ = two_workers
    settings = Settings(db_url=str(engine.url))
    shared = _task(engine, settings)
    keys = set(shared)
    with session_factory(engine)() as session:
        task_views.tasks_page(session, "1", settings)
        task_views.task_page(session, "1", TASK, settings)
    assert set(_task(engine, settings)) == keys
    assert "href" not in shared and "progress" not in shared


def test_another_plans_write_leaves_a_plans_cached_pages(two_workers: tuple[Engine, Engine]) -> None:
    reader, writer = two_workers
    settings = Settings(db_url=str(reader.url))
    data, _ = default_plan_bytes()
    other_text = data.decode("utf-8").replace("培育壮大战略性新兴产业", "培育壮大战略性新兴产业（乙）", 1)
    with transaction(writer) as session:
        import_analysis(session, analyze_bytes(other_text.encode("utf-8"), "乙.txt", Settings()), name="乙")
    with session_factory(reader)() as session:
        first = overview_views.overview_page(session, "1", settings)
        first_rows = task_rows.tasks_with_assignments(session, load_plan(session, "1"), settings)
        first_warnings = monitoring_views.warnings_page(session, "1")
    with session_factory(writer)() as session, session.begin():  # an edit of plan 2
        decisions.edit_assignment(
            session, settings, "2", TASK, _admin(), lead=None, cooperating=None, due="2029"
        )
    with session_factory(reader)() as session:
        assert overview_views.overview_page(session, "1", settings) is first
        assert task_rows.tasks_with_assignments(session, load_plan(session, "1"), settings) is first_rows
        assert monitoring_views.warnings_page(session, "1") is first_warnings
        edited = next(
            r
            for r in task_rows.tasks_with_assignments(session, load_plan(session, "2"), settings)
            if r["id"] == TASK
        )
    assert edited["due"] == "2029"
    with session_factory(writer)() as session, session.begin():  # and now of plan 1
        decisions.edit_assignment(
            session, settings, "1", TASK, _admin(), lead=None, cooperating=None, due="2028"
        )
    assert _task(reader, settings)["due"] == "2028"


def test_concurrent_misses_compute_once(engine: Engine) -> None:
    """Eight requests missing the same entry at once: one builds it, the others wait for it."""
    calls: list[int] = []
    release = threading.Event()
    results: list[object] = []

    def compute() -> object:
        calls.append(1)
        release.wait(30)
        return object()

    def request() -> None:
        with session_factory(engine)() as session:
            results.append(memo.cached(session, "single-flight-test", (engine.url.database,), compute))

    misses = memo.stats()["misses"]
    threads = [threading.Thread(target=request) for _ in range(8)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while memo.stats()["misses"] < misses + 8 and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    for t in threads:
        t.join(30)
    assert len(calls) == 1 and len(results) == 8
    assert all(r is results[0] for r in results)


def test_keys_refuse_what_they_cannot_hash() -> None:
    with pytest.raises(TypeError):
        memo._frozen(object.__new__(_Unhashable))


class _Unhashable:
    __hash__ = None  # type: ignore[assignment]


def _admin() -> User:
    from datetime import UTC, datetime

    return User(1, "admin", "管理员", "admin", None, True, datetime(2026, 1, 1, tzinfo=UTC))
