"""What the task page (任务分工 › one task) shows besides its data, shared by the routes that render
it or a piece of it: the table's row and edit form (web/routes/tasks.py) and the progress form sent
back with an error (web/routes/progress.py). Also the link from a task to its sentence in the text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from planwatch.extract.departments import Catalogue
from planwatch.model import User
from planwatch.services.catalogue.plan import in_catalogue, plan_catalogue
from planwatch.services.plans.records import load_plan
from planwatch.services.views.departments import plan_departments
from planwatch.services.views.progress import task_progress_page
from planwatch.services.views.tasks import task_page
from planwatch.settings import Settings
from planwatch.web.urls import url


def split_units(text: str | None) -> list[str]:
    """“教育局、科技局, 财政局” → the names; a person types them with any of these separators."""
    return [u.strip() for u in re.split(r"[、，,；;\s]+", text or "") if u.strip()]


def may_edit(user: User | None, catalogue: Catalogue | None = None) -> Callable[[dict[str, Any]], bool]:
    """``catalogue``: the plan's own, in which a reporter's unit is looked up."""
    unit_user = in_catalogue(user, catalogue)

    def check(row: dict[str, Any]) -> bool:
        return unit_user is not None and unit_user.can_edit_task(row["lead"], tuple(row["cooperating"]))

    return check


def reporter_catalogue(
    session: Session, settings: Settings, plan: str, version: int | None, user: User | None
) -> Catalogue | None:
    """The plan's catalogue when a reporter's unit has to be looked up in it; None otherwise."""
    if user is None or user.role != "reporter":
        return None
    return plan_catalogue(session, settings, load_plan(session, plan, version))


def with_href(row: dict[str, Any], plan_id: int) -> dict[str, Any]:
    """A task row with the link to its sentence in the text (``href``) in place of its ``anchor``."""
    found = {k: v for k, v in row.items() if k != "anchor"}
    found["href"] = url("node", plan=plan_id, node=row["node"], fragment=f"s-{row['anchor']}")
    return found


def task_data(
    session: Session, settings: Settings, plan: str, task: str, version: int | None
) -> dict[str, Any]:
    """``services.views.tasks.task_page`` with the task's link."""
    data = task_page(session, plan, task, settings, version)
    return {**data, "task": with_href(data["task"], data["plan"]["id"])}


def task_extras(
    session: Session, settings: Settings, plan: str, task: str, user: User | None, version: int | None
) -> dict[str, Any]:
    """What the page adds to the task's data: who may edit, the units to pick, the progress panel."""
    return {
        "can_edit": may_edit(user, reporter_catalogue(session, settings, plan, version, user)),
        "departments": plan_departments(session, settings, plan, version),
        "progress": task_progress_page(
            session, plan, task, user, version, settings.evidence_max_bytes, settings=settings
        ),
    }


def task_values(data: dict[str, Any]) -> dict[str, Any]:
    """The template's names for parts of the task's data."""
    return {"r": data["task"], "pid": data["plan"]["id"], "active": "tasks"}


def task_context(
    session: Session, settings: Settings, plan: str, task: str, user: User | None, version: int | None
) -> dict[str, Any]:
    """Everything the task templates need (``task.html``, ``_task_row.html``, ``_task_edit.html``)."""
    data = task_data(session, settings, plan, task, version)
    return {
        "data": data,
        "plan": data["plan"],
        **task_values(data),
        **task_extras(session, settings, plan, task, user, version),
        "json_url": url("api.task", plan=plan, task=task),
    }
