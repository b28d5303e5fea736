"""Statuses of the targets a 主要指标表 writes without a level of its own. Pure functions, called by
``planwatch.services.monitoring.status`` (see its notes for the shared conventions).

* **Relative** (高于地区生产总值增长, 与经济增长同步, 基本同步): the indicator's values are compared
  with its reference's (another indicator of the plan, or the indicator measuring a named figure such
  as 经济增长) averaged over the same years, from the year after the baseline through the year judged.
  With ``gap`` the indicator's average minus the reference's (the reverse for 低于/不高于) and ``tol``
  the 左右 band (0.5 points for a unit in %, else 2 % of the reference): 高于 is met when
  ``gap > 0``, 不低于/不高于 when ``gap ≥ 0``, 同步 when ``gap ≥ −tol`` (outpacing the reference
  counts as in step), 基本同步 when ``gap ≥ −2·tol``. Met → 进展顺利, or 目标已实现 in and after the
  target year; missed by no more than another band → 需加快; otherwise → 进展有限. No reference
  in the plan, or no value of it for a year → 无法评估, with the reason.
* **Cumulative** (〔13〕 in the 年均增长〔累计〕 column: a five-year total). The period runs from the
  year after the baseline (else the five years ending in the target year). A flow indicator (its name
  says 降低/下降/减少/新增/增加/增长/提高…, or it has no baseline) sums each year's own value; a
  level indicator with a baseline (人均预期寿命 〔1〕) counts its change since the baseline. Pro rata
  the total due by year *k* of *N* is ``target · k / N``; ``ratio = done / due`` → the Open SDG bands
  (≥0.95 进展顺利, ≥0.60 需加快, ≥0 进展有限, <0 退步); the whole total reached → 目标已实现. For a
  ceiling (越小越好: a quota of 新增建设用地) within the pro-rata quota → 进展顺利, over it but within
  the total → 需加快, over the total → 退步. A year missing inside the period → 无法评估.
* **Annual** (5左右 in the 年均 column: a yearly rate). A rate indicator (unit in %) averages its
  values since the baseline; a level indicator takes its compound annual growth since the baseline,
  in %. The average is met by the target's kind (左右 within its band); met → 进展顺利 (目标已实现 in
  and after the target year); otherwise ``ratio = average / target`` (inverted for 越小越好) →
  需加快 or below, never better.
* **Assigned** (完成省下达任务): the year's value reports completion (``完成`` → 进展顺利, in and
  after the target year 目标已实现; ``未完成`` → 进展有限); a measured number is not judged (无法评估:
  there is no number to compare it with).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from planwatch.model.monitoring import (
    ACHIEVED,
    COMPLETED_NOTE,
    LIMITED,
    NEEDS_ACCELERATION,
    NOT_ASSESSABLE,
    NOT_COMPLETED_NOTE,
    ON_TRACK,
    REGRESSING,
    RELATION_NAMES,
    STATUS_NAMES,
    Indicator,
    StatusCode,
)
from planwatch.model.units import unit_table

PERCENT_BAND = 0.5
RELATIVE_BAND = 0.02
PLAN_YEARS = 5
_FLOW_NAME = re.compile(
    r"(降低|下降|减少|压减|削减|新增|增加|增长|提高|节约|节能|造林|改造|建设|完成|投资|引进|培育|累计)"
)


@dataclass(frozen=True, slots=True)
class Judged:
    status: StatusCode
    explanation: str
    ratio: float | None = None
    expected: float | None = None


Fmt = Callable[[float], str]


def _band(unit: str, reference: float) -> float:
    if unit_table().is_percent(unit):
        return PERCENT_BAND
    return RELATIVE_BAND * abs(reference)


def _met_status(indicator: Indicator, year: int) -> StatusCode:
    target_year = indicator.target_year
    return ACHIEVED if target_year is not None and year >= target_year else ON_TRACK


def _start(indicator: Indicator, values: Mapping[int, float]) -> int:
    if indicator.baseline_year is not None:
        return indicator.baseline_year + 1
    if indicator.target_year is not None:
        return indicator.target_year - PLAN_YEARS + 1
    return min(values)


def relative(
    indicator: Indicator,
    values: Mapping[int, float],
    reference: Indicator | None,
    ref_values: Mapping[int, float] | None,
    year: int,
    hint: str,
    fmt: Fmt,
) -> Judged:
    relation = indicator.relation or "in_step"
    word = RELATION_NAMES.get(relation, relation)
    ref_name = indicator.relation_to or "参照指标"
    if reference is None or ref_values is None:
        return Judged(
            NOT_ASSESSABLE,
            f"目标为“{indicator.target_note or word + ref_name}”，本规划没有可作参照的指标“{ref_name}”，无法评估；{hint}",
        )
    if year not in ref_values:
        return Judged(
            NOT_ASSESSABLE, f"参照指标“{reference.name}”{year}年无数据，无法比较；请录入其{year}年数值"
        )
    start = min(_start(indicator, values), year)
    years = [y for y in range(start, year + 1) if y in values and y in ref_values]
    own = sum(values[y] for y in years) / len(years)
    ref = sum(ref_values[y] for y in years) / len(years)
    gap = own - ref if relation not in ("below", "not_above") else ref - own
    tol = _band(indicator.unit, ref)
    threshold = {
        "above": 0.0,
        "not_below": 0.0,
        "not_above": 0.0,
        "below": 0.0,
        "in_step": -tol,
        "roughly_in_step": -2 * tol,
    }[relation]
    strict = relation in ("above", "below")
    met = gap > threshold if strict else gap >= threshold
    span = f"{years[0]}—{year}年平均" if len(years) > 1 else f"{year}年"
    text = f"{span} {fmt(own)}{indicator.unit}，参照“{reference.name}” {fmt(ref)}{reference.unit}，目标“{indicator.target_note or word + ref_name}”"
    if met:
        status = _met_status(indicator, year)
    elif gap >= threshold - tol:
        status = NEEDS_ACCELERATION
    else:
        status = LIMITED
    return Judged(status, f"{text}，{'已达到' if met else '未达到'}，{STATUS_NAMES[status]}", expected=ref)


def _is_flow(indicator: Indicator) -> bool:
    return indicator.baseline_value is None or bool(_FLOW_NAME.search(indicator.name))


def cumulative(indicator: Indicator, values: Mapping[int, float], year: int, fmt: Fmt) -> Judged:
    target = indicator.target_value
    assert target is not None
    if indicator.target_year is None:
        return Judged(NOT_ASSESSABLE, "累计目标没有目标年份，无法按年分摊；请填写目标年份")
    start = (
        indicator.baseline_year + 1
        if indicator.baseline_year is not None
        else indicator.target_year - PLAN_YEARS + 1
    )
    total_years = indicator.target_year - start + 1
    if year < start:
        return Judged(NOT_ASSESSABLE, f"{year}年早于累计期（{start}—{indicator.target_year}年），不作评估")
    k = min(year, indicator.target_year) - start + 1
    due = target * k / total_years
    unit = indicator.unit
    if _is_flow(indicator):
        missing = [y for y in range(start, min(year, indicator.target_year) + 1) if y not in values]
        if missing:
            shown = "、".join(str(y) for y in missing)
            return Judged(NOT_ASSESSABLE, f"累计目标按各年数值相加，缺少{shown}年数据，无法累计；请补录")
        done = sum(values[y] for y in range(start, min(year, indicator.target_year) + 1))
        how = f"{start}—{year}年累计 {fmt(done)}{unit}" if k > 1 else f"{year}年 {fmt(done)}{unit}"
    else:
        assert indicator.baseline_value is not None
        done = values[year] - indicator.baseline_value
        how = f"{year}年较{indicator.baseline_year}年基期累计变化 {fmt(done)}{unit}"
    goal = f"五年累计〔{fmt(target)}{unit}〕，按{k}/{total_years}年分摊应达 {fmt(due)}{unit}"
    if indicator.direction == "decrease":
        if done <= due:
            status: StatusCode = ACHIEVED if year >= indicator.target_year else ON_TRACK
        elif done <= target:
            status = NEEDS_ACCELERATION
        else:
            status = REGRESSING
        return Judged(status, f"{how}，{goal}（上限），{STATUS_NAMES[status]}", expected=due)
    tol = _band(unit, target) if indicator.target_kind == "about" else 0.0
    if done >= target - tol:
        status = ACHIEVED
        return Judged(
            status,
            f"{how}，已达到{goal.split('，')[0]}，{STATUS_NAMES[status]}",
            ratio=done / due if due else None,
            expected=due,
        )
    ratio = done / due if due > 0 else (1.0 if done >= due else -1.0)
    if not math.isfinite(ratio):
        ratio = 0.0
    status = (
        ON_TRACK
        if ratio >= 0.95
        else NEEDS_ACCELERATION
        if ratio >= 0.60
        else LIMITED
        if ratio >= 0
        else REGRESSING
    )
    return Judged(
        status, f"{how}，{goal}，比值 {ratio:.2f}，{STATUS_NAMES[status]}", ratio=ratio, expected=due
    )


def annual(
    indicator: Indicator, values: Mapping[int, float], year: int, fmt: Fmt, met: Callable[[float], bool]
) -> Judged:
    target = indicator.target_value
    assert target is not None
    unit = indicator.unit
    rate_unit = unit_table().is_percent(unit)
    if rate_unit or indicator.baseline_value is None:
        start = min(_start(indicator, values), year)
        years = [y for y in range(start, year + 1) if y in values]
        average = sum(values[y] for y in years) / len(years)
        how = (
            f"{years[0]}—{year}年平均 {fmt(average)}{unit}"
            if len(years) > 1
            else f"{year}年 {fmt(average)}{unit}"
        )
    else:
        base, base_year = indicator.baseline_value, indicator.baseline_year
        assert base_year is not None
        if year <= base_year or base <= 0 or values[year] <= 0:
            return Judged(NOT_ASSESSABLE, f"{year}年无法计算较基期的年均增速（需晚于基期且数值为正）")
        average = ((values[year] / base) ** (1 / (year - base_year)) - 1) * 100
        how = f"{base_year}—{year}年年均增长 {fmt(average)}%"
    goal = f"年均目标 {indicator.target_note or fmt(target)}"
    if met(average):
        status = _met_status(indicator, year)
        return Judged(status, f"{how}，达到{goal}，{STATUS_NAMES[status]}", expected=target)
    if indicator.direction == "decrease":
        ratio = target / average if average > 0 and target > 0 else -1.0
    else:
        ratio = average / target if target > 0 else -1.0
    status = NEEDS_ACCELERATION if ratio >= 0.60 else LIMITED if ratio >= 0 else REGRESSING
    return Judged(
        status, f"{how}，未达到{goal}，比值 {ratio:.2f}，{STATUS_NAMES[status]}", ratio=ratio, expected=target
    )


def assigned(indicator: Indicator, value: float, note: str | None, year: int, fmt: Fmt) -> Judged:
    goal = indicator.target_note or "完成上级下达任务"
    note = (note or "").strip()
    if note.startswith(NOT_COMPLETED_NOTE):
        return Judged(LIMITED, f"{year}年报告未{goal.removeprefix('完成')}，{STATUS_NAMES[LIMITED]}")
    if note.startswith(COMPLETED_NOTE):
        status = _met_status(indicator, year)
        return Judged(status, f"{year}年报告已{goal}，{STATUS_NAMES[status]}")
    return Judged(
        NOT_ASSESSABLE,
        f"{year}年实际值 {fmt(value)}{indicator.unit}，但目标“{goal}”没有具体数值，无法比较；"
        "请录入“完成”或“未完成”，或在指标中填写上级下达的目标值",
    )
