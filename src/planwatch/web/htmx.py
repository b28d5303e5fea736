"""What the routes need to know about htmx: whether a request came from it, and the header that
tells ``app.js`` to swap an error reply in like a success (it is a form to correct)."""

from __future__ import annotations

from fastapi import Request

FRAGMENT_HEADER = {"X-PlanWatch-Fragment": "1"}


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
