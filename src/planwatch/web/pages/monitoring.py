"""监测 pages: indicator statuses, one indicator, task warnings. Data as in the JSON twins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from planwatch.model import User
from planwatch.services.views import indicator_forms as indicator_pages
from planwatch.services.views import monitoring as monitoring_views
from planwatch.web import pagecache
from planwatch.web.deps import CurrentUser, db_session
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]


@router.get("/plans/{plan}/monitoring", response_class=HTMLResponse)
def indicators(request: Request, plan: str, session: DB) -> Response:
    data = monitoring_views.indicators_page(session, plan)
    return pagecache.page(
        request,
        session,
        "monitoring_indicators.html",
        {
            "data": data,
            "plan": data["plan"],
            "json_url": f"/api/v1/plans/{plan}/monitoring",
            "removed": request.query_params.get("removed"),
            "active": "monitoring",
        },
    )


def indicator_response(
    request: Request,
    session: Session,
    plan: str,
    indicator_id: int,
    user: User | None,
    *,
    error: dict[str, Any] | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """One indicator's page; with the value form's error and what was typed after a refused entry."""
    data = monitoring_views.indicator_page(session, plan, indicator_id)
    revision = indicator_pages.revision_of(session, indicator_id)
    assert revision is not None  # indicator_page found it
    return templates.TemplateResponse(
        request,
        "monitoring_indicator.html",
        {
            "data": data,
            "plan": data["plan"],
            "revision": revision,
            "may_edit": user is not None and user.can_edit_plans and not data["indicator"]["sample"],
            "error": error,
            "typed": typed or {},
            "saved": request.query_params.get("saved"),
            "recorded": request.query_params.get("recorded"),
            "json_url": f"/api/v1/plans/{plan}/monitoring/indicators/{indicator_id}",
            "active": "monitoring",
        },
        status_code=status_code,
    )


@router.get("/plans/{plan}/monitoring/indicators/{indicator_id}", response_class=HTMLResponse)
def indicator(request: Request, plan: str, indicator_id: int, session: DB, user: CurrentUser) -> Response:
    return indicator_response(request, session, plan, indicator_id, user)


@router.get("/plans/{plan}/monitoring/warnings", response_class=HTMLResponse)
def warnings(request: Request, plan: str, session: DB) -> Response:
    data = monitoring_views.warnings_page(session, plan)
    return pagecache.page(
        request,
        session,
        "monitoring_warnings.html",
        {
            "data": data,
            "plan": data["plan"],
            "json_url": f"/api/v1/plans/{plan}/monitoring/warnings",
            "active": "monitoring",
        },
    )
