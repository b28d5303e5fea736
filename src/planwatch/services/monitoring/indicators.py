"""Indicator use cases: create indicators (by hand, from extracted quantities, 示例数据), record their
observed values, list and show them. The session is passed in; every change is audited in it.

Target cells are read the way planning offices write them (``3%以上``, ``5%左右``, ``＞60``, ``≤10``,
``[5,6]``, ``5-6``, ``〔13.5〕``, ``3.5``): see :func:`parse_target`. Files (主要指标表, observation
sheets) are read by ``planwatch.services.monitoring.indicator_import``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from importlib import resources
from typing import Any

import yaml
from sqlalchemy.orm import Session

from planwatch.export.indicator_terms import category_of, is_binding
from planwatch.export.rows import indicator_rows, value_text
from planwatch.extract.numbers_zh import cn_integer
from planwatch.extract.quantity_period import anchor_of
from planwatch.extract.quantity_period import plan_years as five_year_plan_years
from planwatch.model import (
    ErrorCode,
    Indicator,
    InputError,
    NotFoundError,
    Observation,
    PlanInfo,
    Quantity,
    User,
)
from planwatch.model.fold import fold_name
from planwatch.model.monitoring import (
    COMPLETED_NOTE,
    NOT_COMPLETED_NOTE,
    NUMERIC_TARGET_KINDS,
    RELATIONS,
    TARGET_KIND_NAMES,
    TARGET_KINDS,
)
from planwatch.services.admin import audit
from planwatch.services.monitoring.indicator_targets import (
    CLAUSE_SUBJECT,
    indicator_name,
    is_past,
    latest_past,
    same_aim,
    target_quantities,
)
from planwatch.services.monitoring.target_forms import WordTarget, parse_word_target
from planwatch.services.plans.records import PlanView
from planwatch.store import revisions
from planwatch.store.monitoring import IndicatorRepository, period_key
from planwatch.store.repositories import PlanRepository

SAMPLE_LABEL = "示例数据"
SAMPLE_SUFFIX = f"（{SAMPLE_LABEL}）"
DIRECTION_NAMES = {"increase": "越大越好", "decrease": "越小越好"}
MIN_YEAR, MAX_YEAR = 1949, 2100
MAX_NAME = 200

_WORD_TARGET_HINT = (
    "相对目标和上级下达的目标请直接写在目标值中，如“高于地区生产总值增长”“与经济增长同步”“完成省下达任务”"
)

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
_PREFIXES: tuple[tuple[str, str | None], ...] = (
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
_SUFFIXES: tuple[tuple[str, str], ...] = (
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
    kind: str
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
    kind: str | None = None

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


def infer_direction(name: str, kind: str | None = None, *, decrease_hint: bool = False) -> str:
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


_ATTRIBUTE_ALIASES = {
    "预期性": "预期性",
    "预期": "预期性",
    "expected": "预期性",
    "约束性": "约束性",
    "约束": "约束性",
    "binding": "约束性",
}
_DIRECTION_ALIASES = {
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
_KIND_ALIASES = {
    **{k: k for k in TARGET_KINDS},
    **{v: k for k, v in TARGET_KIND_NAMES.items()},
    "以上": "at_least",
    "以内": "at_most",
    "以下": "at_most",
    "范围": "range",
    "精确": "exact",
}


def normalise_attribute(text: str) -> str:
    found = _ATTRIBUTE_ALIASES.get(fold(text).lower())
    if found is None:
        raise ValueError(f"属性“{text}”无效，应为“预期性”或“约束性”")
    return found


def normalise_direction(text: str) -> str:
    found = _DIRECTION_ALIASES.get(fold(text).lower())
    if found is None:
        raise ValueError(f"方向“{text}”无效，应为 increase（越大越好）或 decrease（越小越好）")
    return found


def normalise_kind(text: str) -> str:
    found = _KIND_ALIASES.get(fold(text).lower())
    if found is None:
        names = "、".join(f"{k}（{v}）" for k, v in TARGET_KIND_NAMES.items())
        raise ValueError(f"目标类型“{text}”无效，应为 {names}")
    return found


def same_unit(a: str, b: str) -> bool:
    return fold(a).lower() == fold(b).lower()


def _compatible_units(written: str, unit: str) -> bool:
    # "%" in a cell of a 个百分点 / 百分比 indicator is how people write it.
    return same_unit(written, unit) or (written == "%" and "百分" in unit)


# -- plans and their years --------------------------------------------------------------------------


def find_plan(session: Session, ref: str) -> PlanInfo:
    """A plan by id or name (NotFoundError with a hint otherwise)."""
    return PlanRepository(session).get_plan(ref)


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


def _period_year(period: str | None) -> int | None:
    """The year a quantity's period ends: 十四五 → 2025, 2021-2025 → 2025, 2030 → 2030."""
    if not period:
        return None
    years = re.findall(r"(?:19|20)\d\d", period)
    if years:
        return int(years[-1])
    m = re.fullmatch(r"(.+)五", period)
    if m:
        number = cn_integer(m.group(1))
        if number:
            return five_year_plan_years(number)[1]
    return None


