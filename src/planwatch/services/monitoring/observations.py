"""Recording an indicator's observed values (a year ``2026`` or a quarter ``2026Q3``), audited."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import ErrorCode, Indicator, InputError, Observation, PlanInfo, User
from planwatch.model.monitoring import (
    COMPLETED_NOTE,
)
from planwatch.services.admin import audit
from planwatch.services.monitoring.indicators import audit_target, get_indicator
from planwatch.services.monitoring.targets import completion_of, normalise_period, parse_number
from planwatch.store import revisions
from planwatch.store.monitoring import IndicatorRepository, period_key

# -- observations -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recorded:
    indicator: Indicator
    observation: Observation
    previous: Observation | None  # the value it replaced, if the period had one

    @property
    def changed(self) -> bool:
        return self.previous != self.observation


def _obs_state(o: Observation | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {"value": o.value, "source": o.source, "note": o.note, "sample": o.sample}


def write_observation(
    session: Session,
    plan: PlanInfo,
    indicator: Indicator,
    observation: Observation,
    *,
    by: User | str | None,
    action: str = "observation.record",
) -> Observation | None:
    """Store one observation (replacing the period's value) and audit it; returns the replaced one.

    Writes nothing when the period already holds exactly this observation.
    """
    repo = IndicatorRepository(session)
    current = repo.observation(indicator.id, observation.period)
    if current == observation:
        return current
    previous = repo.put_observation(observation, recorded_by=audit.who(by))
    audit.record(
        session,
        by,
        action,
        f"{audit_target(plan, indicator.name)}/period:{observation.period}",
        _obs_state(previous),
        _obs_state(observation),
    )
    return previous


def check_real(indicator: Indicator) -> None:
    if indicator.sample:
        raise InputError(
            f"“{indicator.name}”是示例数据，不能录入真实数据。",
            hint="请先新增一个真实指标，再为它录入数据。",
            code=ErrorCode.INDICATOR_SAMPLE_RECORDED,
        )


def record_observation(
    session: Session,
    plan: PlanInfo,
    name: str,
    period: str,
    value: float | str,
    *,
    source: str | None = None,
    note: str | None = None,
    by: User | str | None,
) -> Recorded:
    """Record one value of an indicator for a year ("2026") or a quarter ("2026Q3")."""
    revisions.touch_plan(session, plan.id)
    indicator = get_indicator(session, plan, name)
    check_real(indicator)
    try:
        key = normalise_period(period)
    except ValueError as exc:
        raise InputError(f"时期有误：{exc}。", hint="请写成年份 2026 或季度 2026Q3。") from exc
    done = completion_of(value) if isinstance(value, str) and indicator.target_kind == "assigned" else None
    if done is not None:
        number: float | None = 1.0 if done == COMPLETED_NOTE else 0.0
        note = done if not (note or "").strip() else f"{done}；{note}"
    elif isinstance(value, str):
        try:
            number = parse_number(value, indicator.unit)
        except ValueError as exc:
            raise InputError(
                f"数值有误：{exc}。", hint=f"请填写数字（单位：{indicator.unit or '无'}），如 3.2。"
            ) from exc
        if number is None:
            raise InputError("数值为空。", hint="请填写数字，如 3.2。")
    else:
        if not math.isfinite(value):
            raise InputError("数值不是有限的数。", hint="请填写数字，如 3.2。")
        number = float(value)
    assert number is not None
    observation = Observation(
        indicator_id=indicator.id,
        period=key,
        value=number,
        source=(source or "").strip() or None,
        note=(note or "").strip() or None,
    )
    previous = write_observation(session, plan, indicator, observation, by=by)
    return Recorded(indicator, observation, previous)


def sort_periods(periods: Iterable[str]) -> list[str]:
    return sorted(periods, key=period_key)
