"""部门目录 over JSON (planners and admins): the JSON twins of the /catalogue pages.

Changes carry ``base``, the ``revision`` the client saw; 409 when someone saved in between. A unit
with mistakes is refused with 400 and ``fields`` (field → what is wrong); a spreadsheet with
mistakes with 400 and ``problems`` (sheet, row, column, reason, hint). Nothing is stored then.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.extract.catalogue_sheet import SheetRejected
from planwatch.model import ConflictError, InputError
from planwatch.services.catalogue import admin as service
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner, db_session, settings_of

router = APIRouter(tags=["catalogue"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
Base = Annotated[int | None, Query(ge=0, description="您看到的目录版本（revision）/ the revision you saw")]
MAX_YAML = 4 * 1024 * 1024


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


class CatalogueIn(BaseModel):
    yaml: str = Field(max_length=MAX_YAML, description="YAML 部门目录（预览返回的 yaml）")
    source: str = Field(default="上传的部门目录", max_length=200)
    mode: str = Field(default="extend", description="replace 或 extend")
    base: int | None = Field(default=None, ge=0)


def rejected(exc: InputError) -> JSONResponse:
    """400 with the error and, for a unit or a spreadsheet, every field or row that is wrong."""
    payload: dict[str, Any] = {"error": exc.message, "where": exc.where, "hint": exc.hint}
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


@router.get("/catalogue", summary="部门目录（按类别分组，可搜索）/ the catalogue in force, grouped")
def catalogue(
    session: DB, settings: Config, user: Planner, q: Annotated[str | None, Query(max_length=100)] = None
) -> dict[str, Any]:
    return service.catalogue_page(session, settings, q)


@router.get("/catalogue/unit", summary="一个单位 / one unit, by name, short name or alias")
def unit(
    session: DB, settings: Config, user: Planner, name: Annotated[str, Query(max_length=200)]
) -> dict[str, Any]:
    return service.unit_page(session, settings, name)


@router.put("/catalogue/unit", summary="修改一个单位 / change one unit", dependencies=[CSRF])
def edit_unit(
    body: UnitIn, session: DB, settings: Config, user: Planner, name: Annotated[str, Query(max_length=200)]
) -> Any:
    try:
        return service.save_unit(
            session, settings, user, service.unit_from_form(body.model_dump()), original=name, base=body.base
        )
    except service.UnitRejected as exc:
        return rejected(exc)


@router.post("/catalogue/units", summary="新增一个单位 / add a unit", status_code=201, dependencies=[CSRF])
def add_unit(body: UnitIn, session: DB, settings: Config, user: Planner) -> Any:
    try:
        return service.save_unit(
            session, settings, user, service.unit_from_form(body.model_dump()), original=None, base=body.base
        )
    except service.UnitRejected as exc:
        return rejected(exc)


@router.delete("/catalogue/unit", summary="删除一个单位 / remove a unit", dependencies=[CSRF])
def remove_unit(
    session: DB,
    settings: Config,
    user: Planner,
    name: Annotated[str, Query(max_length=200)],
    base: Base = None,
) -> dict[str, Any]:
    return service.remove_unit(session, settings, user, name, base=base)


@router.post("/catalogue/preview", summary="预览加载文件后的变化（不保存）/ what loading a file would change")
def preview(
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="YAML 或 .xlsx 部门目录")] = None,
    mode: Annotated[str, Form(max_length=10)] = "extend",
) -> Any:
    try:
        data, filename = read_file(file, settings)
        return service.preview_upload(session, settings, data, filename, mode)
    except InputError as exc:
        return rejected(exc)


@router.post("/catalogue/load", summary="加载 YAML 或 Excel 部门目录 / load a catalogue file")
def load(
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="YAML 或 .xlsx 部门目录")] = None,
    mode: Annotated[str, Form(max_length=10)] = "extend",
    base: Annotated[int | None, Form(ge=0)] = None,
) -> Any:
    try:
        data, filename = read_file(file, settings)
        return service.load_upload(session, settings, user, data, filename, mode=mode, base=base)
    except ConflictError:
        raise
    except InputError as exc:
        session.rollback()
        return rejected(exc)


@router.post(
    "/catalogue/apply", summary="应用预览过的部门目录 / apply a previewed catalogue", dependencies=[CSRF]
)
def apply(body: CatalogueIn, session: DB, settings: Config, user: Planner) -> dict[str, Any]:
    return service.apply_catalogue(
        session, settings, user, body.yaml, source=body.source, mode=body.mode, base=body.base
    )


@router.get("/catalogue/export", summary="下载部门目录（yaml 或 xlsx）/ download the catalogue")
def export(
    session: DB,
    settings: Config,
    user: Planner,
    format: Annotated[str, Query(pattern="^(yaml|xlsx)$")] = "yaml",
) -> Response:
    return file_response(*service.download(session, settings, format))


@router.get("/catalogue/history", summary="部门目录的历史版本与操作记录 / versions and changes")
def history(session: DB, settings: Config, user: Planner) -> dict[str, Any]:
    return service.history_page(session, settings)


@router.post(
    "/catalogue/history/{record_id}/restore",
    summary="恢复一个历史版本（0 为系统自带目录）/ restore a version (0: the shipped one)",
    dependencies=[CSRF],
)
def restore(
    record_id: int, session: DB, settings: Config, user: Planner, base: Base = None
) -> dict[str, Any]:
    return service.restore_version(session, settings, user, record_id, base=base)
