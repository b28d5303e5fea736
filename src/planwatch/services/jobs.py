"""Background jobs: imports and large exports run off the request path, with their progress kept
in the database (any of several server processes may be asked to show it).

Each server process runs the jobs it queued itself, in a small thread pool started with the app; no
broker is needed. A process that dies leaves its jobs unfinished: the next process to start on the
same host marks them failed (:func:`recover`). A job's work runs in one transaction that also records
its outcome, so a failed import leaves nothing behind and a finished one is never shown as running.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from planwatch.model import InputError, NotFoundError, PlanWatchError, User
from planwatch.model.job import JOB_KINDS, JOB_STATES, Job, JobKind
from planwatch.services.plans import importing
from planwatch.services.plans.analyze import Progress
from planwatch.services.reports import build as report
from planwatch.settings import Settings
from planwatch.store import jobs as store
from planwatch.store.engine import session_factory, transaction
from planwatch.store.tables import utcnow

log = logging.getLogger(__name__)

# Tells this process's jobs from those of a process that ran before it under the same pid.
_BOOT = uuid.uuid4().hex[:12]
INTERRUPTED = "任务中断：处理它的服务进程已经停止（服务重启或出错退出），任务没有完成，也没有保存任何结果。"
INTERRUPTED_HINT = "请重新提交。"


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{_BOOT}"


@dataclass(frozen=True)
class Outcome:
    """What a finished job leaves: a page to go to (``url``) and/or a file to download."""

    url: str | None = None
    info: dict[str, Any] | None = None
    name: str | None = None
    media_type: str | None = None
    data: bytes | None = None
    plan_id: int | None = None


Work = Callable[[Session, Progress], Outcome]


@dataclass
class JobRunner:
    """The thread pool of one app. Threads start with the first job, not with the app."""

    engine: Engine
    settings: Settings
    _pool: ThreadPoolExecutor | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _waiting: set[int] = field(default_factory=set, init=False)  # queued here, not yet started

    def queue(self, *, kind: JobKind, title: str, user: User, plan_id: int | None, work: Work) -> Job:
        """Store the job (committed at once, so another process can show it) and start it here."""
        with transaction(self.engine) as session:
            job = store.create(
                session, kind=kind, title=title, username=user.username, worker=worker_id(), plan_id=plan_id
            )
            store.drop_expired(session, utcnow())
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=max(1, self.settings.job_threads), thread_name_prefix="planwatch-job"
                )
            self._waiting.add(job.id)
            self._pool.submit(self._run, job.id, work)
        return job

    def shutdown(self) -> None:
        """Let running jobs finish; those still waiting for a thread are failed now (nobody else
        would run them)."""
        with self._lock:
            pool, self._pool = self._pool, None
            waiting, self._waiting = self._waiting, set()
        if pool is None:
            return
        pool.shutdown(wait=True, cancel_futures=True)
        with transaction(self.engine) as session:
            store.fail_queued(session, waiting, INTERRUPTED, INTERRUPTED_HINT)

    def _run(self, job_id: int, work: Work) -> None:
        with self._lock:
            self._waiting.discard(job_id)
        try:
            with transaction(self.engine) as session:
                store.start(session, job_id)
            self._work(job_id, work)
        except Exception:  # the pool would swallow it; the job must not stay "running"
            log.exception("job %s failed", job_id)
            with transaction(self.engine) as session:
                store.fail(
                    session,
                    job_id,
                    "任务出错，没有完成，也没有保存任何结果。",
                    hint="请重试；仍然出错请联系管理员。",
                )

    def _progress(self, job_id: int) -> Progress:
        def report_progress(percent: int, step: str) -> None:
            # Progress is for show: a busy database must not fail the job over it.
            try:
                with transaction(self.engine) as session:
                    store.set_progress(session, job_id, percent, step)
            except SQLAlchemyError:
                log.warning("job %s: progress %s%% (%s) not recorded", job_id, percent, step, exc_info=True)

        return report_progress

    def _work(self, job_id: int, work: Work) -> None:
        sessions = session_factory(self.engine)
        try:
            # Not transaction(): on SQLite that takes the write lock up front and would hold it (and
            # block the progress updates) for the whole analysis; services take it when they write.
            with sessions() as session, session.begin():
                outcome = work(session, self._progress(job_id))
                size = len(outcome.data or b"")
                if size > self.settings.job_result_max_bytes:
                    raise InputError(
                        f"生成的文件有 {size / 1048576:.1f} MB，超过可保存的上限 "
                        f"{self.settings.job_result_max_bytes / 1048576:.0f} MB。",
                        hint="请缩小导出范围（例如按部门或领域筛选）后重试。",
                    )
                expires = None
                if outcome.data is not None:
                    expires = utcnow() + timedelta(hours=self.settings.job_result_hours)
                store.finish(
                    session,
                    job_id,
                    url=outcome.url,
                    info=outcome.info,
                    name=outcome.name,
                    media_type=outcome.media_type,
                    data=outcome.data,
                    expires_at=expires,
                    plan_id=outcome.plan_id,
                )
        except PlanWatchError as exc:
            # The work's transaction is rolled back: a refused import stores nothing.
            with transaction(self.engine) as session:
                store.fail(session, job_id, exc.message, exc.where, exc.hint)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _dead(worker: str) -> bool:
    """True when ``worker`` (host:pid:boot) is a process on this host that no longer runs. Another
    host's processes cannot be checked from here and are left alone."""
    host, _, rest = worker.partition(":")
    pid_text, _, boot = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return boot != _BOOT  # an earlier process that had this pid (a restarted container)
    return not _pid_alive(pid)


