"""Full-text search over the sentences of stored plans.

How text becomes tokens (the same for sentences and queries, so the two always meet):

1. ``fold``: NFKC (full-width letters and digits become ASCII) and casefold, whitespace next to a
   Chinese character dropped (a PDF line break inside 海洋 经济 must not split it), other whitespace
   runs made one space.
2. *words*: rjieba's segmentation of the folded text, kept to letters and digits. A sentence whose
   words contain the query's words as a phrase ranks higher.
3. *grams*: every run of letters and digits, an ASCII run as one token (``gdp``, ``5g``), any other run
   as overlapping character bigrams plus its last character alone (海洋经济 → 海洋 洋经 经济 济).
   These decide what matches: a query term's grams as a phrase find every sentence containing the
   term as a substring, however rjieba happens to split either side (跨海 inside 跨海大桥, 托育 in
   托育服务体系); the lone last character lets a one-character term (港) match as a prefix.

Trigrams (FTS5's ``trigram`` tokenizer) were measured and rejected: they cannot match a term of
fewer than three characters, and most Chinese words have two (托育, 海洋, 养老). rjieba words alone
miss a term that is only part of a word (跨海, 港) or that rjieba splits differently in context.

The index proposes candidates; each is then checked to contain every term (folded) as a substring,
so quotes, operators and symbols in a query are plain text and a result always shows what was asked
for. A query with no exact match falls back to its rjieba words, each of which must then appear.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from planwatch.model import InputError, Node, PlanInfo, VersionInfo
from planwatch.model.cite import Citer
from planwatch.model.page_ref import PageRef
from planwatch.store.engine import transaction
from planwatch.store.repositories import PlanRepository
from planwatch.store.search import (
    MAX_CANDIDATES,
    Candidate,
    IndexedSentence,
    SearchRepository,
    TermQuery,
    VersionLabel,
)

SCHEME = 1
"""Bump when ``fold``, ``words`` or ``grams`` change: every version is then indexed again."""

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
MAX_LIMIT = 100
# How far into the ranked matches a page may start (the store ranks at most this many).
MAX_OFFSET = MAX_CANDIDATES
DEFAULT_LIMIT = 20
SNIPPET_CHARS = 160  # a longer sentence is cut to this many characters around its first match
SNIPPET_BEFORE = 40  # characters shown before the first match when cutting

_RUN = re.compile(r"[0-9a-z]+|[^\W_\x00-\x7f]+")
_SPACE = re.compile(r"\s+")


# -- folding and segmentation ---------------------------------------------------------------------


def _keep_space(before: str, after: str) -> bool:
    return bool(before) and bool(after) and before.isascii() and after.isascii()


def _space(m: re.Match[str]) -> str:
    before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
    return " " if _keep_space(before, after) else ""


def fold(text: str) -> str:
    """The text as the index sees it (see the module docstring)."""
    return _SPACE.sub(_space, unicodedata.normalize("NFKC", text).casefold())


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` character by character, with each folded character's offset in ``text``.

    Per character, so that a match in the folded text maps back to the original for highlighting;
    it differs from :func:`fold` only where NFKC composes across characters, which plan text does not.
    """
    chars: list[str] = []
    offsets: list[int] = []
    pending: int | None = None  # offset of a whitespace run not yet kept or dropped
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if c.isspace():
                if pending is None:
                    pending = i
                continue
            if pending is not None:
                if _keep_space(chars[-1] if chars else "", c):
                    chars.append(" ")
                    offsets.append(pending)
                pending = None
            chars.append(c)
            offsets.append(i)
    return "".join(chars), offsets


def words(folded: str) -> list[str]:
    """rjieba's words of folded text, split further at anything not a letter or digit."""
    # imported here: loading its dictionary takes a fifth of a second, which every command that
    # merely lists plans (services.plans imports this module) would otherwise pay
    import rjieba

    return [piece for token in rjieba.cut(folded) for piece in _RUN.findall(token)]


