"""Page data of 监测 (monitoring): indicator statuses, one indicator's path, task warnings and the
department scorecard. Each function feeds both an HTML page and its JSON twin."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import NotFoundError
from planwatch.model.monitoring import STATUS_NAMES, WARNING_LEVELS, Indicator, IndicatorStatus
from planwatch.services import memo
from planwatch.services.monitoring.indicators import IndicatorView, list_indicators
from planwatch.services.monitoring.sample import SAMPLE_LABEL
from planwatch.services.monitoring.status import (
    Reference,
    annual_values,
    indicator_status,
    reference_of,
    status_series,
    target_text,
)
from planwatch.services.monitoring.targets import plan_period
from planwatch.services.plans.records import find_plan, load_plan
from planwatch.services.progress import reporting as progress
from planwatch.services.progress.pace import (
    NOT_REPORTED,
    REMINDER,
    REPORT_GRACE_DAYS,
    WARNING_NAMES,
    ReportGap,
)
from planwatch.services.progress.rollup import DepartmentScore, Workload
from planwatch.services.views.common import plan_info


def status_dict(s: IndicatorStatus) -> dict[str, Any]:
    """An indicator's status in a year as the pages and ``planwatch indicators show`` give it."""
    return {
        "year": s.year,
        "status": s.status,
        "status_name": STATUS_NAMES.get(s.status, s.status),
        "ratio": s.ratio,
        "growth": s.growth,
        "current": s.current,
        "expected": s.expected,
        "explanation": s.explanation,
    }


def _years(ind: Indicator, base: int | None, end: int | None, observed: dict[int, float]) -> list[int]:
    """Years to show: from the baseline (or plan base) year to the target (or plan end) year,
    widened to cover every observed year."""
    first = ind.baseline_year if ind.baseline_year is not None else base
    last = ind.target_year if ind.target_year is not None else end
    known = [y for y in (first, last, *observed) if y is not None]
    if not known:
        return []
    return list(range(min(known), max(known) + 1))


def _reference(view: IndicatorView, views: list[IndicatorView]) -> Reference | None:
    """What a relative target compares with, among the plan's indicators."""
    observations = {v.indicator.id: v.observations for v in views}
    return reference_of(view.indicator, [v.indicator for v in views], observations)


def _row(view: IndicatorView, day: date, views: list[IndicatorView]) -> dict[str, Any]:
    ind = view.indicator
    values = annual_values(ind, view.observations)
    year = max(values) if values else day.year - 1
    latest = view.latest
    reference = _reference(view, views)
    status = indicator_status(ind, view.observations, year, today=day, reference=reference)
    return {
        "id": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "attribute": ind.attribute,
        "category": ind.category,
        "direction": ind.direction,
        "baseline": ind.baseline_value,
        "baseline_year": ind.baseline_year,
        "target_text": target_text(ind),
        "target_kind": ind.target_kind,
        "relation_to": reference[0].name if reference is not None else ind.relation_to,
        "latest": {"period": latest.period, "value": latest.value, "note": latest.note}
        if latest is not None
        else None,
        "status": status_dict(status),
        "sample": ind.sample,
    }


@memo.per_plan_revision
def indicators_page(session: Session, plan_ref: str, today: date | None = None) -> dict[str, Any]:
    """监测 · 指标: every tracked indicator with its latest value and status."""
    day = today or date.today()
    plan = find_plan(session, plan_ref)
    views = list_indicators(session, plan)
    rows = [_row(v, day, views) for v in views]
    return {
        "plan": plan_info(plan),
        "today": day.isoformat(),
        "sample_label": SAMPLE_LABEL,
        "statuses": STATUS_NAMES,
        "indicators": rows,
    }


