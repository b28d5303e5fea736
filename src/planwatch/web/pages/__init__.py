"""HTML pages. Each page's data comes from the same service call as its JSON twin."""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.pages import (
    admin,
    api_docs,
    catalogue,
    compare,
    division,
    evidence,
    evidence_coverage,
    inbox,
    issuer,
    overview,
    plan_catalogue,
    progress,
    search,
    tasks,
    text,
)
from planwatch.web.routes import imports as routes_imports
from planwatch.web.routes import indicator_forms as routes_indicator_forms
from planwatch.web.routes import items as routes_items
from planwatch.web.routes import jobs as routes_jobs
from planwatch.web.routes import monitoring as routes_monitoring
from planwatch.web.routes import observe as routes_observe
from planwatch.web.routes import reports as routes_reports

router = APIRouter(include_in_schema=False)
router.include_router(overview.router)
router.include_router(admin.router)
router.include_router(catalogue.router)
router.include_router(search.router)
# before monitoring: /monitoring/indicators/new is not an indicator id
router.include_router(routes_indicator_forms.area.pages)
router.include_router(routes_monitoring.area.pages)
router.include_router(text.router)
router.include_router(tasks.router)
router.include_router(routes_items.area.pages)
router.include_router(routes_imports.area.pages)
router.include_router(division.router)
# before progress: its /plans/{plan}/evidence/{file_id} would take /evidence/coverage
router.include_router(evidence_coverage.router)
router.include_router(progress.router)
router.include_router(inbox.router)
router.include_router(routes_reports.area.pages)
router.include_router(routes_jobs.area.pages)
router.include_router(compare.router)
router.include_router(issuer.router)
router.include_router(plan_catalogue.router)
router.include_router(routes_observe.area.pages)
router.include_router(evidence.router)
router.include_router(api_docs.router)
