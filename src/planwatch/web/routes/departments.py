"""The department catalogue in force (the one a user loaded, else the configured or shipped one),
over JSON only."""

from __future__ import annotations

from typing import Any

from planwatch.model import Department
from planwatch.services.views import departments as views
from planwatch.web.params import DB, Config
from planwatch.web.schemas.departments import DepartmentsPage
from planwatch.web.twin import Area

area = Area("departments")


@area.api.get(
    "/departments", response_model=DepartmentsPage, summary="部门目录 / the department catalogue in force"
)
def departments(session: DB, settings: Config) -> dict[str, Any]:
    return views.departments_page(session, settings)


@area.api.get(
    "/departments/{name}",
    response_model=Department,
    summary="一个部门（全称、简称或别名）/ one unit by name, short name or alias",
)
def department(name: str, session: DB, settings: Config) -> dict[str, Any]:
    return views.department_page(session, settings, name)
