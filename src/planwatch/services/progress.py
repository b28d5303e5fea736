"""Task progress reporting (issue 6): submit, review (approve / return), history, pace warnings,
roll-up and department scorecards.

* A reporting period is a quarter, "2026Q1" (default: the current quarter).
* Reports are append-only: each submission and each review is a new row; the newest row of a
  (task, period) is that period's current report, and all rows are the task's history.
* A task's standing is its latest approved report (by period), else its latest submitted one.
* 销号 (closing a task) is a report with ``closes_task``: it must say 已完成 at 100 % with at least one
  evidence file, and counts only once a reviewer approves it.
* Evidence is recorded as file names only; the files themselves are not copied or stored.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from planwatch.model import InputError, NotFoundError, ProgressReport, Task, User
from planwatch.model.monitoring import TASK_STATES, WARNING_LEVELS
from planwatch.services import audit, pace
from planwatch.services.indicators import plan_period
from planwatch.services.plans import PlanView
from planwatch.services.rollup import DepartmentScore, TaskProgress, department_scorecard, rollup_detail
from planwatch.store.assignments import AssignmentRepository
from planwatch.store.progress import ProgressRepository

DEFAULT_START = date(2026, 1, 1)
PLAN_NODE = "__plan__"
_PERIOD = re.compile(r"(\d{4})\s*[Qq]([1-4])")
STATUS_NAMES = {"draft": "草稿", "submitted": "待审核", "returned": "已退回", "approved": "已通过"}


def current_period(today: date | None = None) -> str:
    day = today or date.today()
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def normalise_period(period: str | None, today: date | None = None) -> str:
    """ "2026Q1" (also "2026q1"); None or empty means the current quarter."""
    text = (period or "").strip()
    if not text:
        return current_period(today)
    m = _PERIOD.fullmatch(text)
    if m is None or not 2000 <= int(m.group(1)) <= 2100:
        raise InputError(f"填报期“{period}”无效。", hint="请按“年份Q季度”填写，例如 2026Q1。")
    return f"{m.group(1)}Q{m.group(2)}"


def plan_start(view: PlanView) -> date:
    """The first day of the plan period (十五五 → 2026-01-01), from the title; 2026-01-01 otherwise."""
    base, _ = plan_period(view.plan)
    return date(base + 1, 1, 1) if base is not None else DEFAULT_START


def _task(view: PlanView, key: str) -> Task:
    for t in view.analysis.tasks:
        if t.id == key:
            return t
    raise NotFoundError(
        f"第 {view.version.number} 版中没有编号为“{key}”的任务。",
        hint="任务编号形如 p3.a7.t2；用 planwatch show 规划 --tasks 查看。",
    )


def _target(view: PlanView, task_key: str, period: str) -> str:
    return f"plan:{view.plan.id}/task:{task_key}/period:{period}"


def submit_report(
    session: Session,
    view: PlanView,
    task_key: str,
    period: str | None,
    state: str,
    percent: float,
    narrative: str,
    evidence: list[str] | tuple[str, ...] = (),
    by: User | str | None = None,
    closes: bool = False,
) -> ProgressReport:
    """A department's report on a task for a period; it waits for review."""
    task = _task(view, task_key)
    when = normalise_period(period)
    if state not in TASK_STATES:
        raise InputError(f"任务状态“{state}”无效。", hint="可选：" + "、".join(TASK_STATES) + "。")
    if not math.isfinite(percent) or not 0 <= percent <= 100:
        raise InputError(f"完成百分比 {percent} 无效。", hint="请填写 0 到 100 之间的数。")
    files = tuple(dict.fromkeys(f.strip() for f in evidence if f.strip()))
    if closes:
        problems = []
        if state != pace.COMPLETED:
            problems.append(f"任务状态须为“已完成”（现为“{state}”）")
        if percent != 100:
            problems.append(f"完成百分比须为 100（现为 {percent:g}）")
        if not files:
            problems.append("须附至少一个佐证材料")
        if problems:
            raise InputError(
                "申请销号的条件不满足：" + "；".join(problems) + "。",
                hint="销号需任务已完成、进度 100% 并提供佐证材料（--evidence 文件名）。",
            )
    username = audit.who(by)
    report = ProgressReport(
        id=0,
        plan_id=view.plan.id,
        task_key=task.id,
        period=when,
        state=state,
        percent=float(percent),
        narrative=narrative.strip(),
        evidence=files,
        status="submitted",
        submitted_by=username,
        submitted_at=datetime.now(UTC),
        closes_task=closes,
    )
    repo = ProgressRepository(session)
    before = repo.current(view.plan.id, task.id, when)
    saved = repo.add(report, task_text=task.text)
    audit.record(session, username, "progress.submit", _target(view, task.id, when), before, saved)
    return saved


def review(
    session: Session,
    view: PlanView,
    task_key: str,
    period: str,
    approve: bool,
    comment: str | None = None,
    by: User | str | None = None,
) -> ProgressReport:
    """The planner approves the period's submitted report, or returns it with a comment."""
    task = _task(view, task_key)
    when = normalise_period(period)
    note = (comment or "").strip() or None
    if not approve and note is None:
        raise InputError("退回报告须填写意见。", hint="请用 --comment 说明退回原因。")
    repo = ProgressRepository(session)
    current = repo.current(view.plan.id, task.id, when)
    if current is None:
        raise NotFoundError(f"任务 {task.id} 在 {when} 还没有进展报告。", hint="请先填报再审核。")
    if current.status != "submitted":
        raise InputError(
            f"任务 {task.id} 在 {when} 的报告状态为“{STATUS_NAMES.get(current.status, current.status)}”，"
            "只有待审核的报告可以审核。",
            hint="退回的报告需重新填报后才能再审核。",
        )
    username = audit.who(by)
    reviewed = replace(
        current,
        id=0,
        status="approved" if approve else "returned",
        reviewed_by=username,
        reviewed_at=datetime.now(UTC),
        review_comment=note,
    )
    saved = repo.add(reviewed, task_text=task.text)
    action = "progress.approve" if approve else "progress.return"
    audit.record(session, username, action, _target(view, task.id, when), current, saved)
    return saved


