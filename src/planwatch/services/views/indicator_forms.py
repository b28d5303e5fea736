"""Page data of the forms that build a plan's indicator system: the add / edit form, the
indicators the plan's target quantities would make (to pick from), and the previews of a 主要指标表
or a year's observations file (nothing written). The changes themselves are
``services/monitoring/indicator_edits.py``; each page and its JSON twin (web/routes/indicator_forms.py)
call the same functions.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import Indicator
from planwatch.model.monitoring import ATTRIBUTES, NUMERIC_TARGET_KINDS, TARGET_KIND_NAMES
from planwatch.services.monitoring import indicator_edits as edits
from planwatch.services.monitoring.grids import EXPECTED_TABLE, grids_of
from planwatch.services.monitoring.indicator_import import plan_indicator_table
from planwatch.services.monitoring.observation_import import EXPECTED_SHEET
from planwatch.services.monitoring.targets import DIRECTION_NAMES, format_number, format_target
from planwatch.services.plans.records import find_plan, load_plan
from planwatch.services.views.common import plan_info
from planwatch.store.monitoring import IndicatorRepository

ATTRIBUTE_CHOICES = ATTRIBUTES
DIRECTION_CHOICES = DIRECTION_NAMES
KIND_CHOICES = {k: TARGET_KIND_NAMES[k] for k in NUMERIC_TARGET_KINDS}


def form_values(ind: Indicator | None) -> dict[str, str]:
    """The edit form filled from an indicator (empty for a new one)."""
    if ind is None:
        return {f: "" for f in edits.FORM_FIELDS} | {"attribute": "预期性", "mode": "level"}
    numeric = ind.target_value is not None

    def number(value: float | None) -> str:
        return "" if value is None else format_number(value)

    if ind.target_kind in ("relative", "assigned"):
        target = ind.target_note or ""
    elif ind.target_kind == "range" and numeric:
        target = f"{number(ind.target_value)}-{number(ind.target_value_max)}"
    else:
        target = number(ind.target_value)
    return {
        "name": ind.name,
        "unit": ind.unit,
        "category": ind.category,
        "attribute": ind.attribute,
        "direction": ind.direction,
        "baseline": number(ind.baseline_value),
        "baseline_year": number(ind.baseline_year),
        "target": target,
        "kind": ind.target_kind if numeric and ind.target_kind != "range" else "",
        "target_year": number(ind.target_year),
        "mode": "cumulative" if ind.cumulative else "annual" if ind.annual else "level",
        "data_source": ind.data_source or "",
        "department": ind.department or "",
    }


def form_page(session: Session, plan_ref: str, indicator_id: int | None = None) -> dict[str, Any]:
    """新增 / 修改指标: the form's choices and, for an edit, the indicator and its revision."""
    plan = find_plan(session, plan_ref)
    ind = edits.find_indicator(session, plan_ref, indicator_id)[1] if indicator_id is not None else None
    return {
        "plan": plan_info(plan),
        "indicator": edits.indicator_json(ind) if ind is not None else None,
        "values": form_values(ind),
        "choices": {
            "attribute": list(ATTRIBUTE_CHOICES),
            "direction": DIRECTION_CHOICES,
            "kind": KIND_CHOICES,
            "mode": edits.MODES,
        },
    }


def candidates(session: Session, plan_ref: str) -> dict[str, Any]:
    """The indicators the plan's extracted quantities would make, for a person to pick from: each
    with its values, or the reason it cannot be one. Nothing is written (a rolled-back trial)."""
    view = load_plan(session, plan_ref)
    existing = {i.name for i in IndicatorRepository(session).indicators(view.plan.id)}
    result = edits.trial(session, view)
    rows = [
        {
            "name": ind.name,
            "unit": ind.unit,
            "category": ind.category,
            "attribute": ind.attribute,
            "baseline": ind.baseline_value,
            "baseline_year": ind.baseline_year,
            "target_text": format_target(ind),
            "target_year": ind.target_year,
            "has_target": ind.target_value is not None,
        }
        for ind in result.created
    ]
    skipped = [{"name": s.name, "reason": s.reason} for s in result.skipped if s.name not in existing]
    return {
        "plan": plan_info(view.plan),
        "candidates": rows,
        "skipped": skipped,
        "existing": sorted(existing),
    }


def file_form(session: Session, plan_ref: str, what: str, max_bytes: int) -> dict[str, Any]:
    """导入主要指标表 / 上传年度数据: what the upload takes (the pages' data before a file is sent)."""
    plan = find_plan(session, plan_ref)
    table = what == "table"
    return {
        "plan": plan_info(plan),
        "formats": ["docx", "xlsx", "csv"] if table else ["xlsx", "csv"],
        "header": EXPECTED_TABLE if table else EXPECTED_SHEET,
        "max_bytes": max_bytes,
        "steps": ["preview", "apply"],
    }


def table_preview(session: Session, plan_ref: str, data: bytes, filename: str) -> dict[str, Any]:
    """导入主要指标表 · 预览: every row, what it becomes, and row-level errors. Nothing is written."""
    plan = find_plan(session, plan_ref)
    _, grids = grids_of(data, filename or "上传的文件", word=True)
    checked = plan_indicator_table(session, plan, grids, filename or "上传的文件")
    return edits.table_summary(plan, checked)


def values_preview(
    session: Session, plan_ref: str, data: bytes, filename: str, source: str | None = None
) -> dict[str, Any]:
    """上传年度数据 · 预览: each row's values and row-level errors. Nothing is written."""
    plan = find_plan(session, plan_ref)
    return edits.sheet_summary(plan, edits.read_sheet(session, plan, data, filename, source))
