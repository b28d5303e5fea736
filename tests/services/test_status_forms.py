"""Statuses of relative, cumulative, annual and assigned targets (services.status_forms), computed
with observed values and checked against the figures worked out by hand in the comments."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planwatch.model import Indicator, Observation
from planwatch.model.monitoring import STATUS_NAMES
from planwatch.services.monitoring.status import indicator_status, reference_of, status_series, target_text
from planwatch.services.monitoring.target_forms import parse_word_target, resolve_reference


def _ind(id_: int, name: str, **fields: object) -> Indicator:
    base: dict[str, object] = {
        "id": id_,
        "plan_id": 1,
        "name": name,
        "unit": "%",
        "category": "",
        "attribute": "预期性",
        "direction": "increase",
        "baseline_value": None,
        "baseline_year": 2025,
        "target_value": None,
        "target_kind": "at_least",
        "target_year": 2030,
    }
    base.update(fields)
    return Indicator(**base)  # type: ignore[arg-type]


def _obs(ind: Indicator, values: dict[int, float], notes: dict[int, str] | None = None) -> list[Observation]:
    return [Observation(ind.id, str(y), v, note=(notes or {}).get(y)) for y, v in values.items()]


GDP = _ind(1, "地区生产总值增长", baseline_value=5.5, target_value=5.0, target_kind="about", annual=True)
GDP_OBS = _obs(GDP, {2026: 5.2, 2027: 4.8, 2028: 5.0})


def _relative(relation: str, ref: str = "经济增长", **fields: object) -> Indicator:
    return _ind(
        2, "居民人均可支配收入增长", target_kind="relative", relation=relation, relation_to=ref, **fields
    )


def _status(
    ind: Indicator, values: dict[int, float], year: int, *, notes: dict[int, str] | None = None
) -> str:
    views = [GDP, ind]
    observations = {GDP.id: GDP_OBS, ind.id: _obs(ind, values, notes)}
    reference = reference_of(ind, views, observations)
    found = indicator_status(ind, observations[ind.id], year, published_through=2030, reference=reference)
    return STATUS_NAMES[found.status]


@pytest.mark.parametrize(
    ("relation", "values", "year", "expected"),
    [
        ("above", {2026: 5.6}, 2026, "进展顺利"),  # 5.6 > 5.2
        ("above", {2026: 5.2}, 2026, "需加快"),  # equal is not above; within 0.5
        ("above", {2026: 4.0}, 2026, "进展有限"),  # 1.2 below
        ("in_step", {2026: 4.8}, 2026, "进展顺利"),  # 0.4 below, within 0.5
        ("in_step", {2026: 4.5}, 2026, "需加快"),  # 0.7 below: beyond 0.5, within 1.0
        ("in_step", {2026: 6.0}, 2026, "进展顺利"),  # outpacing is in step
        ("roughly_in_step", {2026: 4.3}, 2026, "进展顺利"),  # 0.9 below, within 1.0
        ("roughly_in_step", {2026: 3.5}, 2026, "进展有限"),  # 1.7 below: beyond 1.5
        ("not_below", {2026: 5.2}, 2026, "进展顺利"),
        # averages over the years both have: (5.0 + 5.0) / 2 = 5.0 vs (5.2 + 4.8) / 2 = 5.0
        ("not_below", {2026: 5.0, 2027: 5.0}, 2027, "进展顺利"),
        ("above", {2026: 5.3, 2027: 5.0, 2028: 5.2, 2029: 5.5, 2030: 5.6}, 2028, "进展顺利"),
    ],
)
def test_relative_targets(relation: str, values: dict[int, float], year: int, expected: str) -> None:
    assert _status(_relative(relation), values, year) == expected


def test_relative_target_achieved_in_the_target_year_and_unassessable_without_reference() -> None:
    views_obs = {2026: 5.6, 2027: 5.6, 2028: 5.6, 2029: 5.6, 2030: 5.6}
    gdp_2030 = [*GDP_OBS, *_obs(GDP, {2029: 5.0, 2030: 5.0})]
    ind = _relative("above")
    observations = {GDP.id: gdp_2030, ind.id: _obs(ind, views_obs)}
    ref = reference_of(ind, [GDP, ind], observations)
    assert ref is not None and ref[0].name == "地区生产总值增长"
    done = indicator_status(ind, observations[ind.id], 2030, published_through=2030, reference=ref)
    assert STATUS_NAMES[done.status] == "目标已实现"
    lonely = indicator_status(ind, observations[ind.id], 2026, published_through=2030, reference=None)
    assert STATUS_NAMES[lonely.status] == "无法评估" and "地区生产总值增长" in lonely.explanation
    gap = _status(ind, {2026: 5.6, 2029: 5.7}, 2029)  # the reference has no 2029 value
    assert gap == "无法评估"


def test_cumulative_flow_and_level_targets_pro_rata() -> None:
    energy = _ind(
        3,
        "单位地区生产总值能源消耗降低",
        target_value=13.0,
        target_kind="exact",
        cumulative=True,
        baseline_year=None,
    )
    # due by year k of 5: 13·k/5 = 2.6, 5.2, 7.8 …
    assert _status(energy, {2026: 2.7}, 2026) == "进展顺利"  # 2.7 / 2.6 = 1.04
    assert _status(energy, {2026: 2.0}, 2026) == "需加快"  # 0.77
    assert _status(energy, {2026: 1.0}, 2026) == "进展有限"  # 0.38
    assert _status(energy, {2026: 2.6, 2027: 1.2}, 2027) == "需加快"  # 3.8 / 5.2 = 0.73
    assert _status(energy, {2026: 2.6, 2028: 2.6}, 2028) == "无法评估"  # 2027 missing
    all_years = {2026: 3.0, 2027: 3.0, 2028: 3.0, 2029: 3.0, 2030: 1.0}
    assert _status(energy, all_years, 2030) == "目标已实现"  # 13 of 13
    assert _status(energy, {2026: 3.0, 2027: 3.0, 2028: 3.0, 2029: 4.0}, 2029) == "目标已实现"  # 13 early
    life = _ind(
        4,
        "人均预期寿命",
        unit="岁",
        baseline_value=80.2,
        target_value=0.8,
        target_kind="exact",
        cumulative=True,
    )
    assert _status(life, {2026: 80.3}, 2026) == "需加快"  # +0.1 of 0.16: 0.62
    assert _status(life, {2026: 80.4}, 2026) == "进展顺利"  # +0.2 of 0.16
    assert _status(life, {2026: 80.1}, 2026) == "退步"  # −0.1
    quota = _ind(
        5,
        "新增建设用地",
        unit="公顷",
        direction="decrease",
        target_value=500.0,
        target_kind="at_most",
        cumulative=True,
    )
    assert _status(quota, {2026: 90.0}, 2026) == "进展顺利"  # within 100 pro rata
    assert _status(quota, {2026: 150.0}, 2026) == "需加快"  # over the quota so far, within the total
    assert _status(quota, {2026: 600.0}, 2026) == "退步"  # over the five-year total
    assert "五年累计" in target_text(energy)


def test_annual_rate_and_level_targets() -> None:
    found = indicator_status(GDP, GDP_OBS, 2027, published_through=2030)
    assert STATUS_NAMES[found.status] == "进展顺利"  # (5.2 + 4.8) / 2 = 5.0
    slow = indicator_status(GDP, _obs(GDP, {2026: 4.0, 2027: 4.2}), 2027, published_through=2030)
    assert STATUS_NAMES[slow.status] == "需加快" and slow.ratio == pytest.approx(0.82)
    level = _ind(
        6,
        "地区生产总值",
        unit="亿元",
        baseline_value=1000.0,
        target_value=5.0,
        target_kind="at_least",
        annual=True,
    )
    assert _status(level, {2026: 1060.0}, 2026) == "进展顺利"  # 6 % a year
    assert _status(level, {2027: 1081.6}, 2027) == "需加快"  # 4 % a year: 0.8
    assert target_text(GDP) == "年均5%左右"


def test_assigned_targets_by_reported_completion() -> None:
    carbon = _ind(7, "单位地区生产总值二氧化碳排放降低", target_kind="assigned", target_note="完成省下达任务")
    assert _status(carbon, {2026: 1.0}, 2026, notes={2026: "完成"}) == "进展顺利"
    assert _status(carbon, {2030: 1.0}, 2030, notes={2030: "完成"}) == "目标已实现"
    assert _status(carbon, {2026: 0.0}, 2026, notes={2026: "未完成"}) == "进展有限"
    found = indicator_status(carbon, _obs(carbon, {2026: 3.2}), 2026, published_through=2030)
    assert STATUS_NAMES[found.status] == "无法评估" and "没有具体数值" in found.explanation
    assert target_text(carbon) == "2030年完成省下达任务"


def test_word_targets_and_references() -> None:
    assert parse_word_target("高于地区生产总值增长") is not None
    assert parse_word_target("5左右") is None and parse_word_target("较快增长") is None
    labour = _ind(
        8, "全员劳动生产率增长", target_kind="relative", relation="above", relation_to="地区生产总值增长"
    )
    income = _ind(
        9, "居民人均可支配收入增长（%）", target_kind="relative", relation="in_step", relation_to="经济增长"
    )
    gdp = replace(GDP, name="地区生产总值增长率")
    assert resolve_reference(labour, [gdp, labour, income]) == gdp
    assert resolve_reference(income, [gdp, labour, income]) == gdp
    assert resolve_reference(income, [labour, income]) is None


def test_status_series_of_a_relative_target_compares_with_its_reference_every_year() -> None:
    # averages over the years both have: 2026 5.6 vs 5.2 (above); 2027 (5.6 + 4.0) / 2 = 4.8 vs
    # (5.2 + 4.8) / 2 = 5.0, 0.2 below, within 0.5; 2028 (5.6 + 4.0 + 5.2) / 3 ≈ 4.93 vs 5.0, within 0.5
    ind = _relative("above")
    observations = {GDP.id: GDP_OBS, ind.id: _obs(ind, {2026: 5.6, 2027: 4.0, 2028: 5.2})}
    ref = reference_of(ind, [GDP, ind], observations)
    series = status_series(
        ind, observations[ind.id], (2026, 2027, 2028), published_through=2030, reference=ref
    )
    assert [STATUS_NAMES[s.status] for s in series] == ["进展顺利", "需加快", "需加快"]
    assert [s.year for s in series] == [2026, 2027, 2028]


def test_form_statuses_carry_the_value_the_ratio_and_what_was_due() -> None:
    # relative: nothing is due but the reference's own value, which the status shows as expected
    ind = _relative("above")
    observations = {GDP.id: GDP_OBS, ind.id: _obs(ind, {2026: 5.6})}
    ref = reference_of(ind, [GDP, ind], observations)
    above = indicator_status(ind, observations[ind.id], 2026, published_through=2030, reference=ref)
    assert (above.current, above.expected, above.ratio) == (5.6, 5.2, None)
    assert (
        above.explanation == "2026年 5.6%，参照“地区生产总值增长” 5.2%，目标“高于经济增长”，已达到，进展顺利"
    )
    # cumulative flow without a baseline: 2.7 done of 13 · 1/5 = 2.6 due, ratio 2.7 / 2.6 = 1.0385
    energy = _ind(
        3,
        "单位地区生产总值能源消耗降低",
        target_value=13.0,
        target_kind="exact",
        cumulative=True,
        baseline_year=None,
    )
    flow = indicator_status(energy, _obs(energy, {2026: 2.7}), 2026, published_through=2030)
    assert (flow.current, flow.expected) == (2.7, pytest.approx(2.6))
    assert flow.ratio == pytest.approx(2.7 / 2.6)
    # cumulative level with a baseline: 80.3 − 80.2 = 0.1 of 0.8 · 1/5 = 0.16 due, ratio 0.625
    life = _ind(
        4,
        "人均预期寿命",
        unit="岁",
        baseline_value=80.2,
        target_value=0.8,
        target_kind="exact",
        cumulative=True,
    )
    level = indicator_status(life, _obs(life, {2026: 80.3}), 2026, published_through=2030)
    assert (level.current, level.expected) == (80.3, pytest.approx(0.16))
    assert level.ratio == pytest.approx(0.625)
    assert level.explanation == (
        "2026年较2025年基期累计变化 0.1岁，五年累计〔0.8岁〕，按1/5年分摊应达 0.16岁，比值 0.62，需加快"
    )
    # the baseline year of a form target has nothing to compare yet
    base = indicator_status(life, [], 2025, published_through=2030)
    assert (STATUS_NAMES[base.status], base.current) == ("无数据", 80.2)
    assert base.explanation == "2025年为基期年份，尚无进展可比"
    # annual rate: (4.0 + 4.2) / 2 = 4.1 against 5 a year, ratio 0.82
    slow = indicator_status(GDP, _obs(GDP, {2026: 4.0, 2027: 4.2}), 2027, published_through=2030)
    assert (slow.current, slow.expected, slow.ratio) == (4.2, 5.0, pytest.approx(0.82))
    assert slow.explanation == "2026—2027年平均 4.1%，未达到年均目标 5，比值 0.82，需加快"


def test_reference_of_only_relative_targets_and_only_indicators_of_the_plan() -> None:
    ind = _relative("above")
    observations = {GDP.id: GDP_OBS, ind.id: _obs(ind, {2026: 5.6})}
    # a reference named by a target of another kind is no reference
    floor = _ind(
        10, "居民人均可支配收入增长", target_value=6.0, relation="above", relation_to="地区生产总值增长"
    )
    assert reference_of(floor, [GDP, floor], observations) is None
    # nothing in the plan to compare with
    assert reference_of(ind, [ind], observations) is None
    # the reference is in the plan but has no observations yet: found, with none, and the status
    # asks for the missing year
    found = reference_of(ind, [GDP, ind], {ind.id: observations[ind.id]})
    assert found == (GDP, ())
    status = indicator_status(ind, observations[ind.id], 2026, published_through=2030, reference=found)
    assert STATUS_NAMES[status.status] == "无法评估"
    assert status.explanation == "参照指标“地区生产总值增长”2026年无数据，无法比较；请录入其2026年数值"


def test_quarterly_reports_of_an_assigned_target_do_not_count() -> None:
    # only the year's report says whether the task is done; a quarter's note is no annual report
    carbon = _ind(7, "单位地区生产总值二氧化碳排放降低", target_kind="assigned", target_note="完成省下达任务")
    observations = [
        Observation(carbon.id, "2026Q2", 0.0, note="未完成"),
        Observation(carbon.id, "2026", 1.0, note="完成"),
    ]
    found = indicator_status(carbon, observations, 2026, published_through=2030)
    assert (STATUS_NAMES[found.status], found.explanation) == (
        "进展顺利",
        "2026年报告已完成省下达任务，进展顺利",
    )
