"""Indicator status per year, after the Open SDG ratio method (Statistics Canada). Pure functions.

With a target, progress is judged by how fast the indicator moves compared with how fast it must
move to reach the target on time::

    ratio = CAGR(current, base, years since base) / CAGR(target, base, years from base to target)

Both rates are signed by the desired direction, so the signs cancel and ``ratio`` is positive when
the indicator moves the right way. ≥ 0.95 on track (进展顺利), ≥ 0.60 needs acceleration (需加快),
≥ 0 limited progress (进展有限), < 0 regressing (退步). A met target is achieved (目标已实现) in any
year, except that an "about" (左右) target counts as met only in or after its target year: being
near the mark early says nothing about being there at the end.

Without a target (or without a target year to pace against) the signed annual growth from the
baseline is judged instead: ≥ 1.5 % on track, ≥ 0.5 % needs acceleration, ≥ 0 limited, < 0 regressing.

Choices a reader of the numbers should know:

* Only annual observations (period "2026") count; quarterly ones ("2026Q3") are ignored because a
  year-to-date value of a flow indicator is not comparable with an annual one. If an indicator has
  several observations for one year the last one given wins (a revision supersedes).
* CAGR needs base, current and target all > 0. Otherwise the ratio falls back to linear progress:
  ``((current - base) / (target - base)) / (elapsed / total years)``, and growth without a target to
  ``(current - base) / |base| / elapsed``. With base 0 and no target there is no rate at all; the
  status then follows the sign of the change alone (growth is None).
* The expected value for a year is on the geometric path base → target (linear when base or target
  is ≤ 0); after the target year it stays at the target. Without a target, or without a target
  year after the baseline year, it is None.
* The value the path aims at is the target value; for a range (区间) it is the bound nearest the
  baseline. A range without an upper bound acts as a floor (以上).
* If the baseline already meets or is past the target in the desired direction ("保持…以上", a
  respected ceiling), there is no distance to cover and no ratio: met → achieved; an "about" target
  held within its tolerance before the target year → on track; otherwise a move the wrong way from
  the baseline → regressing, else limited progress. The expected value is the target itself.
* ``direction`` decides which way is better for every target kind; the kind only decides whether
  the target is met. An "about" target overshot beyond its tolerance is therefore still classed by
  its ratio, and its explanation says so.
* Default tolerance of an "about" target when none is stored: 0.5 (percentage points) for a unit
  in %, 百分点 or 百分比; otherwise 2 % of the target's magnitude.
* "exact" (等于) is met when equal up to floating-point noise (relative 1e-9). An unknown target
  kind is read as a floor for an increase indicator and a ceiling for a decrease indicator.
* The baseline year itself has nothing to compare: achieved if the target is already met there,
  otherwise no data. Years before the baseline year are no data.
* A missing observation is 数据未发布 (not published), never a delay, when the year is after
  ``published_through``; failing that, when it is the current or a future year relative to
  ``today``; failing both, when it is after the latest year with any value. Otherwise it is 无数据.
* Ratios and rates are clamped to ±1e6 so absurd inputs still give finite numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from functools import partial

from planwatch.model.monitoring import (
    ACHIEVED,
    LIMITED,
    NEEDS_ACCELERATION,
    NO_DATA,
    NOT_PUBLISHED,
    ON_TRACK,
    REGRESSING,
    STATUS_NAMES,
    Indicator,
    IndicatorStatus,
    Observation,
    StatusCode,
)
from planwatch.model.units import unit_table
from planwatch.services.monitoring import status_forms
from planwatch.services.monitoring.target_forms import reference_hint, resolve_reference

ON_TRACK_RATIO = 0.95
ACCELERATION_RATIO = 0.60
ON_TRACK_GROWTH = 0.015
ACCELERATION_GROWTH = 0.005
FASTER_RATIO = 1.05  # above this an on-track indicator is reported as 快于预期
PERCENT_TOLERANCE = 0.5  # default ± of an "about" target in a percent unit, in points
RELATIVE_TOLERANCE = 0.02  # default ± of other "about" targets, as a share of the target
RATIO_CAP = 1e6

# report-level categories (年度 / 中期评估报告)
EARLY = "提前实现"
FASTER = "快于预期"
AS_EXPECTED = "基本符合预期"
LAGGING = "滞后"
REPORT_CATEGORIES = (EARLY, FASTER, AS_EXPECTED, LAGGING)

# worst → best, for comparing statuses that say something about progress
RANKED_STATUSES = (REGRESSING, LIMITED, NEEDS_ACCELERATION, ON_TRACK, ACHIEVED)

# exp() overflows a float a little above 709; capping the exponent keeps every rate finite
_MAX_EXPONENT = 700.0


def is_percent_unit(unit: str) -> bool:
    """Whether the indicator's unit is in percent (%, 个百分点, 百分比 …: the percent family of
    ``data/units.yaml``)."""
    return unit_table().is_percent(unit)


def tolerance_of(indicator: Indicator) -> float:
    """The ± band of an "about" target: the stored one, else the default (see the module notes)."""
    if indicator.tolerance is not None and math.isfinite(indicator.tolerance):
        return abs(indicator.tolerance)
    if is_percent_unit(indicator.unit):
        return PERCENT_TOLERANCE
    target = indicator.target_value
    return RELATIVE_TOLERANCE * abs(target) if target is not None and math.isfinite(target) else 0.0


def _sign(indicator: Indicator) -> int:
    return -1 if indicator.direction == "decrease" else 1


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _kind(indicator: Indicator) -> str:
    kind = indicator.target_kind
    if kind in ("at_least", "at_most", "about", "range", "exact"):
        return kind
    return "at_most" if indicator.direction == "decrease" else "at_least"


def _range_bounds(indicator: Indicator) -> tuple[float, float]:
    low = indicator.target_value
    assert low is not None
    high = _finite(indicator.target_value_max)
    if high is None:
        return low, math.inf
    return (low, high) if low <= high else (high, low)


def target_met(indicator: Indicator, value: float, year: int) -> bool:
    """Whether ``value`` in ``year`` meets the indicator's target, by target kind."""
    target = _finite(indicator.target_value)
    if target is None:
        return False
    kind = _kind(indicator)
    if kind == "at_least":
        return value >= target
    if kind == "at_most":
        return value <= target
    if kind == "range":
        low, high = _range_bounds(indicator)
        return low <= value <= high
    if kind == "about":
        in_band = abs(value - target) <= tolerance_of(indicator)
        return in_band and (indicator.target_year is None or year >= indicator.target_year)
    return math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-12)