# -- building and validating an indicator -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldProblem:
    field: str  # the parameter (name, unit, target, …)
    label: str  # its Chinese name
    reason: str
    hint: str

    def __str__(self) -> str:
        return f"{self.label}：{self.reason}。{self.hint}"


class IndicatorInputError(InputError):
    """One or more fields of an indicator are invalid; ``problems`` lists every one of them."""

    def __init__(self, problems: list[FieldProblem], *, where: str | None = None) -> None:
        message = "指标信息有误：\n" + "\n".join(f"  · {p}" for p in problems)
        super().__init__(message, where=where, hint="请按提示改正后重试。")
        self.problems = problems


_LABELS = {
    "name": "指标名称",
    "unit": "单位",
    "category": "类别",
    "attribute": "属性",
    "direction": "方向",
    "baseline": "基期值",
    "baseline_year": "基期年份",
    "target": "目标值",
    "target_max": "目标上限",
    "kind": "目标类型",
    "tolerance": "容差",
    "target_year": "目标年份",
    "data_source": "数据来源",
    "department": "责任单位",
}


def build_indicator(  # noqa: C901 -- the largest function; splitting it belongs to issue 15's services restructure
    plan: PlanInfo,
    *,
    name: str,
    unit: str = "",
    target: str | float | None = None,
    target_max: float | None = None,
    kind: str | None = None,
    tolerance: float | None = None,
    target_year: int | None = None,
    baseline: str | float | None = None,
    baseline_year: int | None = None,
    attribute: str | None = None,
    direction: str | None = None,
    category: str | None = None,
    cumulative: bool | None = None,
    annual: bool | None = None,
    data_source: str | None = None,
    department: str | None = None,
    source_quantity: str | None = None,
    sample: bool = False,
    relation: str | None = None,
    relation_to: str | None = None,
    target_note: str | None = None,
) -> Indicator:
    """A validated, not yet stored indicator (id 0) of ``plan``.

    ``target`` is a cell as written (``3%以上``) or a number (then ``kind`` says which kind, default
    exact), or words (``高于地区生产总值增长``, ``与经济增长同步``, ``完成省下达任务``: a relative or an
    assigned target, see ``planwatch.services.monitoring.target_forms``); ``baseline`` likewise (only its value
    is kept). ``annual`` marks a yearly rate (年均), ``cumulative`` a five-year total (累计). Missing years default to the plan's
    (十五五: base 2025, target 2030); missing attribute, direction and category are inferred from the
    name and the target. Raises :class:`IndicatorInputError` listing every invalid field.
    """
    problems: list[FieldProblem] = []

    def bad(field_name: str, reason: str, hint: str) -> None:
        problems.append(FieldProblem(field_name, _LABELS[field_name], reason, hint))

    name = (name or "").strip()
    unit = (unit or "").strip()
    if not name:
        bad("name", "不能为空", "请填写指标名称，如“研发经费投入强度”")
    elif len(name) > MAX_NAME:
        bad("name", f"过长（{len(name)} 个字符，上限 {MAX_NAME}）", "请使用简短的名称")

    spec: TargetSpec | None = None
    word: WordTarget | None = None
    if target is None and relation is not None and relation_to:
        # a stored relative target being edited: it says what it is
        if relation not in RELATIONS:
            bad("target", f"比较方式“{relation}”无效", "请重新填写目标，如“高于地区生产总值增长”")
        else:
            word = WordTarget("relative", target_note or "", relation, relation_to)
    elif target is None and kind == "assigned":
        word = WordTarget("assigned", target_note or "完成上级下达任务")
    elif isinstance(target, str) and (found_word := parse_word_target(target)) is not None:
        word = found_word
    elif isinstance(target, int | float) and not isinstance(target, bool):
        if not math.isfinite(target):
            bad("target", "不是有限的数值", "请填写数字")
        else:
            spec = TargetSpec(float(target), "exact")
    elif isinstance(target, str):
        try:
            spec = parse_target(target)
        except ValueError as exc:
            bad(
                "target",
                str(exc),
                "请写成 3%以上、5%左右、≤10、[5,6]、5-6 或 3.5 这样的形式",
            )
    if kind is not None and word is None:
        try:
            chosen = normalise_kind(kind)
        except ValueError as exc:
            bad("kind", str(exc), "请从列出的类型中选择")
        else:
            if chosen not in NUMERIC_TARGET_KINDS:
                bad("kind", f"“{TARGET_KIND_NAMES[chosen]}”需要用文字写出目标", _WORD_TARGET_HINT)
            elif spec is not None:
                spec = replace(spec, kind=chosen)
    if target_max is not None:
        if spec is None:
            bad("target_max", "没有目标值却给了上限", "请同时填写目标值")
        elif not math.isfinite(target_max):
            bad("target_max", "不是有限的数值", "请填写数字")
        else:
            spec = replace(spec, value_max=float(target_max), kind="range" if kind is None else spec.kind)
    if spec is not None and spec.kind == "range":
        if spec.value_max is None:
            bad("target_max", "区间目标缺少上限", "请写成 [5,6] 或 5-6，或另给上限")
        elif spec.value_max <= spec.value:
            bad("target_max", "区间上限不大于下限", "请检查区间的两端")
    elif spec is not None and spec.value_max is not None:
        bad("target_max", f"只有区间目标才有上限（当前为“{TARGET_KIND_NAMES[spec.kind]}”）", "请去掉上限")
    if tolerance is not None:
        if not math.isfinite(tolerance) or tolerance < 0:
            bad("tolerance", "应为不小于 0 的数", "如 0.5 表示 ±0.5")
        elif spec is None or spec.kind != "about":
            bad("tolerance", "只有“左右”目标才有容差", "请去掉容差，或把目标写成“5%左右”")
        else:
            spec = replace(spec, tolerance=float(tolerance))
    if spec is None and word is None and kind is not None:
        bad("kind", "没有目标值却给了目标类型", "请同时填写目标值")
    if word is not None and (target_max is not None or tolerance is not None):
        bad("target", f"“{word.text}”不是数值目标，不能有上限或容差", "请去掉上限和容差")
    if spec is not None and spec.unit and unit and not _compatible_units(spec.unit, unit):
        bad(
            "target",
            f"目标值带的单位“{spec.unit}”与指标单位“{unit}”不一致",
            "请核对单位；目标若是增速（%），请把指标单位也写成 %",
        )
    if not unit and spec is not None and spec.unit:
        unit = spec.unit

    base_value: float | None = None
    base_spec: TargetSpec | None = None
    if isinstance(baseline, int | float) and not isinstance(baseline, bool):
        if math.isfinite(baseline):
            base_value = float(baseline)
        else:
            bad("baseline", "不是有限的数值", "请填写数字")
    elif isinstance(baseline, str):
        try:
            base_spec = parse_target(baseline)
        except ValueError as exc:
            bad("baseline", str(exc), "请填写数字，如 3.2 或 320天")
        else:
            if base_spec is not None and base_spec.kind == "range":
                bad("baseline", "基期值是一个区间", "请填写一个具体数值")
            elif base_spec is not None:
                base_value = base_spec.value
                if not unit and base_spec.unit:
                    unit = base_spec.unit

    default_base_year, default_target_year = plan_period(plan)
    for field_name, year in (("baseline_year", baseline_year), ("target_year", target_year)):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            bad(field_name, f"{year} 不是合理的年份", f"请填写 {MIN_YEAR}–{MAX_YEAR} 之间的四位年份")
    if baseline_year is not None and base_value is None and baseline is None:
        bad("baseline_year", "没有基期值却给了基期年份", "请同时填写基期值")
    has_target = spec is not None or word is not None
    if target_year is not None and not has_target and target is None:
        bad("target_year", "没有目标值却给了目标年份", "请同时填写目标值")
    if baseline_year is None and base_value is not None:
        baseline_year = default_base_year
    if target_year is None and has_target:
        target_year = default_target_year
    if baseline_year is not None and target_year is not None and baseline_year >= target_year:
        bad("target_year", f"目标年份 {target_year} 不晚于基期年份 {baseline_year}", "请检查两个年份")

    attr = "约束性" if is_binding(name) else "预期性"
    if attribute is not None and attribute.strip():
        try:
            attr = normalise_attribute(attribute)
        except ValueError as exc:
            bad("attribute", str(exc), "属性只能是“预期性”或“约束性”")
    decrease_hint = bool(spec and spec.decrease) or bool(base_spec and base_spec.decrease)
    way = infer_direction(name, spec.kind if spec else None, decrease_hint=decrease_hint)
    if direction is not None and direction.strip():
        try:
            way = normalise_direction(direction)
        except ValueError as exc:
            bad("direction", str(exc), "也可以写“越大越好”或“越小越好”")

    if cumulative is None:
        cumulative = bool(spec and spec.cumulative) or bool(base_spec and base_spec.cumulative)
    if annual is None:
        annual = bool(spec and spec.annual)
    if word is not None:
        cumulative = annual = False
    if cumulative and annual:
        bad("target", "目标不能既是年均值又是累计值", "请只选“年均”或“累计”之一")
    if problems:
        raise IndicatorInputError(problems)
    return Indicator(
        id=0,
        plan_id=plan.id,
        name=name,
        unit=unit,
        category=(category or "").strip() or category_of(name),
        attribute=attr,
        direction=way,
        baseline_value=base_value,
        baseline_year=baseline_year if base_value is not None else None,
        target_value=spec.value if spec else None,
        # Without a target the kind says what one would be, from the direction.
        target_kind=(
            spec.kind if spec else word.kind if word else ("at_most" if way == "decrease" else "at_least")
        ),
        target_year=target_year if has_target else None,
        target_value_max=spec.value_max if spec else None,
        tolerance=spec.tolerance if spec else None,
        cumulative=bool(cumulative),
        data_source=(data_source or "").strip() or None,
        department=(department or "").strip() or None,
        source_quantity=source_quantity,
        sample=sample,
        annual=bool(annual),
        relation=word.relation if word else None,
        relation_to=word.relation_to if word else None,
        target_note=word.text if word else None,
    )


