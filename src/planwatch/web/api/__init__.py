"""JSON API under /api/v1. Each module holds one resource's routes."""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.api import (
    audit,
    catalogue,
    compare,
    departments,
    evidence,
    evidence_coverage,
    imports,
    indicators,
    issuer,
    items,
    jobs,
    lineage,
    monitoring,
    observe,
    plan_catalogue,
    plans,
    reports,
    search,
    users,
)
from planwatch.web.routes import division as routes_division
from planwatch.web.routes import inbox as routes_inbox
from planwatch.web.routes import items as routes_items
from planwatch.web.routes import progress as routes_progress
from planwatch.web.routes import tasks as routes_tasks

router = APIRouter()
router.include_router(plans.router)
router.include_router(users.router)
router.include_router(audit.router)
router.include_router(catalogue.router)
router.include_router(search.router)
# before monitoring: /monitoring/indicators/new is not an indicator id
router.include_router(indicators.router)
router.include_router(monitoring.router)
router.include_router(items.router)
router.include_router(routes_tasks.area.api)
router.include_router(routes_items.area.api)
for _mine in (departments, imports):
    router.include_router(_mine.router)
router.include_router(routes_division.area.api)
# before progress: its /plans/{plan}/evidence/{file_id} would take /evidence/coverage
router.include_router(evidence_coverage.router)
router.include_router(routes_progress.area.api)
router.include_router(routes_inbox.area.api)
router.include_router(reports.router)
router.include_router(jobs.router)
router.include_router(compare.router)
router.include_router(lineage.router)
router.include_router(issuer.router)
router.include_router(plan_catalogue.router)
router.include_router(observe.router)
router.include_router(evidence.router)
