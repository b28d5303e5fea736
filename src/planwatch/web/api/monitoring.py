"""监测 (monitoring) JSON: indicator statuses, one indicator's path, task warnings and scorecard."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.orm import Session

from planwatch.services.views import monitoring as monitoring_views
from planwatch.web.deps import db_session
from planwatch.web.jsonreply import json_reply

router = APIRouter(tags=["monitoring"])
DB = Annotated[Session, Depends(db_session)]


@router.get(
    "/plans/{plan}/monitoring",
    summary="监测指标及状态 / indicators with their status",
    response_model=dict[str, Any],
)
def indicators(plan: str, session: DB) -> Response:
    return json_reply(monitoring_views.indicators_page(session, plan))


@router.get(
    "/plans/{plan}/monitoring/indicators/{indicator_id}",
    summary="一个监测指标的逐年状态与图表数据 / one indicator's statuses and chart series",
    response_model=dict[str, Any],
)
def indicator(plan: str, indicator_id: int, session: DB) -> Response:
    return json_reply(monitoring_views.indicator_page(session, plan, indicator_id))


@router.get(
    "/plans/{plan}/monitoring/warnings",
    summary="任务预警与部门评分 / task warnings and scorecard",
    response_model=dict[str, Any],
)
def warnings(plan: str, session: DB) -> Response:
    return json_reply(monitoring_views.warnings_page(session, plan))
