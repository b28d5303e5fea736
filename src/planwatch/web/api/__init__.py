"""JSON API under /api/v1. Each module holds one resource's routes."""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.api import (
    audit,
    catalogue,
    compare,
    departments,
    division,
    evidence,
    evidence_coverage,
    inbox,
    issuer,
    items,
    lineage,
    plan_catalogue,
    plans,
    progress,
    search,
    tasks,
    users,
)
from planwatch.web.routes import imports as routes_imports
from planwatch.web.routes import indicator_forms as routes_indicator_forms
from planwatch.web.routes import items as routes_items
from planwatch.web.routes import jobs as routes_jobs
from planwatch.web.routes import monitoring as routes_monitoring
from planwatch.web.routes import observe as routes_observe
from planwatch.web.routes import reports as routes_reports

router = APIRouter()
router.include_router(plans.router)
router.include_router(users.router)
router.include_router(audit.router)
router.include_router(catalogue.router)
router.include_router(search.router)
# before monitoring: /monitoring/indicators/new is not an indicator id
router.include_router(routes_indicator_forms.area.api)
router.include_router(routes_monitoring.area.api)
for _mine in (items, tasks):
    router.include_router(_mine.router)
router.include_router(routes_items.area.api)
router.include_router(departments.router)
router.include_router(routes_imports.area.api)
router.include_router(division.router)
# before progress: its /plans/{plan}/evidence/{file_id} would take /evidence/coverage
router.include_router(evidence_coverage.router)
router.include_router(progress.router)
router.include_router(inbox.router)
router.include_router(routes_reports.area.api)
router.include_router(routes_jobs.area.api)
router.include_router(compare.router)
router.include_router(lineage.router)
router.include_router(issuer.router)
router.include_router(plan_catalogue.router)
router.include_router(routes_observe.area.api)
router.include_router(evidence.router)
