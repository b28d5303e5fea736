"""What people recorded against the tasks of earlier versions, and whether it carries over.

Decisions on task assignments and progress reports remember the task's key and text; they follow a
task that is unchanged or only moved (``planwatch.store.task_identity``). Where the task's text was
rewritten, or the task is gone, they are *stale*: listed here with the current tasks most like the
old text as candidates, for a planner to re-attach (or leave, if the task was dropped).
"""

from __future__ import annotations

from dataclasses import asdict
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import ErrorCode, InputError, NotFoundError, ProgressReport, Task, User
from planwatch.services.admin import audit
from planwatch.services.division.assignments import effective
from planwatch.services.plans.records import PlanView, load_plan
from planwatch.store.assignments import AssignmentRepository, StaleOverride
from planwatch.store.progress import ProgressRepository

CANDIDATES = 3


def candidates(tasks: tuple[Task, ...], text: str, limit: int = CANDIDATES) -> list[dict[str, Any]]:
    """The current tasks most like ``text`` (character similarity), best first."""
    scored = sorted(
        ((SequenceMatcher(None, text, t.text, autojunk=False).ratio(), t) for t in tasks),
        key=lambda st: -st[0],
    )
    return [{"task": t.id, "text": t.text, "similarity": round(score, 3)} for score, t in scored[:limit]]


def _override_dict(view: PlanView, s: StaleOverride) -> dict[str, Any]:
    o = s.override
    return {
        "kind": "assignment",
        "id": o.id,
        "task_key": o.task_key,
        "task_text": o.task_text,
        "what": "、".join(
            part
            for part in (
                f"牵头：{o.lead}" if o.lead else "",
                f"配合：{'、'.join(o.cooperating)}" if o.cooperating else "",
                f"时限：{o.due}" if o.due else "",
            )
            if part
        ),
        "decided_by": o.decided_by,
        "decided_at": o.decided_at.isoformat(),
        "now_at_key": asdict(s.task) if s.task else None,
        "candidates": candidates(view.analysis.tasks, o.task_text),
    }


def _progress_items(session: Session, view: PlanView) -> list[dict[str, Any]]:
    """Stale progress reports, one item per task identity (its reports move together)."""
    groups: dict[tuple[str, str], list[ProgressReport]] = {}
    for r in ProgressRepository(session).stale(view.plan.id, view.analysis.tasks):
        groups.setdefault((r.task_key, r.task_text), []).append(r)
    items = []
    for (key, text), reports in groups.items():
        last = reports[-1]
        items.append(
            {
                "kind": "progress",
                "id": reports[0].id,
                "task_key": key,
                "task_text": text,
                "what": f"{len(reports)} 条进展记录（最近：{last.period} {last.state} {last.percent:g}%）",
                "decided_by": last.submitted_by,
                "decided_at": last.submitted_at.isoformat(),
                "now_at_key": None,
                "candidates": candidates(view.analysis.tasks, text),
            }
        )
    return items


def stale_page(session: Session, plan_ref: str) -> dict[str, Any]:
    """Everything recorded against tasks that the latest version no longer has as they were."""
    view = load_plan(session, plan_ref)
    stale = [_override_dict(view, s) for s in effective(session, view).stale]
    stale += _progress_items(session, view)
    return {
        "plan": {"id": view.plan.id, "name": view.plan.name},
        "version": view.version.number,
        "items": stale,
    }


def reattach(
    session: Session, plan_ref: str, kind: str, item_id: int, task_key: str, *, by: User | str
) -> dict[str, Any]:
    """Attach a stale record to task ``task_key`` of the latest version."""
    view = load_plan(session, plan_ref)
    task = next((t for t in view.analysis.tasks if t.id == task_key), None)
    if task is None:
        raise NotFoundError(
            f"第 {view.version.number} 版中没有任务 {task_key}。", hint="请从候选任务中选择。"
        )
    if kind == "progress":
        return _reattach_progress(session, view, item_id, task, by)
    if kind != "assignment":
        raise InputError(
            f"不能重新关联“{kind}”。", hint="可重新关联的有：assignment（分工调整）、progress（进展报告）。"
        )
    stale_ids = {s.override.id for s in effective(session, view).stale}
    if item_id not in stale_ids:
        raise InputError(
            f"分工调整记录 {item_id} 不是待重新关联的记录。",
            hint="只有因任务文字改变而未生效的调整需要重新关联。",
            code=ErrorCode.ASSIGNMENT_NOT_STALE,
            params={"plan": view.plan.name},
        )
    record = AssignmentRepository(session).reattach_override(
        item_id,
        task.id,
        task.text,
        decided_by=audit.who(by),
        note=f"重新关联到第 {view.version.number} 版任务",
    )
    audit.record(
        session,
        by,
        "assignment.reattach",
        f"plan:{view.plan.id}/task:{task.id}",
        None,
        {"from_override": item_id, "task": task.id},
    )
    return {"kind": kind, "id": record.id, "task": task.id, "text": task.text}


def _reattach_progress(
    session: Session, view: PlanView, report_id: int, task: Task, by: User | str
) -> dict[str, Any]:
    repo = ProgressRepository(session)
    stale = {r.id: r for r in repo.stale(view.plan.id, view.analysis.tasks)}
    report = stale.get(report_id)
    if report is None:
        raise InputError(
            f"进展报告 {report_id} 不是待重新关联的记录。",
            hint="只有所针对的任务在新版本中已改写或删除的报告需要重新关联。",
            code=ErrorCode.PROGRESS_NOT_STALE,
            params={"plan": view.plan.name},
        )
    moved = repo.rekey(view.plan.id, report.task_key, report.task_text, task.id, task.text)
    audit.record(
        session,
        by,
        "progress.reattach",
        f"plan:{view.plan.id}/task:{task.id}",
        {"task": report.task_key, "text": report.task_text},
        {"task": task.id, "text": task.text, "reports": moved},
    )
    return {"kind": "progress", "id": report_id, "task": task.id, "text": task.text, "reports": moved}
