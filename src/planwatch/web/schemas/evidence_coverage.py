"""落实佐证覆盖情况: coverage of a plan's tasks by documentary evidence, parts × years, on one basis."""

from __future__ import annotations

from planwatch.web.schemas.common import Plan, Shape


class Source(Shape):
    id: int
    name: str
    title: str | None
    year: int | None
    kind: str


class Share(Shape):
    taken: int
    total: int
    share: float
    by_kind: dict[str, int]


class YearShare(Share):
    year: int | None


class PartRow(Shape):
    id: str
    label: str
    cells: list[YearShare]
    all: Share


class Total(Shape):
    cells: list[YearShare]
    all: Share


class TaskRef(Shape):
    task: str
    text: str
    node: str
    url: str
    evidence_url: str


class NeverTakenUp(Shape):
    id: str
    label: str
    tasks: list[TaskRef]


class EvidenceRow(Shape):
    id: int
    part: str
    task: str
    task_text: str
    source_id: int
    source: str
    year: int | None
    kind: str
    score: float
    terms: list[str]
    sentence: str
    start: int
    end: int
    decision: str
    decided_by: str | None


class ReportedWithoutProgress(TaskRef):
    part: str
    evidence: list[EvidenceRow]


class DoneWithoutTrace(TaskRef):
    part: str
    state: str
    closed: bool
    period: str | None
    lead: str | None


class Coverage(Shape):
    basis: str
    name: str
    matrix: list[PartRow]
    total: Total
    never_taken_up: list[NeverTakenUp]
    never_count: int
    reported_without_progress: list[ReportedWithoutProgress]
    done_without_trace: list[DoneWithoutTrace]


class IndicatorValue(Shape):
    """A year without a figure has the year alone."""

    year: int
    value: float | None = None
    period: str | None = None
    source: str | None = None


class Indicator(Shape):
    indicator: str
    id: int
    unit: str | None
    values: list[IndicatorValue]


class Milestone(Shape):
    project: str
    task: str
    part: str
    year: int | None
    source: str
    milestones: list[str]
    sentence: str
    decision: str


class Links(Shape):
    evidence: str
    page: str
    xlsx: str


class CoveragePage(Shape):
    plan: Plan
    version: int
    sources: list[Source]
    years: list[int | None]
    tasks: int
    stale: int
    indicator_years: list[int]
    indicators: list[Indicator]
    milestones: list[Milestone]
    links: Links
    basis: str
    basis_name: str
    coverage: Coverage
