"""JSON API under /api/v1. Each module holds one resource's routes."""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.api import (
    audit,
    compare,
    departments,
    division,
    imports,
    inbox,
    indicators,
    items,
    jobs,
    lineage,
    monitoring,
    observe,
    plans,
    progress,
    reports,
    search,
    tasks,
    users,
)
from planwatch.web.routes import catalogue as routes_catalogue
from planwatch.web.routes import evidence as routes_evidence
from planwatch.web.routes import evidence_coverage as routes_evidence_coverage
from planwatch.web.routes import items as routes_items
from planwatch.web.routes import plan_catalogue as routes_plan_catalogue

router = APIRouter()
router.include_router(plans.router)
router.include_router(users.router)
router.include_router(audit.router)
router.include_router(routes_catalogue.area.api)
router.include_router(search.router)
# before monitoring: /monitoring/indicators/new is not an indicator id
router.include_router(indicators.router)
router.include_router(monitoring.router)
for _mine in (items, tasks):
    router.include_router(_mine.router)
router.include_router(routes_items.area.api)
for _mine in (departments, imports, division):
    router.include_router(_mine.router)
# before progress: its /plans/{plan}/evidence/{file_id} would take /evidence/coverage
router.include_router(routes_evidence_coverage.area.api)
router.include_router(progress.router)
router.include_router(inbox.router)
router.include_router(reports.router)
router.include_router(jobs.router)
router.include_router(compare.router)
router.include_router(lineage.router)
router.include_router(routes_plan_catalogue.area.api)
router.include_router(observe.router)
router.include_router(routes_evidence.area.api)
