"""落实佐证: a plan's evidence sources, one source's matches, its text, one task's timeline, and the
replies of the actions (a decision's row, a removed source)."""

from __future__ import annotations

from pydantic import Field

from planwatch.web.schemas.common import Shape


class PlanRef(Shape):
    id: int
    name: str
    title: str | None


class Counts(Shape):
    proposed: int
    confirmed: int
    dismissed: int
    total: int


class SourceInfo(Shape):
    """A source as stored (``services/evidence/sources.source_info``)."""

    id: int
    name: str
    title: str | None
    year: int | None
    kind: str
    sha256: str
    threshold: float
    added_by: str | None


class RemovedSource(SourceInfo):
    """What a source held when it was removed."""

    matches: int
    confirmed: int


class SourceRow(SourceInfo):
    sha256_short: str
    added_at: str | None
    counts: Counts
    tasks: int
    url: str
    text_url: str
    json_url: str


class MatchRow(Shape):
    """One proposed (or decided) sentence for a task."""

    id: int
    source: int
    task: str
    node: str
    start: int
    end: int
    sentence: str
    kind: str
    score: float
    terms: list[str]
    decision: str
    decided_by: str | None
    task_text: str
    stale: bool
    year: int | None
    source_name: str
    kind_name: str
    decision_name: str
    milestones: list[str]
    text_url: str
    task_url: str | None
    decide_url: str


class Summary(Shape):
    total: int
    confirmed: int
    proposed: int
    never_taken_up: int
    by_kind: dict[str, int]


class SourcesLinks(Shape):
    self: str
    page: str
    coverage: str
    attach: str


class SourcesPage(Shape):
    plan: PlanRef
    sources: list[SourceRow]
    summary: Summary
    kinds: dict[str, str]
    decisions: dict[str, str]
    links: SourcesLinks


class Filters(Shape):
    kind: str | None
    decision: str | None


class MatchCounts(Shape):
    kind: dict[str, int]
    decision: dict[str, int]


class TaskGroup(Shape):
    task: str
    text: str
    url: str | None
    matches: list[MatchRow]


class PartGroup(Shape):
    part: str | None
    part_title: str
    tasks: list[TaskGroup]


class SourceLinks(Shape):
    page: str
    text: str
    plan: str


class SourcePage(Shape):
    plan: PlanRef
    source: SourceRow
    filters: Filters
    counts: MatchCounts
    total: int
    page: int
    pages: int
    per_page: int
    groups: list[PartGroup]
    matches: list[MatchRow]
    kinds: dict[str, str]
    decisions: dict[str, str]
    links: SourceLinks


class TextLinks(Shape):
    page: str
    plan: str


class SourceText(Shape):
    plan: PlanRef
    source: SourceRow
    available: bool
    text: str
    matches: list[MatchRow]
    links: TextLinks


class TaskRef(Shape):
    id: str
    text: str
    node: str
    part: str | None
    part_title: str


class Year(Shape):
    year: int | None
    evidence: list[MatchRow]
    milestones: list[str]


class ProgressFile(Shape):
    name: str
    file_id: int | None
    size: int | None
    url: str | None


class ProgressEntry(Shape):
    """A progress report beside the evidence (``services/views/progress.report_dict``)."""

    id: int
    task: str
    period: str
    state: str
    percent: float | None
    narrative: str
    evidence: list[ProgressFile]
    status: str
    status_name: str
    closes_task: bool
    submitted_by: str
    submitted_at: str
    reviewed_by: str | None
    reviewed_at: str | None
    review_comment: str | None
    sample: bool


class TimelineLinks(Shape):
    task: str
    plan: str
    json_: str = Field(alias="json")  # ``json`` is a method of every model


class TaskEvidence(Shape):
    plan: PlanRef
    task: TaskRef
    traced: bool
    years: list[Year]
    count: int
    confirmed: int
    dismissed: int
    progress: list[ProgressEntry]
    links: TimelineLinks
