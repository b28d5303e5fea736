"""导入: a document analysed and stored as a new version of a plan (the web form, the API, the
command line and the import job all call :func:`import_file`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import User
from planwatch.services.catalogue.plan import after_import, user_catalogue
from planwatch.services.plans.analyze import Progress, analyze_bytes
from planwatch.services.plans.records import import_analysis
from planwatch.services.views.common import plan_info, version_info
from planwatch.settings import Settings
from planwatch.store.locks import lock_writes


def import_file(
    session: Session,
    settings: Settings,
    data: bytes,
    filename: str,
    user: User | str,
    name: str | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """导入: analyse an uploaded file and store it as a new version of a plan, in the caller's
    transaction (nothing remains when this raises). Identical bytes are reported, not stored again.
    The write lock is taken only once the analysis is done, so other writers wait for the short
    write, not for the analysis."""
    source = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "upload"
    analysis = analyze_bytes(data, source, settings, user_catalogue(session, settings), progress)
    if progress is not None:
        progress(90, "保存")
    # import_analysis writes the audit entry (who imported what) in this same transaction.
    lock_writes(session)
    result = import_analysis(session, analysis, (name or "").strip() or None, by=user, force=force)
    if not result.already_imported:
        after_import(session, settings, result.plan.id)
    return {
        "plan": plan_info(result.plan),
        "version": version_info(result.version),
        "already_imported": result.already_imported,
        "new_plan": result.new_plan,
        "warnings": list(analysis.warnings),
        "counts": {
            "characters": len(analysis.document.text),
            "nodes": len(analysis.outline),
            "sentences": len(analysis.sentences),
            "tasks": len(analysis.tasks),
            "quantities": len(analysis.quantities),
            "goals": len(analysis.goals),
            "entities": len(analysis.entities),
        },
    }
