"""A background job (an import or a large export) as pages and the API show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

JobState = Literal["queued", "running", "done", "failed"]
JobKind = Literal["import", "report", "export", "evidence"]
JOB_STATES: dict[JobState, str] = {
    "queued": "排队中",
    "running": "进行中",
    "done": "已完成",
    "failed": "失败",
}
JOB_KINDS: dict[JobKind, str] = {
    "import": "导入规划",
    "report": "生成报告",
    "export": "导出文件",
    "evidence": "附加佐证来源",
}


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    kind: JobKind
    title: str
    plan_id: int | None
    username: str
    state: JobState
    progress: int
    step: str
    worker: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    error_where: str | None
    error_hint: str | None
    result_url: str | None
    result_info: dict[str, Any] | None
    result_name: str | None
    result_media_type: str | None
    result_size: int | None
    expires_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")
