"""Request dependencies: the database session, the signed-in user, permission checks, CSRF.

The session cookie is read once per request by ``planwatch.web.auth.SessionMiddleware``, which puts
a :class:`SessionState` and the signed-in user (checked against the database) into the ASGI scope.
Pages and API routes only use the dependencies below.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection

from planwatch.model import User
from planwatch.services.jobs import JobRunner
from planwatch.settings import Settings

SESSION_KEY = "planwatch.session"
USER_KEY = "planwatch.user"
DB_KEY = "planwatch.db"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AuthError(Exception):
    """Refused for lack of a login (401) or of a permission or CSRF token (403).

    The handler installed by ``planwatch.web.auth`` turns it into JSON for the API and htmx, and into
    a redirect to the login page (401) or an error page (403) for pages.
    """

    def __init__(self, status: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.hint = hint


class SessionState:
    """The signed cookie's content: ``csrf`` for everyone, ``uid`` and ``sv`` (the user's session
    version) once logged in. Changing it makes the middleware send a new cookie."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data: dict[str, Any] = dict(data or {})
        self.modified = False

    def csrf_token(self) -> str:
        token = self.data.get("csrf")
        if not isinstance(token, str) or not token:
            token = secrets.token_urlsafe(32)
            self.data["csrf"] = token
            self.modified = True
        return token

    def log_in(self, user_id: int, session_version: int) -> None:
        # A fresh CSRF token at login: a token an attacker planted before the login is worth nothing.
        self.data = {"uid": user_id, "sv": session_version, "csrf": secrets.token_urlsafe(32)}
        self.modified = True

    def log_out(self) -> None:
        self.data = {"csrf": secrets.token_urlsafe(32)}
        self.modified = True

    @property
    def user_id(self) -> int | None:
        uid = self.data.get("uid")
        return uid if isinstance(uid, int) and not isinstance(uid, bool) else None

    @property
    def session_version(self) -> int | None:
        sv = self.data.get("sv")
        return sv if isinstance(sv, int) and not isinstance(sv, bool) else None


def session_state(conn: HTTPConnection) -> SessionState:
    state = conn.scope.get(SESSION_KEY)
    if not isinstance(state, SessionState):
        # Only without the middleware (a bare test app): a throwaway state that never reaches a cookie.
        state = SessionState()
        conn.scope[SESSION_KEY] = state
    return state


def csrf_token(conn: HTTPConnection) -> str:
    return session_state(conn).csrf_token()


def job_runner(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.jobs
    return runner


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


class PendingTransaction:
    """The request's database session until its transaction is finished."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.finished = False


def db_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back on error.

    FastAPI runs the code after ``yield`` only once the response has been sent, so a client could
    read before the write it was just told about is committed (or be told of a write whose commit
    then fails). ``planwatch.web.auth.CommitMiddleware`` therefore commits the pending transaction
    just before the response starts; the commit here then finds nothing left to do.
    """
    session: Session = request.app.state.sessions()
    pending = PendingTransaction(session)
    request.scope[DB_KEY] = pending
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        pending.finished = True
        session.close()


def request_session(request: Request) -> Session:
    """The request's own session (``db_session`` opened it): for template values a page computes
    from the request after its view ran."""
    pending: PendingTransaction = request.scope[DB_KEY]
    return pending.session


async def current_user(request: Request) -> User | None:
    """The signed-in user, or None. Already checked against the database by the middleware: the
    account is active and the session not ended (password change, disabling, logout)."""
    user = request.scope.get(USER_KEY)
    return user if isinstance(user, User) else None


CurrentUser = Annotated[User | None, Depends(current_user)]


async def require_user(user: CurrentUser) -> User:
    if user is None:
        raise AuthError(401, "请先登录。", "登录后才能进行此操作。")
    return user


async def require_planner(user: Annotated[User, Depends(require_user)]) -> User:
    if user.role not in ("admin", "planner"):
        raise AuthError(403, "没有权限：需要规划处或管理员角色。")
    return user


async def require_admin(user: Annotated[User, Depends(require_user)]) -> User:
    if user.role != "admin":
        raise AuthError(403, "没有权限：只有管理员可以访问。")
    return user


async def verify_csrf(request: Request) -> None:
    """For every state-changing request: the session's token, from the X-CSRF-Token header (htmx,
    scripts, API clients) or the csrf_token form field (plain forms)."""
    if request.method in SAFE_METHODS:
        return
    expected = session_state(request).data.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if (
        not isinstance(expected, str)
        or not expected
        or not sent
        or not secrets.compare_digest(sent.encode(), expected.encode())
    ):
        raise AuthError(
            403,
            "请求缺少有效的安全令牌（CSRF），已拒绝。",
            "请刷新页面后重试；如长时间未操作，可能需要重新登录。",
        )


SignedIn = Annotated[User, Depends(require_user)]
Planner = Annotated[User, Depends(require_planner)]
Admin = Annotated[User, Depends(require_admin)]
CSRF = Depends(verify_csrf)
