"""监测评估报告 JSON: the data a report is laid out from (sections, tables, chart series)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from planwatch.services import jobs
from planwatch.services.monitoring.indicators import find_plan
from planwatch.services.reports import build as report
from planwatch.web.api.jobs import accepted
from planwatch.web.deps import CSRF, SignedIn, db_session
from planwatch.web.pages.handoff import Runner

router = APIRouter(tags=["reports"])
DB = Annotated[Session, Depends(db_session)]


@router.get(
    "/plans/{plan}/report",
    summary="年度监测报告 / 中期评估报告的数据 / the data of the annual report or mid-term evaluation",
)
def report_data(
    plan: str,
    session: DB,
    kind: Annotated[str, Query(max_length=20, description="annual / midterm")] = "annual",
    year: Annotated[int | None, Query(ge=1900, le=2200, description="报告年份 / report year")] = None,
) -> dict[str, Any]:
    return report.report_dict(report.build_report(session, plan, kind, year))


@router.post(
    "/plans/{plan}/report/jobs",
    summary="生成报告文件（后台任务）/ build the report file as a background job",
    status_code=202,
)
def report_job(
    plan: str,
    session: DB,
    runner: Runner,
    user: SignedIn,
    _csrf: Annotated[None, CSRF] = None,
    kind: Annotated[str, Query(max_length=20, description="annual / midterm")] = "annual",
    year: Annotated[int | None, Query(ge=1900, le=2200, description="报告年份 / report year")] = None,
    format: Annotated[str, Query(max_length=10, description="docx / pdf / html")] = "docx",
) -> JSONResponse:
    """202 with the job in ``Location``; its ``result.file.download_url`` serves the file once done."""
    kind = report.normalise_kind(kind)
    fmt = report.normalise_format(format)
    info = find_plan(session, plan)
    return accepted(jobs.queue_report(runner, user, info.id, str(info.id), kind, year, fmt))
