"""People who use PlanWatch, their roles, and the audit trail of what they changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

Role = Literal["admin", "planner", "reporter", "viewer"]
ROLES: tuple[Role, ...] = get_args(Role)
ROLE_NAMES: dict[Role, str] = {
    "admin": "管理员",
    "planner": "规划处",
    "reporter": "部门填报员",
    "viewer": "只读用户",
}


@dataclass(frozen=True, slots=True)
class User:
    """``department`` is the catalogue name of a reporter's unit (None for other roles)."""

    id: int
    username: str
    display_name: str
    role: Role
    department: str | None
    active: bool
    created_at: datetime

    @property
    def can_edit_plans(self) -> bool:
        return self.active and self.role in ("admin", "planner")

    def can_edit_task(self, lead: str | None, cooperating: tuple[str, ...]) -> bool:
        """Planners and admins edit every task; a reporter only tasks its unit leads or co-operates on."""
        if not self.active:
            return False
        if self.role in ("admin", "planner"):
            return True
        if self.role == "reporter" and self.department:
            return self.department == lead or self.department in cooperating
        return False


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    username: str  # who ("system" for automatic changes)
    action: str  # e.g. "assignment.override", "user.add", "plan.import", "catalogue.load"
    target: str  # what, e.g. "plan:1/task:p3.a7.t2"
    before: dict[str, Any] | None
    after: dict[str, Any] | None
