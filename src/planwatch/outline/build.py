"""Build the outline tree of a document from its paragraphs.

The tree is built with a stack of open nodes ordered by scheme rank (see ``schemes``). A numbered
marker only counts as a heading when its ordinal continues the sequence (1, or previous + 1 under
the same parent, or previous + 1 of the same scheme anywhere: Dalian-style articles are numbered
straight through the parts), which keeps list-like sentences from being taken for headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch.ingest.fast_construct import maker
from planwatch.model import Document, Node
from planwatch.model.fold import fold
from planwatch.outline.paragraphs import Paragraph, paragraphs
from planwatch.outline.schemes import (
    BOX,
    CHAPTER,
    CN,
    HEADING_STYLE_RANK,
    LEAD,
    NUM,
    PAREN_CN,
    PAREN_NUM,
    SECTION,
    VOLUME,
    Marker,
    Scheme,
    match_marker,
)

_TITLE_END = re.compile(r"[。!?]")
_SENTENCE_MARK = re.compile(r"[。!?:;]")
_DATE_LEAD = re.compile(r"^——.*\d{4}年.*日")
_CLOSING_CUE = re.compile(
    r"团结在以.{0,30}为核心的党中央周围|让我们|为.{0,60}而(?:团结|努力|不懈)*奋斗[!。]?$"
)
_INTERJECTION = re.compile(r"^.{1,10}[!:]$")
# a speech turns to its audience at the close (各位代表！… / 各位代表，完成今年目标任务…): after the
# last heading such an address ends the numbered programme, whatever follows it
_ADDRESS = re.compile(r"(?:各位代表|各位委员|代表们|同志们)[!,:]")
# a paragraph opening on the government's own conduct after the programme (进一步加强政府自身建设，…)
_SELF_BUILDING = re.compile(r"[^。!?;:,]{0,6}加强(?:政府)?自身建设[,。]")
# back matter after the body (附件1, 附表2：…, 附录, 名词解释): its own numbering restarts at 一、/1.
_BACK_MATTER = re.compile(
    r"^(?:(?P<label>(?:附件|附表|附录)[ \t]*[0-9一二三四五六七八九十]{0,3})[ \t]*[:]?[ \t]*(?P<title>[^。!?;]{0,40})"
    r"|(?P<glossary>名词解释|名词注释|名词术语解释|术语解释|注释)[ \t]*:?)$"
)
_APPENDIX_SCHEME = Scheme("appendix", 0.5, re.compile(r""), ordered=False)
_STRUCTURAL = {VOLUME.name, CHAPTER.name, SECTION.name, "heading"}
_HEADING_SCHEME = Scheme("heading", HEADING_STYLE_RANK, re.compile(r""), ordered=False)
# a plain-text line standing alone as a part title, printed without a number (some reports set their
# parts apart by type size only, which plain text loses): one rank with the 一、 parts it replaces
_BARE_SCHEME = Scheme("bare", CN.rank, re.compile(r""), ordered=False)
_BARE_MAX_CHARS = 40
_BARE_MIN_BODY_CHARS = 200
_BARE_BREAK = re.compile(r"[。!?;:,，、]")

# the number-only label of "一、" and "1." drops the enumeration mark, as printed labels go
_LABEL_TAIL = "、.．"


@dataclass
class _Rec:
    scheme: Scheme
    ordinal: int | None
    label: str
    title: str
    start: int
    end: int
    parent: _Rec | None
    children: list[_Rec] = field(default_factory=list)
    last_ordinal: dict[str, int] = field(default_factory=dict)
    kind: str = ""
    id: str = ""


@dataclass(frozen=True, slots=True)
class Assignment:
    """A paragraph's body (label skipped) and the node it belongs to; sentences are cut from these."""

    node: str
    start: int
    end: int
    kind: str


_Assignment = maker(Assignment)
_Node = maker(Node)


