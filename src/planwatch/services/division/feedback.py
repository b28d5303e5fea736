"""The 分工方案 round trip and 调整申请 by plan reference, in the plan's own catalogue: what the web
forms and their JSON twins call."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import User
from planwatch.services.catalogue.plan import plan_catalogue
from planwatch.services.division import adjustments, workbook
from planwatch.services.plans.records import load_plan
from planwatch.settings import Settings


def upload(
    session: Session, settings: Settings, plan: str, data: bytes, name: str, user: User
) -> workbook.DivisionPreview:
    view = load_plan(session, plan)
    return workbook.upload(session, view, plan_catalogue(session, settings, view), data, name, user)


def apply(
    session: Session, settings: Settings, plan: str, upload_id: int, user: User, lines: list[int] | None
) -> workbook.ApplyResult:
    view = load_plan(session, plan)
    return workbook.apply(session, view, plan_catalogue(session, settings, view), upload_id, user, lines)


def review_request(
    session: Session,
    settings: Settings,
    plan: str,
    request_id: int,
    user: User,
    approve: bool,
    comment: str | None,
) -> dict[str, Any]:
    view = load_plan(session, plan)
    decided = adjustments.decide(
        session,
        view,
        request_id,
        plan_catalogue(session, settings, view),
        user,
        approve=approve,
        comment=comment,
    )
    return adjustments.request_info(decided)
