"""Optimistic locking of the edits two people can make to one task (on both databases): an
assignment decision or a review made on a state someone else has changed since is refused with a
ConflictError naming who changed it, and concurrent edits never both win."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from planwatch.model import ConflictError
from planwatch.services.admin import users as users_service
from planwatch.services.catalogue.departments import catalogue_in_force
from planwatch.services.division.assignments import history, override, revert, revision
from planwatch.services.plans.analyze import analyze_bytes
from planwatch.services.plans.records import import_analysis, load_plan
from planwatch.services.progress.reporting import ReportDraft, review_report, submit_report
from planwatch.settings import Settings
from planwatch.store.engine import session_factory, transaction
from planwatch.store.progress import ProgressRepository

PLAN = (
    "大连市海洋经济发展规划\n"
    "一、重点任务\n"
    "（一）建设现代海洋产业体系。加快建设大连太平湾港区，推进船舶和海洋工程装备产业集群发展。\n"
    "（二）完善海洋生态保护。实施近岸海域综合治理，健全海洋生态补偿机制。\n"
)


def _setup(engine: Engine) -> str:
    """Imports the plan and two planners (张三 and 李四); returns the first task's key."""
    settings = Settings()
    with transaction(engine) as session:
        catalogue = catalogue_in_force(session, settings)
        import_analysis(session, analyze_bytes(PLAN.encode(), "ocean.txt", settings, catalogue), name="海洋")
        for username, name in (("zhang", "张三"), ("li", "李四")):
            users_service.create_user(
                session, settings, username, "pw-long-enough-1", "planner", display_name=name, by="pytest"
            )
        return load_plan(session, "海洋").analysis.tasks[0].id


def test_a_decision_on_a_stale_revision_is_refused_with_who_and_when(engine: Engine) -> None:
    task = _setup(engine)
    settings = Settings()
    with transaction(engine) as session:
        view = load_plan(session, "海洋")
        catalogue = catalogue_in_force(session, settings)
        seen = revision(session, view, task)
        assert seen == 0  # nothing decided yet
        first = override(session, view, task, catalogue, decided_by="zhang", lead="市发展改革委", base=seen)
        assert revision(session, view, task) == first.id > seen
    with transaction(engine) as session, pytest.raises(ConflictError) as refused:
        view = load_plan(session, "海洋")
        override(session, view, task, catalogue, decided_by="li", lead="市商务局", base=seen)
    assert "已被 张三 于" in refused.value.message and "请刷新后再改" in refused.value.message
    assert f"{first.decided_at:%Y-%m-%d %H:%M}" in refused.value.message
    with transaction(engine) as session:
        view = load_plan(session, "海洋")
        assert [r.decided_by for r in history(session, view, task)] == ["zhang"]  # nothing of li's
        with pytest.raises(ConflictError):
            revert(session, view, task, decided_by="li", base=seen)
        # On the current revision li's decision goes through, and moves the revision on.
        second = override(session, view, task, catalogue, decided_by="li", lead="市商务局", base=first.id)
        assert revision(session, view, task) == second.id
        # A blind write (a script that saw nothing) is not checked.
        revert(session, view, task, decided_by="zhang", base=None)
        assert [r.decided_by for r in history(session, view, task)] == ["zhang", "li", "zhang"]


def _race(engine: Engine, attempts: list[Callable[[Any], object]]) -> list[object]:
    """Runs each attempt in its own thread and session (as two web requests would), all reading
    first and writing together; returns what each returned or raised."""
    sessions = session_factory(engine)
    start = threading.Barrier(len(attempts))
    results: list[object] = [None] * len(attempts)

    def run(i: int) -> None:
        with sessions() as session:
            try:
                prepare = attempts[i](session)  # reads the state the person saw
                start.wait(timeout=30)
                assert callable(prepare)
                results[i] = prepare()
                session.commit()
            except Exception as exc:
                session.rollback()
                results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(attempts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_two_people_deciding_at_once_never_both_win(engine: Engine) -> None:
    task = _setup(engine)
    settings = Settings()

    def attempt(who: str, lead: str) -> Callable[[Any], object]:
        def read(session: Any) -> Callable[[], object]:
            view = load_plan(session, "海洋")
            seen = revision(session, view, task)
            catalogue = catalogue_in_force(session, settings)
            return lambda: override(session, view, task, catalogue, decided_by=who, lead=lead, base=seen)

        return read

    results = _race(engine, [attempt("zhang", "市发展改革委"), attempt("li", "市商务局")])
    won = [r for r in results if not isinstance(r, Exception)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], ConflictError) and "请刷新后再改" in lost[0].message
    with transaction(engine) as session:
        assert len(history(session, load_plan(session, "海洋"), task)) == 1


def test_two_reviewers_at_once_one_decides_the_other_is_told(engine: Engine) -> None:
    task = _setup(engine)
    with transaction(engine) as session:
        view = load_plan(session, "海洋")
        report = submit_report(
            session,
            view,
            ReportDraft(task_key=task, period="2026Q1", state="推进中", percent=30, narrative="已开工"),
            by="reporter",
        )

    def attempt(approve: bool, who: str) -> Callable[[Any], object]:
        def read(session: Any) -> Callable[[], object]:
            view = load_plan(session, "海洋")
            return lambda: review_report(session, view, report.id, approve, None if approve else "补充", who)

        return read

    results = _race(engine, [attempt(True, "zhang"), attempt(False, "li")])
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(lost) == 1 and isinstance(lost[0], ConflictError), results
    assert "请刷新后再审核" in lost[0].message
    with transaction(engine) as session:
        view = load_plan(session, "海洋")
        reviews = [r for r in ProgressRepository(session).history(view.plan.id, task) if r.reviewed_by]
        assert len(reviews) == 1  # one decision recorded, not two
