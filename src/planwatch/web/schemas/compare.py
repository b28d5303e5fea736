"""规划比对, 版本对照, records to re-attach, 规划体系."""

from __future__ import annotations

from pydantic import Field

from planwatch.model import Task
from planwatch.model.comparison import Alignment, Coverage, ItemChange, PlanRef, QuantityPair, UnitDiff
from planwatch.web.schemas.common import Shape


class PlanChoice(Shape):
    id: int
    name: str
    title: str | None
    versions: list[int]


class CoverageSummary(Shape):
    threshold: float
    covered: int
    total: int
    ratio: float
    units: list[Coverage]


class Comparison(Shape):
    """``model.Comparison.to_dict``."""

    a: PlanRef
    b: PlanRef
    alignments: list[Alignment]
    coverage: CoverageSummary
    only_in_a: dict[str, list[str]]
    only_in_b: dict[str, list[str]]
    shared: dict[str, list[str]]
    quantities: list[QuantityPair]


class ComparePage(Shape):
    plans: list[PlanChoice]
    a: str | None
    b: str | None
    threshold: float
    result: Comparison | None


class VersionDiff(Shape):
    """``model.VersionDiff.to_dict``."""

    old: PlanRef
    new: PlanRef
    summary: dict[str, int]
    units: list[UnitDiff]
    items: list[ItemChange]


class Candidate(Shape):
    task: str
    text: str
    similarity: float


class StaleItem(Shape):
    kind: str
    id: int
    task_key: str
    task_text: str
    what: str
    decided_by: str | None
    decided_at: str
    now_at_key: Task | None
    candidates: list[Candidate]


class DiffPlan(Shape):
    id: int
    name: str
    title: str | None


class DiffPage(Shape):
    plan: DiffPlan
    versions: list[int]
    old: int | None = Field(alias="from")
    to: int | None
    result: VersionDiff | None
    stale: list[StaleItem]
    message: str | None


class StalePlan(Shape):
    id: int
    name: str


class StalePage(Shape):
    plan: StalePlan
    version: int
    items: list[StaleItem]


class Reattached(Shape):
    kind: str
    id: int
    task: str
    text: str
    reports: int | None = None
