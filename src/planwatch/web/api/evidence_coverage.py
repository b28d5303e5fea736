"""落实佐证覆盖情况 over JSON (twin of planwatch.web.pages.evidence_coverage)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.orm import Session

from planwatch.services.evidence import coverage as service
from planwatch.web.deps import db_session
from planwatch.web.pages.evidence_coverage import Basis, file_response

router = APIRouter(tags=["evidence"])
DB = Annotated[Session, Depends(db_session)]


@router.get("/plans/{plan}/evidence/coverage", summary="文件佐证覆盖情况 / coverage by documentary evidence")
def coverage(plan: str, session: DB, basis: Basis = None) -> dict[str, Any]:
    """规划各部分任务在各年份来源中被落实的比例（``basis``：confirmed 只计已确认的佐证，proposed 含待确认），
    从未提及的任务、佐证与进展填报的对照、指标数据和项目节点。"""
    data = service.coverage_view(session, plan, basis)
    links = {k: f"/api/v1{v}" if k == "xlsx" else v for k, v in data["links"].items()}
    return {**data, "links": links}


@router.get(
    "/plans/{plan}/evidence/coverage.xlsx",
    summary="下载文件佐证 Excel / download the evidence workbook",
    response_class=Response,
)
def coverage_download(plan: str, session: DB) -> Response:
    return file_response(session, plan, "xlsx")
