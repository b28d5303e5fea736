"""The 发文机关与部门目录 form on the overview page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from planwatch.services.catalogue import plan as plan_catalogue
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, Planner, db_session, settings_of

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


@router.post("/plans/{plan}/issuer", response_class=HTMLResponse)
def issuer_save(
    plan: str,
    session: DB,
    settings: Config,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    issuer: Annotated[str, Form(max_length=60)] = "",
    level: Annotated[str, Form(max_length=16)] = "",
    catalogue: Annotated[str, Form(max_length=16)] = "auto",
    reset: Annotated[str, Form(max_length=4)] = "",
) -> Response:
    """Planners correct the issuer or choose the catalogue; the plan's proposals are recomputed."""
    if reset:
        plan_catalogue.reset_catalogue(session, settings, plan, by=user)
    else:
        plan_catalogue.set_catalogue(
            session,
            settings,
            plan,
            by=user,
            issuer_name=issuer.strip() or None,
            issuer_level=level.strip() or None,
            catalogue=catalogue.strip() or "auto",
        )
    return RedirectResponse(f"/plans/{plan}?issuer=1#issuer", status_code=303)
