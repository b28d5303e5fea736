"""The indicator part of an evaluation report: each indicator's status in the report year, its
report category, the counts, the table and the charts.

Report categories — the one place the status levels of ``services.status`` become the words of a
年度监测报告 / 中期评估报告 (``status.report_category`` decides the first four):

=====================  =============================================================
提前实现               target met before the target year
快于预期               on track, ratio > 1.05
基本符合预期           on track within ±5 % of the required pace (or growth ≥ 1.5 % without
                       a target); a target met in or after its year; a held target kept
滞后                   needs acceleration, limited progress or regressing
数据未发布             no value for the year yet, and the year's statistics are not out
无目标                 no quantified target and nothing to judge growth by
无数据                 no value although the year is past, or no baseline to compare with
=====================  =============================================================

Annual reports judge the report year's own value. Mid-term evaluations judge each indicator at
the latest year with a value up to the evaluation year, since the evaluation year's statistics
are usually not out when it is written; the table shows every year so far.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from planwatch.model.monitoring import NO_DATA, NOT_PUBLISHED, STATUS_NAMES, Indicator, IndicatorStatus
from planwatch.model.report import BarChart, SeriesChart, SeriesPanel, TableBlock
from planwatch.services.monitoring.indicators import IndicatorView
from planwatch.services.monitoring.sample import SAMPLE_SUFFIX
from planwatch.services.monitoring.status import (
    AS_EXPECTED,
    EARLY,
    FASTER,
    LAGGING,
    annual_values,
    indicator_status,
    reference_of,
    report_category,
    status_series,
)
from planwatch.services.monitoring.targets import format_target

NOT_PUBLISHED_NAME = STATUS_NAMES[NOT_PUBLISHED]
NO_TARGET = "无目标"
NO_DATA_NAME = STATUS_NAMES[NO_DATA]
CATEGORIES = (EARLY, FASTER, AS_EXPECTED, LAGGING, NOT_PUBLISHED_NAME, NO_TARGET, NO_DATA_NAME)
JUDGED = (EARLY, FASTER, AS_EXPECTED, LAGGING)
CATEGORY_COLORS = {
    EARLY: "#1a7f37",
    FASTER: "#2da44e",
    AS_EXPECTED: "#218bff",
    LAGGING: "#cf222e",
    NOT_PUBLISHED_NAME: "#8c959f",
    NO_TARGET: "#bf8700",
    NO_DATA_NAME: "#afb8c1",
}
KEY_CHARTS = 4  # indicators drawn as series in the report


def category_of(indicator: Indicator, status: IndicatorStatus) -> str:
    """The report category of an indicator's status (see the module table)."""
    judged = report_category(indicator, status)
    if judged is not None:
        return judged
    if status.status == NOT_PUBLISHED:
        return NOT_PUBLISHED_NAME
    if indicator.target_value is None:
        return NO_TARGET
    return NO_DATA_NAME


def num(value: float | None, unit: str = "") -> str:
    """A figure for a table: at most two decimals, no trailing zeros."""
    if value is None or not math.isfinite(value):
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{'0' if text == '-0' else text}{unit}"


def short_name(indicator: Indicator) -> str:
    return indicator.name.removesuffix(SAMPLE_SUFFIX)


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    view: IndicatorView
    status: IndicatorStatus  # at the year it is judged
    category: str
    values: dict[int, float]  # annual values up to the report year

    @property
    def indicator(self) -> Indicator:
        return self.view.indicator


def assess(views: list[IndicatorView], year: int, *, midterm: bool, today: date) -> list[IndicatorLine]:
    lines = []
    # a relative target compares with another indicator's values up to the same year
    observations = {
        v.indicator.id: [o for o in v.observations if o.period[:4].isdigit() and int(o.period[:4]) <= year]
        for v in views
    }
    for view in views:
        ind = view.indicator
        values = {y: v for y, v in annual_values(ind, view.observations).items() if y <= year}
        at = year
        if midterm:
            known = [y for y in values if ind.baseline_year is None or y > ind.baseline_year]
            at = max(known, default=year)
        obs = [o for o in view.observations if o.period[:4].isdigit() and int(o.period[:4]) <= year]
        reference = reference_of(ind, [v.indicator for v in views], observations)
        status = indicator_status(ind, obs, at, today=today, reference=reference)
        lines.append(IndicatorLine(view, status, category_of(ind, status), values))
    return lines


def counts(lines: list[IndicatorLine]) -> dict[str, int]:
    found = Counter(line.category for line in lines)
    return {c: found[c] for c in CATEGORIES if found[c] or c in JUDGED}


def counts_text(count: dict[str, int]) -> str:
    parts = [f"{c} {n} 项" for c in JUDGED if (n := count.get(c, 0))]
    rest = [f"{c} {n} 项" for c in CATEGORIES[len(JUDGED) :] if (n := count.get(c, 0))]
    return "、".join(parts + rest) if parts or rest else "无"


