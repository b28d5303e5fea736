"""Building the indicator system in the browser (planners): add, edit, remove an indicator, record a
value, create indicators from the plan's target quantities, import a 主要指标表 or a year's values
with a preview. The data is that of the JSON twins (web/api/indicators.py).

A file import is two posts: the upload gives a preview (nothing written); the preview's form sends
the same bytes back (base64 in a hidden field) with ``step=apply``, so what is applied is exactly what
was previewed, and a bad file is refused whole.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from planwatch.model import ConflictError, InputError, User
from planwatch.services.monitoring.build import IndicatorInputError
from planwatch.services.monitoring.indicator_import import ImportRejected
from planwatch.services.views import indicator_forms as views
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner, db_session, settings_of
from planwatch.web.templating import templates
from planwatch.web.uploads import read_upload

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
Text = Annotated[str, Form(max_length=500)]
TABLE_ACCEPT = ".docx,.xlsx,.csv"
VALUES_ACCEPT = ".xlsx,.csv"
MAX_PAYLOAD = 8 * 1024 * 1024  # base64 of an indicator file sent back from the preview


def error_of(exc: InputError) -> dict[str, Any]:
    """An error as the templates show it; an invalid indicator lists each field's problem."""
    problems = [str(p) for p in exc.problems] if isinstance(exc, IndicatorInputError) else []
    if isinstance(exc, ImportRejected):
        problems = [str(p) for p in exc.problems]
    return {"error": exc.message.split("\n")[0], "where": exc.where, "hint": exc.hint, "problems": problems}


def _form_fields(**values: str) -> dict[str, str]:
    return {k: values.get(k, "") for k in views.FORM_FIELDS}


