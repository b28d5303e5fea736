"""Building a plan's indicator system: add, edit and remove an indicator, record a value, create
indicators from the plan's extracted target quantities (picked from a list), and import a 主要指标表
or a year's observations file (all rows or nothing). The pages' data (forms, candidates, previews)
is ``services/views/indicator_forms.py``.

Optimistic locking: every indicator has a ``revision`` (a digest of its stored fields); an edit or a
removal sent with the revision the person saw is refused with 409 when someone changed the indicator
in between. Every change is audited by the service it calls.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import ConflictError, Indicator, InputError, NotFoundError, User
from planwatch.model.monitoring import RELATION_NAMES, TARGET_KIND_NAMES
from planwatch.services.monitoring.build import (
    FIELD_LABELS,
    FieldProblem,
    IndicatorFields,
    IndicatorInputError,
    build_indicator,
)
from planwatch.services.monitoring.from_quantities import CreateResult, create_from_quantities
from planwatch.services.monitoring.grids import Problem, grids_of
from planwatch.services.monitoring.indicator_import import (
    TablePlan,
    TableRow,
    apply_indicator_table,
    plan_indicator_table,
)
from planwatch.services.monitoring.indicators import (
    add_indicator,
    remove_indicator,
    replace_indicator,
)
from planwatch.services.monitoring.observation_import import (
    SheetPlan,
    SheetRow,
    apply_observations,
    plan_observations,
)
from planwatch.services.monitoring.observations import record_observation, sort_periods
from planwatch.services.monitoring.targets import DIRECTION_NAMES, format_target
from planwatch.services.plans.records import PlanView, find_plan, load_plan
from planwatch.services.views.common import plan_info
from planwatch.store.monitoring import IndicatorRepository

FORM_FIELDS = (
    "name",
    "unit",
    "category",
    "attribute",
    "direction",
    "baseline",
    "baseline_year",
    "target",
    "kind",
    "target_year",
    "mode",
    "data_source",
    "department",
)
MODES = {"level": "期末值", "annual": "年均", "cumulative": "五年累计"}


def revision(ind: Indicator) -> str:
    """A digest of the indicator's stored fields: changes whenever anyone changes it."""
    state = json.dumps(asdict(ind), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def find_indicator(session: Session, plan_ref: str, indicator_id: int) -> tuple[Any, Indicator]:
    plan = find_plan(session, plan_ref)
    found = IndicatorRepository(session).get(indicator_id)
    if found is None or found.plan_id != plan.id:
        raise NotFoundError(
            f"规划“{plan.name}”中没有编号为 {indicator_id} 的监测指标。", hint="请从“监测指标”页的列表进入。"
        )
    return plan, found


def indicator_json(ind: Indicator) -> dict[str, Any]:
    return {
        **asdict(ind),
        "target_text": format_target(ind),
        "target_kind_name": TARGET_KIND_NAMES.get(ind.target_kind, ind.target_kind),
        "relation_name": RELATION_NAMES[ind.relation] if ind.relation else None,
        "direction_name": DIRECTION_NAMES.get(ind.direction, ind.direction),
        "mode": "cumulative" if ind.cumulative else "annual" if ind.annual else "level",
        "revision": revision(ind),
    }


def _year(text: str | int | None, label: str) -> int | None:
    if text is None or isinstance(text, int):
        return text
    t = text.strip()
    if not t:
        return None
    if not (t.isascii() and t.isdigit() and len(t) == 4):
        raise IndicatorInputError(
            [FieldProblem(label, FIELD_LABELS[label], f"“{t}”不是四位年份", "请填写如 2030 的年份")]
        )
    return int(t)


def _fields(plan: Any, values: dict[str, Any]) -> IndicatorFields:
    """Form or JSON fields → the fields of an indicator (empty text: not given). Raises
    :class:`IndicatorInputError` listing every bad field, years included."""

    def text(key: str) -> str | None:
        value = values.get(key)
        if value is None:
            return None
        value = str(value).strip()
        return value or None

    mode = text("mode") or "level"
    problems: list[FieldProblem] = []
    if mode not in MODES:
        problems.append(
            FieldProblem("target", "目标性质", f"“{mode}”无效", "应为 level、annual 或 cumulative")
        )
        mode = "level"
    years: dict[str, int | None] = {}
    for key in ("baseline_year", "target_year"):
        try:
            years[key] = _year(values.get(key) if values.get(key) != "" else None, key)
        except IndicatorInputError as exc:
            problems.extend(exc.problems)
            years[key] = None
    baseline = values.get("baseline")
    target = values.get("target")
    fields = IndicatorFields(
        name=text("name") or "",
        unit=text("unit") or "",
        category=text("category"),
        attribute=text("attribute"),
        direction=text("direction"),
        baseline=baseline if isinstance(baseline, int | float) else text("baseline"),
        baseline_year=years["baseline_year"],
        target=target if isinstance(target, int | float) else text("target"),
        kind=text("kind"),
        target_year=years["target_year"],
        cumulative=True if mode == "cumulative" else None if mode == "level" else False,
        annual=True if mode == "annual" else None if mode == "level" else False,
        data_source=text("data_source"),
        department=text("department"),
    )
    try:
        build_indicator(plan, fields)
    except IndicatorInputError as exc:
        problems = [*exc.problems, *problems]
    if problems:
        raise IndicatorInputError(problems)
    return fields


def add(session: Session, plan_ref: str, values: dict[str, Any], *, by: User) -> dict[str, Any]:
    plan = find_plan(session, plan_ref)
    created = add_indicator(session, plan, _fields(plan, values), by=by)
    return indicator_json(created)


def _check_revision(current: Indicator, base: str | None) -> None:
    if base is not None and base.strip() and base.strip() != revision(current):
        raise ConflictError(
            f"指标“{current.name}”已被他人修改，本次修改未保存。",
            hint="页面已显示最新内容，请核对后重新修改。",
        )


def edit(
    session: Session, plan_ref: str, indicator_id: int, values: dict[str, Any], *, by: User, base: str | None
) -> dict[str, Any]:
    """Save the edit form (every field as shown). ``base`` is the revision the form was built from."""
    plan, current = find_indicator(session, plan_ref, indicator_id)
    _check_revision(current, base)
    if current.sample:
        raise InputError("示例数据不能修改。", hint="如不再需要，请在“监测指标”页删除示例数据。")
    fields = _fields(plan, values)
    draft = build_indicator(plan, replace(fields, source_quantity=current.source_quantity))
    if draft.name != current.name and IndicatorRepository(session).find(plan.id, draft.name) is not None:
        raise InputError(f"规划“{plan.name}”已有名为“{draft.name}”的指标。", hint="请换一个名称。")
    updated = replace_indicator(session, plan, current, draft, by=by)
    return indicator_json(updated)


def remove(
    session: Session, plan_ref: str, indicator_id: int, *, by: User, base: str | None
) -> dict[str, Any]:
    plan, current = find_indicator(session, plan_ref, indicator_id)
    _check_revision(current, base)
    removed = remove_indicator(session, plan, str(current.id), by=by)
    return {"removed": indicator_json(removed)}


def record_value(
    session: Session,
    plan_ref: str,
    indicator_id: int,
    *,
    period: str,
    value: str | float,
    source: str | None,
    note: str | None,
    by: User,
) -> dict[str, Any]:
    """录入一个年份（或季度）的数值; 完成 / 未完成 for a target set by the level above."""
    plan, current = find_indicator(session, plan_ref, indicator_id)
    if not str(period).strip():
        raise InputError("年份为空。", hint="请填写年份，如 2026。")
    if isinstance(value, str) and not value.strip():
        raise InputError("数值为空。", hint="请填写数字，如 3.2；上级下达任务的指标填“完成”或“未完成”。")
    recorded = record_observation(
        session, plan, str(current.id), str(period), value, source=source, note=note, by=by
    )
    o = recorded.observation
    return {
        "indicator": indicator_json(recorded.indicator),
        "observation": {"period": o.period, "value": o.value, "source": o.source, "note": o.note},
        "previous": None if recorded.previous is None else {"value": recorded.previous.value},
        "changed": recorded.changed,
    }


# -- from the plan's extracted target quantities ------------------------------------------------------


def trial(session: Session, view: PlanView) -> CreateResult:
    """The indicators the plan's extracted quantities would make, in a rolled-back trial: nothing
    is written."""
    existing = session.begin_nested()
    try:
        return create_from_quantities(session, view, by="preview")
    finally:
        existing.rollback()


def create_picked(session: Session, plan_ref: str, names: Iterable[str], *, by: User) -> dict[str, Any]:
    picked = [n.strip() for n in names if n and n.strip()]
    if not picked:
        raise InputError("没有选择任何指标。", hint="请勾选要创建的指标后再提交。")
    view = load_plan(session, plan_ref)
    offered = {i.name for i in trial(session, view).created}
    unknown = [n for n in picked if n not in offered]
    if unknown:
        raise InputError(
            "以下指标不在可创建的列表中：" + "、".join(f"“{n}”" for n in unknown) + "。",
            hint="列表可能已变化（如他人刚创建了同名指标），请刷新页面后重新勾选。",
        )
    result = create_from_quantities(session, view, by=by, only=set(picked))
    return {
        "created": [indicator_json(i) for i in result.created],
        "skipped": [{"name": s.name, "reason": s.reason} for s in result.skipped],
    }


# -- files: 主要指标表 and observations, preview then apply ----------------------------------------------


def _problem(p: Problem) -> dict[str, Any]:
    return {"where": p.where, "column": p.column, "reason": p.reason, "hint": p.hint, "text": str(p)}


def _table_row(row: TableRow) -> dict[str, Any]:
    draft = row.draft
    return {
        "where": row.where,
        "name": row.name,
        "category": row.category,
        "cells": row.cells,
        "action": row.action,
        "skip_reason": row.skip_reason,
        "problems": [_problem(p) for p in row.problems],
        "indicator": None
        if draft is None
        else {
            "unit": draft.unit,
            "attribute": draft.attribute,
            "direction_name": DIRECTION_NAMES.get(draft.direction, draft.direction),
            "baseline": draft.baseline_value,
            "baseline_year": draft.baseline_year,
            "target_text": format_target(draft),
            "target_kind_name": TARGET_KIND_NAMES.get(draft.target_kind, draft.target_kind),
            "target_year": draft.target_year,
            "relation_to": draft.relation_to,
        },
    }


def _sheet_row(row: SheetRow) -> dict[str, Any]:
    return {
        "where": row.where,
        "name": row.name,
        "indicator": row.indicator.name if row.indicator is not None else None,
        "values": [{"period": o.period, "value": o.value, "note": o.note} for o in row.values],
        "problems": [_problem(p) for p in row.problems],
        "action": "error" if row.problems else "record",
    }


def table_summary(plan: Any, checked: TablePlan) -> dict[str, Any]:
    rows = [_table_row(r) for r in checked.rows]
    return {
        "plan": plan_info(plan),
        "source": checked.source,
        "rows": rows,
        "counts": {
            "rows": len(rows),
            "create": sum(1 for r in rows if r["action"] == "create"),
            "skip": sum(1 for r in rows if r["action"] == "skip"),
            "error": checked.bad_rows,
        },
        "problems": [_problem(p) for p in checked.problems],
        "ok": not checked.problems,
    }


def table_apply(session: Session, plan_ref: str, data: bytes, filename: str, *, by: User) -> dict[str, Any]:
    """导入主要指标表: all rows or nothing (:class:`ImportRejected` listing every bad row)."""
    plan = find_plan(session, plan_ref)
    _, grids = grids_of(data, filename or "上传的文件", word=True)
    checked = plan_indicator_table(session, plan, grids, filename or "上传的文件")
    result = apply_indicator_table(session, checked, by=by)
    return {
        **table_summary(plan, checked),
        "created": [indicator_json(i) for i in result.created],
        "skipped": [{"name": n, "reason": r} for n, r in result.skipped],
    }


def read_sheet(session: Session, plan: Any, data: bytes, filename: str, source: str | None) -> SheetPlan:
    _, grids = grids_of(data, filename or "上传的文件", word=False)
    return plan_observations(session, plan, grids, filename or "上传的文件", source=source)


def sheet_summary(plan: Any, checked: SheetPlan) -> dict[str, Any]:
    rows = [_sheet_row(r) for r in checked.rows]
    periods: Sequence[str] = sort_periods({v["period"] for r in rows for v in r["values"]})
    return {
        "plan": plan_info(plan),
        "source": checked.source,
        "rows": rows,
        "periods": list(periods),
        "counts": {
            "rows": len(rows),
            "values": sum(len(r["values"]) for r in rows if not r["problems"]),
            "error": checked.bad_rows,
        },
        "problems": [_problem(p) for p in checked.problems],
        "ok": not checked.problems,
    }


def values_apply(
    session: Session, plan_ref: str, data: bytes, filename: str, *, by: User, source: str | None = None
) -> dict[str, Any]:
    """上传年度数据: every row or nothing (:class:`ImportRejected` listing every bad row)."""
    plan = find_plan(session, plan_ref)
    checked = read_sheet(session, plan, data, filename, source)
    result = apply_observations(session, plan, checked, by=by)
    return {
        **sheet_summary(plan, checked),
        "added": result.added,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
