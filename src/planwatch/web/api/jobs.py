"""后台任务 JSON: the state and progress of a job (polled by its page), and a person's recent jobs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from planwatch.model.job import Job
from planwatch.services import jobs
from planwatch.web.deps import SignedIn, db_session
from planwatch.web.pages.jobs import job_download

# Beyond a 32-bit id no job exists; a larger number would overflow the database driver.
JobId = Annotated[int, Path(ge=1, le=2_147_483_647, description="任务编号 / job id")]
router = APIRouter(tags=["jobs"])
DB = Annotated[Session, Depends(db_session)]


def accepted(job: Job) -> JSONResponse:
    """202 Accepted with the job's address: what an API call answers when it queued a job."""
    info = jobs.job_info(job)
    return JSONResponse(
        jsonable_encoder(info), status_code=202, headers={"Location": info["json_url"], "Retry-After": "1"}
    )


@router.get("/jobs", summary="我的后台任务 / my recent background jobs (admins: all=1 for everyone's)")
def list_jobs(
    session: DB,
    user: SignedIn,
    all: Annotated[int, Query(ge=0, le=1, description="1：所有人的任务（仅管理员）")] = 0,
) -> dict[str, Any]:
    return jobs.list_jobs(session, user, everyone=bool(all))


@router.get("/jobs/{job_id}", summary="后台任务的状态与进度 / state and progress of a background job")
def get_job(job_id: JobId, session: DB, user: SignedIn) -> dict[str, Any]:
    return jobs.job_info(jobs.get_job(session, job_id, user))


@router.get("/jobs/{job_id}/result", summary="下载后台任务生成的文件 / download the job's file")
def get_result(job_id: JobId, session: DB, user: SignedIn) -> Response:
    return job_download(job_id, session, user)
