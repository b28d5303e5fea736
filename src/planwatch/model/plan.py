"""Stored plans and their versions, as repositories hand them out (never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class VersionInfo:
    id: int
    plan_id: int
    number: int  # 1, 2, … within its plan
    sha256: str
    source: str  # file name as imported
    format: str
    size: int
    chars: int
    title: str | None
    node_count: int
    sentence_count: int
    created_at: datetime
    # changes when the stored analysis is rewritten (proposals computed again); None: as imported
    analysis_token: str | None = None


@dataclass(frozen=True, slots=True)
class PlanInfo:
    id: int
    name: str
    title: str | None
    created_at: datetime
    versions: tuple[VersionInfo, ...]

    @property
    def latest(self) -> VersionInfo | None:
        return self.versions[-1] if self.versions else None
