"""Building the indicator system over JSON (planners): the twins of the pages in
web/pages/indicator_forms.py, from the same service calls.

Optimistic locking as for tasks: the edit form's data carries the indicator's ``revision`` (also the
``ETag``); PUT and DELETE with that revision (``If-Match`` or ``"base"``) are refused with 409 when
someone else changed the indicator in between. File imports take ``apply=false`` (a preview, nothing
written) or ``apply=true`` (all rows or nothing: 400 with every bad row in ``problems``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Header, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.model import InputError
from planwatch.services.monitoring.build import IndicatorInputError
from planwatch.services.monitoring.indicator_import import ImportRejected
from planwatch.services.views import indicator_forms as views
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner, db_session, settings_of
from planwatch.web.uploads import read_upload

router = APIRouter(tags=["indicators"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
IfMatch = Annotated[str | None, Header(max_length=100, description="修改表单数据中的 revision（ETag）")]


class IndicatorBody(BaseModel):
    """An indicator as the form has it. Numbers may be given as numbers or as table cells."""

    name: str = Field(..., max_length=200, description="指标名称")
    unit: str = Field("", max_length=50)
    category: str | None = Field(None, max_length=50)
    attribute: str | None = Field(None, max_length=10, description="预期性 / 约束性")
    direction: str | None = Field(None, max_length=20, description="increase / decrease")
    baseline: float | str | None = Field(None, description="基期值")
    baseline_year: int | None = Field(None, ge=1949, le=2100)
    target: float | str | None = Field(
        None,
        description="目标值：3%以上、5左右、〔13〕、高于地区生产总值增长、与经济增长同步、完成省下达任务",
    )
    kind: str | None = Field(None, max_length=20, description="at_least / at_most / about / range / exact")
    target_year: int | None = Field(None, ge=1949, le=2100)
    mode: str = Field(
        "level", max_length=20, description="level（期末值）/ annual（年均）/ cumulative（五年累计）"
    )
    data_source: str | None = Field(None, max_length=200)
    department: str | None = Field(None, max_length=200)


class EditBody(IndicatorBody):
    base: str | None = Field(None, max_length=64, description="看到的 revision；他人已修改时返回 409")


class ValueBody(BaseModel):
    period: str = Field(..., max_length=16, description="年份 2026 或季度 2026Q3")
    value: float | str = Field(..., description="数值；上级下达任务的指标可为“完成”/“未完成”")
    source: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=200)


class PickBody(BaseModel):
    names: list[str] = Field(..., max_length=500, description="要创建的指标名称（来自 GET 的 candidates）")


def _base(if_match: str | None, body_base: str | None = None) -> str | None:
    header = if_match.strip().removeprefix("W/").strip('"') if if_match and if_match.strip() != "*" else None
    if header and body_base and header != body_base:
        raise InputError("If-Match 与 base 不一致。", hint="只发送其中一个，或让两者相同。")
    return header or body_base


def _rejected(exc: InputError) -> JSONResponse:
    payload: dict[str, Any] = {"error": exc.message, "where": exc.where, "hint": exc.hint}
    if isinstance(exc, ImportRejected):
        payload["problems"] = [
            {"where": p.where, "column": p.column, "reason": p.reason, "hint": p.hint, "text": str(p)}
            for p in exc.problems
        ]
    if isinstance(exc, IndicatorInputError):
        payload["problems"] = [
            {"field": p.field, "label": p.label, "reason": p.reason, "hint": p.hint, "text": str(p)}
            for p in exc.problems
        ]
    return JSONResponse(payload, status_code=400)


@router.get("/plans/{plan}/monitoring/indicators/new", summary="新增指标表单的选项 / choices of the add form")
def new_form(plan: str, session: DB, user: Planner) -> dict[str, Any]:
    return views.form_page(session, plan)


@router.post("/plans/{plan}/monitoring/indicators", summary="新增指标 / add an indicator", status_code=201)
def add(
    plan: str, body: IndicatorBody, session: DB, user: Planner, _csrf: Annotated[None, CSRF] = None
) -> Any:
    try:
        return views.add(session, plan, body.model_dump(), by=user)
    except IndicatorInputError as exc:
        session.rollback()
        return _rejected(exc)


@router.get(
    "/plans/{plan}/monitoring/indicators/{indicator_id}/edit",
    summary="修改指标表单的数据（含 revision）/ the edit form's data",
)
def edit_form(plan: str, indicator_id: int, session: DB, user: Planner, response: Response) -> dict[str, Any]:
    data = views.form_page(session, plan, indicator_id)
    response.headers["ETag"] = f'"{data["indicator"]["revision"]}"'
    return data


@router.put(
    "/plans/{plan}/monitoring/indicators/{indicator_id}", summary="修改指标（整条）/ replace an indicator"
)
def edit(
    plan: str,
    indicator_id: int,
    body: EditBody,
    session: DB,
    user: Planner,
    if_match: IfMatch = None,
    _csrf: Annotated[None, CSRF] = None,
) -> Any:
    base = _base(if_match, body.base)
    try:
        return views.edit(session, plan, indicator_id, body.model_dump(exclude={"base"}), by=user, base=base)
    except IndicatorInputError as exc:
        session.rollback()
        return _rejected(exc)


@router.delete("/plans/{plan}/monitoring/indicators/{indicator_id}", summary="删除指标 / remove an indicator")
def remove(
    plan: str,
    indicator_id: int,
    session: DB,
    user: Planner,
    if_match: IfMatch = None,
    base: str | None = None,
    _csrf: Annotated[None, CSRF] = None,
) -> dict[str, Any]:
    return views.remove(session, plan, indicator_id, by=user, base=_base(if_match, base))


@router.post(
    "/plans/{plan}/monitoring/indicators/{indicator_id}/values",
    summary="录入一个年份的数值 / record a value",
    status_code=201,
)
def record(
    plan: str,
    indicator_id: int,
    body: ValueBody,
    session: DB,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
) -> dict[str, Any]:
    return views.record_value(
        session,
        plan,
        indicator_id,
        period=body.period,
        value=body.value,
        source=body.source,
        note=body.note,
        by=user,
    )


@router.get("/plans/{plan}/monitoring/from-plan", summary="可从规划目标创建的指标 / candidates from the plan")
def candidates(plan: str, session: DB, user: Planner) -> dict[str, Any]:
    return views.candidates(session, plan)


@router.post(
    "/plans/{plan}/monitoring/from-plan",
    summary="创建所选的指标 / create the picked candidates",
    status_code=201,
)
def create_picked(
    plan: str, body: PickBody, session: DB, user: Planner, _csrf: Annotated[None, CSRF] = None
) -> dict[str, Any]:
    return views.create_picked(session, plan, body.names, by=user)


def _file(
    session: Session,
    settings: Settings,
    plan: str,
    user: Any,
    file: UploadFile | None,
    apply: bool,
    what: str,
) -> Any:
    data, filename = read_upload(file, settings)
    try:
        if what == "table":
            if apply:
                return JSONResponse(
                    views.table_apply(session, plan, data, filename, by=user), status_code=201
                )
            return views.table_preview(session, plan, data, filename)
        if apply:
            return JSONResponse(views.values_apply(session, plan, data, filename, by=user), status_code=201)
        return views.values_preview(session, plan, data, filename)
    except ImportRejected as exc:
        session.rollback()
        return _rejected(exc)


@router.get(
    "/plans/{plan}/monitoring/import-table",
    summary="导入主要指标表页的说明（格式、大小）/ what the import takes",
)
def import_table_form(plan: str, session: DB, settings: Config, user: Planner) -> dict[str, Any]:
    return views.file_form(session, plan, "table", settings.max_file_bytes)


@router.get(
    "/plans/{plan}/monitoring/import-values",
    summary="上传年度数据页的说明（格式、大小）/ what the upload takes",
)
def import_values_form(plan: str, session: DB, settings: Config, user: Planner) -> dict[str, Any]:
    return views.file_form(session, plan, "values", settings.max_file_bytes)


@router.post(
    "/plans/{plan}/monitoring/import-table",
    summary="导入主要指标表（docx/xlsx）：预览或导入 / import a 主要指标表",
)
def import_table(
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="主要指标表（.docx、.xlsx 或 .csv）")] = None,
    apply: Annotated[bool, Form(description="false：只预览；true：导入（任何一行有错误则不导入）")] = False,
) -> Any:
    return _file(session, settings, plan, user, file, apply, "table")


@router.post(
    "/plans/{plan}/monitoring/import-values",
    summary="上传年度数据（xlsx/csv）：预览或录入 / import a year's observations",
)
def import_values(
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="数据表（.xlsx 或 .csv）")] = None,
    apply: Annotated[bool, Form(description="false：只预览；true：录入（任何一行有错误则不录入）")] = False,
) -> Any:
    return _file(session, settings, plan, user, file, apply, "values")
