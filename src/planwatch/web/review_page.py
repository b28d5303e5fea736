"""The 待审核 page (progress reports and 调整申请 waiting for a decision) sent back with an error by
either review form: web/routes/progress.py (reports) and web/routes/division.py (requests)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from planwatch.model import InputError
from planwatch.services.views.progress import reviews_page
from planwatch.settings import Settings
from planwatch.web.forms import error_line
from planwatch.web.templating import templates
from planwatch.web.urls import url


def refused(
    request: Request, session: Session, settings: Settings, plan: str, exc: InputError, **which: int
) -> Response:
    """The page again with ``exc`` beside the report or request it is about (``which``:
    ``error_report=`` or ``error_request=`` its id), 400."""
    data: dict[str, Any] = reviews_page(session, plan)
    context = {
        "data": data,
        "plan": data["plan"],
        "error": error_line(exc),
        **which,
        "separate": settings.separate_review_duties,
        "json_url": url("api.reviews", plan=plan),
        "active": "reviews",
    }
    return templates.TemplateResponse(request, "reviews.html", context, status_code=400)
