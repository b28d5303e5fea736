"""收件箱 over JSON: the signed-in user's notifications, and just their number (the nav badge)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.orm import Session

from planwatch.services.progress import notifications
from planwatch.services.views import progress as progress_views
from planwatch.web.deps import SignedIn, db_session
from planwatch.web.jsonreply import json_reply

router = APIRouter(tags=["inbox"])
DB = Annotated[Session, Depends(db_session)]


@router.get(
    "/inbox",
    summary="我的待办：预警、待审核、被退回的报告 / the user's notifications",
    response_model=dict[str, Any],
)
def inbox(session: DB, user: SignedIn) -> Response:
    return json_reply(progress_views.inbox_page(session, user))


@router.get(
    "/inbox/count", summary="待办数量（导航栏徽标）/ how many notifications", response_model=dict[str, int]
)
def inbox_count(session: DB, user: SignedIn) -> Response:
    return json_reply({"count": len(notifications.inbox_all(session, user))})
