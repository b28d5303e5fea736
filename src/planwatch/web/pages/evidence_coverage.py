"""落实佐证覆盖情况: the coverage matrix of a plan's documentary evidence (parts × years), the tasks
never taken up, evidence against progress reports, indicator figures and project milestones, and
the workbook. The data is that of the JSON twin (web/api/evidence_coverage.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from planwatch.services.evidence import coverage as service
from planwatch.web.deps import db_session
from planwatch.web.downloads import content_disposition
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Basis = Annotated[str | None, Query(max_length=20, description="confirmed（已确认）/ proposed（含待确认）")]


def file_response(session: Session, plan: str, fmt: str) -> Response:
    data, filename, media_type = service.evidence_file(session, plan, fmt)
    return Response(
        data, media_type=media_type, headers={"Content-Disposition": content_disposition(filename)}
    )


@router.get("/plans/{plan}/evidence/coverage", response_class=HTMLResponse)
def coverage_page(request: Request, plan: str, session: DB, basis: Basis = None) -> Response:
    data = service.coverage_view(session, plan, basis)
    return templates.TemplateResponse(
        request,
        "evidence_coverage.html",
        {
            "data": data,
            "plan": data["plan"],
            "bases": service.BASIS_NAMES,
            "kinds": service.KIND_NAMES,
            "decisions": service.DECISION_NAMES,
            "json_url": f"/api/v1/plans/{plan}/evidence/coverage?basis={data['basis']}",
            "active": "evidence",
        },
    )


@router.get("/plans/{plan}/evidence/coverage.xlsx")
def coverage_download(plan: str, session: DB) -> Response:
    return file_response(session, plan, "xlsx")
