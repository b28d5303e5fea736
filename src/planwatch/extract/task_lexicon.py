"""The tasks extractor's lexicons: YAML word lists under ``planwatch/data/tasks/`` compiled into regexes.

The lists are data so that users can extend them without touching code. Word lists become trie-shaped
regexes: Python's ``re`` tries the alternatives of a flat ``a|b|c`` one by one, while a trie shares
prefixes, so a list of a few hundred words costs about one character test per position.

Everything here is built once per lexicon directory (``load_lexicon`` is cached); the extractor only
runs the compiled patterns and dict lookups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick_rs

from planwatch.extract import regex_cache
from planwatch.extract.word_trie import trie_pattern
from planwatch.model import yaml_read
from planwatch.outline import fold

# marker kinds found by the one scan over the text (a word may have several)
PAST = 1
SITUATION = 2
PURPOSE = 4
RHETORIC = 8
WEAK_PAST = 32  # past unless the sentence opens with an action verb (累计达8000处 in a target)
DESCRIBES = 16  # the sentence reports what a document contains (《纲要草案》提出…), it directs nothing


def _words(raw: Any, key: str) -> tuple[str, ...]:
    value = raw.get(key, ()) if isinstance(raw, Mapping) else ()
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence):
        raise ValueError(f"词表“{key}”应为列表")
    # entries are matched against the folded text, so they are folded too
    return tuple(dict.fromkeys(fold(str(v)).strip() for v in value if str(v).strip()))


def _weighted(raw: Any) -> dict[str, float]:
    """``[word, {word: 2}, …]`` or ``{word: weight}`` → ``{word: weight}`` (default weight 1)."""
    out: dict[str, float] = {}
    if raw is None:
        return out
    items: Iterable[Any] = [raw] if isinstance(raw, Mapping | str) else raw
    for item in items:
        if isinstance(item, Mapping):
            for k, v in item.items():
                word = fold(str(k)).strip()
                if word:
                    out[word] = float(v if v is not None else 1)
        else:
            word = fold(str(item)).strip()
            if word:
                out.setdefault(word, 1.0)
    return out


@dataclass(frozen=True)
class Classifier:
    """Keyword scoring over named categories: one trie regex finds every keyword in one pass."""

    names: tuple[str, ...]
    regex: re.Pattern[str]
    hits: Mapping[str, tuple[tuple[int, float], ...]]  # keyword → (category index, weight)

    @classmethod
    def build(cls, categories: Sequence[tuple[str, Mapping[str, float]]]) -> Classifier:
        hits: dict[str, list[tuple[int, float]]] = {}
        for i, (_, keywords) in enumerate(categories):
            for word, weight in keywords.items():
                hits.setdefault(word, []).append((i, weight))
        return cls(
            tuple(name for name, _ in categories),
            regex_cache.compile(trie_pattern(hits)),
            {k: tuple(v) for k, v in hits.items()},
        )

    def scores(self, text: str, pos: int = 0, endpos: int | None = None) -> dict[int, float]:
        """Category index → summed keyword weight, for the categories that occur (usually few)."""
        scores: dict[int, float] = {}
        hits = self.hits
        for m in self.regex.finditer(text, pos, len(text) if endpos is None else endpos):
            for i, w in hits[m.group()]:
                scores[i] = scores.get(i, 0.0) + w
        return scores


def best(scores: Mapping[int, float]) -> int | None:
    """Category with the highest positive score; ties go to the category listed first."""
    top = -1
    top_score = 0.0
    for i, s in scores.items():
        if s > top_score or (s == top_score and s > 0 and i < top):
            top, top_score = i, s
    return top if top >= 0 else None


_CLOSERS = "”’\"'》)」』]"
_NO_INSTRUMENT = (None, None)


@dataclass(frozen=True)
class Instruments:
    """Policy-instrument sub-types, told by the head of a task's object and by its verb."""

    subtypes: tuple[tuple[str, str], ...]  # (class, sub-type)
    # the head is found at the END of the object by dict lookups: the last two characters give
    # the lengths of the listed words ending in them (longest first), and ``by_suffix`` the
    # sub-type of each word, or -1 for a generic head to drop before looking again (…体系建设)
    lengths: Mapping[str, tuple[int, ...]]
    by_suffix: Mapping[str, int]
    singles: Mapping[str, int]  # one-character heads (税)
    by_verb: Mapping[str, int]
    fallback: tuple[str, str] | None
    # verbs recur (加强, 推进…): their verdict is kept, a pure function of the verb
    verb_memo: dict[str, tuple[str | None, str | None]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def classify(self, verb: str, obj: str) -> tuple[str | None, str | None]:
        o = obj.rstrip(_CLOSERS) if obj and obj[-1] in _CLOSERS else obj
        lengths = self.lengths
        get = self.by_suffix.get
        tried = lengths.get(o[-2:])
        while tried is not None:
            for n in tried:
                k = get(o[-n:])
                if k is not None:
                    break
            else:
                break
            if k >= 0:
                return self.subtypes[k]
            o = o[:-n]
            tried = lengths.get(o[-2:])
        if o:
            single = self.singles.get(o[-1])
            if single is not None:
                return self.subtypes[single]
        hit = self.verb_memo.get(verb)
        if hit is None:
            hit = self.verb_memo[verb] = self._by_verb(verb)
        return hit

    def _by_verb(self, verb: str) -> tuple[str | None, str | None]:
        by_verb = self.by_verb
        i = by_verb.get(verb)
        if i is None and len(verb) > 2:
            # compound verbs (严格落实, 推广应用): either half may carry the mark
            i = by_verb.get(verb[:2])
            if i is None:
                i = by_verb.get(verb[-2:])
        if i is not None:
            return self.subtypes[i]
        return self.fallback or _NO_INSTRUMENT


@dataclass(frozen=True)
class TaskLexicon:
    # at a clause start: a framing opener (围绕…, 以…) or adverbs* verb (joiner verb | verb2)?
    head: re.Pattern[str]
    verb_group: int  # group number of the verb in ``head``: ``lastindex`` equals it for a verb
    verb: re.Pattern[str]
    modal: re.Pattern[str]  # short subject + modal marker at a clause start
    disposal: re.Pattern[str]  # adverbs* 把/将 object disposal-verb
    framed_verb: re.Pattern[str]  # a directive after 在…领域 / 以…为… inside a framing clause
    # a directive after the beneficiary it is done for (为残疾人适配…服务), short of a purpose
    benefactive: re.Pattern[str]
    # the past/situation/purpose/rhetoric markers: ahocorasick_rs.AhoCorasick over ``marker_words``,
    # leftmost-longest (the matches of their trie regex: the longest word at the leftmost start),
    # and the kinds of each word by its index; a regex scan for a few rare words steps through every
    # character of the plan in the engine, the automaton three times as fast
    markers: Any
    marker_words: tuple[str, ...]
    marker_kinds: tuple[int, ...]
    past_paragraph: re.Pattern[str]  # at a paragraph start: the whole paragraph tells of the past
    # at a sentence start inside such a paragraph: from here on it looks ahead (新的一年，要…)
    past_paragraph_end: re.Pattern[str]
    # a clause whose subject is a document (《纲要草案》设置…, 在《纲要草案》编制过程中…)
    document_report: re.Pattern[str]
    perfective_le: bool  # 了 (not 为了/除了/了解) marks a past statement
    non_task_title: re.Pattern[str]
    programme: re.Pattern[str]  # a part's sentence that sets targets: what follows is a programme
    target_frame: re.Pattern[str]  # 主要预期目标是：… — the sentence lists targets
    outcome_verbs: frozenset[str]  # 实现/确保… + a figure: the sentence states a target
    target_figure: re.Pattern[str]  # a share (6%, 2个百分点) or a level word before a number
    task_title: re.Pattern[str]
    paragraph_lead_max_chars: int
    split_long_sentence_chars: int
    min_piece_chars: int
    domains: Classifier
    instruments: Instruments
    # the domain named by a chain of headings, by their titles (see tasks._title_levels): headings
    # recur in every analysis of a plan, and the result is a pure function of them and of this
    # lexicon, so keeping it (bounded) cannot change an analysis
    heading_memo: dict[tuple[str, ...], tuple[list[dict[int, float]], str | None]] = field(
        default_factory=dict, compare=False, repr=False
    )
    gate_memo: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)


