"""Entity lexicons and name-shape rules: YAML files a user can read, extend and override.

The shipped files live in ``planwatch/data/lexicons/``; each one documents the format at its top.
Every file may hold ``entries`` (known names), ``local_to`` (a place whose documents alone use the
file's aliases) and any of the rule sections (``suffixes``,
``stop_words``, ``generic_words``, ``list_heads``, ``followers``, ``company_suffixes``). User files
passed to :func:`load_lexicons` are read after the shipped ones: an entry with the same term
replaces the shipped entry, rule lists are extended, and ``exclude: true`` silences a term.

Errors name the file and line (YAML's own marks), because a lexicon is edited by hand.
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
import yaml

from planwatch.extract import word_trie
from planwatch.extract.word_trie import trie_pattern
from planwatch.model import InputError, yaml_read
from planwatch.model.analysis import ENTITY_KINDS
from planwatch.outline import fold

KINDS = ENTITY_KINDS
# how far after 等 the head noun of a list may stand (等一批强牵引、利长远…的重大项目)
LIST_HEAD_GAP = 24
SHIPPED_DIR = ("data", "lexicons")

_TOP_KEYS = {
    "kind",
    "entries",
    "suffixes",
    "stop_words",
    "generic_words",
    "list_heads",
    "followers",
    "company_suffixes",
    "region_subtypes",
    "positioning_sectors",
    "class_modifiers",
    "local_to",
}
_ENTRY_KEYS = {"term", "terms", "aliases", "abbr", "subtype", "kind", "exclude"}
_SUFFIX_KEYS = {"suffix", "suffixes", "kind", "subtype", "anchor", "positioning", "not_before", "max_stem"}
_HEAD_KEYS = {"heads", "kind", "subtype", "min_len", "anchor"}
_FOLLOWER_KEYS = {"words", "kind", "subtype"}
_ANCHORS = ("required", "none", "coordinated", "scope")


@dataclass(frozen=True, slots=True)
class Term:
    """One surface form a lexicon knows. ``canonical`` is the entry's main term (aliases share it)."""

    text: str
    kind: str
    subtype: str | None
    canonical: str
    origin: str  # "file:line", for people asking why something was found
    # an alias from a file with ``local_to``: only a name in documents about that place (高新区 is
    # Dalian's high-tech zone only in a Dalian plan)
    local_to: str | None = None


@dataclass(frozen=True, slots=True)
class SuffixRule:
    """A name recognised by its last word (实验室, 大桥, 街道 …).

    ``anchor``: ``required`` — the part before the suffix must hold a proper name (a place, a
    company, a foreign word…), so 国家实验室 or 概念验证中心 are not taken; ``none`` — the suffix
    alone makes a name (…博会); ``scope`` — as required, but a leading 国家 or 全国 also anchors it
    (国家水网, 全国一体化算力网); ``coordinated`` — only taken when listed next to a known entity of
    the same kind (X区 beside 旅顺口区). ``positioning``: a name that leads with a whole region
    (东北亚国际航运中心) is a strategic positioning, not a facility. ``not_before``: characters that,
    right after the suffix, show it is part of a longer common word (中心 in 中心城区).
    """

    suffix: str
    kind: str
    subtype: str | None
    anchor: str = "required"
    positioning: bool = False
    not_before: str = ""
    max_stem: int = 14


@dataclass(frozen=True, slots=True)
class ListHead:
    """``X、Y、Z等(modifiers)<head>`` makes X, Y and Z entities of ``kind``."""

    head: str
    kind: str
    subtype: str | None
    min_len: int = 2
    anchor: str = "none"  # "required": each item must hold a proper name (日本、韩国等国家)


@dataclass(frozen=True, slots=True)
class Follower:
    """A word that marks the name just before it (大连英博|冲超 → a sports club)."""

    word: str
    kind: str
    subtype: str | None


