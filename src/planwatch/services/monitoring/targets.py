"""Reading and writing indicator cells, pure (no session): targets and bases as planning offices
write them (``3%以上``, ``5%左右``, ``＞60``, ``≤10``, ``[5,6]``, ``5-6``, ``〔13.5〕``, ``3.5``, see
:func:`parse_target`), numbers, periods, aliases of attributes, directions and target kinds, and a
plan's base and target years.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from planwatch.extract.quantity_period import anchor_of
from planwatch.model import Indicator, PlanInfo
from planwatch.model.fold import fold_name
from planwatch.model.monitoring import (
    COMPLETED_NOTE,
    NOT_COMPLETED_NOTE,
    TARGET_KIND_NAMES,
    TARGET_KINDS,
    Attribute,
    Direction,
    NumericTargetKind,
    TargetKind,
)

MIN_YEAR, MAX_YEAR = 1949, 2100
DIRECTION_NAMES: dict[Direction, str] = {"increase": "越大越好", "decrease": "越小越好"}

# -- reading cells ----------------------------------------------------------------------------------

# Signs people type that have no full-width form to fold (− for -, ⩾ for ≥); ｑ is a quarter (2026Q3).
_SIGNS = str.maketrans({"−": "-", "⩾": "≥", "⩽": "≤", "ｑ": "Q"})


def fold(text: str) -> str:
    """Full-width digits and signs to ASCII, spaces removed: how cells are compared."""
    return fold_name(text.translate(_SIGNS))


_EMPTY = {"", "-", "--", "—", "——", "/", "\\", "无", "…", "……", "n/a", "N/A", "暂无", "待定", "空"}
_NUMBER = r"[+-]?(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"
_RANGE_SEPARATOR = r"(?:-|—|–|~|至|到)"
# Words in front of a target value, and which kind of target they make.
_PREFIXES: tuple[tuple[str, NumericTargetKind | None], ...] = (
    (">=", "at_least"),
    ("≥", "at_least"),
    ("<=", "at_most"),
    ("≤", "at_most"),
    (">", "at_least"),
    ("<", "at_most"),
    ("=", "exact"),
    ("≈", "about"),
    ("~", "about"),
    ("约", "about"),
    ("不低于", "at_least"),
    ("不少于", "at_least"),
    ("不小于", "at_least"),
    ("大于", "at_least"),
    ("高于", "at_least"),
    ("超过", "at_least"),
    ("突破", "at_least"),
    ("不高于", "at_most"),
    ("不超过", "at_most"),
    ("不大于", "at_most"),
    ("低于", "at_most"),
    ("小于", "at_most"),
    ("控制在", "at_most"),
    ("保持在", None),
    ("稳定在", None),
    ("达到", None),
    ("达", None),
)
_SUFFIXES: tuple[tuple[str, NumericTargetKind], ...] = (
    ("及以上", "at_least"),
    ("以上", "at_least"),
    ("及以下", "at_most"),
    ("以下", "at_most"),
    ("以内", "at_most"),
    ("之内", "at_most"),
    ("左右", "about"),
    ("上下", "about"),
)
_VERBS = ("年均增长", "年均提高", "年均下降", "年均", "累计", "增长", "提高", "增加", "降低", "下降", "减少")
_DECREASE_VERBS = ("降低", "下降", "减少")


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """A target (or base) cell as read: ``value`` and ``kind``; ``value_max`` for a range; ``unit``
    as written in the cell (``%`` of ``3%以上``), empty if none."""

    value: float
    kind: NumericTargetKind
    value_max: float | None = None
    tolerance: float | None = None
    cumulative: bool = False
    annual: bool = False
    unit: str = ""
    decrease: bool = False  # the cell says 降低/下降/减少


def _to_float(text: str) -> float:
    value = float(text.replace(",", ""))
    if not math.isfinite(value):
        raise ValueError("不是有限的数值")
    return value


def is_empty_cell(text: str | None) -> bool:
    return text is None or fold(text) in _EMPTY


def parse_target(text: str | None) -> TargetSpec | None:
    """A 目标值 cell: ``3%以上`` → at least 3 %, ``5%左右`` → about 5, ``＞60`` → at least 60,
    ``≤10`` → at most 10, ``[5,6]`` / ``5-6`` / ``5%—6%`` → range, ``3.5`` → exact, ``5±0.5`` → about 5
    with tolerance 0.5, ``〔13.5〕`` → exact 13.5, cumulative (the national tables' brackets).

    None for an empty cell (``—``, ``/``, blank); ``ValueError`` with a Chinese reason otherwise.
    """
    if is_empty_cell(text):
        return None
    assert text is not None
    t = fold(text)
    cumulative = annual = decrease = False
    kind: NumericTargetKind | None = None

    # [5,6] is a range; 〔13.5〕 or [13.5] a cumulative value (national 主要指标表 convention).
    bracket = re.fullmatch(r"[\[〔【](.*)[\]〕】](.*)", t)
    if bracket:
        inner, rest = bracket.group(1), bracket.group(2)
        pair = re.fullmatch(rf"({_NUMBER})([^\d,]*)[,、;]({_NUMBER})([^\d,]*)", inner.replace(", ", ","))
        if pair and "," not in pair.group(1) and "," not in pair.group(3):
            low, high = _to_float(pair.group(1)), _to_float(pair.group(3))
            unit = pair.group(2) or pair.group(4) or rest
            return _range(low, high, unit, text)
        cumulative = True
        t = inner + rest

    for word in _VERBS:
        if t.startswith(word):
            if word.startswith("年均"):
                annual = True
            if word == "累计":
                cumulative = True
            decrease = decrease or any(v in word for v in _DECREASE_VERBS)
            t = t[len(word) :]
            break
    for word, prefix_kind in _PREFIXES:
        if t.startswith(word):
            t = t[len(word) :]
            kind = prefix_kind
            break
    for word, suffix_kind in _SUFFIXES:
        if t.endswith(word):
            t = t[: -len(word)]
            if kind is not None and kind != suffix_kind:
                raise ValueError(f"“{text}”前后的限定词矛盾（{TARGET_KIND_NAMES[kind]}与{word}）")
            kind = suffix_kind
            break
    if not t:
        raise ValueError(f"“{text}”中没有数值")

    tol = re.fullmatch(rf"({_NUMBER})([^\d±]*)±({_NUMBER})([^\d]*)", t)
    if tol:
        unit = tol.group(2) or tol.group(4)
        return TargetSpec(
            _to_float(tol.group(1)),
            "about",
            tolerance=abs(_to_float(tol.group(3))),
            cumulative=cumulative,
            annual=annual,
            unit=unit,
            decrease=decrease,
        )
    ranged = re.fullmatch(rf"({_NUMBER})([^\d]*?){_RANGE_SEPARATOR}({_NUMBER})([^\d]*)", t)
    if ranged and kind in (None, "about"):
        unit = ranged.group(4) or ranged.group(2)
        spec = _range(_to_float(ranged.group(1)), _to_float(ranged.group(3)), unit, text)
        return replace(spec, cumulative=cumulative, annual=annual, decrease=decrease)
    single = re.fullmatch(rf"({_NUMBER})([^\d]*)", t)
    if single is None:
        raise ValueError(f"“{text}”不是可识别的目标值")
    unit = single.group(2)
    if re.search(r"[<>≤≥=~±,\[\]]", unit):
        raise ValueError(f"“{text}”不是可识别的目标值")
    return TargetSpec(
        _to_float(single.group(1)),
        kind or "exact",
        cumulative=cumulative,
        annual=annual,
        unit=unit,
        decrease=decrease,
    )


def _range(low: float, high: float, unit: str, text: str) -> TargetSpec:
    if high <= low:
        raise ValueError(f"“{text}”的区间上限不大于下限")
    return TargetSpec(low, "range", value_max=high, unit=unit)


# 完成 / 已完成 / 完成省下达任务 / 完成年度目标 / 是 …, and 未完成 / 没有完成 / 否
_NOT_COMPLETED = re.compile(r"^(?:未|没有|没|尚未)(?:能)?完成|^否$")
_COMPLETED = re.compile(r"^(?:已|已经|全面|基本)?完成(?:了)?(?:[^\d]*(?:任务|目标|指标|要求))?$|^是$|^达标$")


def completion_of(text: str | None) -> str | None:
    """``完成`` / ``未完成`` (the note an assigned target's observation carries), or None."""
    t = fold(text or "").strip("。.")
    if _NOT_COMPLETED.search(t):
        return NOT_COMPLETED_NOTE
    if _COMPLETED.search(t):
        return COMPLETED_NOTE
    return None


def parse_number(text: str | None, unit: str = "") -> float | None:
    """An observed value: ``3.2``, ``3.2%``, ``1,234``, ``１２``, or the value followed by ``unit``.

    None for an empty cell; ``ValueError`` with a Chinese reason for anything else.
    """
    if is_empty_cell(text):
        return None
    assert text is not None
    t = fold(text)
    m = re.fullmatch(rf"({_NUMBER})(.*)", t)
    if m is None:
        raise ValueError(f"“{text}”不是数字")
    rest = m.group(2)
    if rest and rest.lower() != fold(unit).lower():
        if any(word in rest for word, _ in _SUFFIXES) or re.search(r"[<>≤≥]", t):
            raise ValueError(f"“{text}”带有限定词，观测值应为具体数值")
        if re.fullmatch(r"[^\d.]+", rest):
            raise ValueError(f"“{text}”带的单位“{rest}”与指标单位“{unit or '无'}”不一致")
        raise ValueError(f"“{text}”不是数字（多出“{rest}”）")
    return _to_float(m.group(1))


_PERIOD = re.compile(
    r"((?:19|20)\d\d)年?(?:度)?"
    r"(?:-?Q([1-4])|第?([1-4一二三四])季度?)?"
    r"(?:实际值|实际|完成值|完成|数据|数值|值)?"
)
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}


def normalise_period(text: str) -> str:
    """``2026``, ``2026年``, ``2026Q3``, ``2026年第三季度``, ``2026年3季度`` → ``2026`` / ``2026Q3``.

    ``ValueError`` with a Chinese reason if it is not a year or a quarter.
    """
    t = fold(str(text)).upper()
    m = _PERIOD.fullmatch(t)
    if m is None:
        raise ValueError(f"“{text}”不是年份或季度")
    year = int(m.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"年份 {year} 超出范围（{MIN_YEAR}–{MAX_YEAR}）")
    quarter = m.group(2) or m.group(3)
    if quarter is None:
        return str(year)
    return f"{year}Q{_QUARTERS.get(quarter) or int(quarter)}"


def period_label(period: str) -> str:
    """``2026`` → ``2026年``, ``2026Q3`` → ``2026年第3季度``."""
    year, _, quarter = period.partition("Q")
    return f"{year}年第{quarter}季度" if quarter else f"{year}年"


def format_number(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.12g}"


def format_target(ind: Indicator) -> str:
    """The target as a person writes it: ``3.5%以上``, ``5%左右``, ``5—6%``, ``≤10天``, ``〔13〕``,
    ``年均5%左右``, ``高于地区生产总值增长``, ``完成省下达任务``, ``—``."""
    if ind.target_kind in ("relative", "assigned") and ind.target_value is None:
        return ind.target_note or ("完成上级下达任务" if ind.target_kind == "assigned" else "—")
    if ind.target_value is None:
        return "—"
    v, unit = format_number(ind.target_value), ind.unit
    kind = ind.target_kind
    if kind == "range":
        text = f"{v}—{format_number(ind.target_value_max)}{unit}"
    elif kind == "at_least":
        text = f"{v}{unit}以上"
    elif kind == "at_most":
        text = f"{v}{unit}以内"
    elif kind == "about":
        text = f"{v}{unit}左右"
        if ind.tolerance is not None:
            text += f"（±{format_number(ind.tolerance)}）"
    else:
        text = f"{v}{unit}"
    if ind.cumulative:
        return f"〔{text}〕"
    return f"年均{text}" if ind.annual else text


# Names whose value goes down when things go well. A name that *ends* in a reduction word
# (单位GDP能耗降低, 碳排放强度下降率) measures the size of the reduction, which should go up.
_DECREASE_WORDS = (
    "降低",
    "下降",
    "减少",
    "压减",
    "能耗",
    "能源消耗",
    "排放",
    "失业率",
    "死亡率",
    "发病率",
    "发生率",
    "事故",
    "细颗粒物",
    "PM2.5",
    "浓度",
    "劣V类",
    "劣Ⅴ类",
    "负债率",
    "赤字",
    "用水量",
)
_REDUCTION_NAME = re.compile(r"(降低|下降|减少|降幅)(率|幅度|比例)?(\(%\))?$")


def infer_direction(name: str, kind: str | None = None, *, decrease_hint: bool = False) -> Direction:
    """Which way is better: a ceiling (以内, ≤) or a name about energy use, emissions, unemployment,
    concentrations … means ``decrease``; otherwise ``increase``. Overridable by the user."""
    if kind == "at_most":
        return "decrease"
    folded = fold(name).upper()
    if _REDUCTION_NAME.search(folded):
        return "increase"
    if decrease_hint or any(w.upper() in folded for w in _DECREASE_WORDS):
        return "decrease"
    return "increase"


_ATTRIBUTE_ALIASES: dict[str, Attribute] = {
    "预期性": "预期性",
    "预期": "预期性",
    "expected": "预期性",
    "约束性": "约束性",
    "约束": "约束性",
    "binding": "约束性",
}
_DIRECTION_ALIASES: dict[str, Direction] = {
    "increase": "increase",
    "up": "increase",
    "+": "increase",
    "越大越好": "increase",
    "上升": "increase",
    "提高": "increase",
    "增长": "increase",
    "正向": "increase",
    "decrease": "decrease",
    "down": "decrease",
    "-": "decrease",
    "越小越好": "decrease",
    "下降": "decrease",
    "降低": "decrease",
    "减少": "decrease",
    "逆向": "decrease",
    "负向": "decrease",
}
_KIND_ALIASES: dict[str, TargetKind] = {
    **{k: k for k in TARGET_KINDS},
    **{v: k for k, v in TARGET_KIND_NAMES.items()},
    "以上": "at_least",
    "以内": "at_most",
    "以下": "at_most",
    "范围": "range",
    "精确": "exact",
}


def normalise_attribute(text: str) -> Attribute:
    found = _ATTRIBUTE_ALIASES.get(fold(text).lower())
    if found is None:
        raise ValueError(f"属性“{text}”无效，应为“预期性”或“约束性”")
    return found


def normalise_direction(text: str) -> Direction:
    found = _DIRECTION_ALIASES.get(fold(text).lower())
    if found is None:
        raise ValueError(f"方向“{text}”无效，应为 increase（越大越好）或 decrease（越小越好）")
    return found


def normalise_kind(text: str) -> TargetKind:
    found = _KIND_ALIASES.get(fold(text).lower())
    if found is None:
        names = "、".join(f"{k}（{v}）" for k, v in TARGET_KIND_NAMES.items())
        raise ValueError(f"目标类型“{text}”无效，应为 {names}")
    return found


def same_unit(a: str, b: str) -> bool:
    return fold(a).lower() == fold(b).lower()


def compatible_units(written: str, unit: str) -> bool:
    # "%" in a cell of a 个百分点 / 百分比 indicator is how people write it.
    return same_unit(written, unit) or (written == "%" and "百分" in unit)


# -- plans and their years --------------------------------------------------------------------------


def plan_period(plan: PlanInfo) -> tuple[int | None, int | None]:
    """(baseline year, target year) of a plan from its title: a five-year plan 十五五 → (2025, 2030);
    a year's work report or annual plan (2024年政府工作报告) → (2023, 2024), the year it sets targets for."""
    found: tuple[int | None, int | None] = (None, None)
    for text in (plan.title or "", plan.name):
        anchor = anchor_of(text)
        if anchor.kind == "plan" and anchor.plan_start is not None:
            return anchor.plan_start - 1, anchor.plan_end
        if anchor.kind == "report" and anchor.year is not None and found == (None, None):
            found = (anchor.year - 1, anchor.year)
    return found


def normalise_kind_or_none(text: str | None) -> TargetKind | None:
    try:
        return normalise_kind(text) if text else None
    except ValueError:
        return None
