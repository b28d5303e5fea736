"""从统计公报/工作报告提取数据: upload a bulletin or work report, review the proposed indicator values
(accept, edit, reject), and the provenance of an indicator's values. The page and its JSON twin
show the same proposals; a form post and its JSON action take the same fields."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.model import InputError, User
from planwatch.services.monitoring import observe as service
from planwatch.settings import Settings
from planwatch.web.deps import USER_KEY, Planner
from planwatch.web.forms import refusal
from planwatch.web.jsonreply import json_reply
from planwatch.web.params import DB, Config, Csrf
from planwatch.web.schemas.observe import Proposal, ProposalsPage, Provenance, Run
from planwatch.web.templating import templates
from planwatch.web.twin import Area
from planwatch.web.uploads import ACCEPT, max_mb, parse_year, read_upload
from planwatch.web.urls import url

area = Area("observe")
Bulletin = Annotated[UploadFile | None, File(description="统计公报或工作报告（txt/docx/pdf/html）")]
YearField = Annotated[str, Form(max_length=8, description="只取该年份的数字")]


class Decision(BaseModel):
    value: float | str | None = Field(default=None, description="改正后的数值（指标单位）；省略则用建议值")
    year: int | str | None = Field(default=None, description="改正后的年份；省略则用建议年份")


def _review_context(
    request: Request,
    data: dict[str, Any],
    *,
    run: dict[str, Any] | None = None,
    error: dict[str, Any] | None = None,
) -> dict[str, Any]:
    user = request.scope.get(USER_KEY)
    settings: Settings = request.app.state.settings
    return {
        "run": run,
        "new_ids": {p["id"] for p in (run or {}).get("created", ())},
        "error": error,
        "may_review": isinstance(user, User) and user.can_edit_plans,
        "accept": ACCEPT,
        "max_mb": max_mb(settings),
    }


@area.page(
    "/plans/{plan}/observe",
    template="observe_review.html",
    active="monitoring",
    model=ProposalsPage,
    context=_review_context,
    summary="从文件提取的待审核指标数据 / proposals to review",
)
def observe(
    plan: str,
    session: DB,
    status: Annotated[str | None, Query(description="pending / accepted / rejected")] = None,
) -> dict[str, Any]:
    return service.list_proposals(session, plan, status=status)


@area.api.get(
    "/plans/{plan}/observe/indicators/{indicator_id}",
    summary="指标各期数据的出处（从文件采纳的）/ provenance of an indicator's values",
    response_model=Provenance,
)
def provenance(plan: str, indicator_id: int, session: DB) -> Response:
    return json_reply(service.indicator_provenance(session, plan, indicator_id))


def _run(
    session: Session, settings: Settings, plan: str, upload: UploadFile | None, year: str, user: User
) -> dict[str, Any]:
    data, filename = read_upload(upload, settings)
    return service.run(session, plan, data, filename, settings=settings, by=user, year=parse_year(year))


@area.pages.post("/plans/{plan}/observe", response_class=HTMLResponse)
def upload(
    request: Request,
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Csrf = None,
    file: Bulletin = None,
    year: YearField = "",
) -> Response:
    state: dict[str, Any]
    try:
        state = {"run": _run(session, settings, plan, file, year, user)}
        status_code = 200
    except InputError as exc:
        session.rollback()  # a failed run leaves nothing behind
        state = {"error": refusal(exc)}
        status_code = 400
    data = service.list_proposals(session, plan)
    values = {
        "data": data,
        "plan": data["plan"],
        "json_url": url("api.observe", plan=plan),
        "active": "monitoring",
        **_review_context(request, data, **state),
    }
    return templates.TemplateResponse(request, "observe_review.html", values, status_code=status_code)


@area.api.post(
    "/plans/{plan}/observe",
    summary="上传统计公报或工作报告，生成待审核数据 / propose values from a document",
    status_code=201,
    response_model=Run,
)
def run(
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Csrf = None,
    file: Bulletin = None,
    year: YearField = "",
) -> Response:
    return json_reply(_run(session, settings, plan, file, year, user), status_code=201)


def _to_review(plan: str, proposal_id: int) -> Response:
    return RedirectResponse(url("observe", fragment=f"p{proposal_id}", plan=plan), status_code=303)


@area.pages.post("/plans/{plan}/observe/{proposal_id}/accept")
def accept_form(
    plan: str,
    proposal_id: int,
    session: DB,
    user: Planner,
    decision: Annotated[Decision, Form()],
    _csrf: Csrf = None,
) -> Response:
    service.accept(session, plan, proposal_id, by=user, value=decision.value, year=decision.year)
    return _to_review(plan, proposal_id)


@area.api.post(
    "/plans/{plan}/observe/{proposal_id}/accept",
    summary="采纳（可改数值和年份）/ accept",
    response_model=Proposal,
)
def accept(
    plan: str,
    proposal_id: int,
    session: DB,
    user: Planner,
    _csrf: Csrf = None,
    decision: Decision | None = None,
) -> Response:
    d = decision or Decision()
    return json_reply(service.accept(session, plan, proposal_id, by=user, value=d.value, year=d.year))


@area.pages.post("/plans/{plan}/observe/{proposal_id}/reject")
def reject_form(plan: str, proposal_id: int, session: DB, user: Planner, _csrf: Csrf = None) -> Response:
    service.reject(session, plan, proposal_id, by=user)
    return _to_review(plan, proposal_id)


@area.api.post("/plans/{plan}/observe/{proposal_id}/reject", summary="驳回 / reject", response_model=Proposal)
def reject(plan: str, proposal_id: int, session: DB, user: Planner, _csrf: Csrf = None) -> Response:
    return json_reply(service.reject(session, plan, proposal_id, by=user))
