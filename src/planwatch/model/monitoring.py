"""Monitoring: indicators with targets, their observed values, statuses, task progress reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal, get_args

Attribute = Literal["预期性", "约束性"]
ATTRIBUTES: tuple[Attribute, ...] = get_args(Attribute)
Direction = Literal["increase", "decrease"]  # which way is better
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
NumericTargetKind = Literal["at_least", "at_most", "about", "range", "exact"]
TargetKind = Literal[NumericTargetKind, "relative", "assigned"]
TARGET_KINDS: tuple[TargetKind, ...] = get_args(TargetKind)
TARGET_KIND_NAMES: dict[TargetKind, str] = {
    "at_least": "不低于",
    "at_most": "不高于",
    "about": "左右",
    "range": "区间",
    "exact": "等于",
    "relative": "相对目标",  # 高于/不低于/与…同步 another indicator or a named figure
    "assigned": "完成上级下达任务",  # a target without a number (完成省下达任务)
}
NUMERIC_TARGET_KINDS: tuple[NumericTargetKind, ...] = get_args(NumericTargetKind)
# How a relative target compares the indicator with its reference, in the indicator's direction.
Relation = Literal["above", "not_below", "in_step", "roughly_in_step", "below", "not_above"]
RELATIONS: tuple[Relation, ...] = get_args(Relation)
RELATION_NAMES: dict[Relation, str] = {
    "above": "高于",
    "not_below": "不低于",
    "in_step": "同步",
    "roughly_in_step": "基本同步",
    "below": "低于",
    "not_above": "不高于",
}

# indicator statuses, per indicator per year (Open SDG ratio method, see docs/architecture.md)
StatusCode = Literal[
    "achieved",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "regressing",
    "not_published",
    "no_data",
    "not_assessable",
]
ACHIEVED: Final = "achieved"  # 目标已实现
ON_TRACK: Final = "on_track"  # 进展顺利 (ratio ≥ 0.95)
NEEDS_ACCELERATION: Final = "needs_acceleration"  # 需加快 (≥ 0.60)
LIMITED: Final = "limited_progress"  # 进展有限 (≥ 0)
REGRESSING: Final = "regressing"  # 退步 (< 0)
NOT_PUBLISHED: Final = "not_published"  # 数据未发布 — never 滞后
NO_DATA: Final = "no_data"  # 无数据 (no baseline or nothing to compare)
NOT_ASSESSABLE: Final = "not_assessable"  # 无法评估: the target cannot be judged from the data, with a reason
STATUS_NAMES: dict[StatusCode, str] = {
    ACHIEVED: "目标已实现",
    ON_TRACK: "进展顺利",
    NEEDS_ACCELERATION: "需加快",
    LIMITED: "进展有限",
    REGRESSING: "退步",
    NOT_PUBLISHED: "数据未发布",
    NO_DATA: "无数据",
    NOT_ASSESSABLE: "无法评估",
}

TaskState = Literal["未启动", "推进中", "已完成", "滞后", "暂缓"]
TASK_STATES: tuple[TaskState, ...] = get_args(TaskState)
ReportStatus = Literal["draft", "submitted", "returned", "approved"]
REPORT_STATES: tuple[ReportStatus, ...] = get_args(ReportStatus)
WarningLevel = Literal["blue", "yellow", "red"]  # due soon / behind pace / overdue
WARNING_LEVELS: tuple[WarningLevel, ...] = get_args(WarningLevel)
# The colour a warning is named by in lists, reports and the command line.
WARNING_COLOURS: dict[WarningLevel, str] = {"red": "红色", "yellow": "黄色", "blue": "蓝色"}


@dataclass(frozen=True, slots=True)
class Indicator:
    """A tracked indicator. ``target_value_max`` is the upper bound of a range target; ``tolerance``
    the ± band of an "about" (左右) target, in the indicator's unit."""

    id: int
    plan_id: int
    name: str
    unit: str
    category: str
    attribute: Attribute
    direction: Direction
    baseline_value: float | None
    baseline_year: int | None
    target_value: float | None
    target_kind: TargetKind
    target_year: int | None
    target_value_max: float | None = None
    tolerance: float | None = None
    cumulative: bool = False  # 累计 (vs 年均 or level)
    data_source: str | None = None
    department: str | None = None
    source_quantity: str | None = None  # the extracted quantity it was made from, "node:start"
    sample: bool = False  # 示例数据: demo data, never mixed with real data
    # The target is a yearly rate (年均增长 5左右): each year's value, averaged since the baseline,
    # is compared with it; a level indicator's compound growth rate is (see services.status).
    annual: bool = False
    relation: Relation | None = None  # for a "relative" target
    relation_to: str | None = None  # the reference: another indicator's name or a named figure
    target_note: str | None = None  # the target as written when it is not a number


# An observation of an "assigned" (完成上级下达任务) indicator carries one of these notes when it
# reports completion rather than a measured value.
COMPLETED_NOTE = "完成"
NOT_COMPLETED_NOTE = "未完成"


@dataclass(frozen=True, slots=True)
class Observation:
    indicator_id: int
    period: str  # "2026" or "2026Q3"
    value: float
    source: str | None = None
    note: str | None = None
    sample: bool = False


@dataclass(frozen=True, slots=True)
class IndicatorStatus:
    indicator_id: int
    year: int
    status: StatusCode
    ratio: float | None  # CAGR(current, base) / CAGR(target, base), signed by direction
    growth: float | None  # signed annual growth rate, when there is no target
    current: float | None
    expected: float | None  # the value on the expected path for that year
    explanation: str  # Chinese, for a person


@dataclass(frozen=True, slots=True)
class ProgressReport:
    id: int
    plan_id: int
    task_key: str
    period: str  # "2026Q1"
    state: TaskState
    percent: float
    narrative: str
    evidence: tuple[str, ...]  # stored file names
    status: ReportStatus
    submitted_by: str
    submitted_at: datetime
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    review_comment: str | None = None
    closes_task: bool = False  # 销号 requested
    sample: bool = False  # 示例数据: made-up demo data, removable in one go
    # The stored file behind each entry of ``evidence`` (same order): an ``EvidenceFile`` id, or None
    # for an entry recorded by name only (reports from before files were stored, demo data).
    evidence_files: tuple[int | None, ...] = ()
    # The task's text when reported: with ``task_key`` it finds the task again in later versions
    # (planwatch.store.task_identity); empty on a report not read from the database.
    task_text: str = ""


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """An evidence file (佐证材料) stored in the database. ``data`` is loaded only when the file is
    fetched for download; listings leave it as None."""

    id: int
    plan_id: int
    task_key: str
    filename: str  # sanitised, as shown and offered for download
    content_type: str
    size: int  # bytes
    sha256: str
    uploaded_by: str
    uploaded_at: datetime
    data: bytes | None = None
