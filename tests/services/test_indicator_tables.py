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
from planwatch.services.monitoring.grids import ImportRejected, grids_of
from planwatch.services.monitoring.indicator_import import import_indicator_table, plan_indicator_table
from planwatch.services.monitoring.indicators import list_indicators
from planwatch.services.monitoring.observation_import import import_observations
from planwatch.services.plans.records import find_plan, import_analysis
from planwatch.services.views.monitoring import indicator_page, indicators_page
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


def test_a_single_header_with_a_merged_category_column(engine: Engine, tmp_path: Path) -> None:
    """Another common layout: 类别 merged down its rows, units in their own column, 〔〕 in the
    2030年 column, the relative target in the 2030年 column too, 2025年（预计） with a marked estimate;
    values named as the table names them."""
    import docx

    rows = [
        ("类别", "指标名称", "单位", "2025年（预计）", "2030年", "属性"),
        ("经济发展", "1.地区生产总值增长", "%", "6.0*", "5.5左右", "预期性"),
        ("", "2.全员劳动生产率增长", "%", "6.2", "快于经济增长", "预期性"),
        ("绿色生态", "3.单位地区生产总值能源消耗降低*", "%", "〔14〕", "〔12.5〕", "约束性"),
        ("", "4.主要污染物排放总量减少", "%", "—", "完成国家下达目标任务", "约束性"),
    ]
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=6)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            if text:
                table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(3, 0).merge(table.cell(4, 0))
    document.save(str(tmp_path / "t.docx"))
    plan = _plan(engine)
    with transaction(engine) as session:
        result = import_indicator_table(session, plan, tmp_path / "t.docx", by="pytest")
        by_name = {i.name: i for i in result.created}
        assert list(by_name) == [
            "地区生产总值增长",
            "全员劳动生产率增长",
            "单位地区生产总值能源消耗降低",
            "主要污染物排放总量减少",
        ]
        assert by_name["全员劳动生产率增长"].relation_to == "经济增长"
        assert (by_name["地区生产总值增长"].baseline_value, by_name["地区生产总值增长"].baseline_year) == (
            6.0,
            2025,
        )
        energy = by_name["单位地区生产总值能源消耗降低"]
        assert (energy.target_value, energy.cumulative, energy.category) == (12.5, True, "绿色生态")
        assert by_name["主要污染物排放总量减少"].target_kind == "assigned"
        sheet = tmp_path / "o.csv"
        sheet.write_text(
            "指标,2026年\n1.地区生产总值增长（%）,5.8\n2.全员劳动生产率增长（%）,6.0\n"
            "3.单位地区生产总值能源消耗降低*,2.6\n4.主要污染物排放总量减少,已完成\n",
            encoding="utf-8",
        )
        done = import_observations(session, plan, sheet, by="pytest")
        assert done.added == 4 and not done.problems
    got = _statuses(engine, plan)
    assert got[("全员劳动生产率增长", 2026)] == "进展顺利"  # 6.0 > 5.8
    assert got[("单位地区生产总值能源消耗降低", 2026)] == "进展顺利"  # 2.6 of 2.5 due
    assert got[("主要污染物排放总量减少", 2026)] == "进展顺利"
    assert got[("地区生产总值增长", 2026)] == "进展顺利"  # 5.8 within 5.5±0.5
