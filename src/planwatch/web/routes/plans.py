"""首页, 规划列表 and 总览, and the raw records of a plan over JSON (its versions, outline nodes,
sentences, extracted items and tasks)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.model import Entity, Goal, Node, Quantity
from planwatch.services.plans.records import load_plan
from planwatch.services.views import overview as views
from planwatch.services.views.common import plan_info, version_info
from planwatch.services.views.task_rows import tasks_with_assignments
from planwatch.web.jsonreply import json_reply
from planwatch.web.params import DB, Config, Version
from planwatch.web.schemas.common import PlanHeader
from planwatch.web.schemas.plans import OverviewPage, PlansPage, SentenceText
from planwatch.web.schemas.tasks import TaskAssignment
from planwatch.web.templating import templates
from planwatch.web.twin import Area
from planwatch.web.urls import url

area = Area("plans")


@area.pages.get("/", response_class=HTMLResponse)
def home(request: Request, session: DB) -> Response:
    """The plan list, or the only plan's 总览 when there is one."""
    data = views.plans_page(session)
    if len(data["plans"]) == 1:
        return RedirectResponse(url("overview", plan=data["plans"][0]["id"]), status_code=303)
    return templates.TemplateResponse(request, "plans.html", {"data": data, "json_url": url("api.plans")})


@area.page("/plans", template="plans.html", model=PlansPage, summary="规划列表 / plans")
def plans(session: DB) -> dict[str, Any]:
    return views.plans_page(session)


@area.page(
    "/plans/{plan}",
    api="/plans/{plan}/overview",
    template="overview.html",
    active="overview",
    cached=True,
    model=OverviewPage,
    summary="总览 / overview (JSON twin of the 总览 page)",
)
def overview(plan: str, session: DB, settings: Config, version: Version = None) -> dict[str, Any]:
    return views.overview_page(session, plan, settings, version)


@area.api.get("/plans/{plan}", response_model=PlanHeader, summary="规划及其版本 / one plan and its versions")
def plan(plan: str, session: DB, version: Version = None) -> dict[str, Any]:
    view = load_plan(session, plan, version)
    return {"plan": plan_info(view.plan), "version": version_info(view.version)}


@area.api.get("/plans/{plan}/nodes", response_model=list[Node], summary="大纲节点 / outline nodes")
def nodes(plan: str, session: DB, version: Version = None) -> list[dict[str, Any]]:
    return [asdict(n) for n in load_plan(session, plan, version).analysis.outline]


@area.api.get("/plans/{plan}/sentences", response_model=list[SentenceText], summary="句子 / sentences")
def sentences(plan: str, session: DB, version: Version = None) -> list[dict[str, Any]]:
    a = load_plan(session, plan, version).analysis
    return [{**asdict(s), "text": a.document.text[s.start : s.end]} for s in a.sentences]


@area.api.get("/plans/{plan}/quantities", response_model=list[Quantity], summary="数量指标 / quantities")
def quantities(plan: str, session: DB, version: Version = None) -> list[dict[str, Any]]:
    return [asdict(q) for q in load_plan(session, plan, version).analysis.quantities]


@area.api.get("/plans/{plan}/entities", response_model=list[Entity], summary="实体 / entities")
def entities(
    plan: str,
    session: DB,
    version: Version = None,
    kind: Annotated[str | None, Query(description="project / organization / place / formulation")] = None,
) -> list[dict[str, Any]]:
    items = load_plan(session, plan, version).analysis.entities
    return [asdict(e) for e in items if kind is None or e.kind == kind]


@area.api.get("/plans/{plan}/goals", response_model=list[Goal], summary="目标 / goals")
def goals(plan: str, session: DB, version: Version = None) -> list[dict[str, Any]]:
    return [asdict(g) for g in load_plan(session, plan, version).analysis.goals]


@area.api.get(
    "/plans/{plan}/tasks",
    summary="任务及其分工 / tasks with their effective assignments",
    response_model=list[TaskAssignment],
    name="plan_tasks",  # not the 任务分工 page's twin (api.tasks)
)
def tasks(plan: str, session: DB, settings: Config, version: Version = None) -> Response:
    return json_reply(tasks_with_assignments(session, load_plan(session, plan, version), settings))
