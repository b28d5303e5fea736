"""Entities: named projects, organisations, places and numbered formulations (issue 3).

Evidence, strongest first when two candidates cover the same text:

1. quotation — a quoted numbered formulation (“两先区”);
2. context — an item of a list closed by a head noun (…等重大项目), a name before a marker word;
3. lexicon — a name the YAML lexicons list (lexicon.py);
4. shape — a name ending in a known suffix with a proper name before it (entity_names).

Overlapping candidates are settled longest first, so a name inside a longer name (辽宁 in
辽宁滨海实验室) is not reported twice. The document's own place — the first city or province its
title names — is never reported as a place (a Dalian plan mentions 大连 everywhere), but still
counts as the proper name that makes 大连凌水湾实验室 a name. One item per surface string per node
(the first occurrence); items are sorted by start.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import rjieba

from planwatch.extract.entity_formulations import Definitions, quoted_formulations, unquoted_occurrences
from planwatch.extract.entity_names import (
    Cand,
    Known,
    KnownSpan,
    follower_candidates,
    list_candidates,
    quoted_projects,
    suffix_candidates,
)
from planwatch.extract.lexicon import Lexicons, Term, load_lexicons
from planwatch.extract.pipeline import Context, component
from planwatch.ingest.fast_construct import maker
from planwatch.model import Block, Entity, Node, Sentence

_Entity = maker(Entity)

# subtypes of a place that can be "the document's own place" when its title names it
_SELF_SUBTYPES = frozenset(
    {"city", "municipality", "province", "county", "county-level city", "district", "prefecture"}
)
_JOINERS = "、与和及"


@component("entities", provides=("entities",))
def entities(ctx: Context) -> Mapping[str, Any]:
    paths = ctx.config.get("entity_lexicons") or ()
    lex = load_lexicons(tuple(Path(p) for p in paths))
    found = extract_entities(
        ctx.document.text, ctx.folded, ctx.nodes, ctx.sentences, ctx.document.blocks, lex
    )
    return {"entities": tuple(found)}


def extract_entities(
    text: str,
    folded: str,
    nodes: Sequence[Node],
    sentences: Sequence[Sentence],
    blocks: Sequence[Block],
    lex: Lexicons,
) -> list[Entity]:
    hits, runs = _lexicon_hits(folded, lex)
    self_names = _self_names(hits, _title_end(nodes))
    # a local alias (高新区) names its place's thing only in documents about that place
    hits = [h for h in hits if h[2].local_to is None or h[2].local_to in self_names]

    known: list[KnownSpan] = []
    cands: list[Cand] = []
    for s, e, term in hits:
        is_self = term.kind == "place" and term.canonical in self_names
        known.append(KnownSpan(s, e, term.kind, term.subtype, is_self))
        if not is_self:
            cands.append(Cand(s, e, term.kind, term.subtype, "lexicon", 3))
    cands.extend(_abbreviation_runs(folded, lex, self_names, runs))
    # a run of short forms names the ends of a line (京港|高铁): it anchors the line's name
    known.extend(KnownSpan(a, b, "place", None, False) for a, b in runs)
    known.sort(key=lambda k: k.start)

    suffixes, followers = _endings(folded, lex)
    self_abbr = "".join(c for c, t in lex.abbreviations.items() if t.canonical in self_names)
    cands.extend(suffix_candidates(folded, lex, Known(known), suffixes, self_abbr))
    cands.extend(list_candidates(folded, lex))
    cands.extend(follower_candidates(folded, lex, followers))

    named = quoted_projects(folded, lex)
    cands.extend(named)
    named_spans = {(c.start, c.end) for c in named}
    quoted = [q for q in quoted_formulations(folded) if q not in named_spans]
    learned = {folded[a:b] for a, b in quoted}
    cands.extend(Cand(a, b, "formulation", None, "pattern", 5) for a, b in quoted)
    cands.extend(
        Cand(a, b, "formulation", None, "pattern", 1) for a, b in unquoted_occurrences(folded, learned)
    )

    titles = _titles(folded)
    if titles:
        cands = [c for c in cands if c.kind == "formulation" or not _inside(titles, c.start, c.end)]
    kept = _settle(cands, len(folded))
    _coordinate_zones(kept, folded)
    return _entities(text, folded, kept, sentences, nodes, blocks, lex, self_names)


_BOOK_TITLE = re.compile("《[^《》]{1,80}》")


def _titles(folded: str) -> list[tuple[int, int]]:
    """Spans of 《…》 titles: a law or plan named in a title is a document, and the places and
    bodies inside its name (《全面与进步跨太平洋伙伴关系协定》) are not mentioned by the plan."""
    return [m.span() for m in _BOOK_TITLE.finditer(folded)]


def _inside(spans: Sequence[tuple[int, int]], a: int, b: int) -> bool:
    i = bisect_right(spans, (a, len(spans) + b)) - 1
    return i >= 0 and spans[i][0] <= a and b <= spans[i][1]


def _title_end(nodes: Sequence[Node]) -> int:
    for n in nodes:
        if n.kind == "title":
            return n.end
    return 0


# ---------------------------------------------------------------- lexicon


def _lexicon_hits(folded: str, lex: Lexicons) -> tuple[list[tuple[int, int, Term]], list[tuple[int, int]]]:
    """Lexicon names, and runs of one-character short forms (沪连), in one scan."""
    out: list[tuple[int, int, Term]] = []
    runs: list[tuple[int, int]] = []
    automaton, terms = lex.term_automaton()
    if automaton is None:
        return out, runs
    abbreviations = lex.abbreviations
    n = len(folded)
    for i, s, e in automaton.find_matches_as_indexes(folded):
        term = terms[i]
        if term is None:
            while e < n and folded[e] in abbreviations:
                e += 1
            runs.append((s, e))
            continue
        # a two-character name inside a longer word is not that name (长海 in 延长|海岸线)
        if e - s == 2 and not _plausible_word(folded, s, e, lex):
            continue
        out.append((s, e, term))
    return out, runs


def _endings(folded: str, lex: Lexicons) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """One scan for the suffix and follower words: every occurrence of each, and per place where
    one ends the longest one allowed there (its guard: characters that may not follow it)."""
    suffixes: list[tuple[int, int]] = []
    followers: list[tuple[int, int]] = []
    automaton, guards = lex.ending_automaton()
    if automaton is None:
        return suffixes, followers
    n = len(folded)
    longest: dict[int, int] = {}  # end -> the start of the longest word allowed to end there
    for i, s, e in automaton.find_matches_as_indexes(folded, overlapping=True):
        guard = guards[i]
        if guard and e < n and folded[e] in guard:
            continue
        if s < longest.get(e, e):
            longest[e] = s
    follower_words = lex.follower_words()
    for e in sorted(longest):
        s = longest[e]
        (followers if folded[s:e] in follower_words else suffixes).append((s, e))
    return suffixes, followers


def _plausible_word(folded: str, s: int, e: int, lex: Lexicons) -> bool:
    """Whether a two-character name at [s, e) starts a word rather than sitting inside one
    (长海 in 延长|海岸线), and is not the start of a longer excluded word (人大 in 人大代表).
    The start may run on into a longer name (大连 in 大连港, 大连理工大学)."""
    if folded[s : e + 2] in lex.excluded or folded[s : e + 1] in lex.excluded:
        return False
    if s == 0 or not (
        rjieba.has_word(folded[s - 1 : s + 1]) or (s > 1 and rjieba.has_word(folded[s - 2 : s + 1]))
    ):
        return True
    # a word may end just before s even though the two characters across s also form one: ask
    # the segmenter how it reads the context
    a = max(0, s - 3)
    pos = a
    for word in rjieba.cut(folded[a : e + 3]):
        if pos == s:
            return True
        if pos > s:
            return False
        pos += len(word)
    return pos == s


def _self_names(hits: Sequence[tuple[int, int, Term]], title_end: int) -> frozenset[str]:
    """Canonical name of the document's own place: the first city/province its title names."""
    for s, _, term in hits:
        if s >= title_end:
            break
        if term.kind == "place" and term.subtype in _SELF_SUBTYPES:
            return frozenset({term.canonical})
    return frozenset()


