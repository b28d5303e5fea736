"""Indicator status (Open SDG ratio method): worked examples checked by hand, then properties."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from planwatch.model import Indicator, IndicatorStatus, Observation
from planwatch.model.monitoring import (
    ACHIEVED,
    LIMITED,
    NEEDS_ACCELERATION,
    NO_DATA,
    NOT_PUBLISHED,
    ON_TRACK,
    REGRESSING,
    STATUS_NAMES,
)
from planwatch.services.monitoring.status import (
    AS_EXPECTED,
    EARLY,
    FASTER,
    LAGGING,
    RANKED_STATUSES,
    annual_values,
    indicator_status,
    is_holding_target,
    report_category,
    status_series,
    target_met,
    target_text,
    tolerance_of,
)


def indicator(
    base: float | None = 2.5,
    target: float | None = 3.0,
    kind: str = "at_least",
    *,
    direction: str = "increase",
    unit: str = "%",
    base_year: int | None = 2025,
    target_year: int | None = 2030,
    target_max: float | None = None,
    tolerance: float | None = None,
) -> Indicator:
    return Indicator(
        id=1,
        plan_id=1,
        name="示例指标",
        unit=unit,
        category="经济发展",
        attribute="预期性",
        direction=direction,
        baseline_value=base,
        baseline_year=base_year,
        target_value=target,
        target_kind=kind,
        target_year=target_year,
        target_value_max=target_max,
        tolerance=tolerance,
    )


def observed(*pairs: tuple[int | str, float], indicator_id: int = 1) -> list[Observation]:
    return [Observation(indicator_id, str(period), value) for period, value in pairs]


def status_of(
    ind: Indicator, year: int, value: float | None, *, published_through: int = 2035
) -> IndicatorStatus:
    obs = observed((year, value)) if value is not None else []
    return indicator_status(ind, obs, year, published_through=published_through)


# ---------------------------------------------------------------- worked examples, checked by hand


def test_example_1_floor_target_ahead_of_path_is_on_track_and_faster_than_expected() -> None:
    # base 2025 = 2.5 %, target 2030 ≥ 3 %, 2027 = 2.7 %
    # CAGR(current) = (2.7/2.5)^(1/2) − 1 = 1.08^0.5 − 1 = 3.923 %
    # CAGR(target)  = (3/2.5)^(1/5) − 1  = 1.2^0.2 − 1  = 3.714 %
    # ratio = 3.923 / 3.714 = 1.056 ≥ 0.95 → on track; > 1.05 → 快于预期
    # expected = 2.5 × 1.2^(2/5) = 2.5 × 1.07565 = 2.689 → "2.69%"
    ind = indicator()
    s = status_of(ind, 2027, 2.7)
    assert s.status == ON_TRACK
    assert s.ratio == pytest.approx(1.05636, abs=1e-5)
    assert s.expected == pytest.approx(2.68913, abs=1e-5)
    assert s.growth is None and s.current == 2.7
    assert s.explanation == "2027年实际值 2.7%，按目标路径应达 2.69%，比值 1.06，进展顺利"
    assert report_category(ind, s) == FASTER


def test_example_2_floor_target_behind_path_needs_acceleration() -> None:
    # same indicator, 2028 = 2.7 %: CAGR = 1.08^(1/3) − 1 = 2.599 %
    # ratio = 2.599 / 3.714 = 0.700 → between 0.60 and 0.95 → needs acceleration → report 滞后
    # expected = 2.5 × 1.2^(3/5) = 2.5 × 1.11560 = 2.789
    ind = indicator()
    s = status_of(ind, 2028, 2.7)
    assert s.status == NEEDS_ACCELERATION
    assert s.ratio == pytest.approx(0.69972, abs=1e-5)
    assert s.expected == pytest.approx(2.78900, abs=1e-5)
    assert "需加快" in s.explanation
    assert report_category(ind, s) == LAGGING


def test_example_3_limited_and_example_4_regressing() -> None:
    ind = indicator()
    # 2028 = 2.55 %: CAGR = 1.02^(1/3) − 1 = 0.662 %; ratio = 0.662 / 3.714 = 0.178 → limited progress
    limited = status_of(ind, 2028, 2.55)
    assert limited.status == LIMITED
    assert limited.ratio == pytest.approx(0.17833, abs=1e-5)
    # 2026 = 2.4 %: CAGR = 2.4/2.5 − 1 = −4 %; ratio = −4 / 3.714 = −1.077 → regressing
    regressing = status_of(ind, 2026, 2.4)
    assert regressing.status == REGRESSING
    assert regressing.ratio == pytest.approx(-1.07708, abs=1e-5)
    assert report_category(ind, limited) == report_category(ind, regressing) == LAGGING


def test_example_5_floor_met_early_is_achieved_ahead_of_time() -> None:
    # 2028 = 3.1 % ≥ 3 % → target met → achieved; 2028 < 2030 → 提前实现
    ind = indicator()
    s = status_of(ind, 2028, 3.1)
    assert s.status == ACHIEVED
    assert "目标已实现" in s.explanation and "提前 2 年" in s.explanation
    assert report_category(ind, s) == EARLY
    # met exactly in the target year: achieved on schedule → 基本符合预期
    on_time = status_of(ind, 2030, 3.0)
    assert on_time.status == ACHIEVED
    assert report_category(ind, on_time) == AS_EXPECTED


def test_example_6_ceiling_on_a_decrease_indicator() -> None:
    # 单位GDP能耗: base 2025 = 0.50, target 2030 ≤ 0.43, lower is better; 2027 = 0.47
    # CAGR(current) = (0.47/0.50)^(1/2) − 1 = 0.94^0.5 − 1 = −3.046 %
    # CAGR(target)  = (0.43/0.50)^(1/5) − 1 = 0.86^0.2 − 1 = −2.971 %
    # both signed by the direction (×−1): 3.046 / 2.971 = 1.025 → on track, ≤ 1.05 → 基本符合预期
    # expected = 0.50 × 0.86^(2/5) = 0.50 × 0.94145 = 0.4707
    ind = indicator(0.50, 0.43, "at_most", direction="decrease", unit="吨标准煤/万元")
    s = status_of(ind, 2027, 0.47)
    assert s.status == ON_TRACK
    assert s.ratio == pytest.approx(1.02524, abs=1e-5)
    assert s.expected == pytest.approx(0.47073, abs=1e-5)
    assert report_category(ind, s) == AS_EXPECTED
    # 2029 = 0.42 ≤ 0.43 → achieved, a year early
    assert status_of(ind, 2029, 0.42).status == ACHIEVED


def test_example_7_ceiling_already_respected_is_held() -> None:
    # 城镇调查失业率 ≤ 5.5 %, base 2025 = 5.0 %: already within the ceiling, nothing to pace.
    ind = indicator(5.0, 5.5, "at_most", direction="decrease")
    held = status_of(ind, 2027, 5.2)  # 5.2 ≤ 5.5 → achieved
    assert held.status == ACHIEVED and held.ratio is None
    assert held.expected == 5.5
    assert held.explanation == "2027年实际值 5.2%，保持达到目标（2030年不高于 5.5%），目标已实现"
    assert is_holding_target(ind)
    # held, not reached: nothing was reached "early", so the report says 基本符合预期
    assert report_category(ind, held) == AS_EXPECTED
    broken = status_of(ind, 2028, 5.8)  # 5.8 > 5.5 and up from 5.0, the wrong way → regressing
    assert broken.status == REGRESSING
    assert "未能保持" in broken.explanation


def test_example_8_about_target_counts_only_in_the_target_year() -> None:
    # 常住人口 2030 年 750 万人左右; no tolerance stored → 2 % × 750 = 15 万人; base 2025 = 745
    # 2027 = 760, inside 750 ± 15 but before 2030 → not achieved; paced by ratio:
    # CAGR(current) = (760/745)^(1/2) − 1 = 1.0017 %; CAGR(target) = (750/745)^(1/5) − 1 = 0.1339 %
    # ratio = 1.0017 / 0.1339 = 7.48 → on track
    ind = indicator(745, 750, "about", unit="万人")
    assert tolerance_of(ind) == pytest.approx(15)
    early = status_of(ind, 2027, 760)
    assert early.status == ON_TRACK
    assert early.ratio == pytest.approx(7.4826, abs=1e-4)
    assert "超出" not in early.explanation
    # 2030 = 758: |758 − 750| = 8 ≤ 15 → achieved
    assert status_of(ind, 2030, 758).status == ACHIEVED
    # 2030 = 770: 20 > 15 → missed by overshooting; ratio (770/745)^(1/5) − 1 over 0.1339 % = 4.95
    over = status_of(ind, 2030, 770)
    assert over.status == ON_TRACK
    assert over.ratio == pytest.approx(4.9474, abs=1e-4)
    assert "已超出目标（2030年750万人左右（±15万人））" in over.explanation


def test_example_9_range_target() -> None:
    # 研发投入强度 2030 年 3%～3.5%, base 2025 = 2.8 %: the path aims at the nearer bound, 3 %
    # 2027 = 2.9: CAGR = (2.9/2.8)^(1/2) − 1 = 1.770 %; CAGR(3/2.8, 5) = 1.389 % → ratio 1.274
    ind = indicator(2.8, 3.0, "range", target_max=3.5)
    s = status_of(ind, 2027, 2.9)
    assert s.status == ON_TRACK
    assert s.ratio == pytest.approx(1.27395, abs=1e-5)
    assert s.expected == pytest.approx(2.8 * (3 / 2.8) ** 0.4)
    assert status_of(ind, 2027, 3.2).status == ACHIEVED  # inside the range
    over = status_of(ind, 2027, 3.6)  # past the upper bound: not met, flagged
    assert over.status == ON_TRACK and "已超出目标（2030年3～3.5%）" in over.explanation
    assert target_text(ind) == "2030年3～3.5%"


def test_example_10_no_target_judged_by_growth() -> None:
    # base 2025 = 100; no target. 2027 = 104: (104/100)^(1/2) − 1 = 1.980 % ≥ 1.5 % → on track
    ind = indicator(100, None, unit="亿元")
    up = status_of(ind, 2027, 104)
    assert up.status == ON_TRACK and up.ratio is None and up.expected is None
    assert up.growth == pytest.approx(0.019804, abs=1e-6)
    assert "年均增长 1.98%" in up.explanation
    # 2027 = 101: 1.01^(1/2) − 1 = 0.499 % < 0.5 % → limited, just under the 0.5 % line
    assert status_of(ind, 2027, 101).status == LIMITED
    # lower is better, 2027 = 98: CAGR = 0.98^(1/2) − 1 = −1.005 %, signed +1.005 % → needs acceleration
    down = status_of(replace(ind, direction="decrease"), 2027, 98)
    assert down.status == NEEDS_ACCELERATION
    assert down.growth == pytest.approx(0.010051, abs=1e-6)
    assert "年均下降 1.01%" in down.explanation


def test_example_11_negative_base_falls_back_to_linear_progress() -> None:
    # 净出口 base 2025 = −20 亿元, target 2030 ≥ 30: CAGR undefined for a negative value
    # 2027 = 0: progress (0 − (−20)) / (30 − (−20)) = 20/50 = 0.4; time 2/5 = 0.4 → ratio 1.0 → on track
    # expected on the straight line: −20 + 50 × 2/5 = 0
    ind = indicator(-20, 30, unit="亿元")
    s = status_of(ind, 2027, 0)
    assert s.status == ON_TRACK
    assert s.ratio == pytest.approx(1.0)
    assert s.expected == pytest.approx(0.0)
    assert "线性" in s.explanation
    # 2029 = 5: progress 25/50 = 0.5 over time 4/5 = 0.8 → ratio 0.625 → needs acceleration
    later = status_of(ind, 2029, 5)
    assert later.ratio == pytest.approx(0.625)
    assert later.status == NEEDS_ACCELERATION


def test_example_12_after_the_target_year_the_path_stays_at_the_target() -> None:
    # 2031 = 2.9 % (target 3 % by 2030 missed): CAGR = (2.9/2.5)^(1/6) − 1 = 2.505 %
    # ratio = 2.505 / 3.714 = 0.674 → needs acceleration; expected = 3 (the path ends at the target)
    s = status_of(indicator(), 2031, 2.9)
    assert s.status == NEEDS_ACCELERATION
    assert s.ratio == pytest.approx(0.67439, abs=1e-5)
    assert s.expected == 3.0


def test_example_12b_the_needs_acceleration_line_is_at_0_60() -> None:
    # floor target as in example 1 (base 2025 = 2.5 %, 2030 ≥ 3 %, CAGR(target) = 1.2^0.2 − 1 = 3.714 %)
    # 2028 = 2.66: CAGR = 1.064^(1/3) − 1 = e^(0.0620354/3) − 1 = 2.08938 %; ratio = 2.08938 / 3.71373 = 0.56261
    # → under 0.60 → limited progress (a line moved to 0.50 would call it needs acceleration)
    s = status_of(indicator(), 2028, 2.66)
    assert s.ratio == pytest.approx(0.56261, abs=1e-5)
    assert s.status == LIMITED
    # the straight-line path of example 11 (base −20, target 30, 2029: 4/5 of the time gone):
    # 3.5 → progress 23.5/50 = 0.47, ratio 0.47/0.8 = 0.5875 → limited;
    # 4.5 → progress 24.5/50 = 0.49, ratio 0.49/0.8 = 0.6125 → needs acceleration
    linear = indicator(-20, 30, unit="亿元")
    below, above = status_of(linear, 2029, 3.5), status_of(linear, 2029, 4.5)
    assert (below.ratio, below.status) == (pytest.approx(0.5875), LIMITED)
    assert (above.ratio, above.status) == (pytest.approx(0.6125), NEEDS_ACCELERATION)


def test_example_13_baseline_equal_to_target_is_a_holding_target() -> None:
    # 森林覆盖率 保持 41.5 % 以上, base 41.5: no distance to cover, so no ratio
    ind = indicator(41.5, 41.5)
    assert status_of(ind, 2027, 41.6).status == ACHIEVED
    slipped = status_of(ind, 2027, 41.2)
    assert slipped.status == REGRESSING and slipped.ratio is None


def test_example_14_about_target_held_from_the_baseline() -> None:
    # GDP 增速 6 % 左右 (±0.5 points by default for %), base 6.5 % already past it upwards
    ind = indicator(6.5, 6.0, "about")
    assert status_of(ind, 2027, 6.2).status == ON_TRACK  # within 6 ± 0.5 before 2030
    assert status_of(ind, 2030, 6.2).status == ACHIEVED
    assert status_of(ind, 2027, 5.0).status == REGRESSING  # down from 6.5, out of the band
    assert status_of(ind, 2027, 7.0).status == LIMITED  # up, but out of the band


# ---------------------------------------------------------------- years, publication, missing data


def test_unpublished_year_is_not_published_never_lagging() -> None:
    ind = indicator()
    obs = observed((2026, 2.6), (2027, 2.7))
    s = indicator_status(ind, obs, 2028, published_through=2027)
    assert s.status == NOT_PUBLISHED
    assert s.explanation == "2028年数据尚未发布（已发布至2027年）"
    assert STATUS_NAMES[s.status] == "数据未发布"
    assert report_category(ind, s) is None
    # a published year without a value is missing data, not unpublished
    assert indicator_status(ind, observed((2027, 2.7)), 2026, published_through=2027).status == NO_DATA
    # data that is out earlier than expected is used
    assert indicator_status(ind, observed((2028, 2.8)), 2028, published_through=2027).status == ON_TRACK


def test_unpublished_by_today_and_by_latest_value() -> None:
    ind = indicator()
    obs = observed((2026, 2.6))
    assert indicator_status(ind, obs, 2027, today=date(2027, 6, 1)).status == NOT_PUBLISHED
    assert indicator_status(ind, obs, 2028, today=date(2027, 6, 1)).status == NOT_PUBLISHED
    assert indicator_status(ind, observed(), 2026, today=date(2027, 6, 1)).status == NO_DATA
    # neither given: years after the latest value are unpublished, gaps before it are missing
    assert indicator_status(ind, observed((2027, 2.7)), 2028).status == NOT_PUBLISHED
    assert indicator_status(ind, observed((2027, 2.7)), 2026).status == NO_DATA


def test_baseline_year_before_baseline_and_missing_baseline() -> None:
    ind = indicator()
    base = indicator_status(ind, [], 2025, published_through=2024)
    assert base.status == NO_DATA and base.current == 2.5  # the plan publishes the baseline
    assert "基期年份" in base.explanation
    assert status_of(ind, 2024, 2.4).status == NO_DATA
    assert "早于基期" in status_of(ind, 2024, 2.4).explanation
    no_base = status_of(indicator(None), 2027, 2.7)
    assert no_base.status == NO_DATA and "缺少基期值" in no_base.explanation
    assert status_of(indicator(base_year=None), 2027, 2.7).status == NO_DATA
    # a ceiling already met in the baseline year is achieved there
    assert status_of(indicator(5.0, 5.5, "at_most", direction="decrease"), 2025, 5.0).status == ACHIEVED


def test_target_without_target_year_falls_back_to_growth() -> None:
    ind = indicator(target_year=None)
    s = status_of(ind, 2027, 2.7)  # growth 3.92 % ≥ 1.5 %
    assert s.status == ON_TRACK and s.ratio is None and s.growth == pytest.approx(0.03923, abs=1e-5)
    assert "目标未设年份" in s.explanation
    assert s.expected is None and not is_holding_target(ind)
    assert status_of(ind, 2027, 3.2).status == ACHIEVED


def test_zero_base_without_target_follows_the_sign_of_the_change() -> None:
    ind = indicator(0.0, None, unit="个")
    up = status_of(ind, 2027, 3)
    assert up.status == ON_TRACK and up.growth is None
    assert status_of(ind, 2027, 0).status == LIMITED
    assert status_of(ind, 2027, -1).status == REGRESSING


def test_observations_quarters_other_indicators_and_revisions() -> None:
    ind = indicator()
    obs = [
        Observation(1, "2027Q3", 9.0),  # quarterly: ignored
        Observation(2, "2027", 9.0),  # another indicator
        Observation(1, "2027", 2.6),
        Observation(1, " 2027 ", 2.7),  # a later revision wins
        Observation(1, "2026", math.nan),  # unusable value
    ]
    assert annual_values(ind, obs) == {2027: 2.7}
    assert indicator_status(ind, obs, 2027, published_through=2027).current == 2.7


def test_status_series_and_default_tolerances() -> None:
    ind = indicator()
    obs = observed((2026, 2.6), (2027, 2.7), (2028, 3.1))
    series = status_series(ind, obs, range(2025, 2031), published_through=2028)
    assert [s.year for s in series] == list(range(2025, 2031))
    assert [s.status for s in series] == [NO_DATA, ON_TRACK, ON_TRACK, ACHIEVED, NOT_PUBLISHED, NOT_PUBLISHED]
    # 2028 and 2029 have no value: out (published through 2029, or before 2030 by today's date) they
    # are 无数据; only without either would the last value's year (2027) make them 未发布
    two = observed((2026, 2.6), (2027, 2.7))
    published = status_series(ind, two, (2028, 2029), published_through=2029)
    by_today = status_series(ind, two, (2028, 2029), today=date(2030, 1, 1))
    unknown = status_series(ind, two, (2028, 2029))
    assert [s.status for s in published] == [s.status for s in by_today] == [NO_DATA, NO_DATA]
    assert [s.status for s in unknown] == [NOT_PUBLISHED, NOT_PUBLISHED]
    assert tolerance_of(indicator(kind="about")) == 0.5
    assert tolerance_of(indicator(kind="about", unit="个百分点")) == 0.5
    assert tolerance_of(indicator(kind="about", tolerance=-0.2)) == 0.2
    assert tolerance_of(indicator(100, 200, "about", unit="亿元")) == pytest.approx(4.0)


def test_target_texts() -> None:
    assert target_text(indicator()) == "2030年不低于 3%"
    assert target_text(indicator(kind="at_most")) == "2030年不高于 3%"
    assert target_text(indicator(kind="about")) == "2030年3%左右（±0.5%）"
    assert target_text(indicator(kind="exact", target=100)) == "2030年等于 100%"
    assert target_text(indicator(kind="range")) == "2030年不低于 3%"  # no upper bound
    assert target_text(indicator(target=None)) == "无量化目标"


# ---------------------------------------------------------------- properties

finite = st.floats(allow_nan=False, allow_infinity=False)
moderate = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
KINDS = ("at_least", "at_most", "about", "range", "exact")
RANK = {s: i for i, s in enumerate(RANKED_STATUSES)}


def rank(s: IndicatorStatus) -> int:
    return RANK[s.status]


@settings(max_examples=400)
@given(
    base=finite,
    target=finite,
    low=finite,
    high=finite,
    target_year=st.integers(2020, 2040),
    year=st.integers(2026, 2045),
)
def test_raising_the_current_value_never_worsens_a_floor_target(
    base: float, target: float, low: float, high: float, target_year: int, year: int
) -> None:
    low, high = sorted((low, high))
    ind = indicator(base, target, target_year=target_year)
    assert rank(status_of(ind, year, low)) <= rank(status_of(ind, year, high))


@settings(max_examples=200)
@given(base=finite, low=finite, high=finite, year=st.integers(2026, 2045))
def test_raising_the_current_value_never_worsens_growth_without_target(
    base: float, low: float, high: float, year: int
) -> None:
    low, high = sorted((low, high))
    ind = indicator(base, None)
    assert rank(status_of(ind, year, low)) <= rank(status_of(ind, year, high))


def _mirror(ind: Indicator) -> Indicator:
    flipped = {"at_least": "at_most", "at_most": "at_least"}
    low, high = ind.target_value, ind.target_value_max
    if ind.target_kind == "range":
        assert low is not None and high is not None
        low, high = -high, -low
    else:
        low = -low if low is not None else None
    return replace(
        ind,
        direction="decrease" if ind.direction == "increase" else "increase",
        baseline_value=-ind.baseline_value if ind.baseline_value is not None else None,
        target_value=low,
        target_value_max=high,
        target_kind=flipped.get(ind.target_kind, ind.target_kind),
    )


def _goal(base: float, target: float, high: float, kind: str) -> float:
    if kind != "range":
        return target
    low, high = sorted((target, high))
    return low if base < low else high if base > high else base


@settings(max_examples=400)
@given(
    base=moderate,
    target=moderate,
    high=moderate,
    current=moderate,
    kind=st.sampled_from(KINDS),
    direction=st.sampled_from(("increase", "decrease")),
    tolerance=st.none() | st.floats(0, 100),
    year=st.integers(2025, 2035),
)
def test_flipping_direction_and_mirroring_values_mirrors_the_status(
    base: float,
    target: float,
    high: float,
    current: float,
    kind: str,
    direction: str,
    tolerance: float | None,
    year: int,
) -> None:
    # CAGR is not symmetric under any mirror of positive values ((1+r) and 1/(1+r) differ), so
    # the exact mirror holds where both sides use the linear method: some value ≤ 0 ≤ some value.
    goal = _goal(base, target, high, kind)
    assume(min(base, current, goal) <= 0 <= max(base, current, goal))
    ind = indicator(base, target, kind, direction=direction, target_max=high, tolerance=tolerance)
    mirrored = _mirror(ind)
    a, b = status_of(ind, year, current), status_of(mirrored, year, -current)
    assert a.status == b.status
    assert a.ratio == b.ratio
    if not ((base > 0 and goal > 0) or (base < 0 and goal < 0)) and a.expected is not None:
        assert b.expected == -a.expected


@given(
    base=moderate,
    current=moderate,
    direction=st.sampled_from(("increase", "decrease")),
    year=st.integers(2026, 2035),
)
def test_mirroring_without_target(base: float, current: float, direction: str, year: int) -> None:
    assume(min(base, current) <= 0 <= max(base, current))
    ind = indicator(base, None, direction=direction)
    a, b = status_of(ind, year, current), status_of(_mirror(ind), year, -current)
    assert (a.status, a.growth) == (b.status, b.growth)


def _met(kind: str, current: float, target: float, high: float, tolerance: float, year: int) -> bool:
    if kind == "at_least":
        return current >= target
    if kind == "at_most":
        return current <= target
    if kind == "range":
        low, high = sorted((target, high))
        return low <= current <= high
    if kind == "about":
        return abs(current - target) <= tolerance and year >= 2030
    return math.isclose(current, target, rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=400)
@given(
    base=finite,
    target=finite,
    high=finite,
    current=finite | st.sampled_from([2.5, 3.0, 3.5]),
    kind=st.sampled_from(KINDS),
    direction=st.sampled_from(("increase", "decrease")),
    tolerance=st.floats(0, 1e6),
    year=st.integers(2025, 2040),
)
def test_achieved_iff_the_target_is_met(
    base: float,
    target: float,
    high: float,
    current: float,
    kind: str,
    direction: str,
    tolerance: float,
    year: int,
) -> None:
    ind = indicator(base, target, kind, direction=direction, target_max=high, tolerance=tolerance)
    s = status_of(ind, year, current)
    assert (s.status == ACHIEVED) == _met(kind, current, target, high, tolerance, year)


@settings(max_examples=300)
@given(
    years=st.sets(st.integers(2015, 2035), max_size=8),
    published_through=st.integers(2015, 2035),
    year=st.integers(2010, 2040),
)
def test_not_published_exactly_when_an_unpublished_year_has_no_value(
    years: set[int], published_through: int, year: int
) -> None:
    ind = indicator(2.0, 3.0, base_year=2020)
    obs = observed(*((y, 2.0 + (y - 2015) / 20) for y in years))
    s = indicator_status(ind, obs, year, published_through=published_through)
    has_value = year in years or year == 2020  # the baseline year's value is in the plan
    assert (s.status == NOT_PUBLISHED) == (not has_value and year > published_through)


@given(
    years=st.sets(st.integers(2015, 2035), max_size=8),
    today=st.dates(date(2015, 1, 1), date(2036, 12, 31)),
    year=st.integers(2010, 2040),
)
def test_not_published_by_today(years: set[int], today: date, year: int) -> None:
    ind = indicator(2.0, 3.0, base_year=2020)
    obs = observed(*((y, 2.5) for y in years))
    s = indicator_status(ind, obs, year, today=today)
    has_value = year in years or year == 2020
    assert (s.status == NOT_PUBLISHED) == (not has_value and year >= today.year)


def _all_finite(values: Sequence[float | None]) -> bool:
    return all(v is None or math.isfinite(v) for v in values)


@settings(max_examples=600)
@given(
    base=st.none() | finite,
    target=st.none() | finite,
    high=st.none() | finite,
    current=st.none() | finite,
    kind=st.sampled_from((*KINDS, "unknown")),
    direction=st.sampled_from(("increase", "decrease", "")),
    tolerance=st.none() | finite,
    unit=st.sampled_from(("%", "万人", "")),
    base_year=st.none() | st.integers(1900, 2100),
    target_year=st.none() | st.integers(1900, 2100),
    year=st.integers(1900, 2200),
    published_through=st.none() | st.integers(1900, 2100),
)
def test_never_raises_and_numbers_are_finite(
    base: float | None,
    target: float | None,
    high: float | None,
    current: float | None,
    kind: str,
    direction: str,
    tolerance: float | None,
    unit: str,
    base_year: int | None,
    target_year: int | None,
    year: int,
    published_through: int | None,
) -> None:
    ind = indicator(
        base,
        target,
        kind,
        direction=direction,
        unit=unit,
        base_year=base_year,
        target_year=target_year,
        target_max=high,
        tolerance=tolerance,
    )
    obs = observed((year, current)) if current is not None else []
    s = indicator_status(ind, obs, year, published_through=published_through)
    assert s.status in STATUS_NAMES
    assert s.explanation
    assert _all_finite((s.ratio, s.growth, s.current, s.expected))
    assert report_category(ind, s) in (None, EARLY, FASTER, AS_EXPECTED, LAGGING)


@settings(max_examples=300)
@given(
    base=moderate,
    target=moderate,
    current=moderate,
    kind=st.sampled_from(("at_least", "at_most")),
    direction=st.sampled_from(("increase", "decrease")),
    year=st.integers(2026, 2035),
)
def test_regressing_iff_moved_the_wrong_way_from_the_baseline(
    base: float, target: float, current: float, kind: str, direction: str, year: int
) -> None:
    # for floors and ceilings that are not yet met, the ratio's sign is the sign of the move
    ind = indicator(base, target, kind, direction=direction)
    s = status_of(ind, year, current)
    assume(s.status != ACHIEVED)
    sign = 1 if direction == "increase" else -1
    assert (s.status == REGRESSING) == (sign * (current - base) < 0)


@pytest.mark.parametrize(
    ("base", "year", "value", "status", "growth"),
    [
        (100, 2026, 101.5, ON_TRACK, 0.015),  # exactly the on-track growth: on track
        (100, 2026, 100.5, NEEDS_ACCELERATION, 0.005),  # exactly the acceleration growth
        (100, 2026, 100, LIMITED, 0.0),  # flat is limited progress, not regressing
        (-10, 2027, -5, ON_TRACK, 0.25),  # negative base: linear, (-5 - -10) / 10 / 2 years
        (0.5, 2027, 2.0, ON_TRACK, 1.0),  # below 1 still compounds: √(2.0 / 0.5) - 1 (linear: 1.5)
        (0.5, 2027, 0.8, ON_TRACK, 1.6**0.5 - 1),  # √1.6 - 1 ≈ 26.5 % (linear: 30 %)
        (4, 2027, 1, REGRESSING, -0.5),  # √(1 / 4) - 1
    ],
)
def test_growth_without_a_target_at_the_thresholds_and_below_one(
    base: float, year: int, value: float, status: str, growth: float
) -> None:
    found = status_of(indicator(base=base, target=None, unit="亿元"), year, value)
    assert found.status == status
    assert found.growth == pytest.approx(growth)
    assert found.explanation.startswith(f"{year}年实际值 ")


def test_default_tolerance_of_an_about_target_in_other_units() -> None:
    # 2 % of the target's size; nothing to take 2 % of gives no band
    assert tolerance_of(indicator(target=-200.0, kind="about", unit="亿元")) == pytest.approx(4.0)
    assert tolerance_of(indicator(target=None, kind="about", unit="亿元")) == 0.0
    assert tolerance_of(indicator(target=float("nan"), kind="about", unit="亿元")) == 0.0


def test_holding_needs_a_baseline_its_year_and_a_target() -> None:
    assert is_holding_target(indicator(base=3.5, target=3.0))  # at least 3.0, already 3.5
    assert not is_holding_target(indicator(base=3.5, target=3.0, base_year=None))
    assert not is_holding_target(indicator(base=None, target=3.0))
    assert not is_holding_target(indicator(base=3.5, target=None))


def test_a_year_published_without_a_value_has_no_data() -> None:
    ind = indicator(base=100, target=None, unit="亿元")
    assert status_of(ind, 2028, None, published_through=2028).status == NO_DATA
    assert status_of(ind, 2029, None, published_through=2028).status == NOT_PUBLISHED


def test_faster_than_expected_only_above_the_ratio() -> None:
    ind = indicator()
    at = IndicatorStatus(1, 2027, ON_TRACK, 1.05, None, 2.8, 2.7, "")
    above = IndicatorStatus(1, 2027, ON_TRACK, 1.06, None, 2.8, 2.7, "")
    assert (report_category(ind, at), report_category(ind, above)) == (AS_EXPECTED, FASTER)


# ---------------------------------------------------------------- explanations, word for word


def test_growth_explanations_name_the_change_and_why_growth_is_judged() -> None:
    ind = indicator(100, None, unit="亿元")
    # (104/100)^(1/2) − 1 = 1.980 %
    assert status_of(ind, 2027, 104).explanation == (
        "2027年实际值 104亿元，较2025年基期 100亿元年均增长 1.98%（无量化目标，按增速评估），进展顺利"
    )
    # unchanged: a growth of 0, worded as growth (not a fall), limited progress
    flat = status_of(ind, 2027, 100)
    assert (flat.status, flat.growth) == (LIMITED, 0.0)
    assert flat.explanation == (
        "2027年实际值 100亿元，较2025年基期 100亿元年均增长 0.00%（无量化目标，按增速评估），进展有限"
    )
    # down to 0: no CAGR of 0, so linear: (0 − 100) / 100 / 2 years = −50 % a year
    gone = status_of(ind, 2027, 0)
    assert (gone.status, gone.growth, gone.current) == (REGRESSING, -0.5, 0)
    assert gone.explanation == (
        "2027年实际值 0亿元，较2025年基期 100亿元年均下降 50.00%（无量化目标，按增速评估），退步"
    )
    # base 1, a year later −1: linear (−1 − 1) / |1| / 1 = −200 % (base 1 is a base like any other)
    negative = status_of(indicator(1, None, unit="亿元"), 2026, -1)
    assert (negative.status, negative.growth) == (REGRESSING, -2.0)
    assert negative.explanation == (
        "2026年实际值 -1亿元，较2025年基期 1亿元年均下降 200.00%（无量化目标，按增速评估），退步"
    )
    # a target without a target year says so: (2.7/2.5)^(1/2) − 1 = 3.92 %
    assert status_of(indicator(target_year=None), 2027, 2.7).explanation == (
        "2027年实际值 2.7%，较2025年基期 2.5%年均增长 3.92%（目标未设年份，按增速评估），进展顺利"
    )


def test_zero_base_explanations_say_up_down_or_flat() -> None:
    ind = indicator(0.0, None, unit="个")
    why = "（无量化目标，按增速评估）"
    assert status_of(ind, 2027, 3).explanation == f"2027年实际值 3个，较2025年基期 0个上升{why}，进展顺利"
    assert status_of(ind, 2027, 0).explanation == f"2027年实际值 0个，较2025年基期 0个持平{why}，进展有限"
    assert status_of(ind, 2027, -1).explanation == f"2027年实际值 -1个，较2025年基期 0个下降{why}，退步"
    # any rise counts, however small
    assert status_of(ind, 2027, 0.5).status == ON_TRACK
    # lower is better: the same moves judged the other way, worded the same
    lower = replace(ind, direction="decrease")
    down = status_of(lower, 2027, -1)
    assert down.status == ON_TRACK and down.growth is None
    assert down.explanation == f"2027年实际值 -1个，较2025年基期 0个下降{why}，进展顺利"
    assert status_of(lower, 2027, 3).status == REGRESSING


def test_explanations_of_the_paths_and_achieved_targets() -> None:
    ind = indicator()
    # met in 2028: ratio (3.1/2.5)^(1/3) − 1 = 7.434 % over 3.714 % = 2.0017; expected 2.5 × 1.2^(3/5)
    early = status_of(ind, 2028, 3.1)
    assert (
        early.explanation
        == "2028年实际值 3.1%，已达到目标（2030年不低于 3%），目标已实现，较目标年份提前 2 年"
    )
    assert early.ratio == pytest.approx(2.00168, abs=1e-5)
    assert early.expected == pytest.approx(2.78900, abs=1e-5)
    assert early.current == 3.1
    on_time = status_of(ind, 2030, 3.0)
    assert on_time.explanation == "2030年实际值 3%，已达到目标（2030年不低于 3%），目标已实现"
    assert (on_time.ratio, on_time.expected) == (pytest.approx(1.0), 3.0)
    # the baseline year: the plan's value, the start of the path
    base = indicator_status(ind, [], 2025, published_through=2030)
    assert base.explanation == "2025年为基期年份（基期值 2.5%），尚无进展可比"
    assert base.expected == pytest.approx(2.5)
    # the straight-line path of example 11 says it is one
    linear = status_of(indicator(-20, 30, unit="亿元"), 2027, 0)
    assert linear.explanation == (
        "2027年实际值 0亿元，按目标路径应达 0亿元，比值 1.00，进展顺利（数值含零或负数，按线性进度计算）"
    )
    # the overshot "about" target of example 8
    over = status_of(indicator(745, 750, "about", unit="万人"), 2030, 770)
    assert over.explanation == (
        "2030年实际值 770万人，按目标路径应达 750万人，比值 4.95，进展顺利；已超出目标（2030年750万人左右（±15万人））"
    )
    assert over.current == 770 and over.expected == 750


def test_explanations_of_held_targets() -> None:
    ceiling = indicator(5.0, 5.5, "at_most", direction="decrease")
    kept = status_of(ceiling, 2027, 5.2)
    assert kept.explanation == "2027年实际值 5.2%，保持达到目标（2030年不高于 5.5%），目标已实现"
    broken = status_of(ceiling, 2028, 5.8)
    assert (broken.current, broken.expected) == (5.8, 5.5)
    assert (
        broken.explanation == "基期值 5% 已达到目标（2030年不高于 5.5%），2028年实际值 5.8%，未能保持，退步"
    )
    about = indicator(6.5, 6.0, "about")  # 6 % ± 0.5, base 6.5 already there
    inside = status_of(about, 2027, 6.2)
    assert (inside.status, inside.expected, inside.current) == (ON_TRACK, 6.0, 6.2)
    assert inside.explanation == "2027年实际值 6.2%，处于目标（2030年6%左右（±0.5%））范围内，进展顺利"
    # the band's edge belongs to the band: |5.5 − 6| = 0.5
    assert status_of(about, 2027, 5.5).status == ON_TRACK
    outside = status_of(about, 2027, 7.0)
    assert outside.explanation == "2027年实际值 7%，未达到目标（2030年6%左右（±0.5%）），进展有限"
    # a narrower band (±0.2) leaves the baseline 6.5 outside it: staying there is no move the wrong
    # way, so limited progress, not regressing
    narrow = status_of(indicator(6.5, 6.0, "about", tolerance=0.2), 2027, 6.5)
    assert narrow.status == LIMITED
    assert narrow.explanation == "2027年实际值 6.5%，未达到目标（2030年6%左右（±0.2%）），进展有限"


def test_explanations_without_a_judgement() -> None:
    ind = indicator()
    assert status_of(indicator(None), 2027, 2.7).explanation == "2027年实际值 2.7%，缺少基期值，无法评估"
    before = status_of(ind, 2024, 2.4)
    assert before.current == 2.4
    assert before.explanation == "2024年实际值 2.4%，早于基期（2025年），不作评估"
    assert indicator_status(ind, [], 2027, today=date(2027, 1, 1)).explanation == "2027年数据尚未发布"
    assert indicator_status(ind, [], 2024, published_through=2030).explanation == "2024年无监测数据"


def test_nothing_known_at_all_is_no_data() -> None:
    # no baseline, no observation, no publication date: no year to call unpublished, so 无数据
    for ind in (indicator(None), indicator(base_year=None)):
        s = indicator_status(ind, [], 2027)
        assert (s.status, s.explanation) == (NO_DATA, "2027年无监测数据")


def test_target_texts_of_every_form() -> None:
    ind = indicator()
    # a yearly rate (年均) names its kind as a suffix, and no year: it holds every year
    assert target_text(replace(ind, annual=True)) == "年均3%以上"
    assert target_text(replace(ind, annual=True, target_kind="at_most")) == "年均3%以内"
    assert target_text(replace(ind, annual=True, target_kind="exact")) == "年均3%"
    assert target_text(replace(ind, cumulative=True, target_value=13.0)) == "至2030年五年累计〔13%〕"
    # word targets: the note as written, else a default wording
    assigned = replace(ind, target_kind="assigned", target_value=None)
    assert target_text(assigned) == "2030年完成上级下达任务"
    assert target_text(replace(assigned, target_note="完成省下达任务")) == "2030年完成省下达任务"
    relative = replace(ind, target_kind="relative", target_value=None, relation_to="经济增长")
    assert target_text(relative) == "与经济增长比较"
    assert target_text(replace(relative, target_note="与经济增长同步")) == "与经济增长同步"
    # no target year, no year in the text
    assert target_text(indicator(target_year=None)) == "不低于 3%"
    # an unknown kind reads as a floor, or a ceiling when lower is better
    assert target_text(indicator(kind="unknown")) == "2030年不低于 3%"
    assert target_text(indicator(kind="unknown", direction="decrease")) == "2030年不高于 3%"
    # numbers of 10^12 and more, and under 0.01, keep four significant digits instead of two decimals
    assert target_text(indicator(target=1e12, unit="元")) == "2030年不低于 1e+12元"
    assert target_text(indicator(kind="about", tolerance=0.005)) == "2030年3%左右（±0.005%）"


def test_overshooting_a_target_is_said_only_past_its_far_end() -> None:
    # 等于 100 by 2030 from 90 in 2025: 100.5 in 2027 is past it, 95 is on the way
    exact = indicator(90, 100, "exact", unit="万人")
    past = status_of(exact, 2027, 100.5)
    assert past.status == ON_TRACK
    assert past.explanation.endswith("进展顺利；已超出目标（2030年等于 100万人）")
    assert "超出" not in status_of(exact, 2027, 95).explanation
    # 750 ± 15 by 2030 from 745: in 2027 765 is at the band's edge (not past it), 765.5 is past it
    about = indicator(745, 750, "about", unit="万人", tolerance=15)
    assert "超出" not in status_of(about, 2027, 765).explanation
    assert "已超出目标（2030年750万人左右（±15万人））" in status_of(about, 2027, 765.5).explanation
    # a range approached from below is not overshot before its upper bound (example 9)
    assert "超出" not in status_of(indicator(2.8, 3.0, "range", target_max=3.5), 2027, 2.9).explanation


def test_growth_judged_on_track_is_as_expected_in_a_report() -> None:
    ind = indicator(100, None, unit="亿元")
    up = status_of(ind, 2027, 104)  # 1.98 % a year, no ratio to be faster than
    assert (up.status, up.ratio) == (ON_TRACK, None)
    assert report_category(ind, up) == AS_EXPECTED


def test_paths_from_or_to_zero_and_below_one() -> None:
    # from 0 to ≥ 10 by 2030: no CAGR from 0, so the straight line; 2027 = 4: progress 4/10 over 2/5
    # of the time → ratio 1.0, expected 0 + 10 × 2/5 = 4
    from_zero = status_of(indicator(0.0, 10.0, unit="个"), 2027, 4)
    assert (from_zero.status, from_zero.ratio, from_zero.expected) == (ON_TRACK, 1.0, 4.0)
    assert from_zero.explanation.endswith("（数值含零或负数，按线性进度计算）")
    # down to ≤ 0 (清零) from 10: 2027 = 6: progress (6 − 10)/(0 − 10) = 0.4 over 0.4 → ratio 1.0
    to_zero = status_of(indicator(10.0, 0.0, "at_most", direction="decrease", unit="个"), 2027, 6)
    assert (to_zero.status, to_zero.ratio, to_zero.expected) == (ON_TRACK, 1.0, 6.0)
    # values below 1 still compound: 0.5 → ≥ 0.8 by 2030, 2027 = 0.6:
    # CAGR (0.6/0.5)^(1/2) − 1 = 9.545 %, CAGR(target) 1.6^(1/5) − 1 = 9.856 % → 0.968 → on track
    # (the straight line would give (0.1/0.3)/(2/5) = 0.83, needs acceleration)
    small = status_of(indicator(0.5, 0.8), 2027, 0.6)
    assert small.status == ON_TRACK
    assert small.ratio == pytest.approx(0.96839, abs=1e-5)
    assert small.expected == pytest.approx(0.5 * 1.6**0.4)
    # a geometric path whose current value falls to 0 falls back to the straight line:
    # (0 − 2.5)/(3 − 2.5) = −5 of the way, over 2/5 of the time → −12.5
    fallen = status_of(indicator(), 2027, 0)
    assert (fallen.status, fallen.ratio) == (REGRESSING, -12.5)
    assert fallen.explanation.endswith("退步（数值含零或负数，按线性进度计算）")
    # 保持 0 以上 from 0: a holding target, held at 0 and lost below it
    hold = indicator(0.0, 0.0, unit="亿元")
    assert status_of(hold, 2027, 0).status == ACHIEVED
    assert status_of(hold, 2027, -1).status == REGRESSING


def test_ratio_lines_are_inclusive_on_an_exact_straight_path() -> None:
    # base −20, target 30 by 2030, judged in 2029 (4/5 of the time): ratio = (x + 20)/50 × 5/4,
    # exact in fractions: 18 → 0.95, 4 → 0.60, −20 → 0; each line belongs to the better status
    ind = indicator(-20, 30, unit="亿元")
    at_track, at_acceleration, at_zero = (status_of(ind, 2029, x) for x in (18, 4, -20))
    assert (at_track.ratio, at_track.status) == (0.95, ON_TRACK)
    assert (at_acceleration.ratio, at_acceleration.status) == (0.6, NEEDS_ACCELERATION)
    assert (at_zero.ratio, at_zero.status) == (0.0, LIMITED)
    assert at_track.expected == 20.0  # −20 + 50 × 4/5


def test_ratios_and_growth_are_clamped_to_a_million() -> None:
    # (−1e8 + 20)/50 × 5/4 = −2.5e6 → −1e6
    crash = status_of(indicator(-20, 30, unit="亿元"), 2029, -1e8)
    assert (crash.status, crash.ratio) == (REGRESSING, -1e6)
    # from 1 to 1e300 in a year: 1e300 − 1 a year → 1e6
    boom = status_of(indicator(1, None, unit="亿元"), 2026, 1e300)
    assert (boom.status, boom.growth) == (ON_TRACK, 1e6)


def test_a_status_belongs_to_its_indicator_and_year_and_keeps_the_value() -> None:
    ind = replace(indicator(100, None, unit="亿元"), id=7)
    s = indicator_status(ind, observed((2027, 104.0), indicator_id=7), 2027, published_through=2030)
    assert (s.indicator_id, s.year, s.current) == (7, 2027, 104.0)
    # a met target without a target year: no path, so nothing expected
    met = status_of(indicator(target_year=None), 2027, 3.2)
    assert (met.status, met.current, met.expected) == (ACHIEVED, 3.2, None)


def test_a_target_year_not_after_the_baseline_year_gives_no_path() -> None:
    # target year = baseline year: nothing to pace against and nothing held, so growth decides
    ind = indicator(target_year=2025)
    assert not is_holding_target(ind)
    s = status_of(ind, 2027, 2.7)  # (2.7/2.5)^(1/2) − 1 = 3.92 % ≥ 1.5 %
    assert (s.status, s.ratio, s.expected) == (ON_TRACK, None, None)
    assert s.growth == pytest.approx(0.03923, abs=1e-5)


def test_values_that_are_not_numbers_count_as_missing() -> None:
    # a NaN target is no target; a NaN baseline is no baseline
    no_target = status_of(indicator(100, math.nan, unit="亿元"), 2027, 104)
    assert no_target.status == ON_TRACK
    assert "（无量化目标，按增速评估）" in no_target.explanation
    no_base = status_of(indicator(math.nan, 3.0), 2027, 2.7)
    assert (no_base.status, no_base.explanation) == (NO_DATA, "2027年实际值 2.7%，缺少基期值，无法评估")


def test_the_baseline_year_counts_as_the_latest_year_with_a_value() -> None:
    # nothing observed, no publication date: years after the baseline year are not yet out
    assert indicator_status(indicator(), [], 2027).status == NOT_PUBLISHED
    # without a baseline the latest observation decides alone
    assert indicator_status(indicator(None), observed((2026, 2.6)), 2027).status == NOT_PUBLISHED
    assert indicator_status(indicator(None), observed((2026, 2.6)), 2026).current == 2.6


def test_a_move_too_small_for_a_float_ratio_still_has_its_sign() -> None:
    # from 0 towards 1e308: a move of the smallest float is a progress of ~1e-632, below any float;
    # the ratio keeps the move's sign (and stays that small) instead of rounding to a flat 0
    ind = indicator(0.0, 1e308, unit="个")
    up, down = status_of(ind, 2027, 5e-324), status_of(ind, 2027, -5e-324)
    assert up.status == LIMITED and up.ratio is not None and 0 < up.ratio < 1e-300
    assert down.status == REGRESSING and down.ratio is not None and -1e-300 < down.ratio < 0
    # the same towards −1e308 with lower is better: a step down is the right way
    lower = indicator(0.0, -1e308, "at_most", direction="decrease", unit="个")
    right, wrong = status_of(lower, 2027, -5e-324), status_of(lower, 2027, 5e-324)
    assert right.status == LIMITED and right.ratio is not None and 0 < right.ratio < 1e-300
    assert wrong.status == REGRESSING


def test_values_are_printed_with_at_most_two_decimals() -> None:
    # the path of 0.5 → 0.8 stands at 0.5 × 1.6^(2/5) = 0.6034 in 2027, printed 0.6
    s = status_of(indicator(0.5, 0.8), 2027, 0.6)
    assert s.explanation == "2027年实际值 0.6%，按目标路径应达 0.6%，比值 0.97，进展顺利"


def test_the_ends_of_a_range_and_of_a_band_meet_the_target() -> None:
    ranged = indicator(2.8, 3.0, "range", target_max=3.5)  # 3 %～3.5 %
    assert status_of(ranged, 2027, 3.0).status == ACHIEVED
    assert status_of(ranged, 2027, 3.5).status == ACHIEVED
    # 6 % 左右 (± 0.5) in its target year: 6.5 is at the edge of the band, |6.5 − 6| = 0.5
    assert status_of(indicator(5.5, 6.0, "about"), 2030, 6.5).status == ACHIEVED


def test_target_met_without_a_target_and_at_an_exact_zero() -> None:
    assert not target_met(indicator(target=None), 5.0, 2030)
    # 等于 0 (零发生) met by a value that is 0 up to float noise: 0.1 + 0.2 − 0.3 = 5.55e-17
    zero = indicator(0.0, 0.0, "exact", unit="起")
    assert target_met(zero, 0.1 + 0.2 - 0.3, 2027)
    assert not target_met(zero, 1e-9, 2027)


def test_periods_that_are_not_four_digit_years_are_no_annual_values() -> None:
    # a short quarter (26Q3) and a mistyped five-digit year are not annual observations
    assert annual_values(indicator(), [Observation(1, "26Q3", 1.0), Observation(1, "20265", 2.0)]) == {}
