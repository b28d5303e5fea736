"""Indicators and observations in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError

from planwatch.model import Analysis, Indicator, Observation
from planwatch.store.engine import transaction
from planwatch.store.monitoring import IndicatorRepository, period_key
from planwatch.store.repositories import PlanRepository
from planwatch.store.tables import IndicatorRow, ObservationRow, PlanRow


def _plan(
    engine: Engine, make_analysis: Callable[..., Analysis], name: str = "大连", variant: str = ""
) -> int:
    with transaction(engine) as session:
        plan, _ = PlanRepository(session).add_version(name, make_analysis(variant))
    return plan.id


def _draft(plan_id: int, name: str = "研发经费投入强度", **changes: object) -> Indicator:
    base = Indicator(
        id=0,
        plan_id=plan_id,
        name=name,
        unit="%",
        category="创新驱动",
        attribute="预期性",
        direction="increase",
        baseline_value=3.0,
        baseline_year=2025,
        target_value=3.5,
        target_kind="at_least",
        target_year=2030,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_indicator_round_trip_keeps_every_field_exactly(
    engine: Engine, make_analysis: Callable[..., Analysis]
) -> None:
    plan_id = _plan(engine, make_analysis)
    full = _draft(
        plan_id,
        name="数字经济核心产业增加值占比",
        category="经济发展",
        attribute="约束性",
        direction="decrease",
        baseline_value=63.6,  # not exact in binary: float32 storage would change it
        target_value=0.1 + 0.2,
        target_kind="range",
        target_value_max=1.26e14,  # beyond 32-bit and float32
        tolerance=5e-324,
        cumulative=True,
        data_source="市统计局",
        department="大连市发展和改革委员会",
        source_quantity="p2.a4:118",
        sample=True,
    )
    bare = _draft(
        plan_id,
        name="无目标指标",
        unit="",
        baseline_value=None,
        baseline_year=None,
        target_value=None,
        target_year=None,
    )
    with transaction(engine) as session:
        repo = IndicatorRepository(session)
        stored_full = repo.add(full, created_by="张三")
        stored_bare = repo.add(bare, created_by="cli:test")
    assert stored_full.id > 0 and stored_bare.id > stored_full.id
    assert stored_full == replace(full, id=stored_full.id)
    with transaction(engine) as session:
        repo = IndicatorRepository(session)
        assert repo.get(stored_full.id) == stored_full
        assert repo.find(plan_id, "无目标指标") == stored_bare
        assert repo.find(plan_id, "没有这个") is None
        assert repo.get(2**40) is None  # out of INTEGER range: no query error on PostgreSQL
        assert repo.indicators(plan_id) == [stored_full, stored_bare]
        assert repo.indicators(plan_id, sample=True) == [stored_full]
        assert repo.indicators(plan_id, sample=False) == [stored_bare]
        created = repo.created(stored_full.id)
        assert created is not None and created[0] == "张三" and created[1].tzinfo is not None


def test_names_are_unique_per_plan_only(engine: Engine, make_analysis: Callable[..., Analysis]) -> None:
    first = _plan(engine, make_analysis, "甲")
    second = _plan(engine, make_analysis, "乙", variant="v2")
    with transaction(engine) as session:
        repo = IndicatorRepository(session)
        repo.add(_draft(first), created_by="a")
        repo.add(_draft(second), created_by="a")  # same name in another plan is fine
    with pytest.raises(IntegrityError), transaction(engine) as session:
        IndicatorRepository(session).add(_draft(first), created_by="a")
    with transaction(engine) as session:
        assert [i.plan_id for i in IndicatorRepository(session).indicators(first)] == [first]


def test_observations_replace_per_period_and_sort_by_period(
    engine: Engine, make_analysis: Callable[..., Analysis]
) -> None:
    plan_id = _plan(engine, make_analysis)
    with transaction(engine) as session:
        ind = IndicatorRepository(session).add(_draft(plan_id), created_by="a")
    with transaction(engine) as session:
        repo = IndicatorRepository(session)
        for period, value in (("2027", 3.3), ("2026Q3", 2.9), ("2026", 3.1), ("2026Q1", 0.7)):
            assert repo.put_observation(Observation(ind.id, period, value), recorded_by="a") is None
        previous = repo.put_observation(
            Observation(ind.id, "2026", 63.6, source="统计公报", note="修订"), recorded_by="b"
        )
    assert previous == Observation(ind.id, "2026", 3.1)
    with transaction(engine) as session:
        repo = IndicatorRepository(session)
        found = repo.observations(ind.id)
        assert [o.period for o in found] == ["2026", "2026Q1", "2026Q3", "2027"]
        assert found[0] == Observation(ind.id, "2026", 63.6, source="统计公报", note="修订")
        assert repo.observations_of_plan(plan_id) == {ind.id: found}
        assert repo.recorded(ind.id)["2026"][0] == "b"
        assert repo.delete_observation(ind.id, "2026Q1") == Observation(ind.id, "2026Q1", 0.7)
        assert repo.delete_observation(ind.id, "2026Q1") is None
        assert repo.observation(ind.id, "2026Q1") is None
    # The database itself refuses a second value for one period.
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.add(
            ObservationRow(indicator_id=ind.id, period="2027", value=1.0, sample=False, recorded_by="x")
        )
        session.flush()


def test_period_key_orders_years_before_their_quarters() -> None:
    periods = ["2027", "2026Q4", "2026", "2026Q1", "2025"]
    assert sorted(periods, key=period_key) == ["2025", "2026", "2026Q1", "2026Q4", "2027"]


def test_deleting_indicator_or_plan_cascades(engine: Engine, make_analysis: Callable[..., Analysis]) -> None:
    plan_id = _plan(engine, make_analysis)
    with transaction(engine) as session:
        repo = IndicatorRepository(session)
        kept = repo.add(_draft(plan_id), created_by="a")
        gone = repo.add(_draft(plan_id, name="另一个"), created_by="a")
        repo.put_observation(Observation(kept.id, "2026", 1.0), recorded_by="a")
        repo.put_observation(Observation(gone.id, "2026", 2.0), recorded_by="a")
    with transaction(engine) as session:
        IndicatorRepository(session).delete(gone.id)
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(ObservationRow)) == 1
        session.execute(delete(PlanRow).where(PlanRow.id == plan_id))
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(IndicatorRow)) == 0
        assert session.scalar(select(func.count()).select_from(ObservationRow)) == 0


def test_delete_sample_removes_exactly_the_sample_rows(
    engine: Engine, make_analysis: Callable[..., Analysis]
) -> None:
    plan_id = _plan(engine, make_analysis)
    other_plan = _plan(engine, make_analysis, "乙", variant="v2")
    with transaction(engine) as session:
        repo = IndicatorRepository(session)
        real = repo.add(_draft(plan_id), created_by="a")
        demo = repo.add(_draft(plan_id, name="示例（示例数据）", sample=True), created_by="a")
        elsewhere = repo.add(_draft(other_plan, name="示例（示例数据）", sample=True), created_by="a")
        repo.put_observation(Observation(real.id, "2026", 3.1), recorded_by="a")
        repo.put_observation(Observation(real.id, "2027", 3.2, sample=True), recorded_by="a")
        repo.put_observation(Observation(demo.id, "2026", 9.0, sample=True), recorded_by="a")
        repo.put_observation(Observation(elsewhere.id, "2026", 9.0, sample=True), recorded_by="a")
        assert repo.count_sample(plan_id) == (1, 2)
    with transaction(engine) as session:
        assert IndicatorRepository(session).delete_sample(plan_id) == (1, 2)
    with transaction(engine) as session:
        repo = IndicatorRepository(session)
        assert repo.indicators(plan_id) == [real]
        assert repo.observations(real.id) == [Observation(real.id, "2026", 3.1)]
        assert repo.count_sample(plan_id) == (0, 0)
        assert repo.count_sample(other_plan) == (1, 1)  # another plan's sample data stays
