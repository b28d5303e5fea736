"""任务分工 use cases: effective assignments of a plan version, a person's overrides, history."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from planwatch.extract.departments import Catalogue
from planwatch.model import Assignment, InputError, NotFoundError, Task
from planwatch.services import audit
from planwatch.services.departments import find_department
from planwatch.services.plans import PlanView
from planwatch.store.assignments import AssignmentRepository, OverrideRecord, StaleOverride

STANDING = "持续推进"


@dataclass(frozen=True, slots=True)
class TaskAssignments:
    tasks: tuple[Task, ...]
    assignments: tuple[Assignment, ...]  # effective: the proposal, or a person's decision over it
    stale: tuple[StaleOverride, ...]  # decisions whose task changed: a planner re-attaches them


def effective(session: Session, view: PlanView) -> TaskAssignments:
    repo = AssignmentRepository(session)
    return TaskAssignments(
        tasks=view.analysis.tasks,
        assignments=tuple(repo.effective_assignments(view.version.id)),
        stale=tuple(repo.stale_overrides(view.version.id)),
    )


def _task(view: PlanView, ref: str) -> Task:
    for t in view.analysis.tasks:
        if t.id == ref:
            return t
    raise NotFoundError(
        f"第 {view.version.number} 版中没有编号为“{ref}”的任务。",
        hint="任务编号形如 p3.a7.t2；用 planwatch show 规划 --tasks 查看。",
    )


def _state(session: Session, view: PlanView, task_key: str) -> dict[str, object] | None:
    """A task's effective assignment as the audit log keeps it."""
    for a in AssignmentRepository(session).effective_assignments(view.version.id):
        if a.task == task_key:
            return {
                "lead": a.lead.department if a.lead else None,
                "cooperating": [c.department for c in a.cooperating],
                "due": a.due,
                "source": a.source,
                "note": a.note,
            }
    return None


def _due(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip()
    if v in ("", STANDING):
        return v or None
    if v.isdigit() and len(v) == 4 and 2000 <= int(v) <= 2100:
        return v
    raise InputError(f"完成时限“{value}”无效。", hint="请写四位年份（如 2027）或“持续推进”。")


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
) -> OverrideRecord:
    """Record a person's decision on a task's lead, cooperating units or due date. Department
    references (full name, short name or alias) are checked against the catalogue in force."""
    task = _task(view, task_ref)
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
    session: Session, view: PlanView, task_ref: str, *, decided_by: str, note: str | None = None
) -> None:
    task = _task(view, task_ref)
    before = _state(session, view, task.id)
    AssignmentRepository(session).revert_override(
        view.plan.id, task.id, task.text, decided_by=decided_by, note=note
    )
    target = f"plan:{view.plan.id}/task:{task.id}"
    audit.record(session, decided_by, "assignment.revert", target, before, _state(session, view, task.id))


def history(session: Session, view: PlanView, task_ref: str | None = None) -> list[OverrideRecord]:
    key = _task(view, task_ref).id if task_ref else None
    return AssignmentRepository(session).override_history(view.plan.id, key)
