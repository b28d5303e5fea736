"""Indicator use cases: reading target cells, building indicators, creating them from quantities and
files, recording and importing observations, 示例数据. Database tests run on SQLite and PostgreSQL."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from planwatch.model import (
    Analysis,
    Document,
    ErrorCode,
    InputError,
    Node,
    NotFoundError,
    Observation,
    PlanInfo,
    Quantity,
    Sentence,
)
from planwatch.services.admin import audit
from planwatch.services.monitoring.build import IndicatorFields, IndicatorInputError, build_indicator
from planwatch.services.monitoring.from_quantities import create_from_quantities
from planwatch.services.monitoring.grids import ImportRejected
from planwatch.services.monitoring.indicator_import import import_indicator_table
from planwatch.services.monitoring.indicators import (
    IndicatorChanges,
    add_indicator,
    get_indicator,
    list_indicators,
    remove_indicator,
    show_indicator,
    update_indicator,
)
from planwatch.services.monitoring.observation_import import import_observations
from planwatch.services.monitoring.observations import record_observation
from planwatch.services.monitoring.sample import load_sample, remove_sample
from planwatch.services.monitoring.targets import (
    TargetSpec,
    format_target,
    infer_direction,
    normalise_period,
    parse_number,
    parse_target,
    plan_period,
)
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.services.plans.records import import_analysis, load_plan
from planwatch.settings import Settings
from planwatch.store.engine import transaction
from planwatch.store.tables import AuditRow, IndicatorRow, ObservationRow

# -- target cells -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value", "kind", "value_max", "unit"),
    [
        ("3%以上", 3.0, "at_least", None, "%"),
        ("5%左右", 5.0, "about", None, "%"),
        ("＞60", 60.0, "at_least", None, ""),
        ("≤10", 10.0, "at_most", None, ""),
        ("[5,6]", 5.0, "range", 6.0, ""),
        ("［5，6］", 5.0, "range", 6.0, ""),
        ("5-6", 5.0, "range", 6.0, ""),
        ("5%—6%", 5.0, "range", 6.0, "%"),
        ("5～6", 5.0, "range", 6.0, ""),
        ("3.5", 3.5, "exact", None, ""),
        ("３．５％", 3.5, "exact", None, "%"),
        ("-1.5", -1.5, "exact", None, ""),
        ("320天以上", 320.0, "at_least", None, "天"),
        ("保持在97%以上", 97.0, "at_least", None, "%"),
        ("控制在5.5%以内", 5.5, "at_most", None, "%"),
        ("不低于 90", 90.0, "at_least", None, ""),
        ("年均增长5%左右", 5.0, "about", None, "%"),
        ("≥ 95 %", 95.0, "at_least", None, "%"),
        ("1,234万人", 1234.0, "exact", None, "万人"),
    ],
)
def test_parse_target_cells_as_offices_write_them(
    cell: str, value: float, kind: str, value_max: float | None, unit: str
) -> None:
    spec = parse_target(cell)
    assert spec is not None
    assert (spec.value, spec.kind, spec.value_max, spec.unit) == (value, kind, value_max, unit)


def test_parse_target_special_forms() -> None:
    assert parse_target("〔13.5〕") == TargetSpec(13.5, "exact", cumulative=True)
    assert parse_target("5±0.5") == TargetSpec(5.0, "about", tolerance=0.5)
    spec = parse_target("年均增长5%左右")
    assert spec is not None and spec.annual
    spec = parse_target("下降13.5%")
    assert spec is not None and spec.decrease
    for empty in ("", "—", "-", "/", "  ", "——", "无"):
        assert parse_target(empty) is None


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("较快增长", "不是可识别的目标值"),
        ("6-5", "上限不大于下限"),
        ("[6,5]", "上限不大于下限"),
        ("超过5左右", "限定词矛盾"),
        ("以上", "没有数值"),
    ],
)
def test_parse_target_rejects_with_a_reason(cell: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_target(cell)


def test_parse_number_and_period() -> None:
    assert parse_number("3.2", "%") == 3.2
    assert parse_number("3.2%", "%") == 3.2
    assert parse_number("１，２３４", "") == 1234.0
    assert parse_number("320天", "天") == 320.0
    assert parse_number("—", "%") is None
    with pytest.raises(ValueError, match="不是数字"):
        parse_number("约三点二", "%")
    with pytest.raises(ValueError, match="限定词"):
        parse_number("3%以上", "%")
    with pytest.raises(ValueError, match="单位"):
        parse_number("3%", "万人")
    cases = {
        "2026": "2026",
        "2026年": "2026",
        " 2026 年 ": "2026",
        "2026Q3": "2026Q3",
        "2026q3": "2026Q3",
        "2026-Q3": "2026Q3",
        "2026年第三季度": "2026Q3",
        "2026年3季度": "2026Q3",
        "2026年实际值": "2026",
    }
    for text, period in cases.items():
        assert normalise_period(text) == period
    for bad in ("二〇二六", "2026Q5", "26", "2200", "备注"):
        with pytest.raises(ValueError):
            normalise_period(bad)


@pytest.mark.parametrize(
    ("name", "kind", "direction"),
    [
        ("研发经费投入强度", None, "increase"),
        ("城镇调查失业率", None, "decrease"),
        ("单位地区生产总值能耗", None, "decrease"),
        ("二氧化碳排放量", None, "decrease"),
        ("PM2.5平均浓度", None, "decrease"),
        ("空气质量优良天数比率", None, "increase"),
        ("养老机构护理型床位占比", "at_most", "decrease"),  # a ceiling means lower is better
        # The value is the size of the reduction, which should be large (the national tables).
        ("单位地区生产总值能源消耗降低", None, "increase"),
        ("单位GDP二氧化碳排放下降率", None, "increase"),
    ],
)
def test_infer_direction(name: str, kind: str | None, direction: str) -> None:
    assert infer_direction(name, kind) == direction


# -- building indicators ----------------------------------------------------------------------------

PLAN = PlanInfo(
    id=7,
    name="大连十五五",
    title="大连市国民经济和社会发展第十五个五年规划纲要",
    created_at=None,  # type: ignore[arg-type]
    versions=(),
)


def test_plan_period_from_the_title() -> None:
    assert plan_period(PLAN) == (2025, 2030)
    other = PlanInfo(id=1, name="x", title="工作要点", created_at=None, versions=())  # type: ignore[arg-type]
    assert plan_period(other) == (None, None)


def test_build_indicator_defaults_and_inference() -> None:
    ind = build_indicator(
        PLAN, IndicatorFields(name="森林覆盖率", unit="%", target="42%以上", baseline="41.2")
    )
    assert (ind.baseline_value, ind.baseline_year, ind.target_value, ind.target_year) == (
        41.2,
        2025,
        42.0,
        2030,
    )
    assert (ind.target_kind, ind.attribute, ind.direction, ind.category) == (
        "at_least",
        "约束性",
        "increase",
        "绿色生态",
    )
    assert format_target(ind) == "42%以上"
    ceiling = build_indicator(PLAN, IndicatorFields(name="城镇调查失业率", unit="%", target="5.5%以内"))
    assert (ceiling.direction, ceiling.target_kind, ceiling.attribute) == ("decrease", "at_most", "预期性")
    assert ceiling.baseline_year is None  # no baseline, no baseline year
    ranged = build_indicator(
        PLAN, IndicatorFields(name="常住人口城镇化率", unit="%", target="[70,72]", attribute="约束")
    )
    assert (ranged.target_value_max, ranged.attribute, format_target(ranged)) == (72.0, "约束性", "70—72%")
    about = build_indicator(
        PLAN, IndicatorFields(name="地区生产总值增长", unit="%", target="5%左右", tolerance=0.5)
    )
    assert (about.tolerance, format_target(about)) == (0.5, "5%左右（±0.5）")
    overridden = build_indicator(
        PLAN, IndicatorFields(name="城镇调查失业率", unit="%", target="5.5", direction="越大越好")
    )
    assert overridden.direction == "increase"
    numeric = build_indicator(PLAN, IndicatorFields(name="x", unit="个", target=3, kind="at_least"))
    assert (numeric.target_value, numeric.target_kind) == (3.0, "at_least")
    no_target = build_indicator(PLAN, IndicatorFields(name="单位GDP能耗", unit="吨标准煤/万元", baseline=0.5))
    assert (no_target.target_value, no_target.target_kind, no_target.target_year) == (None, "at_most", None)
    unit_from_cell = build_indicator(PLAN, IndicatorFields(name="空气优良天数", unit="", target="320天以上"))
    assert unit_from_cell.unit == "天"


def test_build_indicator_reports_every_bad_field() -> None:
    with pytest.raises(IndicatorInputError) as caught:
        build_indicator(
            PLAN,
            IndicatorFields(
                name=" ",
                unit="%",
                target="较快增长",
                baseline="[1,2]",
                attribute="重要",
                direction="更好",
                baseline_year=2030,
                target_year=3000,
            ),
        )
    fields = [p.field for p in caught.value.problems]
    assert fields == ["name", "target", "baseline", "target_year", "attribute", "direction"]
    text = str(caught.value)
    assert (
        "指标名称：不能为空" in text
        and "“较快增长”不是可识别的目标值" in text
        and "3000 不是合理的年份" in text
    )
    with pytest.raises(IndicatorInputError, match="不晚于基期年份"):
        build_indicator(
            PLAN,
            IndicatorFields(
                name="x", unit="%", target="5", baseline="4", baseline_year=2030, target_year=2025
            ),
        )
    with pytest.raises(IndicatorInputError, match="只有“左右”目标才有容差"):
        build_indicator(PLAN, IndicatorFields(name="x", unit="%", target="5%以上", tolerance=0.5))
    with pytest.raises(IndicatorInputError, match="与指标单位“万人”不一致"):
        build_indicator(PLAN, IndicatorFields(name="常住人口", unit="万人", target="5%左右"))
    with pytest.raises(IndicatorInputError, match="没有基期值却给了基期年份"):
        build_indicator(PLAN, IndicatorFields(name="x", unit="%", target="5", baseline_year=2025))


# -- with a database --------------------------------------------------------------------------------


@functools.cache
def _dalian() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_bytes(data, name, Settings())


def _tiny_analysis() -> Analysis:
    """A plan with a 十四五 value and 2030 targets, as an outline-less Analysis."""
    title = "大连市国民经济和社会发展第十五个五年规划纲要"
    body = "研发经费投入强度达3%，到2030年研发经费投入强度达到3.5%以上，城镇调查失业率控制在5.5%以内。"
    text = title + "\n" + body
    start = len(title) + 1
    data = text.encode()

    def q(subject: str, fragment: str, value: float, unit: str, qualifier: str, period: str) -> Quantity:
        s = text.index(fragment)
        return Quantity(
            fragment, subject, value, unit, "a1", s, s + len(fragment), qualifier=qualifier, period=period
        )

    return Analysis(
        document=Document(
            text, "tiny.txt", hashlib.sha256(data).hexdigest(), "txt", len(data), (), title=title
        ),
        outline=(
            Node("t", None, "title", "", None, title, 0, len(title)),
            Node("a1", None, "article", "（一）", 1, "主要目标", start, len(text)),
        ),
        sentences=(Sentence("a1:1", "a1", start, len(text)),),
        quantities=(
            q("研发经费投入强度", "达3%", 3.0, "%", "达", "十四五"),
            q("研发经费投入强度", "达到3.5%以上", 3.5, "%", "以上", "2030"),
            q("城镇调查失业率", "控制在5.5%以内", 5.5, "%", "以内", "2030"),
        ),
    )


def _import(engine: Engine, analysis: Analysis, name: str | None = None) -> PlanInfo:
    with transaction(engine) as session:
        return import_analysis(session, analysis, name).plan


def _audit(engine: Engine) -> list[tuple[str, str, str]]:
    with transaction(engine) as session:
        rows = session.execute(
            select(AuditRow.username, AuditRow.action, AuditRow.target).order_by(AuditRow.id)
        )
        return [(u, a, t) for u, a, t in rows if a != "plan.import"]


def _count(engine: Engine, table: Any) -> int:
    with transaction(engine) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_create_from_the_dalian_plan_quantities(engine: Engine) -> None:
    plan = _import(engine, _dalian())
    with transaction(engine) as session:
        result = create_from_quantities(session, load_plan(session, str(plan.id)), by="张三")
    created = {i.name: i for i in result.created}
    skipped = {s.name: s.reason for s in result.skipped}
    # The recommendation sets no numeric target: its figures are 十四五 results (320天, 连续9年,
    # 第7次), which are achievements, not indicators; each is skipped with its reason.
    assert created == {}
    past = "只有往年或上一规划期的实绩"
    for name in (
        "空气优良天数",
        "规上工业增加值增速",
        "荣获全国文明城市",
        "对“一带一路”沿线国家和地区进出口占比",
    ):
        assert past in skipped[name], name
    assert "320天" in skipped["空气优良天数"] and "连续9年" in skipped["规上工业增加值增速"]

    with transaction(engine) as session:
        again = create_from_quantities(session, load_plan(session, str(plan.id)), by="张三")
    assert again.created == ()
    assert all(s.reason in ("已有同名指标，未改动",) or s.name in skipped for s in again.skipped)
    actions = _audit(engine)
    assert len(actions) == len(result.created)
    assert all(
        a == ("张三", "indicator.from_quantities", f"plan:{plan.id}/indicator:{n}")
        for a, n in zip(actions, created, strict=True)
    )


def test_create_from_quantities_reads_targets_and_years(engine: Engine) -> None:
    plan = _import(engine, _tiny_analysis(), "小规划")
    with transaction(engine) as session:
        result = create_from_quantities(session, load_plan(session, "小规划"), by=None)
    by_name = {i.name: i for i in result.created}
    rd = by_name["研发经费投入强度"]
    assert (rd.baseline_value, rd.baseline_year, rd.target_value, rd.target_kind, rd.target_year) == (
        3.0,
        2025,
        3.5,
        "at_least",
        2030,
    )
    jobless = by_name["城镇调查失业率"]
    assert (jobless.target_kind, jobless.direction, jobless.baseline_value) == ("at_most", "decrease", None)
    assert _audit(engine)[0][0] == audit.SYSTEM
    assert plan.name == "小规划"


def test_add_get_update_remove_with_audit(engine: Engine) -> None:
    plan = _import(engine, _tiny_analysis(), "小规划")
    with transaction(engine) as session:
        ind = add_indicator(
            session,
            plan,
            IndicatorFields(name="森林覆盖率", unit="%", target="42%以上", baseline="41.2"),
            by="李四",
        )
        with pytest.raises(InputError, match="已有名为“森林覆盖率”"):
            add_indicator(session, plan, IndicatorFields(name="森林覆盖率", unit="%", target="43"), by="李四")
    with transaction(engine) as session:
        assert get_indicator(session, plan, " 森林覆盖率 ") == ind
        assert get_indicator(session, plan, "森林 覆盖率") == ind  # spaces do not matter
        assert get_indicator(session, plan, str(ind.id)) == ind
        with pytest.raises(NotFoundError, match="没有名为“森林覆盖”的指标") as caught:
            get_indicator(session, plan, "森林覆盖")
        assert caught.value.hint is not None and "森林覆盖率" in caught.value.hint
        changed = update_indicator(
            session, plan, "森林覆盖率", IndicatorChanges(target="[42,43]", direction="decrease"), by="李四"
        )
        assert (changed.target_kind, changed.target_value_max, changed.direction) == (
            "range",
            43.0,
            "decrease",
        )
        assert changed.baseline_value == 41.2 and changed.id == ind.id
        same = update_indicator(session, plan, "森林覆盖率", IndicatorChanges(target_year=2030), by="李四")
        assert same == changed  # nothing changed, nothing audited
        renamed = update_indicator(
            session, plan, "森林覆盖率", IndicatorChanges(name="森林覆盖率（%）", kind="at_least"), by="李四"
        )
        assert (renamed.name, renamed.target_kind, renamed.target_value_max) == (
            "森林覆盖率（%）",
            "at_least",
            None,
        )
        record_observation(session, plan, renamed.name, "2026", "41.5", by="李四")
    with transaction(engine) as session:
        removed = remove_indicator(session, plan, "森林覆盖率（%）", by="李四")
        assert removed.id == ind.id
        assert list_indicators(session, plan) == []
    actions = [a for _, a, _ in _audit(engine)]
    assert actions == [
        "indicator.add",
        "indicator.update",
        "indicator.update",
        "observation.record",
        "indicator.remove",
    ]
    assert _count(engine, ObservationRow) == 0


def test_record_observation_new_correction_unchanged(engine: Engine) -> None:
    plan = _import(engine, _tiny_analysis(), "小规划")
    with transaction(engine) as session:
        add_indicator(
            session,
            plan,
            IndicatorFields(name="研发经费投入强度", unit="%", target="3.5%以上", baseline=3),
            by="a",
        )
        first = record_observation(
            session, plan, "研发经费投入强度", "2026年", "3.1%", source="统计公报", by="a"
        )
        assert first.previous is None and first.observation.period == "2026"
        fixed = record_observation(session, plan, "研发经费投入强度", "2026", 3.15, source="统计公报", by="b")
        assert fixed.previous == first.observation and fixed.changed
        same = record_observation(session, plan, "研发经费投入强度", "2026", 3.15, source="统计公报", by="b")
        assert not same.changed
        quarter = record_observation(session, plan, "研发经费投入强度", "2027年第一季度", "0.8", by="b")
        assert quarter.observation.period == "2027Q1"
        for period, value, message in (
            ("明年", "3", "时期有误"),
            ("2026", "高", "数值有误"),
            ("2026", "", "数值为空"),
            ("2026", "3万人", "单位"),
        ):
            with pytest.raises(InputError, match=message):
                record_observation(session, plan, "研发经费投入强度", period, value, by="b")
        view = show_indicator(session, plan, "研发经费投入强度")
    assert [(o.period, o.value) for o in view.observations] == [("2026", 3.15), ("2027Q1", 0.8)]
    assert view.latest == Observation(view.indicator.id, "2027Q1", 0.8)
    with transaction(engine) as session:
        entries = audit.entries(session, limit=None)
    recorded = [e for e in entries if e.action == "observation.record"]
    assert len(recorded) == 3  # the unchanged one is not a change
    correction = next(e for e in recorded if e.username == "b" and e.before is not None)
    assert correction.before == {"value": 3.1, "source": "统计公报", "note": None, "sample": False}
    assert correction.after is not None and correction.after["value"] == 3.15


def test_sample_data_is_labelled_separate_and_removable(engine: Engine) -> None:
    plan = _import(engine, _tiny_analysis(), "小规划")
    with transaction(engine) as session:
        real = add_indicator(
            session,
            plan,
            IndicatorFields(name="研发投入强度", unit="%", target="3.5%以上", baseline=3),
            by="a",
        )
        record_observation(session, plan, "研发投入强度", "2026", 3.2, by="a")
        loaded = load_sample(session, plan, by="a")
    assert 5 <= loaded.indicators <= 8 and loaded.observations >= 5
    assert all(n.endswith("（示例数据）") for n in loaded.names)
    with transaction(engine) as session:
        assert load_sample(session, plan, by="a").already  # no second copy
        views = list_indicators(session, plan)
        demo = [v for v in views if v.indicator.sample]
        assert len(demo) == loaded.indicators
        assert all(o.sample and o.source == "示例数据" for v in demo for o in v.observations)
        assert all(v.indicator.data_source == "示例数据" for v in demo)
        with pytest.raises(InputError, match="示例数据，不能录入真实数据"):
            record_observation(session, plan, "研发投入强度（示例数据）", "2027", 3.3, by="a")
        with pytest.raises(InputError, match="示例数据不能修改"):
            update_indicator(session, plan, "研发投入强度（示例数据）", IndicatorChanges(target="4"), by="a")
        removed = remove_sample(session, plan, by="a")
    assert (removed.indicators, removed.observations) == (loaded.indicators, loaded.observations)
    with transaction(engine) as session:
        views = list_indicators(session, plan)
        assert [v.indicator for v in views] == [real]
        assert [o.value for o in views[0].observations] == [3.2]
        assert remove_sample(session, plan, by="a").indicators == 0
    actions = [a for _, a, _ in _audit(engine)]
    assert actions.count("indicator.sample") == 1 and actions.count("indicator.sample_remove") == 1


# -- files ------------------------------------------------------------------------------------------


def _docx_table(path: Path, rows: list[list[str]], merge_down: tuple[int, int, int] | None = None) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("大连市“十五五”规划主要指标")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    if merge_down is not None:
        col, first, last = merge_down
        keep = table.cell(first, col).text
        merged = table.cell(first, col).merge(table.cell(last, col))
        merged.text = keep
    document.save(str(path))
    return path


def _xlsx(
    path: Path, rows: list[list[Any]], *, title: str = "Sheet1", percent_cells: tuple[str, ...] = ()
) -> Path:
    import openpyxl  # type: ignore[import-untyped]

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for ref in percent_cells:
        sheet[ref].number_format = "0.0%"
    workbook.save(str(path))
    return path


TABLE_ROWS = [
    ["序号", "类别", "指标名称", "计量单位", "2025年", "2030年", "年均/累计", "属性"],
    ["1", "经济发展", "地区生产总值增长", "%", "5.2", "5%左右", "年均", "预期性"],
    ["2", "", "常住人口城镇化率", "%", "82.6", "[84,85]", "", "预期性"],
    ["3", "", "城镇调查失业率", "%", "—", "≤5.5", "", "预期性"],
    ["4", "绿色生态", "空气质量优良天数比率", "%", "91", "＞90", "", "约束性"],
    ["5", "", "单位地区生产总值能源消耗降低", "%", "—", "〔13.5〕", "累计", "约束性"],
]


def test_import_indicator_table_from_docx_with_header_variants(engine: Engine, tmp_path: Path) -> None:
    plan = _import(engine, _tiny_analysis(), "小规划")
    path = _docx_table(tmp_path / "指标表.docx", TABLE_ROWS, merge_down=(1, 1, 3))
    with transaction(engine) as session:
        report = import_indicator_table(session, plan, path, by="王五")
    assert report.rows == 5 and report.problems == () and len(report.created) == 5
    got = {i.name: i for i in report.created}
    gdp = got["地区生产总值增长"]
    assert (gdp.baseline_value, gdp.baseline_year, gdp.target_value, gdp.target_kind, gdp.target_year) == (
        5.2,
        2025,
        5.0,
        "about",
        2030,
    )
    assert (gdp.category, gdp.cumulative, gdp.attribute) == ("经济发展", False, "预期性")
    urban = got["常住人口城镇化率"]
    assert (urban.category, urban.target_kind, urban.target_value_max) == ("经济发展", "range", 85.0)
    jobless = got["城镇调查失业率"]
    assert (jobless.baseline_value, jobless.baseline_year, jobless.direction) == (None, None, "decrease")
    assert jobless.category == "经济发展"  # vertically merged 类别 cell
    air = got["空气质量优良天数比率"]
    assert (air.attribute, air.target_kind, air.category) == ("约束性", "at_least", "绿色生态")
    energy = got["单位地区生产总值能源消耗降低"]
    assert (energy.cumulative, energy.target_value, energy.direction) == (True, 13.5, "increase")

    with transaction(engine) as session:
        again = import_indicator_table(session, plan, path, by="王五")
    assert again.created == () and len(again.skipped) == 5


def test_import_indicator_table_xlsx_variants_heading_rows_and_bad_rows(
    engine: Engine, tmp_path: Path
) -> None:
    plan = _import(engine, _tiny_analysis(), "小规划")
    rows: list[list[Any]] = [
        ["大连市国民经济和社会发展第十五个五年规划主要指标"],
        [],
        ["序号", "指标", "单位", "基期值（2025年）", "目标值(2030)", "指标属性", "责任单位"],
        ["一、创新驱动"],
        [1, "研发经费投入强度", "%", 3, "3.5%以上", "预期性", "市科技局"],
        [2, "每万人口高价值发明专利拥有量", "件", 12.3, "16", "预期", None],
        ["二、民生福祉"],
        [3, "人均预期寿命", "岁", 81.5, "较快提高", "预期性", None],
        [4, "", "张", 1, 2, "预期性", None],
        [5, "研发经费投入强度", "%", 3, "4", "约束性", None],
        [6, "养老机构护理型床位占比", "%", 60, "65", "重要", None],
        ["注：〔〕内为五年累计数。"],
    ]
    path = _xlsx(tmp_path / "指标表.xlsx", rows, title="主要指标")
    with transaction(engine) as session, pytest.raises(ImportRejected) as caught:
        import_indicator_table(session, plan, path, by="a")
    message = str(caught.value)
    assert "4 行有错误，未导入任何数据" in message
    for row, column, words in (
        ("第8行", "E列（目标值(2030)）", "“较快提高”不是可识别的目标值"),
        ("第9行", "B列（指标）", "指标名称为空"),
        ("第10行", "B列（指标）", "与第5行的指标同名"),
        ("第11行", "F列（指标属性）", "属性“重要”无效"),
    ):
        assert f"{row}，{column}：" in message and words in message, (row, message)
    assert _count(engine, IndicatorRow) == 0

    with transaction(engine) as session:
        report = import_indicator_table(session, plan, path, by="a", skip_bad=True)
    assert [i.name for i in report.created] == ["研发经费投入强度", "每万人口高价值发明专利拥有量"]
    assert report.bad_rows == 4
    rd = report.created[0]
    assert (rd.category, rd.department, rd.baseline_year, rd.target_year) == (
        "创新驱动",
        "市科技局",
        2025,
        2030,
    )


def test_import_indicator_table_two_row_header(engine: Engine, tmp_path: Path) -> None:
    plan = _import(engine, _tiny_analysis(), "小规划")
    rows: list[list[Any]] = [
        ["类别", "指标", "单位", "指标值", None, "属性"],
        [None, None, None, "2025年", "2030年", None],
        ["绿色生态", "森林覆盖率", "%", 41.2, "42以上", "约束性"],
    ]
    with transaction(engine) as session:
        report = import_indicator_table(session, plan, _xlsx(tmp_path / "t.xlsx", rows), by="a")
    (forest,) = report.created
    assert (forest.baseline_value, forest.baseline_year, forest.target_value, forest.target_year) == (
        41.2,
        2025,
        42.0,
        2030,
    )


OBS_CSV = (
    "指标,单位,2025,2026年,2027年\n"  # line 1
    "研发经费投入强度,%,3.0,3.1,\n"  # line 2: good
    "城镇调查失业率,%,5.0,abc,4.9\n"  # line 3: not a number
    "森林覆盖率,%,41,41.5,\n"  # line 4: unknown indicator
    "研发经费投入强度,%,,3.2,\n"  # line 5: duplicate 2026
    "城镇调查失业率,万人,5,,\n"  # line 6: unit mismatch
    ",,,,\n"  # line 7: empty, ignored
    "城镇调查失业率,%,,,4.8\n"  # line 8: duplicate 2027 of line 3
)


def _plan_with_indicators(engine: Engine) -> PlanInfo:
    plan = _import(engine, _tiny_analysis(), "小规划")
    with transaction(engine) as session:
        add_indicator(
            session,
            plan,
            IndicatorFields(name="研发经费投入强度", unit="%", target="3.5%以上", baseline=3),
            by="a",
        )
        add_indicator(
            session, plan, IndicatorFields(name="城镇调查失业率", unit="%", target="≤5.5", baseline=5), by="a"
        )
    return plan


def test_import_observations_reports_every_bad_row_and_imports_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    plan = _plan_with_indicators(engine)
    path = tmp_path / "数据.csv"
    path.write_bytes(OBS_CSV.encode("gb18030"))  # as Excel saves CSV on Chinese Windows
    with transaction(engine) as session, pytest.raises(ImportRejected) as caught:
        import_observations(session, plan, path, by="a")
    message = str(caught.value)
    assert message.startswith("数据.csv：5 行有错误，未导入任何数据")
    expected = [
        ("第3行，D列（2026年）", "“abc”不是数字"),
        ("第4行，A列（指标）", "规划中没有名为“森林覆盖率”的指标"),
        ("第5行，D列（2026年）", "指标“研发经费投入强度”2026年的数据与第2行重复"),
        ("第6行，B列（单位）", "单位“万人”与指标“城镇调查失业率”的单位“%”不一致"),
        ("第6行，C列（2025）", "指标“城镇调查失业率”2025年的数据与第3行重复"),  # two problems, one row
        ("第8行，E列（2027年）", "指标“城镇调查失业率”2027年的数据与第3行重复"),
    ]
    for where, why in expected:
        assert f"{where}：{why}" in message, (where, message)
    assert "共 6 处问题" in message
    assert caught.value.code is ErrorCode.INDICATOR_IMPORT_REJECTED  # the CLI words it: add --skip-bad
    assert len(caught.value.problems) == 6
    assert _count(engine, ObservationRow) == 0

    with transaction(engine) as session:
        report = import_observations(session, plan, path, by="a", skip_bad=True, source="统计年鉴")
    assert (report.added, report.updated, report.unchanged, report.bad_rows, report.rows) == (2, 0, 0, 5, 6)
    with transaction(engine) as session:
        views = {v.indicator.name: v for v in list_indicators(session, plan)}
    assert [(o.period, o.value, o.source) for o in views["研发经费投入强度"].observations] == [
        ("2025", 3.0, "统计年鉴"),
        ("2026", 3.1, "统计年鉴"),
    ]
    assert views["城镇调查失业率"].observations == ()


def test_import_observations_xlsx_corrections_quarters_and_columns(engine: Engine, tmp_path: Path) -> None:
    plan = _plan_with_indicators(engine)
    with transaction(engine) as session:
        record_observation(session, plan, "研发经费投入强度", "2026", 3.0, by="a")
        record_observation(session, plan, "城镇调查失业率", "2026", 5.1, by="a")
    rows: list[list[Any]] = [
        ["2026年全市主要指标监测表"],
        ["序号", "指标名称", "计量单位", "2026年", "2027年第一季度", "数据来源", "备注"],
        [1, "研发经费投入强度", "%", 0.031, None, "市统计局", "快报数"],
        [2, "城镇调查失业率", "%", 0.051, 0.049, None, None],
    ]
    path = _xlsx(tmp_path / "监测.xlsx", rows, percent_cells=("D3", "D4", "E4"))
    with transaction(engine) as session:
        report = import_observations(session, plan, path, by="b")
    assert (report.added, report.updated, report.unchanged, report.problems) == (1, 1, 1, ())
    with transaction(engine) as session:
        rd = show_indicator(session, plan, "研发经费投入强度")
        jobless = show_indicator(session, plan, "城镇调查失业率")
    assert rd.observations[0] == Observation(rd.indicator.id, "2026", 3.1, source="市统计局", note="快报数")
    assert [(o.period, o.value) for o in jobless.observations] == [("2026", 5.1), ("2027Q1", 4.9)]


def test_import_observations_refuses_sample_indicators_and_duplicate_columns(
    engine: Engine, tmp_path: Path
) -> None:
    plan = _plan_with_indicators(engine)
    with transaction(engine) as session:
        load_sample(session, plan, by="a")
    path = tmp_path / "s.csv"
    path.write_text("指标,2026\n研发投入强度（示例数据）,3\n", encoding="utf-8")
    with transaction(engine) as session, pytest.raises(ImportRejected, match="是示例数据，不能录入真实数据"):
        import_observations(session, plan, path, by="a")
    path.write_text("指标,2026,2026年\n研发经费投入强度,3,3\n", encoding="utf-8")
    with transaction(engine) as session, pytest.raises(InputError, match="是同一时期（2026）"):
        import_observations(session, plan, path, by="a")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件为空"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Office 文件"),
        (b"%PDF-1.7\n...", "PDF"),
        ("说明：这里没有表头\n随便写点什么\n".encode(), "没有找到表头"),
        ("指标,单位\n研发经费投入强度,%\n".encode(), "没有找到表头"),
        ("指标,2026\n".encode(), "没有数据行"),
    ],
)
def test_malformed_observation_files_give_clear_errors(
    engine: Engine, tmp_path: Path, content: bytes, message: str
) -> None:
    plan = _plan_with_indicators(engine)
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with transaction(engine) as session, pytest.raises(InputError, match=message):
        import_observations(session, plan, path, by="a")


def test_truncated_and_fake_xlsx(engine: Engine, tmp_path: Path) -> None:
    plan = _plan_with_indicators(engine)
    good = _xlsx(tmp_path / "good.xlsx", [["指标", "2026"], ["研发经费投入强度", 3.1]])
    data = good.read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(data[: len(data) // 2])
    with transaction(engine) as session, pytest.raises(InputError, match="已损坏或不完整") as caught:
        import_observations(session, plan, truncated, by="a")
    assert caught.value.where == "truncated.xlsx"
    docx_file = _docx_table(tmp_path / "word.xlsx", [["指标", "2026"], ["x", "1"]])
    with transaction(engine) as session, pytest.raises(InputError, match="Word 文档"):
        import_observations(session, plan, docx_file, by="a")
    with transaction(engine) as session, pytest.raises(InputError, match="找不到文件"):
        import_observations(session, plan, tmp_path / "missing.csv", by="a")
    notes = _xlsx(tmp_path / "notes.xlsx", [["事项", "说明"], ["研发经费投入强度", "按季度报送"]])
    with transaction(engine) as session, pytest.raises(InputError, match="没有找到主要指标表"):
        import_indicator_table(session, plan, notes, by="a")
    assert _count(engine, ObservationRow) == 0


def test_failed_write_rolls_back_the_whole_import(engine: Engine, tmp_path: Path) -> None:
    plan = _plan_with_indicators(engine)
    path = tmp_path / "ok.csv"
    path.write_text("指标,2025,2026\n研发经费投入强度,3,3.1\n城镇调查失业率,5,5.1\n", encoding="utf-8")

    class Boom(RuntimeError):
        pass

    from sqlalchemy import event

    calls = {"n": 0}

    def fail_late(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO OBSERVATIONS"):
            calls["n"] += 1
            if calls["n"] == 3:
                raise Boom("disk full")

    event.listen(engine, "before_cursor_execute", fail_late)
    try:
        with pytest.raises(Boom), transaction(engine) as session:
            import_observations(session, plan, path, by="a")
    finally:
        event.remove(engine, "before_cursor_execute", fail_late)
    assert _count(engine, ObservationRow) == 0
    with transaction(engine) as session:
        assert import_observations(session, plan, path, by="a").added == 4


def test_indicator_dict_is_json_ready(engine: Engine) -> None:
    import json

    from planwatch.services.monitoring.indicators import indicator_dict

    plan = _plan_with_indicators(engine)
    with transaction(engine) as session:
        record_observation(session, plan, "城镇调查失业率", "2026", 5.1, note="初步数", by="a")
        view = show_indicator(session, plan, "城镇调查失业率")
    data = json.loads(json.dumps(indicator_dict(view), ensure_ascii=False))
    assert data["target_text"] == "5.5%以内" and data["direction"] == "decrease"
    assert data["direction_name"] == "越小越好" and data["target_kind_name"] == "不高于"
    assert data["observations"] == [
        {"period": "2026", "value": 5.1, "source": None, "note": "初步数", "sample": False}
    ]


def test_xlsx_rows_and_columns_are_named_as_excel_shows_them(engine: Engine, tmp_path: Path) -> None:
    import openpyxl  # type: ignore[import-untyped]

    plan = _plan_with_indicators(engine)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B3"], sheet["C3"] = "指标", "2026"  # the table starts at B3, as sheets often do
    sheet["B4"], sheet["C4"] = "研发经费投入强度", 3.1
    sheet["B5"], sheet["C5"] = "城镇调查失业率", "五点二"
    path = tmp_path / "offset.xlsx"
    workbook.save(str(path))
    with transaction(engine) as session, pytest.raises(ImportRejected) as caught:
        import_observations(session, plan, path, by="a")
    assert [(p.where, p.column) for p in caught.value.problems] == [("第5行", "C列（2026）")]


def test_a_row_of_formulas_is_reported_not_dropped(engine: Engine, tmp_path: Path) -> None:
    """openpyxl saves formulas without computed values, as a script would; read with their values
    they look empty, and the row used to vanish without a word."""
    plan = _import(engine, _tiny_analysis(), "小规划")
    rows: list[list[Any]] = [
        ["指标", "单位", "2025年", "2030年", "属性"],
        ["森林覆盖率", "%", 41.2, "42以上", "约束性"],
        ["=B9", "=C9", "=D9*2", "=E9", "=F9"],
    ]
    path = _xlsx(tmp_path / "公式.xlsx", rows)
    with transaction(engine) as session, pytest.raises(ImportRejected) as caught:
        import_indicator_table(session, plan, path, by="a")
    message = str(caught.value)
    assert "第3行" in message and "单元格是公式“=B9”" in message, message
    assert _count(engine, IndicatorRow) == 0


def test_a_formula_in_an_observations_sheet_is_named(engine: Engine, tmp_path: Path) -> None:
    """A year's values computed by a formula that was never calculated (a script wrote the file)
    are refused with what the cell holds, and nothing is recorded."""
    plan = _plan_with_indicators(engine)
    path = _xlsx(tmp_path / "数据.xlsx", [["指标", "2026"], ["研发经费投入强度", "=C5/C6"]])
    with transaction(engine) as session, pytest.raises(ImportRejected) as caught:
        import_observations(session, plan, path, by="a")
    assert [(p.where, p.column) for p in caught.value.problems] == [("第2行", "B列（2026）")]
    assert "单元格是公式“=C5/C6”" in str(caught.value)
    assert _count(engine, ObservationRow) == 0
