"""Task pace (序时进度) and task warnings (blue / yellow / red). Pure functions.

Progress is in percent (0–100), the unit of ``ProgressReport.percent``, so expected and reported
progress compare directly.

* Expected progress is the share of the planned time that has elapsed, counted in days from
  ``start`` to ``due``; with milestones it is interpolated linearly between them instead, the start
  counting as 0 % and the due date as 100 %. Planned progress never goes back: a milestone lower
  than an earlier one is raised to it. Milestones outside the start–due span are ignored.
* A warning is one of three levels, the most severe that applies:
  red (逾期) — past the due date and not 已完成;
  yellow (滞后于序时进度) — reported progress more than ``tolerance`` points below expected, or the
  task itself reported as 滞后;
  blue (临期提醒) — due within ``warn_days`` days (today included) and not 已完成.
* 已完成 is never warned. 暂缓 (suspended) is never warned either: suspension is a decision taken
  by the responsible unit, and a pace or overdue flag on it would be noise; callers list suspended
  tasks on their own.
* 持续推进 (standing duties, ``due`` None) have no end to pace against: never red or blue; yellow
  only when the task is reported as 滞后.
* A task with no report (``percent`` None) is 未报送, not 0 % done: nobody has said how far it is, so
  it is never yellow for pace (that would flag every task of a new plan as 滞后 merely for want of
  reports). The deadline still applies: it can be red (逾期) or blue (临期) like any other task.
* Reporting (``report_gap``) is a separate check: a report is due for every quarter within
  ``REPORT_GRACE_DAYS`` after the quarter ends. A task never reported on is 未报送; once a quarter's
  deadline has passed without a report for it (or a later one) the task gets a 催报 reminder.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal, ParamSpec

from planwatch.model import InputError
from planwatch.model import due as model_due
from planwatch.model.due import parse_due
from planwatch.model.monitoring import TaskState, WarningLevel

BLUE: Final = "blue"
YELLOW: Final = "yellow"
RED: Final = "red"
WARNING_NAMES: dict[WarningLevel, str] = {BLUE: "临期提醒", YELLOW: "进度滞后", RED: "逾期"}
STANDING = model_due.STANDING
COMPLETED: Final = "已完成"
SUSPENDED: Final = "暂缓"
LAGGING: Final = "滞后"
NOT_REPORTED: Final = "未报送"  # the state shown for a task nobody has reported on
# A task's state as pages show it: the reported one, or 未报送.
ShownState = TaskState | Literal["未报送"]
REMINDER = "催报"  # a report is overdue: the unit is to be reminded
WARN_DAYS = 30
PACE_TOLERANCE = 10.0  # percentage points below expected progress before a yellow warning
REPORT_GRACE_DAYS = 15  # days after a quarter ends to report on it (季度结束后 15 日内报送)


@dataclass(frozen=True, slots=True)
class TaskWarning:
    level: WarningLevel
    reason: str  # Chinese, for a person
    expected: float | None  # expected progress today, percent; None for standing duties
    days_to_due: int | None  # negative when overdue; None for standing duties


def due_date(due: str | None) -> date | None:
    """The date a 完成时限 stands for (see ``model.due``): None for a standing duty (持续推进) and
    for a due date nobody has set (待定, empty), which are never overdue or due soon."""
    return parse_due(due).day


def _clamp_percent(value: float) -> float:
    return min(max(value, 0.0), 100.0) if not math.isnan(value) else 0.0


def expected_progress(
    start: date,
    due: date,
    today: date,
    milestones: Sequence[tuple[date, float]] = (),
) -> float:
    """Expected progress in percent on ``today``: elapsed / planned time, or interpolated between
    ``milestones`` (date, planned percent). 0 before ``start``, 100 from ``due`` on."""
    if today >= due:
        return 100.0
    if today < start:
        return 0.0
    points = [(start, 0.0)]
    points += sorted((d, _clamp_percent(p)) for d, p in milestones if start <= d <= due)
    points.append((due, 100.0))
    # planned progress only goes forward, so a lower later milestone is read as "no further step"
    level = 0.0
    ramp: list[tuple[date, float]] = []
    for when, planned in points:
        level = max(level, planned)
        ramp.append((when, level))
    before = max(i for i, (when, _) in enumerate(ramp) if when <= today)
    (d0, v0), (d1, v1) = ramp[before], ramp[before + 1]
    return v0 + (v1 - v0) * (today - d0).days / (d1 - d0).days


def _pct(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def assess_task(
    state: ShownState,
    percent: float | None,
    start: date | None,
    due: date | None,
    today: date,
    *,
    warn_days: int = WARN_DAYS,
    tolerance: float = PACE_TOLERANCE,
    milestones: Sequence[tuple[date, float]] = (),
) -> TaskWarning | None:
    """The warning a task gets on ``today``, with its reason; None when there is none.

    ``due`` None is a standing duty (持续推进); ``start`` None means no pace can be computed, so only
    the overdue, due-soon and self-reported 滞后 checks apply.
    """
    if state in (COMPLETED, SUSPENDED):
        return None
    done = _clamp_percent(percent) if percent is not None else 0.0
    done_text = f"当前进度 {_pct(done)}" if percent is not None else NOT_REPORTED
    if due is None:
        if state == LAGGING:
            return TaskWarning(YELLOW, f"持续推进事项，填报状态为“滞后”（{done_text}）", None, None)
        return None

    days = (due - today).days
    if days < 0:
        reason = f"已超过完成时限（{due.isoformat()}）{-days} 天，{done_text}，尚未完成"
        return TaskWarning(RED, reason, 100.0, days)

    expected = expected_progress(start, due, today, milestones) if start is not None else None
    soon = f"距完成时限（{due.isoformat()}）还有 {days} 天" if days else f"今天（{due.isoformat()}）到期"
    behind: list[str] = []
    if state == LAGGING:
        behind.append("填报状态为“滞后”")
    if expected is not None and percent is not None and done < expected - tolerance:
        behind.append(
            f"{done_text}，低于序时进度 {_pct(expected)}"
            f"（落后 {expected - done:.1f} 个百分点，容差 {tolerance:g} 个百分点）"
        )
    if behind:
        if days <= warn_days:
            behind.append(soon)
        return TaskWarning(YELLOW, "；".join(behind), expected, days)
    if days <= warn_days:
        return TaskWarning(BLUE, f"{soon}，尚未完成（{done_text}）", expected, days)
    return None


_P = ParamSpec("_P")


def _level_only(assess: Callable[_P, TaskWarning | None]) -> Callable[_P, str | None]:
    # typed by ParamSpec, so that task_warning takes exactly what assess_task takes, spelt once there
    def task_warning(*args: _P.args, **kwargs: _P.kwargs) -> str | None:
        """The warning level (blue / yellow / red) of a task on ``today``, or None; see ``assess_task``
        for the reason as well."""
        warning = assess(*args, **kwargs)
        return warning.level if warning is not None else None

    return task_warning


task_warning = _level_only(assess_task)


# -- reporting (未报送 / 催报) ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportGap:
    """A task lacks the report due for a quarter: 未报送, and 催报 once ``overdue``."""

    period: str  # the quarter a report is awaited for, "2026Q4"
    deadline: date  # the last day to report on it
    overdue: bool  # the deadline has passed: remind the unit (催报)
    never: bool  # the task has no report at all
    reason: str  # Chinese, for a person


def quarter_of(day: date) -> tuple[int, int]:
    return (day.year, (day.month - 1) // 3 + 1)


def period_name(quarter: tuple[int, int]) -> str:
    return f"{quarter[0]}Q{quarter[1]}"


def parse_period(period: str) -> tuple[int, int]:
    """ "2026Q3" → (2026, 3); a bare year "2026" counts as its last quarter."""
    year, _, quarter = period.strip().upper().partition("Q")
    return (int(year), int(quarter) if quarter else 4)


def report_deadline(quarter: tuple[int, int], grace_days: int = REPORT_GRACE_DAYS) -> date:
    year, q = quarter
    first_of_next = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return first_of_next - timedelta(days=1) + timedelta(days=grace_days)


def _previous(quarter: tuple[int, int]) -> tuple[int, int]:
    year, q = quarter
    return (year - 1, 4) if q == 1 else (year, q - 1)


def report_gap(
    last_reported: str | None,
    start: date,
    today: date,
    *,
    grace_days: int = REPORT_GRACE_DAYS,
) -> ReportGap | None:
    """Whether a task is missing a report on ``today``; None when it is up to date.

    ``last_reported`` is the latest quarter the task has a (submitted or approved) report for, None
    when it has none. Reports are due for every quarter from the one ``start`` falls in, each within
    ``grace_days`` after the quarter ends. A task with no report is always 未报送 (awaited for the
    latest quarter whose deadline passed, else for the first quarter); one with an earlier report
    is flagged only once a later quarter's deadline has passed, never while there is still time.
    """
    if grace_days < 0:
        raise InputError(f"报送宽限天数 {grace_days} 无效。", hint="请填写不小于 0 的天数。")
    first = quarter_of(start)
    late = quarter_of(today)
    while report_deadline(late, grace_days) >= today:  # the latest quarter whose deadline passed
        late = _previous(late)
    awaited = late if late >= first else None
    if last_reported is not None and (awaited is None or parse_period(last_reported) >= awaited):
        return None
    period = awaited if awaited is not None else first
    deadline = report_deadline(period, grace_days)
    name = period_name(period)
    before = "尚无进展报告" if last_reported is None else f"最近一次报送为 {last_reported}"
    if awaited is None:
        return ReportGap(
            name, deadline, False, True, f"{before}；{name} 进展应于 {deadline.isoformat()} 前报送"
        )
    days = (today - deadline).days
    reason = f"{before}；{name} 进展应于 {deadline.isoformat()} 前报送，已逾期 {days} 天，请{REMINDER}"
    return ReportGap(name, deadline, True, last_reported is None, reason)