def _read_yaml(directory: Path | None, name: str) -> Any:
    if directory is not None and (directory / name).is_file():
        text = (directory / name).read_text(encoding="utf-8")
    else:
        text = resources.files("planwatch").joinpath("data", "tasks", name).read_text(encoding="utf-8")
    data = yaml_read.safe_load(text)
    return data if data is not None else {}


def _guarded(words: Sequence[str]) -> str:
    """``trie_pattern`` behind a one-character class: ``re`` tries a trie's first-level branches
    one by one, while a class test fails a non-starter at once."""
    if not words:
        return "(?!)"
    firsts = "".join(re.escape(c) for c in sorted({w[0] for w in words}))
    return f"(?=[{firsts}]){trie_pattern(words)}"


def _verb_regex(adverbs: Sequence[str], verbs: Sequence[str], seconds: Sequence[str], joiners: str) -> str:
    # 统筹发展和安全: a second verb followed by 和/、 heads a coordinated object, not a compound; a
    # lone verb followed by 和/及 is a noun in a coordination (产业政策要发展和安全并举); a verb
    # followed by 是 is a subject (稳是大局和基础)
    # a verb followed by 型/者/式 is the stem of a noun or attribute (创新型国家, 建设者, 服务型政府),
    # and a second verb that forms a compound with the next (实施培育发展…行动) starts the object
    v = _guarded(verbs)
    second = _guarded(seconds)
    return (
        rf"(?:{_guarded(adverbs)})*(?P<verb>{v}好?(?:(?:{joiners}){v}|{second}(?![和与、及业中者性型式]|{second}))?)"
        r"(?![和及是型者式])"
    )


