"""Score an Analysis against a hand-labelled report gold (``tests/gold/henan-2026.json`` kind).

That gold has ``outline`` (parts and sections, label + title), ``quantities`` (text, offset and
the fields subject, value, value_max, unit, qualifier, period, compared_to) and ``tasks`` (the
number of directive sentences per section). Offsets index the file as it is on disk; ingest may
clean page debris, so a gold item is placed at the occurrence of its text in the analysed text
nearest to its offset. A predicted quantity matches a gold item when the spans overlap and the
values are equal; fields are then compared one by one. Items marked ``optional`` are neither
required nor penalised.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planwatch.model import Analysis, Node, Quantity
from planwatch.outline import fold

FIELDS = ("value", "value_max", "unit", "subject", "qualifier", "period", "compared_to")
TASK_TOLERANCE = 0.2
_LABEL_STRIP = "（）()、.． \u3000"


def is_report_gold(gold: Mapping[str, Any]) -> bool:
    return "outline" in gold or "tasks" in gold


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _norm(text: str) -> str:
    return "".join(fold(text).split()).strip("。，,：:；;")


def _norm_label(label: str) -> str:
    return fold(label).strip(_LABEL_STRIP)


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    expected: Any
    got: Any
    text: str


@dataclass(frozen=True, slots=True)
class QuantityScore:
    matched: Counts
    all_fields: Counts
    field_accuracy: dict[str, float]
    errors: tuple[FieldError, ...]
    missing: tuple[str, ...]  # gold texts not found
    extra: tuple[str, ...]  # predicted texts matching nothing

    def to_dict(self) -> dict[str, Any]:
        return {
            "matched": self.matched.to_dict(),
            "all_fields": self.all_fields.to_dict(),
            "field_accuracy": {k: round(v, 4) for k, v in self.field_accuracy.items()},
            "errors": [
                {"field": e.field, "expected": e.expected, "got": e.got, "text": e.text} for e in self.errors
            ],
            "missing": list(self.missing),
            "extra": list(self.extra),
        }


@dataclass(frozen=True, slots=True)
class TaskRow:
    part: str
    section: str | None
    gold: int
    predicted: int | None  # None: the section was not found in the outline

    @property
    def within(self) -> bool:
        got = self.predicted or 0
        return abs(got - self.gold) <= TASK_TOLERANCE * self.gold


@dataclass(frozen=True, slots=True)
class TaskScore:
    rows: tuple[TaskRow, ...]

    @property
    def abs_diff(self) -> int:
        return sum(abs((r.predicted or 0) - r.gold) for r in self.rows)

    @property
    def within_share(self) -> float:
        return _ratio(sum(r.within for r in self.rows), len(self.rows))

    def to_dict(self) -> dict[str, Any]:
        return {
            "abs_diff": self.abs_diff,
            "within_20pct": round(self.within_share, 4),
            "rows": [
                {"part": r.part, "section": r.section, "gold": r.gold, "predicted": r.predicted}
                for r in self.rows
            ],
        }


@dataclass(frozen=True, slots=True)
class ReportScore:
    outline: Counts | None = None
    outline_missing: tuple[str, ...] = ()
    outline_extra: tuple[str, ...] = ()
    quantities: QuantityScore | None = None
    tasks: TaskScore | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.outline is not None:
            out["outline"] = {
                **self.outline.to_dict(),
                "missing": list(self.outline_missing),
                "extra": list(self.outline_extra),
            }
        if self.quantities is not None:
            out["quantities"] = self.quantities.to_dict()
        if self.tasks is not None:
            out["tasks"] = self.tasks.to_dict()
        return out


# -- outline -------------------------------------------------------------------------------------


def _outline_key(kind: str, label: str, title: str) -> str:
    return f"{kind} {_norm_label(label)} {_norm(title)}"


def score_outline(
    nodes: Sequence[Node], gold: Sequence[Mapping[str, Any]]
) -> tuple[Counts, list[str], list[str]]:
    want = [_outline_key(g["kind"], g["label"], g["title"]) for g in gold]
    got = [_outline_key(n.kind, n.label, n.title) for n in nodes if n.kind in ("part", "section")]
    pool = list(got)
    missing: list[str] = []
    for key in want:
        if key in pool:
            pool.remove(key)
        else:
            missing.append(key)
    tp = len(want) - len(missing)
    return Counts(tp, len(pool), len(missing)), missing, pool


# -- quantities ----------------------------------------------------------------------------------


def locate(text: str, needle: str, offset: int) -> int | None:
    """The start of the occurrence of ``needle`` in ``text`` nearest to ``offset``."""
    best: int | None = None
    at = text.find(needle)
    while at >= 0:
        if best is None or abs(at - offset) < abs(best - offset):
            best = at
        at = text.find(needle, at + 1)
    return best


def _same(field_name: str, expected: Any, got: Any) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if field_name in ("value", "value_max"):
        return math.isclose(float(expected), float(got), rel_tol=1e-9, abs_tol=1e-9)
    return _norm(str(expected)) == _norm(str(got))


def _span(analysis_text: str, folded: str, item: Mapping[str, Any]) -> tuple[int, int] | None:
    text = str(item["text"])
    offset = int(item.get("offset", 0))
    at = locate(analysis_text, text, offset)
    if at is None:
        at = locate(folded, fold(text), offset)
    return None if at is None else (at, at + len(text))


def score_quantities(
    analysis_text: str, predicted: Sequence[Quantity], gold: Sequence[Mapping[str, Any]]
) -> QuantityScore:
    folded = fold(analysis_text)
    used: set[int] = set()
    matched: list[tuple[Mapping[str, Any], Quantity]] = []
    missing: list[str] = []
    optional_hits = 0
    placed = [(g, _span(analysis_text, folded, g)) for g in gold]
    placed.sort(key=lambda x: x[1][0] if x[1] else -1)
    for g, span in placed:
        best: int | None = None
        best_overlap = 0
        if span is not None:
            for i, q in enumerate(predicted):
                if i in used or not _same("value", g["value"], q.value):
                    continue
                overlap = min(span[1], q.end) - max(span[0], q.start)
                if overlap > best_overlap:
                    best, best_overlap = i, overlap
        if best is None:
            if not g.get("optional"):
                missing.append(str(g["text"]))
            continue
        used.add(best)
        if g.get("optional"):
            optional_hits += 1
        else:
            matched.append((g, predicted[best]))
    required = sum(1 for g in gold if not g.get("optional"))
    scored_predictions = len(predicted) - optional_hits
    errors: list[FieldError] = []
    right = dict.fromkeys(FIELDS, 0)
    all_right = 0
    for g, q in matched:
        ok = True
        for name in FIELDS:
            got = getattr(q, name, None)
            if _same(name, g.get(name), got):
                right[name] += 1
            else:
                ok = False
                errors.append(FieldError(name, g.get(name), got, str(g["text"])))
        all_right += ok
    extra = tuple(q.text for i, q in enumerate(predicted) if i not in used)
    return QuantityScore(
        matched=Counts(len(matched), len(extra), len(missing)),
        all_fields=Counts(all_right, scored_predictions - all_right, required - all_right),
        field_accuracy={name: _ratio(right[name], len(matched)) for name in FIELDS},
        errors=tuple(errors),
        missing=tuple(missing),
        extra=extra,
    )


# -- tasks ---------------------------------------------------------------------------------------


def _subtree(nodes: Sequence[Node], root: str) -> set[str]:
    ids = {root}
    for n in nodes:  # the outline lists parents before children
        if n.parent in ids:
            ids.add(n.id)
    return ids


def _find(
    nodes: Iterable[Node], kind: str, label: str, parent: str | None, title: str | None = None
) -> Node | None:
    """The node of ``kind`` printed with ``label``; a part printed without a number (an empty
    label) is found by its title instead."""
    for n in nodes:
        if n.kind != kind or (parent is not None and n.parent != parent):
            continue
        if label or not title:
            if _norm_label(n.label) == _norm_label(label):
                return n
        elif _norm(n.title or "") == _norm(title):
            return n
    return None


def _full_sentences(analysis: Analysis) -> dict[str, str]:
    """Each outline sentence's id → the id of the sentence up to 。/！ it is part of: a sentence cut
    at ；belongs with the one before it, in the same node and paragraph."""
    text = analysis.document.text
    out: dict[str, str] = {}
    prev = None
    for s in analysis.sentences:
        joined = (
            prev is not None
            and prev.node == s.node
            and text[prev.end - 1 : prev.end] in ("；", ";")
            and "\n" not in text[prev.end : s.start]
        )
        out[s.id] = out[prev.id] if joined and prev is not None else s.id
        prev = s
    return out


def score_tasks(analysis: Analysis, gold: Sequence[Mapping[str, Any]]) -> TaskScore:
    nodes = list(analysis.outline)
    full = _full_sentences(analysis)
    rows: list[TaskRow] = []
    for g in gold:
        node = _find(nodes, "part", str(g["part"]), None, g.get("part_title"))
        if node is not None and g.get("section"):
            node = _find(nodes, "section", str(g["section"]), node.id)
        predicted: int | None = None
        if node is not None:
            inside = _subtree(nodes, node.id)
            # a directive sentence may hold several task clauses: count sentences, as the gold
            # does, up to 。or ！ (the outline cuts at ；too, a unit the gold does not count)
            predicted = len(
                {
                    full.get(t.sentence, t.sentence) if t.sentence else f"@{t.start}"
                    for t in analysis.tasks
                    if t.node in inside
                }
            )
        rows.append(TaskRow(str(g["part"]), g.get("section"), int(g["count"]), predicted))
    return TaskScore(tuple(rows))


def score_report(analysis: Analysis, gold: Mapping[str, Any]) -> ReportScore:
    outline = missing = extra = None
    if "outline" in gold:
        outline, missing, extra = score_outline(analysis.outline, gold["outline"])
    quantities = None
    if "quantities" in gold:
        quantities = score_quantities(analysis.document.text, analysis.quantities, gold["quantities"])
    tasks = score_tasks(analysis, gold["tasks"]) if "tasks" in gold else None
    return ReportScore(
        outline=outline,
        outline_missing=tuple(missing or ()),
        outline_extra=tuple(extra or ()),
        quantities=quantities,
        tasks=tasks,
    )
