"""Observation proposals: figures read from a statistical bulletin or work report, matched to an
indicator and waiting for a person to accept, edit or reject them (issue 9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

ProposalState = Literal["pending", "accepted", "rejected"]
PROPOSAL_STATES: tuple[ProposalState, ...] = get_args(ProposalState)
PROPOSAL_STATE_NAMES: dict[ProposalState, str] = {
    "pending": "待审核",
    "accepted": "已采纳",
    "rejected": "已驳回",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposalDraft:
    """A figure matched to an indicator, as it is proposed: what a stored proposal starts from.

    ``sentence`` is the source sentence; ``figure_start``/``figure_end`` index the figure inside
    it; ``document_start`` is the sentence's offset in the document text. ``value`` is converted to
    the indicator's unit; ``original`` is the figure as printed (126万亿元)."""

    plan_id: int
    indicator_id: int
    period: str
    value: float
    original: str
    document_name: str
    document_sha256: str
    sentence: str
    document_start: int
    figure_start: int
    figure_end: int
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ObservationProposal(ProposalDraft):
    """A stored proposal: its draft, the indicator's name and unit, and where its review stands."""

    id: int
    indicator_name: str
    unit: str
    status: ProposalState
    created_by: str
    created_at: datetime
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    accepted_value: float | None = None  # what was written, after an edit
    accepted_period: str | None = None
    observation_id: int | None = None  # the observation an acceptance wrote

    @property
    def figure(self) -> str:
        return self.sentence[self.figure_start : self.figure_end]

    @property
    def edited(self) -> bool:
        return self.status == "accepted" and (
            self.accepted_value != self.value or self.accepted_period != self.period
        )
