"""监测: indicator statuses, one indicator's path and chart, task warnings and the scorecard."""

from __future__ import annotations

from planwatch.web.schemas.common import Plan, Shape
from planwatch.web.schemas.indicator_forms import IndicatorRecord


class PlanPage(Shape):
    plan: Plan
    today: str


class Status(Shape):
    year: int
    status: str
    status_name: str
    ratio: float | None
    growth: float | None
    current: float | None
    expected: float | None
    explanation: str


class Latest(Shape):
    period: str
    value: float
    note: str | None


class IndicatorRow(Shape):
    id: int
    name: str
    unit: str
    attribute: str
    category: str
    direction: str
    baseline: float | None
    baseline_year: int | None
    target_text: str
    target_kind: str
    relation_to: str | None
    latest: Latest | None
    status: Status
    sample: bool


class IndicatorsPage(PlanPage):
    sample_label: str
    statuses: dict[str, str]
    indicators: list[IndicatorRow]


class Observation(Shape):
    period: str
    value: float
    source: str | None
    note: str | None
    sample: bool


class ChartPoint(Shape):
    year: str
    value: float


class Chart(Shape):
    years: list[str]
    observed: list[float | None]
    expected: list[float | None]
    baseline: ChartPoint | None
    target: ChartPoint | None
    unit: str


class IndicatorPage(PlanPage):
    indicator: IndicatorRow
    direction: str
    data_source: str | None
    department: str | None
    observations: list[Observation]
    years: list[Status]
    chart: Chart


class ReportGap(Shape):
    period: str
    deadline: str
    overdue: bool
    never: bool
    reason: str


class ReportRef(Shape):
    period: str
    status: str
    sample: bool


class TaskRow(Shape):
    """One task's standing (序时进度, warning, 未报送 / 催报)."""

    task: str
    text: str
    node: str
    lead: str | None
    cooperating: list[str]
    due: str | None
    state: str
    closed: bool
    percent: float | None
    expected: float | None
    level: str | None
    level_name: str | None
    reason: str | None
    days_to_due: int | None
    reporting: ReportGap | None
    report: ReportRef | None
    sample: bool


class Reporting(Shape):
    tasks: int
    not_reported: int
    report_overdue: int
    not_reported_name: str
    reminder_name: str
    grace_days: int


class OverdueTask(ReportGap):
    task: str
    text: str
    state: str


class Reminder(Shape):
    department: str | None
    count: int
    tasks: list[OverdueTask]


class Workload(Shape):
    count: int
    reported: int
    mean_progress: float | None
    warnings: dict[str, int]
    report_overdue: int


class DepartmentScore(Shape):
    department: str
    lead: Workload
    cooperating: Workload


class WarningsPage(PlanPage):
    level_names: dict[str, str]
    counts: dict[str, int]
    warnings: list[TaskRow]
    reporting: Reporting
    reminders: list[Reminder]
    sample_label: str
    sample_reports: int
    scorecard: list[DepartmentScore]


class RecordedObservation(Shape):
    period: str
    value: float
    source: str | None
    note: str | None


class PreviousValue(Shape):
    value: float


class RecordedValue(Shape):
    indicator: IndicatorRecord
    observation: RecordedObservation
    previous: PreviousValue | None
    changed: bool
