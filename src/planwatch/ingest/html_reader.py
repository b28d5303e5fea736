"""HTML reader: block elements in document order, headings with their level, tables as tables.

Government sites publish plans as HTML pages where paragraphs are ``<p>`` elements, or one ``<div>``
with ``<br>`` between paragraphs; both come out one block per paragraph.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from planwatch.ingest import errors
from planwatch.ingest.assemble import TextBuilder, make_document, normalise_newlines
from planwatch.ingest.text import Decoded, decode_text
from planwatch.model import Document, InputError

_DROP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "head",
        "title",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "canvas",
        "select",
        "button",
        "input",
        "textarea",
    }
)
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "ul",
    }
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}

# Source line breaks between two CJK characters are formatting of the HTML file, not a space.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \t\f]*\n[ \t\n\f]*(?=[{_CJK}])")
_ASCII_SPACE = re.compile(r"[ \t\n\f]+")
_STRIP = " \t\n\f"
# A <br> inside a heading: a line break that must survive white-space collapsing. NUL cannot occur
# in the decoded page (text detection refuses it), so it is free to mark the spot.
_HEADING_BREAK = "\x00"

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.IGNORECASE
)
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "hz"})
_WESTERN = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252", "iso8859-15"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def collapse(text: str) -> str:
    """HTML white-space collapsing (ASCII white space only: &nbsp; and 　 are content)."""
    return _ASCII_SPACE.sub(" ", _CJK_BREAK.sub("", text))


def _decode(data: bytes, source: str, sniffed: Decoded | None) -> Decoded:
    """BOM, then valid UTF-8, then the page's own meta charset, then text-file detection.

    Valid UTF-8 wins over a declared charset: pages copied between sites keep stale
    ``charset=gb2312`` declarations, and GBK text is practically never valid UTF-8. A declared
    Western code page is a template leftover on a Chinese page (any bytes "decode" in it), so
    detection decides there too.
    """
    match = _META_CHARSET.search(data[:8192])
    declared = match.group(1).decode("ascii", "replace").lower() if match else None
    if declared is None or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return sniffed or decode_text(data, source)
    if sniffed is not None and sniffed.encoding == "utf-8":
        return sniffed
    if sniffed is None:
        try:
            return Decoded(normalise_newlines(data.decode("utf-8")), "utf-8")
        except UnicodeDecodeError:
            pass
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        name = ""
    if name in _GB_FAMILY:
        name = "gb18030"  # superset of every GB encoding a page may declare
    if name and name not in _WESTERN and not name.startswith("utf"):
        try:
            return Decoded(normalise_newlines(data.decode(name)), name)
        except UnicodeDecodeError:
            pass
    detected = sniffed or decode_text(data, source)
    return Decoded(
        detected.text,
        detected.encoding,
        (*detected.warnings, f"网页声明的编码 {declared} 与实际内容不符，已按 {detected.encoding} 解码"),
    )


def _hidden(tag: Any) -> bool:
    if tag.attrs is None:
        return False
    if "hidden" in tag.attrs:
        return True
    style = tag.attrs.get("style")
    return isinstance(style, str) and _HIDDEN_STYLE.search(style) is not None


class _HtmlReader:
    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.buffer: list[str] = []
        self.heading: int | None = None

    def flush(self) -> None:
        if not self.buffer:
            return
        text = collapse("".join(self.buffer)).replace(_HEADING_BREAK, "\n").strip(_STRIP)
        self.buffer.clear()
        kind = "heading" if self.heading is not None else "paragraph"
        self.builder.add_block(text, kind, self.heading)

    def walk(self, node: Any) -> None:
        from bs4.element import NavigableString, Tag

        for child in node.children:
            if isinstance(child, NavigableString):
                # Comments, doctypes, CDATA and processing instructions are NavigableString subclasses.
                if type(child) is NavigableString:
                    self.buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = (child.name or "").lower()
            if name in _DROP or _hidden(child):
                continue
            if name == "br":
                if self.heading is not None:
                    self.buffer.append(_HEADING_BREAK)
                else:
                    self.flush()
            elif name == "table":
                self.flush()
                self.table(child)
            elif name in _HEADINGS:
                self.flush()
                outer = self.heading
                self.heading = _HEADINGS[name]
                self.walk(child)
                self.flush()
                self.heading = outer
            elif name == "pre":
                self.flush()
                for line in normalise_newlines(child.get_text()).split("\n"):
                    self.builder.add_block(line)
            elif name in _BLOCK:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def table(self, table: Any) -> None:
        caption = table.find("caption")
        if caption is not None and caption.find_parent("table") is table:
            self.builder.add_block(inline_text(caption))
        rows_html = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
        self.builder.add_table(_table_rows(rows_html))


def _span(value: Any, limit: int) -> int:
    try:
        return max(1, min(int(str(value).strip()), limit))
    except ValueError:
        return 1


def _table_rows(rows_html: list[Any]) -> list[list[str]]:
    """Cell texts on the table's grid; positions covered by a colspan or rowspan stay empty."""
    rows: list[list[str]] = []
    covered: dict[int, int] = {}  # column -> rows below still covered by a rowspan from above
    for tr in rows_html:
        row: list[str] = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            while covered.get(len(row), 0) > 0:
                covered[len(row)] -= 1
                row.append("")
            colspan = _span(cell.get("colspan"), 1000)
            rowspan = _span(cell.get("rowspan"), 65534)
            for column in range(len(row), len(row) + colspan):
                covered[column] = rowspan - 1
            row.append(inline_text(cell))
            row.extend([""] * (colspan - 1))
        for column in sorted(c for c, left in covered.items() if left > 0 and c >= len(row)):
            row.extend([""] * (column + 1 - len(row)))
            covered[column] -= 1
        rows.append(row)
    return rows


def inline_text(tag: Any) -> str:
    """The text of an element on one line; nested blocks and table cells are separated by a space."""
    reader = _HtmlReader()
    reader.walk(tag)
    reader.flush()
    text = reader.builder.text
    parts: list[str] = []
    for block in reader.builder.blocks:
        if block.table is None:
            parts.append(text[block.start : block.end])
        else:
            parts.extend(cell for row in reader.builder.tables[block.table].rows for cell in row if cell)
    return " ".join(parts)


def _title(soup: Any) -> str | None:
    title_tag = soup.find("title")
    if title_tag is not None:
        title = collapse(title_tag.get_text()).strip(_STRIP)
        if title:
            return title
    h1 = soup.find("h1")
    if h1 is not None:
        title = inline_text(h1).strip()
        if title:
            return title
    return None


def read_html(data: bytes, source: str, *, decoded: Decoded | None = None) -> Document:
    from bs4 import BeautifulSoup

    decoded = _decode(data, source, decoded)
    try:
        soup = BeautifulSoup(decoded.text, "lxml")
        reader = _HtmlReader()
        reader.walk(soup)
        reader.flush()
        title = _title(soup)
    except InputError:
        raise
    except RecursionError as exc:
        raise InputError(
            "网页的标签嵌套层数过深，无法解析",
            where=source,
            hint="请在浏览器中打开网页，把正文复制到 txt 或 docx 文件后再导入",
        ) from exc
    except Exception as exc:
        raise errors.corrupt("HTML 网页文件", source) from exc
    if not reader.builder:
        raise errors.no_text(source, "网页")
    return make_document(
        data,
        source,
        "html",
        reader.builder.text,
        reader.builder.blocks,
        tables=reader.builder.tables,
        encoding=decoded.encoding,
        title=title,
        warnings=decoded.warnings,
    )
