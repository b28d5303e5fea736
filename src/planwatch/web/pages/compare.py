"""规划比对 and 版本对照: a stored plan against another, a version against an earlier one."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from planwatch.compare.align import COVERED
from planwatch.services.plans import carryover
from planwatch.services.plans import compare as compare_service
from planwatch.services.plans import lineage as lineage_service
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner, db_session, settings_of
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
Threshold = Annotated[float, Query(gt=0, lt=1)]


@router.get("/compare", response_class=HTMLResponse)
def compare(
    request: Request, session: DB, settings: Config, a: str = "", b: str = "", threshold: Threshold = COVERED
) -> Response:
    data = compare_service.compare_page(session, a or None, b or None, settings, threshold)
    query = urlencode({"a": a, "b": b, "threshold": threshold}) if a and b else ""
    return templates.TemplateResponse(
        request,
        "compare.html",
        {"data": data, "active": "compare", "json_url": "/api/v1/compare?" + query if query else None},
    )


@router.get("/plans/{plan}/diff", response_class=HTMLResponse)
def diff(
    request: Request,
    plan: str,
    session: DB,
    old: Annotated[int | None, Query(alias="from", ge=1)] = None,
    new: Annotated[int | None, Query(alias="to", ge=1)] = None,
) -> Response:
    data = compare_service.diff_page(session, plan, old, new)
    pid = data["plan"]["id"]
    query = urlencode({k: v for k, v in (("from", data["from"]), ("to", data["to"])) if v})
    return templates.TemplateResponse(
        request,
        "diff.html",
        {
            "data": data,
            "plan": data["plan"],
            "active": "diff",
            "json_url": f"/api/v1/plans/{pid}/diff?{query}",
        },
    )


@router.post("/plans/{plan}/lineage", response_class=HTMLResponse)
def lineage_save(
    plan: str,
    session: DB,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    upper: Annotated[str, Form(max_length=200)] = "",
    level: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    """The 规划体系 form on the overview page (planners): set or clear the upper-level plan."""
    lineage_service.set_upper(session, plan, upper.strip() or None, level.strip() or None, by=user)
    return RedirectResponse(f"/plans/{plan}?lineage=1", status_code=303)


@router.post("/plans/{plan}/reattach", response_class=HTMLResponse)
def reattach_save(
    plan: str,
    session: DB,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    kind: Annotated[str, Form(max_length=20)] = "assignment",
    item: Annotated[int, Form(ge=1)] = 0,
    task: Annotated[str, Form(max_length=50)] = "",
) -> Response:
    """Re-attach a stale record (diff page, planners) to the chosen task of the latest version."""
    carryover.reattach(session, plan, kind, item, task, by=user)
    return RedirectResponse(f"/plans/{plan}/diff?reattached=1#stale", status_code=303)
