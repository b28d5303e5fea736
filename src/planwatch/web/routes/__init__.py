"""Every page area, each one module holding its pages and their JSON twins: one view function per
page (``web/twin.py``). ``pages`` and ``api`` gather them in the order their paths are tried."""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.routes import (
    admin,
    api_docs,
    catalogue,
    compare,
    departments,
    division,
    evidence,
    evidence_coverage,
    imports,
    inbox,
    indicator_forms,
    items,
    jobs,
    monitoring,
    observe,
    plan_catalogue,
    plans,
    progress,
    reports,
    search,
    tasks,
    text,
)
from planwatch.web.twin import Area

# Where two paths overlap the earlier area wins: /monitoring/indicators/new is a form, not an
# indicator id (indicator forms before monitoring), and /evidence/coverage is not an evidence file
# (evidence coverage before progress).
AREAS: tuple[Area, ...] = (
    plans.area,
    admin.area,
    admin.audit_area,
    catalogue.area,
    search.area,
    indicator_forms.area,
    monitoring.area,
    text.area,
    tasks.area,
    items.area,
    departments.area,
    imports.area,
    division.area,
    evidence_coverage.area,
    progress.area,
    inbox.area,
    reports.area,
    jobs.area,
    compare.area,
    compare.lineage_area,
    plan_catalogue.area,
    observe.area,
    evidence.area,
)

pages = APIRouter(include_in_schema=False)
api = APIRouter()
for _area in AREAS:
    _area.include_into(pages, api)
pages.include_router(api_docs.router)
