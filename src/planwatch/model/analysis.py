"""The Analysis of one document: pure data, JSON-serialisable, identical for identical input.

The JSON shape is a contract (issue 2): later versions add keys, never break these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

from planwatch.model.department import Assignment, Issuer
from planwatch.model.document import Document

SCHEMA_VERSION = 1

EntityKind = Literal["project", "organization", "place", "formulation"]
ENTITY_KINDS: tuple[EntityKind, ...] = get_args(EntityKind)
NODE_KINDS = (
    "title",
    "preamble",
    "part",
    "chapter",
    "section",
    "article",
    "item",
    "box",
    "epilogue",
    "closing",
    "appendix",
)


@dataclass(frozen=True, slots=True)
class Node:
    """One outline node. ``id`` comes from the numbering path (``p3.a7``, ``c2.s1``) and is stable
    across documents with the same numbering; ``start``/``end`` index ``Document.text``."""

    id: str
    parent: str | None
    kind: str
    label: str
    ordinal: int | None
    title: str
    start: int
    end: int
    depth: int = 0


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    node: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    subject: str
    value: float
    unit: str
    node: str
    start: int
    end: int
    value_max: float | None = None
    base_value: float | None = None
    base_unit: str | None = None
    qualifier: str | None = None
    period: str | None = None
    sentence: str | None = None  # id of the sentence it was read from
    # The base of a change as printed (比“十三五”时期 → "十三五", 比上年 → "上年", 较2020年 → "2020").
    compared_to: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    kind: EntityKind
    text: str
    node: str
    start: int
    end: int
    definition: str | None = None
    subtype: str | None = None  # e.g. lab, bridge, zone, event; party body, company; district
    source: str | None = None  # "lexicon" or "pattern": why it was found
    sentence: str | None = None


@dataclass(frozen=True, slots=True)
class Goal:
    text: str
    year: str
    node: str
    start: int
    end: int
    sentence: str | None = None


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    text: str
    verb: str
    object: str
    node: str
    start: int
    end: int
    domain: str | None = None
    instrument: str | None = None  # 供给型 / 环境型 / 需求型
    instrument_subtype: str | None = None
    sentence: str | None = None
    # the topic lead that heads the task's group, not a task itself (更大力度提振消费。 before the
    # sentences that carry it out): kept so a reader sees what the task belongs to
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    document: Document
    outline: tuple[Node, ...]
    sentences: tuple[Sentence, ...]
    quantities: tuple[Quantity, ...] = ()
    entities: tuple[Entity, ...] = ()
    goals: tuple[Goal, ...] = ()
    tasks: tuple[Task, ...] = ()
    assignments: tuple[Assignment, ...] = ()  # one per task, in task order, when a catalogue was applied
    warnings: tuple[str, ...] = field(default=())
    schema_version: int = SCHEMA_VERSION
    # who issued the document, read from its title, preamble and signature (None: not recognised);
    # older stored analyses have none
    issuer: Issuer | None = None
    # which department catalogue the assignments come from, or why there are none
    catalogue_note: str = ""

    def _tasks_with_assignments(self) -> list[dict[str, Any]]:
        by_task = {a.task: a for a in self.assignments}
        out = []
        for t in self.tasks:
            d = asdict(t)
            a = by_task.get(t.id)
            if a is not None:
                d["lead"] = asdict(a.lead) if a.lead else None
                d["cooperating"] = [asdict(u) for u in a.cooperating]
                d["due"] = a.due
                d["due_reason"] = a.due_reason
                d["assignment_source"] = a.source
                if a.status is not None:
                    d["assignment_status"] = a.status
                    d["assignment_status_reason"] = a.status_reason
            out.append(d)
        return out

    def node(self, node_id: str) -> Node | None:
        for n in self.outline:
            if n.id == node_id:
                return n
        return None

    def text_of(self, start: int, end: int) -> str:
        return self.document.text[start:end]

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        doc = self.document
        document: dict[str, Any] = {
            "title": doc.title,
            "source": doc.source,
            "format": doc.format,
            "encoding": doc.encoding,
            "sha256": doc.sha256,
            "size": doc.size,
            "chars": len(doc.text),
            "tables": [
                {"start": t.start, "end": t.end, "rows": [list(r) for r in t.rows]} for t in doc.tables
            ],
        }
        document["issuer"] = asdict(self.issuer) if self.issuer is not None else None
        document["catalogue"] = self.catalogue_note
        if include_text:
            document["text"] = doc.text
        return {
            "schema_version": self.schema_version,
            "document": document,
            "outline": [asdict(n) for n in self.outline],
            "sentences": [asdict(s) for s in self.sentences],
            "quantities": [asdict(q) for q in self.quantities],
            "entities": [asdict(e) for e in self.entities],
            "goals": [asdict(g) for g in self.goals],
            "tasks": self._tasks_with_assignments(),
            "warnings": list(self.warnings),
        }
