"""部门目录 (planners and admins): view and search the catalogue in force, edit, add and remove a unit,
load a YAML or Excel file after a preview, download it, and its history with restore.

Each page is one view serving the HTML and its JSON twin under /api/v1/catalogue; the form actions
and the JSON actions call the same service. Changes carry ``base``, the ``revision`` the client saw:
409 when someone saved in between. A unit with mistakes is refused with 400 and ``fields`` (field →
what is wrong); a spreadsheet with mistakes with 400 and ``problems`` (sheet, row, column, reason,
hint). Nothing is stored then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.extract.catalogue_sheet import SheetRejected
from planwatch.model import ConflictError, InputError, User
from planwatch.services.catalogue import admin as service
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner
from planwatch.web.forms import error_line, error_of, refusal
from planwatch.web.jsonreply import json_reply
from planwatch.web.params import DB, Config, Csrf
from planwatch.web.schemas.catalogue import (
    CataloguePage,
    HistoryPage,
    LoadResult,
    Preview,
    RemoveResult,
    RestoreResult,
    SaveResult,
    UnitPage,
)
from planwatch.web.templating import templates
from planwatch.web.twin import Area
from planwatch.web.urls import url

area = Area("catalogue")
Base = Annotated[int | None, Query(ge=0, description="您看到的目录版本（revision）/ the revision you saw")]
FormBase = Annotated[int | None, Form(ge=0)]
Name = Annotated[str, Query(max_length=200)]
Mode = Annotated[str, Form(max_length=10)]
Upload = Annotated[UploadFile | None, File(description="YAML 或 .xlsx 部门目录")]
Text = Annotated[str, Form(max_length=20_000)]
MAX_YAML = 4 * 1024 * 1024
ACCEPT = ".yaml,.yml,.xlsx,application/yaml,text/yaml,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ADMIN_NAV = {"active_admin": "catalogue"}

DONE = {
    "edit": "已保存单位“{}”。",
    "add": "已新增单位“{}”。",
    "remove": "已删除单位“{}”。",
    "load": "已加载部门目录 {}。",
    "restore": "已恢复部门目录的历史版本 {}。",
    "same": "单位“{}”没有改动。",
}


class UnitIn(BaseModel):
    """A unit's fields; lists may also be given as one text separated by 、，,；; or newlines."""

    name: str = Field(max_length=200)
    short: str = Field(max_length=100)
    kind: str = Field(max_length=40, description="party/government/district/park/other 或中文类别")
    duties: list[str] | str = Field(default_factory=list)
    aliases: list[str] | str = Field(default_factory=list)
    lead_domains: list[str] | str = Field(default_factory=list)
    role: str | None = Field(
        default=None,
        max_length=40,
        description="职能角色（roles.yaml 中的角色，如 发展改革）；不传则保持原值，空字符串表示清除 / role",
    )
    base: int | None = Field(default=None, ge=0, description="您看到的目录版本 / the revision you saw")


class UnitForm(BaseModel):
    """The unit form of the page: every field is text (lists separated by 、), ``original`` the unit's
    name before the edit (empty: a new unit)."""

    name: str = Field("", max_length=200)
    short: str = Field("", max_length=100)
    kind: str = Field("", max_length=40)
    duties: str = Field("", max_length=20_000)
    aliases: str = Field("", max_length=20_000)
    lead_domains: str = Field("", max_length=20_000)
    role: str = Field("", max_length=40)
    original: str = Field("", max_length=200)
    base: int | None = Field(None, ge=0)


class CatalogueIn(BaseModel):
    yaml: str = Field(max_length=MAX_YAML, description="YAML 部门目录（预览返回的 yaml）")
    source: str = Field(default="上传的部门目录", max_length=200)
    mode: str = Field(default="extend", description="replace 或 extend")
    base: int | None = Field(default=None, ge=0)


