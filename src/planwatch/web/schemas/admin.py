"""管理: users, the signed-in user, the audit log."""

from __future__ import annotations

from typing import Any

from planwatch.web.schemas.common import Shape


class UserInfo(Shape):
    id: int
    username: str
    display_name: str
    role: str
    department: str | None
    active: bool
    role_name: str
    created_at: str


class UserRow(UserInfo):
    last_login_at: str | None
    last_login_local: str | None


class Role(Shape):
    role: str
    name: str


class UsersPage(Shape):
    users: list[UserRow]
    roles: list[Role]
    departments: list[str]
    min_password: int


class UserReply(Shape):
    user: UserInfo


class Permissions(Shape):
    edit_plans: bool
    admin: bool


class Me(Shape):
    user: UserInfo | None
    csrf_token: str
    permissions: Permissions


class Change(Shape):
    field: str
    name: str
    before: str
    after: str
    changed: bool


class AuditEntry(Shape):
    id: int
    at: str
    at_local: str
    at_text: str
    username: str
    action: str
    action_name: str
    target: str
    # the record's fields before and after, as stored: their keys depend on what was changed
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changes: list[Change]


class AuditFilters(Shape):
    username: str
    action: str
    target: str
    since: str
    until: str


class Action(Shape):
    action: str
    name: str


class AuditPage(Shape):
    entries: list[AuditEntry]
    total: int
    limit: int
    offset: int
    filters: AuditFilters
    actions: list[Action]