@dataclass(frozen=True, slots=True)
class OutlineResult:
    nodes: tuple[Node, ...]
    assignments: tuple[Assignment, ...]
    warnings: tuple[str, ...]


def _title(folded: str, text: str, start: int, end: int) -> str:
    m = _TITLE_END.search(folded, start, end)
    stop = m.start() if m else end
    return text[start:stop].strip().rstrip(":：")


def _is_meta_line(folded: str) -> bool:
    """Lines after a title that belong to its block: adoption line, date lead, speaker."""
    if folded.startswith("(") and folded.endswith(")"):
        return True
    if _DATE_LEAD.match(folded):
        return True
    return len(folded) <= 40 and _SENTENCE_MARK.search(folded) is None and match_marker(folded) is None


def _title_zone(paras: list[Paragraph], folded: str) -> int:
    """Number of leading paragraphs that form the title block (0 when there is none)."""
    if not paras:
        return 0
    first = paras[0]
    head = folded[first.start : first.end]
    if first.kind == "table" or len(head) > 80 or _SENTENCE_MARK.search(head) or match_marker(head):
        return 0
    if (
        first.kind == "heading"
        and first.level is not None
        and any(p.kind == "heading" and p.level is not None and p.level <= first.level for p in paras[1:])
    ):
        return 0  # a styled heading with peers further on is the first section, not the title
    n = 1
    while (
        n < len(paras) and paras[n].kind != "table" and _is_meta_line(folded[paras[n].start : paras[n].end])
    ):
        n += 1
    return n


def _closing_start(paras: list[Paragraph], folded: str, last_heading: int, stop: int) -> int:
    """Index of the first paragraph of the closing after the last heading (``stop`` when there is
    none): the rallying end found by its cue (让我们…/团结在…周围/为…而奋斗), with the address or
    interjection (各位代表！) right before it."""
    for i in range(stop - 1, last_heading, -1):
        p = paras[i]
        if p.kind == "table" or not _CLOSING_CUE.search(folded, p.start, p.end):
            continue
        while i - 1 > last_heading and _INTERJECTION.match(folded[paras[i - 1].start : paras[i - 1].end]):
            i -= 1
        return i
    return stop


def _epilogue_start(paras: list[Paragraph], folded: str, last_heading: int, closing: int) -> int:
    """Index of the first paragraph of the epilogue, ``closing`` when there is none.

    Between the numbered programme and the rallying close a speech turns to its audience (各位代表！)
    and goes on with directives of its own: the government's own conduct, 民族/国防/港澳台/外交
    (“我们要…”). That passage opens at the first address after the last heading's own text, or at
    a paragraph that opens on the government's own conduct (进一步加强政府自身建设，…), which a
    report may print without an address. Paragraphs before it belong to the last section."""
    if closing >= len(paras):
        return closing  # no rallying close: nothing tells where the programme would end
    # the last heading's own text: its paragraph when the heading runs into it, else the next one
    head = paras[last_heading]
    stop = _TITLE_END.search(folded, head.start, head.end)
    runs_in = stop is not None and folded[stop.end() : head.end].strip() != ""
    for i in range(last_heading + (1 if runs_in else 2), closing):
        p = paras[i]
        if p.kind == "table":
            continue
        if _ADDRESS.match(folded, p.start, p.end) or _SELF_BUILDING.match(folded, p.start, p.end):
            return i
    return closing


def _back_matter_start(body: list[Paragraph], folded: str, markers: list[Marker | None]) -> int:
    """Index of the first back-matter heading (附件1, 名词解释 …), ``len(body)`` when there is none.

    Only after the outline has begun; and a heading amid the body (a 附表 printed after its chapter)
    is not back matter when the top-level numbering resumes after it, unless the closing came
    first: an appendix after the closing may restart 一、二、… and run past the body's last part."""
    first = next((i for i, m in enumerate(markers) if m is not None), None)
    if first is None:
        return len(body)
    closing_seen = False
    for i in range(first + 1, len(body)):
        p = body[i]
        if p.kind == "table":
            continue
        line = folded[p.start : p.end]
        if _BACK_MATTER.match(line) is None:
            closing_seen = closing_seen or _CLOSING_CUE.search(line) is not None
            continue
        if closing_seen or not _numbering_resumes(markers, i):
            return i
    return len(body)


