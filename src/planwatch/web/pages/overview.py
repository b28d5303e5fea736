"""首页 and 总览."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from planwatch.services.views import plan as views
from planwatch.settings import Settings
from planwatch.web import pagecache
from planwatch.web.deps import db_session, settings_of
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: DB) -> Response:
    data = views.plans_page(session)
    if len(data["plans"]) == 1:
        return RedirectResponse(f"/plans/{data['plans'][0]['id']}", status_code=303)
    return templates.TemplateResponse(request, "plans.html", {"data": data, "json_url": "/api/v1/plans"})


@router.get("/plans", response_class=HTMLResponse)
def plan_list(request: Request, session: DB) -> Response:
    data = views.plans_page(session)
    return templates.TemplateResponse(request, "plans.html", {"data": data, "json_url": "/api/v1/plans"})


@router.get("/plans/{plan}", response_class=HTMLResponse)
def overview(
    request: Request, plan: str, session: DB, settings: Config, version: int | None = None
) -> Response:
    data = views.overview_page(session, plan, settings, version)
    return pagecache.page(
        request,
        session,
        "overview.html",
        {
            "data": data,
            "plan": data["plan"],
            "json_url": f"/api/v1/plans/{plan}/overview",
            "active": "overview",
        },
    )
