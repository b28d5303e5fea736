"""监测评估报告 JSON: the data a report is laid out from (sections, tables, chart series)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from planwatch.services import report
from planwatch.web.deps import db_session

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