def _numbering_resumes(markers: list[Marker | None], at: int) -> bool:
    before = [m for m in markers[:at] if m is not None and m.scheme.ordered and m.ordinal is not None]
    if not before:
        return False
    top = min(before, key=lambda m: m.scheme.rank).scheme
    last = max(m.ordinal or 0 for m in before if m.scheme is top)
    return any(m is not None and m.scheme is top and m.ordinal == last + 1 for m in markers[at + 1 :])


def _back_matter_marker(line: str, next_line: str | None) -> tuple[Marker, bool]:
    """The appendix marker of a back-matter heading, and whether the next line is its title
    (附件1 / 2026年省十件民生实事 printed on two lines)."""
    m = _BACK_MATTER.match(line)
    if m is None or m.group("glossary"):
        return Marker(_APPENDIX_SCHEME, None, 0, 0), False
    label_end = m.end("label")
    title_start = m.start("title")
    if m.group("title").strip() or next_line is None:
        return Marker(_APPENDIX_SCHEME, None, label_end, title_start), False
    nm = _BACK_MATTER.match(next_line)
    next_is_title = (
        len(next_line) <= _BARE_MAX_CHARS
        and _SENTENCE_MARK.search(next_line) is None
        and match_marker(next_line) is None
        and (nm is None or not nm.group("label"))
    )
    return Marker(_APPENDIX_SCHEME, None, label_end, title_start), next_is_title


def _accepts(
    scheme: Scheme,
    ordinal: int | None,
    parent: _Rec | None,
    roots_last: dict[str, int],
    global_last: dict[str, int],
) -> bool:
    if not scheme.ordered or ordinal is None:
        return True
    last = (parent.last_ordinal if parent else roots_last).get(scheme.name)
    if last is not None:
        return ordinal == last + 1 or (scheme.rank >= NUM.rank and ordinal == 1)
    return ordinal == 1 or ordinal == global_last.get(scheme.name, 0) + 1


def _straight_through(roots: list[_Rec]) -> frozenset[str]:
    """The item schemes numbered straight through the parts (part 一、 holds 1. 2. 3., part 二、 goes
    on with 4. 5.): such numbers are articles, cited by their number across the whole document,
    where numbers that restart at 1 in each part are items of their part. Told by the numbering
    itself: some part's first number continues the previous part's last instead of restarting."""
    out: set[str] = set()
    last: dict[str, int] = {}
    for part in roots:
        if _kind_and_letter(part)[0] != "part":
            continue
        seen: set[str] = set()
        for child in part.children:
            name = child.scheme.name
            if child.scheme is not NUM or child.ordinal is None:
                continue
            if name not in seen and name in last and child.ordinal == last[name] + 1 and child.ordinal > 1:
                out.add(name)
            seen.add(name)
            last[name] = child.ordinal
    return frozenset(out)


def _kind_and_letter(rec: _Rec, straight: frozenset[str] = frozenset()) -> tuple[str, str]:
    s = rec.scheme
    parent = rec.parent
    parent_kind = parent.kind if parent else None
    if s is VOLUME:
        return "part", "p"
    if s is CHAPTER:
        return "chapter", "c"
    if s is SECTION:
        return "section", "s"
    if s is _HEADING_SCHEME:
        return "section", "h"
    if s is BOX:
        return "box", "b"
    if s is _APPENDIX_SCHEME:
        return "appendix", "x"
    if s is LEAD:
        return "item", "d"
    if s is _BARE_SCHEME and parent is None:
        return "part", "p"
    if s is CN and parent is None:
        return "part", "p"
    if s is PAREN_CN and parent_kind in (None, "part"):
        return "section", "s"
    if s is PAREN_NUM and parent_kind in (None, "part"):
        return "article", "a"
    if s.name in straight and parent_kind == "part":
        return "article", "a"
    if s is NUM and parent is None:
        return "section", "s"
    return "item", "i"


