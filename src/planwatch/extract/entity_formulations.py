"""Numbered formulations (两先区, 三个中心, 1+5+1 …) and the definitions a document gives them.

A formulation is a set shorthand phrase whose name holds a number word used to count something.
Plans quote them (“两先区”), so quotation plus a counting number word is the main evidence; a
formulation quoted once is also found unquoted elsewhere in the same document, and a lexicon
(formulations.yaml) supplies the national ones that are commonly written without quotes (中央八项规定).

Definitions are taken only when the document spells the members out, and only when the number
of members equals the number in the name:

1. a list right before the quote: 电动汽车、锂电池、光伏产品“新三样”;
2. an abbreviation spelt out: 两先区 ← …的先导区和…的先行区 (each member holds 先…区);
3. an article whose title names the formulation and has one paragraph per member, each paragraph
   opening on a member: (26) 提升“三个中心”功能 → 东北亚国际航运中心、…;
4. a list of N items followed by the formulation's head word: A、B、…、F加快建设 → 六个建设.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import rjieba

from planwatch.extract.lexicon import Lexicons
from planwatch.extract.word_trie import trie_pattern
from planwatch.model import Block, Node

# quoted text of at most 12 characters: one scan for all three kinds of quote marks, the pairing
# checked after (a regex per kind, or lookaheads for a number, would each cost a scan of its own)
_QUOTED = re.compile('[“‘"]([^“”‘’"\n]{1,12})[”’"]')
_CLOSING = {"“": "”", "‘": "’", '"': '"'}
_ANY_NUMBER = re.compile("[一二两三四五六七八九十百千万双0-9]")
_DIGIT = re.compile("[0-9]")
_PERIOD = re.compile(r"十[一二三四五六七八九]?五(?:规划|时期)?")
_FORMULA = re.compile(r"\d+(?:\+[\dA-Za-z]+)+")
_NUMBER = re.compile("[一二两三四五六七八九十百千万双]")
# number words that do not count anything: 一体, 统一, 一流 (双一流 still counts by 双), 第八 …
_NOT_COUNTING = re.compile(
    "一体|一流|统一|一致|一起|一样|一些|一切|一般|一定|唯一|一直|万一|进一步|一批|一线|一站式|一揽子|"
    "一方面|一以贯之|同一|单一|不一|第[一二三四五六七八九十百千]+|十分|十足|万物|百姓|千方百计|千家万户|"
    "一刀切|一盘棋|一条龙|一把手|一窝蜂|一阵风|一以贯之|一步到位|一蹴而就|一劳永逸|独一无二"
)
_VALUES = {
    "一": 1,
    "二": 2,
    "两": 2,
    "双": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_MEASURES = "个大项条张篇种类位"
# a clause for lists: 、 joins members, so it is not a boundary here
_CB = '，,。;；：:\n“”‘’"!！?？'
_CLAUSE_BOUNDARY = re.compile("[" + re.escape(_CB) + "]")
# up to the last clause boundary in a window: ``.*`` runs to the window's end and steps back to it,
# where a search for "a boundary with none after it" would try every boundary in the window
_THROUGH_LAST_CLAUSE_BOUNDARY = re.compile("(?s:.*)[" + re.escape(_CB) + "]")
_MB = _CB + "、"
_LAST_MEMBER_BOUNDARY = re.compile("[" + re.escape(_MB) + "][^" + re.escape(_MB) + "]*$")
_SENTENCE_END = re.compile("[。;；!！?？\n]")
_REACH = 160
_TITLED = frozenset({"article", "section", "chapter", "part"})
_LEAD_TAGS = frozenset({"m", "x", "d", "p", "c", "uj", "ul", "r", "v", "ad", "f", "t"})
_ADVERBS = ("加快", "全面", "持续", "深入", "协同", "统筹", "基本", "着力", "大力", "进一步")


def is_formulation(content: str) -> bool:
    """Whether a quoted string is a numbered formulation (not a plan period, quantity or slogan)."""
    c = content.strip()
    if not c or len(c) > 12 or _PERIOD.fullmatch(c):
        return False
    if _DIGIT.search(c):
        # digits count only in a formula of numbers (1+5+1), not in 5G+ or 15分钟…
        return _FORMULA.fullmatch(c) is not None
    if "+" in c or "×" in c:
        return False
    return _NUMBER.search(_NOT_COUNTING.sub("", c)) is not None


def _quotes(folded: str) -> Iterator[re.Match[str]]:
    """``_QUOTED.finditer(folded)``, tried only where an opening mark stands: the marks are found
    by ``str.find`` (a C search for one character), where the regex scan tests every character of
    the text against its first class."""
    find = folded.find
    opens: list[int] = []
    for mark in _CLOSING:
        p = find(mark)
        while p != -1:
            opens.append(p)
            p = find(mark, p + 1)
    opens.sort()
    match = _QUOTED.match
    last = 0
    for p in opens:
        if p < last:
            continue
        m = match(folded, p)
        if m is not None:
            last = m.end()
            yield m


def quoted_formulations(folded: str) -> Iterator[tuple[int, int]]:
    """Spans (inside the quotes) of quoted formulations."""
    for m in _quotes(folded):
        a, b = m.span(1)
        if (
            _CLOSING[folded[a - 1]] == folded[b]
            and _ANY_NUMBER.search(folded, a, b)
            and is_formulation(m.group(1))
        ):
            yield a, b


def unquoted_occurrences(folded: str, texts: Iterable[str]) -> Iterator[tuple[int, int]]:
    """Every occurrence of ``texts`` (formulations already seen quoted): one regex scan, since
    ``str.find`` over Chinese text costs as much per call as a whole regex pass."""
    words = tuple(sorted(set(texts)))
    if words:
        for m in _words_regex(words).finditer(folded):
            yield m.span()


@lru_cache(maxsize=64)
def _words_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(trie_pattern(words))


# ---------------------------------------------------------------- definitions


@dataclass(frozen=True, slots=True)
class _Shape:
    count: int
    head: str  # what the number counts (中心 in 三个中心, 先区 in 两先区)
    measured: bool  # a measure word follows the number (三个中心, 五大安全)


def _shape(text: str) -> _Shape | None:
    nums = _NUMBER.findall(_NOT_COUNTING.sub("", text))
    if len(nums) != 1 or nums[0] not in _VALUES:
        return None
    i = text.find(nums[0])
    rest = text[i + 1 :]
    measured = bool(rest) and rest[0] in _MEASURES
    head = rest[1:] if measured else rest
    if not head:
        return None
    return _Shape(_VALUES[nums[0]], head, measured)


Span = tuple[int, int]


class Definitions:
    """Finds definitions for the formulations of one document; each text is looked up once.

    Members are found on the folded text and reported as printed in the original."""

    def __init__(
        self,
        text: str,
        folded: str,
        nodes: Sequence[Node],
        blocks: Sequence[Block],
        lex: Lexicons,
    ) -> None:
        self.text = text
        self.folded = folded
        self.nodes = nodes
        self.blocks = blocks
        self.lex = lex
        self._cache: dict[str, str | None] = {}
        self._titled = [n for n in nodes if n.kind in _TITLED]
        self._titles = "\n".join(n.title for n in self._titled)

    def of(self, text: str, starts: Sequence[int]) -> str | None:
        if text not in self._cache:
            self._cache[text] = self._find(text, starts)
        return self._cache[text]

    def _find(self, text: str, starts: Sequence[int]) -> str | None:
        shape = _shape(text)
        if shape is None or shape.count < 2:
            return None
        for finder in (self._before_quote, self._abbreviation, self._titled_article, self._list_then_head):
            spans = finder(text, shape, starts)
            if spans is not None and len(spans) == shape.count:
                return "、".join(self.text[a:b] for a, b in spans)
        return None

    # -- helpers

    def _clause_start(self, pos: int, reach: int = _REACH) -> int:
        """Just after the last clause boundary within ``reach`` before ``pos`` (else the start of
        the window); a newline that ends the window counts only when no other boundary precedes
        it, as for the search ``[boundary][^boundary]*$``, whose ``$`` holds before a final newline."""
        a = max(0, pos - reach)
        end = pos - 1 if pos > a and self.folded[pos - 1] == "\n" else pos
        m = _THROUGH_LAST_CLAUSE_BOUNDARY.match(self.folded, a, end)
        if m is not None:
            return m.end()
        return pos if end != pos else a

    def _clause_end(self, pos: int) -> int:
        m = _CLAUSE_BOUNDARY.search(self.folded, pos, min(len(self.folded), pos + _REACH))
        return m.start() if m is not None else min(len(self.folded), pos + _REACH)

    def _strip(self, a: int, b: int) -> Span:
        """The member phrase in [a, b) without the verbs, dates and adverbs that introduce it."""
        for word, tag in rjieba.tag(self.folded[a:b]):
            if word in self.lex.stop_words or tag in _LEAD_TAGS or word in _ADVERBS:
                a += len(word)
                continue
            break
        while a < b and self.folded[a].isspace():
            a += 1
        return a, b

    # -- 1. 电动汽车、锂电池、光伏产品“新三样”

    def _before_quote(self, text: str, shape: _Shape, starts: Sequence[int]) -> list[Span] | None:
        for s in starts:
            q = s - 1
            # the list must end on the quote itself: in 体育公园和“三大球” the quote is one more
            # member of someone else's list
            if q <= 0 or self.folded[q] not in '“‘"' or self.folded[q - 1] in "和与及或的、":
                continue
            # each member is at most 30 characters, so the list lies within count × 31 of the quote
            reach = shape.count * 31
            if self.folded.count("、", max(0, q - reach), q) < shape.count - 1:
                continue
            a = self._clause_start(q, reach)
            if self.folded.count("、", a, q) != shape.count - 1:
                continue
            members = self._split(a, q)
            if members is not None:
                return members
        return None

    def _split(self, a: int, b: int) -> list[Span] | None:
        out = []
        pos = a
        for n, part in enumerate(self.folded[a:b].split("、")):
            span = self._strip(pos, pos + len(part)) if n == 0 else (pos, pos + len(part))
            pos += len(part) + 1
            if not 2 <= span[1] - span[0] <= 30:
                return None
            out.append(span)
        return out

    # -- 2. 两先区 ← 产业结构优化的先导区和经济社会发展的先行区

    def _abbreviation(self, text: str, shape: _Shape, starts: Sequence[int]) -> list[Span] | None:
        if shape.measured or len(shape.head) != 2 or rjieba.has_word(shape.head):
            return None
        first, last = (re.escape(c) for c in shape.head)
        member = rf"[^，,。;；：:、“”‘’\s和与及]{{1,20}}?{first}[^，,。;；：:、“”‘’\s和与及]{{0,2}}{last}"
        joint = "(?:、|和|与|及|以及)"
        pattern = re.compile("(" + member + ")" + (joint + "(" + member + ")") * (shape.count - 1))
        # the regex runs only on the clauses that hold the abbreviation's first character: a lazy
        # scan over the whole text would cost milliseconds
        seen: set[int] = set()
        for hit in re.finditer(first, self.folded):
            pos = hit.start()
            a = self._clause_start(pos)
            if a in seen:
                continue
            seen.add(a)
            m = pattern.search(self.folded, a, self._clause_end(pos))
            if m is None:
                continue
            spans = [self._strip(*m.span(1))] + [m.span(i) for i in range(2, shape.count + 1)]
            members = [self.folded[x:y] for x, y in spans]
            if all(text not in mem and len(mem) > len(shape.head) for mem in members):
                return spans
        return None

    # -- 3. (26) 提升“三个中心”功能: one paragraph per centre

    def _titled_article(self, text: str, shape: _Shape, starts: Sequence[int]) -> list[Span] | None:
        if text not in self._titles:
            return None
        for node in self._titled:
            if text not in node.title:
                continue
            paras = [b for b in self.blocks if b.kind == "paragraph" and node.start <= b.start < node.end]
            if len(paras) != shape.count:
                continue
            members = []
            for n, block in enumerate(paras):
                a = block.start
                if n == 0:
                    t = self.folded.find(node.title, block.start, block.end)
                    a = t + len(node.title) if t != -1 else block.start
                    while a < block.end and self.folded[a] in "。.:：,，;； ":
                        a += 1
                member = self._first_with_head(a, block.end, shape.head)
                if member is None:
                    break
                members.append(member)
            else:
                return members
        return None

    def _first_with_head(self, a: int, b: int, head: str) -> Span | None:
        end = self._sentence_end(a, b)
        h = self.folded.find(head, a, end)
        if h == -1:
            return None
        m = _LAST_MEMBER_BOUNDARY.search(self.folded, a, h)
        start = m.start() + 1 if m is not None else a
        span = self._strip(start, h)
        return (span[0], h + len(head)) if span[0] < h else None

    def _sentence_end(self, a: int, b: int) -> int:
        m = _SENTENCE_END.search(self.folded, a, b)
        return m.start() if m is not None else b

    # -- 4. A、B、C、D、E、F加快建设 → 六个建设

    def _list_then_head(self, text: str, shape: _Shape, starts: Sequence[int]) -> list[Span] | None:
        """Looked for only in the article of the first mention, where a definition belongs."""
        if not shape.measured or len(shape.head) < 2 or not starts:
            return None
        node = self._article_of(starts[0])
        if node is None:
            return None
        return self._list_in(re.compile(re.escape(shape.head)), shape, node.start, node.end)

    def _article_of(self, pos: int) -> Node | None:
        best = None
        for n in self._titled:
            if n.start <= pos < n.end and (best is None or n.depth >= best.depth):
                best = n
        return best

    def _list_in(self, head: re.Pattern[str], shape: _Shape, a0: int, b0: int) -> list[Span] | None:
        for hit in head.finditer(self.folded, a0, b0):
            end = hit.start()
            if self.folded[max(0, end - 2) : end] in _ADVERBS:
                end -= 2
            if self.folded.count("、", max(a0, end - _REACH), end) < shape.count - 1:
                continue
            a = self._clause_start(end)
            if end > a and self.folded.count("、", a, end) == shape.count - 1:
                members = self._split(a, end)
                if members is not None and all(y - x >= 4 for x, y in members):
                    return members
        return None
