"""调整申请: a department reporter's change of a task's lead or cooperating units waits for a planner.

A reporter may change the due date of a task its unit is on directly, but never which units lead or
co-operate: that would let one department drop another from a task, or hand its own task away. Such a
change becomes a request with a reason; a planner approves it (recorded as an ordinary, audited
decision naming the request) or rejects it with a comment the reporter sees in its 收件箱.

Every check runs after the plan lock is taken, so a decision made meanwhile is seen.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from planwatch.extract.departments import Catalogue
from planwatch.model import ConflictError, ForbiddenError, InputError, NotFoundError, User
from planwatch.services.admin import audit
from planwatch.services.catalogue.departments import find_department
from planwatch.services.division.assignments import latest_decision, override, revision
from planwatch.services.plans.records import PlanView
from planwatch.services.progress.reporting import assignment_of, check_may_review
from planwatch.store.assignment_requests import (
    APPROVED,
    PENDING,
    REJECTED,
    AssignmentRequest,
    AssignmentRequestRepository,
)
from planwatch.store.assignment_requests import (
    STATUS_NAMES as STATUS_NAMES,
)
from planwatch.store.locks import lock_plan
from planwatch.store.task_identity import TaskIndex

# How long a decided request stays in its reporter's 收件箱.
RESULT_DAYS = 30


def _target(view: PlanView, request_id: int) -> str:
    return f"plan:{view.plan.id}/request:{request_id}"


def changes_units(
    session: Session,
    view: PlanView,
    task_key: str,
    catalogue: Catalogue,
    lead: str | None,
    cooperating: list[str] | None,
) -> tuple[bool, str | None, list[str] | None]:
    """Whether a lead/cooperating pair differs from what is in force (None keeps a field), with the
    names resolved to the catalogue's full names."""
    lead_name = find_department(catalogue, lead).name if lead else None
    coop = (
        None
        if cooperating is None
        else list(dict.fromkeys(find_department(catalogue, c).name for c in cooperating))
    )
    now_lead, now_coop = assignment_of(session, view, task_key)
    moved = (lead_name is not None and lead_name != now_lead) or (
        coop is not None and set(coop) != set(now_coop)
    )
    return moved, lead_name, coop


def request_change(
    session: Session,
    view: PlanView,
    task_key: str,
    catalogue: Catalogue,
    user: User,
    *,
    lead: str | None,
    cooperating: list[str] | None,
    due: str | None,
    reason: str | None,
    base: int | None = None,
) -> AssignmentRequest:
    """File a reporter's change of units as a request. The caller holds the plan lock and has checked
    that the reporter's unit is on the task."""
    text = (reason or "").strip()
    if not text:
        raise InputError(
            "调整牵头或配合单位需要规划处审核，请在“调整说明”中写明理由。",
            where=f"任务 {task_key}",
            hint="例如：该项工作已由某局承担，请改由其牵头。",
        )
    seen = revision(session, view, task_key)
    if base is not None and base != seen:
        raise ConflictError(
            f"任务 {task_key} 的分工在您打开页面后已被修改，请刷新后再提交申请。",
            hint="请刷新页面，查看最新的分工后再提交；这次填写的内容没有保存。",
        )
    _, lead_name, coop = changes_units(session, view, task_key, catalogue, lead, cooperating)
    task = next(t for t in view.analysis.tasks if t.id == task_key)
    saved = AssignmentRequestRepository(session).add(
        view.plan.id,
        task.id,
        task.text,
        lead=lead_name,
        cooperating=coop,
        due=(due or "").strip() or None,
        reason=text,
        base_revision=seen,
        requested_by=user.username,
    )
    audit.record(session, user, "assignment.request", _target(view, saved.id), None, request_info(saved))
    return saved


