"""导入 over JSON: POST a plan document (multipart); 201 with the stored plan and version, 200 when
the identical file was imported before, 400 {error, where, hint} when it cannot be read. With the
header ``Prefer: respond-async`` (RFC 7240) the import runs as a background job instead: 202 with
the job's address in ``Location``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Header, UploadFile
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from planwatch.services import jobs
from planwatch.settings import Settings
from planwatch.web.api.jobs import accepted
from planwatch.web.deps import CSRF, Planner, db_session, settings_of
from planwatch.web.pages.handoff import Runner
from planwatch.web.pages.imports import upload_and_import
from planwatch.web.uploads import read_upload

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
    runner: Runner,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="规划文件 / the document")] = None,
    name: Annotated[str | None, Form(max_length=200, description="规划名称，默认取文件标题")] = None,
    force: Annotated[
        bool, Form(description="true：内容与同名规划差别很大时，仍作为其新版本导入（否则 409）")
    ] = False,
    prefer: Annotated[
        str | None, Header(max_length=200, description="respond-async：作为后台任务导入，返回 202")
    ] = None,
) -> Any:
    if prefer is not None and "respond-async" in prefer.lower():
        data, filename = read_upload(file, settings)
        return accepted(jobs.queue_import(runner, settings, user, data, filename, name, force=force))
    result = upload_and_import(session, settings, file, name, user, force=force)
    if result["already_imported"]:
        return JSONResponse(result, status_code=200)
    return result
