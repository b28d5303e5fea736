"""下载监测评估报告: the annual report or the mid-term evaluation as a docx, pdf or html file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from planwatch.services import report
from planwatch.web.deps import db_session
from planwatch.web.pages.tasks import content_disposition

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]


@router.get("/plans/{plan}/report")
def download(
    plan: str,
    session: DB,
    kind: Annotated[str, Query(max_length=20)] = "annual",
    year: Annotated[str | None, Query(max_length=10)] = None,  # the form sends "" when left empty
    format: Annotated[str, Query(max_length=10)] = "pdf",
) -> Response:
    kind = report.normalise_kind(kind)
    fmt = report.normalise_format(format)
    built = report.build_report(session, plan, kind, report.parse_year(year))
    data = report.render(built, fmt)
    filename = report.report_filename(built, fmt)
    return Response(
        data,
        media_type=report.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": content_disposition(filename)},
    )
