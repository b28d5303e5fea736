"""A plan's issuer and catalogue as a person set them, and re-written proposals under them."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, select
from sqlalchemy.orm import Session

from planwatch.model import Analysis, Assignment
from planwatch.store.repositories import _assignment_rows
from planwatch.store.tables import AssignmentRow, PlanCatalogueChoiceRow, PlanRow, PlanVersionRow, utcnow

CHOICES = ("auto", "issuer", "configured")


@dataclass(frozen=True, slots=True)
class PlanIssuer:
    """A stored plan with the issuer read from its latest version and a person's choice, if any."""

    plan_id: int
    name: str
    title: str | None
    detected: dict[str, Any] | None  # Issuer fields as stored in the Analysis
    choice: CatalogueChoice | None


@dataclass(frozen=True, slots=True)
class CatalogueChoice:
    plan_id: int
    issuer_name: str | None  # None: the issuer read from the document
    issuer_level: str | None
    catalogue: str  # one of CHOICES
    decided_by: str
    decided_at: datetime


class PlanCatalogueRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, plan_id: int) -> CatalogueChoice | None:
        row = self._session.get(PlanCatalogueChoiceRow, plan_id)
        return None if row is None else _choice(row)

    def save(
        self,
        plan_id: int,
        *,
        issuer_name: str | None,
        issuer_level: str | None,
        catalogue: str,
        decided_by: str,
    ) -> CatalogueChoice:
        row = self._session.get(PlanCatalogueChoiceRow, plan_id)
        if row is None:
            row = PlanCatalogueChoiceRow(plan_id=plan_id)
            self._session.add(row)
        row.issuer_name = issuer_name
        row.issuer_level = issuer_level
        row.catalogue = catalogue
        row.decided_by = decided_by
        row.decided_at = utcnow()
        self._session.flush()
        return _choice(row)

    def clear(self, plan_id: int) -> bool:
        row = self._session.get(PlanCatalogueChoiceRow, plan_id)
        if row is None:
            return False
        self._session.delete(row)
        self._session.flush()
        return True

    def plan_issuers(self) -> list[PlanIssuer]:
        """Every plan with its detected issuer, read from the stored Analysis without loading it whole."""
        latest = (
            select(PlanVersionRow.plan_id, func.max(PlanVersionRow.number).label("number"))
            .group_by(PlanVersionRow.plan_id)
            .subquery()
        )
        issuer = PlanVersionRow.analysis[("document", "issuer")]
        rows = self._session.execute(
            select(PlanRow.id, PlanRow.name, PlanRow.title, issuer)
            .join(latest, latest.c.plan_id == PlanRow.id)
            .join(
                PlanVersionRow,
                and_(PlanVersionRow.plan_id == PlanRow.id, PlanVersionRow.number == latest.c.number),
            )
            .order_by(PlanRow.id)
        ).all()
        choices = {row.plan_id: _choice(row) for row in self._session.scalars(select(PlanCatalogueChoiceRow))}
        return [
            PlanIssuer(
                plan_id=pid,
                name=name,
                title=title,
                detected=found if isinstance(found, dict) else None,
                choice=choices.get(pid),
            )
            for pid, name, title, found in rows
        ]

    def version_ids(self, plan_id: int) -> list[int]:
        return list(
            self._session.scalars(
                select(PlanVersionRow.id)
                .where(PlanVersionRow.plan_id == plan_id)
                .order_by(PlanVersionRow.number)
            )
        )

    def replace_proposals(
        self, version_id: int, analysis: Analysis, assignments: Sequence[Assignment], catalogue_note: str
    ) -> None:
        """The proposals of a version, computed again (under another issuer or catalogue); a person's
        decisions are kept apart and still apply."""
        self._session.execute(delete(AssignmentRow).where(AssignmentRow.version_id == version_id))
        rows = _assignment_rows(version_id, _with(analysis, assignments))
        if rows:
            self._session.execute(insert(AssignmentRow), rows)
        version = self._session.get_one(PlanVersionRow, version_id)
        stored = dict(version.analysis)
        stored["document"] = {**(stored.get("document") or {}), "catalogue": catalogue_note}
        version.analysis = stored
        version.analysis_token = secrets.token_hex(16)
        self._session.flush()


def _with(analysis: Analysis, assignments: Sequence[Assignment]) -> Analysis:
    return replace(analysis, assignments=tuple(assignments))


def _choice(row: PlanCatalogueChoiceRow) -> CatalogueChoice:
    return CatalogueChoice(
        plan_id=row.plan_id,
        issuer_name=row.issuer_name,
        issuer_level=row.issuer_level,
        catalogue=row.catalogue,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )
