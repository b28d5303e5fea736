"""Word (.docx) reader: paragraphs, headings and tables in body order, straight from the XML.

python-docx opens the package; the body is walked here because its paragraph and table lists lose
their interleaving, and because content controls, text boxes, hidden runs and tracked deletions need
handling it does not offer.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from planwatch.ingest import errors
from planwatch.ingest.assemble import TextBuilder, make_document
from planwatch.ingest.docx_numbering import Numbering, W
from planwatch.ingest.text import Decoded
from planwatch.model import Document, InputError

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_P, _TBL, _TR, _TC, _R = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}r"
_T, _TAB, _PTAB, _BR, _CR = f"{W}t", f"{W}tab", f"{W}ptab", f"{W}br", f"{W}cr"
_NO_BREAK_HYPHEN = f"{W}noBreakHyphen"
_TXBX = f"{W}txbxContent"
_SDT, _SDT_CONTENT, _CUSTOM_XML = f"{W}sdt", f"{W}sdtContent", f"{W}customXml"
_INS, _DEL, _MOVE_TO, _MOVE_FROM = f"{W}ins", f"{W}del", f"{W}moveTo", f"{W}moveFrom"
_VAL, _TYPE = f"{W}val", f"{W}type"

# Subtrees whose text a reader of the document does not see: properties (their w:tab elements are
# tab stops, not tabs), deleted or moved-away revisions, field instructions, and the VML fallback
# copy of every modern text box.
_SKIP = frozenset(
    {
        f"{W}pPr",
        f"{W}rPr",
        f"{W}tblPr",
        f"{W}trPr",
        f"{W}tcPr",
        _DEL,
        _MOVE_FROM,
        f"{W}instrText",
        f"{W}delText",
        f"{W}delInstrText",
        f"{W}fldData",
        f"{MC}Fallback",
    }
)
# Block-level wrappers whose children belong to the body as if unwrapped.
_TRANSPARENT = frozenset({_CUSTOM_XML, _INS, _MOVE_TO})

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_FALSE = ("0", "false", "off")


def _val(el: Any, path: str) -> str | None:
    found = el.find(path)
    if found is None:
        return None
    value = found.get(_VAL)
    return None if value is None else str(value)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _on(el: Any | None) -> bool:
    """An OOXML on/off property: present and not explicitly switched off."""
    return el is not None and el.get(_VAL) not in _FALSE


class _Styles:
    """Paragraph styles by id, with heading level and list numbering resolved along ``basedOn``."""

    def __init__(self, root: Any | None) -> None:
        self._by_id: dict[str, Any] = {}
        self.default: str | None = None
        self._levels: dict[str, int | None] = {}
        if root is None:
            return
        for style in root.findall(f"{W}style"):
            if style.get(_TYPE, "paragraph") != "paragraph":
                continue
            style_id = str(style.get(f"{W}styleId"))
            self._by_id[style_id] = style
            if style.get(f"{W}default") in ("1", "true", "on"):
                self.default = style_id

    def _chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id in self._by_id and style_id not in seen:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            style_id = _val(style, f"{W}basedOn")

    def heading_level(self, style_id: str | None) -> int | None:
        if style_id is None:
            return None
        if style_id not in self._levels:
            self._levels[style_id] = self._resolve_level(style_id)
        return self._levels[style_id]

    def _resolve_level(self, style_id: str) -> int | None:
        for style in self._chain(style_id):
            match = _HEADING_NAME.match((_val(style, f"{W}name") or "").strip())
            if match:
                return int(match.group(1))
            outline = _val(style, f"{W}pPr/{W}outlineLvl")
            if outline is not None:
                value = _int(outline, 9)
                return value + 1 if 0 <= value < 9 else None
        return None

    def numbering(self, style_id: str | None) -> tuple[str, int | None] | None:
        for style in self._chain(style_id):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                num_id = _val(num_pr, f"{W}numId")
                if num_id is None:
                    return None
                ilvl = _val(num_pr, f"{W}ilvl")
                return num_id, (_int(ilvl, 0) if ilvl is not None else None)
        return None


class _DocxReader:
    def __init__(self, document: Any) -> None:
        self.builder = TextBuilder()
        self.styles = _Styles(document.styles.element)
        try:
            numbering_el = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering_el = None
        self.numbering = Numbering.from_part(numbering_el)

    def body(self, container: Any) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
            elif tag == _TBL:
                self.table(child)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.body(content)
            elif tag in _TRANSPARENT:
                self.body(child)

    def _style_id(self, p_pr: Any | None) -> str | None:
        style_id = None if p_pr is None else _val(p_pr, f"{W}pStyle")
        return style_id or self.styles.default

    def _label(self, p: Any) -> str:
        p_pr = p.find(f"{W}pPr")
        style_id = self._style_id(p_pr)
        num_pr = None if p_pr is None else p_pr.find(f"{W}numPr")
        if num_pr is not None and _val(num_pr, f"{W}numId") is not None:
            num_id = _val(num_pr, f"{W}numId") or "0"
            ilvl_text = _val(num_pr, f"{W}ilvl")
            ilvl: int | None = _int(ilvl_text, 0) if ilvl_text is not None else None
        else:
            from_style = self.styles.numbering(style_id)
            if from_style is None:
                return ""
            num_id, ilvl = from_style
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style_id or "")
        return self.numbering.label(num_id, ilvl)

    def _heading_level(self, p: Any) -> int | None:
        p_pr = p.find(f"{W}pPr")
        if p_pr is not None:
            outline = _val(p_pr, f"{W}outlineLvl")
            if outline is not None:
                # Direct formatting wins over the style, including an explicit "body text" (9).
                value = _int(outline, 9)
                return value + 1 if 0 <= value < 9 else None
        return self.styles.heading_level(self._style_id(p_pr))

    def _runs(self, el: Any, out: list[str], boxes: list[Any]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _T:
                out.append(child.text or "")
            elif tag in (_TAB, _PTAB):
                out.append("\t")
            elif tag in (_BR, _CR):
                if child.get(_TYPE) in (None, "textWrapping"):
                    out.append("\n")
            elif tag == _NO_BREAK_HYPHEN:
                out.append("-")
            elif tag == _TXBX:
                boxes.append(child)
            elif tag == _R:
                r_pr = child.find(f"{W}rPr")
                if r_pr is not None and _on(r_pr.find(f"{W}vanish")):
                    continue
                self._runs(child, out, boxes)
            else:
                self._runs(child, out, boxes)

    def paragraph_text(self, p: Any, boxes: list[Any]) -> str:
        out = [self._label(p)]
        self._runs(p, out, boxes)
        return "".join(out)

    def paragraph(self, p: Any) -> None:
        boxes: list[Any] = []
        text = self.paragraph_text(p, boxes)
        level = self._heading_level(p)
        self.builder.add_block(text, "heading" if level is not None else "paragraph", level)
        # A text box is drawn beside its anchor paragraph; its content reads best right after it.
        for box in boxes:
            self.body(box)

    def _paragraphs(self, el: Any) -> Iterator[Any]:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _P:
                yield child
            else:
                yield from self._paragraphs(child)

    def _cell_text(self, tc: Any) -> str:
        parts = []
        for p in self._paragraphs(tc):
            text = self.paragraph_text(p, []).strip()
            if text:
                parts.append(text)
        return " ".join(parts)

    @staticmethod
    def _children(el: Any, tag: str) -> list[Any]:
        """Direct children with ``tag``, looking through content controls and custom XML wrappers."""
        found: list[Any] = []
        for child in el:
            if child.tag == tag:
                found.append(child)
            elif child.tag == _CUSTOM_XML:
                found.extend(_DocxReader._children(child, tag))
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    found.extend(_DocxReader._children(content, tag))
        return found

    def table(self, tbl: Any) -> None:
        rows_xml = [(tr, self._children(tr, _TC)) for tr in self._children(tbl, _TR)]
        if len(rows_xml) == 1 and len(rows_xml[0][1]) == 1:
            # A one-cell table is a frame around text (a 专栏 box), not tabular data.
            self.body(rows_xml[0][1][0])
            return
        rows: list[list[str]] = []
        for tr, cells in rows_xml:
            row: list[str] = [""] * _int(_val(tr, f"{W}trPr/{W}gridBefore"), 0)
            for tc in cells:
                span = max(1, min(_int(_val(tc, f"{W}tcPr/{W}gridSpan"), 1), 1000))
                v_merge = tc.find(f"{W}tcPr/{W}vMerge")
                continued = v_merge is not None and v_merge.get(_VAL) in (None, "continue")
                # Merged areas keep their text in the first cell only; the others stay empty, so
                # every row has one entry per grid column and no text is counted twice.
                row.append("" if continued else self._cell_text(tc))
                row.extend([""] * (span - 1))
            row.extend([""] * _int(_val(tr, f"{W}trPr/{W}gridAfter"), 0))
            rows.append(row)
        self.builder.add_table(rows)


def _title(document: Any) -> str | None:
    try:
        title = document.core_properties.title
    except Exception:  # a broken docProps/core.xml costs the title, not the document
        return None
    title = (title or "").strip()
    return title or None


def read_docx(data: bytes, source: str, *, decoded: Decoded | None = None) -> Document:
    import docx

    kind = "Word 文档（docx）"
    try:
        document = docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "content type" in str(exc):
            raise errors.unsupported(
                "Word 模板或启用宏的文档（dotx/docm），不是普通的 docx 文档",
                source,
                "请用 Word 或 WPS 打开后“另存为”.docx 格式再导入",
            ) from exc
        raise errors.corrupt(kind, source) from exc
    except Exception as exc:
        raise errors.corrupt(kind, source) from exc

    warnings: list[str] = []
    try:
        reader = _DocxReader(document)
        body = document.element.body
        reader.body(body)
        if body.find(f".//{_DEL}") is not None or body.find(f".//{_INS}") is not None:
            warnings.append("文档中有未处理的修订（修订模式下的增删），已按“接受全部修订”后的文字读取")
    except InputError:
        raise
    except Exception as exc:
        raise errors.corrupt(kind, source) from exc
    if not reader.builder:
        raise errors.no_text(source, "Word 文档")
    return make_document(
        data,
        source,
        "docx",
        reader.builder.text,
        reader.builder.blocks,
        tables=reader.builder.tables,
        title=_title(document),
        warnings=warnings,
    )
