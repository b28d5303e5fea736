"""Building and validating an indicator from the fields a person or a file gives
(:class:`IndicatorFields`): every invalid field is reported at once (:class:`IndicatorInputError`).
Pure: nothing is stored here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from planwatch.model import Indicator, InputError, PlanInfo
from planwatch.model.indicator_terms import category_of, is_binding
from planwatch.model.monitoring import (
    NUMERIC_TARGET_KINDS,
    RELATIONS,
    TARGET_KIND_NAMES,
    Attribute,
    Direction,
)
from planwatch.services.monitoring.target_forms import WordTarget, parse_word_target
from planwatch.services.monitoring.targets import (
    MAX_YEAR,
    MIN_YEAR,
    TargetSpec,
    compatible_units,
    infer_direction,
    normalise_attribute,
    normalise_direction,
    normalise_kind,
    parse_target,
    plan_period,
)

MAX_NAME = 200

_WORD_TARGET_HINT = (
    "相对目标和上级下达的目标请直接写在目标值中，如“高于地区生产总值增长”“与经济增长同步”“完成省下达任务”"
)


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


FIELD_LABELS = {
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


@dataclass(frozen=True, slots=True, kw_only=True)
class IndicatorValues:
    """The fields of an indicator that a new one and a change of a stored one both give, each None
    when not given. :class:`IndicatorFields` and ``indicators.IndicatorChanges`` share them, so that a
    field added here is one both a form and an edit take."""

    target: str | float | None = None
    target_max: float | None = None
    kind: str | None = None
    tolerance: float | None = None
    target_year: int | None = None
    baseline: str | float | None = None
    baseline_year: int | None = None
    attribute: str | None = None
    direction: str | None = None
    category: str | None = None
    cumulative: bool | None = None
    annual: bool | None = None
    data_source: str | None = None
    department: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IndicatorFields(IndicatorValues):
    """What a person, a file or the extracted quantities give for one indicator, before validation.

    ``target`` is a cell as written (``3%以上``) or a number (then ``kind`` says which kind, default
    exact), or words (``高于地区生产总值增长``, ``与经济增长同步``, ``完成省下达任务``: a relative or an
    assigned target, see ``planwatch.services.monitoring.target_forms``); ``baseline`` likewise (only
    its value is kept). ``annual`` marks a yearly rate (年均), ``cumulative`` a five-year total (累计).
    None means "not given": years default to the plan's, attribute, direction and category are
    inferred from the name and the target.
    """

    name: str
    unit: str = ""
    source_quantity: str | None = None
    sample: bool = False
    relation: str | None = None
    relation_to: str | None = None
    target_note: str | None = None


class _Problems(list[FieldProblem]):
    """The problems found so far; every step adds to it, the build raises them all at once."""

    def bad(self, field_name: str, reason: str, hint: str) -> None:
        self.append(FieldProblem(field_name, FIELD_LABELS[field_name], reason, hint))


@dataclass(frozen=True, slots=True)
class _Target:
    spec: TargetSpec | None  # a numeric target
    word: WordTarget | None  # a relative or assigned target, in words

    @property
    def given(self) -> bool:
        return self.spec is not None or self.word is not None


def build_indicator(plan: PlanInfo, fields: IndicatorFields) -> Indicator:
    """A validated, not yet stored indicator (id 0) of ``plan``. Missing years default to the
    plan's (十五五: base 2025, target 2030). Raises :class:`IndicatorInputError` listing every
    invalid field."""
    problems = _Problems()
    name = _name(fields.name, problems)
    unit = (fields.unit or "").strip()
    target = _target_of(fields, unit, problems)
    if not unit and target.spec is not None and target.spec.unit:
        unit = target.spec.unit
    base_value, base_spec = _baseline(fields.baseline, problems)
    if not unit and base_spec is not None and base_spec.unit:
        unit = base_spec.unit
    baseline_year, target_year = _years(plan, fields, base_value, target, problems)
    attribute = _attribute(name, fields.attribute, problems)
    direction = _direction(name, fields.direction, target.spec, base_spec, problems)
    cumulative, annual = _accumulation(fields, target, base_spec, problems)
    if problems:
        raise IndicatorInputError(problems)
    spec, word = target.spec, target.word
    return Indicator(
        id=0,
        plan_id=plan.id,
        name=name,
        unit=unit,
        category=(fields.category or "").strip() or category_of(name),
        attribute=attribute,
        direction=direction,
        baseline_value=base_value,
        baseline_year=baseline_year if base_value is not None else None,
        target_value=spec.value if spec else None,
        # Without a target the kind says what one would be, from the direction.
        target_kind=(
            spec.kind
            if spec
            else word.kind
            if word
            else ("at_most" if direction == "decrease" else "at_least")
        ),
        target_year=target_year if target.given else None,
        target_value_max=spec.value_max if spec else None,
        tolerance=spec.tolerance if spec else None,
        cumulative=cumulative,
        data_source=(fields.data_source or "").strip() or None,
        department=(fields.department or "").strip() or None,
        source_quantity=fields.source_quantity,
        sample=fields.sample,
        annual=annual,
        relation=word.relation if word else None,
        relation_to=word.relation_to if word else None,
        target_note=word.text if word else None,
    )


def _name(given: str, problems: _Problems) -> str:
    name = (given or "").strip()
    if not name:
        problems.bad("name", "不能为空", "请填写指标名称，如“研发经费投入强度”")
    elif len(name) > MAX_NAME:
        problems.bad("name", f"过长（{len(name)} 个字符，上限 {MAX_NAME}）", "请使用简短的名称")
    return name


def _target_of(fields: IndicatorFields, unit: str, problems: _Problems) -> _Target:
    """The target as given, then its kind, range end and tolerance, then whether they fit together."""
    spec, word = _read_target(fields, problems)
    kind = fields.kind
    if kind is not None and word is None:
        spec = _with_kind(spec, kind, problems)
    spec = _with_bounds(spec, fields, problems)
    if spec is None and word is None and kind is not None:
        problems.bad("kind", "没有目标值却给了目标类型", "请同时填写目标值")
    if word is not None and (fields.target_max is not None or fields.tolerance is not None):
        problems.bad("target", f"“{word.text}”不是数值目标，不能有上限或容差", "请去掉上限和容差")
    if spec is not None and spec.unit and unit and not compatible_units(spec.unit, unit):
        problems.bad(
            "target",
            f"目标值带的单位“{spec.unit}”与指标单位“{unit}”不一致",
            "请核对单位；目标若是增速（%），请把指标单位也写成 %",
        )
    return _Target(spec, word)


def _read_target(fields: IndicatorFields, problems: _Problems) -> tuple[TargetSpec | None, WordTarget | None]:
    target, relation = fields.target, fields.relation
    if target is None and relation is not None and fields.relation_to:
        # a stored relative target being edited: it says what it is
        if relation not in RELATIONS:
            problems.bad("target", f"比较方式“{relation}”无效", "请重新填写目标，如“高于地区生产总值增长”")
            return None, None
        return None, WordTarget("relative", fields.target_note or "", relation, fields.relation_to)
    if target is None and fields.kind == "assigned":
        return None, WordTarget("assigned", fields.target_note or "完成上级下达任务")
    if isinstance(target, str) and (found_word := parse_word_target(target)) is not None:
        return None, found_word
    if isinstance(target, int | float) and not isinstance(target, bool):
        if not math.isfinite(target):
            problems.bad("target", "不是有限的数值", "请填写数字")
            return None, None
        return TargetSpec(float(target), "exact"), None
    if isinstance(target, str):
        try:
            return parse_target(target), None
        except ValueError as exc:
            problems.bad("target", str(exc), "请写成 3%以上、5%左右、≤10、[5,6]、5-6 或 3.5 这样的形式")
    return None, None


def _with_kind(spec: TargetSpec | None, kind: str, problems: _Problems) -> TargetSpec | None:
    try:
        chosen = normalise_kind(kind)
    except ValueError as exc:
        problems.bad("kind", str(exc), "请从列出的类型中选择")
        return spec
    if chosen not in NUMERIC_TARGET_KINDS:
        problems.bad("kind", f"“{TARGET_KIND_NAMES[chosen]}”需要用文字写出目标", _WORD_TARGET_HINT)
        return spec
    return replace(spec, kind=chosen) if spec is not None else None


def _with_bounds(spec: TargetSpec | None, fields: IndicatorFields, problems: _Problems) -> TargetSpec | None:
    """A range's upper end and an "about" target's tolerance, checked against the kind."""
    target_max, tolerance = fields.target_max, fields.tolerance
    if target_max is not None:
        if spec is None:
            problems.bad("target_max", "没有目标值却给了上限", "请同时填写目标值")
        elif not math.isfinite(target_max):
            problems.bad("target_max", "不是有限的数值", "请填写数字")
        else:
            spec = replace(
                spec, value_max=float(target_max), kind="range" if fields.kind is None else spec.kind
            )
    if spec is not None and spec.kind == "range":
        if spec.value_max is None:
            problems.bad("target_max", "区间目标缺少上限", "请写成 [5,6] 或 5-6，或另给上限")
        elif spec.value_max <= spec.value:
            problems.bad("target_max", "区间上限不大于下限", "请检查区间的两端")
    elif spec is not None and spec.value_max is not None:
        problems.bad(
            "target_max", f"只有区间目标才有上限（当前为“{TARGET_KIND_NAMES[spec.kind]}”）", "请去掉上限"
        )
    if tolerance is not None:
        if not math.isfinite(tolerance) or tolerance < 0:
            problems.bad("tolerance", "应为不小于 0 的数", "如 0.5 表示 ±0.5")
        elif spec is None or spec.kind != "about":
            problems.bad("tolerance", "只有“左右”目标才有容差", "请去掉容差，或把目标写成“5%左右”")
        else:
            spec = replace(spec, tolerance=float(tolerance))
    return spec


def _baseline(baseline: str | float | None, problems: _Problems) -> tuple[float | None, TargetSpec | None]:
    """The baseline's value, and the cell as read when it was written (it may say 累计 or 下降)."""
    if isinstance(baseline, int | float) and not isinstance(baseline, bool):
        if math.isfinite(baseline):
            return float(baseline), None
        problems.bad("baseline", "不是有限的数值", "请填写数字")
        return None, None
    if not isinstance(baseline, str):
        return None, None
    try:
        base_spec = parse_target(baseline)
    except ValueError as exc:
        problems.bad("baseline", str(exc), "请填写数字，如 3.2 或 320天")
        return None, None
    if base_spec is not None and base_spec.kind == "range":
        problems.bad("baseline", "基期值是一个区间", "请填写一个具体数值")
        return None, base_spec
    return (base_spec.value if base_spec is not None else None), base_spec


