"""Rendered pages kept per change revision (issue 18): a busy page is rendered once per write, not
once per request.

The key is everything the template sees: the database and its change revision, today's date, the
template, the path and query, the headers that choose a representation and the signed-in user. The
session's CSRF token is the one per-visitor value every page carries: pages are rendered with a
placeholder in its place, and each reply gets the visitor's own token put in. Entries live in the
bounded, thread-safe ``services.memo`` store, so a write invalidates them like any cached data.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from planwatch.model import User
from planwatch.services import memo
from planwatch.web.deps import USER_KEY, csrf_token
from planwatch.web.etag import VARY
from planwatch.web.respcache import plan_in_path
from planwatch.web.templating import templates

# URL-safe characters only, as a real token: nothing escapes it on the way into the page.
_PLACEHOLDER = f"csrf{secrets.token_hex(16)}"


def page(request: Request, session: Session, name: str, context: dict[str, Any]) -> HTMLResponse:
    """``templates.TemplateResponse(request, name, context)``, rendered at most once per change
    revision for the same URL, user and representation. ``context`` must be made from the database
    and the request URL only (what the key holds)."""
    user = request.scope.get(USER_KEY)
    key = (
        name,
        request.url.path,
        request.url.query,
        user if isinstance(user, User) else None,
        tuple(request.headers.get(h, "") for h in VARY),
    )

    def render() -> str:
        full: dict[str, Any] = {**context, "request": request}
        for processor in templates.context_processors:
            full.update(processor(request))
        full["csrf_token"] = _PLACEHOLDER
        return templates.get_template(name).render(full)

    html = memo.cached(session, "page", key, render, plan=plan_in_path(request.url.path))
    return HTMLResponse(html.replace(_PLACEHOLDER, csrf_token(request)))
