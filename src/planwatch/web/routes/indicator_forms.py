"""Building the indicator system (planners): add, edit, remove an indicator, create indicators from
the plan's target quantities, import a 主要指标表 or a year's values with a preview. Each page has
its JSON twin; a form post and its JSON action take the same fields (:class:`IndicatorFields`) and
call the same service.

Optimistic locking as for tasks: the edit form's data carries the indicator's ``revision`` (also the
``ETag`` of its JSON); an edit or removal sent with that revision (the form's ``base``, ``If-Match``
or ``"base"``) is refused with 409 when someone else changed the indicator in between.

A file import on the page is two posts: the upload gives a preview (nothing written); the preview's
form sends the same bytes back (base64 in a hidden field) with ``step=apply``, so what is applied is
exactly what was previewed, and a bad file is refused whole. Over JSON, ``apply=false`` previews and
``apply=true`` imports (all rows or nothing: 400 with every bad row in ``problems``).
"""

# No ``from __future__ import annotations``: the file routes are declared inside ``_file_routes``, and
# FastAPI reads their parameters' descriptions (closure values) from the real annotations.
import base64
import binascii
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import File, Form, Header, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.model import ConflictError, InputError, User
from planwatch.services.monitoring import indicator_edits as edits
from planwatch.services.monitoring.build import IndicatorInputError
from planwatch.services.monitoring.grids import ImportRejected
from planwatch.services.views import indicator_forms as views
from planwatch.settings import Settings
from planwatch.web.deps import Planner
from planwatch.web.forms import error_of, refusal
from planwatch.web.jsonreply import json_reply
from planwatch.web.params import DB, Config, Csrf
from planwatch.web.schemas.indicator_forms import (
    CandidatesPage,
    Created,
    FileForm,
    FormPage,
    IndicatorRecord,
    Removed,
    TableApplied,
    TablePreview,
    ValuesApplied,
    ValuesPreview,
)
from planwatch.web.templating import templates
from planwatch.web.twin import Area
from planwatch.web.uploads import max_mb, read_upload
from planwatch.web.urls import url

area = Area("indicators")
IfMatch = Annotated[str | None, Header(max_length=100, description="修改表单数据中的 revision（ETag）")]
MAX_PAYLOAD = 8 * 1024 * 1024  # base64 of an indicator file sent back from the preview
Year = Annotated[int, Field(ge=1949, le=2100)] | str | None


class IndicatorFields(BaseModel):
    """An indicator as the form or a JSON client has it. Numbers may be given as numbers or as
    table cells; empty text is "not given" and the service says in Chinese what is missing."""

    name: str = Field("", max_length=200, description="指标名称")
    unit: str = Field("", max_length=50)
    category: str | None = Field(None, max_length=50)
    attribute: str | None = Field(None, max_length=10, description="预期性 / 约束性")
    direction: str | None = Field(None, max_length=20, description="increase / decrease")
    baseline: float | str | None = Field(None, description="基期值")
    baseline_year: Year = None
    target: float | str | None = Field(
        None,
        description="目标值：3%以上、5左右、〔13〕、高于地区生产总值增长、与经济增长同步、完成省下达任务",
    )
    kind: str | None = Field(None, max_length=20, description="at_least / at_most / about / range / exact")
    target_year: Year = None
    mode: str = Field(
        "level", max_length=20, description="level（期末值）/ annual（年均）/ cumulative（五年累计）"
    )
    data_source: str | None = Field(None, max_length=200)
    department: str | None = Field(None, max_length=200)

    def values(self) -> dict[str, Any]:
        return self.model_dump(include=set(edits.FORM_FIELDS))

    def typed(self) -> dict[str, str]:
        """What the form shows again after a refused post."""
        return {k: "" if v is None else str(v) for k, v in self.values().items()}


class EditFields(IndicatorFields):
    base: str | None = Field(None, max_length=64, description="看到的 revision；他人已修改时返回 409")


class PickBody(BaseModel):
    names: list[str] = Field(..., max_length=500, description="要创建的指标名称（来自 GET 的 candidates）")


def _base(if_match: str | None, body_base: str | None = None) -> str | None:
    header = if_match.strip().removeprefix("W/").strip('"') if if_match and if_match.strip() != "*" else None
    if header and body_base and header != body_base:
        raise InputError("If-Match 与 base 不一致。", hint="只发送其中一个，或让两者相同。")
    return header or body_base


def _rejected(exc: InputError) -> JSONResponse:
    payload = refusal(exc)
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


