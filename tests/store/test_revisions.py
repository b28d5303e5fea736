"""The change revision (issue 18): every committed write moves it, in its own transaction; reads,
rollbacks and failed-login bookkeeping leave it. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, delete, insert, select, text
from sqlalchemy.orm import Session

from planwatch.model import Analysis
from planwatch.services.admin import users
from planwatch.services.catalogue.departments import catalogue_in_force
from planwatch.services.division import assignments
from planwatch.services.monitoring.sample import load_sample
from planwatch.services.plans import sample
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.services.plans.records import PlanView, import_analysis, load_plan
from planwatch.services.progress import reporting as progress
from planwatch.settings import Settings
from planwatch.store import revisions
from planwatch.store.engine import session_factory, transaction
from planwatch.store.tables import AppSettingRow, LoginAttemptRow

TASK = "p3.a6.t1"


@functools.cache
def _analysis() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_bytes(data, name, Settings())


def _revision(engine: Engine) -> revisions.Revision:
    with session_factory(engine)() as session:
        return revisions.current(session)


def _view(engine: Engine) -> PlanView:
    with transaction(engine) as session:
        result = import_analysis(session, _analysis())
        return load_plan(session, str(result.plan.id))


def test_the_migration_starts_the_revision(engine: Engine) -> None:
    first = _revision(engine)
    assert first is not None and first.number == 1 and len(first.token) == 32


def test_every_write_service_moves_the_revision(engine: Engine) -> None:
    before = _revision(engine)
    view = _view(engine)
    seen = [before, _revision(engine)]
    assert seen[1].number == before.number + 1, "a plan import"
    settings = Settings(db_url=str(engine.url))

    writes: list[tuple[str, Callable[[Session], object]]] = [
        (
            "assignment override",
            lambda s: assignments.override(
                s, view, TASK, catalogue_in_force(s, settings), decided_by="测试", due="2029"
            ),
        ),
        ("assignment revert", lambda s: assignments.revert(s, view, TASK, decided_by="测试")),
        (
            "progress report",
            lambda s: progress.submit_report(
                s,
                view,
                progress.ReportDraft(
                    task_key=TASK,
                    period="2026Q1",
                    state="推进中",
                    percent=30,
                    narrative="开展调研",
                    evidence=[],
                ),
                by="工信局",
            ),
        ),
        ("progress review", lambda s: progress.review(s, view, TASK, "2026Q1", True, None, "发改委")),
        ("indicator sample", lambda s: load_sample(s, view.plan, by="测试")),
        ("progress sample removal", lambda s: sample.remove_progress_sample(s, view.plan.id, by="测试")),
        (
            "user",
            lambda s: users.create_user(s, settings, "zhang", "pw-zhang-12345678", "planner", by="测试"),
        ),
        ("core statement", lambda s: s.execute(insert(AppSettingRow).values(key="k", value="v"))),
        ("core delete", lambda s: s.execute(delete(AppSettingRow).where(AppSettingRow.key == "k"))),
        ("plain SQL", lambda s: s.execute(text("UPDATE app_settings SET value = value WHERE key = 'none'"))),
    ]
    for name, write in writes:
        with transaction(engine) as session:
            write(session)
        now = _revision(engine)
        assert now.number == seen[-1].number + 1, name
        assert now.token != seen[-1].token, name
        seen.append(now)


def test_reads_rollbacks_and_login_attempts_leave_it(engine: Engine) -> None:
    view = _view(engine)
    start = _revision(engine)
    with transaction(engine) as session:
        progress.task_progress(session, view)
        load_plan(session, str(view.plan.id))
    with pytest.raises(RuntimeError), transaction(engine) as session:
        session.execute(insert(AppSettingRow).values(key="k", value="v"))
        session.flush()
        raise RuntimeError("abandon")
    with transaction(engine) as session:
        session.add(LoginAttemptRow(username="x", ip="127.0.0.1", at=datetime.now(UTC)))
    assert _revision(engine) == start


def test_the_bump_commits_with_the_write(engine: Engine) -> None:
    """Two writers at once: both bumps land, each with its own write (no lost update)."""
    start = _revision(engine)
    sessions = session_factory(engine)
    with sessions() as first, first.begin():
        first.execute(insert(AppSettingRow).values(key="a", value="1"))
    with sessions() as second, second.begin():
        second.execute(insert(AppSettingRow).values(key="b", value="2"))
    assert _revision(engine).number == start.number + 2
    with sessions() as check:
        assert set(check.scalars(select(AppSettingRow.key))) >= {"a", "b"}


def test_a_session_sees_its_own_bump_not_a_stale_cached_revision(engine: Engine) -> None:
    with session_factory(engine)() as session:
        before = revisions.current(session)
        session.execute(insert(AppSettingRow).values(key="c", value="3"))
        assert revisions.has_pending_writes(session)
        session.commit()
        assert not revisions.has_pending_writes(session)
        assert revisions.current(session).number == before.number + 1


# -- a revision per plan ------------------------------------------------------------------------------


@functools.cache
def _other_analysis() -> Analysis:
    data, _ = default_plan_bytes()
    text = data.decode("utf-8").replace("培育壮大战略性新兴产业", "培育壮大战略性新兴产业（另一规划）", 1)
    return analyze_bytes(text.encode("utf-8"), "另一规划.txt", Settings())


def _two_plans(engine: Engine) -> tuple[PlanView, PlanView]:
    with transaction(engine) as session:
        first = import_analysis(session, _analysis())
        second = import_analysis(session, _other_analysis(), name="另一规划")
        return load_plan(session, str(first.plan.id)), load_plan(session, str(second.plan.id))


def _plan_tag(engine: Engine, plan_id: int) -> str:
    with session_factory(engine)() as session:
        tag = revisions.current_plan(session, plan_id)
    assert tag is not None
    assert revisions.read_engine(engine, plan_id)[1] == tag  # the request path reads the same
    return tag


def test_a_write_to_one_plan_leaves_the_other_plans_revision(engine: Engine) -> None:
    a, b = _two_plans(engine)
    settings = Settings(db_url=str(engine.url))
    before = (_revision(engine), _plan_tag(engine, a.plan.id), _plan_tag(engine, b.plan.id))
    with transaction(engine) as session:
        assignments.override(
            session, a, TASK, catalogue_in_force(session, settings), decided_by="测试", due="2029"
        )
    with transaction(engine) as session:
        progress.submit_report(
            session,
            a,
            progress.ReportDraft(
                task_key=TASK, period="2026Q1", state="推进中", percent=30, narrative="开展调研", evidence=[]
            ),
            by="工信局",
        )
    with transaction(engine) as session:
        progress.review(session, a, TASK, "2026Q1", True, None, "发改委")
    after = (_revision(engine), _plan_tag(engine, a.plan.id), _plan_tag(engine, b.plan.id))
    assert after[0].number == before[0].number + 3, "the global revision moves with every write"
    assert after[1] != before[1], "plan A's pages must be rebuilt"
    assert after[2] == before[2], "plan B's pages stay cached"


def test_an_undeclared_or_mixed_write_moves_every_plan(engine: Engine) -> None:
    a, b = _two_plans(engine)
    settings = Settings(db_url=str(engine.url))
    tags = (_plan_tag(engine, a.plan.id), _plan_tag(engine, b.plan.id))
    with transaction(engine) as session:  # a user is shared by every plan's pages
        users.create_user(session, settings, "li", "pw-li-123456789", "planner", by="测试")
    moved = (_plan_tag(engine, a.plan.id), _plan_tag(engine, b.plan.id))
    assert moved[0] != tags[0] and moved[1] != tags[1]
    with transaction(engine) as session:  # declared for plan A, but it also writes a shared table
        revisions.touch_plan(session, a.plan.id)
        session.execute(insert(AppSettingRow).values(key="m", value="1"))
    assert _plan_tag(engine, b.plan.id) != moved[1]


def test_a_savepoint_keeps_the_declaration_and_a_rollback_drops_it(engine: Engine) -> None:
    a, b = _two_plans(engine)
    settings = Settings(db_url=str(engine.url))
    tag_b = _plan_tag(engine, b.plan.id)
    with transaction(engine) as session, session.begin_nested():
        assignments.override(
            session, a, TASK, catalogue_in_force(session, settings), decided_by="测试", due="2028"
        )
    assert _plan_tag(engine, b.plan.id) == tag_b
    sessions = session_factory(engine)
    with sessions() as session:
        with session.begin():
            revisions.touch_plan(session, a.plan.id)
            session.rollback()
        with session.begin():  # a new transaction: the old declaration must not narrow this write
            session.execute(insert(AppSettingRow).values(key="n", value="1"))
    assert _plan_tag(engine, b.plan.id) != tag_b
