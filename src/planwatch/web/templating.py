"""The Jinja2 environment shared by every page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from starlette.requests import Request

from planwatch.model.user import ROLE_NAMES, User
from planwatch.services import clock
from planwatch.web.assets import manifest
from planwatch.web.deps import USER_KEY, csrf_token
from planwatch.web.urls import url

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
# The templates ship inside the package and change only with a new release (or a restarted development
# server): no file-system check of every template's modification time on every render.
templates.env.auto_reload = False
templates.env.globals["ROLE_NAMES"] = ROLE_NAMES
templates.env.globals["url"] = url  # every link from its route's name (web/urls.py)
templates.env.globals["ENTITY_KINDS"] = {
    "project": "重大项目",
    "organization": "机构",
    "place": "地点",
    "formulation": "提法",
}


def _auth_context(request: Request) -> dict[str, Any]:
    """Every template gets the signed-in user (or None) and the session's CSRF token."""
    user = request.scope.get(USER_KEY)
    return {"user": user if isinstance(user, User) else None, "csrf_token": csrf_token(request)}


templates.context_processors.append(_auth_context)


def number(value: float | int | None) -> str:
    """A value as people write it in a table: 1260582, 3.08, 0.44 — never 1.26058e+06."""
    if value is None:
        return ""
    v = float(value)
    if v != v or v in (float("inf"), float("-inf")):
        return str(v)
    text = f"{round(v, 4):f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


templates.env.filters["num"] = number


@pass_context
def local_time(context: Any, value: datetime | str | None, seconds: bool = False) -> str:
    """A stored (UTC) time in the ``display_timezone`` setting, labelled: 2026-12-07 09:30（北京时间）."""
    request = context.get("request")
    settings = getattr(getattr(getattr(request, "app", None), "state", None), "settings", None)
    tz = getattr(settings, "display_timezone", clock.DEFAULT_TIMEZONE)
    return clock.local_text(value, tz, seconds=seconds)


templates.env.filters["localtime"] = local_time


def short(text: str | None, limit: int = 24) -> str:
    """A task's sentence cut to a heading's length: its first words and an ellipsis."""
    value = text or ""
    return value if len(value) <= limit else value[: limit - 1] + "…"


templates.env.filters["short"] = short


def asset(name: str) -> str:
    """A static file's URL with its content hash (``asset('js/app.js')`` → ``/static/js/app.<hash>.js``),
    which the browser may cache for a year: a changed file gets a new URL."""
    return manifest().url(name)


templates.env.globals["asset"] = asset
