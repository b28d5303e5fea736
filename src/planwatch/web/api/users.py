"""The signed-in user (/me) and user administration (admins only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.services.admin import users as users_service
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Admin, CurrentUser, csrf_token, db_session, settings_of

router = APIRouter(tags=["users"])
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


@router.get("/me", summary="当前用户及 CSRF 令牌 / the signed-in user and the CSRF token")
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


class NewUser(BaseModel):
    username: str = Field(max_length=64, description="用户名 / login name")
    password: str = Field(max_length=1024, description="至少 8 个字符 / at least 8 characters")
    role: str = Field(description="admin / planner / reporter / viewer")
    department: str | None = Field(None, description="部门填报员所属单位 / a reporter's unit")
    display_name: str | None = Field(None, max_length=100, description="显示名 / display name")


class UserChange(BaseModel):
    role: str | None = None
    department: str | None = None
    display_name: str | None = Field(None, max_length=100)
    active: bool | None = None
    password: str | None = Field(None, max_length=1024)


@router.get("/users", summary="用户列表（管理员） / users (admins); JSON twin of the 管理 page")
def list_users(session: DB, settings: Config, admin: Admin) -> dict[str, Any]:
    return users_service.users_page(session, settings)


@router.post("/users", status_code=201, dependencies=[CSRF], summary="新增用户（管理员） / add a user")
def add_user(body: NewUser, session: DB, settings: Config, admin: Admin) -> dict[str, Any]:
    user = users_service.create_user(
        session,
        settings,
        body.username,
        body.password,
        body.role,
        department=body.department,
        display_name=body.display_name,
        by=admin,
    )
    return {"user": users_service.user_dict(user)}


@router.patch(
    "/users/{username}", dependencies=[CSRF], summary="修改用户（管理员） / change a user's role, unit, state"
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