def build_outline(document: Document, folded: str | None = None) -> OutlineResult:
    text = document.text
    if folded is None:
        folded = fold(text)
    paras = paragraphs(document)
    n_title = _title_zone(paras, folded)
    body = paras[n_title:]
    markers, n_back, title_lines = _markers(body, folded)
    tree = _Tree(text, folded, body, title_lines, n_back)
    for i, (p, marker) in enumerate(zip(body, markers, strict=True)):
        tree.add(i, p, marker)

    nodes: list[Node] = []
    assignments: list[Assignment] = []
    if n_title:
        t0, t1 = paras[0], paras[n_title - 1]
        nodes.append(
            _Node("title", None, "title", "", None, text[t0.start : t0.end].strip(), t0.start, t1.end)
        )
        for p in paras[:n_title]:
            assignments.append(_Assignment("title", p.start, p.end, p.kind))
    if tree.first_heading is None:
        return _unstructured(text, folded, body, nodes, assignments)

    n_closing = n_epilogue = n_back
    if tree.first_heading < n_back:
        n_closing = _closing_start(body, folded, tree.last_heading, n_back)
        n_epilogue = _epilogue_start(body, folded, tree.last_heading, n_closing)
    node_of_para: list[str] = [""] * len(body)
    if tree.first_heading > 0:
        pre = body[: tree.first_heading]
        nodes.append(_passage_node("preamble", _title(folded, text, pre[0].start, pre[0].end)[:60], pre))
        node_of_para[: tree.first_heading] = ["preamble"] * tree.first_heading
    if n_epilogue < n_back:
        tree.leave_tail(n_epilogue)
    _emit_tree(tree.roots, nodes)
    if n_epilogue < n_closing:
        # no printed title: the passage is cited by its kind (其他部署)
        nodes.append(_passage_node("epilogue", "", body[n_epilogue:n_closing]))
        node_of_para[n_epilogue:n_closing] = ["epilogue"] * (n_closing - n_epilogue)
    if n_closing < n_back:
        c0 = body[n_closing]
        nodes.append(
            _passage_node("closing", _title(folded, text, c0.start, c0.end)[:60], body[n_closing:n_back])
        )
        node_of_para[n_closing:n_back] = ["closing"] * (n_back - n_closing)

    for j, p in enumerate(body):
        rec_j = tree.owner[j]
        node_id = node_of_para[j] or (rec_j.id if rec_j is not None else "preamble")
        assignments.append(_Assignment(node_id, tree.body_starts[j], p.end, p.kind))
    nodes.sort(key=lambda n: (n.start, n.depth))
    return OutlineResult(tuple(nodes), tuple(assignments), ())


def _markers(body: list[Paragraph], folded: str) -> tuple[list[Marker | None], int, set[int]]:
    """Which paragraphs are headings, and of what scheme; where the back matter (附件) begins; the
    lines after a bare 附件1 that hold its title."""
    markers: list[Marker | None] = []
    for p in body:
        if p.kind == "table":
            markers.append(None)
            continue
        m = match_marker(folded[p.start : p.end])
        if m is None and p.kind == "heading":
            m = Marker(_HEADING_SCHEME, None, 0, 0)
        markers.append(m)

    _mark_bare_headings(body, folded, markers)

    n_back = _back_matter_start(body, folded, markers)
    title_lines: set[int] = set()
    for i in range(n_back, len(body)):
        line = folded[body[i].start : body[i].end]
        if body[i].kind == "table" or i in title_lines or _BACK_MATTER.match(line) is None:
            continue
        nxt = folded[body[i + 1].start : body[i + 1].end] if i + 1 < len(body) else None
        markers[i], next_is_title = _back_matter_marker(line, nxt)
        if next_is_title:
            title_lines.add(i + 1)
            markers[i + 1] = None
    return markers, n_back, title_lines