def annual_values(indicator: Indicator, observations: Iterable[Observation]) -> dict[int, float]:
    """The indicator's annual observations by year; the last one given for a year wins."""
    values: dict[int, float] = {}
    for obs in observations:
        period = obs.period.strip()
        if obs.indicator_id != indicator.id or not (len(period) == 4 and period.isdigit()):
            continue
        if math.isfinite(obs.value):
            values[int(period)] = obs.value
    return values


def _clamp(value: float) -> float:
    return max(-RATIO_CAP, min(RATIO_CAP, value))


def _clamp_fraction(value: Fraction) -> float:
    # float() of a huge Fraction raises OverflowError, so clamp while still exact
    if value > RATIO_CAP:
        return RATIO_CAP
    if value < -RATIO_CAP:
        return -RATIO_CAP
    return float(value)


def _cagr(value: float, base: float, years: int) -> float:
    """Compound annual growth rate; value and base must be > 0. log1p of the relative change
    keeps the sign of a change of one ulp (log(value) − log(base) can round it to 0), and capping the
    exponent keeps a huge quotient from overflowing."""
    relative = (value - base) / base
    # near −1 the relative change loses its digits, and the plain difference of logs is exact enough
    log_change = math.log1p(relative) if relative > -0.5 else math.log(value) - math.log(base)
    exponent = log_change / years
    return _keep_sign(math.expm1(min(exponent, _MAX_EXPONENT)), value - base)


def _keep_sign(value: float, change: float) -> float:
    """A rate that rounded to 0 although the value moved keeps the sign of the move, so a value
    that fell by however little is still seen as falling."""
    if value == 0 and change != 0:
        return math.copysign(math.ulp(0.0), change)
    return value


def _linear_growth(value: float, base: float, years: int) -> float:
    return _keep_sign(
        _clamp_fraction((Fraction(value) - Fraction(base)) / abs(Fraction(base)) / years), value - base
    )


