"""Finding names that are in no lexicon, from their shape and their context.

Three kinds of evidence, all cheap enough to run on every document:

* the last word (``suffixes`` in rules.yaml): 英歌石|科学城, 长海跨海|大桥, 西岗区人民广场|街道. The
  name's left edge is the last stop word (a verb, a preposition …) or punctuation before the suffix;
  the part in between must hold a proper name — a known place or body, a foreign word, or a word
  the segmenter tags as a name or does not know at all — so 国家实验室 and 概念验证中心 stay out;
* a list ending in a head noun (``list_heads``): 专交会、海博会、数交会等品牌展会;
* a following word (``followers``): 鲲城|冲甲.

Segmentation (rjieba) runs only on the short windows in front of suffix hits, never on the whole
text: per character the segmenter costs far more than a regex scan.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import rjieba

from planwatch.extract.lexicon import LIST_HEAD_GAP, Lexicons, ListHead, SuffixRule

# punctuation (folded) that ends a name on its left; parentheses are not here, since names hold them
# (RCEP(大连)国际商务区, 未来产业(技术)研究院)
BOUNDARY_CHARS = '，,。.;；：:、!！?？“”‘’"《》〈〉【】[]{}<>—…\n\t \u3000/|'
_B = re.escape(BOUNDARY_CHARS)
_BOUNDARY_RE = re.compile("[" + _B + "]")
# the last boundary before the end of a search window
_LAST_BOUNDARY = re.compile("[" + _B + "][^" + _B + "]*$")
# the same without 、, which joins the items of a list inside one clause
_LB = re.escape(BOUNDARY_CHARS.replace("、", ""))
_LAST_LIST_BOUNDARY = re.compile("[" + _LB + "][^" + _LB + "]*$")

# segmenter tags that mark a proper name (place, other proper noun, person-like unknown, foreign word)
NAME_TAGS = frozenset({"ns", "nz", "nr", "nrt", "nrfg", "eng"})
_LATIN = re.compile(r"[A-Za-z]")
_DIGITS = re.compile(r"[\d.%〇零]+")
_DIGIT_CHARS = frozenset("0123456789.%〇零")
_NUMERALS = "一二三四五六七八九十0123456789"
# a 片区 is a part of a zone and is named after it (自由贸易试验区大连片区): the zone's own suffix
# inside the name does not end the name there
_PART_OF_ZONE = "片区"
_SCOPE_WORDS = frozenset(
    {"国际", "国际性", "区域", "区域性", "全国", "国家", "世界", "全球", "省级", "国家级"}
)
# segmenter tags of words that open a clause rather than a name: verbs (释放|郑州…中心, 推出|长江经济带),
# adverbs, prepositions, conjunctions, pronouns, measure words and particles
_LEADING_TAGS = frozenset({"v", "vd", "p", "d", "ad", "c", "r", "q", "u", "uj", "ul"})
# a numeral with its measure word counts things (东南|四个|片区, 第19|届|亚运会): the name is after it
_COUNTED = re.compile("第?[一二两三四五六七八九十百千万几多数0-9]+[个家项批条座届轮次]|[个届]")
# words ending so are kinds of things (嵌入式, 新型, 政策性, 现代化), never a proper name
_CATEGORY_ENDINGS = ("式", "型", "性", "化")
_COUNT_CHARS = frozenset("一二两三四五六七八九十百千万亿兆双")


@dataclass(slots=True)
class Cand:
    """A candidate entity. ``rank`` breaks ties between candidates over the same span."""

    start: int
    end: int
    kind: str
    subtype: str | None
    source: str
    rank: int


@dataclass(slots=True)
class KnownSpan:
    """A lexicon hit (or the document's own place) that can anchor a longer name. Not frozen: a
    frozen dataclass costs four times as much to build, and these are built for every hit."""

    start: int
    end: int
    kind: str
    subtype: str | None
    self_place: bool


def clause_start(folded: str, pos: int, limit: int, *, lists: bool = False) -> tuple[int, bool]:
    """The start of the clause holding ``pos``, looking back at most ``limit`` characters; the flag
    says whether punctuation was found (False: the window was cut at ``limit``)."""
    a = max(0, pos - limit)
    m = (_LAST_LIST_BOUNDARY if lists else _LAST_BOUNDARY).search(folded, a, pos)
    if m is not None:
        return m.start() + 1, True
    return a, a == 0


class Known:
    """Lexicon hits sorted by start, asked "which names lie inside [a, b)?"."""

    def __init__(self, spans: Sequence[KnownSpan]) -> None:
        self.spans = spans
        self.starts = [k.start for k in spans]
        self.ends = {k.end for k in spans}

    def inside(self, a: int, b: int) -> Sequence[KnownSpan]:
        starts = self.starts
        i = bisect_left(starts, a)
        j = bisect_left(starts, b, i)
        if i == j:
            return ()
        return [k for k in self.spans[i:j] if k.end <= b]


_BOUNDARY_SET = frozenset(BOUNDARY_CHARS)


def is_stop(word: str, lex: Lexicons) -> bool:
    if word in lex.stop_words or word in _BOUNDARY_SET:
        return True
    return word[0] in _DIGIT_CHARS and _DIGITS.fullmatch(word) is not None


def token_is_name(word: str, tag: str, lex: Lexicons, self_abbr: str = "") -> bool:
    if word in lex.generic_words or word in lex.excluded or word in lex.stop_words:
        return False
    latin = _LATIN.search(word) is not None
    if not latin and word.endswith(_CATEGORY_ENDINGS):
        return False
    # counts and sizes (双千兆, 万兆) are no brand
    if _COUNT_CHARS.issuperset(word):
        return False
    if latin:
        return True
    if len(word) < 2:
        return False
    # two words led by a generic one are a phrase, even when the dictionary tags it (城市|更新)
    if len(word) == 4 and word[:2] in lex.generic_words and rjieba.has_word(word[2:]):
        return False
    known = rjieba.has_word(word)
    if tag in NAME_TAGS and known:
        return True
    # the document's own place in short plus one more character names a local thing (连超 in a
    # Dalian plan, 苏超 in a Jiangsu one)
    if len(word) == 2 and not known and word[0] in self_abbr:
        return True
    # a longer word the segmenter's dictionary does not hold is most often a local name (英歌石);
    # two-character unknowns are as often abbreviations or new verbs (央地, 严把)
    return len(word) >= 3 and not known and tag not in ("m", "x")


def tag_many(texts: Sequence[str]) -> list[list[tuple[str, str]]]:
    """Segment and tag many short texts in one call: rjieba's per-call cost for tagging is several
    times its per-character cost, and texts joined by a newline segment exactly as apart."""
    if not texts:
        return []
    out: list[list[tuple[str, str]]] = [[]]
    for word, tag in rjieba.tag("\n".join(texts)):
        if word == "\n":
            out.append([])
        else:
            out[-1].append((word, tag))
    if len(out) != len(texts):
        # a text the segmenter split differently at a line break: tag them one by one
        return [rjieba.tag(t) for t in texts]
    return out


def suffix_candidates(
    folded: str, lex: Lexicons, known: Known, hits: Sequence[tuple[int, int]], self_abbr: str = ""
) -> list[Cand]:
    """Names recognised by their last word (see the module doc); ``hits`` are the suffix spans,
    ``self_abbr`` the one-character short forms of the document's own place."""
    # (suffix start, suffix end, earliest name start, window cut at max_stem, rule, window starts
    # right after an earlier name)
    pending: list[tuple[int, int, int, bool, SuffixRule, bool]] = []
    rule_of = lex.suffix_rules().get
    has_word = rjieba.has_word
    last_boundary = _LAST_BOUNDARY.search
    # ends of project suffixes, to stop a name at an earlier name (英歌石科学城|开城)
    inner_end = -1
    for s, e in hits:
        # X等实验室, X等高铁: 等 closes a list and the suffix is its head, not a name's end
        if s == 0 or folded[s - 1] in _BOUNDARY_SET or folded[s - 1] == "等":
            continue
        rule = rule_of(folded[s:e])
        if rule is None:
            continue
        # a one-character suffix that makes a common word with the character before it is no
        # name's end (城乡, 县城, 道路, 海岛), unless that character numbers a street (港东五街) or
        # ends a known name (大连|港, where 连港 happens to be a word too)
        if (
            e - s == 1
            and folded[s - 1] not in _NUMERALS
            and s not in known.ends
            and has_word(folded[s - 1 : e])
        ):
            continue
        a = s - rule.max_stem if s > rule.max_stem else 0
        m = last_boundary(folded, a, s)
        win, cut = (m.start() + 1, False) if m is not None else (a, a > 0)
        # one character before a one-character suffix is a pair of short forms (京|港|高铁), no name
        # that could end an earlier one
        if len(rule.suffix) == 1 and s - win < 2:
            continue
        after_name = False
        if rule.kind == "project":
            if inner_end > win and rule.suffix != _PART_OF_ZONE:
                win, cut, after_name = inner_end, False, True
            inner_end = e
        if win < s:
            pending.append((s, e, win, cut, rule, after_name))
    out: list[Cand] = []
    tagged = tag_many([folded[h[2] : h[1]] for h in pending])
    for h, tokens in zip(pending, tagged, strict=True):
        cand = _suffix_name(folded, h, tokens, lex, known, self_abbr)
        if cand is not None:
            out.append(cand)
    return out


def _suffix_name(
    folded: str,
    h: tuple[int, int, int, bool, SuffixRule, bool],
    tokens: Sequence[tuple[str, str]],
    lex: Lexicons,
    known: Known,
    self_abbr: str,
) -> Cand | None:
    """Where the name ending in suffix ``h`` begins, and whether it holds a proper name."""
    s, e, pos, cut, rule, after_name = h
    stem = _stem(tokens, s, pos, rule, lex)
    if stem is None:
        return None
    # a numbered edition names an event (第十五届|全国运动会), whatever words stand between
    edition = rule.subtype == "event" and any(_EDITION.fullmatch(w) for w, _, _ in stem[:-1] if w)
    opening = _name_opening(stem, s, cut, rule, lex, known, edition)
    if opening is None:
        return None
    first, start = opening
    anchor = _anchor(folded, stem, first, start, s, rule, lex, known, self_abbr)
    if anchor is None:
        return None
    anchored = anchor != -1
    # right after an earlier name (国家枢纽|节点韶关数据中心), the words before the proper name
    # are that name's tail, not this one's head
    if anchored and after_name and anchor > start:
        start = anchor
    # 全国 opens clauses too (a stop word), so the scope word may stand just before the start
    if rule.anchor == "scope" and first > 0 and stem[first - 1][0] in _COUNTRY:
        first -= 1
        start = stem[first][2]
    anchored = anchored or _named_by_scope(stem[first][0], rule, edition, s - start)
    # a body's name begins with the place or body it belongs to (中共大连市委, 全国人大常委会法工委):
    # words before that are the sentence's, not the name's
    if anchored and rule.kind == "organization":
        start = anchor
    elif anchored and anchor > start:
        start = _after_clause_verbs(stem, first, anchor, start)
    # numbered streets are names by themselves (港东五街, 一二九街)
    anchored = anchored or (rule.subtype == "street" and folded[s - 1] in _NUMERALS)
    if rule.anchor in ("required", "scope") and not anchored:
        return None
    return Cand(start, e, rule.kind, rule.subtype, "pattern", 2)


def _stem(
    tokens: Sequence[tuple[str, str]], s: int, pos: int, rule: SuffixRule, lex: Lexicons
) -> list[tuple[str, str, int]] | None:
    """The tokens before the suffix at ``s`` with their offsets; None when the suffix is part of a
    common word there or a class word stands before it."""
    generic = lex.generic_words
    # a token running into a one-character suffix (海|岛 read as 海岛, 全|城 as 全城) means the
    # suffix is part of a common word there
    stem: list[tuple[str, str, int]] = []
    for word, tag in tokens:
        end = pos + len(word)
        if end > s:
            if pos < s:
                if len(rule.suffix) == 1 and (word in generic or tag not in NAME_TAGS):
                    return None
                # a word running into the suffix (大连市|委 read as 大连市委, 港人治|港 as 港人治港)
                # is still stem, but its tag describes the whole word, so it anchors nothing
                stem.append((word[: s - pos], "x", pos))
            break
        stem.append((word, tag, pos))
        pos = end
    # a class word before the suffix (重大|工程, 上市|公司) makes a class of things, not a name
    if stem and stem[-1][0] in lex.class_modifiers:
        return None
    return stem


def _name_opening(
    stem: list[tuple[str, str, int]],
    s: int,
    cut: bool,
    rule: SuffixRule,
    lex: Lexicons,
    known: Known,
    edition: bool,
) -> tuple[int, int] | None:
    """The first stem token of the name and where it starts: after the last word that opens a
    clause. None when nothing is left before the suffix."""
    stops = lex.stop_words
    start = s
    first = len(stem)
    for i in range(len(stem) - 1, -1, -1):
        word = stem[i][0]
        if _opens_clause(word, rule, stops) and not (
            edition and word in stops and not _EDITION.fullmatch(word)
        ):
            break
        start = stem[i][2]
        first = i
    else:
        if cut:
            return None
    # a verb or adverb the stop list does not know still opens the clause, not the name; a known
    # name the segmenter mistakes for one (大连 read as an adverb) stays
    # (the known names are looked up only when a leading tag asks: most stems open on a name)
    known_starts: set[int] | None = None
    while first < len(stem) - 1 and stem[first][1] in _LEADING_TAGS:
        if known_starts is None:
            known_starts = {k.start for k in known.inside(start, s)}
        if stem[first][2] in known_starts or not rjieba.has_word(stem[first][0]):
            break
        first += 1
        start = stem[first][2]
    if start >= s:
        return None
    if rule.positioning and stem[first][0] in _SCOPE_WORDS:
        return None
    return first, start


def _opens_clause(word: str, rule: SuffixRule, stops: frozenset[str]) -> bool:
    return (
        word in stops
        or word in _BOUNDARY_SET
        or (word[0] in _DIGIT_CHARS and _DIGITS.fullmatch(word) is not None)
        or (rule.kind != "organization" and _COUNTED.fullmatch(word) is not None)
    )


def _anchor(
    folded: str,
    stem: list[tuple[str, str, int]],
    first: int,
    start: int,
    s: int,
    rule: SuffixRule,
    lex: Lexicons,
    known: Known,
    self_abbr: str,
) -> int | None:
    """Where the first proper name of the stem starts (-1: none); the segmenter's view first, then
    the lexicon's, which decides (辽宁, 全国人大常委会, and the document's own city). None when the
    name is a positioning of a region, not a thing."""
    anchor = -1
    for w, t, p in stem[first:]:
        # the segmenter's institution tag anchors a body (中山大学|附属肿瘤医院甘肃医院)
        if token_is_name(w, t, lex, self_abbr) or (rule.kind == "organization" and t == "nt"):
            anchor = p
            break
    for k in known.inside(start, s):
        if rule.positioning and k.kind == "place" and k.subtype in lex.region_subtypes:
            # a name that leads with a whole region is a positioning (东北亚国际航运中心)
            if k.start == start:
                return None
            continue
        # a known project names a longer project built on it (南水北调|后续工程)
        if k.kind in ("place", "organization") or k.self_place or (k.kind == rule.kind == "project"):
            if anchor == -1 or k.start < anchor:
                anchor = k.start
            break
    if anchor != -1 and rule.positioning and _sector_positioning(folded, stem, first, anchor, s, lex):
        return None
    return anchor


def _named_by_scope(word: str, rule: SuffixRule, edition: bool, length: int) -> bool:
    """Is a name without a proper name in it still one: a scope-anchored name opening with
    国家/全国, a numbered edition, an event of the world or the country named by its theme
    (全球公共安全合作论坛)?"""
    return (
        (rule.anchor == "scope" and word in _COUNTRY)
        or edition
        or (rule.subtype == "event" and length >= 6 and word in _EVENT_SCOPES)
    )


def _after_clause_verbs(stem: list[tuple[str, str, int]], first: int, anchor: int, start: int) -> int:
    """A verb between the clause start and the proper name ends the clause's words there
    (线下方式|出席|二十国集团领导人峰会)."""
    for w, t, p in stem[first:]:
        if p >= anchor:
            break
        if t == "v" and rjieba.has_word(w):
            start = p + len(w)
    return start


_COUNTRY = frozenset({"国家", "全国"})
_EVENT_SCOPES = frozenset({"全球", "世界", "中国", "国际", "亚洲", "全国"})
_REGION_PARTS = frozenset(
    {"上游", "中游", "下游", "东部", "西部", "南部", "北部", "中部", "沿海", "沿江", "地区"}
)
_EDITION = re.compile("第[一二三四五六七八九十百0-9]+届")


def _sector_positioning(
    folded: str, stem: Sequence[tuple[str, str, int]], first: int, anchor: int, s: int, lex: Lexicons
) -> bool:
    """A place, an optional scope word and a sector before 中心/基地 (长江中游|航运|中心,
    西安|区域|科技创新|中心) make a strategic positioning of that place, not a facility."""
    after = [(w, t, p) for w, t, p in stem[first:] if p > anchor]
    for i, (_, _, p) in enumerate(after):
        # the sector follows the place at once, or after the end of its name or more places
        # (大湾|区, 长江|中游, 宁波|舟山)
        if i > 0:
            w, t, _ = after[i - 1]
            if not (len(w) == 1 or w in _REGION_PARTS or t == "ns"):
                break
        rest = folded[p:s]
        for scope in _SCOPE_WORDS:
            if rest.startswith(scope) and len(rest) > len(scope):
                rest = rest[len(scope) :]
                break
        if rest in lex.positioning_sectors:
            return True
    return False


# ---------------------------------------------------------------- quoted names

# “X” (or “X”Y) before a project's suffix; the quote may hold a 、 (“千村示范、万村整治”工程)
_QUOTED_NAME = re.compile("“([^“”，。；：\n]{2,12})”")
# a five-year plan (“十四五”) dates a class of projects, it names none
_PLAN_PERIOD = re.compile("十[一二三四五六七八九]五")
_ANY_DIGIT = re.compile("[一二两三四五六七八九十百千万0-9]")
_MIDDLE_MAX = 8
_QUOTE_LED = frozenset({"programme", "event"})


def quoted_projects(folded: str, lex: Lexicons) -> list[Cand]:
    """Projects named by a quotation: the quoted name ends in a project's suffix (“千万工程”,
    “新强师工程”), or the suffix follows the quote with at most a few words between that are no
    class words (“三北”工程, “一带一路”国际合作高峰论坛; not “十四五”规划|重大|工程)."""
    # (quote start, where the words after the quote begin, their window) of the quotes whose own
    # text names no project; the windows are segmented in one call after the scan
    pending: list[tuple[int, int, str]] = []
    # per quote in order: a candidate already made, or the index of its pending window
    found: list[Cand | int] = []
    for m in _QUOTED_NAME.finditer(folded):
        a, b = m.span(1)
        inner = m.group(1)
        if _PLAN_PERIOD.search(inner):
            continue
        rule = lex.rule_ending(inner)
        if (
            rule is not None
            and rule.kind == "project"
            and rule.subtype in _QUOTE_LED
            and len(rule.suffix) < len(inner)
        ):
            # a name with a number in it (“千万工程”) is a numbered formulation
            head = inner[: -len(rule.suffix)]
            if not _ANY_DIGIT.search(inner) and head not in lex.class_modifiers:
                found.append(Cand(a, b, "project", rule.subtype, "pattern", 6))
            continue
        window = _window_after(folded, b + 1)
        if window:
            found.append(len(pending))
            pending.append((a, b + 1, window))
    words = cut_many([w for _, _, w in pending])
    out: list[Cand] = []
    for f in found:
        if isinstance(f, Cand):
            out.append(f)
            continue
        a, pos, _ = pending[f]
        after = _project_suffix_after(folded, pos, words[f], lex)
        # only programmes and events are named so (“三北”工程); a quoted count before a facility
        # word is a formulation with its description (“两岛三湾”核心港区)
        if after is not None and after[1].subtype in _QUOTE_LED:
            out.append(Cand(a - 1, after[0], "project", after[1].subtype, "pattern", 6))
    return out


def _window_after(folded: str, pos: int) -> str:
    """The few words after ``pos`` (the closing quote) where a project's suffix may follow, up to
    the next punctuation."""
    limit = min(len(folded), pos + _MIDDLE_MAX + 4)
    stop = _BOUNDARY_RE.search(folded, pos, limit)
    return folded[pos : stop.start() if stop else limit]


def cut_many(texts: Sequence[str]) -> list[list[str]]:
    """Segment many short texts in one call, as :func:`tag_many` tags them: each text's words as
    if it were segmented alone (a newline ends a block for the segmenter). Texts are one by one
    when the joined result does not split back into exactly the texts."""
    if not texts:
        return []
    out: list[list[str]] = [[]]
    for word in rjieba.cut("\n".join(texts)):
        if word == "\n":
            out.append([])
        else:
            out[-1].append(word)
    if len(out) != len(texts) or any("".join(w) != t for w, t in zip(out, texts, strict=True)):
        return [rjieba.cut(t) for t in texts]
    return out


def _project_suffix_after(
    folded: str, pos: int, words: Sequence[str], lex: Lexicons
) -> tuple[int, SuffixRule] | None:
    """The end and rule of a project suffix within a few words after ``pos`` (the closing
    quote), with no verb or class word on the way; ``words`` segment the window there."""
    at = pos
    for word in words:
        if word in lex.stop_words or word in lex.class_modifiers:
            return None
        at += len(word)
        rule = lex.rule_ending(folded[pos:at])
        if rule is not None and rule.kind == "project" and folded[pos:at].endswith(rule.suffix):
            return (at, rule) if at - pos - len(rule.suffix) <= _MIDDLE_MAX else None
    return None


# ---------------------------------------------------------------- lists and followers

_LIST_REACH = 80
_GAP_WORDS = frozenset({"一批", "的", "一系列", "多个", "若干", "各类", "一些", "在"})
_FIELD_NOUNS = frozenset({"领域", "方面", "环节", "行业", "地方", "部门", "单位"})
_NOUN_CONTINUATIONS = ("群体", "集群", "体系", "园区", "名录", "清单", "类型", "领域", "行业")
_GAP_BREAK = re.compile("[，,。;；：:\n“”]")


def list_candidates(folded: str, lex: Lexicons) -> list[Cand]:
    """``X、Y、Z等…<head>``: each item becomes an entity of the head's kind."""
    out: list[Cand] = []
    heads = lex.pattern("heads")
    for d in lex.pattern("lists").finditer(folded):
        pos = d.start()
        if pos == 0 or folded[pos - 1] in BOUNDARY_CHARS:
            continue
        head = _head_after(folded, pos, heads, lex)
        if head is None:
            continue
        # 等 inside a word with the head (中等城市) closes no list; 平高等领军企业 does
        if folded.startswith(head, pos + 1) and rjieba.has_word(folded[pos - 1 : pos + 1 + len(head)]):
            continue
        rule = lex.head_rule(head)
        if rule is not None and rule.anchor == "required" and not _closes_strictly(folded, pos, head):
            continue
        if rule is not None:
            a, _ = clause_start(folded, pos, _LIST_REACH, lists=True)
            out.extend(_list_items(folded, a, pos, rule, lex))
    return out


def _head_after(folded: str, pos: int, heads: re.Pattern[str], lex: Lexicons) -> str | None:
    """The head noun closing the modifiers after 等 (等一批…的重大|项目), if any.

    The modifiers may be long and joined by 、 (强牵引、利长远…的), but a verb or a field noun in
    between shows the list ended at 等 (在双碳、海洋等领域|参与国家实验室建设)."""
    m = heads.search(folded, pos + 1, min(len(folded), pos + 1 + LIST_HEAD_GAP))
    while m is not None:
        j, end = m.span()
        if _GAP_BREAK.search(folded, pos + 1, j) is not None:
            return None
        # the head must close the noun phrase: 企业|群体 is not 企业
        if end < len(folded) and folded.startswith(_NOUN_CONTINUATIONS, end):
            m = heads.search(folded, j + 1, min(len(folded), pos + 1 + LIST_HEAD_GAP))
            continue
        if j > pos + 1 and not _plain_modifiers(folded[pos + 1 : j], lex):
            return None
        return m.group()
    return None


_NOUN_TAGS = frozenset({"n", "nz", "ns", "nt", "vn", "an", "eng"})


def _closes_strictly(folded: str, pos: int, head: str) -> bool:
    """For a head as general as 国家 or 城市: no verb between 等 and it (…等|进入|国家战略…), and no
    noun right after it (等10个|国家|物流枢纽): the head must be the list's own noun."""
    j = folded.find(head, pos + 1)
    for _, tag in rjieba.tag(folded[pos + 1 : j]):
        if tag.startswith("v"):
            return False
    after = folded[j + len(head) : j + len(head) + 6]
    if not after or after[0] in _BOUNDARY_SET:
        return True
    words = rjieba.tag(after)
    return not words or words[0][1] not in _NOUN_TAGS


def _plain_modifiers(gap: str, lex: Lexicons) -> bool:
    for word in rjieba.cut(gap):
        if word in _FIELD_NOUNS or (word in lex.stop_words and word not in _GAP_WORDS):
            return False
    return True


def _list_items(folded: str, clause: int, deng: int, rule: ListHead, lex: Lexicons) -> list[Cand]:
    region = folded[clause:deng]
    if "、" not in region:
        return []
    out: list[Cand] = []
    pos = clause
    spans: list[tuple[int, int]] = []
    for n, part in enumerate(region.split("、")):
        a, b = pos, pos + len(part)
        pos = b + 1
        if n == 0:
            a = _after_last_stop(folded, a, b, lex)
        while a < b and folded[a] in " \u3000":
            a += 1
        # an item holding 等 ends a list of its own (洛阳等10个国家物流枢纽)
        if "等" in folded[a:b]:
            continue
        spans.extend(_split_joined(folded, a, b, lex))
    named = [_has_name(folded[a:b], lex) or _brand_led(folded[a:b], lex) for a, b in spans]
    for (a, b), has_name in zip(spans, named, strict=True):
        text = folded[a:b]
        if len(text) < rule.min_len or len(text) > 20:
            continue
        kind, subtype = rule.kind, rule.subtype
        # a section in brackets (渝昆高铁（渝宜段）) leaves the name's own last word before it
        shape = lex.rule_ending(_TRAILING_BRACKET.sub("", text))
        # a head as general as 项目 says less than the item's own last word (长海跨海大桥: a
        # bridge); a head like 商圈 says more than 路 in 西安路
        if subtype in (None, kind) and shape is not None and shape.kind == kind and shape.subtype:
            subtype = shape.subtype
        if kind == "project":
            if _company_shaped(text, lex):
                kind, subtype = "organization", "company"
            elif (
                not has_name
                and not _NUMBERED.search(text)
                and (len(text) < 6 or not (any(named) or shape is not None))
            ):
                # short generic things in a project list (城市地铁, 新机场) are categories, and so is
                # a list of nothing but categories (新型政策性金融工具); a long item among named
                # ones, or ending like a facility or event (场地自行车世界锦标赛), is most often a
                # project under its usual short name (大船搬迁易地升级改造)
                continue
        elif text in lex.generic_words or (rule.anchor == "required" and not has_name):
            continue
        elif rule.anchor == "required" and shape is not None and shape.kind != kind:
            # an item whose own last word is another kind's (嵩山实验室 in a list of 国家…) is that kind's
            continue
        out.append(Cand(a, b, kind, subtype, "pattern", 4))
    return out


_NUMBERED = re.compile("[0-9〇一二三四五六七八九十]+(?:期|号|段|线|万|千|亿)|[0-9]")
_ITEM_JOINERS = re.compile("[和及与]")
_TRAILING_BRACKET = re.compile("[（(][^（()）]*[）)]$")
_PHASE = re.compile("[一二三四五六七八九十0-9]+期")


def _after_last_stop(folded: str, a: int, b: int, lex: Lexicons) -> int:
    """The first item of a list starts after the clause's last stop word when a name follows it
    (江苏健儿在|奥运会, 两届|广交会); a stop word inside a name (兰州铁路枢纽优化提升工程) stays."""
    a = strip_leading(folded, a, b, lex)
    pos = a
    cut = a
    for word in rjieba.cut(folded[a:b]):
        pos += len(word)
        if (
            b - pos >= 2
            and (is_stop(word, lex) or _COUNTED.fullmatch(word))
            and _has_name(folded[pos:b], lex)
        ):
            cut = pos
    return cut


def _split_joined(folded: str, a: int, b: int, lex: Lexicons) -> list[tuple[int, int]]:
    """Two named things joined by 和/及/与 are two items (盐泰锡常宜高铁和南京北站); a joiner
    inside one name (动力电池及储能) leaves it whole: both sides must hold a proper name."""
    for m in _ITEM_JOINERS.finditer(folded, a, b):
        j = m.start()
        if j - a >= 2 and b - j - 1 >= 2:
            left, right = folded[a:j], folded[j + 1 : b]
            if _has_name(right, lex) and (_has_name(left, lex) or _NUMBERED.search(left)):
                rest = _split_joined(folded, j + 1, b, lex)
                # a bare phase (…一期、二期|和…) belongs to the name before it, not to a new one
                return rest if _PHASE.fullmatch(left) else [(a, j), *rest]
    return [(a, b)]


def strip_leading(folded: str, a: int, b: int, lex: Lexicons) -> int:
    """Drop the verbs and adverbs that introduce a list (同步谋划推动|恒力精细化工新材料)."""
    for word in rjieba.cut(folded[a:b]):
        if not is_stop(word, lex):
            break
        a += len(word)
    return a


def _company_shaped(text: str, lex: Lexicons) -> bool:
    """A short brand plus an industry word (奇瑞汽车, 鼎际得新材料) or a foreign brand (SK海力士)."""
    if len(text) > 6 or text.endswith(("期", "项目")):
        return False
    if _LATIN.match(text):
        return True
    m = lex.pattern("company").search(text)
    # the part before the industry word is a brand: a name, not a common word (量子|通信)
    if m is None or m.start() < 2:
        return False
    brand = text[: m.start()]
    return _has_name(brand, lex) or (len(brand) == 2 and not rjieba.has_word(brand))


def _brand_led(text: str, lex: Lexicons) -> bool:
    """A long item led by two characters the dictionary does not know is a firm's project under
    its brand (众擎|机器人…中心, 仕佳|光子通信芯片)."""
    if len(text) < 6:
        return False
    word = rjieba.cut(text)[0]
    return (
        len(word) == 2
        and not rjieba.has_word(word)
        and not is_stop(word, lex)
        and word not in lex.generic_words
    )


def _has_name(text: str, lex: Lexicons) -> bool:
    if text in lex.terms:
        return True
    return any(token_is_name(w, t, lex) for w, t in rjieba.tag(text))


def follower_candidates(folded: str, lex: Lexicons, hits: Iterable[tuple[int, int]]) -> list[Cand]:
    """A name right before a marker word (大连英博|冲超): from the clause start, 2-6 characters."""
    out: list[Cand] = []
    for s, e in hits:
        rule = lex.follower_rule(folded[s:e])
        if rule is None:
            continue
        a, _ = clause_start(folded, s, 8)
        if not 2 <= s - a <= 6:
            continue
        a = strip_leading(folded, a, s, lex)
        if s - a >= 2:
            out.append(Cand(a, s, rule.kind, rule.subtype, "pattern", 4))
    return out
