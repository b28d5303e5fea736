"""管理 (admins only): users (add, role and unit, password, disable) and the audit log with its CSV
export; and the signed-in user (/me). Every form carries the CSRF token; every change goes through
services.admin.users, which writes the audit log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.model import InputError, User
from planwatch.services.admin import audit
from planwatch.services.admin import users as users_service
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Admin, CurrentUser, csrf_token
from planwatch.web.forms import error_line
from planwatch.web.params import DB, Config
from planwatch.web.schemas.admin import AuditPage, Me, UserReply, UsersPage
from planwatch.web.templating import templates
from planwatch.web.twin import Area
from planwatch.web.urls import url

area = Area("users")
audit_area = Area("audit")
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


@area.api.get(
    "/me", response_model=Me, summary="当前用户及 CSRF 令牌 / the signed-in user and the CSRF token"
)
def me(request: Request, user: CurrentUser) -> dict[str, Any]:
    """``user`` is null when not logged in. Send ``csrf_token`` as the X-CSRF-Token header (or the
    csrf_token form field) with every POST, PUT, PATCH and DELETE."""
    return {
        "user": users_service.user_dict(user) if user else None,
        "csrf_token": csrf_token(request),
        "permissions": {
            "edit_plans": bool(user and user.can_edit_plans),
            "admin": bool(user and user.active and user.role == "admin"),
        },
    }


# -- users ---------------------------------------------------------------------------------------


def _done_message(request: Request, data: Any) -> dict[str, Any]:
    done, user = request.query_params.get("done"), request.query_params.get("user", "")[:64]
    return {"done": DONE[done].format(user) if done in DONE else None, "form": {}, "active_admin": "users"}


@area.page(
    "/admin",
    api="/users",
    template="admin.html",
    context=_done_message,
    model=UsersPage,
    summary="用户列表（管理员） / users (admins); JSON twin of the 管理 page",
)
def users(session: DB, settings: Config, admin: Admin) -> dict[str, Any]:
    return users_service.users_page(session, settings)


class NewUser(BaseModel):
    username: str = Field(max_length=64, description="用户名 / login name")
    password: str = Field(max_length=1024, description="至少 8 个字符 / at least 8 characters")
    role: str = Field(max_length=16, description="admin / planner / reporter / viewer")
    department: str | None = Field(None, max_length=200, description="部门填报员所属单位 / a reporter's unit")
    display_name: str | None = Field(None, max_length=100, description="显示名 / display name")


class UserChange(BaseModel):
    role: str | None = None
    department: str | None = None
    display_name: str | None = Field(None, max_length=100)
    active: bool | None = None
    password: str | None = Field(None, max_length=1024)


def _create(session: Session, settings: Settings, body: NewUser, admin: User) -> User:
    """The one body of 新增用户, for the form and the API alike (an empty field is no value)."""
    return users_service.create_user(
        session,
        settings,
        body.username,
        body.password,
        body.role,
        department=body.department or None,
        display_name=body.display_name or None,
        by=admin,
    )


def _done(code: str, username: str) -> Response:
    return RedirectResponse(url("users", query={"done": code, "user": username}), status_code=303)


def _failed(
    request: Request, session: Session, settings: Settings, exc: InputError, form: dict[str, str]
) -> Response:
    # The failed change was rolled back; the page is read again in a clean transaction.
    session.rollback()
    return templates.TemplateResponse(
        request,
        "admin.html",
        {
            "data": users_service.users_page(session, settings),
            "done": None,
            "error": error_line(exc),
            "form": form,
            "json_url": url("api.users"),
            "active_admin": "users",
        },
        status_code=400,
    )


@area.pages.post("/admin/users", dependencies=[CSRF])
def add_user_form(
    request: Request, session: DB, settings: Config, admin: Admin, body: Annotated[NewUser, Form()]
) -> Response:
    try:
        user = _create(session, settings, body, admin)
    except InputError as exc:
        form = body.model_dump(include={"username", "role", "department", "display_name"})
        return _failed(request, session, settings, exc, {k: v or "" for k, v in form.items()})
    return _done("add", user.username)


@area.api.post(
    "/users",
    status_code=201,
    dependencies=[CSRF],
    response_model=UserReply,
    summary="新增用户（管理员） / add a user",
)
def add_user(body: NewUser, session: DB, settings: Config, admin: Admin) -> dict[str, Any]:
    return {"user": users_service.user_dict(_create(session, settings, body, admin))}


@area.api.patch(
    "/users/{username}",
    dependencies=[CSRF],
    response_model=UserReply,
    summary="修改用户（管理员） / change a user's role, unit, state",
)
def change_user(
    username: str, body: UserChange, session: DB, settings: Config, admin: Admin
) -> dict[str, Any]:
    user = users_service.get_user(session, username)
    if body.role is not None or body.department is not None or body.display_name is not None:
        user = users_service.update_user(
            session,
            settings,
            username,
            role=body.role,
            department=body.department,
            display_name=body.display_name,
            by=admin,
        )
    if body.password is not None:
        user = users_service.change_password(session, username, body.password, by=admin)
    if body.active is not None:
        user = users_service.set_active(session, username, body.active, by=admin)
    return {"user": users_service.user_dict(user)}


@area.pages.post("/admin/users/{username}/role", dependencies=[CSRF])
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


@area.pages.post("/admin/users/{username}/password", dependencies=[CSRF])
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
        return RedirectResponse(f"{url('login_form')}?next={url('users')}", status_code=303)
    return _done("passwd", user.username)


@area.pages.post("/admin/users/{username}/active", dependencies=[CSRF])
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


# -- the audit log -------------------------------------------------------------------------------


def audit_filter(
    username: Annotated[str | None, Query(max_length=64, description="用户名 / who")] = None,
    action: Annotated[
        str | None,
        Query(max_length=64, description="操作，如 user.add；以 . 结尾表示前缀 / action or prefix."),
    ] = None,
    target: Annotated[
        str | None, Query(max_length=200, description="对象包含的文字 / target contains")
    ] = None,
    since: Annotated[str | None, Query(description="起始日期 YYYY-MM-DD（北京时间）/ from date")] = None,
    until: Annotated[
        str | None, Query(description="截止日期 YYYY-MM-DD（含当日）/ to date, inclusive")
    ] = None,
) -> audit.AuditFilter:
    """The audit filters from the query string; the page, its CSV and the API read them alike."""
    return audit.make_filter(username=username, action=action, target=target, since=since, until=until)


Filter = Annotated[audit.AuditFilter, Depends(audit_filter)]


def _audit_links(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    filters = {k: v for k, v in data["filters"].items() if v}
    offset, limit, total = data["offset"], data["limit"], data["total"]

    def at(n: int) -> str:
        return url("audit_log", query={**filters, "offset": n})

    return {
        "csv_url": url("admin_audit_csv", query=filters),
        "prev_url": at(max(0, offset - limit)) if offset else None,
        "next_url": at(offset + limit) if offset + limit < total else None,
        "active_admin": "audit",
    }


@audit_area.page(
    "/admin/audit",
    api="/audit",
    template="admin_audit.html",
    context=_audit_links,
    model=AuditPage,
    summary="审计日志（管理员） / audit log (admins)",
)
def audit_log(
    session: DB,
    admin: Admin,
    f: Filter,
    limit: Annotated[int, Query(ge=1, le=1000, description="每页条数 / page size")] = PAGE,
    offset: Annotated[int, Query(ge=0, description="跳过条数 / offset")] = 0,
) -> dict[str, Any]:
    return audit.log_page(session, f, limit=limit, offset=offset)


@audit_area.pages.get("/admin/audit.csv")
def admin_audit_csv(session: DB, admin: Admin, f: Filter) -> Response:
    body = audit.to_csv(audit.entries(session, f, limit=CSV_LIMIT))
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": "attachment; filename=\"audit.csv\"; filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97.csv"
        },
    )
