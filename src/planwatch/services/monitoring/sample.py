"""示例数据 of indicators: a few Dalian indicators with made-up observations, loaded and removed in one go."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml
from sqlalchemy.orm import Session

from planwatch.model import Observation, PlanInfo, User
from planwatch.services.admin import audit
from planwatch.services.monitoring.build import IndicatorFields, build_indicator
from planwatch.services.monitoring.targets import normalise_period
from planwatch.store.monitoring import IndicatorRepository

SAMPLE_LABEL = "示例数据"
SAMPLE_SUFFIX = f"（{SAMPLE_LABEL}）"

# -- 示例数据 ---------------------------------------------------------------------------------------

SAMPLE_FILE = ("data", "sample", "indicators.yaml")


@dataclass(frozen=True, slots=True)
class SampleResult:
    indicators: int
    observations: int
    already: bool = False
    names: tuple[str, ...] = field(default=())


def _sample_spec() -> list[Mapping[str, Any]]:
    text = resources.files("planwatch").joinpath(*SAMPLE_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return list(data["indicators"])


def load_sample(session: Session, plan: PlanInfo, *, by: User | str | None) -> SampleResult:
    """Load the shipped 示例数据 into ``plan``: a few Dalian indicators, each named “…（示例数据）”,
    with made-up observations, all marked ``sample``. Loading twice changes nothing."""
    repo = IndicatorRepository(session)
    have, _ = repo.count_sample(plan.id)
    if have:
        return SampleResult(0, 0, already=True)
    created: list[str] = []
    n_obs = 0
    who = audit.who(by)
    for spec in _sample_spec():
        name = str(spec["name"]) + SAMPLE_SUFFIX
        if repo.find(plan.id, name) is not None:
            continue
        draft = build_indicator(
            plan,
            IndicatorFields(
                name=name,
                unit=str(spec.get("unit", "")),
                target=str(spec["target"]) if spec.get("target") is not None else None,
                target_year=spec.get("target_year"),
                baseline=spec.get("baseline"),
                baseline_year=spec.get("baseline_year"),
                attribute=spec.get("attribute"),
                direction=spec.get("direction"),
                category=spec.get("category"),
                data_source=spec.get("data_source") or SAMPLE_LABEL,
                department=spec.get("department"),
                sample=True,
            ),
        )
        stored = repo.add(draft, created_by=who)
        created.append(stored.name)
        for period, value in (spec.get("observations") or {}).items():
            repo.put_observation(
                Observation(
                    stored.id,
                    normalise_period(str(period)),
                    float(value),
                    source=SAMPLE_LABEL,
                    note="虚构数值，仅供演示",
                    sample=True,
                ),
                recorded_by=who,
            )
            n_obs += 1
    audit.record(
        session,
        by,
        "indicator.sample",
        f"plan:{plan.id}/sample",
        None,
        {"indicators": created, "observations": n_obs},
    )
    return SampleResult(len(created), n_obs, names=tuple(created))


def remove_sample(session: Session, plan: PlanInfo, *, by: User | str | None) -> SampleResult:
    """Delete exactly the plan's 示例数据 (sample indicators and sample observations)."""
    repo = IndicatorRepository(session)
    names = tuple(i.name for i in repo.indicators(plan.id, sample=True))
    n_ind, n_obs = repo.delete_sample(plan.id)
    if n_ind or n_obs:
        audit.record(
            session,
            by,
            "indicator.sample_remove",
            f"plan:{plan.id}/sample",
            {"indicators": list(names), "observations": n_obs},
            None,
        )
    return SampleResult(n_ind, n_obs, names=names)