def _target(plan: PlanInfo, name: str) -> str:
    return f"plan:{plan.id}/indicator:{name}"


def store_indicator(session: Session, draft: Indicator, *, by: User | str | None, action: str) -> Indicator:
    """Store a built indicator and audit it. The name must be free (callers check and report)."""
    repo = IndicatorRepository(session)
    stored = repo.add(draft, created_by=audit.who(by))
    audit.record(session, by, action, f"plan:{draft.plan_id}/indicator:{draft.name}", None, _state(stored))
    return stored


def _state(ind: Indicator) -> dict[str, Any]:
    return {k: v for k, v in _asdict(ind).items() if k not in ("id", "plan_id")}


def _asdict(ind: Indicator) -> dict[str, Any]:
    return asdict(ind)


def _taken(plan: PlanInfo, name: str) -> InputError:
    return InputError(
        f"规划“{plan.name}”已有名为“{name}”的指标。",
        hint="请换一个名称，或修改已有指标。",
        code=ErrorCode.INDICATOR_NAME_TAKEN,
        params={"plan": plan.name, "name": name},
    )


def add_indicator(session: Session, plan: PlanInfo, *, by: User | str | None, **fields: Any) -> Indicator:
    """Create one indicator by hand; ``fields`` as for :func:`build_indicator`."""
    draft = build_indicator(plan, **fields)
    if draft.sample:
        raise InputError("示例数据不能逐个新增，只能整套加载。", code=ErrorCode.INDICATOR_SAMPLE_ADDED)
    if IndicatorRepository(session).find(plan.id, draft.name) is not None:
        raise _taken(plan, draft.name)
    return store_indicator(session, draft, by=by, action="indicator.add")