def grams(folded: str) -> list[str]:
    """ASCII runs whole, other runs as bigrams plus their last character."""
    out: list[str] = []
    for run in _RUN.findall(folded):
        if run.isascii():
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
            out.append(run[-1])
    return out


def indexed_sentence(sentence_id: int, text: str) -> IndexedSentence:
    folded = fold(text)
    return IndexedSentence(sentence_id, " ".join(words(folded)), " ".join(grams(folded)))


# -- queries --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # folded, without leading or trailing punctuation: what a sentence must contain
    query: TermQuery


def _term(raw: str) -> Term | None:
    folded = fold(raw)
    runs = list(_RUN.finditer(folded))
    if not runs:
        return None
    tokens: list[str] = []
    for i, m in enumerate(runs):
        run, last = m.group(), i == len(runs) - 1
        if run.isascii():
            tokens.append(run)
            continue
        tokens.extend(run[j : j + 2] for j in range(len(run) - 1))
        # A run the term continues past ends where the sentence's run ends too, so the sentence has
        # its lone last character next; a run ending the term may go on in the sentence.
        if not last or len(run) == 1:
            tokens.append(run[-1])
    final = runs[-1].group()
    # A one-character or ASCII ending may be the start of a longer token: 港 in 港口, gd in gdp.
    prefix = final.isascii() or len(final) == 1
    core = folded[runs[0].start() : runs[-1].end()]
    return Term(core, TermQuery(tuple(words(core)), tuple(tokens), prefix))


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    terms: tuple[Term, ...]
    truncated: bool  # the query was longer than MAX_QUERY_CHARS or had more than MAX_TERMS terms


def parse_query(query: str) -> ParsedQuery:
    """Terms separated by white space, each needed in a result. Punctuation is only ever text."""
    truncated = len(query) > MAX_QUERY_CHARS
    terms: list[Term] = []
    seen: set[str] = set()
    for raw in query[:MAX_QUERY_CHARS].split():
        term = _term(raw)
        if term is None or term.text in seen:
            continue
        if len(terms) == MAX_TERMS:
            truncated = True
            break
        seen.add(term.text)
        terms.append(term)
    return ParsedQuery(tuple(terms), truncated)


def _relaxed(terms: Sequence[Term]) -> tuple[Term, ...]:
    """Each term's rjieba words as terms of their own: 大连海洋经济 → 大连 海洋 经济."""
    out: list[Term] = []
    seen: set[str] = set()
    for term in terms:
        for word in term.query.words or (term.text,):
            t = _term(word)
            if t is not None and t.text not in seen:
                seen.add(t.text)
                out.append(t)
    return tuple(out[:MAX_TERMS])


# -- indexing -------------------------------------------------------------------------------------


def index_version(session: Session, version_id: int) -> int:
    """Index the sentences of a stored version (again, if they were); returns how many."""
    repo = SearchRepository(session)
    rows = [indexed_sentence(sid, text) for sid, text in repo.sentences(version_id)]
    repo.store(version_id, SCHEME, rows)
    return len(rows)


def ensure_indexed(session: Session, version_ids: Sequence[int] | None = None) -> list[int]:
    """Index those of ``version_ids`` (default: every version) not indexed under the current scheme.

    Versions imported before the index existed (revision 0005) are indexed here, on their first
    search. Returns the ids of the versions it indexed.
    """
    repo = SearchRepository(session)
    wanted = repo.all_version_ids() if version_ids is None else list(version_ids)
    missing = repo.unindexed(wanted, SCHEME)
    for version_id in missing:
        index_version(session, version_id)
    return missing


def index_stored(engine: Engine) -> list[int]:
    """:func:`ensure_indexed` for every stored version, in a transaction of its own (after a
    migration created the index, so that no user's first search pays for it)."""
    with transaction(engine) as session:
        return ensure_indexed(session)