@dataclass(frozen=True, slots=True)
class _Path:
    """The expected path from the baseline to the value the target aims at."""

    base: float
    base_year: int
    goal: float
    target_year: int
    geometric: bool  # base and goal > 0
    goal_rate: float  # CAGR of the goal (geometric paths only), > 0 after signing

    @property
    def years(self) -> int:
        return self.target_year - self.base_year

    def expected(self, year: int) -> float:
        step = min(max(year - self.base_year, 0), self.years)
        if step == self.years:
            return self.goal
        if self.geometric:
            log_base = math.log(self.base)
            value = math.exp(log_base + (math.log(self.goal) - log_base) * step / self.years)
        else:
            value = float(
                Fraction(self.base) + (Fraction(self.goal) - Fraction(self.base)) * step / self.years
            )
        # rounding must not push the path outside its ends
        return min(max(value, min(self.base, self.goal)), max(self.base, self.goal))

    def ratio(self, current: float, year: int) -> tuple[float, bool]:
        """(ratio, whether the linear fallback was used)."""
        elapsed = year - self.base_year
        moved = current - self.base if self.goal > self.base else self.base - current
        if self.geometric and current > 0:
            return _keep_sign(_clamp(_cagr(current, self.base, elapsed) / self.goal_rate), moved), False
        progress = (Fraction(current) - Fraction(self.base)) / (Fraction(self.goal) - Fraction(self.base))
        return _keep_sign(_clamp_fraction(progress * self.years / elapsed), moved), True


def _goal(indicator: Indicator, base: float) -> float:
    """The value the path aims at: the target, or for a range the bound nearest the baseline."""
    if _kind(indicator) != "range":
        assert indicator.target_value is not None
        return indicator.target_value
    low, high = _range_bounds(indicator)
    if base < low:
        return low
    if base > high:
        return high
    return base


def _path(indicator: Indicator, base: float, base_year: int) -> _Path | None:
    """The path to pace against, or None when there is none: no usable target year, or the baseline
    already at or past the goal in the desired direction."""
    target_year = indicator.target_year
    if target_year is None or target_year <= base_year:
        return None
    goal = _goal(indicator, base)
    sign = _sign(indicator)
    if sign * (goal - base) <= 0:
        return None
    geometric = base > 0 and goal > 0
    rate = 0.0
    if geometric:
        rate = _cagr(goal, base, target_year - base_year)
        # neighbouring floats can give a zero rate: then there is no distance to pace against
        if sign * rate <= 0:
            return None
    return _Path(base, base_year, goal, target_year, geometric, rate)


def _has_target_year(indicator: Indicator, base_year: int) -> bool:
    return indicator.target_year is not None and indicator.target_year > base_year


def is_holding_target(indicator: Indicator) -> bool:
    """Whether the baseline already meets or passes the target in the desired direction (保持…以上,
    a ceiling already respected): there is no distance to cover, only a level to hold."""
    base, base_year = _finite(indicator.baseline_value), indicator.baseline_year
    if base is None or base_year is None or _finite(indicator.target_value) is None:
        return False
    return _has_target_year(indicator, base_year) and _path(indicator, base, base_year) is None


def _overshot(indicator: Indicator, current: float, goal: float) -> bool:
    """Whether an unmet "about", range or exact target was passed beyond its far end, in the
    desired direction: the ratio then looks good while the target is missed."""
    sign = _sign(indicator)
    kind = _kind(indicator)
    if kind == "about":
        return sign * (current - goal) > tolerance_of(indicator)
    if kind == "range":
        low, high = _range_bounds(indicator)
        far = high if goal == low else low
        return sign * (current - far) > 0
    return kind == "exact" and sign * (current - goal) > 0


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1e12 or abs(value) < 0.01:
        return f"{value:.4g}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _quantity(value: float, indicator: Indicator) -> str:
    return f"{_fmt(value)}{indicator.unit}"