def _abbreviation_runs(
    folded: str, lex: Lexicons, self_names: frozenset[str], runs: Sequence[tuple[int, int]]
) -> list[Cand]:
    """One-character short forms, only in runs of two or more (沪连 → 沪); the document's own
    place is left out (连). Runs that are names (京津冀) are lexicon terms and never get here."""
    out: list[Cand] = []
    for a, b in runs:
        members = [lex.abbreviations[c] for c in folded[a:b]]
        for k, t in enumerate(members):
            if t.canonical not in self_names:
                out.append(Cand(a + k, a + k + 1, t.kind, t.subtype, "lexicon", 3))
    return out


# ---------------------------------------------------------------- settling and output


def _settle(cands: list[Cand], n: int) -> list[Cand]:
    """Keep the longest candidates; among equal spans the highest rank. Drops contained ones."""
    cands.sort(key=lambda c: (c.start - c.end, -c.rank, c.start))
    taken = bytearray(n + 1)
    kept: list[Cand] = []
    for c in cands:
        if c.end <= c.start or taken.find(1, c.start, c.end) != -1:
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def _coordinate_zones(kept: list[Cand], folded: str) -> None:
    """A zone listed with districts and counties is a territorial unit there, not a project
    (高新区与旅顺口区，…瓦房店市、长兴岛经济区、太平湾合作创新区协同发展)."""
    for _ in range(2):  # a chain of zones learns from its neighbour in either direction
        for i, c in enumerate(kept):
            if c.kind != "project" or c.subtype != "zone":
                continue
            prev = kept[i - 1] if i > 0 else None
            nxt = kept[i + 1] if i + 1 < len(kept) else None
            after_place = (
                prev is not None
                and prev.kind == "place"
                and prev.end == c.start - 1
                and folded[prev.end] in _JOINERS
            )
            before_place = (
                nxt is not None
                and nxt.kind == "place"
                and nxt.start == c.end + 1
                and folded[c.end] in _JOINERS
            )
            if after_place or before_place:
                c.kind = "place"


