"""监测: indicator statuses, one indicator (and recording a value on its page), task warnings and
the department scorecard."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.model import InputError, User
from planwatch.services.monitoring import indicator_edits
from planwatch.services.views import monitoring as views
from planwatch.web.deps import USER_KEY, Planner
from planwatch.web.forms import error_of
from planwatch.web.jsonreply import json_reply
from planwatch.web.params import DB, Csrf
from planwatch.web.schemas.monitoring import IndicatorPage, IndicatorsPage, RecordedValue, WarningsPage
from planwatch.web.templating import templates
from planwatch.web.twin import Area
from planwatch.web.urls import url

area = Area("monitoring")


@area.page(
    "/plans/{plan}/monitoring",
    template="monitoring_indicators.html",
    active="monitoring",
    model=IndicatorsPage,
    context=lambda request, data: {"removed": request.query_params.get("removed")},
    cached=True,
    summary="监测指标及状态 / indicators with their status",
)
def monitoring(plan: str, session: DB) -> dict[str, Any]:
    return views.indicators_page(session, plan)


def _indicator_context(
    request: Request,
    data: dict[str, Any],
    *,
    error: dict[str, Any] | None = None,
    typed: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The indicator page's form state: who may record a value, and after a refused entry the
    error and what was typed."""
    user = request.scope.get(USER_KEY)
    return {
        "may_edit": isinstance(user, User) and user.can_edit_plans and not data["indicator"]["sample"],
        "error": error,
        "typed": typed or {},
        "saved": request.query_params.get("saved"),
        "recorded": request.query_params.get("recorded"),
    }


@area.page(
    "/plans/{plan}/monitoring/indicators/{indicator_id}",
    template="monitoring_indicator.html",
    active="monitoring",
    model=IndicatorPage,
    context=_indicator_context,
    summary="一个监测指标的逐年状态与图表数据 / one indicator's statuses and chart series",
)
def monitoring_indicator(plan: str, indicator_id: int, session: DB) -> dict[str, Any]:
    return views.indicator_page(session, plan, indicator_id)


@area.page(
    "/plans/{plan}/monitoring/warnings",
    template="monitoring_warnings.html",
    active="monitoring",
    model=WarningsPage,
    cached=True,
    summary="任务预警与部门评分 / task warnings and scorecard",
)
def monitoring_warnings(plan: str, session: DB) -> dict[str, Any]:
    return views.warnings_page(session, plan)


# -- recording a value: the indicator page's form and its JSON twin -----------------------------------


class ValueFields(BaseModel):
    """A year's value as the form or a JSON client sends it (presence is checked by the service,
    which says what is missing in Chinese)."""

    period: str = Field("", max_length=16, description="年份 2026 或季度 2026Q3")
    value: float | str = Field("", description="数值；上级下达任务的指标可为“完成”/“未完成”")
    source: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=200)


def _record(
    session: Session, plan: str, indicator_id: int, fields: ValueFields, user: User
) -> dict[str, Any]:
    return indicator_edits.record_value(
        session,
        plan,
        indicator_id,
        period=fields.period,
        value=fields.value,
        source=fields.source,
        note=fields.note,
        by=user,
    )


@area.pages.post("/plans/{plan}/monitoring/indicators/{indicator_id}/values")
def record_form(
    request: Request,
    plan: str,
    indicator_id: int,
    session: DB,
    user: Planner,
    fields: Annotated[ValueFields, Form()],
    _csrf: Csrf = None,
) -> Response:
    try:
        _record(session, plan, indicator_id, fields, user)
    except InputError as exc:
        session.rollback()
        data = views.indicator_page(session, plan, indicator_id)
        typed = {k: str(v or "") for k, v in fields.model_dump().items()}
        values = {
            "data": data,
            "plan": data["plan"],
            "json_url": url("api.monitoring_indicator", plan=plan, indicator_id=indicator_id),
            "active": "monitoring",
            **_indicator_context(request, data, error=error_of(exc), typed=typed),
        }
        return templates.TemplateResponse(request, "monitoring_indicator.html", values, status_code=400)
    page = url("monitoring_indicator", {"recorded": fields.period}, plan=plan, indicator_id=indicator_id)
    return RedirectResponse(page, status_code=303)


@area.api.post(
    "/plans/{plan}/monitoring/indicators/{indicator_id}/values",
    summary="录入一个年份的数值 / record a value",
    status_code=201,
    response_model=RecordedValue,
)
def record(
    plan: str,
    indicator_id: int,
    body: ValueFields,
    session: DB,
    user: Planner,
    _csrf: Csrf = None,
) -> Response:
    return json_reply(_record(session, plan, indicator_id, body, user), status_code=201)
