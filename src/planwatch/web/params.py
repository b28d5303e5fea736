"""The parameters most routes declare: the request's database session, the settings, the version of
a plan to show, and the CSRF check of a state-changing request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from planwatch.settings import Settings
from planwatch.web.deps import CSRF, db_session, settings_of

DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
Version = Annotated[int | None, Query(description="版本号，默认最新 / version number, default latest")]
# Declared after the user: an anonymous visitor is asked to log in (401) before a token is checked.
Csrf = Annotated[None, CSRF]