def _years(
    plan: PlanInfo, fields: IndicatorFields, base_value: float | None, target: _Target, problems: _Problems
) -> tuple[int | None, int | None]:
    """Base and target years, the plan's where not given."""
    baseline_year, target_year = fields.baseline_year, fields.target_year
    default_base_year, default_target_year = plan_period(plan)
    for field_name, year in (("baseline_year", baseline_year), ("target_year", target_year)):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            problems.bad(field_name, f"{year} 不是合理的年份", f"请填写 {MIN_YEAR}–{MAX_YEAR} 之间的四位年份")
    if baseline_year is not None and base_value is None and fields.baseline is None:
        problems.bad("baseline_year", "没有基期值却给了基期年份", "请同时填写基期值")
    if target_year is not None and not target.given and fields.target is None:
        problems.bad("target_year", "没有目标值却给了目标年份", "请同时填写目标值")
    if baseline_year is None and base_value is not None:
        baseline_year = default_base_year
    if target_year is None and target.given:
        target_year = default_target_year
    if baseline_year is not None and target_year is not None and baseline_year >= target_year:
        problems.bad(
            "target_year", f"目标年份 {target_year} 不晚于基期年份 {baseline_year}", "请检查两个年份"
        )
    return baseline_year, target_year


def _attribute(name: str, given: str | None, problems: _Problems) -> Attribute:
    if given is not None and given.strip():
        try:
            return normalise_attribute(given)
        except ValueError as exc:
            problems.bad("attribute", str(exc), "属性只能是“预期性”或“约束性”")
    return "约束性" if is_binding(name) else "预期性"


def _direction(
    name: str, given: str | None, spec: TargetSpec | None, base_spec: TargetSpec | None, problems: _Problems
) -> Direction:
    if given is not None and given.strip():
        try:
            return normalise_direction(given)
        except ValueError as exc:
            problems.bad("direction", str(exc), "也可以写“越大越好”或“越小越好”")
    decrease_hint = bool(spec and spec.decrease) or bool(base_spec and base_spec.decrease)
    return infer_direction(name, spec.kind if spec else None, decrease_hint=decrease_hint)


def _accumulation(
    fields: IndicatorFields, target: _Target, base_spec: TargetSpec | None, problems: _Problems
) -> tuple[bool, bool]:
    """(cumulative 累计, annual 年均): as given, else as the cells say; never for a target in words."""
    spec = target.spec
    cumulative = fields.cumulative
    annual = fields.annual
    if cumulative is None:
        cumulative = bool(spec and spec.cumulative) or bool(base_spec and base_spec.cumulative)
    if annual is None:
        annual = bool(spec and spec.annual)
    if target.word is not None:
        cumulative = annual = False
    if cumulative and annual:
        problems.bad("target", "目标不能既是年均值又是累计值", "请只选“年均”或“累计”之一")
    return bool(cumulative), bool(annual)
