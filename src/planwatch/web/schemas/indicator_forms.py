"""Building the indicator system: the add / edit form, candidates from the plan, file imports with
a preview, and what each action returns."""

from __future__ import annotations

from planwatch.web.schemas.common import Plan, Shape


class IndicatorRecord(Shape):
    """A stored indicator (``model.monitoring.Indicator``) with its names, mode and edit revision."""

    id: int
    plan_id: int
    name: str
    unit: str
    category: str
    attribute: str
    direction: str
    baseline_value: float | None
    baseline_year: int | None
    target_value: float | None
    target_kind: str
    target_year: int | None
    target_value_max: float | None
    tolerance: float | None
    cumulative: bool
    data_source: str | None
    department: str | None
    source_quantity: str | None
    sample: bool
    annual: bool
    relation: str | None
    relation_to: str | None
    target_note: str | None
    target_text: str
    target_kind_name: str
    relation_name: str | None
    direction_name: str
    mode: str
    revision: str


class FormValues(Shape):
    name: str
    unit: str
    category: str
    attribute: str
    direction: str
    baseline: str
    baseline_year: str
    target: str
    kind: str
    target_year: str
    mode: str
    data_source: str
    department: str


class Choices(Shape):
    attribute: list[str]
    direction: dict[str, str]
    kind: dict[str, str]
    mode: dict[str, str]


class FormPage(Shape):
    plan: Plan
    indicator: IndicatorRecord | None
    values: FormValues
    choices: Choices


class Removed(Shape):
    removed: IndicatorRecord


class Candidate(Shape):
    name: str
    unit: str
    category: str
    attribute: str
    baseline: float | None
    baseline_year: int | None
    target_text: str
    target_year: int | None
    has_target: bool


class Skipped(Shape):
    name: str
    reason: str


class CandidatesPage(Shape):
    plan: Plan
    candidates: list[Candidate]
    skipped: list[Skipped]
    existing: list[str]


class Created(Shape):
    created: list[IndicatorRecord]
    skipped: list[Skipped]


class FileForm(Shape):
    plan: Plan
    formats: list[str]
    header: str
    max_bytes: int
    steps: list[str]


class Problem(Shape):
    where: str
    column: str | None
    reason: str
    hint: str
    text: str


class Draft(Shape):
    unit: str
    attribute: str
    direction_name: str
    baseline: float | None
    baseline_year: int | None
    target_text: str
    target_kind_name: str
    target_year: int | None
    relation_to: str | None


class TableRow(Shape):
    where: str
    name: str
    category: str
    cells: dict[str, str]
    action: str
    skip_reason: str | None
    problems: list[Problem]
    indicator: Draft | None


class TableCounts(Shape):
    rows: int
    create: int
    skip: int
    error: int


class FilePreview(Shape):
    plan: Plan
    source: str
    problems: list[Problem]
    ok: bool


class TablePreview(FilePreview):
    rows: list[TableRow]
    counts: TableCounts


class TableApplied(TablePreview):
    created: list[IndicatorRecord]
    skipped: list[Skipped]


class SheetValue(Shape):
    period: str
    value: float
    note: str | None


class SheetRow(Shape):
    where: str
    name: str
    indicator: str | None
    values: list[SheetValue]
    problems: list[Problem]
    action: str


class SheetCounts(Shape):
    rows: int
    values: int
    error: int


class ValuesPreview(FilePreview):
    rows: list[SheetRow]
    periods: list[str]
    counts: SheetCounts


class ValuesApplied(ValuesPreview):
    added: int
    updated: int
    unchanged: int
