"""Bounds on what a request may send, enforced while the body is read.

``BodyLimitMiddleware`` refuses a body over its limit from its Content-Length before a byte is read,
and counts the bytes of a body sent without one (chunked), stopping at the limit: a 300 MB JSON
narrative costs at most the limit in memory, never the whole. Multipart uploads may be as large as
``max_request_bytes``; JSON and plain form bodies stop at ``max_json_bytes``.

``reject_control_characters`` is an app-wide dependency: every text a request carries (path and
query parameters, form fields and file names, JSON strings) is checked once, here, for control
characters (NUL above all, which PostgreSQL cannot store) and refused with a 400 in Chinese.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planwatch.model import InputError
from planwatch.settings import Settings

# C0 controls but tab, line feed and carriage return (which text areas send), DEL, and the C1 set.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NO_BODY = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "TRACE"})


def _mb(n: int) -> str:
    return f"{n / 1024**2:.0f} MB" if n >= 1024**2 else f"{n / 1024:.0f} KB"


class BodyTooLarge(HTTPException):
    """413, raised from inside ``receive`` so whoever is reading the body stops there. An
    HTTPException, so FastAPI's body parsing lets it through instead of turning it into a 400."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"请求内容过大，超过了上限 {_mb(limit)}，已拒绝。",
        )
        self.limit = limit
        self.hint = _too_large_hint()


def body_limit(settings: Settings, content_type: str) -> int:
    if content_type.startswith("multipart/"):
        return settings.max_request_bytes
    return min(settings.max_json_bytes, settings.max_request_bytes)


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        limit = body_limit(self.settings, headers.get("content-type", "").lower())
        declared = headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, receive, send, BodyTooLarge(limit))
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge as exc:
            # Raised where no handler turned it into a reply (e.g. a streaming route).
            if started:
                raise
            await _refuse(scope, receive, send, exc)


async def _refuse(scope: Scope, receive: Receive, send: Send, exc: BodyTooLarge) -> None:
    from planwatch.web.errors import http_error_response

    response = http_error_response(scope, exc.status_code, str(exc.detail), hint=_too_large_hint())
    response.headers["Connection"] = "close"  # the rest of the body is not read
    await response(scope, receive, send)


def _too_large_hint() -> str:
    return "请减少内容（如缩短文字、少传或压缩文件）后重试；管理员可调整 PLANWATCH_MAX_REQUEST_BYTES / PLANWATCH_MAX_JSON_BYTES。"


# -- control characters --------------------------------------------------------------------------------


def _strings(value: Any, depth: int = 0) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif depth > 64:
        return
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, depth + 1)


def _refuse_control(where: str) -> InputError:
    return InputError(
        f"{where}中含有不可见的控制字符（如 NUL），已拒绝。",
        where=where,
        hint="请删除从其他程序复制时带入的特殊字符后重试。",
    )


def check_text(value: str, where: str) -> None:
    if _CONTROL.search(value):
        raise _refuse_control(where)


async def reject_control_characters(request: Request) -> None:
    """Refuses a request whose texts hold control characters, wherever they are."""
    for value in request.path_params.values():
        if isinstance(value, str):
            check_text(value, "地址")
    for name, value in request.query_params.multi_items():
        check_text(name, "查询参数")
        check_text(value, "查询参数")
    if request.method in _NO_BODY:
        return
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()
        for name, value in form.multi_items():
            check_text(name, "表单")
            if isinstance(value, UploadFile):
                check_text(value.filename or "", "文件名")
            else:
                check_text(value, "表单")
    elif "json" in content_type:
        body = await request.body()
        try:
            data = json.loads(body) if body else None
        except ValueError:
            return  # the handler says the JSON is invalid
        except RecursionError:
            raise InputError(
                "请求内容（JSON）嵌套层数过多，无法处理，已拒绝。", hint="请检查提交的 JSON 结构。"
            ) from None
        for text in _strings(data):
            check_text(text, "请求内容")
