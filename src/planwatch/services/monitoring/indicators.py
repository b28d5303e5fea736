"""Indicator use cases: find, add, change, remove, list and show a plan's indicators. The session
is passed in; every change is audited in it. Cells are read by ``targets``, indicators built by
``build``, observations recorded by ``observations``. Files are read into grids by ``grids`` and
imported by ``indicator_import`` (主要指标表) and ``observation_import`` (observation sheets).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import ErrorCode, Indicator, InputError, NotFoundError, Observation, PlanInfo, User
from planwatch.model.monitoring import (
    TARGET_KIND_NAMES,
)
from planwatch.services.admin import audit
from planwatch.services.monitoring.build import IndicatorFields, IndicatorValues, build_indicator
from planwatch.services.monitoring.targets import DIRECTION_NAMES, fold, format_target, normalise_kind_or_none
from planwatch.store.monitoring import IndicatorRepository


def audit_target(plan: PlanInfo, name: str) -> str:
    return f"plan:{plan.id}/indicator:{name}"


def store_indicator(session: Session, draft: Indicator, *, by: User | str | None, action: str) -> Indicator:
    """Store a built indicator and audit it. The name must be free (callers check and report)."""
    repo = IndicatorRepository(session)
    stored = repo.add(draft, created_by=audit.who(by))
    audit.record(session, by, action, f"plan:{draft.plan_id}/indicator:{draft.name}", None, _state(stored))
    return stored


def _state(ind: Indicator) -> dict[str, Any]:
    return {k: v for k, v in _asdict(ind).items() if k not in ("id", "plan_id")}


def _asdict(ind: Indicator) -> dict[str, Any]:
    return asdict(ind)


def _taken(plan: PlanInfo, name: str) -> InputError:
    return InputError(
        f"规划“{plan.name}”已有名为“{name}”的指标。",
        hint="请换一个名称，或修改已有指标。",
        code=ErrorCode.INDICATOR_NAME_TAKEN,
        params={"plan": plan.name, "name": name},
    )


def add_indicator(
    session: Session, plan: PlanInfo, fields: IndicatorFields, *, by: User | str | None
) -> Indicator:
    """Create one indicator by hand."""
    draft = build_indicator(plan, fields)
    if draft.sample:
        raise InputError("示例数据不能逐个新增，只能整套加载。", code=ErrorCode.INDICATOR_SAMPLE_ADDED)
    if IndicatorRepository(session).find(plan.id, draft.name) is not None:
        raise _taken(plan, draft.name)
    return store_indicator(session, draft, by=by, action="indicator.add")


def get_indicator(session: Session, plan: PlanInfo, name: str) -> Indicator:
    """An indicator of ``plan`` by exact name (then ignoring spaces and full-width forms), or by id."""
    repo = IndicatorRepository(session)
    found = repo.find(plan.id, name.strip())
    if found is not None:
        return found
    every = repo.indicators(plan.id)
    folded = {fold(i.name): i for i in every}
    if fold(name) in folded:
        return folded[fold(name)]
    ref = name.strip().lstrip("#")
    if ref.isdecimal():
        by_id = repo.get(int(ref))
        if by_id is not None and by_id.plan_id == plan.id:
            return by_id
    close = suggest(name, every)
    raise NotFoundError(
        f"规划“{plan.name}”中没有名为“{name}”的指标。",
        hint=close + "请核对指标的名称。",
        code=ErrorCode.INDICATOR_NOT_FOUND,
        params={"plan": plan.name, "close": close},
    )


def suggest(name: str, indicators: Iterable[Indicator]) -> str:
    """“是否指：…？” naming the indicators whose names are close to ``name``; empty if none is."""
    names = [i.name for i in indicators]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
    return "是否指：" + "、".join(f"“{c}”" for c in close) + "？" if close else ""


@dataclass(frozen=True, slots=True, kw_only=True)
class IndicatorChanges(IndicatorValues):
    """Fields to change of a stored indicator, as in :class:`IndicatorFields`; None leaves one as it is."""

    name: str | None = None
    unit: str | None = None


def fields_of(ind: Indicator) -> IndicatorFields:
    """The fields that build ``ind`` again (its target as numbers, or in words when it has none)."""
    return IndicatorFields(
        name=ind.name,
        unit=ind.unit,
        target=ind.target_value,
        target_max=ind.target_value_max,
        kind=ind.target_kind if ind.target_value is not None or ind.target_kind == "assigned" else None,
        tolerance=ind.tolerance,
        target_year=ind.target_year,
        baseline=ind.baseline_value,
        baseline_year=ind.baseline_year,
        attribute=ind.attribute,
        direction=ind.direction,
        category=ind.category,
        cumulative=ind.cumulative,
        annual=ind.annual,
        data_source=ind.data_source,
        department=ind.department,
        source_quantity=ind.source_quantity,
        relation=ind.relation,
        relation_to=ind.relation_to,
        target_note=ind.target_note,
    )


def update_indicator(
    session: Session, plan: PlanInfo, ref: str, changes: IndicatorChanges, *, by: User | str | None
) -> Indicator:
    """Change the given fields of an indicator. The result is validated whole, as if it were created
    with the changed fields."""
    current = get_indicator(session, plan, ref)
    if current.sample:
        raise InputError(
            "示例数据不能修改。",
            hint="如不再需要，请删除示例数据。",
            code=ErrorCode.INDICATOR_SAMPLE_READONLY,
            params={"plan": plan.name},
        )
    merged = fields_of(current)
    given: dict[str, Any] = {k: v for k, v in asdict(changes).items() if v is not None}
    implied: dict[str, Any] = {}
    if "target" in given or "kind" in given:
        # A new target replaces a relative or assigned one.
        implied |= dict.fromkeys(("relation", "relation_to", "target_note"))
        if merged.kind in ("relative", "assigned"):
            implied["kind"] = None
    if isinstance(given.get("target"), str):
        # A new target cell says its own kind, range end and tolerance.
        implied |= dict.fromkeys(("kind", "target_max", "tolerance", "cumulative", "annual"))
    if "kind" in given and normalise_kind_or_none(given["kind"]) != "range":
        implied["target_max"] = None
    if "kind" in given and normalise_kind_or_none(given["kind"]) != "about":
        implied["tolerance"] = None
    draft = build_indicator(plan, replace(merged, **(implied | given)))
    if draft.name != current.name and IndicatorRepository(session).find(plan.id, draft.name) is not None:
        raise _taken(plan, draft.name)
    return replace_indicator(session, plan, current, draft, by=by)


def replace_indicator(
    session: Session, plan: PlanInfo, current: Indicator, draft: Indicator, *, by: User | str | None
) -> Indicator:
    """Store ``draft`` (built whole, as from an edit form) over ``current`` and audit the change."""
    updated = replace(draft, id=current.id, plan_id=current.plan_id)
    if updated == current:
        return current
    stored = IndicatorRepository(session).update(updated)
    audit.record(
        session, by, "indicator.update", audit_target(plan, current.name), _state(current), _state(stored)
    )
    return stored


def remove_indicator(session: Session, plan: PlanInfo, name: str, *, by: User | str | None) -> Indicator:
    """Delete an indicator and its observations (the audit log keeps what it was)."""
    current = get_indicator(session, plan, name)
    repo = IndicatorRepository(session)
    observations = repo.observations(current.id)
    repo.delete(current.id)
    before = _state(current) | {"observations": {o.period: o.value for o in observations}}
    audit.record(session, by, "indicator.remove", audit_target(plan, current.name), before, None)
    return current


# -- listing and showing ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorView:
    indicator: Indicator
    observations: tuple[Observation, ...] = ()

    @property
    def latest(self) -> Observation | None:
        return self.observations[-1] if self.observations else None


def list_indicators(session: Session, plan: PlanInfo, *, sample: bool | None = None) -> list[IndicatorView]:
    repo = IndicatorRepository(session)
    observations = repo.observations_of_plan(plan.id)
    return [
        IndicatorView(i, tuple(observations.get(i.id, ()))) for i in repo.indicators(plan.id, sample=sample)
    ]


def show_indicator(session: Session, plan: PlanInfo, name: str) -> IndicatorView:
    ind = get_indicator(session, plan, name)
    return IndicatorView(ind, tuple(IndicatorRepository(session).observations(ind.id)))


def indicator_dict(view: IndicatorView) -> dict[str, Any]:
    """JSON shape of an indicator with its observations (CLI ``--format json``, web API)."""
    ind = view.indicator
    return {
        **_asdict(ind),
        "target_text": format_target(ind),
        "target_kind_name": TARGET_KIND_NAMES.get(ind.target_kind, ind.target_kind),
        "direction_name": DIRECTION_NAMES.get(ind.direction, ind.direction),
        "observations": [_asdict_obs(o) for o in view.observations],
    }


def _asdict_obs(o: Observation) -> dict[str, Any]:
    return {"period": o.period, "value": o.value, "source": o.source, "note": o.note, "sample": o.sample}
