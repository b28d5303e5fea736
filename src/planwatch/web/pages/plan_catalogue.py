"""A plan's own 部门目录 page (``/plans/{plan}/catalogue``): the catalogue its 分工 uses and why; for
planners, start editing from it and compute the proposals again. JSON twin:
``/api/v1/plans/{plan}/catalogue``."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from planwatch.services.catalogue import plan_admin as service
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, CurrentUser, Planner, db_session, settings_of
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]

DONE = {
    "repropose": "已按当前部门目录重新生成分工建议（{} 个版本）；人工确定的分工保持不变。",
    "current": "该规划使用的已经是已加载的部门目录，可直接在“部门目录”页编辑。",
}


@router.get("/plans/{plan}/catalogue", response_class=HTMLResponse)
def plan_catalogue_page(
    request: Request,
    plan: str,
    session: DB,
    settings: Config,
    user: CurrentUser,
    version: int | None = None,
    done: str | None = None,
    what: str | None = None,
) -> Response:
    data = service.plan_catalogue_page(session, settings, plan, version)
    message = DONE[done].format(what or "") if done in DONE else None
    return templates.TemplateResponse(
        request,
        "plan_catalogue.html",
        {
            "data": data,
            "plan": data["plan"],
            "done": message,
            "json_url": f"/api/v1/plans/{plan}/catalogue",
            "active": "tasks",
        },
    )


@router.post("/plans/{plan}/catalogue/adopt", dependencies=[CSRF])
def adopt(
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    base: Annotated[int | None, Form(ge=0)] = None,
) -> Response:
    result = service.adopt_plan_catalogue(session, settings, plan, by=user, base=base)
    if not result["changed"]:
        return RedirectResponse(f"/plans/{plan}/catalogue?done=current", status_code=303)
    query = urlencode({"done": "load", "what": f"（{result['city']}，{result['units']} 个单位）"})
    return RedirectResponse(f"/catalogue?{query}", status_code=303)


@router.post("/plans/{plan}/catalogue/repropose", dependencies=[CSRF])
def repropose(plan: str, session: DB, settings: Config, user: Planner) -> Response:
    result = service.repropose_plan(session, settings, plan, by=user)
    query = urlencode({"done": "repropose", "what": str(result["versions"])})
    return RedirectResponse(f"/plans/{plan}/catalogue?{query}", status_code=303)