def target_text(indicator: Indicator) -> str:
    """The target as a person reads it, e.g. "2030年不低于 3%"."""
    target = _finite(indicator.target_value)
    year = f"{indicator.target_year}年" if indicator.target_year is not None else ""
    if indicator.target_kind in WORD_KINDS and target is None:
        return (
            f"{year}{indicator.target_note or '完成上级下达任务'}"
            if indicator.target_kind == "assigned"
            else (indicator.target_note or f"与{indicator.relation_to}比较")
        )
    if target is None:
        return "无量化目标"
    if indicator.cumulative:
        return f"至{year}五年累计〔{_quantity(target, indicator)}〕"
    if indicator.annual:
        return f"年均{_quantity(target, indicator)}{'左右' if _kind(indicator) == 'about' else '以上' if _kind(indicator) == 'at_least' else '以内' if _kind(indicator) == 'at_most' else ''}"
    kind = _kind(indicator)
    if kind == "range":
        low, high = _range_bounds(indicator)
        if math.isinf(high):
            return f"{year}不低于 {_quantity(low, indicator)}"
        return f"{year}{_fmt(low)}～{_quantity(high, indicator)}"
    if kind == "about":
        band = _quantity(tolerance_of(indicator), indicator)
        return f"{year}{_quantity(target, indicator)}左右（±{band}）"
    names = {"at_least": "不低于", "at_most": "不高于", "exact": "等于"}
    return f"{year}{names[kind]} {_quantity(target, indicator)}"


def _by_ratio(ratio: float) -> StatusCode:
    if ratio >= ON_TRACK_RATIO:
        return ON_TRACK
    if ratio >= ACCELERATION_RATIO:
        return NEEDS_ACCELERATION
    if ratio >= 0:
        return LIMITED
    return REGRESSING


def _by_growth(growth: float) -> StatusCode:
    if growth >= ON_TRACK_GROWTH:
        return ON_TRACK
    if growth >= ACCELERATION_GROWTH:
        return NEEDS_ACCELERATION
    if growth >= 0:
        return LIMITED
    return REGRESSING


def _unpublished(year: int, published_through: int | None, today: date | None, known: Iterable[int]) -> bool:
    if published_through is not None:
        return year > published_through
    if today is not None:
        return year >= today.year
    latest = max(known, default=None)
    return latest is not None and year > latest


Reference = tuple[Indicator, Sequence[Observation]]


def reference_of(
    indicator: Indicator, indicators: Iterable[Indicator], observations: Mapping[int, Sequence[Observation]]
) -> Reference | None:
    """The indicator a relative target refers to, with its observations, among the plan's."""
    if indicator.target_kind != "relative":
        return None
    found = resolve_reference(indicator, indicators)
    return None if found is None else (found, observations.get(found.id, ()))


@dataclass(frozen=True, slots=True)
class _Inputs:
    values: Mapping[int, float]
    notes: Mapping[int, str]
    reference: Indicator | None
    ref_values: Mapping[int, float] | None


def _inputs(
    indicator: Indicator, observations: Iterable[Observation], reference: Reference | None
) -> _Inputs:
    observations = list(observations)
    notes = {int(o.period): o.note for o in observations if o.note and o.period.strip().isdigit()}
    ref_values = annual_values(reference[0], reference[1]) if reference is not None else None
    return _Inputs(
        annual_values(indicator, observations),
        notes,
        reference[0] if reference is not None else None,
        ref_values,
    )


def indicator_status(
    indicator: Indicator,
    observations: Iterable[Observation],
    year: int,
    *,
    published_through: int | None = None,
    today: date | None = None,
    reference: Reference | None = None,
) -> IndicatorStatus:
    """The indicator's status in ``year`` (see the module notes for the method and its choices).

    ``published_through`` is the latest year whose statistics are out; without it ``today`` decides
    (the current year and later are unpublished), and without either the latest year with a value.
    ``reference`` is what a relative target compares with (:func:`reference_of`).
    """
    return _status(indicator, _inputs(indicator, observations, reference), year, published_through, today)


def status_series(
    indicator: Indicator,
    observations: Iterable[Observation],
    years: Iterable[int],
    *,
    published_through: int | None = None,
    today: date | None = None,
    reference: Reference | None = None,
) -> list[IndicatorStatus]:
    """The indicator's status for each of ``years``, in the order given."""
    inputs = _inputs(indicator, observations, reference)
    return [_status(indicator, inputs, y, published_through, today) for y in years]


