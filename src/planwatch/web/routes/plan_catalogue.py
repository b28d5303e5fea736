"""A plan's own 部门目录 (``/plans/{plan}/catalogue``): the catalogue its 分工 uses and why; for
planners, start editing from it and compute the proposals again. And the plan's issuer (发文机关),
which chooses that catalogue: the form on the overview page and its JSON resource."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from planwatch.services.catalogue import plan as plan_catalogue
from planwatch.services.catalogue import plan_admin as service
from planwatch.web.deps import CSRF, Planner
from planwatch.web.jsonreply import json_reply
from planwatch.web.params import DB, Config, Csrf
from planwatch.web.schemas.plan_catalogue import (
    AdoptResult,
    CatalogueInfo,
    PlanCataloguePage,
    ReproposeResult,
)
from planwatch.web.twin import Area
from planwatch.web.urls import url

area = Area("plans")

DONE = {
    "repropose": "已按当前部门目录重新生成分工建议（{} 个版本）；人工确定的分工保持不变。",
    "current": "该规划使用的已经是已加载的部门目录，可直接在“部门目录”页编辑。",
}


class AdoptBody(BaseModel):
    base: int | None = Field(
        default=None, ge=0, description="您看到的部门目录版本（revision）/ the revision you saw"
    )


class IssuerBody(BaseModel):
    issuer: str | None = Field(
        None,
        max_length=60,
        description="发文机关名称，如 四川省、大连市、国务院；null 表示按文件识别 / issuer",
    )
    level: Literal["national", "provincial", "municipal", "county"] | None = Field(
        None, description="层级；null 表示由名称判断 / level, read from the name when null"
    )
    catalogue: Literal["auto", "issuer", "configured"] = Field(
        "auto", description="部门目录：自动、发文机关的目录、已加载的目录 / which catalogue"
    )


class IssuerForm(BaseModel):
    """The overview page's form: text fields (empty: as read from the document), or ``reset``."""

    issuer: str = Field("", max_length=60)
    level: str = Field("", max_length=16)
    catalogue: str = Field("auto", max_length=16)
    reset: str = Field("", max_length=4)


def _context(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    done, what = request.query_params.get("done"), request.query_params.get("what")
    return {
        "done": DONE[done].format(what or "") if done in DONE else None,
        "json_url": url("api.plan_catalogue_page", plan=data["plan"]["id"]),
    }


@area.page(
    "/plans/{plan}/catalogue",
    template="plan_catalogue.html",
    active="tasks",
    model=PlanCataloguePage,
    context=_context,
    summary="规划使用的部门目录及原因 / the catalogue the plan's 分工 uses",
)
def plan_catalogue_page(
    plan: str, session: DB, settings: Config, version: int | None = None
) -> dict[str, Any]:
    return service.plan_catalogue_page(session, settings, plan, version)


@area.pages.post("/plans/{plan}/catalogue/adopt", dependencies=[CSRF])
def adopt(
    plan: str, session: DB, settings: Config, user: Planner, form: Annotated[AdoptBody, Form()]
) -> Response:
    result = service.adopt_plan_catalogue(session, settings, plan, by=user, base=form.base)
    if not result["changed"]:
        return RedirectResponse(url("plan_catalogue_page", {"done": "current"}, plan=plan), status_code=303)
    what = f"（{result['city']}，{result['units']} 个单位）"
    return RedirectResponse(url("catalogue", {"done": "load", "what": what}), status_code=303)


@area.api.post(
    "/plans/{plan}/catalogue/adopt",
    summary="以该规划的目录开始编辑：设为已加载的部门目录（规划处、管理员）/ make it the loaded catalogue",
    response_model=AdoptResult,
    name="api.adopt",
)
def adopt_api(
    plan: str, session: DB, settings: Config, user: Planner, body: AdoptBody | None = None, _csrf: Csrf = None
) -> Response:
    base = body.base if body is not None else None
    return json_reply(service.adopt_plan_catalogue(session, settings, plan, by=user, base=base))


@area.pages.post("/plans/{plan}/catalogue/repropose", dependencies=[CSRF])
def repropose(plan: str, session: DB, settings: Config, user: Planner) -> Response:
    result = service.repropose_plan(session, settings, plan, by=user)
    query = {"done": "repropose", "what": str(result["versions"])}
    return RedirectResponse(url("plan_catalogue_page", query, plan=plan), status_code=303)


@area.api.post(
    "/plans/{plan}/catalogue/repropose",
    summary="按当前目录重新生成分工建议（规划处、管理员）/ compute the proposals again",
    response_model=ReproposeResult,
    name="api.repropose",
)
def repropose_api(plan: str, session: DB, settings: Config, user: Planner, _csrf: Csrf = None) -> Response:
    return json_reply(service.repropose_plan(session, settings, plan, by=user))


@area.api.get(
    "/plans/{plan}/issuer",
    summary="发文机关与部门目录 / the plan's issuer and catalogue",
    response_model=CatalogueInfo,
    name="api.issuer",
)
def issuer(plan: str, session: DB, settings: Config) -> Response:
    return json_reply(plan_catalogue.catalogue_info(session, settings, plan))


@area.pages.post("/plans/{plan}/issuer", response_class=HTMLResponse)
def issuer_save(
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    form: Annotated[IssuerForm, Form()],
    _csrf: Csrf = None,
) -> Response:
    """Planners correct the issuer or choose the catalogue; the plan's proposals are recomputed."""
    if form.reset:
        plan_catalogue.reset_catalogue(session, settings, plan, by=user)
    else:
        plan_catalogue.set_catalogue(
            session,
            settings,
            plan,
            by=user,
            issuer_name=form.issuer.strip() or None,
            issuer_level=form.level.strip() or None,
            catalogue=form.catalogue.strip() or "auto",
        )
    return RedirectResponse(url("overview", {"issuer": 1}, fragment="issuer", plan=plan), status_code=303)


@area.api.put(
    "/plans/{plan}/issuer",
    summary="更正发文机关、选择部门目录（规划处、管理员）/ set the issuer and catalogue (planners)",
    response_model=CatalogueInfo,
    name="api.put_issuer",
)
def put_issuer(
    plan: str, body: IssuerBody, session: DB, settings: Config, user: Planner, _csrf: Csrf = None
) -> Response:
    return json_reply(
        plan_catalogue.set_catalogue(
            session,
            settings,
            plan,
            by=user,
            issuer_name=body.issuer,
            issuer_level=body.level,
            catalogue=body.catalogue,
        )
    )


@area.api.delete(
    "/plans/{plan}/issuer",
    summary="恢复为按文件识别的发文机关（规划处、管理员）/ back to the detected issuer (planners)",
    response_model=CatalogueInfo,
    name="api.delete_issuer",
)
def delete_issuer(plan: str, session: DB, settings: Config, user: Planner, _csrf: Csrf = None) -> Response:
    return json_reply(plan_catalogue.reset_catalogue(session, settings, plan, by=user))
