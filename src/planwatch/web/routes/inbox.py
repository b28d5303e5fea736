"""收件箱: the signed-in user's warnings, reports to review and returned reports, over every plan;
and just their number (the nav badge)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from fastapi.responses import Response
from sqlalchemy.orm import Session

from planwatch.services.progress import notifications
from planwatch.services.views import progress as progress_views
from planwatch.web.deps import SignedIn, db_session
from planwatch.web.jsonreply import json_reply
from planwatch.web.schemas.inbox import Inbox, InboxCount
from planwatch.web.twin import Area
from planwatch.web.urls import page_url

area = Area("inbox")
DB = Annotated[Session, Depends(db_session)]


@area.page(
    "/inbox",
    template="inbox.html",
    active="inbox",
    model=Inbox,
    summary="我的待办：预警、待审核、被退回的报告 / the user's notifications",
)
def inbox(session: DB, user: SignedIn) -> dict[str, Any]:
    data = progress_views.inbox_page(session, user)
    links = [
        {k: v for k, v in i.items() if k != "page"} | {"link": page_url(i["page"])} for i in data["items"]
    ]
    return {**data, "items": links}


@area.api.get(
    "/inbox/count", summary="待办数量（导航栏徽标）/ how many notifications", response_model=InboxCount
)
def inbox_count(session: DB, user: SignedIn) -> Response:
    return json_reply({"count": len(notifications.inbox_all(session, user))})
