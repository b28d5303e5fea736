"""后台任务: a job's progress page (polled by a small script, refreshed by the browser without one),
the list of a person's recent jobs, and the download of a job's file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.responses import Response

from planwatch.services import jobs as service
from planwatch.web.deps import SignedIn
from planwatch.web.downloads import content_disposition
from planwatch.web.handoff import with_links
from planwatch.web.params import DB
from planwatch.web.schemas.jobs import JobInfo, JobList
from planwatch.web.twin import Area
from planwatch.web.urls import url

area = Area("jobs")
# Beyond a 32-bit id no job exists; a larger number would overflow the database driver.
JobId = Annotated[int, Path(ge=1, le=2_147_483_647, description="任务编号 / job id")]


def _list_context(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    # the JSON link says what the list shows (a non-admin's all=1 shows only their own jobs)
    return {"json_url": url("api.jobs", query={"all": 1} if data["everyone"] else None)}


@area.page(
    "/jobs",
    template="jobs.html",
    active="jobs",
    model=JobList,
    context=_list_context,
    summary="我的后台任务 / my recent background jobs (admins: all=1 for everyone's)",
)
def jobs(
    session: DB,
    user: SignedIn,
    all: Annotated[int, Query(ge=0, le=1, description="1：所有人的任务（仅管理员）")] = 0,
) -> dict[str, Any]:
    data = service.list_jobs(session, user, everyone=bool(all))
    data["jobs"] = [with_links(j) for j in data["jobs"]]
    return data


@area.page(
    "/jobs/{job_id}",
    template="job.html",
    model=JobInfo,
    context=lambda request, data: {"job": data, "json_url": data["json_url"]},
    summary="后台任务的状态与进度 / state and progress of a background job",
)
def job(job_id: JobId, session: DB, user: SignedIn) -> dict[str, Any]:
    return with_links(service.job_info(service.get_job(session, job_id, user)))


def _download(job_id: JobId, session: DB, user: SignedIn) -> Response:
    data, filename, media_type = service.result_file(session, job_id, user)
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": content_disposition(filename), "Cache-Control": "private, no-store"},
    )


area.pages.add_api_route("/jobs/{job_id}/download", _download, methods=["GET"], name="job_download")
area.api.add_api_route(
    "/jobs/{job_id}/result",
    _download,
    methods=["GET"],
    name="api.job_result",
    summary="下载后台任务生成的文件 / download the job's file",
)
