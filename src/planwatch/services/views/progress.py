"""Page data of task progress reporting (issue 6): a task's reports and form, the review queue, the
inbox. Each function feeds both an HTML page and its JSON twin."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from planwatch.extract.departments import Catalogue
from planwatch.model import ProgressReport, User
from planwatch.model.monitoring import TASK_STATES, WARNING_COLOURS, EvidenceFile
from planwatch.model.page_ref import PageRef
from planwatch.services.catalogue.plan import plan_catalogue
from planwatch.services.division import adjustments
from planwatch.services.plans.records import PlanView, load_plan
from planwatch.services.progress import evidence_files as evidence
from planwatch.services.progress import reporting as progress
from planwatch.services.progress.notifications import KIND_NAMES, inbox_all
from planwatch.services.views.common import plan_info
from planwatch.settings import Settings
from planwatch.store.progress import ProgressRepository


def evidence_url(plan_id: int, file_id: int) -> str:
    # A path, not a PageRef: the command line prints these dicts as JSON too (progress show).
    return PageRef.to("evidence_file", plan=plan_id, file_id=file_id).path()


def file_dict(f: EvidenceFile) -> dict[str, Any]:
    return {
        "id": f.id,
        "name": f.filename,
        "content_type": f.content_type,
        "size": f.size,
        "sha256": f.sha256,
        "uploaded_by": f.uploaded_by,
        "uploaded_at": f.uploaded_at.isoformat(),
        "url": evidence_url(f.plan_id, f.id),
    }


def report_dict(r: ProgressReport, files: dict[int, EvidenceFile]) -> dict[str, Any]:
    entries = []
    for i, name in enumerate(r.evidence):
        file_id = r.evidence_files[i] if i < len(r.evidence_files) else None
        f = files.get(file_id) if file_id is not None else None
        entries.append(
            {
                "name": name,
                "file_id": file_id,
                "size": f.size if f else None,
                "url": evidence_url(r.plan_id, file_id) if file_id is not None else None,
            }
        )
    return {
        "id": r.id,
        "task": r.task_key,
        "period": r.period,
        "state": r.state,
        "percent": r.percent,
        "narrative": r.narrative,
        "evidence": entries,
        "status": r.status,
        "status_name": progress.STATUS_NAMES.get(r.status, r.status),
        "closes_task": r.closes_task,
        "submitted_by": r.submitted_by,
        "submitted_at": r.submitted_at.isoformat(),
        "reviewed_by": r.reviewed_by,
        "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
        "review_comment": r.review_comment,
        "sample": r.sample,
    }


def _files_of(session: Session, reports: list[ProgressReport]) -> dict[int, EvidenceFile]:
    return evidence.by_ids(session, (i for r in reports for i in r.evidence_files if i is not None))


def task_progress_page(
    session: Session,
    plan_ref: str,
    task_key: str,
    user: User | None,
    version: int | None = None,
    max_bytes: int | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """One task's reports (newest first), its standing, the files stored for it, and what the user
    may do: report (``can_report``) and review (``can_review``). With ``settings``, a reporter's unit
    is looked up in the plan's own catalogue."""
    view = load_plan(session, plan_ref, version)
    catalogue = plan_catalogue(session, settings, view) if settings is not None else None
    return task_progress_data(session, view, task_key, user, max_bytes, catalogue)


def one_entry_per_report(rows: list[ProgressReport]) -> list[ProgressReport]:
    """A review is stored as a new row beside the submission it decides (the log is append-only);
    a person sees one report: the submission as last decided, in the order it was submitted."""
    latest: dict[tuple[str, str, object], ProgressReport] = {}
    for r in rows:
        latest[(r.period, r.submitted_by, r.submitted_at)] = r
    return list(latest.values())


def task_progress_data(
    session: Session,
    view: PlanView,
    task_key: str,
    user: User | None,
    max_bytes: int | None = None,
    catalogue: Catalogue | None = None,
) -> dict[str, Any]:
    rows = progress.history(session, view, task_key)
    files = _files_of(session, rows)
    current: dict[str, ProgressReport] = {}
    for r in rows:
        current[r.period] = r
    standing = progress.standing(list(current.values()))
    lead, cooperating = progress.assignment_of(session, view, task_key)
    pending = [r for r in current.values() if r.status == "submitted"]
    latest = rows[-1] if rows else None
    stored = evidence.for_task(session, view.plan.id, task_key)
    return {
        "plan": plan_info(view.plan),
        "task": {
            "id": task_key,
            "text": next(t.text for t in view.analysis.tasks if t.id == task_key),
            "lead": lead,
            "cooperating": list(cooperating),
        },
        "standing": report_dict(standing, files) if standing else None,
        "closed": any(r.closes_task and r.status == "approved" for r in current.values()),
        "pending": [r.id for r in pending],
        "history": [report_dict(r, files) for r in reversed(one_entry_per_report(rows))],
        "files": [file_dict(f) for f in stored],
        "latest_files": [i for i in latest.evidence_files if i is not None] if latest else [],
        "can_report": progress.may_report(user, lead, cooperating, catalogue),
        "can_review": progress.may_review(user),
        "default_period": progress.current_period(),
        "states": list(TASK_STATES),
        "max_bytes": max_bytes,
        "max_mb": round(max_bytes / 1024 / 1024, 1) if max_bytes else None,
        "allowed": evidence.ALLOWED_TEXT,
    }


def reviews_page(session: Session, plan_ref: str) -> dict[str, Any]:
    """待审核: every period's current report that waits for review, oldest first, and the pending
    调整申请 (reporters' requests to change a task's units)."""
    view = load_plan(session, plan_ref)
    texts = {t.id: t.text for t in view.analysis.tasks}
    latest = ProgressRepository(session).current_by_period(view.plan.id, tasks=view.analysis.tasks)
    waiting = sorted((r for r in latest.values() if r.status == "submitted"), key=lambda r: r.id)
    files = _files_of(session, waiting)
    rows = []
    for r in waiting:
        lead, _ = progress.assignment_of(session, view, r.task_key) if r.task_key in texts else (None, ())
        rows.append({**report_dict(r, files), "text": texts.get(r.task_key, ""), "lead": lead})
    requests = adjustments.pending_page(session, view)
    return {"plan": plan_info(view.plan), "count": len(rows), "reports": rows, "requests": requests}


def inbox_page(session: Session, user: User, today: date | None = None) -> dict[str, Any]:
    """收件箱: the user's notifications over every plan; each names its ``page`` (a PageRef)."""
    items = [
        {
            "plan_id": p.plan_id,
            "plan_name": p.plan_name,
            "kind": p.notification.kind,
            "kind_name": KIND_NAMES[p.notification.kind],
            "level": p.notification.level,
            "level_name": WARNING_COLOURS[p.notification.level] if p.notification.level else None,
            "task": p.notification.task_key,
            "title": p.notification.title,
            "body": p.notification.body,
            "page": p.notification.page,  # the web makes it the item's link
        }
        for p in inbox_all(session, user, today)
    ]
    counts = {k: sum(1 for i in items if i["kind"] == k) for k in KIND_NAMES}
    return {"count": len(items), "counts": counts, "kind_names": KIND_NAMES, "items": items}
