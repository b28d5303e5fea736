"""How refusals look: in Chinese, as JSON for the API (and htmx, and clients that ask for JSON), as
the error page otherwise; every JSON refusal carries a ``code`` (``model/error_codes.py``) a client can
key on. Our services' errors become ``payload`` (mapped to a status in ``web/app.py``); those that do
not come from our services:

- Starlette/FastAPI HTTP errors (404, 405, a body that cannot be parsed, 413 …) get Chinese text;
- validation errors (422) name the field and say what is wrong with it, in Chinese;
- a SQLite write that waited its ``busy_timeout`` in vain is a 503 with Retry-After, not a 500;
- a unique constraint lost to a concurrent request is a 409 asking to retry.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection
from starlette.types import Scope

from planwatch.model import ErrorCode, PlanWatchError
from planwatch.web.hints import HINTS
from planwatch.web.templating import templates

RETRY_AFTER_SECONDS = 5

_BY_STATUS = {
    400: ("请求格式无效，无法解析。", "请检查提交的内容（表单或 JSON）是否完整、格式是否正确。"),
    404: ("找不到该页面或接口。", "请检查地址是否正确。"),
    405: ("该地址不支持此请求方法。", "请检查请求方法（GET、POST 等）是否正确。"),
    413: ("请求内容过大，已拒绝。", "请减少内容后重试。"),
    415: ("不支持的请求内容类型。", "请以 JSON 或表单格式提交。"),
}
_CODES = {
    400: ErrorCode.REQUEST_MALFORMED,
    401: ErrorCode.LOGIN_REQUIRED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.REQUEST_TOO_LARGE,
    415: ErrorCode.MEDIA_TYPE_UNSUPPORTED,
    422: ErrorCode.INPUT_INVALID,  # our routes' own refusals of a list or text too long
}


def status_code(status: int) -> ErrorCode:
    """The code of an HTTP refusal that no error of ours names more closely."""
    return _CODES.get(status, ErrorCode.ERROR)


def payload(exc: PlanWatchError) -> dict[str, Any]:
    """One of our errors as the web shows it, as JSON or on a page: the hint in the web's own words
    (``web/hints.py``, a page where the CLI would name a command) and the error's code."""
    return {"error": exc.message, "where": exc.where, "hint": exc.hint_in(HINTS), "code": str(exc.code)}


def _wants_json(conn: HTTPConnection) -> bool:
    return (
        conn.url.path.startswith("/api/")
        or "application/json" in conn.headers.get("accept", "")
        or conn.headers.get("hx-request") == "true"
    )


def error_response(
    conn: HTTPConnection,
    status: int,
    message: str,
    hint: str | None = None,
    *,
    code: ErrorCode,
    where: str | None = None,
    headers: dict[str, str] | None = None,
    details: list[dict[str, Any]] | None = None,
) -> Response:
    payload: dict[str, Any] = {"error": message, "where": where, "hint": hint, "code": str(code)}
    if details is not None:
        payload["details"] = details
    if _wants_json(conn) or not isinstance(conn, Request):
        return JSONResponse(payload, status_code=status, headers=headers)
    return templates.TemplateResponse(
        conn, "error.html", {"error": payload}, status_code=status, headers=headers
    )