def _status(
    indicator: Indicator,
    inputs: _Inputs,
    year: int,
    published_through: int | None,
    today: date | None,
) -> IndicatorStatus:
    values = inputs.values
    result = partial(_result, indicator.id, year)
    base = _finite(indicator.baseline_value)
    base_year = indicator.baseline_year if base is not None else None
    current = values.get(year)
    if current is None and base is not None and year == base_year:
        current = base  # the plan itself publishes the baseline
    if current is None:
        known = [*values, *([base_year] if base_year is not None else [])]
        if _unpublished(year, published_through, today, known):
            through = f"（已发布至{published_through}年）" if published_through is not None else ""
            return result(NOT_PUBLISHED, f"{year}年数据尚未发布{through}")
        return result(NO_DATA, f"{year}年无监测数据")

    actual = f"{year}年实际值 {_quantity(current, indicator)}"
    by_form = indicator.target_kind in WORD_KINDS or _numeric_form(indicator)
    if base is None or base_year is None:
        if by_form:
            # relative, assigned, cumulative and annual targets need no baseline
            return _judged(result, _form(indicator, inputs, year, current), current)
        return result(NO_DATA, f"{actual}，缺少基期值，无法评估", current=current)
    if year < base_year:
        return result(NO_DATA, f"{actual}，早于基期（{base_year}年），不作评估", current=current)
    if by_form:
        if year == base_year:
            return result(NO_DATA, f"{year}年为基期年份，尚无进展可比", current=current)
        return _judged(result, _form(indicator, inputs, year, current), current)
    return _against_target(indicator, result, actual, year, current, base, base_year)


def _result(
    indicator_id: int,
    year: int,
    status: StatusCode,
    explanation: str,
    *,
    current: float | None = None,
    ratio: float | None = None,
    growth: float | None = None,
    expected: float | None = None,
) -> IndicatorStatus:
    return IndicatorStatus(indicator_id, year, status, ratio, growth, current, expected, explanation)


def _against_target(
    indicator: Indicator,
    result: Callable[..., IndicatorStatus],
    actual: str,
    year: int,
    current: float,
    base: float,
    base_year: int,
) -> IndicatorStatus:
    """A numeric target (or none) judged from the baseline: met, paced along the path to it, held,
    or by the annual growth since the baseline."""
    has_target = _finite(indicator.target_value) is not None
    path = _path(indicator, base, base_year) if has_target else None
    holding = has_target and path is None and _has_target_year(indicator, base_year)
    expected = None
    if path is not None:
        expected = path.expected(year)
    elif holding:
        expected = _goal(indicator, base)

    if has_target and target_met(indicator, current, year):
        ratio = path.ratio(current, year)[0] if path is not None and year > base_year else None
        text = _achieved_text(indicator, actual, year, holding)
        return result(ACHIEVED, text, current=current, ratio=ratio, expected=expected)
    if year == base_year:
        return result(
            NO_DATA,
            f"{year}年为基期年份（基期值 {_quantity(base, indicator)}），尚无进展可比",
            current=current,
            expected=expected,
        )
    if path is not None:
        ratio, linear = path.ratio(current, year)
        status = _by_ratio(ratio)
        assert expected is not None
        text = f"{actual}，按目标路径应达 {_quantity(expected, indicator)}，比值 {ratio:.2f}，{STATUS_NAMES[status]}"
        if linear:
            text += "（数值含零或负数，按线性进度计算）"
        if _overshot(indicator, current, path.goal):
            text += f"；已超出目标（{target_text(indicator)}）"
        return result(status, text, current=current, ratio=ratio, expected=expected)
    if holding:
        status, text = _held(indicator, actual, current, base)
        return result(status, text, current=current, expected=expected)

    status, text, growth = _growth_status(indicator, current, base, base_year, year, has_target)
    return result(status, text, current=current, growth=growth)


def _achieved_text(indicator: Indicator, actual: str, year: int, holding: bool) -> str:
    if holding:
        return f"{actual}，保持达到目标（{target_text(indicator)}），目标已实现"
    text = f"{actual}，已达到目标（{target_text(indicator)}），目标已实现"
    if indicator.target_year is not None and year < indicator.target_year:
        text += f"，较目标年份提前 {indicator.target_year - year} 年"
    return text


