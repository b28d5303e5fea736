"""Match a plan's tasks with the sentences of a later document that take them up (issue 19).

Each task and each sentence of the source becomes a TF-IDF vector over rjieba words and character
bigrams (the features plan alignment uses, see ``terms``), with the IDF fitted on the source's
sentences and the plan's tasks together, so a word every sentence of the genre uses (加快, 推进)
weighs little and a subject word (保交楼, 千亿斤) much. The plan's projects and numbered formulations
found in a task count once more as whole phrases: a sentence that names the same project is evidence
even when the rest is reworded. The score is the cosine of the two vectors; a sentence at or above
the threshold is evidence, at most ``PER_KIND`` per task, source and kind, best first. A sentence
scores as its best clause when that is higher (see ``_clause_max``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planwatch.compare.evidence_kind import genre, milestones, node_roles, sentence_kind
from planwatch.compare.terms import WORD_PREFIX, features
from planwatch.model import Analysis, Task
from planwatch.model.comparison import PlanRef
from planwatch.model.trace import Evidence, EvidenceSource

# numpy, scipy and scikit-learn are imported where a trace is computed: this module is imported with
# every web worker and report, and scikit-learn alone took about a second of each start.
if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

# Chosen on bench/trace_gold.yaml (40 tasks, labelled before any tuning). Whole sentences at 0.10:
# "taken up" P 0.89 / R 0.89, reported sentences 0.58 / 0.53; scoring the best clause too, at 0.14:
# 0.89 / 0.91 and 0.57 / 0.57, with fewer matches carried by a single common word (23% against 26%
# over the Dalian plan and four provincial reports). See bench/trace_check.py.
THRESHOLD = 0.14
PER_KIND = 3  # per task, source and kind: a deployment elsewhere must not crowd out a report
TERMS = 6
MIN_SENTENCE = 6  # characters: shorter "sentences" are headings' labels and salutations (各位代表！)
ENTITY_PREFIX = "e:"
_PHRASE_KINDS = ("project", "formulation")
# A programme directive or a mentioned difficulty that shares a single word with a task (区域, 服务业,
# 民生) is rarely the task taken up: on bench/trace_gold_deployed.yaml (40 deployed matches drawn at
# random and labelled by hand) 17 of 40 were wrong, most of them sharing one word. Such a match needs a
# second shared word or phrase, or a score of STRONG: precision 0.57 -> 0.75, 2 of 23 right ones lost.
# Review sentences are exempt: there one specific word often carries the report (种业, 三保), and the
# rule would cut "taken up" recall on bench/trace_gold.yaml from 0.91 to 0.77.
MIN_TERMS = 2
STRONG = 0.25
_WEAK_KINDS = frozenset({"deployed", "mentioned"})
_CLAUSE = re.compile(r"[，；：]")


@dataclass(frozen=True, slots=True)
class SourceDoc:
    source: EvidenceSource
    analysis: Analysis
    # the year a review sentence speaks of (a work report of 2024 reviews 2023); None: its own year
    review_year: int | None = None
    ref: PlanRef | None = None  # what it was resolved to: a stored plan's id and version, or a path


def phrases_of(plan: Analysis) -> list[str]:
    """Projects and formulations of the plan, longest first, as whole-phrase features."""
    found = {e.text for e in plan.entities if e.kind in _PHRASE_KINDS and len(e.text) >= 3}
    return sorted(found, key=lambda p: (-len(p), p))


def _analyzer(phrases: Sequence[str]) -> Callable[[str], list[str]]:
    def analyse(text: str) -> list[str]:
        out = features(text)
        out.extend(ENTITY_PREFIX + p for p in phrases if p in text)
        return out

    return analyse


def _row(m: sparse.csr_matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = m.indptr[i], m.indptr[i + 1]
    return m.indices[lo:hi], m.data[lo:hi]


def _terms(
    a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray], names: np.ndarray
) -> tuple[str, ...]:
    """The shared words and phrases that weigh most in the score, heaviest first. Works on the raw
    CSR arrays: slicing a scipy row per evidence sentence cost more than the whole match."""
    import numpy as np

    common, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    weights = a[1][ia] * b[1][ib]
    out: list[str] = []
    for k in np.argsort(-weights, kind="stable"):
        name = str(names[common[k]])
        for prefix in (ENTITY_PREFIX, WORD_PREFIX):
            if name.startswith(prefix) and name[len(prefix) :] not in out:
                out.append(name[len(prefix) :])
        if len(out) >= TERMS:
            break
    return tuple(out[:TERMS])


def _sentences(doc: SourceDoc) -> list[tuple[str, int, int, str]]:
    """(node, start, end, text) of the source's sentences worth matching."""
    text = doc.analysis.document.text
    out = []
    for s in doc.analysis.sentences:
        body = text[s.start : s.end].strip()
        if len(body) >= MIN_SENTENCE:
            out.append((s.node, s.start, s.end, body))
    return out