def get_indicator(session: Session, plan: PlanInfo, name: str) -> Indicator:
    """An indicator of ``plan`` by exact name (then ignoring spaces and full-width forms), or by id."""
    repo = IndicatorRepository(session)
    found = repo.find(plan.id, name.strip())
    if found is not None:
        return found
    every = repo.indicators(plan.id)
    folded = {fold(i.name): i for i in every}
    if fold(name) in folded:
        return folded[fold(name)]
    ref = name.strip().lstrip("#")
    if ref.isdecimal():
        by_id = repo.get(int(ref))
        if by_id is not None and by_id.plan_id == plan.id:
            return by_id
    close = suggest(name, every)
    raise NotFoundError(
        f"规划“{plan.name}”中没有名为“{name}”的指标。",
        hint=close + "请核对指标的名称。",
        code=ErrorCode.INDICATOR_NOT_FOUND,
        params={"plan": plan.name, "close": close},
    )


def suggest(name: str, indicators: Iterable[Indicator]) -> str:
    """“是否指：…？” naming the indicators whose names are close to ``name``; empty if none is."""
    names = [i.name for i in indicators]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
    return "是否指：" + "、".join(f"“{c}”" for c in close) + "？" if close else ""


_EDITABLE = (
    "name",
    "unit",
    "target",
    "target_max",
    "kind",
    "tolerance",
    "target_year",
    "baseline",
    "baseline_year",
    "attribute",
    "direction",
    "category",
    "cumulative",
    "annual",
    "data_source",
    "department",
)


