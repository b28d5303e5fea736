"""A person decides a task's assignment (lead, cooperating units, due date) or sends it back to the
proposal: the permission check under the plan lock, a reporter's change of units filed as a 调整申请."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from planwatch.extract.departments import Catalogue
from planwatch.model import ForbiddenError, PlanWatchError, User
from planwatch.services.catalogue.plan import in_catalogue, plan_catalogue
from planwatch.services.division import adjustments
from planwatch.services.division.assignments import latest_decision, override, revert
from planwatch.services.plans.records import load_plan
from planwatch.services.views.tasks import task_page, task_row
from planwatch.settings import Settings
from planwatch.store.locks import lock_plan


def _check_may_edit(user: User, row: dict[str, Any], catalogue: Catalogue | None = None) -> None:
    unit_user = in_catalogue(user, catalogue) or user
    if not unit_user.can_edit_task(row["lead"], tuple(row["cooperating"])):
        raise ForbiddenError(
            "您没有权限调整这项任务的分工：部门填报员只能调整本部门牵头或配合的任务。",
            where=f"任务 {row['id']}",
            hint="如需调整，请联系规划处。",
        )


def edit_assignment(
    session: Session,
    settings: Settings,
    plan_ref: str,
    task_ref: str,
    user: User,
    *,
    lead: str | None,
    cooperating: list[str] | None,
    due: str | None,
    note: str | None = None,
    version: int | None = None,
    base: int | None = None,
) -> dict[str, Any]:
    """A person decides a task's lead, cooperating units and due date (None keeps the proposal).

    Whether they may is judged on the assignment in force *before* the change: a reporter edits only
    tasks its unit leads or co-operates on. ``override`` writes the audit entry; ``task_page`` data
    is returned. ``base``: the ``revision`` of ``task_page`` the person saw; ConflictError when
    someone else changed the task since (None: a blind write, not checked).
    """
    view = load_plan(session, plan_ref, version)
    # The permission is judged on what is in force once this request holds the plan lock: checked
    # before it, a reporter's write could land after a planner removed the reporter's unit.
    lock_plan(session, view.plan.id)
    _check_may_edit(
        user, task_row(session, view, settings, task_ref), plan_catalogue(session, settings, view)
    )
    # "待定" is what the matcher says when it cannot tell; it is not a due date a person can decide.
    if due is not None and due.strip() in ("", "待定"):
        due = None
    catalogue = plan_catalogue(session, settings, view)
    if user.role == "reporter":
        moved, _, _ = adjustments.changes_units(session, view, task_ref, catalogue, lead, cooperating)
        if moved:
            # A reporter never changes which units are on a task itself: a planner decides.
            request = adjustments.request_change(
                session,
                view,
                task_ref,
                catalogue,
                user,
                lead=lead,
                cooperating=cooperating,
                due=due,
                reason=note,
                base=base,
            )
            page = task_page(session, str(view.plan.id), task_ref, settings, view.version.number)
            return {**page, "request": adjustments.request_info(request)}
        # Only the due date: the units in force are carried over, not turned into the proposal's.
        latest = latest_decision(session, view, task_ref)
        lead = latest.lead if latest else None
        cooperating = list(latest.cooperating) if latest and latest.cooperating is not None else None
    override(
        session,
        view,
        task_ref,
        catalogue,
        decided_by=user.username,
        lead=lead or None,
        cooperating=cooperating,
        due=due,
        note=note or None,
        base=base,
    )
    return task_page(session, str(view.plan.id), task_ref, settings, view.version.number)


def revert_assignment(
    session: Session,
    settings: Settings,
    plan_ref: str,
    task_ref: str,
    user: User,
    *,
    note: str | None = None,
    version: int | None = None,
    base: int | None = None,
) -> dict[str, Any]:
    """The task goes back to the proposed assignment (same permission and ``base`` rules as
    ``edit_assignment``)."""
    view = load_plan(session, plan_ref, version)
    lock_plan(session, view.plan.id)
    _check_may_edit(
        user, task_row(session, view, settings, task_ref), plan_catalogue(session, settings, view)
    )
    try:
        adjustments.check_not_reverting(user)
    except PlanWatchError as exc:
        raise ForbiddenError(exc.message, where=f"任务 {task_ref}", hint=exc.hint) from exc
    revert(session, view, task_ref, decided_by=user.username, note=note or None, base=base)
    return task_page(session, str(view.plan.id), task_ref, settings, view.version.number)