class _Tree:
    """The heading tree built paragraph by paragraph, and the node that owns each paragraph."""

    def __init__(
        self, text: str, folded: str, body: list[Paragraph], title_lines: set[int], n_back: int
    ) -> None:
        self.text, self.folded, self.body = text, folded, body
        self.title_lines = title_lines
        self.n_back = n_back
        self.roots: list[_Rec] = []
        self.roots_last: dict[str, int] = {}
        self.global_last: dict[str, int] = {}
        self.stack: list[_Rec] = []
        self.owner: list[_Rec | None] = []  # per body paragraph
        self.body_starts: list[int] = []  # per body paragraph: where its own text begins (after a label)
        self.first_heading: int | None = None
        self.last_heading = -1

    def add(self, i: int, p: Paragraph, marker: Marker | None) -> None:
        if marker is None or not self._open(i, p, marker):
            # a lead line ("——…") owns only its own paragraph; what follows returns to its parent
            while self.stack and self.stack[-1].scheme is LEAD:
                self.stack.pop()
            # with nothing open (root-level lead lines), a paragraph stays with the last root node
            self.owner.append(self.stack[-1] if self.stack else (self.roots[-1] if self.roots else None))
            self.body_starts.append(p.start)
        rec_owner = self.owner[-1]
        while rec_owner is not None:
            rec_owner.end = max(rec_owner.end, p.end)
            rec_owner = rec_owner.parent

    def _open(self, i: int, p: Paragraph, marker: Marker) -> bool:
        """Open a node at heading ``marker`` if its numbering fits where it stands."""
        stack = self.stack
        depth = len(stack)
        while depth and stack[depth - 1].scheme.rank >= marker.scheme.rank:
            depth -= 1
        parent = stack[depth - 1] if depth else None
        if not _accepts(marker.scheme, marker.ordinal, parent, self.roots_last, self.global_last):
            return False
        del stack[depth:]
        rec = self._rec(i, p, marker, parent)
        (parent.children if parent else self.roots).append(rec)
        if marker.ordinal is not None and marker.scheme.ordered:
            (parent.last_ordinal if parent else self.roots_last)[marker.scheme.name] = marker.ordinal
            self.global_last[marker.scheme.name] = marker.ordinal
        stack.append(rec)
        self.owner.append(rec)
        self.body_starts.append(p.start + marker.title_start)
        if self.first_heading is None:
            self.first_heading = i
        if i < self.n_back:
            self.last_heading = i
        return True

    def _rec(self, i: int, p: Paragraph, marker: Marker, parent: _Rec | None) -> _Rec:
        text = self.text
        label = text[p.start : p.start + marker.label_end]
        if marker.scheme in (CN, NUM):
            label = label.rstrip(_LABEL_TAIL)
        title = _title(self.folded, text, p.start + marker.title_start, p.end)
        if i + 1 in self.title_lines:
            title_para = self.body[i + 1]
            title = text[title_para.start : title_para.end].strip()
        return _Rec(
            scheme=marker.scheme,
            ordinal=marker.ordinal,
            label=label,
            title=title,
            start=p.start,
            end=p.end,
            parent=parent,
        )

    def leave_tail(self, n_epilogue: int) -> None:
        """Epilogue and closing paragraphs leave the nodes that swallowed them."""
        body = self.body
        tail_start = body[n_epilogue].start
        for rec in _walk(self.roots):
            if rec.start < tail_start < rec.end:
                rec.end = max(p.end for k, p in enumerate(body[:n_epilogue]) if _within(self.owner[k], rec))


