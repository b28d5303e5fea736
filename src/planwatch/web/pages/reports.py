"""下载监测评估报告: the annual report or the mid-term evaluation as a docx, pdf or html file.

A signed-in person's docx or pdf is built by a background job (charts and layout take seconds on a
large plan) and this page goes on to its progress page; the html report, and any report asked for
without a login (public reading), is built within the request as before."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from planwatch.services import jobs
from planwatch.services.monitoring.indicators import find_plan
from planwatch.services.reports import build as report
from planwatch.web.deps import CurrentUser, db_session
from planwatch.web.downloads import content_disposition
from planwatch.web.pages.handoff import Runner, to_job

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
JOB_FORMATS = ("docx", "pdf")


@router.get("/plans/{plan}/report")
def download(
    plan: str,
    session: DB,
    runner: Runner,
    user: CurrentUser,
    kind: Annotated[str, Query(max_length=20)] = "annual",
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
