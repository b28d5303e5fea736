"""PDF reader for documents with a text layer: rows from pdfminer's layout analysis, page furniture
removed, hard-wrapped lines joined back into paragraphs.

A PDF has no paragraphs, only positioned lines. Chinese plan documents are typeset in a single
column with a two-character first-line indent, which makes paragraph starts recoverable: a line
continues onto the next when it fills the column (the next line's first word would not have fitted)
and the next line is not indented; headings (一、 （一） 第一章 …) begin after a sentence end.
Multi-column layouts and tables are read row by row, in reading order of a single column.
"""

from __future__ import annotations

import bisect
import io
import itertools
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from planwatch.ingest import errors
from planwatch.ingest.assemble import TextBuilder, make_document
from planwatch.ingest.text import Decoded
from planwatch.ingest.tidy import LEAD_SENTENCE, OUTLINE_MARKER, PAGE_NUMBER, VOCATIVE, ends_sentence
from planwatch.model import Document, InputError

_KIND = "PDF 文件"

# Closing punctuation stays with the character before it (CJK line-breaking rules), so the first
# "word" of a line that starts with 大。 is two characters wide.
_CLOSING = "，。、；：？！）》」』】〉”’,.;:?!)]}%％…"
_DIGITS = re.compile(r"\d+")
_CJK_CHAR = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_SPACES = re.compile(r"\s+")
_CLAUSE = re.compile("[。！？；，、,;!?]")

# Rows at each end of a page that may be furniture (header, rule text, page number).
_EDGE_ROWS = 3
# Below this many rows a page (or document) has no reliable margin statistics.
_FEW_ROWS = 6


def _is_latin(ch: str) -> bool:
    return ord(ch) < 0x2000 and ch.isalnum()


@dataclass(slots=True)
class _Row:
    page: int
    text: str
    x0: float  # left of the first visible glyph (leading spaces are indentation, not text)
    x1: float
    top: float
    bottom: float
    size: float
    head: float  # width of the first unbreakable piece: what would have had to fit on the row above
    space_after: bool


@dataclass(frozen=True, slots=True)
class _Geometry:
    left: float
    right: float
    pitch: float | None


def _char_text(ch: Any) -> str:
    return str(ch.get_text())


def _build_row(chars: list[Any], page: int) -> _Row | None:
    chars = sorted((c for c in chars if getattr(c, "upright", True)), key=lambda c: c.x0)
    visible = [c for c in chars if _char_text(c).strip()]
    if not visible:
        return None
    size = statistics.median(c.size for c in visible) or 10.0
    pieces: list[str] = []
    spaces: list[str] = []
    last: Any = None
    kept: list[Any] = []
    for ch in chars:
        text = _char_text(ch)
        if not text.strip():
            if last is not None:
                spaces.append(text)
            continue
        if last is not None:
            last_text = _char_text(last)
            # Fake bold: the same glyph printed twice a hair apart.
            if text == last_text and abs(ch.x0 - last.x0) < 0.2 * size:
                continue
            if spaces:
                pieces.append("".join(spaces))
            else:
                gap = ch.x0 - last.x1
                latin = _is_latin(last_text[-1]) and _is_latin(text[0])
                # Justified CJK is spread by small gaps that are not spaces; a gap a whole
                # character wide (a tab stop, a cell boundary) is one.
                if gap > size * (0.15 if latin else 1.0):
                    pieces.append(" ")
        spaces = []
        pieces.append(text)
        kept.append(ch)
        last = ch
    first = kept[0]
    head_end = first.x1
    first_text = _char_text(first)
    for ch in kept[1:]:
        text = _char_text(ch)
        same_word = _is_latin(first_text[0]) and _is_latin(text[0]) and ch.x0 - head_end < 0.25 * size
        if same_word or text[0] in _CLOSING:
            head_end = ch.x1
        else:
            break
    return _Row(
        page=page,
        text="".join(pieces),
        x0=first.x0,
        x1=last.x1,
        top=max(c.y1 for c in kept),
        bottom=min(c.y0 for c in kept),
        size=size,
        head=head_end - first.x0,
        space_after=bool(spaces),
    )