@memo.per_plan_revision
def indicator_page(
    session: Session, plan_ref: str, indicator_id: int, today: date | None = None
) -> dict[str, Any]:
    """One indicator: its status per year and the series of its chart (observed, expected path,
    baseline point, target)."""
    day = today or date.today()
    plan = find_plan(session, plan_ref)
    views = list_indicators(session, plan)
    view = next((v for v in views if v.indicator.id == indicator_id), None)
    if view is None:
        raise NotFoundError(
            f"规划中没有编号为 {indicator_id} 的监测指标。", hint="请从“监测”页面的指标列表进入。"
        )
    ind = view.indicator
    values = annual_values(ind, view.observations)
    base, end = plan_period(plan)
    years = _years(ind, base, end, values)
    statuses = status_series(ind, view.observations, years, today=day, reference=_reference(view, views))
    on_scale = not ind.cumulative and ind.target_kind != "assigned"
    return {
        "plan": plan_info(plan),
        "today": day.isoformat(),
        "indicator": _row(view, day, views),
        "direction": ind.direction,
        "data_source": ind.data_source,
        "department": ind.department,
        "observations": [
            {"period": o.period, "value": o.value, "source": o.source, "note": o.note, "sample": o.sample}
            for o in view.observations
        ],
        "years": [status_dict(s) for s in statuses],
        "chart": {
            "years": [str(y) for y in years],
            "observed": [values.get(y) for y in years],
            # a five-year total's due amount or a completion is not on the scale of the values
            "expected": [s.expected if on_scale else None for s in statuses],
            "baseline": (
                {"year": str(ind.baseline_year), "value": ind.baseline_value}
                if ind.baseline_year is not None and ind.baseline_value is not None
                else None
            ),
            "target": (
                {"year": str(ind.target_year), "value": ind.target_value}
                if ind.target_value is not None and on_scale
                else None
            ),
            "unit": ind.unit,
        },
    }


def _gap_dict(gap: ReportGap | None) -> dict[str, Any] | None:
    if gap is None:
        return None
    return {
        "period": gap.period,
        "deadline": gap.deadline.isoformat(),
        "overdue": gap.overdue,
        "never": gap.never,
        "reason": gap.reason,
    }


def _workload_dict(w: Workload) -> dict[str, Any]:
    return {
        "count": w.count,
        "reported": w.reported,
        "mean_progress": w.mean_progress,
        "warnings": dict(w.warnings),
        "report_overdue": w.report_overdue,
    }


def _reminders(statuses: list[progress.TaskStatus]) -> list[dict[str, Any]]:
    """Tasks whose report is overdue (催报), grouped by lead department, largest group first."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for t in statuses:
        if t.reporting is not None and t.reporting.overdue:
            groups.setdefault(t.lead, []).append(
                {"task": t.task, "text": t.text, "state": t.state, **(_gap_dict(t.reporting) or {})}
            )
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0] or "\uffff"))
    return [{"department": unit, "count": len(rows), "tasks": rows} for unit, rows in ordered]


def _task_row(t: progress.TaskStatus) -> dict[str, Any]:
    """One task's standing as every task JSON document shows it."""
    w = t.warning
    return {
        "task": t.task,
        "text": t.text,
        "node": t.node,
        "lead": t.lead,
        "cooperating": list(t.cooperating),
        "due": t.due,
        "state": t.state,
        "closed": t.closed,
        "percent": t.percent,
        "expected": t.expected,
        "level": w.level if w is not None else None,
        "level_name": WARNING_NAMES[w.level] if w is not None else None,
        "reason": w.reason if w is not None else None,
        "days_to_due": w.days_to_due if w is not None else None,
        "reporting": _gap_dict(t.reporting),
        "report": (
            {"period": t.report.period, "status": t.report.status, "sample": t.report.sample}
            if t.report is not None
            else None
        ),
        "sample": t.report is not None and t.report.sample,
    }


def _scorecard(scores: dict[str, DepartmentScore]) -> list[dict[str, Any]]:
    return [
        {
            "department": s.department,
            "lead": _workload_dict(s.lead),
            "cooperating": _workload_dict(s.cooperating),
        }
        for s in sorted(scores.values(), key=lambda s: (-s.lead.count, s.department))
    ]