def _save(
    session: Session,
    settings: Settings,
    user: User,
    fields: BaseModel,
    original: str | None,
    base: int | None,
) -> dict[str, Any]:
    """A unit's form or JSON fields, saved (``original``: the unit changed, None: a new one)."""
    values = service.unit_from_form(fields.model_dump(exclude={"base", "original"}))
    return service.save_unit(session, settings, user, values, original=original, base=base)


def rejected(exc: InputError) -> JSONResponse:
    """400 with the error and, for a unit or a spreadsheet, every field or row that is wrong."""
    payload = refusal(exc)
    if isinstance(exc, service.UnitRejected):
        payload["fields"] = exc.fields
    if isinstance(exc, SheetRejected):
        payload["problems"] = [p.to_dict() for p in exc.problems]
    return JSONResponse(payload, status_code=400)


def read_file(upload: UploadFile | None, settings: Settings) -> tuple[bytes, str]:
    if upload is None:
        raise InputError("没有收到文件。", hint="请选择 YAML 或 Excel（.xlsx）格式的部门目录文件。")
    data = upload.file.read(settings.max_file_bytes + 1)
    if len(data) > settings.max_file_bytes:
        raise InputError(
            f"文件超过上限 {settings.max_file_bytes // (1024 * 1024)} MB。",
            where=upload.filename,
            hint="部门目录文件通常不到 1 MB；请检查是否选错了文件。",
        )
    return data, upload.filename or ""


def file_response(content: bytes, filename: str, media: str) -> Response:
    ascii_name = "departments." + filename.rsplit(".", 1)[-1]
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media, headers={"Content-Disposition": disposition})


def _done(code: str, what: str) -> Response:
    return RedirectResponse(url("catalogue", {"done": code, "what": what}), status_code=303)