def _framing_pattern(framing: Sequence[str], verbs: Sequence[str]) -> str:
    """Framing openers, each kept off the verbs it begins (对 but not 对接, 用 but not 用好)."""
    guards = {}
    for f in framing:
        tails = [v[len(f) :] for v in verbs if v.startswith(f) and len(v) > len(f)]
        if tails:
            guards[f] = trie_pattern(tails)
    return trie_pattern(framing, guards)


def _instruments(raw: Any) -> Instruments:
    subtypes: list[tuple[str, str]] = []
    by_suffix: dict[str, int] = {}
    by_verb: dict[str, int] = {}
    for cls_entry in raw.get("classes") or ():
        if not isinstance(cls_entry, Mapping) or not cls_entry.get("name"):
            continue
        for sub in cls_entry.get("subtypes") or ():
            if not isinstance(sub, Mapping) or not sub.get("name"):
                continue
            i = len(subtypes)
            subtypes.append((str(cls_entry["name"]), str(sub["name"])))
            # a word listed under two sub-types belongs to the first: the file order decides
            for h in _words(sub, "heads"):
                by_suffix.setdefault(h, i)
            for v in _words(sub, "verbs"):
                by_verb.setdefault(v, i)
    for g in _words(raw, "generic_heads"):
        # a word that is both a head and generic stays a head
        by_suffix.setdefault(g, -1)
    grouped: dict[str, set[int]] = {}
    singles: dict[str, int] = {}
    for suffix, i in by_suffix.items():
        if len(suffix) == 1:
            if i >= 0:
                singles[suffix] = i
        else:
            grouped.setdefault(suffix[-2:], set()).add(len(suffix))
    lengths = {k: tuple(sorted(v, reverse=True)) for k, v in grouped.items()}
    fallback_raw = raw.get("fallback")
    fallback: tuple[str, str] | None = None
    if isinstance(fallback_raw, Mapping) and fallback_raw.get("class") and fallback_raw.get("subtype"):
        fallback = (str(fallback_raw["class"]), str(fallback_raw["subtype"]))
    multi = {k: v for k, v in by_suffix.items() if len(k) > 1}
    return Instruments(tuple(subtypes), lengths, multi, singles, by_verb, fallback)


