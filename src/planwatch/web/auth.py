"""Sessions, login and logout, and how refusals look.

A session is a cookie signed with the application's secret key (itsdangerous), holding the user's id,
the user's session version and a CSRF token; nothing is stored server-side but the version, which
ends every session of a user at once when bumped (password change, disabling, logout). The cookie is
HttpOnly and SameSite=Lax, Secure when the request came over https, and expires after
``session_max_age`` seconds. Every request's user is checked against the database, so a disabled
account is logged out at its next request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from http.cookies import SimpleCookie
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planwatch.model import ErrorCode, User
from planwatch.services.admin import logins
from planwatch.services.admin import users as users_service
from planwatch.settings import Settings
from planwatch.web import respcache, revision_reads
from planwatch.web.deps import (
    CSRF,
    DB_KEY,
    SESSION_KEY,
    USER_KEY,
    AuthError,
    CurrentUser,
    PendingTransaction,
    SessionState,
    csrf_token,
    session_state,
    settings_of,
)
from planwatch.web.errors import status_code
from planwatch.web.templating import templates
from planwatch.web.urls import url

COOKIE = "planwatch_session"
SALT = "planwatch.session"
_KEPT_USERS = 1024
# Reachable without a login when public_read is off: the login form, its assets, and /api/v1/me,
# which tells an API client its CSRF token before it logs in.
OPEN_PATHS = ("/login", "/static/", "/api/v1/me", "/favicon.ico")


def _wants_json(conn: HTTPConnection) -> bool:
    return (
        conn.url.path.startswith("/api/")
        or "application/json" in conn.headers.get("accept", "")
        or conn.headers.get("hx-request") == "true"
    )


def safe_next(target: str | None) -> str:
    """Where to go after login: a path on this site only (no //host or scheme: an open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return "/"
    return target


def login_url(conn: HTTPConnection) -> str:
    here = conn.url.path + (f"?{conn.url.query}" if conn.url.query else "")
    login = url("login_form")
    return login if here in ("/", login) else url("login_form", query={"next": here})


class SessionMiddleware:
    """Reads and writes the session cookie and resolves the signed-in user, once per request."""

    def __init__(
        self, app: ASGIApp, *, secret_key: str, sessions: sessionmaker[Session], settings: Settings
    ) -> None:
        self.app = app
        self.serializer = URLSafeTimedSerializer(secret_key, salt=SALT)
        self.sessions = sessions
        self.settings = settings
        self._users: OrderedDict[tuple[tuple[str, str], int, int], User] = OrderedDict()
        self._lock = threading.Lock()

    def _decode(self, raw: str | None) -> dict[str, Any]:
        if not raw:
            return {}
        try:
            data = self.serializer.loads(raw, max_age=self.settings.session_max_age)
        except (BadSignature, ValueError, TypeError):
            return {}
        return data if isinstance(data, dict) else {}

    def _user(self, scope: Scope, user_id: int, version: int) -> User | None:
        # Kept per change revision: disabling a user, a new password or a logout is a write that
        # moves the revision, so a kept user is never one the database has since refused.
        key = respcache.revision_key(scope)
        known = None if key is None else (key, user_id, version)
        if known is not None:
            with self._lock:
                if known in self._users:
                    self._users.move_to_end(known)
                    return self._users[known]
        with self.sessions() as session:
            user = users_service.session_user(session, user_id, version)
        if known is not None and user is not None:
            with self._lock:
                self._users[known] = user
                while len(self._users) > _KEPT_USERS:
                    self._users.popitem(last=False)
        return user

    def cookie(self, state: SessionState, secure: bool) -> str:
        cookie: SimpleCookie = SimpleCookie()
        cookie[COOKIE] = self.serializer.dumps(state.data)
        morsel = cookie[COOKIE]
        morsel["path"] = "/"
        morsel["max-age"] = str(self.settings.session_max_age)
        morsel["httponly"] = True
        morsel["samesite"] = "Lax"
        if secure:
            morsel["secure"] = True
        return morsel.OutputString()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        state = SessionState(self._decode(conn.cookies.get(COOKIE)))
        user: User | None = None
        uid, version = state.user_id, state.session_version
        if uid is not None:
            await revision_reads.read_into(scope)  # the kept user is keyed on it (``_user``)
            user = await run_in_threadpool(self._user, scope, uid, version or 0)
            if user is None:  # disabled, password changed, logged out elsewhere, or deleted
                state.log_out()
        scope[SESSION_KEY] = state
        scope[USER_KEY] = user

        path = conn.url.path
        if not self.settings.public_read and user is None and not path.startswith(OPEN_PATHS):
            if _wants_json(conn):
                response: Response = JSONResponse(
                    {
                        "error": "请先登录。",
                        "hint": "本站未开放匿名访问。",
                        "code": str(ErrorCode.LOGIN_REQUIRED),
                    },
                    status_code=401,
                )
            else:
                response = RedirectResponse(login_url(conn), status_code=303)
            await self._respond(response, state, scope, receive, send)
            return

        secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if state.modified:
                    headers.append("Set-Cookie", self.cookie(state, secure))
                if user is not None and not path.startswith("/static/"):
                    # A signed-in page must not be kept by shared caches or shown from history after logout.
                    headers.setdefault("Cache-Control", "no-store")
                if not path.startswith("/static/"):
                    # Static files are the same for everyone: a new session cookie must not make
                    # the browser fetch its year-long cached copies again.
                    headers.add_vary_header("Cookie")
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    async def _respond(
        self, response: Response, state: SessionState, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if state.modified:
            response.headers.append("Set-Cookie", self.cookie(state, scope.get("scheme") == "https"))
        await response(scope, receive, send)


class CommitMiddleware:
    """Commits the request's transaction (see ``deps.db_session``) before the response starts.

    A handler that raised has had its transaction rolled back by then (the dependency exits before
    the error response is built), so only the work of handlers that returned is committed. A failing
    commit propagates and becomes a 500 instead of a success reply for an unsaved change.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_after_commit(message: Message) -> None:
            if message["type"] == "http.response.start":
                pending = scope.get(DB_KEY)
                if isinstance(pending, PendingTransaction) and not pending.finished:
                    await run_in_threadpool(pending.session.commit)
            await send(message)

        await self.app(scope, receive, send_after_commit)


async def _auth_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AuthError)
    if _wants_json(request):
        body = {"error": exc.message, "hint": exc.hint, "code": str(status_code(exc.status))}
        response: Response = JSONResponse(body, status_code=exc.status)
        if exc.status == 401 and request.headers.get("hx-request") == "true":
            response.headers["HX-Redirect"] = login_url(request)
        return response
    if exc.status == 401:
        return RedirectResponse(login_url(request), status_code=303)
    payload = {"error": exc.message, "where": None, "hint": exc.hint}
    return templates.TemplateResponse(request, "error.html", {"error": payload}, status_code=exc.status)


def install(app: FastAPI, settings: Settings) -> None:
    """Add sessions, the login routes, the refusal handler and the commit-before-reply to ``app``
    (called by create_app)."""
    sessions: sessionmaker[Session] = app.state.sessions
    key = logins.signing_key(app.state.engine, settings)
    app.add_middleware(CommitMiddleware)
    app.add_middleware(SessionMiddleware, secret_key=key, sessions=sessions, settings=settings)
    app.add_exception_handler(AuthError, _auth_error)
    app.include_router(router)


# -- routes ------------------------------------------------------------------------------------------

router = APIRouter(include_in_schema=False)


def _login_page(
    request: Request,
    *,
    next_url: str,
    username: str = "",
    error: str | None = None,
    status: int = 200,
    notice: str | None = None,
) -> Response:
    return templates.TemplateResponse(
        request,
        "login.html",
        {"next": next_url, "username": username, "error": error, "notice": notice},
        status_code=status,
    )


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: CurrentUser, next: str | None = None, out: int = 0) -> Response:
    notice = "已退出登录。" if out else None
    if user is not None and not out:
        notice = f"您已以“{user.display_name}”身份登录；可在下方换一个账号登录。"
    return _login_page(request, next_url=safe_next(next), notice=notice)


def _attempt(
    request: Request, settings: Settings, username: str, password: str
) -> users_service.LoginResult | users_service.LoginFailed:
    ip = request.client.host if request.client else "unknown"
    return logins.attempt(request.app.state.engine, settings, username, password, ip)


@router.post("/login", dependencies=[CSRF])
def login(
    request: Request,
    settings: Annotated[Settings, Depends(settings_of)],
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2048)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    target = safe_next(next)
    name = username.strip()
    try:
        result = _attempt(request, settings, name, password)
    except users_service.LoginThrottled as exc:
        headers = {"Retry-After": str(exc.retry_after)}
        if _wants_json(request):
            body = {
                "error": exc.message,
                "hint": exc.hint,
                "retry_after": exc.retry_after,
                "code": str(ErrorCode.LOGIN_THROTTLED),
            }
            return JSONResponse(body, status_code=429, headers=headers)
        response = _login_page(request, next_url=target, username=name, error=exc.message, status=429)
        response.headers.update(headers)
        return response
    if isinstance(result, users_service.LoginFailed):
        if _wants_json(request):
            body = {"error": result.message, "hint": result.hint, "code": str(ErrorCode.LOGIN_FAILED)}
            return JSONResponse(body, status_code=401)
        return _login_page(request, next_url=target, username=name, error=result.message, status=401)
    state = session_state(request)
    state.log_in(result.user.id, result.session_version)
    if _wants_json(request):
        return JSONResponse({"user": users_service.user_dict(result.user), "csrf_token": state.csrf_token()})
    return RedirectResponse(target, status_code=303)


@router.post("/logout", dependencies=[CSRF])
def logout(request: Request, user: CurrentUser) -> Response:
    if user is not None:
        # Ends this user's sessions in every browser: a copied cookie must not outlive the logout.
        logins.end_sessions(request.app.state.engine, user)
    session_state(request).log_out()
    if _wants_json(request):
        return JSONResponse({"user": None, "csrf_token": csrf_token(request)})
    return RedirectResponse(url("login_form", query={"out": 1}), status_code=303)
