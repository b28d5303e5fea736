"""Documentary evidence of a plan's tasks (issue 19): the sentences of later documents that take
each task up. Pure data; the JSON shape of ``Trace.to_dict`` is the contract of ``planwatch trace``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

# What a sentence says about a task: a directive in a work programme, a report of work done or
# under way, or a mention that is neither (a difficulty, an analysis, a heading).
EvidenceKind = Literal["deployed", "reported", "mentioned"]
EVIDENCE_KINDS: tuple[EvidenceKind, ...] = get_args(EvidenceKind)


@dataclass(frozen=True, slots=True)
class EvidenceSource:
    name: str
    year: int | None
    sha256: str
    title: str = ""
    year_from: str = ""  # "title" | "override" | "" (unknown)
    ref: str = ""  # what the user named: a path, or a stored plan's id/name


@dataclass(frozen=True, slots=True)
class Evidence:
    source: str
    year: int | None
    node: str
    sentence: str
    start: int
    end: int
    kind: EvidenceKind
    score: float
    terms: tuple[str, ...]
    # the year the sentence speaks of: a work report's review reports on the year before its own
    about: int | None = None
    milestones: tuple[str, ...] = ()  # 开工 / 建成 / 投产 … when the task names a project


@dataclass(frozen=True, slots=True)
class TaskTrace:
    task: str
    text: str
    node: str
    evidence: tuple[Evidence, ...]
    projects: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure a source gives for one of the plan's indicators (read by the observe matcher)."""

    source: str
    year: int  # the year the figure is for
    value: float  # in the indicator's unit
    sentence: str
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class IndicatorTrace:
    indicator: str
    unit: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True, slots=True)
class Trace:
    plan: dict[str, Any]
    sources: tuple[EvidenceSource, ...]
    tasks: tuple[TaskTrace, ...]
    threshold: float
    skipped: tuple[str, ...] = ()  # tasks of the plan's own review part: reports, not commitments
    warnings: tuple[str, ...] = field(default=())
    # only for a stored plan with indicators: a file has none to read figures for
    indicators: tuple[IndicatorTrace, ...] = ()

    def coverage(self) -> dict[str, Any]:
        total = len(self.tasks)
        taken = [t for t in self.tasks if t.evidence]
        by_source: dict[str, dict[str, Any]] = {}
        for src in self.sources:
            counts = dict.fromkeys(EVIDENCE_KINDS, 0)
            tasks = 0
            for t in self.tasks:
                mine = [e for e in t.evidence if e.source == src.name]
                if mine:
                    tasks += 1
                    counts[_strongest(mine)] += 1
            by_source[src.name] = {
                "year": src.year,
                "tasks": tasks,
                "ratio": round(tasks / total, 4) if total else 0.0,
                "by_kind": counts,
            }
        kinds = dict.fromkeys(EVIDENCE_KINDS, 0)
        for t in taken:
            kinds[_strongest(list(t.evidence))] += 1
        return {
            "total": total,
            "taken_up": len(taken),
            "ratio": round(len(taken) / total, 4) if total else 0.0,
            "by_kind": kinds,
            "never_taken_up": [t.task for t in self.tasks if not t.evidence],
            "by_source": by_source,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "sources": [
                {
                    "name": s.name,
                    "year": s.year,
                    "sha256": s.sha256,
                    "title": s.title,
                    "year_from": s.year_from,
                    "ref": s.ref,
                }
                for s in self.sources
            ],
            "threshold": self.threshold,
            "tasks": [
                {
                    "task": t.task,
                    "text": t.text,
                    "node": t.node,
                    "projects": list(t.projects),
                    "evidence": [
                        {
                            "source": e.source,
                            "year": e.year,
                            "node": e.node,
                            "sentence": e.sentence,
                            "start": e.start,
                            "end": e.end,
                            "kind": e.kind,
                            "score": e.score,
                            "terms": list(e.terms),
                            "about": e.about,
                            "milestones": list(e.milestones),
                        }
                        for e in t.evidence
                    ],
                }
                for t in self.tasks
            ],
            "coverage": self.coverage(),
            "indicators": [
                {
                    "indicator": i.indicator,
                    "unit": i.unit,
                    "figures": [
                        {
                            "source": f.source,
                            "year": f.year,
                            "value": f.value,
                            "sentence": f.sentence,
                            "start": f.start,
                            "end": f.end,
                            "score": f.score,
                        }
                        for f in i.figures
                    ],
                }
                for i in self.indicators
            ],
            "skipped": list(self.skipped),
            "warnings": list(self.warnings),
        }


_BY_STRENGTH: tuple[EvidenceKind, ...] = ("reported", "deployed", "mentioned")


def _strongest(evidence: list[Evidence]) -> EvidenceKind:
    """A task reported somewhere counts as reported, else deployed, else mentioned."""
    kinds = {e.kind for e in evidence}
    return next(k for k in _BY_STRENGTH if k in kinds)


Decision = Literal["proposed", "confirmed", "dismissed"]
DECISIONS: tuple[Decision, ...] = get_args(Decision)


@dataclass(frozen=True, slots=True)
class StoredSource:
    """An evidence source attached to a stored plan."""

    id: int
    plan_id: int
    name: str
    title: str
    year: int | None
    kind: str  # "plan" / "file"
    source_version_id: int | None
    sha256: str
    threshold: float
    added_by: str
    added_at: Any


@dataclass(frozen=True, slots=True)
class StoredMatch:
    """A sentence proposed as evidence for a task, with a planner's decision on it."""

    id: int
    plan_id: int
    source_id: int
    task_key: str
    task_text: str
    node: str
    start: int
    end: int
    sentence: str
    kind: EvidenceKind
    score: float
    terms: tuple[str, ...]
    decision: Decision = "proposed"
    decided_by: str | None = None
    decided_at: Any = None
