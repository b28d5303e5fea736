"""Decides which lines of a read document are web-page debris or page numbers, and which line breaks
are hard wraps or web inline splits rather than paragraph ends.

Works on the paragraph lines every reader produces (a txt line, a pdf paragraph, an html or docx
block), by shape only: a debris line looks like page furniture (a run of page-UI words, a 来源：/时间：
label, a photo credit), never like a particular document's sentence. ``assemble.make_document``
applies the decisions, so ``Document.text`` holds the cleaned text and every span points into it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

OUTLINE_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十百零〇]+、"
    r"|[（(][一二三四五六七八九十百零〇]+[）)]"
    r"|[（(]\d{1,3}[）)]"
    r"|\d{1,3}[.．、](?!\d)"
    r"|第[一二三四五六七八九十百零〇\d]+[章节篇部条]"
    r"|专栏|——|[①-⑳])"
)
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―─~·•\s]*\d{1,4}[-—–－―─~·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|[-—–\s]*(?:[ivxlc]{1,7}|[IVXLC]{1,7})[-—–\s]*)$",
    re.IGNORECASE,
)
# Invisible characters that split a word without showing anything (zero-width space and joiners,
# word joiner, a BOM inside the text, soft hyphen).
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")

SENTENCE_END = "。！？；：!?;:…"
TRAILING_CLOSERS = "”’」』)）】》〉\"' "
_CLAUSE_MARK = re.compile("[。！？；，、,;!?]")
# What a continuation can start with: punctuation that never begins a sentence.
_CONTINUATION_START = "，。、；：？！）》」』】”’,.;:?!)%％"

# Words of a web page's toolbar, font-size switch, share box and footer.
_UI_WORDS = frozenset(
    [
        "下载",
        "打印",
        "全屏",
        "收藏",
        "分享",
        "分享到",
        "字号",
        "字体",
        "加大",
        "还原",
        "减小",
        "大",
        "中",
        "小",
        "默认",
        "标准",
        "放大",
        "缩小",
        "关闭",
        "关闭窗口",
        "打印本页",
        "打印此页",
        "打印正文",
        "返回顶部",
        "返回",
        "顶部",
        "首页",
        "纠错",
        "我要纠错",
        "微信",
        "微博",
        "朋友圈",
        "QQ",
        "QQ空间",
        "扫一扫",
        "二维码",
        "复制链接",
        "点赞",
        "评论",
        "保存",
        "朗读",
        "TOP",
        "top",
    ]
)
_UI_SEPARATORS = re.compile(r"[【】\[\]（）()|｜>＞»›/:：\s·•]+")
_META_LABEL = re.compile(
    r"^[【\[]?(?:来源|稿源|信息来源|文章来源|时间|发布时间|发布日期|日期|作者|编辑|责任编辑|编审|审核|校对|"
    r"浏览次数|点击数|阅读次数|访问量|字号|字体|分享到?)\s*[:：]\s*(?P<value>.{0,40})$"
)
_DATETIME = re.compile(
    r"^\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}\s*[:时]\s*\d{2}\s*分?(?::\d{2})?)?$"
)
_CAPTION = re.compile(
    r"(?:记者|摄影|通讯员|新华社|供图)[^。！？]{0,20}?"
    r"(?:[\s\u3000]*[\u4e00-\u9fff·]{2,4}[\s\u3000]*摄[）)]?|[\s\u3000][\u4e00-\u9fff·]{2,4}[）)]?)$"
)
# A photo caption under a speech's title: an office and a name, then 作…报告 (省长某某作政府工作报告),
# with no punctuation; an office keeps the verb 作 apart from 工作 (the title's 政府工作报告).
_SPEAKER_CAPTION = re.compile(
    r"^[\u4e00-\u9fff]{0,12}(?:总理|主席|省长|市长|州长|区长|县长|盟长|书记|主任|部长|局长)[\s\u3000]*"
    r"[\u4e00-\u9fff·]{2,4}[\s\u3000]*作[\u4e00-\u9fff]{0,10}(?:报告|讲话|说明)$"
)
_TAIL_START = re.compile(
    r"^[【\[]?(?:相关报道|相关链接|相关附件|相关新闻|相关阅读|相关文章|责任编辑|扫一扫|打印本页|关闭窗口|"
    r"返回顶部|分享到)"
)
_CJK = re.compile("[\u3400-\u9fff]")

# How far into the document its page header may reach, and how far from the end its footer.
_EDGE_UNITS = 40
_TAIL_CHARS = 3000
# Lines measured to tell whether a text is hard-wrapped: enough to judge, bounded for 10 MB files.
_SAMPLE_UNITS = 3000
_FRAGMENT_CHARS = 16


@dataclass(frozen=True, slots=True)
class Unit:
    """One paragraph line as a reader produced it. ``joinable`` is False for headings and tables."""

    text: str
    joinable: bool = True
    indented: bool = False  # the line starts with an indent (a paragraph start in hard-wrapped text)
    table: bool = False  # a table is content, never debris


@dataclass(slots=True)
class Plan:
    removed: set[int] = field(default_factory=set)
    joins: set[int] = field(default_factory=set)  # i: unit i continues onto the next kept unit
    wrap_width: int | None = None  # in half-width columns, when the text is hard-wrapped
    page_numbers: int = 0

    def __bool__(self) -> bool:
        return bool(self.removed or self.joins)


def width(text: str) -> int:
    """Display width in half-width columns: a CJK or full-width character takes two."""
    return 2 * len(text) - len(text.encode("ascii", "ignore"))


def ends_sentence(text: str) -> bool:
    core = text.rstrip(TRAILING_CLOSERS)
    return bool(core) and core[-1] in SENTENCE_END


def _is_ui(text: str) -> bool:
    words = [w for w in _UI_SEPARATORS.split(text) if w]
    return all(w in _UI_WORDS for w in words)


def _is_separator(text: str) -> bool:
    return not _UI_SEPARATORS.sub("", text) and bool(re.search("[>＞»›|｜]", text))


def is_caption(text: str) -> bool:
    return len(text) <= 80 and _CAPTION.search(text) is not None


def _is_body(unit: Unit) -> bool:
    """A line of the speech or plan itself: the page header ends before it."""
    text = unit.text
    # A —— line under a title is its subtitle (——2026年2月3日在…会议上), still in the page header.
    if unit.table or (OUTLINE_MARKER.match(text) and not text.startswith("——")):
        return True
    return len(text) >= 30 and re.search("[。！？；]", text) is not None and not is_caption(text)


def _head_debris(units: Sequence[Unit]) -> set[int]:
    removed: set[int] = set()
    seen: set[str] = set()
    limit = min(len(units), _EDGE_UNITS)
    i = 0
    while i < limit:
        text = units[i].text
        if _is_body(units[i]):
            break
        meta = _META_LABEL.match(text)
        # A page repeats its title and subtitle (page header, then article header).
        repeated = text in seen and not re.search("[。！？；]", text)
        caption = len(text) <= 30 and _SPEAKER_CAPTION.match(text) is not None
        if _is_ui(text) or _is_separator(text) or _DATETIME.match(text) or repeated or caption:
            removed.add(i)
        elif meta:
            removed.add(i)
            # A label alone on its line has its value on the next one.
            if not meta.group("value").strip() and i + 1 < limit:
                value = units[i + 1].text
                if len(value) <= 30 and not _CLAUSE_MARK.search(value) and not OUTLINE_MARKER.match(value):
                    removed.add(i + 1)
                    i += 1
        elif len(text) <= 20 and any(0 <= j < limit and _is_separator(units[j].text) for j in (i - 1, i + 1)):
            removed.add(i)  # an item of a breadcrumb trail 首页 > 政府信息公开 > …
        seen.add(text)
        i += 1
    return removed


def _tail_debris(units: Sequence[Unit]) -> set[int]:
    n = len(units)
    first = max(0, n - _EDGE_UNITS)
    removed: set[int] = set()
    for i in range(first, n):
        if _TAIL_START.match(units[i].text):
            rest = sum(len(u.text) for u in units[i:])
            if rest <= _TAIL_CHARS:
                removed.update(j for j in range(i, n) if not units[j].table)
                break
    # Stray Latin words a scraper left after a Chinese text (a licence tag, a flag value).
    if not any(_CJK.search(units[j].text) for j in range(min(n, _EDGE_UNITS))):
        return removed
    end = min(removed, default=n)
    while end > 0 and not units[end - 1].table:
        text = units[end - 1].text
        # A printed copy puts the last page's number after them; it is not one of the words.
        if PAGE_NUMBER.match(text):
            end -= 1
            continue
        if len(text) > 20 or not text.isascii() or OUTLINE_MARKER.match(text):
            break
        end -= 1
        removed.add(end)
    return removed


def _wrap_width(units: Sequence[Unit]) -> int | None:
    """The common line width when most lines are cut at it without ending a sentence."""
    sample = [u.text for u in units[:_SAMPLE_UNITS] if u.joinable and not PAGE_NUMBER.match(u.text)]
    if len(sample) < 8:
        return None
    widths = [width(t) for t in sample]
    counts = Counter(widths)
    best, best_count = 0, 0
    get = counts.get
    for w in sorted(counts):
        # CJK line breaking moves a closing mark or a half-width digit to the next line, so full
        # lines vary by a column or two. (Five lookups spelt out: a generator per width cost more
        # than the rest of the pass.)
        c = get(w - 4, 0) + get(w - 3, 0) + get(w - 2, 0) + get(w - 1, 0) + get(w, 0)
        if c >= best_count:
            best, best_count = w, c
    # Units much wider than a line were joined already (a PDF reader rejoins the rows it can tell);
    # the lines it left are judged among themselves, when the column is as wide as a printed page's
    # (25 characters or more: a web page's short headings and captions must not look like one).
    lines = sum(w <= best + 4 for w in widths) if best >= 50 else len(sample)
    if best < 20 or best_count < 8 or best_count < 0.35 * lines:
        return None
    full = [t for t, w in zip(sample, widths, strict=True) if best - 4 <= w <= best]
    if sum(map(ends_sentence, full)) > 0.3 * len(full):
        return None
    # The column width itself: the widest width about as many lines have as the commonest one
    # (a line with an odd count of half-width characters stops a column short of it) and not the
    # fewer lines that run a column or two over it, where a closing mark was squeezed in.
    top = max(counts.get(w, 0) for w in range(best - 4, best + 1))
    return max(w for w in range(best - 4, best + 1) if counts.get(w, 0) * 2 >= top)


def _mid_sentence(text: str) -> bool:
    """A line that stops inside a sentence: no punctuation at its end, and prose, not a heading."""
    if not text:
        return False
    if text[-1] in "，、,":
        return True
    if text[-1] in _CONTINUATION_START or text[-1] in SENTENCE_END or text[-1] in "”’」』":
        return False
    if "。" in text or text.count("“") > text.count("”") or len(text) >= 40:
        return True
    return "，" in text and not OUTLINE_MARKER.match(text)


def _fragment(text: str) -> bool:
    # A short line ending with a colon or an exclamation (各位代表：) is a salutation, not a word a
    # web page split off.
    return (
        len(text) <= _FRAGMENT_CHARS
        and not _CLAUSE_MARK.search(text)
        and not ends_sentence(text)
        and not OUTLINE_MARKER.match(text)
        and not PAGE_NUMBER.match(text)
    )


def _continues_after_fragment(text: str) -> bool:
    if OUTLINE_MARKER.match(text):
        return False
    return text[0] in _CONTINUATION_START or (len(text) >= 20 and _CLAUSE_MARK.search(text) is not None)


def _kept(units: Sequence[Unit], removed: set[int]) -> Iterator[int]:
    return (i for i in range(len(units)) if i not in removed)


def _wrap_joins(units: Sequence[Unit], removed: set[int], wrap: int) -> set[int]:
    joins: set[int] = set()
    sample = [i for i in itertools.islice(_kept(units, removed), _SAMPLE_UNITS)]
    indented_full = sum(units[i].indented and width(units[i].text) >= wrap - 4 for i in sample)
    # Copies that keep the two-character paragraph indent mark paragraph starts with it.
    indents_mark_starts = indented_full * 4 < len(sample)
    opening = ""  # the first line of the paragraph being rejoined
    previous = -1
    for a, b in itertools.pairwise(_kept(units, removed)):
        ua, ub = units[a], units[b]
        if previous not in joins:
            opening = ua.text
        previous = a
        if not (ua.joinable and ub.joinable):
            continue
        if width(ua.text) < wrap - 4 or OUTLINE_MARKER.match(ub.text):
            continue
        if ends_sentence(ua.text) and (
            not _cut_after_sentence_end(ua.text, ub.text, wrap)
            or (LEAD_SENTENCE.match(opening) and LEAD_SENTENCE.match(ub.text))
        ):
            continue
        if indents_mark_starts and ub.indented:
            continue
        joins.add(a)
    return joins


# A paragraph led by a short sentence that names its topic (打造一流营商环境。以控制成本为核心…).
# Such paragraphs come in runs, so after one of them a full line ending a sentence followed by
# another lead sentence is more often a paragraph end than a cut.
# A topic sentence names a task without figures.
# A short address opening a paragraph (各位代表！ 同志们：) follows the end of the one before.
VOCATIVE = re.compile(r"^[^，。、；：！？,;:!?]{2,8}[！：!:]")
LEAD_SENTENCE = re.compile(r"^[^，。、；：？！,;:!?“”（）()\d%％]{2,16}。")


def _cut_after_sentence_end(line: str, following: str, wrap: int) -> bool:
    """Whether a line ending a sentence was cut by the width rather than ending its paragraph.

    A line cut inside a paragraph always reaches the column (the next character did not fit), and
    a sentence ends at about every fortieth character, so a full line ending with 。 is several times
    more often a cut than a paragraph whose last line happens to fill the column exactly. A
    following line without any clause mark that does not fill the column is a heading or a
    salutation, which starts anew. A unit wider than one line (a PDF reader joined its rows) says
    nothing about where its last row ended."""
    if not wrap - 1 <= width(line) <= wrap + 4 or VOCATIVE.match(following):
        return False
    return _CLAUSE_MARK.search(following) is not None or width(following) >= wrap - 4


def _web_joins(units: Sequence[Unit], removed: set[int]) -> set[int]:
    """Web pages render a link or a bold word as a line of its own
    (推动\n区域全面经济伙伴关系协定\n（RCEP）生效…); such a line and its neighbours are one paragraph."""
    joins: set[int] = set()
    current = ""
    window: list[int] = []
    for index in itertools.chain(_kept(units, removed), (-1, -1)):
        window.append(index)
        if len(window) < 3:
            continue
        a, b, c = window
        del window[0]
        if a < 0 or b < 0:
            break
        ua, ub = units[a], units[b]
        after_join = bool(current)
        current = current + ua.text if after_join else ua.text
        uc = units[c] if c >= 0 else None
        if ua.joinable and ub.joinable:
            leads_on = (
                _fragment(ub.text) and uc is not None and uc.joinable and _continues_after_fragment(uc.text)
            )
            if (ub.text[0] in _CONTINUATION_START or leads_on) and _mid_sentence(current):
                joins.add(a)
                continue
            if after_join and _fragment(ua.text) and _continues_after_fragment(ub.text):
                joins.add(a)  # the fragment joined onto its line also takes the line it leads into
                continue
        current = ""
    return joins


def plan(units: Sequence[Unit], *, paged: bool = False) -> Plan:
    """What to remove and join. ``paged`` says the text had page breaks (form feeds)."""
    result = Plan()
    if not units:
        return result
    result.removed |= _head_debris(units)
    result.removed |= _tail_debris(units)
    result.removed |= {i for i in range(len(units)) if not units[i].table and is_caption(units[i].text)}
    wrap = _wrap_width([units[i] for i in itertools.islice(_kept(units, result.removed), _SAMPLE_UNITS)])
    if wrap is not None or paged:
        numbers = {i for i in _kept(units, result.removed) if PAGE_NUMBER.match(units[i].text)}
        result.page_numbers = len(numbers)
        result.removed |= numbers
    result.wrap_width = wrap
    if wrap is not None:
        result.joins = _wrap_joins(units, result.removed, wrap)
        result.joins |= _web_joins_after_wrap(units, result.removed, result.joins)
    else:
        result.joins = _web_joins(units, result.removed)
    return result


def _web_joins_after_wrap(units: Sequence[Unit], removed: set[int], joins: set[int]) -> set[int]:
    """A web page saved as text and then hard-wrapped (or printed to PDF) still has the lines the
    page split at a link; they are judged between the rejoined paragraphs."""
    merged: list[Unit] = []
    last: list[int] = []  # the original index of each merged paragraph's last line
    joining = False
    for i in _kept(units, removed):
        unit = units[i]
        if joining and merged:
            merged[-1] = Unit(merged[-1].text + unit.text, merged[-1].joinable and unit.joinable)
            last[-1] = i
        else:
            merged.append(unit)
            last.append(i)
        joining = i in joins
    return {last[j] for j in _web_joins(merged, set())}
