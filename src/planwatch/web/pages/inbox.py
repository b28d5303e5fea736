"""收件箱: the signed-in user's warnings, reports to review and returned reports, over every plan."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from planwatch.services.views import progress as progress_views
from planwatch.web.deps import SignedIn, db_session
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]


@router.get("/inbox", response_class=HTMLResponse)
def inbox(request: Request, session: DB, user: SignedIn) -> Response:
    data = progress_views.inbox_page(session, user)
    return templates.TemplateResponse(
        request, "inbox.html", {"data": data, "json_url": "/api/v1/inbox", "active": "inbox"}
    )
