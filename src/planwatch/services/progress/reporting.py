"""Task progress reporting (issue 6): submit, review (approve / return), history, pace warnings,
roll-up and department scorecards.

* A reporting period is a quarter, "2026Q1" (default: the current quarter).
* Reports are append-only: each submission and each review is a new row; the newest row of a
  (task, period) is that period's current report, and all rows are the task's history.
* A task's standing is its latest approved report (by period), else its latest submitted one.
  A task with neither is 未报送: no percent, no pace warning, left out of roll-up means and
  department averages (they rest on the tasks that reported; ``PlanRollup.reported`` says how many),
  and once a quarter's report is overdue it carries a 催报 reminder (``TaskStatus.reporting``).
* 销号 (closing a task) is a report with ``closes_task``: it must say 已完成 at 100 % with at least one
  evidence file, and counts only once a reviewer approves it.
* Evidence files are stored in the database (``services/progress/evidence_files.py``: checked by extension and
  content, size-limited, names sanitised). A report's ``evidence`` holds the file names and
  ``evidence_files`` the stored file ids in the same order; entries recorded by name only (older
  reports, demo data) have no id and stay readable. A resubmission may cite files already stored for
  the task (``keep``) instead of uploading them again. A submission is one transaction: a refused
  file leaves no file and no report behind.
* Who may do what (``check_may_report`` / ``check_may_review``): a reporter reports on the tasks its
  department leads or co-operates on, planners and admins on every task; only planners and admins
  review.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from planwatch.extract.departments import Catalogue
from planwatch.model import (
    ConflictError,
    ErrorCode,
    ForbiddenError,
    InputError,
    NotFoundError,
    ProgressReport,
    User,
)
from planwatch.model.monitoring import TASK_STATES, WARNING_LEVELS, EvidenceFile
from planwatch.services import memo
from planwatch.services.admin import audit
from planwatch.services.catalogue.plan import in_catalogue
from planwatch.services.division.in_force import in_force
from planwatch.services.monitoring.targets import plan_period
from planwatch.services.plans.records import PlanView, find_task
from planwatch.services.progress import evidence_files as evidence_service
from planwatch.services.progress import pace
from planwatch.services.progress.rollup import (
    DepartmentScore,
    TaskProgress,
    department_scorecard,
    rollup_detail,
)
from planwatch.store import revisions
from planwatch.store.locks import lock_plan
from planwatch.store.progress import ProgressRepository
from planwatch.store.task_identity import TaskIndex

DEFAULT_START = date(2026, 1, 1)
PLAN_NODE = "__plan__"
_PERIOD = re.compile(r"(\d{4})\s*[Qq]([1-4])")
STATUS_NAMES = {"draft": "草稿", "submitted": "待审核", "returned": "已退回", "approved": "已通过"}
DEFAULT_EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def assignment_of(session: Session, view: PlanView, task_key: str) -> tuple[str | None, tuple[str, ...]]:
    """The lead and cooperating units in force for a task."""
    a = in_force(session, view).by_task.get(task_key)
    if a is None:
        return None, ()
    return (a.lead.department if a.lead is not None else None), tuple(c.department for c in a.cooperating)


def may_report(
    user: User | None, lead: str | None, cooperating: tuple[str, ...], catalogue: Catalogue | None = None
) -> bool:
    user = in_catalogue(user, catalogue)
    # can_edit_task refuses a viewer already, whatever unit it has
    return user is not None and user.can_edit_task(lead, cooperating)


def may_review(user: User | None) -> bool:
    return user is not None and user.active and user.role in ("admin", "planner")


def check_may_report(
    session: Session, view: PlanView, task_key: str, user: User, catalogue: Catalogue | None = None
) -> None:
    """``catalogue``: the plan's catalogue (``plan_catalogue``), which the reporter's unit is named in."""
    lead, cooperating = assignment_of(session, view, find_task(view, task_key).id)
    if not may_report(user, lead, cooperating, catalogue):
        raise ForbiddenError(
            "您没有权限报送这项任务的进展：部门填报员只能报送本部门牵头或配合的任务。",
            where=f"任务 {task_key}",
            hint="如任务分工有误，请联系规划处调整。",
        )


def check_may_review(user: User) -> None:
    if not may_review(user):
        raise ForbiddenError("没有权限：只有规划处或管理员可以审核进展报告。", hint="请联系规划处审核。")


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


def _target(view: PlanView, task_key: str, period: str) -> str:
    return f"plan:{view.plan.id}/task:{task_key}/period:{period}"


@dataclass(frozen=True, slots=True)
class ReportDraft:
    """A department's report on a task for a period, as submitted (checked by :func:`submit_report`).

    ``evidence`` are names recorded without a file; ``files`` are uploads to store; ``keep`` ids of
    files already stored for this task to cite again; ``closes`` asks for 销号."""

    task_key: str
    period: str | None
    state: str
    percent: float
    narrative: str
    evidence: Sequence[str] = ()
    closes: bool = False
    files: Sequence[evidence_service.Upload] = ()
    keep: Sequence[int] = ()


def submit_report(
    session: Session,
    view: PlanView,
    draft: ReportDraft,
    *,
    by: User | str | None = None,
    max_bytes: int = DEFAULT_EVIDENCE_MAX_BYTES,
) -> ProgressReport:
    """A department's report on a task for a period; it waits for review. Everything is checked
    before anything is written."""
    state, percent, closes = draft.state, draft.percent, draft.closes
    task = find_task(view, draft.task_key)
    when = normalise_period(draft.period)
    if state not in TASK_STATES:
        raise InputError(f"任务状态“{state}”无效。", hint="可选：" + "、".join(TASK_STATES) + "。")
    if not math.isfinite(percent) or not 0 <= percent <= 100:
        raise InputError(f"完成百分比 {percent} 无效。", hint="请填写 0 到 100 之间的数。")
    names = tuple(dict.fromkeys(f.strip() for f in draft.evidence if f.strip()))
    checked = evidence_service.check_all(draft.files, max_bytes)
    kept = _kept_files(session, view, task.id, draft.keep)
    if closes:
        problems = []
        if state != pace.COMPLETED:
            problems.append(f"任务状态须为“已完成”（现为“{state}”）")
        if percent != 100:
            problems.append(f"完成百分比须为 100（现为 {percent:g}）")
        if not (names or checked or kept):
            problems.append("须附至少一个佐证材料")
        if problems:
            raise InputError(
                "申请销号的条件不满足：" + "；".join(problems) + "。",
                hint="销号需任务已完成、进度 100% 并提供佐证材料。",
                code=ErrorCode.PROGRESS_CLOSE_UNMET,
            )
    username = audit.who(by)
    revisions.touch_plan(session, view.plan.id)
    stored = evidence_service.store(session, view.plan.id, task.id, checked, username)
    cited = [(f.filename, f.id) for f in (*kept, *stored)]
    report = ProgressReport(
        id=0,
        plan_id=view.plan.id,
        task_key=task.id,
        period=when,
        state=state,
        percent=float(percent),
        narrative=draft.narrative.strip(),
        evidence=tuple(n for n, _ in cited) + names,
        evidence_files=tuple(i for _, i in cited) + (None,) * len(names) if cited else (),
        status="submitted",
        submitted_by=username,
        submitted_at=datetime.now(UTC),
        closes_task=closes,
    )
    repo = ProgressRepository(session)
    before = repo.current(view.plan.id, task.id, when, tasks=view.analysis.tasks)
    saved = repo.add(report, task_text=task.text)
    audit.record(session, username, "progress.submit", _target(view, task.id, when), before, saved)
    return saved


def _kept_files(session: Session, view: PlanView, task_key: str, keep: Sequence[int]) -> list[EvidenceFile]:
    found = evidence_service.by_ids(session, keep)
    files = []
    for file_id in dict.fromkeys(keep):
        f = found.get(file_id)
        if f is None or f.plan_id != view.plan.id or f.task_key != task_key:
            raise InputError(
                f"编号为 {file_id} 的佐证材料不属于任务 {task_key}。", hint="请只选择本任务已上传的材料。"
            )
        files.append(f)
    return files


def review(
    session: Session,
    view: PlanView,
    task_key: str,
    period: str,
    approve: bool,
    comment: str | None = None,
    by: User | str | None = None,
    separate: bool = True,
) -> ProgressReport:
    """The planner approves the period's submitted report, or returns it with a comment.

    ``separate`` (the setting separate_review_duties): nobody approves a report they submitted."""
    task = find_task(view, task_key)
    when = normalise_period(period)
    note = (comment or "").strip() or None
    if not approve and note is None:
        raise InputError(
            "退回报告须填写意见。", hint="请说明退回原因。", code=ErrorCode.PROGRESS_COMMENT_MISSING
        )
    # Two reviewers deciding at once: the second waits here, then finds the report decided.
    lock_plan(session, view.plan.id)
    repo = ProgressRepository(session)
    current = repo.current(view.plan.id, task.id, when, tasks=view.analysis.tasks)
    if current is None:
        raise NotFoundError(f"任务 {task.id} 在 {when} 还没有进展报告。", hint="请先填报再审核。")
    if current.status != "submitted":
        raise InputError(
            f"任务 {task.id} 在 {when} 的报告状态为“{STATUS_NAMES.get(current.status, current.status)}”，"
            "只有待审核的报告可以审核。",
            hint="退回的报告需重新填报后才能再审核。",
        )
    username = audit.who(by)
    if approve and separate and current.submitted_by == username:
        raise ForbiddenError(
            f"您不能审核通过自己填报的进展报告（任务 {task.id}，{when}）。",
            hint="请由规划处的其他人员审核；只有一人的办公室可由管理员设置 PLANWATCH_SEPARATE_REVIEW_DUTIES=false。",
        )
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


def review_report(
    session: Session,
    view: PlanView,
    report_id: int,
    approve: bool,
    comment: str | None = None,
    by: User | str | None = None,
    separate: bool = True,
) -> ProgressReport:
    """Review a report by its id: only the current row of its period, while it waits for review.

    The id is the version the reviewer saw: when the report was reviewed or replaced since,
    ConflictError says by whom and when.
    """
    lock_plan(session, view.plan.id)
    repo = ProgressRepository(session)
    report = repo.get(report_id)
    if report is None or report.plan_id != view.plan.id:
        raise NotFoundError(f"没有编号为 {report_id} 的进展报告。", hint="请从“待审核”页面进入。")
    task = TaskIndex(view.analysis.tasks).match(report.task_key, report.task_text)
    if task is None:
        raise InputError(
            f"进展报告 {report_id} 所针对的任务在第 {view.version.number} 版中已改写或删除。",
            hint="请先在“版本对照”页面把它重新关联到新版本的任务，再审核。",
        )
    report = replace(report, task_key=task.id)
    current = repo.current(view.plan.id, task.id, report.period, tasks=view.analysis.tasks)
    if current is not None and current.id != report.id:
        if current.reviewed_by is not None and current.reviewed_at is not None:
            who, when = current.reviewed_by, current.reviewed_at
            what = {"approved": "审核通过", "returned": "退回"}.get(current.status, "审核")
        else:
            who, when, what = current.submitted_by, current.submitted_at, "重新填报"
        raise ConflictError(
            f"任务 {report.task_key} 在 {report.period} 的这份报告已被 {who} 于 {when:%Y-%m-%d %H:%M} UTC "
            f"{what}，请刷新后再审核。",
            hint="请刷新页面，审核最新的报告。",
        )
    return review(session, view, report.task_key, report.period, approve, comment, by, separate)


def standing(reports: Sequence[ProgressReport]) -> ProgressReport | None:
    """The report a task's standing rests on, from the current rows of its periods: the latest
    approved one (by period), else the latest submitted one."""
    ordered = sorted(reports, key=lambda r: (_period_key(r.period), r.id))
    approved = [r for r in ordered if r.status == "approved"]
    submitted = [r for r in ordered if r.status == "submitted"]
    return approved[-1] if approved else (submitted[-1] if submitted else None)


def history(session: Session, view: PlanView, task_key: str) -> list[ProgressReport]:
    """Every submission and review of a task, oldest first."""
    task = find_task(view, task_key)
    return ProgressRepository(session).history(view.plan.id, task.id, tasks=view.analysis.tasks)


@dataclass(frozen=True, slots=True)
class TaskStatus:
    task: str
    text: str
    node: str
    lead: str | None
    cooperating: tuple[str, ...]
    due: str | None  # as assigned: "2027", "持续推进", or None without an assignment
    report: ProgressReport | None  # the report the standing rests on
    state: pace.ShownState
    percent: float | None  # None: nothing reported (未报送, not 0 %)
    expected: float | None  # 序时进度 today, percent; None for standing duties
    warning: pace.TaskWarning | None
    closed: bool  # 销号 approved
    reporting: pace.ReportGap | None = None  # a report is missing (未报送; 催报 when overdue)


def _period_key(period: str) -> tuple[int, int]:
    year, _, quarter = period.partition("Q")
    return (int(year), int(quarter or 0))


def task_progress(
    session: Session, view: PlanView, today: date | None = None, *, through_year: int | None = None
) -> list[TaskStatus]:
    """Every task of the plan version on ``today``: reported progress, 序时进度 and warning.
    ``through_year`` leaves out reports of later periods (a report on a past year). Computed once
    per change revision (services.memo); the list is the caller's, its items are shared and frozen."""
    day = today or date.today()
    key = (view.version.id, day, through_year)
    return list(
        memo.cached(
            session,
            "task_progress",
            key,
            lambda: _task_progress(session, view, day, through_year),
            plan=view.plan.id,
        )
    )