def update_indicator(
    session: Session, plan: PlanInfo, ref: str, *, by: User | str | None, **changes: Any
) -> Indicator:
    """Change fields of an indicator; ``changes`` as for :func:`build_indicator` (None: unchanged).

    The result is validated whole, as if it were created with the changed fields.
    """
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"unknown indicator fields: {sorted(unknown)}")
    current = get_indicator(session, plan, ref)
    if current.sample:
        raise InputError(
            "示例数据不能修改。",
            hint="如不再需要，请删除示例数据。",
            code=ErrorCode.INDICATOR_SAMPLE_READONLY,
            params={"plan": plan.name},
        )
    merged: dict[str, Any] = {
        "name": current.name,
        "unit": current.unit,
        "target": current.target_value,
        "target_max": current.target_value_max,
        "kind": current.target_kind
        if current.target_value is not None or current.target_kind == "assigned"
        else None,
        "tolerance": current.tolerance,
        "target_year": current.target_year,
        "baseline": current.baseline_value,
        "baseline_year": current.baseline_year,
        "attribute": current.attribute,
        "direction": current.direction,
        "category": current.category,
        "cumulative": current.cumulative,
        "annual": current.annual,
        "data_source": current.data_source,
        "department": current.department,
        "relation": current.relation,
        "relation_to": current.relation_to,
        "target_note": current.target_note,
    }
    given = {k: v for k, v in changes.items() if v is not None}
    if "target" in given or "kind" in given:
        # A new target replaces a relative or assigned one.
        for implied in ("relation", "relation_to", "target_note"):
            merged[implied] = None
        if merged["kind"] in ("relative", "assigned"):
            merged["kind"] = None
    if "target" in given and isinstance(given["target"], str):
        # A new target cell says its own kind, range end and tolerance.
        for implied in ("kind", "target_max", "tolerance", "cumulative", "annual"):
            merged[implied] = None
    if "kind" in given and given["kind"] is not None and normalise_kind_or_none(given["kind"]) != "range":
        merged["target_max"] = None
    if "kind" in given and normalise_kind_or_none(given["kind"]) != "about":
        merged["tolerance"] = None
    merged.update(given)
    draft = build_indicator(plan, source_quantity=current.source_quantity, **merged)
    if draft.name != current.name and IndicatorRepository(session).find(plan.id, draft.name) is not None:
        raise _taken(plan, draft.name)
    updated = replace(draft, id=current.id)
    if updated == current:
        return current
    stored = IndicatorRepository(session).update(updated)
    audit.record(
        session, by, "indicator.update", _target(plan, current.name), _state(current), _state(stored)
    )
    return stored


def replace_indicator(
    session: Session, plan: PlanInfo, current: Indicator, draft: Indicator, *, by: User | str | None
) -> Indicator:
    """Store ``draft`` (built whole, as from an edit form) over ``current`` and audit the change."""
    updated = replace(draft, id=current.id, plan_id=current.plan_id)
    if updated == current:
        return current
    stored = IndicatorRepository(session).update(updated)
    audit.record(
        session, by, "indicator.update", _target(plan, current.name), _state(current), _state(stored)
    )
    return stored


def normalise_kind_or_none(text: str | None) -> str | None:
    try:
        return normalise_kind(text) if text else None
    except ValueError:
        return None


def remove_indicator(session: Session, plan: PlanInfo, name: str, *, by: User | str | None) -> Indicator:
    """Delete an indicator and its observations (the audit log keeps what it was)."""
    current = get_indicator(session, plan, name)
    repo = IndicatorRepository(session)
    observations = repo.observations(current.id)
    repo.delete(current.id)
    before = _state(current) | {"observations": {o.period: o.value for o in observations}}
    audit.record(session, by, "indicator.remove", _target(plan, current.name), before, None)
    return current


# -- listing and showing ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorView:
    indicator: Indicator
    observations: tuple[Observation, ...] = ()

    @property
    def latest(self) -> Observation | None:
        return self.observations[-1] if self.observations else None