def _clause_max(
    sim: np.ndarray, xt: sparse.csr_matrix, vec: TfidfVectorizer, sents: list[tuple[str, int, int, str]]
) -> np.ndarray:
    """A sentence scores as well as its best clause: a review sentence bundles several pieces of
    work (财政政策加力提效，加强重点领域支出保障，全年新增税费优惠…), and the cosine with the
    whole sentence dilutes the one a task is about. The evidence is still the whole sentence."""
    import numpy as np

    owners: list[int] = []
    clauses: list[str] = []
    for j, sent in enumerate(sents):
        parts = [c for c in _CLAUSE.split(sent[3]) if len(c) >= MIN_SENTENCE]
        if len(parts) > 1:
            owners.extend([j] * len(parts))
            clauses.extend(parts)
    if clauses:
        by_clause = (xt @ vec.transform(clauses).T).toarray()
        for k, j in enumerate(owners):
            np.maximum(sim[:, j], by_clause[:, k], out=sim[:, j])
    return sim


def trace_source(
    tasks: Sequence[Task], phrases: Sequence[str], doc: SourceDoc, threshold: float
) -> dict[str, list[Evidence]]:
    """Evidence in one source for each task id (tasks with none are absent)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    sents = _sentences(doc)
    if not sents or not tasks:
        return {}
    vec = TfidfVectorizer(analyzer=_analyzer(phrases), sublinear_tf=True, norm="l2", dtype=np.float32)
    matrix = vec.fit_transform([t.text for t in tasks] + [s[3] for s in sents]).tocsr()
    xt, xs = matrix[: len(tasks)], matrix[len(tasks) :]
    sim = _clause_max((xt @ xs.T).toarray(), xt, vec, sents)
    names = vec.get_feature_names_out()
    roles = node_roles(doc.analysis, doc.source.year)
    default = genre(doc.source.title or doc.source.name)
    found: dict[str, list[Evidence]] = {}
    for i, task in enumerate(tasks):
        taken: dict[str, int] = {}
        for j in np.argsort(-sim[i], kind="stable"):
            if sim[i, j] < threshold:
                break
            node, start, end, body = sents[j]
            role = roles.get(node, "") or default
            kind = sentence_kind(body, role)
            terms = _terms(_row(xt, i), _row(xs, j), names)
            if kind in _WEAK_KINDS and len(terms) < MIN_TERMS and sim[i, j] < STRONG:
                continue
            if taken.get(kind, 0) >= PER_KIND:
                continue
            taken[kind] = taken.get(kind, 0) + 1
            about = doc.review_year if role == "review" and doc.review_year is not None else doc.source.year
            found.setdefault(task.id, []).append(
                Evidence(
                    source=doc.source.name,
                    year=doc.source.year,
                    node=node,
                    sentence=body,
                    start=start,
                    end=end,
                    kind=kind,
                    score=round(float(sim[i, j]), 4),
                    terms=terms,
                    about=about,
                    milestones=milestones(body) if names_project(task, phrases) else (),
                )
            )
    return found


def names_project(task: Task, phrases: Sequence[str]) -> bool:
    return any(p in task.text for p in phrases) or any(w in task.text for w in ("工程", "项目"))


def review_tasks(plan: Analysis, year: int | None = None) -> set[str]:
    """Tasks in the plan's own review part: what it reports of the past, not what it commits to."""
    roles = node_roles(plan, year)
    return {t.id for t in plan.tasks if roles.get(t.node) == "review"}
