"""部门目录 over JSON."""

from __future__ import annotations

from planwatch.model import Department
from planwatch.web.schemas.common import Shape


class DepartmentsPage(Shape):
    city: str
    count: int
    departments: list[Department]
