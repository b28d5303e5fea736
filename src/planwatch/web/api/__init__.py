"""JSON API under /api/v1. Each module holds one resource's routes."""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.api import plans

router = APIRouter()
router.include_router(plans.router)
