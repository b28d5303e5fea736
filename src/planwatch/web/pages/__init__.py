"""HTML pages. Each page's data comes from the same service call as its JSON twin."""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.pages import (
    admin,
    api_docs,
    catalogue,
    compare,
    evidence,
    evidence_coverage,
    imports,
    indicator_forms,
    issuer,
    jobs,
    monitoring,
    observe,
    overview,
    plan_catalogue,
    reports,
    search,
    text,
)
from planwatch.web.routes import division as routes_division
from planwatch.web.routes import inbox as routes_inbox
from planwatch.web.routes import items as routes_items
from planwatch.web.routes import progress as routes_progress
from planwatch.web.routes import tasks as routes_tasks

router = APIRouter(include_in_schema=False)
router.include_router(overview.router)
router.include_router(admin.router)
router.include_router(catalogue.router)
router.include_router(search.router)
# before monitoring: /monitoring/indicators/new is not an indicator id
router.include_router(indicator_forms.router)
router.include_router(monitoring.router)
router.include_router(text.router)
router.include_router(routes_tasks.area.pages)
router.include_router(routes_items.area.pages)
router.include_router(imports.router)
router.include_router(routes_division.area.pages)
# before progress: its /plans/{plan}/evidence/{file_id} would take /evidence/coverage
router.include_router(evidence_coverage.router)
router.include_router(routes_progress.area.pages)
router.include_router(routes_inbox.area.pages)
router.include_router(reports.router)
router.include_router(jobs.router)
router.include_router(compare.router)
router.include_router(issuer.router)
router.include_router(plan_catalogue.router)
router.include_router(observe.router)
router.include_router(evidence.router)
router.include_router(api_docs.router)