def _text_lines(obj: Any) -> Iterable[Any]:
    from pdfminer.layout import LTContainer, LTTextLine

    if isinstance(obj, LTTextLine):
        yield obj
    elif isinstance(obj, LTContainer):
        for child in obj:
            yield from _text_lines(child)


def _page_rows(layout: Any, page: int) -> list[_Row]:
    """Rows of a page top to bottom; pdfminer lines sharing a baseline (split at a wide gap) merge."""
    from pdfminer.layout import LTChar

    lines = sorted(_text_lines(layout), key=lambda line: (-line.y1, line.x0))
    groups: list[tuple[float, float, list[Any]]] = []
    for line in lines:
        chars = [c for c in line if isinstance(c, LTChar)]
        if not chars:
            continue
        if groups:
            top, bottom, members = groups[-1]
            overlap = min(top, line.y1) - max(bottom, line.y0)
            if overlap > 0.5 * min(top - bottom, line.y1 - line.y0):
                members.extend(chars)
                groups[-1] = (max(top, line.y1), min(bottom, line.y0), members)
                continue
        groups.append((line.y1, line.y0, chars))
    rows = [_build_row(members, page) for _, _, members in groups]
    return [row for row in rows if row is not None]


def _furniture_key(row: _Row) -> str:
    return _DIGITS.sub("#", _SPACES.sub("", row.text))


def _strip_furniture(pages: list[list[_Row]]) -> None:
    """Removes page numbers and running headers/footers at the top and bottom of pages.

    A running header is text (page numbers folded) found at the same height at the same end of
    more than half of the pages; the height condition keeps a first-page title that repeats the
    header text.
    """
    seen: dict[tuple[str, str], list[float]] = defaultdict(list)
    for rows in pages:
        # Counted once per page, so a header line and a matching body line do not add up.
        on_page: dict[tuple[str, str], float] = {}
        for end, edge in (("top", rows[:_EDGE_ROWS]), ("bottom", rows[-_EDGE_ROWS:])):
            for row in edge:
                on_page.setdefault((end, _furniture_key(row)), row.top)
        for key, top in on_page.items():
            seen[key].append(top)
    repeated: dict[tuple[str, str], float] = {}
    for key, tops in seen.items():
        if len(tops) < 2:
            continue
        middle = statistics.median(tops)
        if sum(abs(t - middle) < 2.0 for t in tops) * 2 > len(pages):
            repeated[key] = middle

    def is_furniture(row: _Row, end: str) -> bool:
        if PAGE_NUMBER.match(row.text):
            return True
        middle = repeated.get((end, _furniture_key(row)))
        return middle is not None and abs(row.top - middle) < 2.0

    for rows in pages:
        for _ in range(_EDGE_ROWS):
            if rows and is_furniture(rows[0], "top"):
                del rows[0]
        for _ in range(_EDGE_ROWS):
            if rows and is_furniture(rows[-1], "bottom"):
                del rows[-1]


def _edge(values: Sequence[float], tol: float, high: bool) -> float:
    """The outermost position reached by at least two rows; one stray row does not move a margin."""
    ordered = sorted(values, reverse=high)
    for a, b in itertools.pairwise(ordered):
        if abs(a - b) <= tol:
            return a
    return ordered[0]


def _right_edge(values: Sequence[float], em: float) -> float:
    """Where full rows end: the outermost position about as many rows reach as the commonest one.
    Rows that run past it (a hanging closing mark, a row of wide digits in a ragged setting) are
    fewer, and must not make every flush row look short."""
    ordered = sorted(values)
    tol = 0.25 * em
    counts = [bisect.bisect_right(ordered, x + tol) - bisect.bisect_left(ordered, x - tol) for x in ordered]
    top = max(counts)
    return _edge([x for x, c in zip(ordered, counts, strict=True) if c * 2 >= top], 1.0 * em, high=True)


