"""Score an Analysis against a hand-checked gold file: precision, recall, F1 per type.

The gold format is ``shared/gold/seed_entities_dev.json``: lists per type of {article, text, …},
where article is the n of article (n) (0 = title and preamble; a part heading and its intro
belong to the part's first article; the epilogue and closing paragraphs to the last). Items marked
``borderline`` or ``nested_in`` are optional: strict scoring drops them from the gold (so finding
them costs precision); lenient scoring neither requires nor penalises them. An item matches when
its text matches and it lies in the same article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from planwatch.model import Analysis, Node
from planwatch.outline import fold

# gold key → (analysis list, entity kind or None)
GOLD_TYPES: dict[str, tuple[str, str | None]] = {
    "quantities": ("quantities", None),
    "goals_2030": ("goals", None),
    "projects": ("entities", "project"),
    "organizations": ("entities", "organization"),
    "places": ("entities", "place"),
    "formulations": ("entities", "formulation"),
}
# entity gold covers only these articles (see the gold's _about); other types cover the document
ENTITY_TYPES = {"projects", "organizations", "places", "formulations"}


@dataclass(frozen=True, slots=True)
class Score:
    type: str
    mode: str  # "strict" | "lenient"
    tp: int
    fp: int
    fn: int
    false_positives: tuple[tuple[int, str], ...]
    false_negatives: tuple[tuple[int, str], ...]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "false_positives": [list(x) for x in self.false_positives],
            "false_negatives": [list(x) for x in self.false_negatives],
        }


def article_of_nodes(outline: Iterable[Node]) -> dict[str, int]:
    """Map every node id to the article number the gold convention assigns its text to."""
    nodes = list(outline)
    by_id = {n.id: n for n in nodes}
    first_article: dict[str, int] = {}
    last_article = 0
    for n in nodes:
        if n.kind == "article" and n.ordinal is not None:
            last_article = max(last_article, n.ordinal)
            if n.parent and n.parent not in first_article:
                first_article[n.parent] = n.ordinal
    out: dict[str, int] = {}
    for n in nodes:
        cur: Node | None = n
        art: int | None = None
        while cur is not None:
            if cur.kind == "article" and cur.ordinal is not None:
                art = cur.ordinal
                break
            cur = by_id.get(cur.parent) if cur.parent else None
        if art is None:
            if n.kind in ("epilogue", "closing"):
                art = last_article
            elif n.kind in ("title", "preamble"):
                art = 0
            else:
                root = n
                while root.parent and root.parent in by_id:
                    root = by_id[root.parent]
                art = first_article.get(n.id, first_article.get(root.id, 0))
        out[n.id] = art
    return out


def _key(text: str) -> str:
    return "".join(fold(text).split()).rstrip("。")


def _predicted(
    analysis: Analysis, list_name: str, kind: str | None, articles: Mapping[str, int]
) -> Counter[tuple[int, str]]:
    items: Iterable[Any] = getattr(analysis, list_name)
    found: Counter[tuple[int, str]] = Counter()
    seen: set[tuple[int, str]] = set()
    for item in items:
        if kind is not None and item.kind != kind:
            continue
        key = (articles.get(item.node, -1), _key(item.text))
        if list_name == "entities":
            # the gold lists a surface string once per article
            if key in seen:
                continue
            seen.add(key)
        found[key] += 1
    return found


def score(analysis: Analysis, gold: Mapping[str, Any]) -> list[Score]:
    articles = article_of_nodes(analysis.outline)
    covered_entity_articles = {0} | {a for a in set(articles.values()) if a % 2 == 1}
    results: list[Score] = []
    for gold_key, (list_name, kind) in GOLD_TYPES.items():
        if gold_key not in gold:
            continue
        required: Counter[tuple[int, str]] = Counter()
        optional: Counter[tuple[int, str]] = Counter()
        for g in gold[gold_key]:
            key = (int(g["article"]), _key(g["text"]))
            (optional if g.get("borderline") or g.get("nested_in") else required)[key] += 1
        predicted = _predicted(analysis, list_name, kind, articles)
        if gold_key in ENTITY_TYPES:
            predicted = Counter({k: v for k, v in predicted.items() if k[0] in covered_entity_articles})
        for mode in ("strict", "lenient"):
            tp_c = predicted & required
            extra = predicted - required
            if mode == "lenient":
                extra = extra - optional
            missing = required - predicted
            results.append(
                Score(
                    type=gold_key,
                    mode=mode,
                    tp=sum(tp_c.values()),
                    fp=sum(extra.values()),
                    fn=sum(missing.values()),
                    false_positives=tuple(sorted(extra.elements())),
                    false_negatives=tuple(sorted(missing.elements())),
                )
            )
    return results
