"""JSON API under /api/v1. Each module holds one resource's routes."""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.api import (
    division,
    inbox,
    progress,
    tasks,
)
from planwatch.web.routes import admin as routes_admin
from planwatch.web.routes import catalogue as routes_catalogue
from planwatch.web.routes import compare as routes_compare
from planwatch.web.routes import departments as routes_departments
from planwatch.web.routes import evidence as routes_evidence
from planwatch.web.routes import evidence_coverage as routes_evidence_coverage
from planwatch.web.routes import imports as routes_imports
from planwatch.web.routes import indicator_forms as routes_indicator_forms
from planwatch.web.routes import items as routes_items
from planwatch.web.routes import jobs as routes_jobs
from planwatch.web.routes import monitoring as routes_monitoring
from planwatch.web.routes import observe as routes_observe
from planwatch.web.routes import plan_catalogue as routes_plan_catalogue
from planwatch.web.routes import plans as routes_plans
from planwatch.web.routes import reports as routes_reports
from planwatch.web.routes import search as routes_search
from planwatch.web.routes import text as routes_text

router = APIRouter()
router.include_router(routes_plans.area.api)
router.include_router(routes_admin.area.api)
router.include_router(routes_admin.audit_area.api)
router.include_router(routes_catalogue.area.api)
router.include_router(routes_search.area.api)
# before monitoring: /monitoring/indicators/new is not an indicator id
router.include_router(routes_indicator_forms.area.api)
router.include_router(routes_monitoring.area.api)
router.include_router(routes_text.area.api)
router.include_router(tasks.router)
router.include_router(routes_items.area.api)
router.include_router(routes_departments.area.api)
router.include_router(routes_imports.area.api)
router.include_router(division.router)
# before progress: its /plans/{plan}/evidence/{file_id} would take /evidence/coverage
router.include_router(routes_evidence_coverage.area.api)
router.include_router(progress.router)
router.include_router(inbox.router)
router.include_router(routes_reports.area.api)
router.include_router(routes_jobs.area.api)
router.include_router(routes_compare.area.api)
router.include_router(routes_compare.lineage_area.api)
router.include_router(routes_plan_catalogue.area.api)
router.include_router(routes_observe.area.api)
router.include_router(routes_evidence.area.api)