def _geometry(rows: Sequence[_Row], whole: _Geometry | None) -> _Geometry:
    """Column edges and line pitch of a page (``whole`` given) or of the whole document."""
    em = statistics.median(r.size for r in rows)
    steps = [a.bottom - b.bottom for a, b in itertools.pairwise(rows) if a.bottom - b.bottom > 0.5 * em]
    pitch = statistics.median(steps) if len(steps) >= 2 else None
    if len(rows) < _FEW_ROWS:
        if whole is not None:
            return _Geometry(whole.left, whole.right, pitch if pitch is not None else whole.pitch)
        # Too few rows to tell a margin from a stray line: take the extremes.
        return _Geometry(min(r.x0 for r in rows), max(r.x1 for r in rows), pitch)
    left = _edge([r.x0 for r in rows], 0.25 * em, high=False)
    right = _right_edge([r.x1 for r in rows], em)
    if whole is not None:
        # A page whose only row at the document's margin is a single continuation line still has
        # that margin; a page that never reaches it (mirrored margins) keeps its own.
        if whole.left < left and any(abs(r.x0 - whole.left) <= 0.25 * em for r in rows):
            left = whole.left
        if whole.right > right and any(abs(r.x1 - whole.right) <= 1.0 * em for r in rows):
            right = whole.right
        # A page with more rows running past the document's margin than flush with it still has
        # flush rows that end there.
        if right > whole.right and any(abs(r.x1 - whole.right) <= 0.25 * em for r in rows):
            right = whole.right
        # A last page of a few short lines (a signature, a licence note) has no full line to show
        # where its column ends; the column is as wide as on the other pages.
        if right - left < 0.75 * (whole.right - whole.left):
            right = left + whole.right - whole.left
        pitch = pitch if pitch is not None else whole.pitch
    return _Geometry(left, right, pitch)


def _centered(row: _Row, g: _Geometry) -> bool:
    indent = row.x0 - g.left
    return indent > 2.5 * row.size and abs(indent - (g.right - row.x1)) < 1.5 * row.size


def _continues(prev: _Row, nxt: _Row, gp: _Geometry, gn: _Geometry) -> bool:
    """Whether ``nxt`` carries on the paragraph that ``prev`` belongs to."""
    em = max(prev.size, nxt.size)
    if abs(prev.size - nxt.size) > 0.15 * em:
        return False
    if prev.page == nxt.page:
        step = prev.bottom - nxt.bottom
        if step <= 0 or (gp.pitch is not None and step > 1.35 * gp.pitch):
            return False
        # A title too long for one line is set as centred lines; none of them is indented text.
        if (
            _centered(prev, gp)
            and _centered(nxt, gp)
            and prev.x1 - prev.x0 >= 0.5 * (gp.right - gp.left)
            and prev.text[-1] not in _CLOSING
            and not OUTLINE_MARKER.match(nxt.text)
            and nxt.text[0] not in "(（[【"
        ):
            return True
    if nxt.x0 - gn.left > 0.8 * nxt.size:
        return False
    if gp.right - prev.x1 > nxt.head + 0.3 * prev.size:
        return False
    return not (OUTLINE_MARKER.match(nxt.text) and ends_sentence(prev.text))


def _latin_prose(text: str) -> bool:
    return len(_CJK_CHAR.findall(text)) * 10 < len(text)


def _join(text: str, prev: _Row, row: _Row) -> str:
    """Joins a wrapped row onto its paragraph. CJK text has no spaces to restore; a space goes back
    only where the source evidently had one: a space glyph ending the row, or a break between two
    words of Latin prose (an acronym at the end of a Chinese row, like AI|GC, stays whole)."""
    a, b = text[-1], row.text[0]
    evident = prev.space_after or (a.isalpha() and b.isalpha() and _latin_prose(prev.text))
    if evident and _is_latin(a) and _is_latin(b):
        return f"{text} {row.text}"
    return text + row.text


