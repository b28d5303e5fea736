"""从统计公报/工作报告提取数据: proposed indicator values, their review and provenance."""

from __future__ import annotations

from planwatch.web.schemas.common import Shape


class PlanRef(Shape):
    id: int
    name: str


class ProposalIndicator(Shape):
    id: int
    name: str
    unit: str


class ProposalDocument(Shape):
    name: str
    sha256: str


class ProposalSentence(Shape):
    text: str
    start: int
    figure_start: int
    figure_end: int
    before: str
    figure: str
    after: str


class CurrentValue(Shape):
    value: float
    value_text: str
    source: str | None


class Proposal(Shape):
    id: int
    indicator: ProposalIndicator
    period: str
    value: float
    value_text: str
    original: str
    score: float
    reasons: list[str]
    status: str
    status_name: str
    document: ProposalDocument
    sentence: ProposalSentence
    created_by: str
    created_at: str
    reviewed_by: str | None
    reviewed_at: str | None
    accepted_value: float | None
    accepted_value_text: str
    accepted_period: str | None
    edited: bool
    observation_id: int | None


class ListedProposal(Proposal):
    current: CurrentValue | None


class ProposalsPage(Shape):
    plan: PlanRef
    status: str | None
    counts: dict[str, int]
    proposals: list[ListedProposal]


class IndicatorRef(Shape):
    id: int
    name: str


class Provenance(Shape):
    indicator: IndicatorRef
    periods: dict[str, Proposal]


class ReadDocument(Shape):
    name: str
    sha256: str
    title: str | None
    format: str
    figures: int
    targets_skipped: int


class Untracked(Shape):
    subject: str
    value: float
    unit: str
    year: int
    text: str
    start: int
    end: int


class Run(Shape):
    plan: PlanRef
    document: ReadDocument
    year: int | None
    accept_above: float | None
    created: list[ListedProposal]
    already_proposed: list[ListedProposal]
    accepted: list[Proposal]
    missing: list[ProposalIndicator]
    untracked: list[Untracked]
