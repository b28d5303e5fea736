"""A real city 主要指标表 (tests/indicator_tables.py) imported whole from .docx and .xlsx, its
relative, cumulative, annual and assigned targets stored as such, and the statuses a year's
observations give. Database tests run on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from test_indicators import _tiny_analysis

import indicator_tables as city
from planwatch.model import PlanInfo
from planwatch.services.indicator_import import (
    ImportRejected,
    grids_of,
    import_indicator_table,
    import_observations,
    plan_indicator_table,
)
from planwatch.services.indicators import find_plan, list_indicators
from planwatch.services.monitoring_views import indicator_page, indicators_page
from planwatch.services.plans import import_analysis
from planwatch.store.engine import transaction
from planwatch.store.tables import IndicatorRow, ObservationRow


def _plan(engine: Engine) -> PlanInfo:
    with transaction(engine) as session:
        return import_analysis(session, _tiny_analysis(), "某市十五五").plan


def _statuses(engine: Engine, plan: PlanInfo) -> dict[tuple[str, int], str]:
    """(indicator, year) → status name, from each indicator's page (as a planner sees it)."""
    from datetime import date

    found: dict[tuple[str, int], str] = {}
    with transaction(engine) as session:
        for row in indicators_page(session, str(plan.id), today=date(2028, 6, 30))["indicators"]:
            page = indicator_page(session, str(plan.id), row["id"], today=date(2028, 6, 30))
            for y in page["years"]:
                found[(row["name"], y["year"])] = y["status_name"]
    return found


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_city_table_imports_whole(engine: Engine, tmp_path: Path, suffix: str) -> None:
    plan = _plan(engine)
    path = tmp_path / f"主要指标表{suffix}"
    (city.write_docx if suffix == ".docx" else city.write_xlsx)(path)
    with transaction(engine) as session:
        result = import_indicator_table(session, plan, path, by="pytest")
    assert not result.problems
    assert [i.name for i in result.created] == city.names()
    with transaction(engine) as session:
        by_name = {v.indicator.name: v.indicator for v in list_indicators(session, plan)}
    gdp = by_name["地区生产总值增长"]
    assert (gdp.unit, gdp.target_value, gdp.target_kind, gdp.annual, gdp.category) == (
        "%",
        5.0,
        "about",
        True,
        "经济发展",
    )
    assert (gdp.baseline_value, gdp.baseline_year, gdp.target_year) == (5.5, 2025, 2030)
    labour = by_name["全员劳动生产率增长"]
    assert (labour.target_kind, labour.relation, labour.relation_to) == (
        "relative",
        "above",
        "地区生产总值增长",
    )
    income = by_name["居民人均可支配收入增长"]
    assert (income.relation, income.relation_to, income.category) == ("in_step", "经济增长", "民生福祉")
    rural = by_name["农村居民人均可支配收入增长"]
    assert (rural.relation, rural.relation_to) == ("roughly_in_step", "经济增长")
    energy = by_name["单位地区生产总值能源消耗降低"]
    assert (energy.target_value, energy.cumulative, energy.attribute, energy.direction) == (
        13.0,
        True,
        "约束性",
        "increase",
    )
    life = by_name["人均预期寿命"]
    assert (life.target_value, life.cumulative, life.unit) == (0.8, True, "岁")
    carbon = by_name["单位地区生产总值二氧化碳排放降低"]
    assert (carbon.target_kind, carbon.target_value, carbon.target_note) == (
        "assigned",
        None,
        "完成省下达任务",
    )
    forest = by_name["森林覆盖率"]
    assert (forest.target_value, forest.cumulative, forest.category) == (42.9, False, "绿色生态")
    assert by_name["城镇调查失业率"].direction == "decrease"
    assert by_name["能源综合生产能力"].unit == "万吨标准煤"
    assert by_name["城镇新增就业"].unit == "万人"


def test_city_statuses_from_a_years_observations(engine: Engine, tmp_path: Path) -> None:
    plan = _plan(engine)
    with transaction(engine) as session:
        import_indicator_table(session, plan, city.write_xlsx(tmp_path / "t.xlsx"), by="pytest")
        result = import_observations(session, plan, city.write_observations(tmp_path / "o.xlsx"), by="pytest")
    assert not result.problems and result.added == 13
    got = _statuses(engine, plan)
    assert {k: got[k] for k in city.EXPECTED} == city.EXPECTED


def test_a_bad_observations_file_imports_nothing(engine: Engine, tmp_path: Path) -> None:
    plan = _plan(engine)
    with transaction(engine) as session:
        import_indicator_table(session, plan, city.write_docx(tmp_path / "t.docx"), by="pytest")
    for suffix in (".xlsx", ".csv"):
        with pytest.raises(ImportRejected) as caught, transaction(engine) as session:
            import_observations(
                session, plan, city.write_observations(tmp_path / f"o{suffix}", bad=True), by="u"
            )
        text = str(caught.value)
        assert "“五点六”不是数字" in text and "规划中没有名为“不存在的指标”的指标" in text
        assert "第3行" in text and "第13行" in text
        with transaction(engine) as session:
            assert session.scalar(select(func.count()).select_from(ObservationRow)) == 0


def test_preview_lists_rows_and_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    plan = _plan(engine)
    data = city.write_docx(tmp_path / "t.docx").read_bytes()
    with transaction(engine) as session:
        _, grids = grids_of(data, "t.docx", word=True)
        checked = plan_indicator_table(session, plan, grids, "t.docx")
        assert [r.action for r in checked.rows] == ["create"] * len(city.rows())
        assert checked.rows[0].cells["mode"] == "5左右"
        assert session.scalar(select(func.count()).select_from(IndicatorRow)) == 0
    with transaction(engine) as session:
        assert find_plan(session, str(plan.id)).id == plan.id
