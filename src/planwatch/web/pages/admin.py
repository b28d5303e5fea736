"""管理: users (add, role and unit, password, disable) and the audit log with its CSV export.

Admins only. Every form carries the CSRF token; every change goes through services.users, which
writes the audit log.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from planwatch.model import InputError
from planwatch.services.admin import audit
from planwatch.services.admin import users as users_service
from planwatch.settings import Settings
from planwatch.store.users import AuditFilter
from planwatch.web.api.audit import audit_filter
from planwatch.web.deps import CSRF, Admin, db_session, settings_of
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
PAGE = 100
CSV_LIMIT = 100_000

# Messages after a change, by code: the redirect carries the code, never text of its own.
DONE = {
    "add": "已新增用户 {}。",
    "update": "已修改用户 {} 的角色或所属单位。",
    "passwd": "已重设用户 {} 的密码；其已登录的会话全部失效。",
    "disable": "已停用用户 {}；其已登录的会话全部失效。",
    "enable": "已启用用户 {}。",
}


def _users_page(
    request: Request,
    session: Session,
    settings: Settings,
    *,
    done: str | None = None,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    return templates.TemplateResponse(
        request,
        "admin.html",
        {
            "data": users_service.users_page(session, settings),
            "done": done,
            "error": error,
            "form": form or {},
            "json_url": "/api/v1/users",
            "active_admin": "users",
        },
        status_code=status,
    )


def _done(code: str, username: str) -> Response:
    return RedirectResponse("/admin?" + urlencode({"done": code, "user": username}), status_code=303)


@router.get("/admin", response_class=HTMLResponse)
def admin_users(
    request: Request,
    session: DB,
    settings: Config,
    admin: Admin,
    done: str | None = None,
    user: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    message = DONE[done].format(user or "") if done in DONE else None
    return _users_page(request, session, settings, done=message)


def _failed(
    request: Request, session: Session, settings: Settings, exc: InputError, form: dict[str, str]
) -> Response:
    # The failed change was rolled back; the page is read again in a clean transaction.
    session.rollback()
    error = exc.message + (f"（{exc.hint}）" if exc.hint else "")
    return _users_page(request, session, settings, error=error, form=form, status=400)


@router.post("/admin/users", dependencies=[CSRF])
def add_user(
    request: Request,
    session: DB,
    settings: Config,
    admin: Admin,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    role: Annotated[str, Form(max_length=16)],
    department: Annotated[str, Form(max_length=200)] = "",
    display_name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    form = {"username": username, "role": role, "department": department, "display_name": display_name}
    try:
        user = users_service.create_user(
            session,
            settings,
            username,
            password,
            role,
            department=department or None,
            display_name=display_name or None,
            by=admin,
        )
    except InputError as exc:
        return _failed(request, session, settings, exc, form)
    return _done("add", user.username)


@router.post("/admin/users/{username}/role", dependencies=[CSRF])
def change_role(
    request: Request,
    username: str,
    session: DB,
    settings: Config,
    admin: Admin,
    role: Annotated[str, Form(max_length=16)],
    department: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        user = users_service.update_user(
            session,
            settings,
            username,
            role=role,
            department=department if role == "reporter" else "",
            by=admin,
        )
    except InputError as exc:
        return _failed(request, session, settings, exc, {})
    return _done("update", user.username)


@router.post("/admin/users/{username}/password", dependencies=[CSRF])
def reset_password(
    request: Request,
    username: str,
    session: DB,
    settings: Config,
    admin: Admin,
    password: Annotated[str, Form(max_length=1024)],
) -> Response:
    try:
        user = users_service.change_password(session, username, password, by=admin)
    except InputError as exc:
        return _failed(request, session, settings, exc, {})
    if user.id == admin.id:
        # Changing one's own password ends one's own sessions too: log in again with the new one.
        return RedirectResponse("/login?next=/admin", status_code=303)
    return _done("passwd", user.username)


@router.post("/admin/users/{username}/active", dependencies=[CSRF])
def set_active(
    request: Request,
    username: str,
    session: DB,
    settings: Config,
    admin: Admin,
    active: Annotated[str, Form(max_length=5)],
) -> Response:
    enable = active in ("1", "true", "on")
    try:
        user = users_service.set_active(session, username, enable, by=admin)
    except InputError as exc:
        return _failed(request, session, settings, exc, {})
    return _done("enable" if enable else "disable", user.username)


@router.get("/admin/audit", response_class=HTMLResponse)
def admin_audit(
    request: Request,
    session: DB,
    admin: Admin,
    f: Annotated[AuditFilter, Depends(audit_filter)],
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    data = audit.log_page(session, f, limit=PAGE, offset=offset)
    query = urlencode({k: v for k, v in data["filters"].items() if v})
    page_url = "/admin/audit?" + (query + "&" if query else "") + "offset="
    return templates.TemplateResponse(
        request,
        "admin_audit.html",
        {
            "data": data,
            "json_url": "/api/v1/audit" + (f"?{query}" if query else ""),
            "csv_url": "/admin/audit.csv" + (f"?{query}" if query else ""),
            "page_url": page_url,
            "prev_offset": max(0, offset - PAGE) if offset else None,
            "next_offset": offset + PAGE if offset + PAGE < data["total"] else None,
            "active_admin": "audit",
        },
    )


@router.get("/admin/audit.csv")
def admin_audit_csv(session: DB, admin: Admin, f: Annotated[AuditFilter, Depends(audit_filter)]) -> Response:
    body = audit.to_csv(audit.entries(session, f, limit=CSV_LIMIT))
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": "attachment; filename=\"audit.csv\"; filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97.csv"
        },
    )