def list_indicators(session: Session, plan: PlanInfo, *, sample: bool | None = None) -> list[IndicatorView]:
    repo = IndicatorRepository(session)
    observations = repo.observations_of_plan(plan.id)
    return [
        IndicatorView(i, tuple(observations.get(i.id, ()))) for i in repo.indicators(plan.id, sample=sample)
    ]


def show_indicator(session: Session, plan: PlanInfo, name: str) -> IndicatorView:
    ind = get_indicator(session, plan, name)
    return IndicatorView(ind, tuple(IndicatorRepository(session).observations(ind.id)))


def indicator_dict(view: IndicatorView) -> dict[str, Any]:
    """JSON shape of an indicator with its observations (CLI ``--format json``, web API)."""
    ind = view.indicator
    return {
        **_asdict(ind),
        "target_text": format_target(ind),
        "target_kind_name": TARGET_KIND_NAMES.get(ind.target_kind, ind.target_kind),
        "direction_name": DIRECTION_NAMES.get(ind.direction, ind.direction),
        "observations": [_asdict_obs(o) for o in view.observations],
    }


def _asdict_obs(o: Observation) -> dict[str, Any]:
    return {"period": o.period, "value": o.value, "source": o.source, "note": o.note, "sample": o.sample}


# -- observations -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recorded:
    indicator: Indicator
    observation: Observation
    previous: Observation | None  # the value it replaced, if the period had one

    @property
    def changed(self) -> bool:
        return self.previous != self.observation


