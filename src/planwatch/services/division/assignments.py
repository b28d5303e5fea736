"""任务分工 use cases: effective assignments of a plan version, a person's overrides, history."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from planwatch.extract.departments import Catalogue
from planwatch.model import Assignment, ConflictError, InputError, Task
from planwatch.model import due as model_due
from planwatch.model.due import DUE_HINT, parse_due
from planwatch.services.admin import audit
from planwatch.services.catalogue.departments import find_department
from planwatch.services.division.in_force import in_force
from planwatch.services.plans.records import PlanView, find_task
from planwatch.store.assignments import AssignmentRepository, OverrideRecord, StaleOverride
from planwatch.store.locks import lock_plan
from planwatch.store.users import UserRepository

STANDING = model_due.STANDING


@dataclass(frozen=True, slots=True)
class TaskAssignments:
    tasks: tuple[Task, ...]
    assignments: tuple[Assignment, ...]  # effective: the proposal, or a person's decision over it
    stale: tuple[StaleOverride, ...]  # decisions whose task changed: a planner re-attaches them


def effective(session: Session, view: PlanView) -> TaskAssignments:
    found = in_force(session, view)
    return TaskAssignments(tasks=view.analysis.tasks, assignments=found.assignments, stale=found.stale)


def _state(session: Session, view: PlanView, task_key: str) -> dict[str, object] | None:
    """A task's effective assignment as the audit log keeps it."""
    a = in_force(session, view).by_task.get(task_key)
    if a is not None:
        return {
            "lead": a.lead.department if a.lead else None,
            "cooperating": [c.department for c in a.cooperating],
            "due": a.due,
            "source": a.source,
            "note": a.note,
        }
    return None


def _due(value: str | None) -> str | None:
    """A person's 完成时限: any value ``model.due`` reads (so the app's own 待定 is never refused),
    with a year within reason."""
    if value is None:
        return None
    v = value.strip()
    due = parse_due(v)
    if due.day is not None and not 2000 <= due.day.year <= 2100:
        raise InputError(f"完成时限“{value}”超出 2000—2100 年。", hint=DUE_HINT)
    return v or None


def _latest(session: Session, view: PlanView, task: Task) -> OverrideRecord | None:
    """The last decision recorded under the task's key or its text (a decision follows a moved task)."""
    mine = [
        r
        for r in AssignmentRepository(session).override_history(view.plan.id)
        if r.task_key == task.id or r.task_text == task.text
    ]
    return max(mine, key=lambda r: r.id, default=None)


def latest_decision(session: Session, view: PlanView, task_ref: str) -> OverrideRecord | None:
    """The decision in force for a task (None: the proposal applies)."""
    return _latest(session, view, find_task(view, task_ref))


def revision(session: Session, view: PlanView, task_ref: str) -> int:
    """The version of a task's assignment a person sees: the id of the last decision recorded about
    the task, 0 while there is none. The decision history is append-only, so every change (a
    decision, a revert, a re-attachment) gives a new, larger revision."""
    latest = _latest(session, view, find_task(view, task_ref))
    return 0 if latest is None else latest.id


def _check_revision(session: Session, view: PlanView, task: Task, base: int | None) -> None:
    """Lock the plan's edits, then refuse when the task changed since the person saw ``base``.

    ``base`` None is a blind write (a script that saw nothing): it is serialised but not checked.
    """
    lock_plan(session, view.plan.id)
    if base is None:
        return
    latest = _latest(session, view, task)
    if (0 if latest is None else latest.id) == base:
        return
    hint = "请刷新页面，查看最新的分工后再修改；您这次填写的内容没有保存。"
    if latest is None or latest.id < base:
        raise ConflictError(f"任务 {task.id} 的分工与您看到的版本不一致，请刷新后再改。", hint=hint)
    person = UserRepository(session).get(latest.decided_by)
    who = person.display_name if person is not None and person.display_name else latest.decided_by
    raise ConflictError(
        f"该任务的分工已被 {who} 于 {latest.decided_at:%Y-%m-%d %H:%M} UTC 修改，请刷新后再改。",
        where=f"任务 {task.id}",
        hint=hint,
    )


def override(
    session: Session,
    view: PlanView,
    task_ref: str,
    catalogue: Catalogue,
    *,
    decided_by: str,
    lead: str | None = None,
    cooperating: list[str] | None = None,
    due: str | None = None,
    note: str | None = None,
    base: int | None = None,
) -> OverrideRecord:
    """Record a person's decision on a task's lead, cooperating units or due date. Department
    references (full name, short name or alias) are checked against the catalogue in force.

    ``base`` is the task's :func:`revision` the person saw; when someone else decided since, the
    decision is refused with ConflictError (None: not checked).
    """
    task = find_task(view, task_ref)
    _check_revision(session, view, task, base)
    lead_name = find_department(catalogue, lead).name if lead else None
    coop_names = (
        [find_department(catalogue, c).name for c in cooperating] if cooperating is not None else None
    )
    before = _state(session, view, task.id)
    record = AssignmentRepository(session).record_override(
        view.plan.id,
        task.id,
        task.text,
        lead=lead_name,
        cooperating=coop_names,
        due=_due(due),
        decided_by=decided_by,
        note=note,
    )
    target = f"plan:{view.plan.id}/task:{task.id}"
    audit.record(session, decided_by, "assignment.override", target, before, _state(session, view, task.id))
    return record


def revert(
    session: Session,
    view: PlanView,
    task_ref: str,
    *,
    decided_by: str,
    note: str | None = None,
    base: int | None = None,
) -> None:
    """Go back to the proposal; ``base`` as for :func:`override`."""
    task = find_task(view, task_ref)
    _check_revision(session, view, task, base)
    before = _state(session, view, task.id)
    AssignmentRepository(session).revert_override(
        view.plan.id, task.id, task.text, decided_by=decided_by, note=note
    )
    target = f"plan:{view.plan.id}/task:{task.id}"
    audit.record(session, decided_by, "assignment.revert", target, before, _state(session, view, task.id))


def history(session: Session, view: PlanView, task_ref: str | None = None) -> list[OverrideRecord]:
    key = find_task(view, task_ref).id if task_ref else None
    return AssignmentRepository(session).override_history(view.plan.id, key)