def status_chart(count: dict[str, int], title: str) -> BarChart:
    labels = tuple(count)
    return BarChart(
        title=title,
        labels=labels,
        values=tuple(float(count[c]) for c in labels),
        unit="项",
        colors=tuple(CATEGORY_COLORS[c] for c in labels),
        value_format="{:.0f}",
    )


def _progress_share(line: IndicatorLine) -> str:
    """How much of the distance from baseline to target has been covered."""
    ind, current = line.indicator, line.status.current
    base, target = ind.baseline_value, ind.target_value
    if current is None or base is None or target is None or target == base:
        return "—"
    return f"{(current - base) / (target - base) * 100:.0f}%"


def table(lines: list[IndicatorLine], year: int, *, midterm: bool, first_year: int) -> TableBlock:
    base_years = {line.indicator.baseline_year for line in lines}
    one_base = next(iter(base_years)) if len(base_years) == 1 else None
    base_head = f"{one_base}年基期值" if one_base is not None else "基期值（年份）"
    if midterm:
        years = list(range(first_year, year + 1))
        headers = ("序号", "指标", "单位", "属性", base_head, *(f"{y}年" for y in years))
        headers += (f"{year}年预期值", "目标值", "目标完成程度", "评估")
        widths = (0.7, 3.0, 1.1, 1.0, 1.4, *(0.9 for _ in years), 1.7, 1.6, 1.1, 1.4)
    else:
        headers = ("序号", "指标", "单位", "属性", base_head, f"{year}年实际值", f"{year}年预期值")
        headers += ("目标值", "状态", "评估")
        widths = (0.7, 3.0, 1.2, 1.0, 1.4, 1.2, 1.2, 1.8, 1.3, 1.6)
    rows = []
    for i, line in enumerate(lines, start=1):
        ind, st = line.indicator, line.status
        base = num(ind.baseline_value)
        if one_base is None and ind.baseline_year is not None:
            base += f"（{ind.baseline_year}）"
        head = (str(i), ind.name, ind.unit or "—", ind.attribute, base)
        expected = num(st.expected) if st.year == year else f"{num(st.expected)}（{st.year}年）"
        if midterm:
            by_year = (num(line.values.get(y)) for y in range(first_year, year + 1))
            rows.append((*head, *by_year, expected, format_target(ind), _progress_share(line), line.category))
        else:
            status_name = STATUS_NAMES.get(st.status, st.status)
            rows.append(
                (
                    *head,
                    num(line.values.get(year)),
                    num(st.expected),
                    format_target(ind),
                    status_name,
                    line.category,
                )
            )
    numeric = tuple(
        h != "目标值" and (h.startswith("基期值") or h.endswith(("年", "值", "程度"))) for h in headers
    )
    note = (
        "预期值为按目标路径（基期值到目标值的几何增长路径）推算的当年应达值；"
        "状态按 Open SDG 比值法判定（进展比值 ≥0.95 进展顺利，≥0.60 需加快，≥0 进展有限，<0 退步）。"
    )
    if midterm:
        note += "目标完成程度为已完成的“基期值→目标值”距离占比；评估以各指标截至评估年最新一年的数据为准。"
    return TableBlock(
        title="主要指标监测表" if not midterm else "主要指标中期评估表",
        headers=headers,
        rows=tuple(rows),
        widths=widths,
        numeric=numeric,
        empty="尚未建立监测指标。",
        note=note,
    )


def _key_lines(lines: list[IndicatorLine]) -> list[IndicatorLine]:
    """Indicators worth a chart: with a target, a target year and at least one value; binding
    (约束性) and lagging ones first."""
    usable = [
        line
        for line in lines
        if line.indicator.target_value is not None
        and line.indicator.target_year is not None
        and line.indicator.baseline_year is not None
        and line.values
    ]
    usable.sort(key=lambda line: (line.category != LAGGING, line.indicator.attribute != "约束性"))
    return usable[:KEY_CHARTS]


def series_chart(lines: list[IndicatorLine], year: int, title: str) -> SeriesChart | None:
    panels = []
    for line in _key_lines(lines):
        ind = line.indicator
        assert ind.baseline_year is not None and ind.target_year is not None
        years = list(range(ind.baseline_year, max(ind.target_year, year) + 1))
        expected = [s.expected for s in status_series(ind, line.view.observations, years)]
        observed: list[float | None] = [
            line.values.get(y, ind.baseline_value if y == ind.baseline_year else None) if y <= year else None
            for y in years
        ]
        panels.append(
            SeriesPanel(
                title=short_name(ind),
                unit=ind.unit,
                years=tuple(years),
                observed=tuple(observed),
                expected=tuple(expected),
                target=ind.target_value,
                target_label=f"目标 {format_target(ind)}",
            )
        )
    return SeriesChart(title, tuple(panels)) if panels else None
