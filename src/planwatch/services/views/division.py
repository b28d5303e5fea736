"""分工方案 page data: what the round trip page shows, the workbook to download, an upload's preview."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import User
from planwatch.services.catalogue.plan import plan_catalogue
from planwatch.services.division import adjustments, workbook
from planwatch.services.plans.records import load_plan
from planwatch.services.views.common import plan_info, version_info
from planwatch.settings import Settings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = ["编号", "任务内容", "牵头单位", "配合单位", "完成时限", "反馈意见"]


def division_page(session: Session, plan: str) -> dict[str, Any]:
    view = load_plan(session, plan)
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "tasks": len(view.analysis.tasks),
        "columns": list(COLUMNS),
    }


def division_file(session: Session, settings: Settings, plan: str) -> tuple[bytes, str, str]:
    """The workbook to fill in, as (bytes, file name, media type)."""
    view = load_plan(session, plan)
    data = workbook.download(session, view, plan_catalogue(session, settings, view))
    return data, workbook.filename(view), XLSX


def preview_page(session: Session, settings: Settings, plan: str, upload_id: int) -> dict[str, Any]:
    view = load_plan(session, plan)
    return workbook.preview(session, view, plan_catalogue(session, settings, view), upload_id).as_dict()


def requests_page(session: Session, plan: str, status: str | None, user: User) -> list[dict[str, Any]]:
    """A plan's 调整申请 (``status``: only those): a reporter sees its own, planners and admins all."""
    view = load_plan(session, plan)
    mine = None if user.role in ("admin", "planner") else user.username
    return [adjustments.request_info(r) for r in adjustments.requests_of(session, view, status, mine)]
