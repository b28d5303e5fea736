"""导入 over JSON: POST a plan document (multipart); 201 with the stored plan and version, 200 when
the identical file was imported before, 400 {error, where, hint} when it cannot be read."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner, db_session, settings_of
from planwatch.web.pages.imports import upload_and_import

router = APIRouter(tags=["imports"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


@router.post(
    "/imports",
    summary="导入规划文件 / import a plan document (txt, docx, pdf, html)",
    status_code=201,
)
def create_import(
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="规划文件 / the document")] = None,
    name: Annotated[str | None, Form(max_length=200, description="规划名称，默认取文件标题")] = None,
    force: Annotated[
        bool, Form(description="true：内容与同名规划差别很大时，仍作为其新版本导入（否则 409）")
    ] = False,
) -> Any:
    result = upload_and_import(session, settings, file, name, user, force=force)
    if result["already_imported"]:
        return JSONResponse(result, status_code=200)
    return result
