"""HTML pages. Each page's data comes from the same service call as its JSON twin."""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.pages import overview

router = APIRouter(include_in_schema=False)
router.include_router(overview.router)
