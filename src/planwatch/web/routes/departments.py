"""The department catalogue in force (the one a user loaded, else the configured or shipped one),
over JSON only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy.orm import Session

from planwatch.model import Department
from planwatch.services.views import departments as views
from planwatch.settings import Settings
from planwatch.web.deps import db_session, settings_of
from planwatch.web.schemas.departments import DepartmentsPage
from planwatch.web.twin import Area

area = Area("departments")
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


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
