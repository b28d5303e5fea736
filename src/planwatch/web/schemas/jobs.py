"""后台任务: a job's state, progress and outcome; a person's recent jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from planwatch.web.schemas.common import Shape


class JobError(Shape):
    error: str
    where: str | None
    hint: str | None


class JobFile(Shape):
    name: str
    media_type: str | None
    size: int | None
    expires_at: datetime | None
    expired: bool
    download_url: str


class JobResult(Shape):
    url: str | None
    # the job's own summary: an import's result (schemas.imports.ImportResult), a source's matches…
    info: dict[str, Any] | None
    file: JobFile | None


class JobInfo(Shape):
    id: int
    kind: str
    kind_label: str
    title: str
    plan_id: int | None
    username: str
    state: str
    state_label: str
    finished: bool
    progress: int
    step: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: JobError | None
    result: JobResult | None
    url: str
    json_url: str


class JobList(Shape):
    everyone: bool
    jobs: list[JobInfo]