@lru_cache(maxsize=8)
def load_lexicon(directory: str | None = None) -> TaskLexicon:
    """Compile the lexicons; files missing from ``directory`` come from the packaged defaults."""
    path = Path(directory) if directory else None
    verbs = _read_yaml(path, "verbs.yaml")
    domains = _read_yaml(path, "domains.yaml")
    instruments = _read_yaml(path, "instruments.yaml")

    directive = _words(verbs, "directive_verbs")
    seconds = _words(verbs, "compound_second_verbs") or directive
    adverb_words = _words(verbs, "adverbs")
    adverbs = _guarded(adverb_words)
    verb_core = _verb_regex(adverb_words, directive, seconds, trie_pattern(_words(verbs, "verb_joiners")))
    modal_words = trie_pattern(_words(verbs, "modal_markers"))
    # 主要/重要/需要求 are not modals; the subject is short and has no clause punctuation
    modal = rf"[^,;:。、“”]{{0,14}}?(?<![主重纲摘只首])(?:{modal_words})(?![素求点件害闻])"
    disposal = (
        rf"(?:{adverbs})*(?:{trie_pattern(_words(verbs, 'disposal_markers'))})"
        rf"(?P<object>[^,;:。]{{1,40}}?)(?P<verb>{trie_pattern(_words(verbs, 'disposal_verbs'))})"
    )
    framing_words = _words(verbs, "framing_words")
    framing = _framing_pattern(framing_words, directive)
    # the verb is tried first (most clauses open with one), except where a framing opener begins
    # with a verb (坚持以…, 发挥好…, 聚焦…); the class in front fails fast on any other opening
    conflicts = [f for f in framing_words if any(f.startswith(v) for v in directive)]
    openers = {w[0] for w in (*directive, *framing_words, *_words(verbs, "adverbs"))}
    head = (
        f"(?=[{''.join(re.escape(c) for c in sorted(openers))}])"
        f"(?:(?!{trie_pattern(conflicts)}){verb_core}|(?P<frame>{framing}))"
    )
    # the directive inside 在…领域争创… / 以…为牵引打造…: after a locative or 为-phrase closer
    framed_verb = (
        r"(?:在|从|对|通过|以)[^,;:。]{1,30}?(?:等?领域|方面|过程中|基础上|前提下|之中|中|上|下|入手|出发"
        r"|(?P<wei>为)[^,;:。]{0,5}?)"
        + verb_core
        # 以…为根本保障: a verb closing the 为-phrase is its noun, not a directive
        + r"(?(wei)(?![,;:。]|$))"
    )

    kinds: dict[str, int] = {}
    for key, kind in (
        ("past_markers", PAST),
        ("weak_past_markers", WEAK_PAST),
        ("situation_markers", SITUATION),
        ("purpose_markers", PURPOSE),
        ("rhetoric_markers", RHETORIC),
    ):
        for w in _words(verbs, key):
            # the perfective 了 is found apart: a lookbehind in the trie would slow the whole scan
            if w != "了":
                kinds[w] = kinds.get(w, 0) | kind

    domain_cats = [
        (str(d["name"]), _weighted(d.get("keywords")))
        for d in (domains.get("domains") or ())
        if isinstance(d, Mapping) and d.get("name")
    ]

    def words_regex(key: str) -> re.Pattern[str]:
        return regex_cache.compile(trie_pattern(_words(verbs, key)))

    head_re = regex_cache.compile(head)
    return TaskLexicon(
        head=head_re,
        verb_group=head_re.groupindex["verb"],
        verb=regex_cache.compile(verb_core),
        modal=regex_cache.compile(modal),
        disposal=regex_cache.compile(disposal),
        framed_verb=regex_cache.compile(framed_verb),
        # the 为 of a purpose (为了…; 为…提供支撑 in a longer sentence) is told apart by the caller,
        # which takes this only for a clause that nothing else in its sentence directs
        benefactive=regex_cache.compile(r"为(?!了)[^,;:。]{1,20}?" + verb_core),
        markers=ahocorasick_rs.AhoCorasick(list(kinds), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest),
        marker_words=tuple(kinds),
        marker_kinds=tuple(kinds.values()),
        past_paragraph=words_regex("past_paragraph_openers"),
        past_paragraph_end=words_regex("past_paragraph_turns"),
        # tasks.document_reports tries this only at a 《 or the 在 right before one: keep it so
        document_report=regex_cache.compile(
            r"(?<![^,;:。!?\n])在?《[^》\n]{1,60}》[^,;:。!?\n]{0,30}?(?:"
            + trie_pattern(_words(verbs, "document_report_verbs"))
            + ")"
        ),
        perfective_le="了" in _words(verbs, "past_markers"),
        non_task_title=words_regex("non_task_titles"),
        programme=words_regex("programme_markers"),
        target_frame=regex_cache.compile(
            "(?:" + trie_pattern(_words(verbs, "target_frames")) + r")[^,;:。!?]{0,4}?[是为]?:"
        ),
        outcome_verbs=frozenset(_words(verbs, "outcome_verbs")),
        target_figure=regex_cache.compile(
            r"\d[\d.]*\s*(?:%|个百分点)|(?:"
            + trie_pattern(_words(verbs, "target_levels"))
            + r")[^,;:。!?\d]{0,12}\d"
        ),
        task_title=words_regex("task_titles"),
        paragraph_lead_max_chars=int(verbs.get("paragraph_lead_max_chars", 24)),
        split_long_sentence_chars=int(verbs.get("split_long_sentence_chars", 90)),
        min_piece_chars=int(verbs.get("min_piece_chars", 36)),
        domains=Classifier.build(domain_cats),
        instruments=_instruments(instruments),
    )