def reindex(session: Session) -> int:
    """Index every version again; returns how many sentences were indexed."""
    repo = SearchRepository(session)
    return sum(index_version(session, v) for v in repo.all_version_ids())


# -- searching ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    mark: bool


@dataclass(frozen=True, slots=True)
class SearchHit:
    plan_id: int
    plan_name: str
    version_id: int
    version: int  # the version's number within its plan
    node: str
    node_kind: str
    node_label: str
    node_title: str
    cite: str  # 第7条, 第三部分第二章 …
    sentence: str  # the sentence's outline key
    start: int  # offsets of the sentence in the document text
    end: int
    text: str
    highlights: tuple[tuple[int, int], ...]  # matches, as offsets into ``text``
    parts: tuple[Part, ...]  # the snippet: text pieces, marked where they match
    snippet: str  # the same as HTML: text escaped, matches in <mark>
    rank: float  # higher is better; comparable within one result list only
    url: str  # the sentence in the article reader


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    terms: tuple[str, ...]
    plan: PlanInfo | None
    version: VersionInfo | None
    total: int
    limit: int
    offset: int
    hits: tuple[SearchHit, ...]
    relaxed: bool  # no sentence had every term as typed; these have every word of it
    truncated: bool
    capped: bool  # more than MAX_CANDIDATES sentences matched: only the best were considered
    message: str | None