def recover(engine: Engine) -> int:
    """At start-up: fail the jobs left queued or running by a process that has died. Returns how many."""
    with transaction(engine) as session:
        dead = [job_id for job_id, worker in store.unfinished(session) if _dead(worker)]
        for job_id in dead:
            store.fail(session, job_id, INTERRUPTED, hint=INTERRUPTED_HINT)
        store.forget_old(session, utcnow() - timedelta(days=30))
    return len(dead)


# -- what a person may see ---------------------------------------------------------------------------


def may_see(job: Job, user: User) -> bool:
    return user.role == "admin" or job.username == user.username


def get_job(session: Session, job_id: int, user: User) -> Job:
    """The job, if ``user`` asked for it or is an admin; otherwise "not found" (another person's
    jobs are not even confirmed to exist)."""
    job = store.get(session, job_id)
    if job is None or not may_see(job, user):
        raise NotFoundError(
            f"没有编号为 {job_id} 的后台任务。", hint="请在“我的任务”列表中查看自己提交的任务。"
        )
    return job


def job_info(job: Job) -> dict[str, Any]:
    now = utcnow()
    downloadable = (
        job.state == "done"
        and job.result_size is not None
        and (job.expires_at is None or job.expires_at > now)
    )
    return {
        "id": job.id,
        "kind": job.kind,
        "kind_label": JOB_KINDS.get(job.kind, job.kind),
        "title": job.title,
        "plan_id": job.plan_id,
        "username": job.username,
        "state": job.state,
        "state_label": JOB_STATES.get(job.state, job.state),
        "finished": job.finished,
        "progress": job.progress,
        "step": job.step,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "error": None
        if job.error is None
        else {"error": job.error, "where": job.error_where, "hint": job.error_hint},
        "result": {
            "url": job.result_url,
            "info": job.result_info,
            "file": None
            if job.result_name is None
            else {
                "name": job.result_name,
                "media_type": job.result_media_type,
                "size": job.result_size,
                "expires_at": job.expires_at,
                "expired": not downloadable,
            },
        }
        if job.state == "done"
        else None,
    }


def list_jobs(session: Session, user: User, *, everyone: bool = False) -> dict[str, Any]:
    """The user's recent jobs; an admin's ``everyone`` lists all users' jobs."""
    show_all = everyone and user.role == "admin"
    rows = store.recent(session, None if show_all else user.username)
    return {"everyone": show_all, "jobs": [job_info(j) for j in rows]}


def result_file(session: Session, job_id: int, user: User) -> tuple[bytes, str, str]:
    """(bytes, file name, media type) of a finished job's file, for its owner or an admin."""
    job = get_job(session, job_id, user)
    info = job_info(job)
    file = (info["result"] or {}).get("file")
    if file is None:
        raise NotFoundError(f"后台任务 {job_id} 没有可下载的文件（{info['state_label']}）。")
    data = store.result_data(session, job_id)
    if file["expired"] or data is None:
        raise NotFoundError(
            f"后台任务 {job_id} 生成的文件已过期删除（保留 {_hours(job)} 小时）。", hint="请重新生成。"
        )
    return data, file["name"], file["media_type"] or "application/octet-stream"