def _entities(
    text: str,
    folded: str,
    kept: Sequence[Cand],
    sentences: Sequence[Sentence],
    nodes: Sequence[Node],
    blocks: Sequence[Block],
    lex: Lexicons,
    self_names: frozenset[str],
) -> list[Entity]:
    starts = [s.start for s in sentences]
    sents = sentences
    if starts != sorted(starts):
        sents = sorted(sentences, key=lambda s: s.start)
        starts = [s.start for s in sents]
    self_forms: set[str] = set()
    for name in self_names:
        self_forms |= lex.forms_of(name)
    definitions = Definitions(text, folded, nodes, blocks, lex)
    formulation_starts: dict[str, list[int]] = {}
    for c in kept:
        if c.kind == "formulation":
            formulation_starts.setdefault(folded[c.start : c.end], []).append(c.start)
    seen: set[tuple[str, str]] = set()
    out: list[Entity] = []
    for c in kept:
        key_text = folded[c.start : c.end]
        if key_text in lex.excluded or (c.kind == "place" and key_text in self_forms):
            continue
        i = bisect_right(starts, c.start) - 1
        if i < 0 or c.start >= sents[i].end:
            continue
        sent = sents[i]
        key = (sent.node, key_text)
        if key in seen:
            continue
        seen.add(key)
        definition = None
        if c.kind == "formulation":
            definition = definitions.of(key_text, formulation_starts[key_text])
        # positional: (kind, text, node, start, end, definition, subtype, source, sentence)
        out.append(
            _Entity(
                c.kind,
                text[c.start : c.end],
                sent.node,
                c.start,
                c.end,
                definition,
                c.subtype,
                c.source,
                sent.id,
            )
        )
    return out