def highlight_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where ``terms`` (folded) occur in ``text``, as merged ``[start, end)`` offsets into ``text``."""
    folded, offsets = fold_with_offsets(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        if not term:
            continue
        i = folded.find(term)
        while i >= 0:
            spans.append((offsets[i], offsets[i + len(term) - 1] + 1))
            i = folded.find(term, i + len(term))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def snippet_parts(text: str, spans: Sequence[tuple[int, int]]) -> tuple[Part, ...]:
    """The sentence, or SNIPPET_CHARS of it around the first match, cut into marked pieces."""
    lo, hi = 0, len(text)
    if len(text) > SNIPPET_CHARS:
        first = spans[0][0] if spans else 0
        lo = max(0, min(first - SNIPPET_BEFORE, len(text) - SNIPPET_CHARS))
        hi = lo + SNIPPET_CHARS
    parts: list[Part] = [Part("…", False)] if lo > 0 else []
    pos = lo
    for a, b in spans:
        a, b = max(a, lo), min(b, hi)
        if a >= b:
            continue
        if a > pos:
            parts.append(Part(text[pos:a], False))
        parts.append(Part(text[a:b], True))
        pos = b
    if pos < hi:
        parts.append(Part(text[pos:hi], False))
    if hi < len(text):
        parts.append(Part("…", False))
    return tuple(parts)


def snippet_html(parts: Sequence[Part]) -> str:
    """Escaped text; the only markup is the <mark> added here."""
    return "".join(f"<mark>{html.escape(p.text)}</mark>" if p.mark else html.escape(p.text) for p in parts)


def _validate_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"每页条数须在 1 到 {MAX_LIMIT} 之间（收到 {limit}）。")
    if not 0 <= offset <= MAX_CANDIDATES:
        raise InputError(f"起始位置须在 0 到 {MAX_CANDIDATES} 之间（收到 {offset}）。")


def search(
    session: Session,
    query: str,
    plan: str | None = None,
    *,
    version: int | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> SearchResults:
    """Sentences containing every term of ``query``, best first.

    ``plan`` (id or name) searches its latest version, or ``version``; without it, the latest
    version of every plan. Versions not yet indexed are indexed first (see :func:`ensure_indexed`).
    """
    _validate_page(limit, offset)
    plans = PlanRepository(session)
    plan_info = plans.get_plan(plan) if plan is not None else None
    version_info = None
    if plan_info is not None:
        # The plan comes with its versions; only a number it lacks needs the repository's error.
        wanted = [v for v in plan_info.versions if version is None or v.number == version]
        version_info = wanted[-1] if wanted else plans.get_version(plan_info, version)
        version_ids = [version_info.id]
    elif version is not None:
        raise InputError("指定版本号时必须同时指定规划。")
    else:
        version_ids = SearchRepository(session).latest_version_ids()

    parsed = parse_query(query)

    def empty(message: str | None) -> SearchResults:
        return SearchResults(
            query, (), plan_info, version_info, 0, limit, offset, (), False, parsed.truncated, False, message
        )

    if not query.strip():
        return empty("请输入要搜索的词语。")
    if not parsed.terms:
        return empty("查询中没有可搜索的文字（标点和符号会被忽略），请输入中文词语、数字或英文单词。")
    checked = _ensure_indexed_once(session, plan_info, version_info, version_ids)

    terms, relaxed = parsed.terms, False
    found, capped = _matching(session, version_ids, terms)
    if not found and not checked and ensure_indexed(session, version_ids):
        # The index was remembered but has gone since (a downgrade and upgrade of the schema).
        found, capped = _matching(session, version_ids, terms)
    if not found:
        loose = _relaxed(terms)
        if len(loose) > len(terms):
            found, capped = _matching(session, version_ids, loose)
            terms, relaxed = loose, bool(found)
            if not found:
                terms = parsed.terms
    texts = tuple(t.text for t in terms)
    known = None
    if plan_info is not None and version_info is not None:
        # The one version searched is known already: its label needs no query.
        known = {
            version_info.id: VersionLabel(
                plan_info.id, plan_info.name, version_info.number, version_info.created_at
            )
        }
    hits = _hits(session, found[offset : offset + limit], texts, known)
    # A term can be 200 characters long; the message names at most the start of each.
    named = "、".join(f"“{t if len(t) <= 20 else t[:20] + '…'}”" for t in texts)
    message = None
    if not found:
        message = f"没有找到包含{named}的句子。"
    elif relaxed:
        message = f"没有完全一致的句子；以下句子包含{named}。"
    return SearchResults(
        query=query,
        terms=texts,
        plan=plan_info,
        version=version_info,
        total=len(found),
        limit=limit,
        offset=offset,
        hits=hits,
        relaxed=relaxed,
        truncated=parsed.truncated,
        capped=capped,
        message=message,
    )


# Versions seen indexed, by database, id, creation time and scheme: an index, once built, is only
# replaced, so a search of the same version need not ask again (the check was a query per search).
# A version that reuses a deleted one's id has another creation time; an index dropped all the same
# (schema downgrade) can only make a search find nothing, and then ``search`` checks again.
_INDEXED: set[tuple[str, int, datetime, int]] = set()
_INDEXED_LOCK = threading.Lock()


def _ensure_indexed_once(
    session: Session,
    plan_info: PlanInfo | None,
    version_info: VersionInfo | None,
    version_ids: Sequence[int],
) -> bool:
    """Index what is missing unless known indexed; whether the database was asked."""
    if plan_info is None or version_info is None:
        ensure_indexed(session, version_ids)
        return True
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    key = (url, version_info.id, version_info.created_at, SCHEME)
    with _INDEXED_LOCK:
        if key in _INDEXED:
            return False
    ensure_indexed(session, version_ids)
    with _INDEXED_LOCK:
        _INDEXED.add(key)
    return True


def _matching(
    session: Session, version_ids: Sequence[int], terms: Sequence[Term]
) -> tuple[list[Candidate], bool]:
    """Candidates from the index that really contain every term; whether the index hit its cap."""
    candidates = SearchRepository(session).index.candidates(
        version_ids, [t.query for t in terms], MAX_CANDIDATES
    )
    kept = [c for c in candidates if all(t.text in fold(c.text) for t in terms)]
    return kept, len(candidates) >= MAX_CANDIDATES


# A stored version's outline never changes, and reading it and building its Citer was a quarter of a
# search. Keyed by database, version id and creation time, so a version id SQLite reuses after a
# deletion never finds the outline of the version it replaced.
_OutlineKey = tuple[str, int, datetime]
_OUTLINES: OrderedDict[_OutlineKey, tuple[dict[str, Node], Citer]] = OrderedDict()
_OUTLINES_MAX = 32
_OUTLINES_LOCK = threading.Lock()


def _outline(
    repo: SearchRepository, url: str, version_id: int, created: datetime
) -> tuple[dict[str, Node], Citer]:
    key = (url, version_id, created)
    with _OUTLINES_LOCK:
        found = _OUTLINES.get(key)
        if found is not None:
            _OUTLINES.move_to_end(key)
            return found
    nodes = {n.id: n for n in repo.outline(version_id)}
    entry = (nodes, Citer(nodes.values()))
    with _OUTLINES_LOCK:
        _OUTLINES[key] = entry
        while len(_OUTLINES) > _OUTLINES_MAX:
            _OUTLINES.popitem(last=False)
    return entry


def _hits(
    session: Session,
    page: Sequence[Candidate],
    terms: Sequence[str],
    known: dict[int, VersionLabel] | None = None,
) -> tuple[SearchHit, ...]:
    if not page:
        return ()
    repo = SearchRepository(session)
    version_ids = sorted({c.version_id for c in page})
    if known is not None and set(version_ids) <= known.keys():
        labels = known
    else:
        labels = repo.version_labels(version_ids)
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    outlines = {v: _outline(repo, url, v, labels[v].created_at) for v in version_ids}
    hits = []
    for c in page:
        label = labels[c.version_id]
        nodes, cite = outlines[c.version_id]
        node = nodes.get(c.node_key)
        spans = highlight_spans(c.text, terms)
        parts = snippet_parts(c.text, spans)
        hits.append(
            SearchHit(
                plan_id=label.plan_id,
                plan_name=label.plan_name,
                version_id=c.version_id,
                version=label.number,
                node=c.node_key,
                node_kind=node.kind if node else "",
                node_label=node.label if node else "",
                node_title=node.title if node else "",
                cite=cite(c.node_key),
                sentence=c.key,
                start=c.start,
                end=c.end,
                text=c.text,
                highlights=tuple(spans),
                parts=parts,
                snippet=snippet_html(parts),
                rank=round(float(c.score), 6),
                url=PageRef.to("node", fragment=f"s-{c.start}", plan=label.plan_id, node=c.node_key).path(),
            )
        )
    return tuple(hits)


# -- page data (the 搜索 page and its JSON twin) --------------------------------------------------


def results_dict(results: SearchResults) -> dict[str, Any]:
    """JSON-ready search results, as the 搜索 page, its JSON twin and the CLI show them."""
    plan = results.plan
    version = results.version
    return {
        "query": results.query,
        "terms": list(results.terms),
        "plan": None if plan is None else {"id": plan.id, "name": plan.name, "title": plan.title},
        "version": None if version is None else {"id": version.id, "number": version.number},
        "total": results.total,
        "limit": results.limit,
        "offset": results.offset,
        "relaxed": results.relaxed,
        "truncated": results.truncated,
        "capped": results.capped,
        "message": results.message,
        "results": [
            {
                # Field by field, not asdict(): that deep-copies every part and costs more than the query.
                **{
                    f.name: getattr(h, f.name)
                    for f in fields(SearchHit)
                    if f.name not in ("parts", "highlights")
                },
                "highlights": [list(s) for s in h.highlights],
                "parts": [{"text": p.text, "mark": p.mark} for p in h.parts],
            }
            for h in results.hits
        ],
    }


def search_page(
    session: Session,
    query: str,
    plan: str | None = None,
    *,
    version: int | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> dict[str, Any]:
    """搜索: what the page shows and ``/api/v1/search`` returns, from the same call."""
    return results_dict(search(session, query, plan, version=version, limit=limit, offset=offset))
