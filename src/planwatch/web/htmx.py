"""What htmx tells the server about a request."""

from __future__ import annotations

from fastapi import Request


def is_htmx(request: Request) -> bool:
    """The request was sent by htmx (it swaps the reply into the page: send a fragment)."""
    return request.headers.get("hx-request") == "true"
