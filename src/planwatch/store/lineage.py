"""Plan lineage rows: which plan implements which, and each plan's level. Flushes, never commits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.store.tables import PlanLineageRow, utcnow


@dataclass(frozen=True, slots=True)
class Lineage:
    plan_id: int
    upper_plan_id: int | None
    level: str | None


class LineageRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def all(self) -> dict[int, Lineage]:
        rows = self._session.scalars(select(PlanLineageRow)).all()
        return {r.plan_id: Lineage(r.plan_id, r.upper_plan_id, r.level) for r in rows}

    def get(self, plan_id: int) -> Lineage:
        row = self._session.get(PlanLineageRow, plan_id)
        return Lineage(plan_id, row.upper_plan_id, row.level) if row else Lineage(plan_id, None, None)

    def set(self, plan_id: int, upper_plan_id: int | None, level: str | None, *, by: str) -> None:
        row = self._session.get(PlanLineageRow, plan_id)
        if row is None:
            row = PlanLineageRow(plan_id=plan_id)
            self._session.add(row)
        row.upper_plan_id = upper_plan_id
        row.level = level
        row.updated_by = by
        row.updated_at = utcnow()
        self._session.flush()
