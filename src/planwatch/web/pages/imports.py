"""导入: upload a plan document; a background job analyses it and stores it as a new version in one
transaction, or refuses it whole with the reason in Chinese. The form goes on to the job's progress
page (a long plan takes several seconds)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from planwatch.model import InputError, User
from planwatch.services import jobs
from planwatch.services.views import plan as views
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, CurrentUser, Planner, db_session, settings_of
from planwatch.web.htmx import FRAGMENT_HEADER, is_htmx
from planwatch.web.pages.handoff import Runner, to_job
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
ACCEPT = ".txt,.docx,.pdf,.html,.htm,text/plain,text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def read_upload(upload: UploadFile | None, settings: Settings) -> tuple[bytes, str]:
    """The uploaded bytes, read no further than one byte over the limit (enough for ingest to say
    "too big" without holding a huge upload in memory)."""
    if upload is None:
        raise InputError("没有收到文件。", hint="请选择要导入的规划文件（txt、docx、pdf 或 html）。")
    data = upload.file.read(settings.max_file_bytes + 1)
    return data, upload.filename or ""


def upload_and_import(
    session: Session,
    settings: Settings,
    upload: UploadFile | None,
    name: str | None,
    user: User,
    *,
    force: bool = False,
) -> dict[str, Any]:
    data, filename = read_upload(upload, settings)
    return views.import_file(session, settings, data, filename, user, name, force=force)


def _context(user: User | None, settings: Settings, **extra: Any) -> dict[str, Any]:
    return {
        "accept": ACCEPT,
        "max_mb": settings.max_file_bytes // (1024 * 1024),
        "may_import": user is not None and user.can_edit_plans,
        "json_url": None,
        **extra,
    }


@router.get("/import", response_class=HTMLResponse)
def import_form(
    request: Request, user: CurrentUser, settings: Annotated[Settings, Depends(settings_of)]
) -> Response:
    return templates.TemplateResponse(request, "import.html", _context(user, settings))


@router.post("/import", response_class=HTMLResponse)
def import_upload(
    request: Request,
    settings: Config,
    runner: Runner,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="规划文件")] = None,
    name: Annotated[str, Form(max_length=200)] = "",
    force: Annotated[bool, Form()] = False,
) -> Response:
    try:
        data, filename = read_upload(file, settings)
    except InputError as exc:
        error = {"error": exc.message, "where": exc.where, "hint": exc.hint}
        context = _context(user, settings, error=error, name=name)
        template = "_import_result.html" if is_htmx(request) else "import.html"
        return templates.TemplateResponse(
            request, template, context, status_code=400, headers=FRAGMENT_HEADER
        )
    job = jobs.queue_import(runner, settings, user, data, filename, name, force=force)
    return to_job(job.id, htmx=is_htmx(request))
