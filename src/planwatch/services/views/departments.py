"""部门目录: the department catalogue in force and one unit of it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import Department
from planwatch.services.catalogue.departments import catalogue_in_force, find_department
from planwatch.services.catalogue.plan import plan_catalogue
from planwatch.services.plans.records import load_plan
from planwatch.settings import Settings


def department_info(d: Department) -> dict[str, Any]:
    return asdict(d)


def departments_page(session: Session, settings: Settings) -> dict[str, Any]:
    """The department catalogue in force."""
    catalogue = catalogue_in_force(session, settings)
    return {
        "city": catalogue.city,
        "count": len(catalogue),
        "departments": [department_info(d) for d in catalogue],
    }


def department_page(session: Session, settings: Settings, ref: str) -> dict[str, Any]:
    """One unit of the catalogue in force, by full name, short name or alias."""
    return department_info(find_department(catalogue_in_force(session, settings), ref))


def plan_departments(
    session: Session, settings: Settings, plan_ref: str, version: int | None = None
) -> list[dict[str, Any]]:
    """The units a person may pick for the plan's tasks: those of the catalogue the plan uses."""
    view = load_plan(session, plan_ref, version)
    return [department_info(d) for d in plan_catalogue(session, settings, view)]