def _reporting(statuses: list[progress.TaskStatus], reminders: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tasks": len(statuses),
        "not_reported": sum(1 for t in statuses if t.state == NOT_REPORTED),
        "report_overdue": sum(r["count"] for r in reminders),
        "not_reported_name": NOT_REPORTED,
        "reminder_name": REMINDER,
        "grace_days": REPORT_GRACE_DAYS,
    }


@memo.per_plan_revision
def warnings_page(session: Session, plan_ref: str, today: date | None = None) -> dict[str, Any]:
    """监测 · 预警: tasks with a blue / yellow / red warning on ``today``, the tasks not reported on
    (未报送, kept apart from the warnings) with the overdue ones to remind (催报) by department, and
    the department scorecard."""
    day = today or date.today()
    view = load_plan(session, plan_ref)
    statuses = progress.task_progress(session, view, day)
    order = {level: i for i, level in enumerate(reversed(WARNING_LEVELS))}
    flagged = sorted(
        (t for t in statuses if t.warning is not None),
        key=lambda t: order[t.warning.level] if t.warning else 0,
    )
    warnings = [_task_row(t) for t in flagged]
    scores = progress.scorecard(session, view, day, statuses=statuses)
    counts = {level: sum(1 for w in warnings if w["level"] == level) for level in WARNING_LEVELS}
    reminders = _reminders(statuses)
    return {
        "plan": plan_info(view.plan),
        "today": day.isoformat(),
        "level_names": WARNING_NAMES,
        "counts": counts,
        "warnings": warnings,
        "reporting": _reporting(statuses, reminders),
        "reminders": reminders,
        "sample_label": SAMPLE_LABEL,
        "sample_reports": sum(1 for t in statuses if t.report is not None and t.report.sample),
        "scorecard": _scorecard(scores),
    }


@memo.per_plan_revision
def status_page(session: Session, plan_ref: str, today: date | None = None) -> dict[str, Any]:
    """Every task's standing on ``today``: reported progress, 序时进度, warning, 未报送 / 催报."""
    day = today or date.today()
    view = load_plan(session, plan_ref)
    statuses = progress.task_progress(session, view, day)
    reminders = _reminders(statuses)
    return {
        "plan": plan_info(view.plan),
        "today": day.isoformat(),
        "level_names": WARNING_NAMES,
        "reporting": _reporting(statuses, reminders),
        "sample_label": SAMPLE_LABEL,
        "tasks": [_task_row(t) for t in statuses],
    }


@memo.per_plan_revision
def rollup_page(
    session: Session, plan_ref: str, today: date | None = None, weights: dict[str, float] | None = None
) -> dict[str, Any]:
    """Progress by outline node and for the whole plan. Tasks not reported on (未报送) are left out
    of the means, not counted as 0 %: ``reported`` of ``tasks`` say what the means rest on."""
    day = today or date.today()
    view = load_plan(session, plan_ref)
    result = progress.plan_rollup(session, view, day, weights)
    return {
        "plan": plan_info(view.plan),
        "today": day.isoformat(),
        "progress": result.plan,
        "reported": result.reported,
        "tasks": result.tasks,
        "not_reported": result.tasks - result.reported,
        "parts": [
            {
                "node": n,
                "title": label,
                "progress": v,
                "reported": result.coverage.get(n, (0, 0))[0],
                "tasks": result.coverage.get(n, (0, 0))[1],
                "coverage": result.coverage_text(n),
            }
            for n, label, v in result.parts
        ],
        "nodes": result.nodes,
    }


@memo.per_plan_revision
def scorecard_page(session: Session, plan_ref: str, today: date | None = None) -> dict[str, Any]:
    """Department scorecard: lead and cooperating duties apart, with warnings and 催报 counts."""
    day = today or date.today()
    view = load_plan(session, plan_ref)
    return {
        "plan": plan_info(view.plan),
        "today": day.isoformat(),
        "level_names": WARNING_NAMES,
        "scorecard": _scorecard(progress.scorecard(session, view, day)),
    }
