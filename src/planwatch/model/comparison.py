"""Results of comparing two plans (alignment) and two versions of one plan (diff). Plain data.

``Comparison.to_dict`` and ``VersionDiff.to_dict`` are the JSON contract of ``planwatch compare`` /
``planwatch diff`` and of their web pages' JSON twins.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class PlanRef:
    """What was compared: a stored plan (``id``/``version`` set) or a file (``path`` set)."""

    title: str
    name: str | None = None
    id: int | None = None
    version: int | None = None
    path: str | None = None
    units: int = 0  # articles or sections taken as comparison units


@dataclass(frozen=True, slots=True)
class Match:
    b: str
    b_label: str
    b_title: str
    score: float
    shared_terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Alignment:
    a: str
    a_label: str
    a_title: str
    matches: tuple[Match, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    """One unit of B and how far plan A takes it up (the best score of any unit of A)."""

    b: str
    b_label: str
    b_title: str
    best_a: str | None
    best_a_label: str | None
    score: float
    covered: bool


@dataclass(frozen=True, slots=True)
class QuantityPair:
    subject_a: str
    subject_b: str
    unit: str
    value_a: float
    value_b: float
    text_a: str
    text_b: str
    node_a: str
    node_b: str
    period_a: str | None = None
    period_b: str | None = None


@dataclass(frozen=True, slots=True)
class Comparison:
    a: PlanRef
    b: PlanRef
    alignments: tuple[Alignment, ...]
    coverage: tuple[Coverage, ...]
    only_in_a: dict[str, tuple[str, ...]]  # "terms" / "formulations" / "projects" → texts
    only_in_b: dict[str, tuple[str, ...]]
    shared: dict[str, tuple[str, ...]]
    quantities: tuple[QuantityPair, ...]
    threshold: float  # the score from which a unit of B counts as taken up

    @property
    def coverage_ratio(self) -> float:
        return sum(c.covered for c in self.coverage) / len(self.coverage) if self.coverage else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": asdict(self.a),
            "b": asdict(self.b),
            "alignments": [asdict(x) for x in self.alignments],
            "coverage": {
                "threshold": self.threshold,
                "covered": sum(c.covered for c in self.coverage),
                "total": len(self.coverage),
                "ratio": round(self.coverage_ratio, 4),
                "units": [asdict(c) for c in self.coverage],
            },
            "only_in_a": {k: list(v) for k, v in self.only_in_a.items()},
            "only_in_b": {k: list(v) for k, v in self.only_in_b.items()},
            "shared": {k: list(v) for k, v in self.shared.items()},
            "quantities": [asdict(q) for q in self.quantities],
        }


# -- versions ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of characters in a changed sentence: ``op`` is "equal", "insert" or "delete"."""

    op: str
    text: str


@dataclass(frozen=True, slots=True)
class SentenceChange:
    op: str  # "added" | "removed" | "changed"
    old: str | None
    new: str | None
    segments: tuple[Segment, ...] = ()  # character-level, for "changed"
    similarity: float | None = None


@dataclass(frozen=True, slots=True)
class UnitDiff:
    """One article or section across two versions. ``status``: unchanged / changed / added / removed."""

    status: str
    old: str | None
    new: str | None
    label: str
    title: str
    old_title: str | None
    changes: tuple[SentenceChange, ...] = ()
    unchanged_sentences: int = 0
    old_label: str | None = None  # differs from ``label`` when the unit was renumbered


@dataclass(frozen=True, slots=True)
class ItemChange:
    """A task, quantity or entity that appeared, vanished or changed between versions."""

    kind: str  # "task" | "quantity" | "entity"
    op: str  # "added" | "removed" | "changed" | "unchanged"
    old: str | None
    new: str | None
    old_key: str | None = None  # task id / node id in the old version
    new_key: str | None = None
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class VersionDiff:
    old: PlanRef
    new: PlanRef
    units: tuple[UnitDiff, ...]
    items: tuple[ItemChange, ...] = ()
    summary: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": asdict(self.old),
            "new": asdict(self.new),
            "summary": dict(self.summary),
            "units": [asdict(u) for u in self.units],
            "items": [asdict(i) for i in self.items],
        }
