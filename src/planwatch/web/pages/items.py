"""指标, 重大项目, 主体与地点, 提法: lists of extracted items, each with where it appears."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from planwatch.services.views import plan as views
from planwatch.web.api.items import ACTORS
from planwatch.web.deps import db_session
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]


def _page(request: Request, name: str, data: dict[str, Any], json_url: str, active: str) -> Response:
    return templates.TemplateResponse(
        request, name, {"data": data, "plan": data["plan"], "json_url": json_url, "active": active}
    )


@router.get("/plans/{plan}/indicators", response_class=HTMLResponse)
def indicators(request: Request, plan: str, session: DB, version: int | None = None) -> Response:
    data = views.indicators_page(session, plan, version)
    return _page(request, "indicators.html", data, f"/api/v1/plans/{plan}/indicators", "indicators")


@router.get("/plans/{plan}/projects", response_class=HTMLResponse)
def projects(request: Request, plan: str, session: DB, version: int | None = None) -> Response:
    data = views.entities_page(session, plan, ("project",), version)
    return _page(request, "projects.html", data, f"/api/v1/plans/{plan}/projects", "projects")


@router.get("/plans/{plan}/actors", response_class=HTMLResponse)
def actors(request: Request, plan: str, session: DB, version: int | None = None) -> Response:
    data = views.entities_page(session, plan, ACTORS, version)
    return _page(request, "actors.html", data, f"/api/v1/plans/{plan}/actors", "actors")


@router.get("/plans/{plan}/formulations", response_class=HTMLResponse)
def formulations(request: Request, plan: str, session: DB, version: int | None = None) -> Response:
    data = views.entities_page(session, plan, ("formulation",), version)
    return _page(request, "formulations.html", data, f"/api/v1/plans/{plan}/formulations", "formulations")