@dataclass(frozen=True)
class Lexicons:
    terms: Mapping[str, Term]
    abbreviations: Mapping[str, Term]
    excluded: frozenset[str]
    suffixes: tuple[SuffixRule, ...]
    stop_words: frozenset[str]
    generic_words: frozenset[str]
    list_heads: tuple[ListHead, ...]
    followers: tuple[Follower, ...]
    company_suffixes: tuple[str, ...]
    region_subtypes: frozenset[str]
    files: tuple[str, ...]
    positioning_sectors: frozenset[str] = frozenset()
    class_modifiers: frozenset[str] = frozenset()
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False, compare=False)
    _index: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    def pattern(self, name: str) -> re.Pattern[str]:
        """A compiled matcher, built once per Lexicons: ``terms`` (lexicon names and pairs of
        short forms), ``endings`` (see :meth:`endings`), ``heads``, ``company``."""
        pat = self._compiled.get(name)
        if pat is None:
            pat = re.compile(self._source(name))
            self._compiled[name] = pat
        return pat

    def _source(self, name: str) -> str:
        if name == "terms":
            return scan_pattern(list(self.terms) + list(self.abbreviation_pairs()))
        if name == "endings":
            return ending_pattern(self.endings())
        if name == "heads":
            return "(?:" + trie_pattern(sorted({h.head for h in self.list_heads})) + ")"
        if name == "lists":
            # 等 with a head noun within reach: the only 等 worth a look (…等一批重大|项目)
            heads = trie_pattern(sorted({h.head for h in self.list_heads}))
            return f"等(?=[^，,。;；：:\n“”]{{0,{LIST_HEAD_GAP}}}?(?:{heads}))"
        if name == "company":
            return "(?:" + trie_pattern(sorted(self.company_suffixes)) + ")$"
        raise KeyError(name)

    def term_automaton(self) -> tuple[Any, tuple[Term | None, ...]]:
        """The lexicon names and the pairs of short forms (沪连) of two characters or more, as one
        Aho-Corasick automaton that finds them leftmost-longest in compiled code, as the ``terms``
        pattern does (it takes the longest name at the leftmost position, then goes on after it),
        at a third of its cost; and per pattern its Term, or None for a pair of short forms. The
        automaton is None when there is nothing to find."""
        index = self._index.get("term_automaton")
        if index is None:
            words = sorted({w for w in (*self.terms, *self.abbreviation_pairs()) if len(w) > 1})
            # a DFA: a few milliseconds more to build, once, and half the time per scan
            automaton = (
                ahocorasick_rs.AhoCorasick(
                    words,
                    matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                    implementation=ahocorasick_rs.Implementation.DFA,
                )
                if words
                else None
            )
            index = self._index["term_automaton"] = {
                "automaton": automaton,
                "terms": tuple(self.terms.get(w) for w in words),
            }
        return index["automaton"], index["terms"]

    def ending_automaton(self) -> tuple[Any, tuple[str, ...]]:
        """The words of :meth:`endings` as an automaton reporting every occurrence (overlapping),
        and per pattern its guard; the automaton is None when there are no words. A DFA: built in
        a moment for these few words, and faster than a regex keyed on their last character."""
        index = self._index.get("ending_automaton")
        if index is None:
            endings = self.endings()
            words = tuple(sorted(w for w in endings if w))
            automaton = (
                ahocorasick_rs.AhoCorasick(
                    list(words),
                    matchkind=ahocorasick_rs.MatchKind.Standard,
                    implementation=ahocorasick_rs.Implementation.DFA,
                )
                if words
                else None
            )
            index = self._index["ending_automaton"] = {
                "automaton": automaton,
                "guards": tuple(endings[w] for w in words),
            }
        return index["automaton"], index["guards"]

    def abbreviation_pairs(self) -> set[str]:
        """Two one-character short forms side by side (沪连, 苏浙) that are not a known name."""
        chars = sorted(self.abbreviations)
        return {a + b for a in chars for b in chars if a + b not in self.terms}

    def endings(self) -> dict[str, str]:
        """Words found by their last character: suffixes and follower words → their not_before
        guard (characters that may not follow them)."""
        words = {r.suffix: r.not_before for r in self.suffixes}
        for f in self.followers:
            words.setdefault(f.word, "")
        return words

    def endings_by_char(self) -> dict[str, list[tuple[int, dict[str, str]]]]:
        """``endings`` grouped by last character and then by length, longest first, each length
        mapping its words to their guard: the regex only says where a word ends, and one slice and
        one dict lookup per length find which."""
        index = self._index.get("endings")
        if index is None:
            grouped: dict[str, dict[int, dict[str, str]]] = {}
            for word, guard in self.endings().items():
                grouped.setdefault(word[-1], {}).setdefault(len(word), {})[word] = guard
            index = {ch: sorted(by_len.items(), reverse=True) for ch, by_len in grouped.items()}
            self._index["endings"] = index
        return index

    def follower_words(self) -> frozenset[str]:
        return frozenset(f.word for f in self.followers)

    def forms_of(self, canonical: str) -> frozenset[str]:
        """Every surface form (term and aliases) of the entry whose main term is ``canonical``."""
        index = self._index.get("forms")
        if index is None:
            forms: dict[str, set[str]] = {}
            for t in self.terms.values():
                forms.setdefault(t.canonical, set()).add(t.text)
            index = {k: frozenset(v) for k, v in forms.items()}
            self._index["forms"] = index
        result: frozenset[str] = index.get(canonical, frozenset())
        return result

    def rule_ending(self, text: str) -> SuffixRule | None:
        """The suffix rule of the longest suffix word ``text`` ends with, if any."""
        if not text:
            return None
        for length, words in self.endings_by_char().get(text[-1], ()):
            rule = self.suffix_rule(text[-length:]) if text[-length:] in words else None
            if rule is not None:
                return rule
        return None

    def suffix_rule(self, suffix: str) -> SuffixRule | None:
        return self.suffix_rules().get(suffix)

    def suffix_rules(self) -> Mapping[str, SuffixRule]:
        """Suffix word -> its rule."""
        rules: Mapping[str, SuffixRule] = self._by_text("suffix", self.suffixes, "suffix")
        return rules

    def head_rule(self, head: str) -> ListHead | None:
        return self._by_text("head", self.list_heads, "head").get(head)

    def follower_rule(self, word: str) -> Follower | None:
        return self._by_text("follower", self.followers, "word").get(word)

    def _by_text(self, name: str, rules: Sequence[Any], attr: str) -> dict[str, Any]:
        index = self._index.get(name)
        if index is None:
            index = {getattr(r, attr): r for r in rules}
            self._index[name] = index
        return index