def http_error_response(scope: Scope, status: int, message: str, hint: str | None = None) -> Response:
    """For middleware that answers before any route (no Request object to render a page with)."""
    conn = HTTPConnection(scope)
    body = {"error": message, "where": None, "hint": hint, "code": str(status_code(status))}
    return (
        JSONResponse(body, status_code=status)
        if _wants_json(conn)
        else Response(
            f"{message}\n{hint or ''}\n", status_code=status, media_type="text/plain; charset=utf-8"
        )
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message, hint = _BY_STATUS.get(exc.status_code, (None, None))
    detail = str(exc.detail) if exc.detail else ""
    status = exc.status_code
    if "exceeded maximum size" in detail or "Too many" in detail:
        # Starlette's multipart limits (a field over 1 MB, too many fields or files).
        status, message, hint = (
            413,
            "表单中某一项内容过长或项目过多，已拒绝。",
            "请缩短文字或减少文件后重试。",
        )
    elif any("\u4e00" <= c <= "\u9fff" for c in detail):
        message = detail  # already ours (BodyTooLarge and friends)
        hint = getattr(exc, "hint", None) or (hint if status not in (413, 422) else None)
    elif message is None:
        message = f"请求未能完成（HTTP {status}）。"
    headers = getattr(exc, "headers", None)
    return error_response(request, status, message, hint, code=status_code(status), headers=headers)


_PROBLEMS = {
    "missing": "缺少此项",
    "string_too_long": "过长，最多 {max_length} 个字符",
    "string_too_short": "过短，至少 {min_length} 个字符",
    "too_long": "项目过多，最多 {max_length} 项",
    "too_short": "项目过少，至少 {min_length} 项",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "int_from_float": "须为整数",
    "float_parsing": "须为数字",
    "float_type": "须为数字",
    "finite_number": "须为有限的数字",
    "bool_parsing": "须为 true 或 false",
    "bool_type": "须为 true 或 false",
    "string_type": "须为文字",
    "list_type": "须为列表",
    "dict_type": "须为对象",
    "model_attributes_type": "须为 JSON 对象",
    "json_invalid": "不是有效的 JSON",
    "greater_than": "须大于 {gt}",
    "greater_than_equal": "须不小于 {ge}",
    "less_than": "须小于 {lt}",
    "less_than_equal": "须不大于 {le}",
    "enum": "须为以下之一：{expected}",
    "literal_error": "须为以下之一：{expected}",
    "date_parsing": "须为日期（如 2026-03-31）",
    "date_from_datetime_parsing": "须为日期（如 2026-03-31）",
    "string_pattern_mismatch": "格式不正确",
    "value_error": "取值无效",
    "extra_forbidden": "不是可识别的项",
}
_PLACES = {"body": "请求内容", "query": "查询参数", "path": "地址", "header": "请求头", "cookie": "Cookie"}


def _field(loc: tuple[Any, ...]) -> str:
    place = _PLACES.get(str(loc[0]), str(loc[0])) if loc else "请求"
    rest = ".".join(str(part) for part in loc[1:])
    return f"{place} {rest}".strip() if rest else place


def _problem(error: dict[str, Any]) -> str:
    template = _PROBLEMS.get(str(error.get("type")), "取值无效")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return template.split("{")[0].rstrip("，：")


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = [{"field": _field(tuple(e.get("loc", ()))), "problem": _problem(e)} for e in exc.errors()]
    listed = "；".join(f"{d['field']}：{d['problem']}" for d in details[:5])
    more = f"等 {len(details)} 处" if len(details) > 5 else ""
    return error_response(
        request,
        422,
        f"提交的内容有误：{listed}{more}。",
        "请按接口说明（/api/v1/docs）修改后重试。",
        code=ErrorCode.INPUT_INVALID,
        details=details,
    )


def _locked(exc: OperationalError) -> bool:
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    return "database is locked" in text or "database is busy" in text or "deadlock detected" in text


async def _operational_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, OperationalError)
    if not _locked(exc):
        raise exc
    return error_response(
        request,
        503,
        "数据库正忙（其他用户正在写入），本次修改未保存。",
        f"请在 {RETRY_AFTER_SECONDS} 秒后重试。",
        code=ErrorCode.DATABASE_BUSY,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


async def _integrity_error(request: Request, exc: Exception) -> Response:
    return error_response(
        request,
        409,
        "与同时进行的另一项修改冲突，本次修改未保存。",
        "请刷新后重试。",
        code=ErrorCode.WRITE_CONFLICT,
    )


async def _data_error(request: Request, exc: Exception) -> Response:
    return error_response(
        request,
        400,
        "提交的数据超出数据库允许的范围（如数字过大），未保存。",
        "请检查填写的数字和文字后重试。",
        code=ErrorCode.VALUE_OUT_OF_RANGE,
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(OperationalError, _operational_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
