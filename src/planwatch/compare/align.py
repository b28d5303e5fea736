"""Alignment of plan A with plan B: for each unit of A, the best-matching units of B.

Scores are cosine similarities of TF-IDF vectors (sublinear term frequency, IDF fitted on the units of
both plans together) over rjieba words and character bigrams (see ``terms``). A unit of B counts as
taken up by A when some unit of A reaches ``COVERED`` with it. The thresholds were set on a reworded
20-article upper-level test plan against the Dalian plan (tests/compare/data/upper_plan.txt, 21
counterpart articles known by construction): at 0.16 coverage precision is 0.85 and recall 0.81; the
three "false" hits above it are articles on a neighbouring subject (海洋科技 for 海洋经济).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from planwatch.compare.terms import WORD_PREFIX, bigram_set, features, words
from planwatch.compare.units import Unit, units_of
from planwatch.model import Analysis
from planwatch.model.comparison import (
    Alignment,
    Comparison,
    Coverage,
    Match,
    PlanRef,
    QuantityPair,
)

MATCHES_PER_UNIT = 3
MIN_MATCH = 0.10  # below this a "match" is noise shared by most articles of the genre
COVERED = 0.16
SHARED_TERMS = 8
ONLY_TERMS = 30

# scikit-learn is imported where a vectorizer is made: this module is imported with every web worker
# and report (evidence tracing), and scikit-learn took about a second of each start.
if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer


def vectorizer() -> TfidfVectorizer:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=features, sublinear_tf=True, norm="l2", dtype=np.float32)


@dataclass(frozen=True, slots=True)
class _Side:
    analysis: Analysis
    ref: PlanRef
    units: list[Unit]


def _shared_terms(row_a: sparse.csr_matrix, row_b: sparse.csr_matrix, names: np.ndarray) -> tuple[str, ...]:
    product = row_a.multiply(row_b).tocsr()
    order = np.argsort(-product.data)
    out: list[str] = []
    for k in order:
        name = str(names[product.indices[k]])
        if name.startswith(WORD_PREFIX):
            out.append(name[len(WORD_PREFIX) :])
            if len(out) == SHARED_TERMS:
                break
    return tuple(out)


def _alignments(
    a: _Side, b: _Side, sim: np.ndarray, xa: sparse.csr_matrix, xb: sparse.csr_matrix, names: np.ndarray
) -> tuple[Alignment, ...]:
    out: list[Alignment] = []
    for i, unit in enumerate(a.units):
        order = np.argsort(-sim[i])[:MATCHES_PER_UNIT]
        matches = tuple(
            Match(
                b=b.units[j].id,
                b_label=b.units[j].label,
                b_title=b.units[j].title,
                score=round(float(sim[i, j]), 4),
                shared_terms=_shared_terms(xa[i], xb[j], names),
            )
            for j in order
            if sim[i, j] >= MIN_MATCH
        )
        out.append(Alignment(unit.id, unit.label, unit.title, matches))
    return tuple(out)


def _coverage(a: _Side, b: _Side, sim: np.ndarray, threshold: float) -> tuple[Coverage, ...]:
    out: list[Coverage] = []
    for j, unit in enumerate(b.units):
        if sim.shape[0] == 0:
            out.append(Coverage(unit.id, unit.label, unit.title, None, None, 0.0, False))
            continue
        i = int(np.argmax(sim[:, j]))
        score = float(sim[i, j])
        out.append(
            Coverage(
                unit.id,
                unit.label,
                unit.title,
                a.units[i].id,
                a.units[i].label,
                round(score, 4),
                score >= threshold,
            )
        )
    return tuple(out)


_SPACE = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _SPACE.sub("", text)


def _key_terms(side: _Side, limit: int) -> list[str]:
    """The plan's most characteristic words: frequency weighted by how few of its units use them, so
    a word of one subject (黑土地) ranks above one every part of the genre uses (继续, 全年)."""
    count: dict[str, int] = {}
    spread: dict[str, int] = {}
    for unit in side.units:
        found = words(unit.text)
        for w in found:
            count[w] = count.get(w, 0) + 1
        for w in set(found):
            spread[w] = spread.get(w, 0) + 1
    n = max(len(side.units), 1)
    weight = {w: c * math.log(1 + n / spread[w]) for w, c in count.items()}
    return [w for w, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def _only_and_shared(
    a: _Side, b: _Side
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    text_a, text_b = _flat(a.analysis.document.text), _flat(b.analysis.document.text)
    only_a: dict[str, tuple[str, ...]] = {}
    only_b: dict[str, tuple[str, ...]] = {}
    shared: dict[str, tuple[str, ...]] = {}
    for kind, key in (("formulation", "formulations"), ("project", "projects")):
        ea = list(dict.fromkeys(e.text for e in a.analysis.entities if e.kind == kind))
        eb = list(dict.fromkeys(e.text for e in b.analysis.entities if e.kind == kind))
        only_a[key] = tuple(t for t in ea if _flat(t) not in text_b)
        only_b[key] = tuple(t for t in eb if _flat(t) not in text_a)
        shared[key] = tuple(t for t in ea if _flat(t) in text_b)
    # Terms: among each plan's 400 most frequent content words, those the other text never contains
    # (substring test, so a different segmentation of the same word does not count as new).
    only_a["terms"] = tuple(t for t in _key_terms(a, 400) if t not in text_b)[:ONLY_TERMS]
    only_b["terms"] = tuple(t for t in _key_terms(b, 400) if t not in text_a)[:ONLY_TERMS]
    shared["terms"] = tuple(t for t in _key_terms(a, 400) if t in text_b)[:ONLY_TERMS]
    return only_a, only_b, shared


def _subject_similarity(x: str, y: str) -> float:
    if not x or not y:
        return 0.0
    if len(x) >= 2 and len(y) >= 2 and (x in y or y in x):
        return 1.0
    gx, gy = bigram_set(x), bigram_set(y)
    return len(gx & gy) / len(gx | gy)


def _quantities(a: Analysis, b: Analysis) -> tuple[QuantityPair, ...]:
    """Each quantity of A with a subject paired to the most similar quantity of B in the same unit."""
    out: list[QuantityPair] = []
    for qa in a.quantities:
        if not qa.subject:
            continue
        best, best_score = None, 0.45
        for qb in b.quantities:
            unit_a, unit_b = qa.base_unit or qa.unit, qb.base_unit or qb.unit
            if unit_a != unit_b:
                continue
            score = _subject_similarity(qa.subject, qb.subject)
            if score > best_score:
                best, best_score = qb, score
        if best is not None:
            out.append(
                QuantityPair(
                    subject_a=qa.subject,
                    subject_b=best.subject,
                    unit=qa.unit,
                    value_a=qa.value,
                    value_b=best.value,
                    text_a=qa.text,
                    text_b=best.text,
                    node_a=qa.node,
                    node_b=best.node,
                    period_a=qa.period,
                    period_b=best.period,
                )
            )
    return tuple(out)


def similarity(
    units_a: Sequence[Unit], units_b: Sequence[Unit]
) -> tuple[np.ndarray, sparse.csr_matrix, sparse.csr_matrix, np.ndarray]:
    """Cosine similarity (|A| × |B|) and the TF-IDF rows behind it."""
    texts = [u.text for u in units_a] + [u.text for u in units_b]
    if not texts:
        empty = sparse.csr_matrix((0, 0), dtype=np.float32)
        return np.zeros((len(units_a), len(units_b)), dtype=np.float32), empty, empty, np.array([])
    vec = vectorizer()
    matrix = sparse.csr_matrix(vec.fit_transform(texts))
    xa, xb = matrix[: len(units_a)], matrix[len(units_a) :]
    sim = np.asarray((xa @ xb.T).todense(), dtype=np.float32)
    return sim, xa, xb, vec.get_feature_names_out()


def compare(
    a: Analysis, b: Analysis, ref_a: PlanRef, ref_b: PlanRef, *, threshold: float = COVERED
) -> Comparison:
    side_a, side_b = _Side(a, ref_a, units_of(a)), _Side(b, ref_b, units_of(b))
    sim, xa, xb, names = similarity(side_a.units, side_b.units)
    only_a, only_b, shared = _only_and_shared(side_a, side_b)
    return Comparison(
        a=ref_a,
        b=ref_b,
        alignments=_alignments(side_a, side_b, sim, xa, xb, names),
        coverage=_coverage(side_a, side_b, sim, threshold),
        only_in_a=only_a,
        only_in_b=only_b,
        shared=shared,
        quantities=_quantities(a, b),
        threshold=threshold,
    )