def _charset(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


_GROUPS = (6, 4)


def scan_pattern(words: Iterable[str]) -> str:
    """A regex for a long list of words of two or more characters, tuned for Python's ``re``.

    Python's ``re`` tries the alternatives of a branch one after another, so a plain trie over a
    thousand names pays for its ~300 first characters at every position that could start one.
    Here a lookahead first asks for a possible first *and* second character (two set lookups,
    which rule out most positions), and the first characters are split into groups and subgroups,
    each behind a set test, so a position tries one subgroup's alternatives only. This runs three
    to four times faster than the plain trie on a plan document.
    """
    root = word_trie.build(sorted(w for w in words if len(w) > 1))
    if not root:
        return "(?!)"
    seconds = {ch for child in root.values() for ch in child if ch}

    def grouped(chars: list[str], levels: tuple[int, ...]) -> str:
        if not levels:
            return "|".join(re.escape(c) + word_trie.emit(root[c]) for c in chars)
        size = -(-len(chars) // levels[0])
        parts = []
        for i in range(0, len(chars), size):
            chunk = chars[i : i + size]
            parts.append("(?=" + _charset(chunk) + ")(?:" + grouped(chunk, levels[1:]) + ")")
        return "|".join(parts)

    firsts = sorted(root)
    return "(?=" + _charset(firsts) + _charset(seconds) + ")(?:" + grouped(firsts, _GROUPS) + ")"


def ending_pattern(words: Mapping[str, str]) -> str:
    """A regex matching the last character of any of ``words`` where the whole word ends there.

    ``words`` maps each word to its ``not_before`` guard (characters that may not follow it).
    Suffix words start with common characters (中心, 项目, 大桥) but end in few distinct ones, so
    the scan is keyed on the last character and looks behind for the rest; the match is that
    one character and the caller finds which word ended there.
    """
    by_last: dict[str, list[str]] = {}
    for w in words:
        if w:
            by_last.setdefault(w[-1], []).append(w)
    if not by_last:
        return "(?!)"
    alts = []
    for ch in sorted(by_last):
        options = []
        for w in sorted(by_last[ch], key=len, reverse=True):
            guard = "(?!" + _charset(words[w]) + ")" if words[w] else ""
            behind = "(?<=" + re.escape(w) + ")" if len(w) > 1 else ""
            options.append(behind + guard)
        alts.append(re.escape(ch) + ("(?:" + "|".join(options) + ")" if options != [""] else ""))
    return "(?:" + "|".join(alts) + ")"


# ---------------------------------------------------------------- YAML reading with line numbers


class _Reader(yaml_read.NodeReader):
    """The shared node reader, with the lexicon's own kinds of value: folded texts and kinds."""

    def __init__(self, name: str) -> None:
        super().__init__(name, "请按文件开头的格式说明修改后重试。")

    def text(self, node: yaml.Node, what: str) -> str:
        value = fold(self.scalar(node, what))
        if not value:
            raise self.fail(node, f"{what}不能为空。")
        return value

    def texts(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        if isinstance(node, yaml.ScalarNode):
            return [(self.text(node, what), node)]
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what}应为列表。")
        return [(self.text(item, what), item) for item in node.value]

    def kind(self, node: yaml.Node) -> str:
        value = self.scalar(node, "kind")
        if value not in KINDS:
            raise self.fail(node, f"kind“{value}”无效，应为 {'、'.join(KINDS)} 之一。")
        return value


@dataclass
class _Builder:
    terms: dict[str, Term] = field(default_factory=dict)
    abbreviations: dict[str, Term] = field(default_factory=dict)
    excluded: set[str] = field(default_factory=set)
    suffixes: dict[str, SuffixRule] = field(default_factory=dict)
    stop_words: set[str] = field(default_factory=set)
    generic_words: set[str] = field(default_factory=set)
    list_heads: dict[str, ListHead] = field(default_factory=dict)
    followers: dict[str, Follower] = field(default_factory=dict)
    company_suffixes: set[str] = field(default_factory=set)
    region_subtypes: set[str] = field(default_factory=set)
    positioning_sectors: set[str] = field(default_factory=set)
    class_modifiers: set[str] = field(default_factory=set)
    files: list[str] = field(default_factory=list)

    def read(self, name: str, text: str) -> None:
        r = _Reader(name)
        root = r.compose(text, hint="检查缩进、冒号和引号。")
        self.files.append(name)
        if root is None:
            return
        top = r.mapping(root, _TOP_KEYS, "词典文件")
        default_kind = r.kind(top["kind"]) if "kind" in top else None
        local_to = r.text(top["local_to"], "local_to") if "local_to" in top else None
        if "entries" in top:
            for entry in r.items(top["entries"], "entries"):
                self._entry(r, entry, default_kind, local_to)
        if "suffixes" in top:
            for item in r.items(top["suffixes"], "suffixes"):
                self._suffix(r, item)
        for key, target in (
            ("stop_words", self.stop_words),
            ("generic_words", self.generic_words),
            ("company_suffixes", self.company_suffixes),
            ("region_subtypes", self.region_subtypes),
            ("positioning_sectors", self.positioning_sectors),
            ("class_modifiers", self.class_modifiers),
        ):
            if key in top:
                target.update(t for t, _ in r.texts(top[key], key))
        if "list_heads" in top:
            for item in r.items(top["list_heads"], "list_heads"):
                f = r.mapping(item, _HEAD_KEYS, "list_heads 的一项")
                r.require(item, f, ("heads", "kind"))
                subtype = r.scalar(f["subtype"], "subtype") if "subtype" in f else None
                min_len = self._int(r, f["min_len"], "min_len") if "min_len" in f else 2
                anchor = r.scalar(f["anchor"], "anchor") if "anchor" in f else "none"
                if anchor not in ("required", "none"):
                    raise r.fail(f["anchor"], "list_heads 的 anchor 应为 required 或 none。")
                kind = r.kind(f["kind"])
                for head, _ in r.texts(f["heads"], "heads"):
                    self.list_heads[head] = ListHead(head, kind, subtype, min_len, anchor)
        if "followers" in top:
            for item in r.items(top["followers"], "followers"):
                f = r.mapping(item, _FOLLOWER_KEYS, "followers 的一项")
                r.require(item, f, ("words", "kind"))
                subtype = r.scalar(f["subtype"], "subtype") if "subtype" in f else None
                kind = r.kind(f["kind"])
                for word, _ in r.texts(f["words"], "words"):
                    self.followers[word] = Follower(word, kind, subtype)

    @staticmethod
    def _int(r: _Reader, node: yaml.Node, what: str) -> int:
        value = r.scalar(node, what)
        if not value.isdigit():
            raise r.fail(node, f"{what}应为正整数。")
        return int(value)

    def _entry(self, r: _Reader, node: yaml.Node, default_kind: str | None, local_to: str | None) -> None:
        f = r.mapping(node, _ENTRY_KEYS, "entries 的一项")
        if ("term" in f) == ("terms" in f):
            raise r.fail(node, "每一项须有且只有 term（一个名称）或 terms（名称列表）之一。")
        exclude = r.flag(f["exclude"], "exclude") if "exclude" in f else False
        names = [(r.text(f["term"], "term"), f["term"])] if "term" in f else r.texts(f["terms"], "terms")
        if exclude:
            for name, _ in names:
                self.excluded.add(name)
                self.terms.pop(name, None)
            return
        if "kind" in f:
            kind = r.kind(f["kind"])
        elif default_kind is not None:
            kind = default_kind
        else:
            raise r.fail(node, "缺少必填字段“kind”（可写在本项或文件顶层）。")
        subtype = r.scalar(f["subtype"], "subtype") if "subtype" in f else None
        if ("aliases" in f or "abbr" in f) and "terms" in f:
            raise r.fail(node, "aliases / abbr 只能用于单个 term 的项。")
        aliases = r.texts(f["aliases"], "aliases") if "aliases" in f else []
        for name, name_node in names:
            term = Term(name, kind, subtype, name, r.where(name_node))
            self.terms[name] = term
            self.excluded.discard(name)
            for alias, alias_node in aliases:
                self.terms[alias] = Term(alias, kind, subtype, name, r.where(alias_node), local_to)
                self.excluded.discard(alias)
        if "abbr" in f:
            abbr = r.text(f["abbr"], "abbr")
            if len(abbr) != 1:
                raise r.fail(f["abbr"], "abbr 应为单个汉字的简称（如 沪、冀）。")
            self.abbreviations[abbr] = Term(abbr, kind, subtype, names[0][0], r.where(f["abbr"]))

    def _suffix(self, r: _Reader, node: yaml.Node) -> None:
        f = r.mapping(node, _SUFFIX_KEYS, "suffixes 的一项")
        if ("suffix" in f) == ("suffixes" in f):
            raise r.fail(node, "每一项须有且只有 suffix 或 suffixes 之一。")
        r.require(node, f, ("kind",))
        kind = r.kind(f["kind"])
        subtype = r.scalar(f["subtype"], "subtype") if "subtype" in f else None
        anchor = r.scalar(f["anchor"], "anchor") if "anchor" in f else "required"
        if anchor not in _ANCHORS:
            raise r.fail(f["anchor"], f"anchor 应为 {'、'.join(_ANCHORS)} 之一。")
        positioning = r.flag(f["positioning"], "positioning") if "positioning" in f else False
        not_before = fold(r.scalar(f["not_before"], "not_before")) if "not_before" in f else ""
        max_stem = self._int(r, f["max_stem"], "max_stem") if "max_stem" in f else 14
        words = (
            [(r.text(f["suffix"], "suffix"), f["suffix"])]
            if "suffix" in f
            else r.texts(f["suffixes"], "suffixes")
        )
        for word, _ in words:
            self.suffixes[word] = SuffixRule(word, kind, subtype, anchor, positioning, not_before, max_stem)

    def build(self) -> Lexicons:
        terms = {k: v for k, v in self.terms.items() if k not in self.excluded}
        return Lexicons(
            terms=terms,
            abbreviations=dict(self.abbreviations),
            excluded=frozenset(self.excluded),
            suffixes=tuple(sorted(self.suffixes.values(), key=lambda s: (-len(s.suffix), s.suffix))),
            stop_words=frozenset(self.stop_words),
            generic_words=frozenset(self.generic_words),
            list_heads=tuple(sorted(self.list_heads.values(), key=lambda h: (-len(h.head), h.head))),
            followers=tuple(sorted(self.followers.values(), key=lambda x: (-len(x.word), x.word))),
            company_suffixes=tuple(sorted(self.company_suffixes)),
            region_subtypes=frozenset(self.region_subtypes),
            files=tuple(self.files),
            positioning_sectors=frozenset(self.positioning_sectors),
            class_modifiers=frozenset(self.class_modifiers),
        )


# Lexicons in the same folder that other parts read (services/monitoring/observe_match.py), not entity lexicons.
NOT_ENTITY_LEXICONS = frozenset({"indicator_synonyms.yaml"})


def _shipped_files() -> list[tuple[str, str]]:
    folder = resources.files("planwatch").joinpath(*SHIPPED_DIR)
    out = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith((".yaml", ".yml")) and item.name not in NOT_ENTITY_LEXICONS:
            out.append((f"lexicons/{item.name}", item.read_text(encoding="utf-8")))
    return out


def _read_user_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("找不到词典文件。", where=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError("词典文件不是 UTF-8 编码。", where=str(path), hint="请另存为 UTF-8。") from exc
    except OSError as exc:
        raise InputError(f"无法读取词典文件：{exc.strerror}", where=str(path)) from exc


@lru_cache(maxsize=1)
def _default() -> Lexicons:
    b = _Builder()
    for name, text in _shipped_files():
        b.read(name, text)
    return b.build()


@lru_cache(maxsize=8)
def _with_user_files(keys: tuple[tuple[str, int, int], ...]) -> Lexicons:
    b = _Builder()
    for name, text in _shipped_files():
        b.read(name, text)
    for path_text, _, _ in keys:
        path = Path(path_text)
        b.read(str(path), _read_user_file(path))
    return b.build()


def load_lexicons(extra_paths: Sequence[Path] = ()) -> Lexicons:
    """The shipped lexicons plus ``extra_paths`` (read in order; later entries win).

    The default set is built once per process; a set with user files is rebuilt when one of the
    files changes (its size or modification time).
    """
    if not extra_paths:
        return _default()
    keys = []
    for p in extra_paths:
        path = Path(p)
        try:
            st = path.stat()
        except FileNotFoundError as exc:
            raise InputError("找不到词典文件。", where=str(path)) from exc
        keys.append((str(path), st.st_mtime_ns, st.st_size))
    return _with_user_files(tuple(keys))


def lexicon_from_text(text: str, name: str = "<text>", *, with_shipped: bool = True) -> Lexicons:
    """A Lexicons built from YAML text (tests and tools); never cached."""
    b = _Builder()
    if with_shipped:
        for shipped_name, shipped_text in _shipped_files():
            b.read(shipped_name, shipped_text)
    b.read(name, text)
    return b.build()
