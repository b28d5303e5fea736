"""从统计公报/工作报告提取数据: upload a bulletin or work report, review the proposed indicator values
(accept, edit, reject). The data is that of the JSON twin (web/api/observe.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from planwatch.model import InputError, User
from planwatch.services.monitoring import observe as service
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, CurrentUser, Planner, db_session, settings_of
from planwatch.web.templating import templates
from planwatch.web.uploads import ACCEPT, parse_year, read_upload

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


def upload_and_run(
    session: Session, settings: Settings, plan: str, upload: UploadFile | None, year: str | None, user: User
) -> dict[str, Any]:
    data, filename = read_upload(upload, settings)
    return service.run(session, plan, data, filename, settings=settings, by=user, year=parse_year(year))


def _page(
    request: Request,
    session: Session,
    settings: Settings,
    plan: str,
    user: User | None,
    *,
    run: dict[str, Any] | None = None,
    error: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    data = service.list_proposals(session, plan)
    new_ids = {p["id"] for p in (run or {}).get("created", ())}
    return templates.TemplateResponse(
        request,
        "observe_review.html",
        {
            "data": data,
            "plan": data["plan"],
            "run": run,
            "new_ids": new_ids,
            "error": error,
            "may_review": user is not None and user.can_edit_plans,
            "accept": ACCEPT,
            "max_mb": settings.max_file_bytes // (1024 * 1024),
            "json_url": f"/api/v1/plans/{plan}/observe",
            "active": "monitoring",
        },
        status_code=status_code,
    )


@router.get("/plans/{plan}/observe", response_class=HTMLResponse)
def review(request: Request, plan: str, session: DB, settings: Config, user: CurrentUser) -> Response:
    return _page(request, session, settings, plan, user)


@router.post("/plans/{plan}/observe", response_class=HTMLResponse)
def upload(
    request: Request,
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="统计公报或工作报告")] = None,
    year: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    try:
        result = upload_and_run(session, settings, plan, file, year, user)
    except InputError as exc:
        session.rollback()  # a failed run leaves nothing behind
        error = {"error": exc.message, "where": exc.where, "hint": exc.hint}
        return _page(request, session, settings, plan, user, error=error, status_code=400)
    return _page(request, session, settings, plan, user, run=result)


@router.post("/plans/{plan}/observe/{proposal_id}/accept")
def accept(
    plan: str,
    proposal_id: int,
    session: DB,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    value: Annotated[str, Form(max_length=64)] = "",
    year: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    service.accept(session, plan, proposal_id, by=user, value=value or None, year=year or None)
    return RedirectResponse(f"/plans/{plan}/observe#p{proposal_id}", status_code=303)


@router.post("/plans/{plan}/observe/{proposal_id}/reject")
def reject(
    plan: str, proposal_id: int, session: DB, user: Planner, _csrf: Annotated[None, CSRF] = None
) -> Response:
    service.reject(session, plan, proposal_id, by=user)
    return RedirectResponse(f"/plans/{plan}/observe#p{proposal_id}", status_code=303)
