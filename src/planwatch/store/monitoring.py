"""Indicators of a plan and their observed values, as ``planwatch.model`` objects.

Indicators belong to the plan, not to a version of its document, so re-analysis and new versions
leave them alone. An observation is one value per indicator and period ("2026", "2026Q3"): writing a
period again replaces the value (the service layer records the old one in the audit log).

Like every repository this one flushes and never commits: the caller's transaction decides.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from planwatch.model import Indicator, Observation
from planwatch.store.repositories import _valid_id
from planwatch.store.tables import IndicatorRow, ObservationRow, utcnow

_INDICATOR_FIELDS = tuple(f.name for f in fields(Indicator))
_OBSERVATION_FIELDS = tuple(f.name for f in fields(Observation))
# Everything a caller may set; ``id`` and ``plan_id`` are the row's identity.
_EDITABLE = tuple(n for n in _INDICATOR_FIELDS if n not in ("id", "plan_id"))


def _indicator(row: IndicatorRow) -> Indicator:
    return Indicator(**{name: getattr(row, name) for name in _INDICATOR_FIELDS})


def _observation(row: ObservationRow) -> Observation:
    return Observation(**{name: getattr(row, name) for name in _OBSERVATION_FIELDS})


def period_key(period: str) -> tuple[int, int]:
    """Sort key of a period: a year before its quarters ("2026" < "2026Q1" < "2027")."""
    year, _, quarter = period.partition("Q")
    return (int(year) if year.isdigit() else 0, int(quarter) if quarter.isdigit() else 0)


class IndicatorRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- indicators ------------------------------------------------------------------------------

    def indicators(self, plan_id: int, *, sample: bool | None = None) -> list[Indicator]:
        """The plan's indicators in the order they were created; ``sample`` filters 示例数据."""
        query = select(IndicatorRow).where(IndicatorRow.plan_id == plan_id)
        if sample is not None:
            query = query.where(IndicatorRow.sample == sample)
        return [_indicator(r) for r in self._session.scalars(query.order_by(IndicatorRow.id))]

    def get(self, indicator_id: int) -> Indicator | None:
        if not _valid_id(indicator_id):
            return None
        row = self._session.get(IndicatorRow, indicator_id)
        return None if row is None else _indicator(row)

    def find(self, plan_id: int, name: str) -> Indicator | None:
        row = self._session.scalars(
            select(IndicatorRow).where(IndicatorRow.plan_id == plan_id, IndicatorRow.name == name)
        ).one_or_none()
        return None if row is None else _indicator(row)

    def add(self, draft: Indicator, *, created_by: str) -> Indicator:
        """Store ``draft`` (its ``id`` is ignored) and return it with the id it got."""
        row = IndicatorRow(
            plan_id=draft.plan_id,
            created_by=created_by,
            created_at=utcnow(),
            **{name: getattr(draft, name) for name in _EDITABLE},
        )
        self._session.add(row)
        self._session.flush()
        return _indicator(row)

    def update(self, indicator: Indicator) -> Indicator:
        """Write every field of ``indicator`` over the stored row with its id."""
        row = self._session.get_one(IndicatorRow, indicator.id)
        for name in _EDITABLE:
            setattr(row, name, getattr(indicator, name))
        self._session.flush()
        return _indicator(row)

    def delete(self, indicator_id: int) -> None:
        """Remove an indicator and (by cascade) its observations."""
        self._session.execute(delete(ObservationRow).where(ObservationRow.indicator_id == indicator_id))
        self._session.execute(delete(IndicatorRow).where(IndicatorRow.id == indicator_id))
        self._session.flush()

    def created(self, indicator_id: int) -> tuple[str, datetime] | None:
        """Who created an indicator and when (UTC), or None if there is no such indicator."""
        row = self._session.execute(
            select(IndicatorRow.created_by, IndicatorRow.created_at).where(IndicatorRow.id == indicator_id)
        ).first()
        return None if row is None else (row[0], row[1])

    # -- observations ----------------------------------------------------------------------------

    def observations(self, indicator_id: int) -> list[Observation]:
        """An indicator's observations, by period."""
        rows = self._session.scalars(
            select(ObservationRow).where(ObservationRow.indicator_id == indicator_id)
        )
        return sorted((_observation(r) for r in rows), key=lambda o: period_key(o.period))

    def observations_of_plan(self, plan_id: int) -> dict[int, list[Observation]]:
        """Every observation of the plan's indicators: indicator id -> observations by period."""
        rows = self._session.scalars(
            select(ObservationRow)
            .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator_id)
            .where(IndicatorRow.plan_id == plan_id)
        )
        found: dict[int, list[Observation]] = defaultdict(list)
        for r in rows:
            found[r.indicator_id].append(_observation(r))
        return {k: sorted(v, key=lambda o: period_key(o.period)) for k, v in found.items()}

    def observation(self, indicator_id: int, period: str) -> Observation | None:
        row = self._row(indicator_id, period)
        return None if row is None else _observation(row)

    def _row(self, indicator_id: int, period: str) -> ObservationRow | None:
        return self._session.scalars(
            select(ObservationRow).where(
                ObservationRow.indicator_id == indicator_id, ObservationRow.period == period
            )
        ).one_or_none()

    def put_observation(self, observation: Observation, *, recorded_by: str) -> Observation | None:
        """Store ``observation``, replacing the indicator's value for that period if there is one.

        Returns the observation it replaced, or None when the period was new.
        """
        row = self._row(observation.indicator_id, observation.period)
        previous = None if row is None else _observation(row)
        if row is None:
            row = ObservationRow(indicator_id=observation.indicator_id, period=observation.period)
            self._session.add(row)
        row.value = observation.value
        row.source = observation.source
        row.note = observation.note
        row.sample = observation.sample
        row.recorded_by = recorded_by
        row.recorded_at = utcnow()
        self._session.flush()
        return previous

    def delete_observation(self, indicator_id: int, period: str) -> Observation | None:
        """Remove one observation; returns it, or None if there was none."""
        row = self._row(indicator_id, period)
        if row is None:
            return None
        previous = _observation(row)
        self._session.delete(row)
        self._session.flush()
        return previous

    def recorded(self, indicator_id: int) -> dict[str, tuple[str, datetime]]:
        """Who recorded each period of an indicator and when (UTC): period -> (username, time)."""
        rows = self._session.execute(
            select(ObservationRow.period, ObservationRow.recorded_by, ObservationRow.recorded_at).where(
                ObservationRow.indicator_id == indicator_id
            )
        )
        return {period: (by, at) for period, by, at in rows}

    # -- 示例数据 --------------------------------------------------------------------------------

    def count_sample(self, plan_id: int) -> tuple[int, int]:
        """How many sample indicators and sample observations the plan has."""
        indicators = self._session.scalar(
            select(func.count(IndicatorRow.id)).where(
                IndicatorRow.plan_id == plan_id, IndicatorRow.sample.is_(True)
            )
        )
        observations = self._session.scalar(
            select(func.count(ObservationRow.id))
            .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator_id)
            .where(IndicatorRow.plan_id == plan_id, ObservationRow.sample.is_(True))
        )
        return indicators or 0, observations or 0

    def delete_sample(self, plan_id: int) -> tuple[int, int]:
        """Remove exactly the plan's sample rows: sample observations (wherever they are) and sample
        indicators. Returns how many of each were removed."""
        counts = self.count_sample(plan_id)
        of_plan = select(IndicatorRow.id).where(IndicatorRow.plan_id == plan_id)
        self._session.execute(
            delete(ObservationRow).where(
                ObservationRow.sample.is_(True), ObservationRow.indicator_id.in_(of_plan)
            )
        )
        self._session.execute(
            delete(IndicatorRow).where(IndicatorRow.plan_id == plan_id, IndicatorRow.sample.is_(True))
        )
        self._session.flush()
        return counts