def _page(request: Request, template: str, values: dict[str, Any], status_code: int) -> Response:
    """A page rendered again after a refused post: the twin's data with what the post left."""
    return templates.TemplateResponse(
        request, template, {"active": "monitoring", **values}, status_code=status_code
    )


# -- add, edit, remove ---------------------------------------------------------------------------------


@area.page(
    "/plans/{plan}/monitoring/indicators/new",
    template="indicator_form.html",
    active="monitoring",
    model=FormPage,
    context=lambda request, data: {"error": None},
    summary="新增指标表单的选项 / choices of the add form",
)
def indicator_new(plan: str, session: DB, user: Planner) -> dict[str, Any]:
    return views.form_page(session, plan)


@area.page(
    "/plans/{plan}/monitoring/indicators/{indicator_id}/edit",
    template="indicator_form.html",
    active="monitoring",
    model=FormPage,
    context=lambda request, data: {"error": None},
    headers=lambda data: {"ETag": f'"{data["indicator"]["revision"]}"'},
    summary="修改指标表单的数据（含 revision）/ the edit form's data",
)
def indicator_edit(plan: str, indicator_id: int, session: DB, user: Planner) -> dict[str, Any]:
    return views.form_page(session, plan, indicator_id)


def _form_again(
    request: Request,
    session: Session,
    plan: str,
    indicator_id: int | None,
    exc: InputError,
    *,
    values: dict[str, str] | None,
    status_code: int,
) -> Response:
    data = views.form_page(session, plan, indicator_id)
    if values is not None:
        data["values"] = values
    twin = (
        url("api.indicator_new", plan=plan)
        if indicator_id is None
        else url("api.indicator_edit", plan=plan, indicator_id=indicator_id)
    )
    context = {"data": data, "plan": data["plan"], "error": error_of(exc), "json_url": twin}
    return _page(request, "indicator_form.html", context, status_code)


@area.pages.post("/plans/{plan}/monitoring/indicators/new", response_class=HTMLResponse)
def create_form(
    request: Request,
    plan: str,
    session: DB,
    user: Planner,
    fields: Annotated[IndicatorFields, Form()],
    _csrf: Csrf = None,
) -> Response:
    try:
        created = edits.add(session, plan, fields.values(), by=user)
    except InputError as exc:
        session.rollback()
        return _form_again(request, session, plan, None, exc, values=fields.typed(), status_code=400)
    page = url("monitoring_indicator", {"saved": 1}, plan=plan, indicator_id=created["id"])
    return RedirectResponse(page, status_code=303)


@area.api.post(
    "/plans/{plan}/monitoring/indicators",
    summary="新增指标 / add an indicator",
    status_code=201,
    response_model=IndicatorRecord,
)
def add(plan: str, body: IndicatorFields, session: DB, user: Planner, _csrf: Csrf = None) -> Response:
    try:
        return json_reply(edits.add(session, plan, body.values(), by=user), status_code=201)
    except IndicatorInputError as exc:
        session.rollback()
        return _rejected(exc)


@area.pages.post("/plans/{plan}/monitoring/indicators/{indicator_id}/edit", response_class=HTMLResponse)
def save_form(
    request: Request,
    plan: str,
    indicator_id: int,
    session: DB,
    user: Planner,
    fields: Annotated[EditFields, Form()],
    _csrf: Csrf = None,
) -> Response:
    try:
        edits.edit(session, plan, indicator_id, fields.values(), by=user, base=fields.base or "")
    except InputError as exc:
        session.rollback()
        conflict = isinstance(exc, ConflictError)
        # after a conflict the form shows what is now stored, so saving again is a decision on it
        return _form_again(
            request,
            session,
            plan,
            indicator_id,
            exc,
            values=None if conflict else fields.typed(),
            status_code=409 if conflict else 400,
        )
    page = url("monitoring_indicator", {"saved": 1}, plan=plan, indicator_id=indicator_id)
    return RedirectResponse(page, status_code=303)


@area.api.put(
    "/plans/{plan}/monitoring/indicators/{indicator_id}",
    summary="修改指标（整条）/ replace an indicator",
    response_model=IndicatorRecord,
)
def edit(
    plan: str,
    indicator_id: int,
    body: EditFields,
    session: DB,
    user: Planner,
    if_match: IfMatch = None,
    _csrf: Csrf = None,
) -> Response:
    base = _base(if_match, body.base)
    try:
        return json_reply(edits.edit(session, plan, indicator_id, body.values(), by=user, base=base))
    except IndicatorInputError as exc:
        session.rollback()
        return _rejected(exc)


