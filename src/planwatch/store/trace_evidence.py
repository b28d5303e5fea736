"""Evidence sources of a plan and the matches proposed from them (issue 19), as model objects.

Like every repository this one flushes and never commits: the caller's transaction decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from planwatch.model.trace import DECISIONS, EVIDENCE_KINDS, Evidence, StoredMatch, StoredSource
from planwatch.model.vocabulary import one_of
from planwatch.store.rows import from_row
from planwatch.store.tables import EvidenceMatchRow, EvidenceSourceRow, PlanVersionRow, SourceDocumentRow


def _source(row: EvidenceSourceRow) -> StoredSource:
    return from_row(StoredSource, row)


def _match(row: EvidenceMatchRow) -> StoredMatch:
    return from_row(
        StoredMatch,
        row,
        kind=one_of(row.kind, EVIDENCE_KINDS),
        terms=tuple(row.terms or ()),
        decision=one_of(row.decision, DECISIONS),
    )


class EvidenceTraceRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def source_by_sha(self, plan_id: int, sha256: str) -> StoredSource | None:
        row = self.session.scalar(
            select(EvidenceSourceRow).where(
                EvidenceSourceRow.plan_id == plan_id, EvidenceSourceRow.sha256 == sha256
            )
        )
        return _source(row) if row is not None else None

    def add_source(
        self,
        plan_id: int,
        *,
        name: str,
        title: str,
        year: int | None,
        kind: str,
        source_version_id: int | None,
        sha256: str,
        text: str | None,
        threshold: float,
        added_by: str,
    ) -> StoredSource:
        row = EvidenceSourceRow(
            plan_id=plan_id,
            name=name,
            title=title,
            year=year,
            kind=kind,
            source_version_id=source_version_id,
            sha256=sha256,
            text=text,
            threshold=threshold,
            added_by=added_by,
        )
        self.session.add(row)
        self.session.flush()
        return _source(row)

    def sources(self, plan_id: int) -> list[StoredSource]:
        rows = self.session.scalars(
            select(EvidenceSourceRow)
            .where(EvidenceSourceRow.plan_id == plan_id)
            .order_by(EvidenceSourceRow.year, EvidenceSourceRow.id)
        )
        return [_source(r) for r in rows]

    def source(self, source_id: int) -> StoredSource | None:
        row = self.session.get(EvidenceSourceRow, source_id)
        return _source(row) if row is not None else None

    def version_text(self, version_id: int) -> str | None:
        """The text of a stored plan version (the source of a kind=plan evidence source)."""
        return self.session.scalar(
            select(SourceDocumentRow.text)
            .join(PlanVersionRow, PlanVersionRow.document_id == SourceDocumentRow.id)
            .where(PlanVersionRow.id == version_id)
        )

    def source_text(self, source_id: int) -> str | None:
        return self.session.scalar(select(EvidenceSourceRow.text).where(EvidenceSourceRow.id == source_id))

    def remove_source(self, source_id: int) -> None:
        # explicit rather than left to ON DELETE CASCADE: the session may hold the match rows
        self.session.execute(delete(EvidenceMatchRow).where(EvidenceMatchRow.source_id == source_id))
        self.session.execute(delete(EvidenceSourceRow).where(EvidenceSourceRow.id == source_id))
        self.session.flush()

    def add_matches(
        self, plan_id: int, source_id: int, found: Iterable[tuple[str, str, Evidence]]
    ) -> list[StoredMatch]:
        """``found``: (task key, task text, evidence) triples."""
        rows = [
            EvidenceMatchRow(
                plan_id=plan_id,
                source_id=source_id,
                task_key=key,
                task_text=text,
                node=e.node,
                start=e.start,
                end=e.end,
                sentence=e.sentence,
                kind=e.kind,
                score=e.score,
                terms=list(e.terms),
                decision="proposed",
            )
            for key, text, e in found
        ]
        self.session.add_all(rows)
        self.session.flush()
        return [_match(r) for r in rows]

    def matches(
        self, plan_id: int, *, task_key: str | None = None, source_id: int | None = None
    ) -> list[StoredMatch]:
        query = select(EvidenceMatchRow).where(EvidenceMatchRow.plan_id == plan_id)
        if task_key is not None:
            query = query.where(EvidenceMatchRow.task_key == task_key)
        if source_id is not None:
            query = query.where(EvidenceMatchRow.source_id == source_id)
        rows = self.session.scalars(
            query.order_by(
                EvidenceMatchRow.task_key, EvidenceMatchRow.source_id, EvidenceMatchRow.score.desc()
            )
        )
        return [_match(r) for r in rows]

    def match(self, match_id: int) -> StoredMatch | None:
        row = self.session.get(EvidenceMatchRow, match_id)
        return _match(row) if row is not None else None

    def decide(self, match_id: int, decision: str, by: str, at: datetime) -> StoredMatch:
        row = self.session.get(EvidenceMatchRow, match_id)
        assert row is not None
        row.decision = decision
        row.decided_by = by if decision != "proposed" else None
        row.decided_at = at if decision != "proposed" else None
        self.session.flush()
        return _match(row)