def _hours(job: Job) -> int:
    if job.expires_at is None or job.finished_at is None:
        return 24
    return round((job.expires_at - job.finished_at).total_seconds() / 3600)


# -- the jobs PlanWatch runs -------------------------------------------------------------------------


def queue_import(
    runner: JobRunner,
    settings: Settings,
    user: User,
    data: bytes,
    filename: str,
    name: str | None,
    *,
    force: bool = False,
    page_of: Callable[[int, int], str],
) -> Job:
    """导入 as a job: the same service as the command line and the synchronous API, with progress.
    ``page_of(plan id, version number)`` is the address the finished job links to (the web layer
    makes its links)."""

    def work(session: Session, progress: Progress) -> Outcome:
        result = importing.import_file(
            session, settings, data, filename, user, name, force=force, progress=progress
        )
        plan, version = result["plan"], result["version"]
        return Outcome(url=page_of(plan["id"], version["number"]), info=result, plan_id=plan["id"])

    shown = (filename or "").replace("\\", "/").rsplit("/", 1)[-1] or "上传的文件"
    return runner.queue(kind="import", title=f"导入“{shown}”", user=user, plan_id=None, work=work)


def queue_report(
    runner: JobRunner, user: User, plan_id: int, plan_ref: str, kind: str, year: int | None, fmt: str
) -> Job:
    """A monitoring report (docx / pdf / html) built as a job."""

    def work(session: Session, progress: Progress) -> Outcome:
        data, filename, media_type = report.report_file(session, plan_ref, kind, year, fmt, progress)
        return Outcome(name=filename, media_type=media_type, data=data)

    label = report.KINDS[report.normalise_kind(kind)] + (f"（{year}年）" if year else "")
    return runner.queue(
        kind="report", title=f"生成{label} {report.FORMATS[fmt]} 文件", user=user, plan_id=plan_id, work=work
    )


def queue_export(
    runner: JobRunner,
    settings: Settings,
    user: User,
    plan_id: int,
    title: str,
    build: Callable[[Session], tuple[bytes, str, str]],
) -> Job:
    """A large export (``build`` returns bytes, file name, media type) as a job."""

    def work(session: Session, progress: Progress) -> Outcome:
        progress(10, "汇总数据")
        data, filename, media_type = build(session)
        progress(95, "保存文件")
        return Outcome(name=filename, media_type=media_type, data=data)

    return runner.queue(kind="export", title=title, user=user, plan_id=plan_id, work=work)


def queue_evidence(
    runner: JobRunner,
    settings: Settings,
    user: User,
    plan_id: int,
    *,
    data: bytes | None = None,
    filename: str = "",
    source_ref: str | None = None,
    year: int | None = None,
    threshold: float | None = None,
    page_of: Callable[[int, int], str],
) -> Job:
    """落实佐证: attach an uploaded file (``data``) or a stored plan (``source_ref``) to the plan and
    trace every task through it. ``page_of(plan id, source id)`` is the address the finished job
    links to (the web layer names its pages)."""
    from planwatch.compare.trace import THRESHOLD
    from planwatch.services.evidence import sources as trace_evidence

    cut = THRESHOLD if threshold is None else threshold

    def work(session: Session, progress: Progress) -> Outcome:
        if data is not None:
            result = trace_evidence.attach_upload(
                session,
                str(plan_id),
                data,
                filename,
                settings,
                by=user,
                year=year,
                threshold=cut,
                progress=progress,
            )
        else:
            result = trace_evidence.attach_source(
                session,
                str(plan_id),
                source_ref or "",
                settings,
                by=user,
                year=year,
                threshold=cut,
                allow_files=False,
                progress=progress,
            )
        return Outcome(url=page_of(plan_id, result["id"]), info=result, plan_id=plan_id)

    shown = (filename or "").replace("\\", "/").rsplit("/", 1)[-1] or f"规划 {source_ref}"
    return runner.queue(
        kind="evidence", title=f"附加佐证来源“{shown}”", user=user, plan_id=plan_id, work=work
    )


def export_runs_as_job(session: Session, settings: Settings, plan_id: int, version: int | None) -> bool:
    return store.task_count(session, plan_id, version) > settings.export_job_min_tasks
