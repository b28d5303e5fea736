"""Middleware that rewrites each HTTP response's headers as the response starts (the security
headers, the tidied Vary after gzip)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class StartHeadersMiddleware:
    """Plain ASGI (not BaseHTTPMiddleware, which runs ``receive`` in a task group of its own and
    would turn an exception raised while the body is read, such as a 413, into an exception group).
    A subclass says in :meth:`rewrite` what it changes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_rewritten(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.rewrite(MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, send_rewritten)

    def rewrite(self, headers: MutableHeaders) -> None:
        raise NotImplementedError
