"""落实佐证 over JSON: a plan's evidence sources, one source's matches and text, one task's timeline;
attach a source (a multipart upload or a stored plan, run as a background job: 202 with the job's
address) and decide on a match."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.services.evidence import sources as trace_evidence
from planwatch.services.views import evidence as evidence_views
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner, db_session, settings_of
from planwatch.web.handoff import Runner, accepted
from planwatch.web.pages.evidence import (
    Choice,
    MatchId,
    PageNumber,
    PerPage,
    SourceId,
    queue_attach,
)

router = APIRouter(tags=["evidence"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


class Decision(BaseModel):
    decision: str = Field(description="confirmed（确认）/ dismissed（排除）/ proposed（撤回）", max_length=20)


@router.get("/plans/{plan}/evidence", summary="落实佐证：佐证来源与承接情况 / evidence sources")
def sources(plan: str, session: DB) -> dict[str, Any]:
    return evidence_views.sources_page(session, plan)


@router.post(
    "/plans/{plan}/evidence/sources",
    summary="附加佐证来源（上传文件或选择已导入规划），后台追踪 / attach a source (202, a job)",
    status_code=202,
)
def attach(
    plan: str,
    session: DB,
    settings: Config,
    runner: Runner,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="后续文件（txt/docx/pdf/html）")] = None,
    source: Annotated[str, Form(max_length=200, description="或：已导入规划的编号/名称")] = "",
    year: Annotated[str, Form(max_length=8, description="来源年份，默认从标题读取")] = "",
    threshold: Annotated[str, Form(max_length=10, description="相似度阈值 0–1，默认 0.14")] = "",
) -> Any:
    job = queue_attach(
        session,
        settings,
        runner,
        user,
        plan,
        file=file,
        source_field=source,
        year_field=year,
        threshold_field=threshold,
    )
    return accepted(job)


@router.get("/plans/{plan}/evidence/sources/{sid}", summary="一个来源的佐证匹配 / a source's matches")
def source(
    plan: str,
    sid: SourceId,
    session: DB,
    kind: Choice = None,
    decision: Choice = None,
    page: PageNumber = 1,
    per_page: PerPage = evidence_views.PER_PAGE,
) -> dict[str, Any]:
    return evidence_views.source_page(
        session, plan, sid, kind=kind, decision=decision, page=page, per_page=per_page
    )


@router.get("/plans/{plan}/evidence/sources/{sid}/text", summary="来源原文与匹配句 / a source's text")
def source_text(plan: str, sid: SourceId, session: DB) -> dict[str, Any]:
    return evidence_views.source_text(session, plan, sid)


@router.post("/plans/{plan}/evidence/sources/{sid}/remove", summary="移除佐证来源 / detach a source")
def remove(plan: str, sid: SourceId, session: DB, user: Planner, _csrf: Annotated[None, CSRF] = None) -> Any:
    return trace_evidence.remove_source(session, plan, sid, by=user)


@router.post("/plans/{plan}/evidence/matches/{mid}", summary="确认、排除或撤回一条佐证 / decide on a match")
def decide(
    plan: str, mid: MatchId, body: Decision, session: DB, user: Planner, _csrf: Annotated[None, CSRF] = None
) -> dict[str, Any]:
    trace_evidence.decide(session, plan, mid, body.decision, by=user)
    return evidence_views.match_row(session, plan, mid)


@router.get("/plans/{plan}/tasks/{task}/evidence", summary="一项任务的文件佐证时间线 / a task's timeline")
def task_timeline(plan: str, task: str, session: DB) -> dict[str, Any]:
    return evidence_views.task_evidence(session, plan, task)