def _form(
    request: Request,
    session: Session,
    plan: str,
    indicator_id: int | None,
    *,
    values: dict[str, str] | None = None,
    error: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    data = views.form_page(session, plan, indicator_id)
    if values is not None:
        data["values"] = values
    return templates.TemplateResponse(
        request,
        "indicator_form.html",
        {
            "data": data,
            "plan": data["plan"],
            "error": error,
            "json_url": f"/api/v1/plans/{plan}/monitoring/indicators/{indicator_id}/edit"
            if indicator_id is not None
            else f"/api/v1/plans/{plan}/monitoring/indicators/new",
            "active": "monitoring",
        },
        status_code=status_code,
    )


@router.get("/plans/{plan}/monitoring/indicators/new", response_class=HTMLResponse)
def new_form(request: Request, plan: str, session: DB, user: Planner) -> Response:
    return _form(request, session, plan, None)


@router.post("/plans/{plan}/monitoring/indicators/new", response_class=HTMLResponse)
def create(
    request: Request,
    plan: str,
    session: DB,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    name: Text = "",
    unit: Text = "",
    category: Text = "",
    attribute: Text = "",
    direction: Text = "",
    baseline: Text = "",
    baseline_year: Text = "",
    target: Text = "",
    kind: Text = "",
    target_year: Text = "",
    mode: Text = "",
    data_source: Text = "",
    department: Text = "",
) -> Response:
    values = _form_fields(**{k: v for k, v in locals().items() if k in views.FORM_FIELDS})
    try:
        created = views.add(session, plan, dict(values), by=user)
    except InputError as exc:
        session.rollback()
        return _form(request, session, plan, None, values=values, error=error_of(exc), status_code=400)
    return RedirectResponse(f"/plans/{plan}/monitoring/indicators/{created['id']}?saved=1", status_code=303)


@router.get("/plans/{plan}/monitoring/indicators/{indicator_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, plan: str, indicator_id: int, session: DB, user: Planner) -> Response:
    return _form(request, session, plan, indicator_id)


@router.post("/plans/{plan}/monitoring/indicators/{indicator_id}/edit", response_class=HTMLResponse)
def save(
    request: Request,
    plan: str,
    indicator_id: int,
    session: DB,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    base: Annotated[str, Form(max_length=64)] = "",
    name: Text = "",
    unit: Text = "",
    category: Text = "",
    attribute: Text = "",
    direction: Text = "",
    baseline: Text = "",
    baseline_year: Text = "",
    target: Text = "",
    kind: Text = "",
    target_year: Text = "",
    mode: Text = "",
    data_source: Text = "",
    department: Text = "",
) -> Response:
    values = _form_fields(**{k: v for k, v in locals().items() if k in views.FORM_FIELDS})
    try:
        views.edit(session, plan, indicator_id, dict(values), by=user, base=base)
    except InputError as exc:
        session.rollback()
        conflict = isinstance(exc, ConflictError)
        # after a conflict the form shows what is now stored, so saving again is a decision on it
        return _form(
            request,
            session,
            plan,
            indicator_id,
            values=None if conflict else values,
            error=error_of(exc),
            status_code=409 if conflict else 400,
        )
    return RedirectResponse(f"/plans/{plan}/monitoring/indicators/{indicator_id}?saved=1", status_code=303)


@router.post("/plans/{plan}/monitoring/indicators/{indicator_id}/delete", response_class=HTMLResponse)
def delete(
    request: Request,
    plan: str,
    indicator_id: int,
    session: DB,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    base: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    try:
        views.remove(session, plan, indicator_id, by=user, base=base)
    except ConflictError as exc:
        session.rollback()
        return _form(request, session, plan, indicator_id, error=error_of(exc), status_code=409)
    return RedirectResponse(f"/plans/{plan}/monitoring?removed=1", status_code=303)


@router.post("/plans/{plan}/monitoring/indicators/{indicator_id}/values", response_class=HTMLResponse)
def record(
    request: Request,
    plan: str,
    indicator_id: int,
    session: DB,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    period: Annotated[str, Form(max_length=16)] = "",
    value: Annotated[str, Form(max_length=64)] = "",
    source: Text = "",
    note: Text = "",
) -> Response:
    from planwatch.web.pages.monitoring import indicator_response

    try:
        views.record_value(
            session, plan, indicator_id, period=period, value=value, source=source, note=note, by=user
        )
    except InputError as exc:
        session.rollback()
        typed = {"period": period, "value": value, "source": source, "note": note}
        return indicator_response(
            request, session, plan, indicator_id, user, error=error_of(exc), typed=typed, status_code=400
        )
    return RedirectResponse(
        f"/plans/{plan}/monitoring/indicators/{indicator_id}?recorded={period}", status_code=303
    )


# -- from the plan's target quantities ---------------------------------------------------------------


def _candidates(
    request: Request,
    session: Session,
    plan: str,
    *,
    picked: list[str] | None = None,
    result: dict[str, Any] | None = None,
    error: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    data = views.candidates(session, plan)
    return templates.TemplateResponse(
        request,
        "indicator_candidates.html",
        {
            "data": data,
            "plan": data["plan"],
            "picked": set(picked or ()),
            "result": result,
            "error": error,
            "json_url": f"/api/v1/plans/{plan}/monitoring/from-plan",
            "active": "monitoring",
        },
        status_code=status_code,
    )


@router.get("/plans/{plan}/monitoring/from-plan", response_class=HTMLResponse)
def candidates(request: Request, plan: str, session: DB, user: Planner) -> Response:
    return _candidates(request, session, plan)


@router.post("/plans/{plan}/monitoring/from-plan", response_class=HTMLResponse)
async def create_picked(
    request: Request, plan: str, session: DB, user: Planner, _csrf: Annotated[None, CSRF] = None
) -> Response:
    form = await request.form()
    names = [str(v)[:200] for v in form.getlist("name")][:500]
    try:
        result = views.create_picked(session, plan, names, by=user)
    except InputError as exc:
        session.rollback()
        return _candidates(request, session, plan, picked=names, error=error_of(exc), status_code=400)
    return _candidates(request, session, plan, result=result)


# -- files with a preview ----------------------------------------------------------------------------

_FILES: dict[str, dict[str, Any]] = {
    "table": {
        "title": "导入主要指标表",
        "accept": TABLE_ACCEPT,
        "path": "import-table",
        "preview": views.table_preview,
        "apply": views.table_apply,
    },
    "values": {
        "title": "上传年度数据",
        "accept": VALUES_ACCEPT,
        "path": "import-values",
        "preview": views.values_preview,
        "apply": views.values_apply,
    },
}


def _file_page(
    request: Request,
    session: Session,
    settings: Settings,
    plan: str,
    what: str,
    *,
    preview: dict[str, Any] | None = None,
    payload: str = "",
    filename: str = "",
    result: dict[str, Any] | None = None,
    error: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    from planwatch.services.monitoring.indicators import find_plan
    from planwatch.services.views.common import plan_info

    spec = _FILES[what]
    info = plan_info(find_plan(session, plan))
    return templates.TemplateResponse(
        request,
        "indicator_import.html",
        {
            "what": what,
            "spec": spec,
            "plan": info,
            "preview": preview,
            "payload": payload,
            "filename": filename,
            "result": result,
            "error": error,
            "max_mb": settings.max_file_bytes // (1024 * 1024),
            "json_url": f"/api/v1/plans/{plan}/monitoring/{spec['path']}",
            "active": "monitoring",
        },
        status_code=status_code,
    )


def decode_payload(payload: str) -> bytes:
    try:
        return base64.b64decode(payload.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise InputError("表单中的文件内容已损坏。", hint="请重新选择文件上传。") from exc


def _file_routes(what: str) -> None:
    path = f"/plans/{{plan}}/monitoring/{_FILES[what]['path']}"

    @router.get(path, response_class=HTMLResponse, name=f"{what}_form")
    def form(request: Request, plan: str, session: DB, settings: Config, user: Planner) -> Response:
        return _file_page(request, session, settings, plan, what)

    @router.post(path, response_class=HTMLResponse, name=f"{what}_post")
    def post(
        request: Request,
        plan: str,
        session: DB,
        settings: Config,
        user: Planner,
        _csrf: Annotated[None, CSRF] = None,
        file: Annotated[UploadFile | None, File()] = None,
        step: Annotated[str, Form(max_length=16)] = "preview",
        payload: Annotated[str, Form(max_length=MAX_PAYLOAD)] = "",
        filename: Annotated[str, Form(max_length=300)] = "",
    ) -> Response:
        return _run_file(request, session, settings, plan, what, user, file, step, payload, filename)


def _run_file(
    request: Request,
    session: Session,
    settings: Settings,
    plan: str,
    what: str,
    user: User,
    file: UploadFile | None,
    step: str,
    payload: str,
    filename: str,
) -> Response:
    spec = _FILES[what]
    preview: dict[str, Any] | None = None
    try:
        if step == "apply":
            data = decode_payload(payload)
            if len(data) > settings.max_file_bytes:
                raise InputError("文件过大。", hint="请重新选择文件上传。")
        else:
            data, filename = read_upload(file, settings)
            payload = base64.b64encode(data).decode("ascii")
        preview = spec["preview"](session, plan, data, filename)
        if step != "apply":
            return _file_page(
                request, session, settings, plan, what, preview=preview, payload=payload, filename=filename
            )
        result = spec["apply"](session, plan, data, filename, by=user)
    except InputError as exc:
        session.rollback()
        return _file_page(
            request,
            session,
            settings,
            plan,
            what,
            preview=preview,
            payload=payload if preview else "",
            filename=filename,
            error=error_of(exc),
            status_code=400,
        )
    return _file_page(request, session, settings, plan, what, result=result)


for _what in _FILES:
    _file_routes(_what)