def _unstructured(
    text: str, folded: str, body: list[Paragraph], nodes: list[Node], assignments: list[Assignment]
) -> OutlineResult:
    """No numbered heading anywhere: the whole body is one section."""
    warnings = ("未识别到大纲结构（如“一、”“（一）”“第一章”等编号），全文按一个部分导入。",)
    if body:
        nodes.append(
            _Node(
                "s1",
                None,
                "section",
                "",
                None,
                _title(folded, text, body[0].start, body[0].end),
                body[0].start,
                body[-1].end,
            )
        )
        for p in body:
            assignments.append(_Assignment("s1", p.start, p.end, p.kind))
    return OutlineResult(tuple(nodes), tuple(assignments), warnings)


def _passage_node(kind: str, title: str, paras: list[Paragraph]) -> Node:
    """A root node for a passage outside the heading tree (preamble, epilogue, closing)."""
    return _Node(kind, None, kind, "", None, title, paras[0].start, paras[-1].end)


def _emit_tree(roots: list[_Rec], nodes: list[Node]) -> None:
    """Give every node of the tree its id (parent id, kind letter, ordinal) and append it to ``nodes``."""
    used: set[str] = set()
    straight = _straight_through(roots)

    def emit(rec: _Rec, depth: int) -> None:
        rec.kind, letter = _kind_and_letter(rec, straight)
        prefix = f"{rec.parent.id}." if rec.parent else ""
        if rec.ordinal is not None and rec.scheme.ordered:
            ordinal = rec.ordinal
        else:
            siblings = rec.parent.children if rec.parent else roots
            ordinal = 1 + sum(
                1 for s in siblings[: siblings.index(rec)] if _kind_and_letter(s, straight)[1] == letter
            )
        node_id = f"{prefix}{letter}{ordinal}"
        n = 2
        while node_id in used:
            node_id = f"{prefix}{letter}{ordinal}_{n}"
            n += 1
        used.add(node_id)
        rec.id = node_id
        nodes.append(
            _Node(
                node_id,
                rec.parent.id if rec.parent else None,
                rec.kind,
                rec.label,
                ordinal,
                rec.title,
                rec.start,
                rec.end,
                depth,
            )
        )
        for child in rec.children:
            emit(child, depth + 1)

    for rec in roots:
        emit(rec, 0)


def _mark_bare_headings(body: list[Paragraph], folded: str, markers: list[Marker | None]) -> None:
    """Unnumbered part titles of a plain-text document whose sections are numbered (（一）…) but
    whose parts are not: short lines without sentence punctuation, each heading a long stretch of
    text that holds the numbered sections, as a part does. Only when nothing above the sections is
    numbered or styled, so documents with printed part numbers never change."""
    if any(m is not None and m.scheme.rank < PAREN_CN.rank for m in markers):
        return
    if not any(m is not None and m.scheme is PAREN_CN for m in markers):
        return
    candidates: list[int] = []
    for i, (p, m) in enumerate(zip(body, markers, strict=True)):
        if m is not None or p.kind != "paragraph" or i + 1 >= len(body):
            continue
        line = folded[p.start : p.end]
        if len(line) <= _BARE_MAX_CHARS and _BARE_BREAK.search(line) is None and " " not in line:
            candidates.append(i)
    # a title heads a long stretch up to the next title; short lines amid the preamble head nothing
    kept: list[int] = []
    for k, i in enumerate(candidates):
        stop = body[candidates[k + 1]].start if k + 1 < len(candidates) else body[-1].end
        if stop - body[i].end >= _BARE_MIN_BODY_CHARS:
            kept.append(i)
    if len(kept) < 2:
        return
    first_section = next(i for i, m in enumerate(markers) if m is not None and m.scheme is PAREN_CN)
    if first_section < kept[0]:
        return  # sections before the first title: the lines are not their parts
    for i in kept:
        markers[i] = Marker(_BARE_SCHEME, None, 0, 0)


def _walk(recs: list[_Rec]) -> list[_Rec]:
    out: list[_Rec] = []
    for r in recs:
        out.append(r)
        out.extend(_walk(r.children))
    return out


def _within(rec: _Rec | None, ancestor: _Rec) -> bool:
    while rec is not None:
        if rec is ancestor:
            return True
        rec = rec.parent
    return False