@area.pages.post("/plans/{plan}/monitoring/indicators/{indicator_id}/delete", response_class=HTMLResponse)
def delete_form(
    request: Request,
    plan: str,
    indicator_id: int,
    session: DB,
    user: Planner,
    _csrf: Csrf = None,
    base: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    try:
        edits.remove(session, plan, indicator_id, by=user, base=base)
    except ConflictError as exc:
        session.rollback()
        return _form_again(request, session, plan, indicator_id, exc, values=None, status_code=409)
    return RedirectResponse(url("monitoring", {"removed": 1}, plan=plan), status_code=303)


@area.api.delete(
    "/plans/{plan}/monitoring/indicators/{indicator_id}",
    summary="删除指标 / remove an indicator",
    response_model=Removed,
)
def remove(
    plan: str,
    indicator_id: int,
    session: DB,
    user: Planner,
    if_match: IfMatch = None,
    base: str | None = None,
    _csrf: Csrf = None,
) -> Response:
    return json_reply(edits.remove(session, plan, indicator_id, by=user, base=_base(if_match, base)))


# -- from the plan's target quantities ---------------------------------------------------------------


def _candidates_context(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    return {"picked": set(), "result": None, "error": None}


@area.page(
    "/plans/{plan}/monitoring/from-plan",
    template="indicator_candidates.html",
    active="monitoring",
    model=CandidatesPage,
    context=_candidates_context,
    summary="可从规划目标创建的指标 / candidates from the plan",
)
def indicator_candidates(plan: str, session: DB, user: Planner) -> dict[str, Any]:
    return views.candidates(session, plan)


@area.pages.post("/plans/{plan}/monitoring/from-plan", response_class=HTMLResponse)
async def create_picked_form(
    request: Request, plan: str, session: DB, user: Planner, _csrf: Csrf = None
) -> Response:
    form = await request.form()
    names = [str(v)[:200] for v in form.getlist("name")][:500]
    values: dict[str, Any] = {"picked": set(), "result": None, "error": None}
    status_code = 200
    try:
        values["result"] = edits.create_picked(session, plan, names, by=user)
    except InputError as exc:
        session.rollback()
        values.update(picked=set(names), error=error_of(exc))
        status_code = 400
    data = views.candidates(session, plan)
    twin = url("api.indicator_candidates", plan=plan)
    return _page(
        request,
        "indicator_candidates.html",
        {"data": data, "plan": data["plan"], "json_url": twin, **values},
        status_code,
    )


@area.api.post(
    "/plans/{plan}/monitoring/from-plan",
    summary="创建所选的指标 / create the picked candidates",
    status_code=201,
    response_model=Created,
)
def create_picked(plan: str, body: PickBody, session: DB, user: Planner, _csrf: Csrf = None) -> Response:
    return json_reply(edits.create_picked(session, plan, body.names, by=user), status_code=201)


# -- files with a preview ----------------------------------------------------------------------------


class FileKind:
    """One of the two file imports: its page's words, what it accepts and its two service steps."""

    def __init__(
        self,
        what: str,
        title: str,
        accept: str,
        preview: Callable[..., dict[str, Any]],
        apply: Callable[..., dict[str, Any]],
    ) -> None:
        self.what, self.title, self.accept, self.preview, self.apply = what, title, accept, preview, apply


TABLE = FileKind("table", "导入主要指标表", ".docx,.xlsx,.csv", views.table_preview, edits.table_apply)
VALUES = FileKind("values", "上传年度数据", ".xlsx,.csv", views.values_preview, edits.values_apply)


def _file_context(kind: FileKind, settings: Settings, **state: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "what": kind.what,
        "spec": {"title": kind.title, "accept": kind.accept},
        "preview": None,
        "payload": "",
        "filename": "",
        "result": None,
        "error": None,
        "max_mb": max_mb(settings),
    }
    return values | state


def _file_again(
    request: Request,
    session: Session,
    settings: Settings,
    plan: str,
    kind: FileKind,
    status_code: int = 200,
    **state: Any,
) -> Response:
    data = views.file_form(session, plan, kind.what, settings.max_file_bytes)
    twin = url(f"api.indicator_{kind.what}_import", plan=plan)
    values = {"data": data, "plan": data["plan"], "json_url": twin, **_file_context(kind, settings, **state)}
    return _page(request, "indicator_import.html", values, status_code)


def decode_payload(payload: str) -> bytes:
    try:
        return base64.b64decode(payload.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise InputError("表单中的文件内容已损坏。", hint="请重新选择文件上传。") from exc


def _run_file(
    request: Request,
    session: Session,
    settings: Settings,
    plan: str,
    kind: FileKind,
    user: User,
    file: UploadFile | None,
    step: str,
    payload: str,
    filename: str,
) -> Response:
    preview: dict[str, Any] | None = None
    try:
        if step == "apply":
            data = decode_payload(payload)
            if len(data) > settings.max_file_bytes:
                raise InputError("文件过大。", hint="请重新选择文件上传。")
        else:
            data, filename = read_upload(file, settings)
            payload = base64.b64encode(data).decode("ascii")
        preview = kind.preview(session, plan, data, filename)
        if step != "apply":
            return _file_again(
                request, session, settings, plan, kind, preview=preview, payload=payload, filename=filename
            )
        result = kind.apply(session, plan, data, filename, by=user)
    except InputError as exc:
        session.rollback()
        return _file_again(
            request,
            session,
            settings,
            plan,
            kind,
            400,
            preview=preview,
            payload=payload if preview else "",
            filename=filename,
            error=error_of(exc),
        )
    return _file_again(request, session, settings, plan, kind, result=result)


def _api_file(
    session: Session,
    settings: Settings,
    plan: str,
    user: User,
    file: UploadFile | None,
    apply: bool,
    kind: FileKind,
) -> Response:
    data, filename = read_upload(file, settings)
    try:
        if apply:
            return json_reply(kind.apply(session, plan, data, filename, by=user), status_code=201)
        return json_reply(kind.preview(session, plan, data, filename))
    except ImportRejected as exc:
        session.rollback()
        return _rejected(exc)


Step = Annotated[str, Form(max_length=16)]
Payload = Annotated[str, Form(max_length=MAX_PAYLOAD)]
FileName = Annotated[str, Form(max_length=300)]


def _file_routes(kind: FileKind, *, page: str, action: str, model: Any, upload: str, apply: str) -> None:
    """One file import's three routes at ``import-<what>``: the page (and its JSON twin), the page's
    form post (preview, then apply) and the JSON action; ``page`` and ``action`` are their OpenAPI
    summaries, ``upload`` and ``apply`` describe the JSON action's fields."""
    path = f"/plans/{{plan}}/monitoring/import-{kind.what}"

    def view(plan: str, session: DB, settings: Config, user: Planner) -> dict[str, Any]:
        return views.file_form(session, plan, kind.what, settings.max_file_bytes)

    view.__name__ = f"indicator_{kind.what}_import"
    area.page(
        path,
        template="indicator_import.html",
        active="monitoring",
        model=FileForm,
        context=lambda request, data: _file_context(kind, request.app.state.settings),
        summary=page,
    )(view)

    @area.pages.post(path, response_class=HTMLResponse, name=f"{kind.what}_post")
    def form_post(
        request: Request,
        plan: str,
        session: DB,
        settings: Config,
        user: Planner,
        _csrf: Csrf = None,
        file: Annotated[UploadFile | None, File()] = None,
        step: Step = "preview",
        payload: Payload = "",
        filename: FileName = "",
    ) -> Response:
        return _run_file(request, session, settings, plan, kind, user, file, step, payload, filename)

    @area.api.post(path, summary=action, response_model=model, name=f"import_{kind.what}")
    def import_file(
        plan: str,
        session: DB,
        settings: Config,
        user: Planner,
        _csrf: Csrf = None,
        file: Annotated[UploadFile | None, File(description=upload)] = None,
        apply: Annotated[bool, Form(description=apply)] = False,
    ) -> Response:
        return _api_file(session, settings, plan, user, file, apply, kind)


_file_routes(
    TABLE,
    page="导入主要指标表页的说明（格式、大小）/ what the import takes",
    action="导入主要指标表（docx/xlsx）：预览或导入 / import a 主要指标表",
    model=TablePreview | TableApplied,
    upload="主要指标表（.docx、.xlsx 或 .csv）",
    apply="false：只预览；true：导入（任何一行有错误则不导入）",
)
_file_routes(
    VALUES,
    page="上传年度数据页的说明（格式、大小）/ what the upload takes",
    action="上传年度数据（xlsx/csv）：预览或录入 / import a year's observations",
    model=ValuesPreview | ValuesApplied,
    upload="数据表（.xlsx 或 .csv）",
    apply="false：只预览；true：录入（任何一行有错误则不录入）",
)
