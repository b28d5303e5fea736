"""监测评估报告: the annual report or the mid-term evaluation, as a file (docx, pdf, html) or as the
data it is laid out from (JSON).

A signed-in person's docx or pdf is built by a background job (charts and layout take seconds on a
large plan) and the download goes on to the job's progress page; the html report, and any report
asked for without a login (public reading), is built within the request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from fastapi.responses import JSONResponse, Response

from planwatch.services import jobs
from planwatch.services.plans.records import find_plan
from planwatch.services.reports import build as report
from planwatch.web.deps import CurrentUser, SignedIn
from planwatch.web.downloads import content_disposition
from planwatch.web.handoff import Runner, accepted, to_job
from planwatch.web.jsonreply import json_reply
from planwatch.web.params import DB, Csrf
from planwatch.web.schemas.jobs import JobInfo
from planwatch.web.schemas.reports import ReportData
from planwatch.web.twin import Area

area = Area("reports")
JOB_FORMATS = ("docx", "pdf")
Kind = Annotated[str, Query(max_length=20, description="annual / midterm")]
Year = Annotated[int | None, Query(ge=1900, le=2200, description="报告年份 / report year")]


@area.pages.get("/plans/{plan}/report", name="report_download")
def download(
    plan: str,
    session: DB,
    runner: Runner,
    user: CurrentUser,
    kind: Kind = "annual",
    year: Annotated[str | None, Query(max_length=10)] = None,  # the form sends "" when left empty
    format: Annotated[str, Query(max_length=10)] = "pdf",
) -> Response:
    kind = report.normalise_kind(kind)
    fmt = report.normalise_format(format)
    number = report.parse_year(year)
    if user is not None and fmt in JOB_FORMATS:
        info = find_plan(session, plan)
        return to_job(jobs.queue_report(runner, user, info.id, str(info.id), kind, number, fmt).id)
    data, filename, media_type = report.report_file(session, plan, kind, number, fmt)
    return Response(
        data, media_type=media_type, headers={"Content-Disposition": content_disposition(filename)}
    )


@area.api.get(
    "/plans/{plan}/report",
    summary="年度监测报告 / 中期评估报告的数据 / the data of the annual report or mid-term evaluation",
    response_model=ReportData,
    name="api.report",
)
def report_data(plan: str, session: DB, kind: Kind = "annual", year: Year = None) -> Response:
    return json_reply(report.report_dict(report.build_report(session, plan, kind, year)))


@area.api.post(
    "/plans/{plan}/report/jobs",
    summary="生成报告文件（后台任务）/ build the report file as a background job",
    status_code=202,
    response_model=JobInfo,
)
def report_job(
    plan: str,
    session: DB,
    runner: Runner,
    user: SignedIn,
    _csrf: Csrf = None,
    kind: Kind = "annual",
    year: Year = None,
    format: Annotated[str, Query(max_length=10, description="docx / pdf / html")] = "docx",
) -> JSONResponse:
    """202 with the job in ``Location``; its ``result.file.download_url`` serves the file once done."""
    kind = report.normalise_kind(kind)
    fmt = report.normalise_format(format)
    info = find_plan(session, plan)
    return accepted(jobs.queue_report(runner, user, info.id, str(info.id), kind, year, fmt))
