"""监测 pages: indicator statuses, one indicator, task warnings. Data as in the JSON twins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from planwatch.services import monitoring_views
from planwatch.web.deps import db_session
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]


@router.get("/plans/{plan}/monitoring", response_class=HTMLResponse)
def indicators(request: Request, plan: str, session: DB) -> Response:
    data = monitoring_views.indicators_page(session, plan)
    return templates.TemplateResponse(
        request,
        "monitoring_indicators.html",
        {
            "data": data,
            "plan": data["plan"],
            "json_url": f"/api/v1/plans/{plan}/monitoring",
            "active": "monitoring",
        },
    )


@router.get("/plans/{plan}/monitoring/indicators/{indicator_id}", response_class=HTMLResponse)
def indicator(request: Request, plan: str, indicator_id: int, session: DB) -> Response:
    data = monitoring_views.indicator_page(session, plan, indicator_id)
    return templates.TemplateResponse(
        request,
        "monitoring_indicator.html",
        {
            "data": data,
            "plan": data["plan"],
            "json_url": f"/api/v1/plans/{plan}/monitoring/indicators/{indicator_id}",
            "active": "monitoring",
        },
    )


@router.get("/plans/{plan}/monitoring/warnings", response_class=HTMLResponse)
def warnings(request: Request, plan: str, session: DB) -> Response:
    data = monitoring_views.warnings_page(session, plan)
    return templates.TemplateResponse(
        request,
        "monitoring_warnings.html",
        {
            "data": data,
            "plan": data["plan"],
            "json_url": f"/api/v1/plans/{plan}/monitoring/warnings",
            "active": "monitoring",
        },
    )
