"""Observation proposals of a plan (figures read from a document, waiting for review), as
``planwatch.model.proposals`` objects. Flushes, never commits: the caller's transaction decides."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from planwatch.model.proposals import PROPOSAL_STATES, ObservationProposal, ProposalDraft
from planwatch.model.vocabulary import one_of
from planwatch.store.repositories import _valid_id
from planwatch.store.rows import from_row
from planwatch.store.tables import IndicatorRow, ObservationProposalRow, ObservationRow, utcnow


def _proposal(row: ObservationProposalRow, indicator: IndicatorRow) -> ObservationProposal:
    return from_row(
        ObservationProposal,
        row,
        indicator_name=indicator.name,
        unit=indicator.unit,
        reasons=tuple(row.reasons),
        status=one_of(row.status, PROPOSAL_STATES),
    )


def _joined() -> Select[ObservationProposalRow, IndicatorRow]:
    return select(ObservationProposalRow, IndicatorRow).join(
        IndicatorRow, IndicatorRow.id == ObservationProposalRow.indicator_id
    )


class ProposalRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def find(self, draft: ProposalDraft) -> ObservationProposal | None:
        """The proposal made earlier for the same figure of the same document and indicator."""
        existing = self._session.scalar(
            select(ObservationProposalRow.id).where(
                ObservationProposalRow.indicator_id == draft.indicator_id,
                ObservationProposalRow.document_sha256 == draft.document_sha256,
                ObservationProposalRow.document_start == draft.document_start,
                ObservationProposalRow.figure_start == draft.figure_start,
            )
        )
        return None if existing is None else self.get(existing)

    def add(self, draft: ProposalDraft, *, created_by: str) -> ObservationProposal:
        """Store a pending proposal (the caller checks :meth:`find` first)."""
        row = ObservationProposalRow(
            **{**asdict(draft), "reasons": list(draft.reasons)},
            status="pending",
            created_by=created_by,
            created_at=utcnow(),
        )
        self._session.add(row)
        self._session.flush()
        return _proposal(row, self._session.get_one(IndicatorRow, draft.indicator_id))

    def get(self, proposal_id: int) -> ObservationProposal | None:
        if not _valid_id(proposal_id):
            return None
        found = self._session.execute(_joined().where(ObservationProposalRow.id == proposal_id)).first()
        return None if found is None else _proposal(found[0], found[1])

    def of_plan(
        self, plan_id: int, *, status: str | None = None, document_sha256: str | None = None
    ) -> list[ObservationProposal]:
        """The plan's proposals: pending first, then by document order of their figures."""
        query = _joined().where(ObservationProposalRow.plan_id == plan_id)
        if status is not None:
            query = query.where(ObservationProposalRow.status == status)
        if document_sha256 is not None:
            query = query.where(ObservationProposalRow.document_sha256 == document_sha256)
        rows = self._session.execute(query.order_by(ObservationProposalRow.id)).all()
        found = [_proposal(r[0], r[1]) for r in rows]
        order = {"pending": 0, "accepted": 1, "rejected": 2}
        return sorted(found, key=lambda p: (order.get(p.status, 3), p.document_name, p.document_start, p.id))

    def decide(
        self,
        proposal_id: int,
        *,
        status: str,
        by: str,
        value: float | None = None,
        period: str | None = None,
        observation_id: int | None = None,
    ) -> ObservationProposal:
        row = self._session.get_one(ObservationProposalRow, proposal_id)
        row.status = status
        row.reviewed_by = by
        row.reviewed_at = utcnow()
        row.accepted_value = value
        row.accepted_period = period
        row.observation_id = observation_id
        self._session.flush()
        found = self.get(proposal_id)
        assert found is not None
        return found

    def observation_id(self, indicator_id: int, period: str) -> int | None:
        return self._session.scalar(
            select(ObservationRow.id).where(
                ObservationRow.indicator_id == indicator_id, ObservationRow.period == period
            )
        )

    def provenance(self, indicator_id: int) -> dict[str, ObservationProposal]:
        """period -> the accepted proposal an indicator's current observation came from, for the
        observations that still hold the accepted value (a later manual correction breaks the link)."""
        rows = self._session.execute(
            _joined()
            .add_columns(ObservationRow.period, ObservationRow.value)
            .join(ObservationRow, ObservationRow.id == ObservationProposalRow.observation_id)
            .where(
                ObservationProposalRow.indicator_id == indicator_id,
                ObservationProposalRow.status == "accepted",
            )
            .order_by(ObservationProposalRow.reviewed_at)
        ).all()
        found: dict[str, ObservationProposal] = {}
        for proposal_row, indicator_row, period, value in rows:
            if proposal_row.accepted_period == period and proposal_row.accepted_value == value:
                found[period] = _proposal(proposal_row, indicator_row)
        return found

    def count_pending(self, plan_id: int) -> int:
        return (
            self._session.scalar(
                select(func.count(ObservationProposalRow.id)).where(
                    ObservationProposalRow.plan_id == plan_id, ObservationProposalRow.status == "pending"
                )
            )
            or 0
        )
