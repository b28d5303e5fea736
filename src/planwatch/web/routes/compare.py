"""规划比对 and 版本对照 (a stored plan against another, a version against an earlier one), records to
re-attach after a new version, and 规划体系 (a plan's upper-level plan and the plans below it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.compare.align import COVERED
from planwatch.services.plans import carryover
from planwatch.services.plans import compare as compare_service
from planwatch.services.plans import lineage as lineage_service
from planwatch.web.deps import Planner
from planwatch.web.jsonreply import json_reply
from planwatch.web.params import DB, Config, Csrf
from planwatch.web.schemas.compare import ComparePage, DiffPage, Reattached, StalePage
from planwatch.web.schemas.plans import Lineage
from planwatch.web.twin import Area
from planwatch.web.urls import url

area = Area("compare")
lineage_area = Area("plans")


def _no_twin_without_both(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    # Without both plans there is nothing compared: no data link.
    return {} if data["a"] and data["b"] else {"json_url": None}


@area.page(
    "/compare",
    template="compare.html",
    active="compare",
    context=_no_twin_without_both,
    model=ComparePage,
    summary="比对两份已导入的规划 / compare two stored plans",
)
def compare(
    session: DB,
    settings: Config,
    a: Annotated[
        str, Query(description="本规划：编号或名称，可加 @版本号 / plan A: id or name[@version]")
    ] = "",
    b: Annotated[str, Query(description="对照规划（如上级规划）/ plan B, e.g. the upper-level plan")] = "",
    threshold: Annotated[float, Query(gt=0, lt=1, description="承接阈值 / coverage threshold")] = COVERED,
) -> dict[str, Any]:
    return compare_service.compare_page(session, a or None, b or None, settings, threshold)


@area.page(
    "/plans/{plan}/diff",
    template="diff.html",
    active="diff",
    model=DiffPage,
    summary="同一规划两个版本的对照 / diff two versions of a plan",
)
def diff(
    plan: str,
    session: DB,
    old: Annotated[int | None, Query(alias="from", ge=1, description="旧版本号 / old version")] = None,
    new: Annotated[int | None, Query(alias="to", ge=1, description="新版本号 / new version")] = None,
) -> dict[str, Any]:
    return compare_service.diff_page(session, plan, old, new)


@area.api.get(
    "/plans/{plan}/stale",
    response_model=StalePage,
    summary="待重新关联的记录（任务文字已改）/ records whose task was rewritten, with candidates",
)
def stale(plan: str, session: DB) -> dict[str, Any]:
    return carryover.stale_page(session, plan)


class ReattachBody(BaseModel):
    kind: str = Field(
        "assignment", max_length=20, description="assignment（分工调整）或 progress（进展报告）"
    )
    id: int = Field(ge=1, description="待重新关联的记录编号 / the stale record's id")
    task: str = Field(max_length=50, description="最新版本中的任务编号 / task key in the latest version")


@area.pages.post("/plans/{plan}/reattach", name="reattach_form")
def reattach_form(
    plan: str,
    body: Annotated[ReattachBody, Form()],
    session: DB,
    user: Planner,
    _csrf: Csrf = None,
) -> Response:
    """Re-attach a stale record (diff page, planners) to the chosen task of the latest version."""
    carryover.reattach(session, plan, body.kind, body.id, body.task, by=user)
    return RedirectResponse(
        url("diff", query={"reattached": 1}, fragment="stale", plan=plan), status_code=303
    )


@area.api.post(
    "/plans/{plan}/reattach",
    response_model=Reattached,
    summary="把待重新关联的记录挂到最新版本的任务上（规划处）/ re-attach a stale record (planners)",
)
def reattach(plan: str, body: ReattachBody, session: DB, user: Planner, _csrf: Csrf = None) -> Response:
    return json_reply(carryover.reattach(session, plan, body.kind, body.id, body.task, by=user))


class LineageBody(BaseModel):
    upper: str | None = Field(
        None, max_length=200, description="上级规划的编号或名称；null 表示没有 / upper plan"
    )
    level: str | None = Field(None, max_length=32, description="规划层级：建议、纲要、专项规划… / level")


def _set_upper(session: Session, plan: str, body: LineageBody, user: Any) -> None:
    """The one body of 规划体系, for the overview's form and the API alike (blank is none)."""
    upper, level = (body.upper or "").strip() or None, (body.level or "").strip() or None
    lineage_service.set_upper(session, plan, upper, level, by=user)


@lineage_area.api.get(
    "/plans/{plan}/lineage",
    response_model=Lineage,
    summary="规划体系：上级规划与下级规划 / the plan's lineage",
)
def get_lineage(plan: str, session: DB) -> dict[str, Any]:
    return lineage_service.lineage(session, plan)


@lineage_area.api.put(
    "/plans/{plan}/lineage",
    response_model=Lineage,
    summary="设置上级规划和层级（规划处、管理员）/ set the upper-level plan and level (planners)",
)
def put_lineage(
    plan: str, body: LineageBody, session: DB, user: Planner, _csrf: Csrf = None
) -> dict[str, Any]:
    _set_upper(session, plan, body, user)
    return lineage_service.lineage(session, plan)


@lineage_area.pages.post("/plans/{plan}/lineage", name="lineage_form")
def lineage_form(
    plan: str,
    body: Annotated[LineageBody, Form()],
    session: DB,
    user: Planner,
    _csrf: Csrf = None,
) -> Response:
    """The 规划体系 form on the overview page (planners): set or clear the upper-level plan."""
    _set_upper(session, plan, body, user)
    return RedirectResponse(url("overview", query={"lineage": 1}, plan=plan), status_code=303)