def history(session: Session, view: PlanView, task_key: str) -> list[ProgressReport]:
    """Every submission and review of a task, oldest first."""
    task = _task(view, task_key)
    return ProgressRepository(session).history(view.plan.id, task.id)


@dataclass(frozen=True, slots=True)
class TaskStatus:
    task: str
    text: str
    node: str
    lead: str | None
    cooperating: tuple[str, ...]
    due: str | None  # as assigned: "2027", "持续推进", or None without an assignment
    report: ProgressReport | None  # the report the standing rests on
    state: str  # reported state, 未启动 when nothing was reported
    percent: float | None  # None: nothing reported
    expected: float | None  # 序时进度 today, percent; None for standing duties
    warning: pace.TaskWarning | None
    closed: bool  # 销号 approved


def _period_key(period: str) -> tuple[int, int]:
    year, _, quarter = period.partition("Q")
    return (int(year), int(quarter or 0))


def task_progress(session: Session, view: PlanView, today: date | None = None) -> list[TaskStatus]:
    """Every task of the plan version on ``today``: reported progress, 序时进度 and warning."""
    day = today or date.today()
    start = plan_start(view)
    assignments = {a.task: a for a in AssignmentRepository(session).effective_assignments(view.version.id)}
    latest = ProgressRepository(session).current_by_period(view.plan.id)
    by_task: dict[str, list[ProgressReport]] = {}
    for report in latest.values():
        by_task.setdefault(report.task_key, []).append(report)
    result = []
    for task in view.analysis.tasks:
        reports = sorted(by_task.get(task.id, []), key=lambda r: (_period_key(r.period), r.id))
        approved = [r for r in reports if r.status == "approved"]
        submitted = [r for r in reports if r.status == "submitted"]
        standing = approved[-1] if approved else (submitted[-1] if submitted else None)
        closed = any(r.closes_task for r in approved)
        a = assignments.get(task.id)
        due = pace.due_date(a.due) if a is not None else None
        state = pace.COMPLETED if closed else (standing.state if standing else TASK_STATES[0])
        percent = 100.0 if closed else (standing.percent if standing else None)
        expected = pace.expected_progress(start, due, day) if due is not None else None
        warning = pace.assess_task(state, percent, start, due, day)
        result.append(
            TaskStatus(
                task=task.id,
                text=task.text,
                node=task.node,
                lead=a.lead.department if a is not None and a.lead is not None else None,
                cooperating=tuple(c.department for c in a.cooperating) if a is not None else (),
                due=a.due if a is not None else None,
                report=standing,
                state=state,
                percent=percent,
                expected=expected,
                warning=warning,
                closed=closed,
            )
        )
    return result


def warnings(session: Session, view: PlanView, today: date | None = None) -> list[TaskStatus]:
    """Tasks with a warning, red first, then yellow, then blue."""
    order = {level: i for i, level in enumerate(reversed(WARNING_LEVELS))}
    flagged = [t for t in task_progress(session, view, today) if t.warning is not None]
    return sorted(flagged, key=lambda t: order[t.warning.level] if t.warning else 0)


@dataclass(frozen=True, slots=True)
class PlanRollup:
    plan: float | None  # the whole plan, weighted mean over its parts
    nodes: dict[str, float]  # every outline node with a value
    parts: tuple[tuple[str, str, float | None], ...]  # top-level nodes: (id, label + title, value)
    reported: int  # tasks with a progress figure
    tasks: int


def plan_rollup(
    session: Session,
    view: PlanView,
    today: date | None = None,
    weights: dict[str, float] | None = None,
    statuses: list[TaskStatus] | None = None,
) -> PlanRollup:
    """Progress rolled up task → outline node → parents → the whole plan (weighted mean, weights
    normalised, default 1). Tasks with nothing reported are left out of the means, not counted as 0."""
    rows = statuses if statuses is not None else task_progress(session, view, today)
    outline = [n for n in view.analysis.outline if n.kind != "title"]
    ids = {n.id for n in outline}
    tree: dict[str, str | None] = {PLAN_NODE: None}
    for node in outline:
        tree[node.id] = node.parent if node.parent in ids else PLAN_NODE
    values: dict[str, float] = {}
    for t in rows:
        tree[t.task] = t.node if t.node in tree else PLAN_NODE
        if t.percent is not None:
            values[t.task] = t.percent
    detail = rollup_detail(tree, values, weights)
    parts = tuple(
        (n.id, f"{n.label}{n.title}".strip(), detail.values.get(n.id))
        for n in outline
        if tree[n.id] == PLAN_NODE
    )
    nodes = {k: v for k, v in detail.values.items() if k != PLAN_NODE and k not in values}
    return PlanRollup(detail.values.get(PLAN_NODE), nodes, parts, len(values), len(rows))


def scorecard(
    session: Session, view: PlanView, today: date | None = None, statuses: list[TaskStatus] | None = None
) -> dict[str, DepartmentScore]:
    """Per department: the tasks it leads and, apart, those it co-operates on."""
    rows = statuses if statuses is not None else task_progress(session, view, today)
    return department_scorecard(
        TaskProgress(t.task, t.lead, t.cooperating, t.percent, t.warning.level if t.warning else None)
        for t in rows
    )