def _paragraphs(pages: list[list[_Row]]) -> list[str]:
    rows = [row for page in pages for row in page]
    if not rows:
        return []
    whole = _geometry(rows, None)
    geometry = {i: _geometry(page, whole) for i, page in enumerate(pages) if page}
    # Without first-line indents nothing marks a paragraph start after a full row that ends a
    # sentence; between paragraphs led by a topic sentence, such a row more often ends its paragraph.
    indented = sum(1.5 * r.size <= r.x0 - geometry[r.page].left <= 2.5 * r.size for r in rows)
    unmarked = indented * 50 < len(rows)
    paragraphs: list[str] = []
    current = rows[0].text
    for prev, nxt in itertools.pairwise(rows):
        topic_run = unmarked and bool(LEAD_SENTENCE.match(current) and LEAD_SENTENCE.match(nxt.text))
        # A short row without a clause mark after a sentence end is a heading, not a last row.
        heading = VOCATIVE.match(nxt.text) is not None or (
            not _CLAUSE.search(nxt.text) and geometry[nxt.page].right - nxt.x1 > 2 * nxt.size
        )
        if not ((topic_run or heading) and ends_sentence(prev.text)) and _continues(
            prev, nxt, geometry[prev.page], geometry[nxt.page]
        ):
            current = _join(current, prev, nxt)
        else:
            paragraphs.append(current)
            current = nxt.text
    paragraphs.append(current)
    return paragraphs


def _open(data: bytes, source: str) -> Any:
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    try:
        return PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect as exc:
        raise InputError(
            "PDF 文件已加密，需要密码才能打开",
            where=source,
            hint="请在 PDF 阅读器中输入密码打开后，另存或打印为不加密的 PDF 再导入",
        ) from exc
    except PDFEncryptionError as exc:
        raise InputError(
            "PDF 文件使用了无法解开的加密方式",
            where=source,
            hint="请在 PDF 阅读器中打开后，另存或打印为不加密的 PDF 再导入",
        ) from exc


def _read_pages(data: bytes, source: str) -> list[list[_Row]]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    document = _open(data, source)
    resources = PDFResourceManager(caching=True)
    # boxes_flow=None skips pdfminer's text-box ordering (quadratic, and rows are re-sorted here).
    device = PDFPageAggregator(resources, laparams=LAParams(boxes_flow=None, all_texts=True))
    interpreter = PDFPageInterpreter(resources, device)
    pages: list[list[_Row]] = []
    for index, page in enumerate(PDFPage.create_pages(document)):
        interpreter.process_page(page)
        pages.append(_page_rows(device.get_result(), index))
    return pages


def read_pdf(data: bytes, source: str, *, decoded: Decoded | None = None) -> Document:
    # Every PDF ends with %%EOF (allowing some trailing bytes); without it the file was cut short
    # and pdfminer would quietly return whatever pages it could salvage.
    if b"%%EOF" not in data[-4096:]:
        raise errors.corrupt(_KIND, source)
    try:
        pages = _read_pages(data, source)
    except InputError:
        raise
    except Exception as exc:
        raise errors.corrupt(_KIND, source) from exc
    if not pages:
        raise errors.corrupt(_KIND, source)

    chars = sum(len(row.text) for page in pages for row in page)
    if chars == 0:
        raise InputError(
            "PDF 没有文字层（可能是扫描件或图片），无法读取其中的文字",
            where=source,
            hint="请先用 OCR 文字识别软件处理（例如 WPS、Adobe Acrobat 的“识别文本”），再导入识别后的文件",
        )
    unmapped = sum(row.text.count("(cid:") for page in pages for row in page)
    if unmapped * 9 > chars / 2:
        raise InputError(
            "PDF 中的字体没有提供文字编码，提取出的只是字形编号，无法得到文字",
            where=source,
            hint="请用原软件重新导出 PDF（嵌入字体并保留文字），或先进行 OCR 文字识别再导入",
        )
    warnings: list[str] = []
    empty_pages = [str(i + 1) for i, page in enumerate(pages) if not page]
    if empty_pages:
        listed = "、".join(empty_pages[:20]) + ("等" if len(empty_pages) > 20 else "")
        warnings.append(f"第 {listed} 页没有可提取的文字（可能是扫描页、图片或空白页），这些页的内容未被读取")

    _strip_furniture(pages)
    builder = TextBuilder()
    for paragraph in _paragraphs(pages):
        builder.add_block(paragraph)
    if not builder:
        raise errors.no_text(source, "PDF 文件")
    return make_document(data, source, "pdf", builder.text, builder.blocks, warnings=warnings)