def _catalogue_context(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    done, what = request.query_params.get("done"), request.query_params.get("what")
    return {
        "done": DONE[done].format(what or "") if done in DONE else None,
        # the twin of what is shown: the search, not the message of the last change
        "json_url": url("api.catalogue", {"q": data["q"] or None}),
        **ADMIN_NAV,
    }


@area.page(
    "/catalogue",
    template="catalogue.html",
    model=CataloguePage,
    context=_catalogue_context,
    summary="部门目录（按类别分组，可搜索）/ the catalogue in force, grouped",
)
def catalogue(
    session: DB, settings: Config, user: Planner, q: Annotated[str | None, Query(max_length=100)] = None
) -> dict[str, Any]:
    return service.catalogue_page(session, settings, q)


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
    values = {"data": data, "unit": unit, "adding": adding, "errors": errors or {}, "error": error}
    return templates.TemplateResponse(
        request, "catalogue_unit.html", {**values, "json_url": json_url, **ADMIN_NAV}, status_code=status
    )


@area.page(
    "/catalogue/unit",
    template="catalogue_unit.html",
    model=UnitPage,
    context=lambda request, data: {
        "unit": data["unit"],
        "adding": False,
        "errors": {},
        "error": None,
        **ADMIN_NAV,
    },
    summary="一个单位 / one unit, by name, short name or alias",
)
def catalogue_unit(session: DB, settings: Config, user: Planner, name: Name) -> dict[str, Any]:
    return service.unit_page(session, settings, name)


def _blank_unit(session: Session) -> dict[str, Any]:
    return {
        "revision": service.revision(session),
        "kinds": service.kind_choices(),
        "roles": service.role_choices(),
    }


@area.pages.get("/catalogue/new", response_class=HTMLResponse)
def new_unit_form(request: Request, session: DB, user: Planner) -> Response:
    return _unit_form(request, _blank_unit(session), adding=True, json_url=url("api.catalogue"))


@area.pages.post("/catalogue/unit", dependencies=[CSRF])
def save_unit(
    request: Request, session: DB, settings: Config, user: Planner, form: Annotated[UnitForm, Form()]
) -> Response:
    adding = not form.original
    try:
        result = _save(session, settings, user, form, form.original or None, form.base)
    except InputError as exc:
        session.rollback()
        values = service.unit_from_form(form.model_dump(exclude={"base", "original"}))
        typed = {
            **values,
            **{k: "、".join(values[k]) for k in ("duties", "aliases", "lead_domains")},
            "original": form.original,
        }
        fields = exc.fields if isinstance(exc, service.UnitRejected) else None
        status = 409 if isinstance(exc, ConflictError) else 400
        return _unit_form(
            request,
            _blank_unit(session),
            adding=adding,
            typed=typed,
            errors=fields,
            error=error_line(exc),
            status=status,
        )
    code = "add" if adding else ("edit" if result["changed"] else "same")
    return _done(code, result["unit"]["name"])


@area.api.put(
    "/catalogue/unit",
    summary="修改一个单位 / change one unit",
    response_model=SaveResult,
    name="api.edit_unit",
    dependencies=[CSRF],
)
def edit_unit(body: UnitIn, session: DB, settings: Config, user: Planner, name: Name) -> Any:
    try:
        return json_reply(_save(session, settings, user, body, name, body.base))
    except service.UnitRejected as exc:
        return rejected(exc)


@area.api.post(
    "/catalogue/units",
    summary="新增一个单位 / add a unit",
    status_code=201,
    response_model=SaveResult,
    name="api.add_unit",
    dependencies=[CSRF],
)
def add_unit(body: UnitIn, session: DB, settings: Config, user: Planner) -> Any:
    try:
        return json_reply(_save(session, settings, user, body, None, body.base), status_code=201)
    except service.UnitRejected as exc:
        return rejected(exc)


@area.pages.post("/catalogue/unit/remove", dependencies=[CSRF])
def remove_unit(
    session: DB,
    settings: Config,
    user: Planner,
    name: Annotated[str, Form(max_length=200)],
    base: FormBase = None,
) -> Response:
    result = service.remove_unit(session, settings, user, name, base=base)
    return _done("remove", result["removed"]["name"])


@area.api.delete(
    "/catalogue/unit",
    summary="删除一个单位 / remove a unit",
    response_model=RemoveResult,
    name="api.remove_unit",
    dependencies=[CSRF],
)
def remove_unit_api(session: DB, settings: Config, user: Planner, name: Name, base: Base = None) -> Response:
    return json_reply(service.remove_unit(session, settings, user, name, base=base))


def _upload_page(request: Request, status: int = 200, **context: Any) -> Response:
    base = {"accept": ACCEPT, "json_url": None, "mode": "extend", **ADMIN_NAV}
    return templates.TemplateResponse(
        request, "catalogue_upload.html", {**base, **context}, status_code=status
    )


@area.pages.get("/catalogue/upload", response_class=HTMLResponse)
def upload_form(request: Request, user: Planner) -> Response:
    return _upload_page(request)


@area.pages.post("/catalogue/upload", response_class=HTMLResponse, dependencies=[CSRF])
def upload_preview(
    request: Request, session: DB, settings: Config, user: Planner, file: Upload = None, mode: Mode = "extend"
) -> Response:
    try:
        data, filename = read_file(file, settings)
        preview = service.preview_upload(session, settings, data, filename, mode)
    except InputError as exc:
        problems = [p.to_dict() for p in exc.problems] if isinstance(exc, SheetRejected) else []
        return _upload_page(request, 400, error=error_of(exc), problems=problems, mode=mode)
    return _upload_page(request, preview=preview, mode=mode)


def _from_file(
    session: Session, settings: Settings, file: UploadFile | None, use: Callable[[bytes, str], dict[str, Any]]
) -> Response:
    """The JSON reply to a catalogue file given to ``use`` (its bytes and name); a bad file or
    catalogue is a 400 with what is wrong, and nothing of it is stored (a conflict stays a 409)."""
    try:
        data, filename = read_file(file, settings)
        return json_reply(use(data, filename))
    except ConflictError:
        raise
    except InputError as exc:
        session.rollback()
        return rejected(exc)


@area.api.post(
    "/catalogue/preview",
    summary="预览加载文件后的变化（不保存）/ what loading a file would change",
    response_model=Preview,
)
def preview(
    session: DB,
    settings: Config,
    user: Planner,
    file: Upload = None,
    mode: Mode = "extend",
    _csrf: Csrf = None,
) -> Any:
    return _from_file(
        session,
        settings,
        file,
        lambda data, name: service.preview_upload(session, settings, data, name, mode),
    )


@area.api.post(
    "/catalogue/load",
    summary="加载 YAML 或 Excel 部门目录 / load a catalogue file",
    response_model=LoadResult,
)
def load(
    session: DB,
    settings: Config,
    user: Planner,
    file: Upload = None,
    mode: Mode = "extend",
    base: FormBase = None,
    _csrf: Csrf = None,
) -> Any:
    return _from_file(
        session,
        settings,
        file,
        lambda data, name: service.load_upload(session, settings, user, data, name, mode=mode, base=base),
    )


def _apply(session: Session, settings: Settings, user: User, body: CatalogueIn) -> dict[str, Any]:
    return service.apply_catalogue(
        session, settings, user, body.yaml, source=body.source, mode=body.mode, base=body.base
    )


@area.pages.post("/catalogue/apply", dependencies=[CSRF])
def apply_upload(
    request: Request, session: DB, settings: Config, user: Planner, form: Annotated[CatalogueIn, Form()]
) -> Response:
    try:
        _apply(session, settings, user, form)
    except InputError as exc:
        session.rollback()
        status = 409 if isinstance(exc, ConflictError) else 400
        return _upload_page(request, status, error=refusal(exc), mode=form.mode)
    return _done("load", form.source)


@area.api.post(
    "/catalogue/apply",
    summary="应用预览过的部门目录 / apply a previewed catalogue",
    response_model=LoadResult,
    name="api.apply_upload",
    dependencies=[CSRF],
)
def apply_upload_api(body: CatalogueIn, session: DB, settings: Config, user: Planner) -> Response:
    return json_reply(_apply(session, settings, user, body))


@area.pages.get("/catalogue/export.{fmt}", name="catalogue_export")
def export(fmt: str, session: DB, settings: Config, user: Planner) -> Response:
    return file_response(*service.download(session, settings, fmt))


@area.api.get(
    "/catalogue/export",
    summary="下载部门目录（yaml 或 xlsx）/ download the catalogue",
    name="api.catalogue_export",
    response_class=Response,
)
def export_api(
    session: DB,
    settings: Config,
    user: Planner,
    format: Annotated[str, Query(pattern="^(yaml|xlsx)$")] = "yaml",
) -> Response:
    return file_response(*service.download(session, settings, format))


@area.page(
    "/catalogue/history",
    template="catalogue_history.html",
    model=HistoryPage,
    context=lambda request, data: ADMIN_NAV,
    summary="部门目录的历史版本与操作记录 / versions and changes",
)
def catalogue_history(session: DB, settings: Config, user: Planner) -> dict[str, Any]:
    return service.history_page(session, settings)


@area.pages.post("/catalogue/history/{record_id}/restore", dependencies=[CSRF])
def restore(record_id: int, session: DB, settings: Config, user: Planner, base: FormBase = None) -> Response:
    service.restore_version(session, settings, user, record_id, base=base)
    return _done("restore", f"#{record_id}" if record_id else "（系统自带目录）")


@area.api.post(
    "/catalogue/history/{record_id}/restore",
    summary="恢复一个历史版本（0 为系统自带目录）/ restore a version (0: the shipped one)",
    response_model=RestoreResult,
    name="api.restore",
    dependencies=[CSRF],
)
def restore_api(record_id: int, session: DB, settings: Config, user: Planner, base: Base = None) -> Response:
    return json_reply(service.restore_version(session, settings, user, record_id, base=base))
