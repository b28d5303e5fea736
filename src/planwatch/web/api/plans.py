"""Plans, versions, outline nodes, sentences and extracted items."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from planwatch.services.plans.records import load_plan
from planwatch.services.views import plan as views
from planwatch.settings import Settings
from planwatch.web.deps import db_session, settings_of
from planwatch.web.jsonreply import json_reply

router = APIRouter(tags=["plans"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
Version = Annotated[int | None, Query(description="版本号，默认最新 / version number, default latest")]


@router.get("/plans", summary="规划列表 / plans")
def plans(session: DB) -> dict[str, Any]:
    return views.plans_page(session)


@router.get("/plans/{plan}", summary="规划及其版本 / one plan and its versions")
def plan(plan: str, session: DB, version: Version = None) -> dict[str, Any]:
    view = load_plan(session, plan, version)
    return {"plan": views.plan_info(view.plan), "version": views.version_info(view.version)}


@router.get(
    "/plans/{plan}/overview",
    summary="总览 / overview (JSON twin of the 总览 page)",
    response_model=dict[str, Any],
)
def overview(plan: str, session: DB, settings: Config, version: Version = None) -> Response:
    return json_reply(views.overview_page(session, plan, settings, version))


@router.get("/plans/{plan}/nodes", summary="大纲节点 / outline nodes")
def nodes(plan: str, session: DB, version: Version = None) -> list[dict[str, Any]]:
    return [asdict(n) for n in load_plan(session, plan, version).analysis.outline]


@router.get(
    "/plans/{plan}/nodes/{node}", summary="节点原文及其中的抽取结果 / one node with its text and items"
)
def node(
    plan: str, node: str, session: DB, settings: Config, version: Version = None, page: int = 1
) -> dict[str, Any]:
    return views.node_page(session, plan, node, version, page=page, page_chars=settings.text_page_chars)


@router.get("/plans/{plan}/sentences", summary="句子 / sentences")
def sentences(plan: str, session: DB, version: Version = None) -> list[dict[str, Any]]:
    a = load_plan(session, plan, version).analysis
    return [{**asdict(s), "text": a.document.text[s.start : s.end]} for s in a.sentences]


@router.get("/plans/{plan}/quantities", summary="数量指标 / quantities")
def quantities(plan: str, session: DB, version: Version = None) -> list[dict[str, Any]]:
    return [asdict(q) for q in load_plan(session, plan, version).analysis.quantities]


@router.get("/plans/{plan}/entities", summary="实体 / entities")
def entities(
    plan: str,
    session: DB,
    version: Version = None,
    kind: Annotated[str | None, Query(description="project / organization / place / formulation")] = None,
) -> list[dict[str, Any]]:
    items = load_plan(session, plan, version).analysis.entities
    return [asdict(e) for e in items if kind is None or e.kind == kind]


@router.get("/plans/{plan}/goals", summary="目标 / goals")
def goals(plan: str, session: DB, version: Version = None) -> list[dict[str, Any]]:
    return [asdict(g) for g in load_plan(session, plan, version).analysis.goals]


@router.get(
    "/plans/{plan}/tasks",
    summary="任务及其分工 / tasks with their effective assignments",
    response_model=list[dict[str, Any]],
)
def task_list(plan: str, session: DB, settings: Config, version: Version = None) -> Response:
    return json_reply(views.tasks_with_assignments(session, load_plan(session, plan, version), settings))
