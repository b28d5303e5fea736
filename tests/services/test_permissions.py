"""Who may change a task: the rule on the user (``User.can_edit_task``), the progress checks built on
it, and both use cases that enforce it on a stored plan — above all a task nobody leads, which no
reporter may take over. Database tests run on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import functools
from datetime import datetime

import pytest
from sqlalchemy import Engine

from planwatch.model import Analysis, Assignment, ForbiddenError
from planwatch.model.user import User
from planwatch.services.catalogue.plan import plan_catalogue
from planwatch.services.division import decisions
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import PlanView, import_analysis, load_plan
from planwatch.services.progress import reporting as progress
from planwatch.services.views import tasks as task_views
from planwatch.settings import Settings
from planwatch.store.engine import transaction

EDU = "大连市教育局"
INDUSTRY = "大连市工业和信息化局"
OWN = "p3.a6.t4"  # led by 工信局 in the embedded plan
HEALTH = "大连市卫生健康委员会"
LEADLESS = "p3.a6.t1"  # in the embedded plan led by 工信局; stored here with no lead at all


def user(role: str, department: str | None = None, *, active: bool = True) -> User:
    return User(1, f"u-{role}", role, role, department, active, datetime(2026, 1, 1))


REPORTER = user("reporter", EDU)


@pytest.mark.parametrize(
    ("who", "lead", "cooperating", "allowed"),
    [
        (REPORTER, EDU, (), True),  # its unit leads
        (REPORTER, HEALTH, (EDU,), True),  # its unit co-operates
        (REPORTER, HEALTH, (), False),  # another unit's task
        (REPORTER, None, (), False),  # nobody leads: not the reporter's to take
        (REPORTER, None, (HEALTH,), False),
        (user("reporter", None), None, (), False),  # a reporter without a unit edits nothing
        (user("reporter", EDU, active=False), EDU, (), False),  # disabled
        (user("planner"), None, (), True),
        (user("admin"), HEALTH, (), True),
        (user("planner", active=False), EDU, (), False),
        (user("viewer", EDU), EDU, (), False),  # a viewer reads, even with a unit set
    ],
)
def test_who_may_edit_a_task(
    who: User, lead: str | None, cooperating: tuple[str, ...], allowed: bool
) -> None:
    assert who.can_edit_task(lead, cooperating) is allowed
    assert progress.may_report(who, lead, cooperating) is allowed


def test_only_active_planners_and_admins_review() -> None:
    assert progress.may_review(user("planner")) and progress.may_review(user("admin"))
    assert not progress.may_review(user("planner", active=False))
    assert not progress.may_review(REPORTER) and not progress.may_review(user("viewer"))
    assert not progress.may_review(None) and not progress.may_report(None, EDU, ())
    with pytest.raises(ForbiddenError) as caught:
        progress.check_may_review(REPORTER)
    assert caught.value.message == "没有权限：只有规划处或管理员可以审核进展报告。"
    assert caught.value.hint == "请联系规划处审核。"
    progress.check_may_review(user("planner"))  # no error


@functools.cache
def _leadless() -> Analysis:
    """The embedded plan with one task whose proposal names no unit (as when nothing in the
    catalogue matches it)."""
    analysis = analyze_path(None, Settings())
    assignments = tuple(
        Assignment(a.task, None, (), a.due, a.due_reason) if a.task == LEADLESS else a
        for a in analysis.assignments
    )
    return dataclasses.replace(analysis, assignments=assignments)


def _view(engine: Engine) -> PlanView:
    with transaction(engine) as session:
        result = import_analysis(session, _leadless())
        return load_plan(session, str(result.plan.id))


def test_no_reporter_takes_over_a_task_nobody_leads(engine: Engine) -> None:
    view = _view(engine)
    settings = Settings()
    plan = str(view.plan.id)
    with transaction(engine) as session:
        before = task_views.task_page(session, plan, LEADLESS, settings)
    assert before["task"]["lead"] is None and before["task"]["cooperating"] == []
    with transaction(engine) as session, pytest.raises(ForbiddenError) as refused:
        decisions.edit_assignment(
            session, settings, plan, LEADLESS, REPORTER, lead=EDU, cooperating=None, due=None
        )
    assert refused.value.message == "您没有权限调整这项任务的分工：部门填报员只能调整本部门牵头或配合的任务。"
    assert (refused.value.where, refused.value.hint) == (f"任务 {LEADLESS}", "如需调整，请联系规划处。")
    with transaction(engine) as session, pytest.raises(ForbiddenError):
        decisions.revert_assignment(session, settings, plan, LEADLESS, REPORTER)
    with transaction(engine) as session, pytest.raises(ForbiddenError) as caught:
        progress.check_may_report(session, view, LEADLESS, REPORTER)
    assert caught.value.message == "您没有权限报送这项任务的进展：部门填报员只能报送本部门牵头或配合的任务。"
    assert (caught.value.where, caught.value.hint) == (
        f"任务 {LEADLESS}",
        "如任务分工有误，请联系规划处调整。",
    )
    with transaction(engine) as session:
        assert task_views.task_page(session, plan, LEADLESS, settings) == before
    # a reporter of the unit that leads a task reports on it and edits it (its lead is looked up)
    industry = user("reporter", INDUSTRY)
    with transaction(engine) as session:
        progress.check_may_report(session, view, OWN, industry)
        own = decisions.edit_assignment(
            session, settings, plan, OWN, industry, lead=None, cooperating=None, due="2028"
        )
    assert own["task"]["lead"] == INDUSTRY and own["task"]["due"] == "2028"
    # the same leadless task is a planner's to assign
    planner = user("planner")
    with transaction(engine) as session:
        progress.check_may_report(session, view, LEADLESS, planner)
        after = decisions.edit_assignment(
            session, settings, plan, LEADLESS, planner, lead=EDU, cooperating=None, due=None
        )
    assert after["task"]["lead"] == EDU


def test_a_reporter_named_by_the_short_name_of_its_unit_is_that_unit(engine: Engine) -> None:
    """A reporter's unit may be stored as the short name of a catalogue unit (市工业和信息化局 in the
    Dalian catalogue is 大连市工业和信息化局): the checks compare the unit the catalogue names, so
    the reporter edits and reports on its unit's task, and still on no other unit's."""
    view = _view(engine)
    settings = Settings()
    plan = str(view.plan.id)
    short = user("reporter", "市工业和信息化局")
    assert not short.can_edit_task(INDUSTRY, ())  # the rule alone does not know the short name
    with transaction(engine) as session:
        progress.check_may_report(session, view, OWN, short, plan_catalogue(session, settings, view))
        edited = decisions.edit_assignment(
            session, settings, plan, OWN, short, lead=None, cooperating=None, due="2029"
        )
    assert edited["task"]["lead"] == INDUSTRY and edited["task"]["due"] == "2029"
    other = user("reporter", "市教育局")
    with transaction(engine) as session, pytest.raises(ForbiddenError):
        decisions.edit_assignment(
            session, settings, plan, OWN, other, lead=None, cooperating=None, due="2029"
        )
    with transaction(engine) as session, pytest.raises(ForbiddenError):
        progress.check_may_report(session, view, OWN, other, plan_catalogue(session, settings, view))
