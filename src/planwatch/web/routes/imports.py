"""导入: upload a plan document. The form hands it to a background job (a long plan takes several
seconds) and goes on to the job's progress page; over JSON the import runs within the request
(201 with the stored plan and version, 200 when the identical file was imported before, 400
{error, where, hint} when it cannot be read), or as a job with ``Prefer: respond-async`` (RFC 7240):
202 with the job's address in ``Location``. Both posts take the same fields (:class:`ImportForm`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Form, Header, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from planwatch.model import InputError, User
from planwatch.model.job import Job
from planwatch.services import jobs
from planwatch.services.jobs import JobRunner
from planwatch.services.plans.importing import import_file
from planwatch.settings import Settings
from planwatch.web.deps import CurrentUser, Planner
from planwatch.web.forms import refusal
from planwatch.web.handoff import Runner, accepted, to_job
from planwatch.web.htmx import FRAGMENT_HEADER, is_htmx
from planwatch.web.params import DB, Config, Csrf
from planwatch.web.schemas.imports import ImportResult
from planwatch.web.templating import templates
from planwatch.web.twin import Area
from planwatch.web.uploads import ACCEPT, max_mb, read_upload
from planwatch.web.urls import url

area = Area("imports")
Document = Annotated[UploadFile | None, File(description="规划文件 / the document")]


class ImportForm(BaseModel):
    name: str | None = Field(None, max_length=200, description="规划名称，默认取文件标题")
    force: bool = Field(False, description="true：内容与同名规划差别很大时，仍作为其新版本导入（否则 409）")


Fields = Annotated[ImportForm, Form()]


def _context(user: User | None, settings: Settings, **extra: Any) -> dict[str, Any]:
    return {
        "accept": ACCEPT,
        "max_mb": max_mb(settings),
        "may_import": user is not None and user.can_edit_plans,
        "json_url": None,
        **extra,
    }


def _overview(plan: int, version: int) -> str:
    return url("overview", {"version": version}, plan=plan)


def _queue(
    runner: JobRunner, settings: Settings, user: User, data: bytes, filename: str, fields: ImportForm
) -> Job:
    """The import as a background job, ending on the overview of the version it stored."""
    return jobs.queue_import(
        runner, settings, user, data, filename, fields.name, force=fields.force, page_of=_overview
    )


@area.pages.get("/import", response_class=HTMLResponse)
def import_form(request: Request, user: CurrentUser, settings: Config) -> Response:
    return templates.TemplateResponse(request, "import.html", _context(user, settings))


@area.pages.post("/import", response_class=HTMLResponse)
def import_upload(
    request: Request,
    settings: Config,
    runner: Runner,
    user: Planner,
    fields: Fields,
    _csrf: Csrf = None,
    file: Document = None,
) -> Response:
    try:
        data, filename = read_upload(file, settings)
    except InputError as exc:
        context = _context(user, settings, error=refusal(exc), name=fields.name or "")
        template = "_import_result.html" if is_htmx(request) else "import.html"
        return templates.TemplateResponse(
            request, template, context, status_code=400, headers=FRAGMENT_HEADER
        )
    job = _queue(runner, settings, user, data, filename, fields)
    return to_job(job.id, htmx=is_htmx(request))


@area.api.post(
    "/imports",
    summary="导入规划文件 / import a plan document (txt, docx, pdf, html)",
    status_code=201,
    response_model=ImportResult,
)
def create_import(
    session: DB,
    settings: Config,
    runner: Runner,
    user: Planner,
    fields: Fields,
    _csrf: Csrf = None,
    file: Document = None,
    prefer: Annotated[
        str | None, Header(max_length=200, description="respond-async：作为后台任务导入，返回 202")
    ] = None,
) -> Response:
    data, filename = read_upload(file, settings)
    if prefer is not None and "respond-async" in prefer.lower():
        return accepted(_queue(runner, settings, user, data, filename, fields))
    result = import_file(session, settings, data, filename, user, fields.name, force=fields.force)
    return JSONResponse(result, status_code=200 if result["already_imported"] else 201)