def _obs_state(o: Observation | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {"value": o.value, "source": o.source, "note": o.note, "sample": o.sample}


def write_observation(
    session: Session,
    plan: PlanInfo,
    indicator: Indicator,
    observation: Observation,
    *,
    by: User | str | None,
    action: str = "observation.record",
) -> Observation | None:
    """Store one observation (replacing the period's value) and audit it; returns the replaced one.

    Writes nothing when the period already holds exactly this observation.
    """
    repo = IndicatorRepository(session)
    current = repo.observation(indicator.id, observation.period)
    if current == observation:
        return current
    previous = repo.put_observation(observation, recorded_by=audit.who(by))
    audit.record(
        session,
        by,
        action,
        f"{_target(plan, indicator.name)}/period:{observation.period}",
        _obs_state(previous),
        _obs_state(observation),
    )
    return previous


def check_real(indicator: Indicator) -> None:
    if indicator.sample:
        raise InputError(
            f"“{indicator.name}”是示例数据，不能录入真实数据。",
            hint="请先新增一个真实指标，再为它录入数据。",
            code=ErrorCode.INDICATOR_SAMPLE_RECORDED,
        )


def record_observation(
    session: Session,
    plan: PlanInfo,
    name: str,
    period: str,
    value: float | str,
    *,
    source: str | None = None,
    note: str | None = None,
    by: User | str | None,
) -> Recorded:
    """Record one value of an indicator for a year ("2026") or a quarter ("2026Q3")."""
    revisions.touch_plan(session, plan.id)
    indicator = get_indicator(session, plan, name)
    check_real(indicator)
    try:
        key = normalise_period(period)
    except ValueError as exc:
        raise InputError(f"时期有误：{exc}。", hint="请写成年份 2026 或季度 2026Q3。") from exc
    done = completion_of(value) if isinstance(value, str) and indicator.target_kind == "assigned" else None
    if done is not None:
        number: float | None = 1.0 if done == COMPLETED_NOTE else 0.0
        note = done if not (note or "").strip() else f"{done}；{note}"
    elif isinstance(value, str):
        try:
            number = parse_number(value, indicator.unit)
        except ValueError as exc:
            raise InputError(
                f"数值有误：{exc}。", hint=f"请填写数字（单位：{indicator.unit or '无'}），如 3.2。"
            ) from exc
        if number is None:
            raise InputError("数值为空。", hint="请填写数字，如 3.2。")
    else:
        if not math.isfinite(value):
            raise InputError("数值不是有限的数。", hint="请填写数字，如 3.2。")
        number = float(value)
    assert number is not None
    observation = Observation(
        indicator_id=indicator.id,
        period=key,
        value=number,
        source=(source or "").strip() or None,
        note=(note or "").strip() or None,
    )
    previous = write_observation(session, plan, indicator, observation, by=by)
    return Recorded(indicator, observation, previous)


# -- from extracted quantities ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Skipped:
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class CreateResult:
    created: tuple[Indicator, ...] = ()
    skipped: tuple[Skipped, ...] = ()


# A subject that starts like a task (推进…, 荣获…) is a clause, not the name of something measured.
_NOT_AN_INDICATOR = re.compile(r"^(稳步推进|推进|实施|建设|加快|推动|开展|完成|实现|荣获|获得|第)")


_COUNTING_QUALIFIERS = ("连续", "第N次")
_CHANGE_WORDS = ("提高", "提升", "增加", "增长", "下降", "降低", "减少", "新增")


def _is_change(q: Quantity) -> bool:
    """A past value that is a change over the period (提高25.6个百分点), not a level."""
    return q.unit == "个百分点" and any(w in (q.qualifier or "") for w in _CHANGE_WORDS)


def _quantity_key(q: Quantity) -> tuple[str, str]:
    # The grouping of export.rows.indicator_rows: subject (spaces removed) and unit.
    return (re.sub(r"\s+", "", q.subject or q.text), q.unit)


def create_from_quantities(
    session: Session, view: PlanView, *, by: User | str | None, only: Collection[str] | None = None
) -> CreateResult:
    """One indicator per row of the 主要指标表 built from the extracted quantities (subject + unit).

    Values reached in a past period (十四五, or a year before the plan's first: a work report's
    review of last year) are the baseline; values for the plan's own years are the target, and a
    row with no target is no indicator (see ``indicator_targets``). Rows that cannot become an
    indicator are skipped with the reason: only past results, the same aim stated twice, the name
    is taken, the values disagree, the subject is a clause.
    ``only`` (names) creates just the rows a person picked from the list; the others are left out.
    """
    plan = view.plan
    repo = IndicatorRepository(session)
    existing = {i.name for i in repo.indicators(plan.id)}
    groups: dict[tuple[str, str], list[Quantity]] = {}
    for q in view.analysis.quantities:
        groups.setdefault(_quantity_key(q), []).append(q)
    created: list[Indicator] = []
    skipped: list[Skipped] = []
    names_done: dict[str, str] = {}
    base_year_of_plan = plan_period(plan)[0]
    first_year = base_year_of_plan + 1 if base_year_of_plan is not None else None
    text = view.analysis.document.text
    aims: list[tuple[Quantity, str]] = []  # the target quantity of each indicator made, and its name
    for row in indicator_rows(view.analysis):
        qs = groups.get((re.sub(r"\s+", "", row.name), row.unit), [])
        aimed = target_quantities(qs, first_year)
        if qs and not aimed:
            skipped.append(
                Skipped(
                    row.name.strip(), f"只有往年或上一规划期的实绩（{qs[0].text}），没有目标值，不作为指标"
                )
            )
            continue
        name = indicator_name(aimed[0], text) if aimed else row.name.strip()
        twin = next((n for q, n in aims if aimed and same_aim(q, aimed[0])), None)
        if twin is not None:
            skipped.append(Skipped(name, f"与指标“{twin}”是同一目标（{aimed[0].text}）"))
            continue
        if only is not None and name not in only:
            continue
        if name in names_done:
            skipped.append(
                Skipped(
                    name,
                    f"同名指标已按单位“{names_done[name]}”创建，这一项单位为“{row.unit}”；"
                    "如需跟踪请另起名称手工添加",
                )
            )
            continue
        if name in existing:
            skipped.append(Skipped(name, "已有同名指标，未改动"))
            continue
        if _NOT_AN_INDICATOR.match(name) or CLAUSE_SUBJECT.search(name):
            skipped.append(Skipped(name, "主语以动词或序数开头，更像任务表述而不是可量化的指标"))
            continue
        if qs and all((q.qualifier or "") in _COUNTING_QUALIFIERS for q in qs):
            skipped.append(Skipped(name, f"数值是次数或持续年数（{qs[0].text}），不是指标水平"))
            continue
        base_qs = [q for q in qs if is_past(q, first_year) and q.compared_to is None]
        bases = (
            list(dict.fromkeys(value_text(q) for q in base_qs))
            if qs
            else [b for b in row.base.split("；") if b]
        )
        targets = (
            list(dict.fromkeys(value_text(q) for q in aimed))
            if qs
            else [t for t in row.target.split("；") if t]
        )
        if len(bases) > 1 and aimed:
            # a target with several past values (a review of five years): the latest year is the base
            base_qs = latest_past(base_qs)
            bases = list(dict.fromkeys(value_text(q) for q in base_qs))
            if len(bases) > 1:
                base_qs, bases = [], []
        if len(bases) > 1:
            skipped.append(Skipped(name, f"基期值有多个不同取值（{'、'.join(bases)}），请手工添加"))
            continue
        if len(targets) > 1:
            skipped.append(Skipped(name, f"目标值有多个不同取值（{'、'.join(targets)}），请手工添加"))
            continue
        target_qs = aimed
        if not target_qs and base_qs and all(_is_change(q) for q in base_qs):
            skipped.append(
                Skipped(name, f"基期数值是变化量（{base_qs[0].text}），不是水平值，无法作为基期值")
            )
            continue
        base_year = next((y for y in (_period_year(q.period) for q in base_qs) if y), None)
        target_year = next(
            (int(q.period) for q in target_qs if q.period and re.fullmatch(r"(?:19|20)\d\d", q.period)), None
        )
        first = qs[0] if qs else None
        try:
            draft = build_indicator(
                plan,
                name=name,
                unit=row.unit,
                target=targets[0] if targets else None,
                baseline=bases[0] if bases else None,
                baseline_year=base_year,
                target_year=target_year,
                attribute=row.binding,
                category=row.category,
                cumulative=True if row.mode == "累计" else None,
                source_quantity=f"{first.node}:{first.start}" if first else None,
            )
        except IndicatorInputError as exc:
            skipped.append(Skipped(name, "；".join(str(p) for p in exc.problems)))
            continue
        stored = store_indicator(session, draft, by=by, action="indicator.from_quantities")
        created.append(stored)
        if aimed:
            aims.append((aimed[0], name))
        names_done[name] = row.unit
        existing.add(name)
    return CreateResult(tuple(created), tuple(skipped))


# -- 示例数据 ---------------------------------------------------------------------------------------

SAMPLE_FILE = ("data", "sample", "indicators.yaml")


@dataclass(frozen=True, slots=True)
class SampleResult:
    indicators: int
    observations: int
    already: bool = False
    names: tuple[str, ...] = field(default=())


def _sample_spec() -> list[Mapping[str, Any]]:
    text = resources.files("planwatch").joinpath(*SAMPLE_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return list(data["indicators"])


def load_sample(session: Session, plan: PlanInfo, *, by: User | str | None) -> SampleResult:
    """Load the shipped 示例数据 into ``plan``: a few Dalian indicators, each named “…（示例数据）”,
    with made-up observations, all marked ``sample``. Loading twice changes nothing."""
    repo = IndicatorRepository(session)
    have, _ = repo.count_sample(plan.id)
    if have:
        return SampleResult(0, 0, already=True)
    created: list[str] = []
    n_obs = 0
    who = audit.who(by)
    for spec in _sample_spec():
        name = str(spec["name"]) + SAMPLE_SUFFIX
        if repo.find(plan.id, name) is not None:
            continue
        draft = build_indicator(
            plan,
            name=name,
            unit=str(spec.get("unit", "")),
            target=str(spec["target"]) if spec.get("target") is not None else None,
            target_year=spec.get("target_year"),
            baseline=spec.get("baseline"),
            baseline_year=spec.get("baseline_year"),
            attribute=spec.get("attribute"),
            direction=spec.get("direction"),
            category=spec.get("category"),
            data_source=spec.get("data_source") or SAMPLE_LABEL,
            department=spec.get("department"),
            sample=True,
        )
        stored = repo.add(draft, created_by=who)
        created.append(stored.name)
        for period, value in (spec.get("observations") or {}).items():
            repo.put_observation(
                Observation(
                    stored.id,
                    normalise_period(str(period)),
                    float(value),
                    source=SAMPLE_LABEL,
                    note="虚构数值，仅供演示",
                    sample=True,
                ),
                recorded_by=who,
            )
            n_obs += 1
    audit.record(
        session,
        by,
        "indicator.sample",
        f"plan:{plan.id}/sample",
        None,
        {"indicators": created, "observations": n_obs},
    )
    return SampleResult(len(created), n_obs, names=tuple(created))


def remove_sample(session: Session, plan: PlanInfo, *, by: User | str | None) -> SampleResult:
    """Delete exactly the plan's 示例数据 (sample indicators and sample observations)."""
    repo = IndicatorRepository(session)
    names = tuple(i.name for i in repo.indicators(plan.id, sample=True))
    n_ind, n_obs = repo.delete_sample(plan.id)
    if n_ind or n_obs:
        audit.record(
            session,
            by,
            "indicator.sample_remove",
            f"plan:{plan.id}/sample",
            {"indicators": list(names), "observations": n_obs},
            None,
        )
    return SampleResult(n_ind, n_obs, names=names)


def sort_periods(periods: Iterable[str]) -> list[str]:
    return sorted(periods, key=period_key)