def decide(
    session: Session,
    view: PlanView,
    request_id: int,
    catalogue: Catalogue,
    user: User,
    *,
    approve: bool,
    comment: str | None = None,
) -> AssignmentRequest:
    """A planner approves a pending request (applied as a decision) or rejects it with a comment."""
    check_may_review(user)
    lock_plan(session, view.plan.id)
    repo = AssignmentRequestRepository(session)
    found = repo.get(request_id)
    if found is None or found.plan_id != view.plan.id:
        raise NotFoundError(f"没有编号为 {request_id} 的调整申请。", hint="请从“待审核”页面进入。")
    if found.status != PENDING:
        when = f"{found.decided_at:%Y-%m-%d %H:%M} UTC" if found.decided_at else ""
        raise ConflictError(
            f"调整申请 {request_id} 已被 {found.decided_by} 于 {when} {STATUS_NAMES[found.status]}。",
            hint="请刷新“待审核”页面。",
        )
    note = (comment or "").strip() or None
    if not approve and note is None:
        raise InputError("驳回调整申请须填写意见。", hint="请说明驳回的原因，申请人会在收件箱中看到。")
    if approve:
        task = TaskIndex(view.analysis.tasks).match(found.task_key, found.task_text)
        if task is None:
            raise InputError(
                f"调整申请 {request_id} 所针对的任务在第 {view.version.number} 版中已改写或删除。",
                hint="请驳回该申请，并请申请部门针对新版本的任务重新申请。",
            )
        latest = latest_decision(session, view, task.id)
        lead = found.lead or (latest.lead if latest else None)
        coop = (
            found.cooperating if found.cooperating is not None else (latest.cooperating if latest else None)
        )
        if coop is not None and lead is not None:
            coop = tuple(c for c in coop if c != lead)
        due = found.due or (latest.due if latest else None)
        override(
            session,
            view,
            task.id,
            catalogue,
            decided_by=user.username,
            lead=lead,
            cooperating=list(coop) if coop is not None else None,
            due=due,
            note=f"批准 {found.requested_by} 的调整申请（第 {found.id} 号）：{found.reason}"
            + (f"；审核意见：{note}" if note else ""),
        )
    decided = repo.decide(
        found.id, status=APPROVED if approve else REJECTED, decided_by=user.username, comment=note
    )
    action = "assignment.request.approve" if approve else "assignment.request.reject"
    audit.record(session, user, action, _target(view, found.id), request_info(found), request_info(decided))
    return decided


def pending(session: Session, view: PlanView) -> list[AssignmentRequest]:
    return AssignmentRequestRepository(session).list(view.plan.id, status=PENDING)


def recent_results(
    session: Session, view: PlanView, user: User, now: datetime | None = None
) -> list[AssignmentRequest]:
    """The user's requests a planner decided in the last RESULT_DAYS days."""
    since = (now or datetime.now(UTC)) - timedelta(days=RESULT_DAYS)
    return [
        r
        for r in AssignmentRequestRepository(session).list(view.plan.id, requested_by=user.username)
        if r.status != PENDING and r.decided_at is not None and r.decided_at >= since
    ]


def requests_of(
    session: Session, view: PlanView, status: str | None, requested_by: str | None
) -> list[AssignmentRequest]:
    return AssignmentRequestRepository(session).list(view.plan.id, status=status, requested_by=requested_by)


def check_not_reverting(user: User) -> None:
    if user.role == "reporter":
        raise ForbiddenError(
            "部门填报员不能直接撤销分工调整：恢复系统建议会改变牵头或配合单位。",
            hint="如需调整，请在编辑表单中填写希望的单位并写明理由，提交调整申请。",
        )


def request_info(r: AssignmentRequest) -> dict[str, Any]:
    return {
        "id": r.id,
        "task": r.task_key,
        "text": r.task_text,
        "lead": r.lead,
        "cooperating": list(r.cooperating) if r.cooperating is not None else None,
        "due": r.due,
        "reason": r.reason,
        "requested_by": r.requested_by,
        "requested_at": r.requested_at.isoformat(),
        "status": r.status,
        "status_name": STATUS_NAMES[r.status],
        "decided_by": r.decided_by,
        "decided_at": r.decided_at.isoformat() if r.decided_at else None,
        "comment": r.comment,
    }


def pending_page(session: Session, view: PlanView) -> list[dict[str, Any]]:
    """The pending requests with the assignment now in force beside what is asked."""
    rows = []
    for r in pending(session, view):
        task = TaskIndex(view.analysis.tasks).match(r.task_key, r.task_text)
        lead, coop = assignment_of(session, view, task.id) if task else (None, ())
        rows.append(
            {
                **request_info(r),
                "current_lead": lead,
                "current_cooperating": list(coop),
                "task_found": task is not None,
                "changed_since": task is not None and revision(session, view, task.id) != r.base_revision,
            }
        )
    return rows