def _task_progress(session: Session, view: PlanView, day: date, through_year: int | None) -> list[TaskStatus]:
    start = plan_start(view)
    assignments = in_force(session, view).by_task
    latest = ProgressRepository(session).current_by_period(view.plan.id, tasks=view.analysis.tasks)
    by_task: dict[str, list[ProgressReport]] = {}
    for report in latest.values():
        if through_year is None or _period_key(report.period)[0] <= through_year:
            by_task.setdefault(report.task_key, []).append(report)
    result = []
    for task in view.analysis.tasks:
        reports = by_task.get(task.id, [])
        standing_report = standing(reports)
        closed = any(r.closes_task and r.status == "approved" for r in reports)
        a = assignments.get(task.id)
        due = pace.due_date(a.due) if a is not None else None
        state = standing_report.state if standing_report else pace.NOT_REPORTED
        state = pace.COMPLETED if closed else state
        percent = 100.0 if closed else (standing_report.percent if standing_report else None)
        expected = pace.expected_progress(start, due, day) if due is not None else None
        warning = pace.assess_task(state, percent, start, due, day)
        reported = [r.period for r in reports if r.status in ("submitted", "approved")]
        last = max(reported, key=_period_key) if reported else None
        gap = None if closed else pace.report_gap(last, start, day)
        result.append(
            TaskStatus(
                task=task.id,
                text=task.text,
                node=task.node,
                lead=a.lead.department if a is not None and a.lead is not None else None,
                cooperating=tuple(c.department for c in a.cooperating) if a is not None else (),
                due=a.due if a is not None else None,
                report=standing_report,
                state=state,
                percent=percent,
                expected=expected,
                warning=warning,
                closed=closed,
                reporting=gap,
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
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)  # part id → (reported, tasks)

    def coverage_text(self, part: str) -> str:
        """“34项中1项已报送”: what a part's mean rests on."""
        reported, tasks = self.coverage.get(part, (0, 0))
        return f"{tasks}项中{reported}项已报送"


def plan_rollup(
    session: Session,
    view: PlanView,
    today: date | None = None,
    weights: dict[str, float] | None = None,
    statuses: list[TaskStatus] | None = None,
    *,
    unreported_as_zero: bool = False,
) -> PlanRollup:
    """Progress rolled up task → outline node → parents → the whole plan (weighted mean, weights
    normalised, default 1). Tasks with nothing reported are left out of the means, not counted as 0,
    unless ``unreported_as_zero`` (a report's completion figure: one report among 34 tasks must not
    read as a part done); either way ``coverage`` says how many of each part's tasks reported."""
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
    reported = len(values)
    if unreported_as_zero:
        values.update((t.task, 0.0) for t in rows if t.percent is None)
    detail = rollup_detail(tree, values, weights)
    parts = tuple(
        (n.id, f"{n.label}{n.title}".strip(), detail.values.get(n.id))
        for n in outline
        if tree[n.id] == PLAN_NODE
    )
    nodes = {k: v for k, v in detail.values.items() if k != PLAN_NODE and k not in values}
    top = {n.id: n.id for n in outline if tree[n.id] == PLAN_NODE}
    for n in outline:  # outline order: a parent is placed before its children
        if n.id not in top:
            top[n.id] = top.get(tree[n.id] or "", n.id)
    coverage: dict[str, tuple[int, int]] = {}
    for t in rows:
        part = top.get(t.node, PLAN_NODE)
        done, total = coverage.get(part, (0, 0))
        coverage[part] = (done + (t.percent is not None), total + 1)
    return PlanRollup(detail.values.get(PLAN_NODE), nodes, parts, reported, len(rows), coverage)


def scorecard(
    session: Session, view: PlanView, today: date | None = None, statuses: list[TaskStatus] | None = None
) -> dict[str, DepartmentScore]:
    """Per department: the tasks it leads and, apart, those it co-operates on."""
    rows = statuses if statuses is not None else task_progress(session, view, today)
    return department_scorecard(
        TaskProgress(
            t.task,
            t.lead,
            t.cooperating,
            t.percent,
            t.warning.level if t.warning else None,
            t.reporting is not None and t.reporting.overdue,
        )
        for t in rows
    )