def _held(indicator: Indicator, actual: str, current: float, base: float) -> tuple[StatusCode, str]:
    """(status, explanation) when the baseline already meets or passes the target: the task is to
    hold it."""
    goal = target_text(indicator)
    status: StatusCode
    if _kind(indicator) == "about" and abs(current - _goal(indicator, base)) <= tolerance_of(indicator):
        status = ON_TRACK
        return status, f"{actual}，处于目标（{goal}）范围内，{STATUS_NAMES[status]}"
    if _sign(indicator) * (current - base) < 0:
        status = REGRESSING
        return (
            status,
            f"基期值 {_quantity(base, indicator)} 已达到目标（{goal}），{actual}，未能保持，{STATUS_NAMES[status]}",
        )
    status = LIMITED
    return status, f"{actual}，未达到目标（{goal}），{STATUS_NAMES[status]}"


WORD_KINDS = ("relative", "assigned")


def _numeric_form(indicator: Indicator) -> bool:
    """A cumulative (〔13〕) or annual (年均) numeric target, judged by status_forms."""
    return _finite(indicator.target_value) is not None and (indicator.cumulative or indicator.annual)


def _form(indicator: Indicator, inputs: _Inputs, year: int, current: float) -> status_forms.Judged:
    values = {**inputs.values, year: current}
    if indicator.target_kind == "relative":
        return status_forms.relative(
            indicator, values, inputs.reference, inputs.ref_values, year, reference_hint(indicator), _fmt
        )
    if indicator.target_kind == "assigned":
        return status_forms.assigned(indicator, current, inputs.notes.get(year), year, _fmt)
    if indicator.cumulative:
        return status_forms.cumulative(indicator, values, year, _fmt)

    def met(value: float) -> bool:
        # a yearly rate is judged every year: 左右 is met before the target year too
        return target_met(replace(indicator, target_year=None), value, year)

    return status_forms.annual(indicator, values, year, _fmt, met)


def _judged(
    result: Callable[..., IndicatorStatus], judged: status_forms.Judged, current: float
) -> IndicatorStatus:
    return result(
        judged.status, judged.explanation, current=current, ratio=judged.ratio, expected=judged.expected
    )


def _growth_status(
    indicator: Indicator,
    current: float,
    base: float,
    base_year: int,
    year: int,
    has_target: bool,
) -> tuple[StatusCode, str, float | None]:
    """(status, explanation, signed growth) judged by the annual growth since the baseline."""
    sign = _sign(indicator)
    elapsed = year - base_year
    growth: float | None
    if base > 0 and current > 0:
        growth = _clamp(_cagr(current, base, elapsed))
    elif base != 0:
        growth = _linear_growth(current, base, elapsed)
    else:
        growth = None
    actual = f"{year}年实际值 {_quantity(current, indicator)}"
    since = f"较{base_year}年基期 {_quantity(base, indicator)}"
    if growth is not None:
        signed = sign * growth
        status = _by_growth(signed)
        verb = "增长" if growth >= 0 else "下降"
        change = f"{since}年均{verb} {abs(growth) * 100:.2f}%"
    else:
        signed = None
        moved = sign * (current - base)
        status = ON_TRACK if moved > 0 else LIMITED if moved == 0 else REGRESSING
        change = since + ("上升" if current > base else "下降" if current < base else "持平")
    why = "目标未设年份" if has_target else "无量化目标"
    text = f"{actual}，{change}（{why}，按增速评估），{STATUS_NAMES[status]}"
    return status, text, signed


def report_category(indicator: Indicator, status: IndicatorStatus) -> str | None:
    """The category an annual or midterm report puts the indicator in; None when there is nothing
    to judge (数据未发布, 无数据).

    achieved before the target year → 提前实现; achieved in or after it (or with no target year)
    → 基本符合预期, the target having been met on schedule; a holding target (baseline already
    at the target, e.g. a ceiling respected) kept → 基本符合预期, never "early": there was nothing
    to reach. On track with ratio > 1.05 → 快于预期;
    other on-track → 基本符合预期 (within ±5 % of the required pace, or growth ≥ 1.5 % without a
    target). Needs acceleration, limited progress and regressing → 滞后: a ratio below 0.95 means
    the indicator is behind the path it needs to be on.
    """
    if status.status == ACHIEVED:
        target_year = indicator.target_year
        early = target_year is not None and status.year < target_year
        return EARLY if early and not is_holding_target(indicator) else AS_EXPECTED
    if status.status == ON_TRACK:
        return FASTER if status.ratio is not None and status.ratio > FASTER_RATIO else AS_EXPECTED
    if status.status in (NEEDS_ACCELERATION, LIMITED, REGRESSING):
        return LAGGING
    return None
