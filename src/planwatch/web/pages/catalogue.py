"""部门目录 pages (planners and admins): view and search the catalogue in force, edit, add and remove
a unit, load a YAML or Excel file after a preview, download it, and its history with restore.

Each page's data comes from the same ``services.catalogue_admin`` call as its JSON twin under
/api/v1/catalogue. Every form carries the CSRF token and the ``revision`` it was built from.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from planwatch.extract.catalogue_sheet import SheetRejected
from planwatch.model import ConflictError, InputError
from planwatch.services.catalogue import admin as service
from planwatch.settings import Settings
from planwatch.web.api.catalogue import MAX_YAML, file_response, read_file
from planwatch.web.deps import CSRF, Planner, db_session, settings_of
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
Text = Annotated[str, Form(max_length=20_000)]
ACCEPT = ".yaml,.yml,.xlsx,application/yaml,text/yaml,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DONE = {
    "edit": "已保存单位“{}”。",
    "add": "已新增单位“{}”。",
    "remove": "已删除单位“{}”。",
    "load": "已加载部门目录 {}。",
    "restore": "已恢复部门目录的历史版本 {}。",
    "same": "单位“{}”没有改动。",
}


def _done(code: str, what: str) -> Response:
    query = urlencode({"done": code, "what": what})
    return RedirectResponse(f"/catalogue?{query}", status_code=303)


def _error(exc: InputError) -> str:
    return exc.message + (f"（{exc.hint}）" if exc.hint else "")


@router.get("/catalogue", response_class=HTMLResponse)
def catalogue_page(
    request: Request,
    session: DB,
    settings: Config,
    user: Planner,
    q: Annotated[str | None, Query(max_length=100)] = None,
    done: str | None = None,
    what: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    data = service.catalogue_page(session, settings, q)
    message = DONE[done].format(what or "") if done in DONE else None
    json_url = "/api/v1/catalogue" + (f"?{urlencode({'q': q})}" if q else "")
    return templates.TemplateResponse(
        request,
        "catalogue.html",
        {"data": data, "done": message, "json_url": json_url, "active_admin": "catalogue"},
    )


def _unit_form(
    request: Request,
    data: dict[str, Any],
    *,
    adding: bool,
    typed: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
    json_url: str | None = None,
) -> Response:
    unit = typed or data.get("unit") or {"name": "", "short": "", "kind": "government"}
    return templates.TemplateResponse(
        request,
        "catalogue_unit.html",
        {
            "data": data,
            "unit": unit,
            "adding": adding,
            "errors": errors or {},
            "error": error,
            "json_url": json_url,
            "active_admin": "catalogue",
        },
        status_code=status,
    )


def _typed(values: dict[str, Any]) -> dict[str, Any]:
    return {**values, **{k: "、".join(values[k]) for k in ("duties", "aliases", "lead_domains")}}


@router.get("/catalogue/unit", response_class=HTMLResponse)
def unit_form(
    request: Request,
    session: DB,
    settings: Config,
    user: Planner,
    name: Annotated[str, Query(max_length=200)],
) -> Response:
    data = service.unit_page(session, settings, name)
    return _unit_form(
        request, data, adding=False, json_url="/api/v1/catalogue/unit?" + urlencode({"name": name})
    )


@router.get("/catalogue/new", response_class=HTMLResponse)
def new_unit_form(request: Request, session: DB, settings: Config, user: Planner) -> Response:
    data = {
        "revision": service.revision(session),
        "kinds": service.kind_choices(),
        "roles": service.role_choices(),
    }
    return _unit_form(request, data, adding=True, json_url="/api/v1/catalogue")


@router.post("/catalogue/unit", dependencies=[CSRF])
def save_unit(
    request: Request,
    session: DB,
    settings: Config,
    user: Planner,
    name: Annotated[str, Form(max_length=200)] = "",
    short: Annotated[str, Form(max_length=100)] = "",
    kind: Annotated[str, Form(max_length=40)] = "",
    duties: Text = "",
    aliases: Text = "",
    lead_domains: Text = "",
    role: Annotated[str, Form(max_length=40)] = "",
    original: Annotated[str, Form(max_length=200)] = "",
    base: Annotated[int | None, Form(ge=0)] = None,
) -> Response:
    values = service.unit_from_form(
        {
            "name": name,
            "short": short,
            "kind": kind,
            "duties": duties,
            "aliases": aliases,
            "lead_domains": lead_domains,
            "role": role,
        }
    )
    adding = not original
    try:
        result = service.save_unit(session, settings, user, values, original=original or None, base=base)
    except InputError as exc:
        session.rollback()
        data = {
            "revision": service.revision(session),
            "kinds": service.kind_choices(),
            "roles": service.role_choices(),
        }
        typed = {**_typed(values), "original": original}
        if isinstance(exc, service.UnitRejected):
            return _unit_form(
                request, data, adding=adding, typed=typed, errors=exc.fields, error=_error(exc), status=400
            )
        status = 409 if isinstance(exc, ConflictError) else 400
        return _unit_form(request, data, adding=adding, typed=typed, error=_error(exc), status=status)
    code = "add" if adding else ("edit" if result["changed"] else "same")
    return _done(code, result["unit"]["name"])


@router.post("/catalogue/unit/remove", dependencies=[CSRF])
def remove_unit(
    session: DB,
    settings: Config,
    user: Planner,
    name: Annotated[str, Form(max_length=200)],
    base: Annotated[int | None, Form(ge=0)] = None,
) -> Response:
    result = service.remove_unit(session, settings, user, name, base=base)
    return _done("remove", result["removed"]["name"])


def _upload_page(request: Request, status: int = 200, **context: Any) -> Response:
    base = {"accept": ACCEPT, "json_url": None, "active_admin": "catalogue", "mode": "extend"}
    return templates.TemplateResponse(
        request, "catalogue_upload.html", {**base, **context}, status_code=status
    )


@router.get("/catalogue/upload", response_class=HTMLResponse)
def upload_form(request: Request, user: Planner) -> Response:
    return _upload_page(request)


@router.post("/catalogue/upload", response_class=HTMLResponse, dependencies=[CSRF])
def upload_preview(
    request: Request,
    session: DB,
    settings: Config,
    user: Planner,
    file: Annotated[UploadFile | None, File()] = None,
    mode: Annotated[str, Form(max_length=10)] = "extend",
) -> Response:
    try:
        data, filename = read_file(file, settings)
        preview = service.preview_upload(session, settings, data, filename, mode)
    except InputError as exc:
        problems = [p.to_dict() for p in exc.problems] if isinstance(exc, SheetRejected) else []
        error = {"error": exc.message.split("\n", 1)[0], "where": exc.where, "hint": exc.hint}
        return _upload_page(request, 400, error=error, problems=problems, mode=mode)
    return _upload_page(request, preview=preview, mode=mode)


@router.post("/catalogue/apply", dependencies=[CSRF])
def apply_upload(
    request: Request,
    session: DB,
    settings: Config,
    user: Planner,
    yaml: Annotated[str, Form(max_length=MAX_YAML)],
    source: Annotated[str, Form(max_length=200)] = "上传的部门目录",
    mode: Annotated[str, Form(max_length=10)] = "extend",
    base: Annotated[int | None, Form(ge=0)] = None,
) -> Response:
    try:
        service.apply_catalogue(session, settings, user, yaml, source=source, mode=mode, base=base)
    except InputError as exc:
        session.rollback()
        status = 409 if isinstance(exc, ConflictError) else 400
        error = {"error": exc.message, "where": exc.where, "hint": exc.hint}
        return _upload_page(request, status, error=error, mode=mode)
    return _done("load", source)


@router.get("/catalogue/export.{fmt}")
def export(fmt: str, session: DB, settings: Config, user: Planner) -> Response:
    return file_response(*service.download(session, settings, fmt))


@router.get("/catalogue/history", response_class=HTMLResponse)
def history_page(request: Request, session: DB, settings: Config, user: Planner) -> Response:
    data = service.history_page(session, settings)
    return templates.TemplateResponse(
        request,
        "catalogue_history.html",
        {"data": data, "json_url": "/api/v1/catalogue/history", "active_admin": "catalogue"},
    )


@router.post("/catalogue/history/{record_id}/restore", dependencies=[CSRF])
def restore(
    record_id: int,
    session: DB,
    settings: Config,
    user: Planner,
    base: Annotated[int | None, Form(ge=0)] = None,
) -> Response:
    service.restore_version(session, settings, user, record_id, base=base)
    return _done("restore", f"#{record_id}" if record_id else "（系统自带目录）")
