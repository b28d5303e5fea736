"""任务分工 over JSON: the filtered task table, one task with its history, and deciding a task's
assignment (PUT sets it whole, PATCH changes the fields sent, DELETE goes back to the proposal)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.model import User
from planwatch.services import views
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, SignedIn, db_session, settings_of
from planwatch.web.pages.tasks import content_disposition, forbidden

router = APIRouter(tags=["tasks"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
Version = Annotated[int | None, Query(description="版本号，默认最新 / version number, default latest")]
Filter = Annotated[str | None, Query(max_length=200)]


class AssignmentBody(BaseModel):
    """A decision about one task. With PUT a field left out (or null) keeps the system's proposal;
    with PATCH it keeps what is in force now. ``cooperating: []`` means no cooperating units."""

    lead: str | None = Field(None, max_length=200, description="牵头单位（全称、简称或别名）")
    cooperating: list[str] | None = Field(None, max_length=50, description="配合单位")
    due: str | None = Field(None, max_length=50, description="完成时限：四位年份或“持续推进”")
    note: str | None = Field(None, max_length=500, description="调整说明")


@router.get(
    "/plans/{plan}/assignments",
    summary="任务分工表（筛选、排序）/ the task table, filtered and sorted (JSON twin of 任务分工)",
)
def assignments(
    plan: str,
    session: DB,
    settings: Config,
    version: Version = None,
    part: Filter = None,
    lead: Filter = None,
    unit: Filter = None,
    domain: Filter = None,
    instrument: Filter = None,
    due: Filter = None,
    q: Filter = None,
    sort: Filter = None,
) -> dict[str, Any]:
    return views.tasks_page(
        session,
        plan,
        settings,
        version,
        part=part,
        lead=lead,
        unit=unit,
        domain=domain,
        instrument=instrument,
        due=due,
        q=q,
        sort=sort,
    )


@router.get("/plans/{plan}/tasks/{task}", summary="一项任务及其分工调整记录 / one task and its history")
def task(plan: str, task: str, session: DB, settings: Config, version: Version = None) -> dict[str, Any]:
    return views.task_page(session, plan, task, settings, version)


@router.get("/plans/{plan}/tasks/{task}/history", summary="任务分工调整记录 / a task's assignment history")
def task_history(
    plan: str, task: str, session: DB, settings: Config, version: Version = None
) -> list[dict[str, Any]]:
    history: list[dict[str, Any]] = views.task_page(session, plan, task, settings, version)["history"]
    return history


def _decide(
    session: Session,
    settings: Settings,
    plan: str,
    task: str,
    user: User,
    body: AssignmentBody,
    version: int | None,
    *,
    merge: bool,
) -> dict[str, Any]:
    lead, cooperating, due = body.lead, body.cooperating, body.due
    if merge:
        now = views.task_page(session, plan, task, settings, version)["task"]
        sent = body.model_fields_set
        lead = lead if "lead" in sent else now["lead"]
        cooperating = cooperating if "cooperating" in sent else now["cooperating"]
        due = due if "due" in sent else now["due"]
    try:
        return views.edit_assignment(
            session,
            settings,
            plan,
            task,
            user,
            lead=lead,
            cooperating=cooperating,
            due=due,
            note=body.note,
            version=version,
        )
    except views.EditForbidden as exc:
        raise forbidden(exc) from exc


@router.put(
    "/plans/{plan}/tasks/{task}/assignment",
    summary="设定任务分工 / decide a task's assignment (fields left out keep the proposal)",
)
def put_assignment(
    plan: str,
    task: str,
    body: AssignmentBody,
    session: DB,
    settings: Config,
    user: SignedIn,
    _csrf: Annotated[None, CSRF] = None,
    version: Version = None,
) -> dict[str, Any]:
    return _decide(session, settings, plan, task, user, body, version, merge=False)


@router.patch(
    "/plans/{plan}/tasks/{task}/assignment",
    summary="修改任务分工 / change some fields of a task's assignment (others stay as in force)",
)
def patch_assignment(
    plan: str,
    task: str,
    body: AssignmentBody,
    session: DB,
    settings: Config,
    user: SignedIn,
    _csrf: Annotated[None, CSRF] = None,
    version: Version = None,
) -> dict[str, Any]:
    return _decide(session, settings, plan, task, user, body, version, merge=True)


@router.delete(
    "/plans/{plan}/tasks/{task}/assignment",
    summary="恢复系统建议的分工 / back to the proposed assignment",
)
def delete_assignment(
    plan: str,
    task: str,
    session: DB,
    settings: Config,
    user: SignedIn,
    _csrf: Annotated[None, CSRF] = None,
    version: Version = None,
    note: Annotated[str | None, Query(max_length=500)] = None,
) -> dict[str, Any]:
    try:
        return views.revert_assignment(session, settings, plan, task, user, note=note, version=version)
    except views.EditForbidden as exc:
        raise forbidden(exc) from exc


@router.get(
    "/plans/{plan}/export",
    summary="导出 / download tasks, indicators or entities as xlsx, docx, csv or json",
    response_class=Response,
)
def export(
    plan: str,
    session: DB,
    settings: Config,
    what: Annotated[str, Query(max_length=20, description="tasks / indicators / entities")] = "tasks",
    format: Annotated[str, Query(max_length=10, description="xlsx / docx / csv / json")] = "xlsx",
    version: Version = None,
) -> Response:
    data, filename, media_type = views.export_file(session, plan, settings, what, format, version)
    return Response(
        data, media_type=media_type, headers={"Content-Disposition": content_disposition(filename)}
    )
