"""后台任务: a job's progress page (polled by a small script, refreshed by the browser without one),
the list of a person's recent jobs, and the download of a job's file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from planwatch.services import jobs
from planwatch.web.deps import SignedIn, db_session
from planwatch.web.downloads import content_disposition
from planwatch.web.templating import templates

# Beyond a 32-bit id no job exists; a larger number would overflow the database driver.
JobId = Annotated[int, Path(ge=1, le=2_147_483_647, description="任务编号 / job id")]
router = APIRouter()
DB = Annotated[Session, Depends(db_session)]


@router.get("/jobs", response_class=HTMLResponse)
def job_list(request: Request, session: DB, user: SignedIn, all: int = 0) -> Response:
    data = jobs.list_jobs(session, user, everyone=bool(all))
    json_url = "/api/v1/jobs" + ("?all=1" if data["everyone"] else "")
    context = {"data": data, "json_url": json_url, "active": "jobs"}
    return templates.TemplateResponse(request, "jobs.html", context)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: JobId, session: DB, user: SignedIn) -> Response:
    job = jobs.job_info(jobs.get_job(session, job_id, user))
    return templates.TemplateResponse(request, "job.html", {"job": job, "json_url": job["json_url"]})


@router.get("/jobs/{job_id}/download")
def job_download(job_id: JobId, session: DB, user: SignedIn) -> Response:
    data, filename, media_type = jobs.result_file(session, job_id, user)
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": content_disposition(filename), "Cache-Control": "private, no-store"},
    )
