"""The jobs table: queue, progress, outcome and the stored result of background jobs.

Every function runs in the caller's session; the runner (``services.jobs``) gives each update its
own short transaction so that other processes see the progress while the job still works.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session

from planwatch.model.job import Job
from planwatch.store.tables import JobRow, PlanVersionRow, TaskRow, utcnow

_COLUMNS = [c for c in JobRow.__table__.columns if c.name != "result_data"]


def _job(row: object) -> Job:
    values = {c.name: getattr(row, c.name) for c in _COLUMNS}
    return Job(**values, result_size=getattr(row, "result_size", None))


def _select() -> Select[Any]:
    # The result bytes stay in the database until someone downloads them; only their size is read.
    return select(*_COLUMNS, func.length(JobRow.result_data).label("result_size"))


def create(
    session: Session, *, kind: str, title: str, username: str, worker: str, plan_id: int | None
) -> Job:
    row = JobRow(
        kind=kind,
        title=title,
        plan_id=plan_id,
        username=username,
        state="queued",
        progress=0,
        step="排队等待",
        worker=worker,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    job = get(session, row.id)
    assert job is not None
    return job


def get(session: Session, job_id: int) -> Job | None:
    row = session.execute(_select().where(JobRow.id == job_id)).one_or_none()
    return None if row is None else _job(row)


def recent(session: Session, username: str | None, limit: int = 50) -> list[Job]:
    """The latest jobs of ``username``, or of everybody when None."""
    query = _select().order_by(JobRow.created_at.desc(), JobRow.id.desc()).limit(limit)
    if username is not None:
        query = query.where(JobRow.username == username)
    return [_job(row) for row in session.execute(query)]


def start(session: Session, job_id: int) -> None:
    session.execute(update(JobRow).where(JobRow.id == job_id).values(state="running", started_at=utcnow()))


def set_progress(session: Session, job_id: int, progress: int, step: str) -> None:
    session.execute(
        update(JobRow)
        .where(JobRow.id == job_id, JobRow.state == "running")
        .values(progress=max(0, min(100, progress)), step=step[:100])
    )


def finish(
    session: Session,
    job_id: int,
    *,
    url: str | None = None,
    info: dict[str, Any] | None = None,
    name: str | None = None,
    media_type: str | None = None,
    data: bytes | None = None,
    expires_at: datetime | None = None,
    plan_id: int | None = None,
) -> None:
    values: dict[str, object] = {
        "state": "done",
        "progress": 100,
        "step": "完成",
        "finished_at": utcnow(),
        "result_url": url,
        "result_info": info,
        "result_name": name,
        "result_media_type": media_type,
        "result_data": data,
        "expires_at": expires_at,
    }
    if plan_id is not None:
        values["plan_id"] = plan_id
    session.execute(update(JobRow).where(JobRow.id == job_id).values(**values))


def fail(
    session: Session, job_id: int, error: str, where: str | None = None, hint: str | None = None
) -> None:
    session.execute(
        update(JobRow)
        .where(JobRow.id == job_id)
        .values(state="failed", finished_at=utcnow(), error=error, error_where=where, error_hint=hint)
    )


def fail_queued(session: Session, job_ids: set[int], error: str, hint: str) -> None:
    """Fail those of ``job_ids`` that never started."""
    if job_ids:
        session.execute(
            update(JobRow)
            .where(JobRow.id.in_(job_ids), JobRow.state == "queued")
            .values(state="failed", finished_at=utcnow(), error=error, error_hint=hint)
        )


def unfinished(session: Session) -> list[tuple[int, str]]:
    """(id, worker) of every job still queued or running."""
    rows = session.execute(select(JobRow.id, JobRow.worker).where(JobRow.state.in_(("queued", "running"))))
    return [(row.id, row.worker) for row in rows]


def result_data(session: Session, job_id: int) -> bytes | None:
    return session.scalar(select(JobRow.result_data).where(JobRow.id == job_id))


def drop_expired(session: Session, now: datetime) -> int:
    """Forget result files past their expiry (the job itself stays in the list)."""
    result = session.execute(
        update(JobRow)
        .where(JobRow.expires_at < now, JobRow.result_data.is_not(None))
        .values(result_data=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def forget_old(session: Session, before: datetime) -> None:
    """Delete finished jobs created before ``before`` (the list shows recent work only)."""
    session.execute(
        delete(JobRow).where(
            JobRow.created_at < before, or_(JobRow.state == "done", JobRow.state == "failed")
        )
    )


def task_count(session: Session, plan_id: int, version: int | None) -> int:
    """Tasks in a version of the plan (its latest when None): decides whether an export runs as a job."""
    number = version
    if number is None:
        number = session.scalar(
            select(func.max(PlanVersionRow.number)).where(PlanVersionRow.plan_id == plan_id)
        )
    query = (
        select(func.count(TaskRow.id))
        .join(PlanVersionRow, PlanVersionRow.id == TaskRow.version_id)
        .where(PlanVersionRow.plan_id == plan_id, PlanVersionRow.number == number)
    )
    return int(session.scalar(query) or 0)
