"""Document text as HTML with paragraphs, sentence anchors and highlighted items, built server-side.

Every character of the document passes through ``markupsafe.escape``: an uploaded file may hold
``<script>``, and it must reach the browser as text. Spans may overlap in any way (an entity inside a
quantity, two quantities over the same words, an item running across a sentence end); the builder
keeps the HTML well nested by closing the inner elements at a crossing and reopening them after it,
the reopened piece carrying no ``id`` so that every id stays unique.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

PARAGRAPH, SENTENCE, ITEM = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Span:
    """An element over ``[start, end)`` of the text. ``layer`` orders nesting: paragraphs hold
    sentences, sentences hold items. ``attrs`` go on the first opening only; ``again`` on the pieces
    after a split (no id there)."""

    start: int
    end: int
    tag: str
    layer: int
    attrs: Mapping[str, str] = field(default_factory=dict)
    again: Mapping[str, str] | None = None


def _open(span: Span, first: bool) -> str:
    attrs = span.attrs if first or span.again is None else span.again
    inner = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
    return f"<{span.tag}{inner}>"


def _anchor(ident: str) -> str:
    return f'<span class="pos" id="{escape(ident)}"></span>'


def render(text: str, spans: Iterable[Span], anchors: Iterable[tuple[int, str]] = ()) -> Markup:
    """``text`` as escaped HTML with ``spans`` as elements and ``anchors`` (offset, id) as empty
    targets. Offsets are relative to ``text``; spans outside it are clipped, empty ones dropped."""
    n = len(text)
    todo: list[tuple[int, int, Span]] = []
    for seq, s in enumerate(spans):
        start, end = max(0, s.start), min(n, s.end)
        if start < end:
            todo.append((seq, start, Span(start, end, s.tag, s.layer, s.attrs, s.again)))
    points: dict[int, list[str]] = {}
    for pos, ident in anchors:
        if 0 <= pos <= n:
            points.setdefault(pos, []).append(ident)

    starting: dict[int, list[tuple[int, Span]]] = {}
    bounds = {0, n, *points}
    for seq, start, s in todo:
        starting.setdefault(start, []).append((seq, s))
        bounds.add(start)
        bounds.add(s.end)
    order = sorted(bounds)

    out: list[str] = []
    stack: list[Span] = []
    for i, pos in enumerate(order):
        reopen: list[Span] = []
        # Close what ends here, and whatever is open above it (reopened below if it goes on).
        ending = [k for k, s in enumerate(stack) if s.end <= pos]
        if ending:
            for s in reversed(stack[ending[0] :]):
                out.append(f"</{s.tag}>")
                if s.end > pos:
                    reopen.append(s)
            del stack[ending[0] :]
            reopen.reverse()
        new = [s for _, s in sorted(starting.get(pos, ()), key=lambda p: p[0])]
        if new:
            # An outer element (a paragraph) cannot open inside an inner one (a mark): close the
            # inner ones first and reopen them inside.
            outer = min(s.layer for s in new)
            cut = next((k for k, s in enumerate(stack) if s.layer > outer), None)
            if cut is not None:
                for s in reversed(stack[cut:]):
                    out.append(f"</{s.tag}>")
                reopen = stack[cut:] + reopen
                del stack[cut:]
        firsts = {id(s) for s in new}
        opening = sorted([*reopen, *new], key=lambda s: (s.layer, -s.end, s.start))
        here = points.get(pos, ())
        for s in opening:
            if here and s.layer >= ITEM:
                out.extend(_anchor(ident) for ident in here)  # before the item, not inside it
                here = ()
            out.append(_open(s, id(s) in firsts))
            stack.append(s)
        out.extend(_anchor(ident) for ident in here)
        if i + 1 < len(order):
            out.append(str(escape(text[pos : order[i + 1]])))
    for s in reversed(stack):
        out.append(f"</{s.tag}>")
    return Markup("".join(out))


def paragraphs(text: str, base: int = 0) -> list[Span]:
    """One ``<p>`` per line of ``text`` (offsets shifted by ``base``); blank lines make none."""
    spans: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append(Span(base + pos, base + pos + len(line), "p", PARAGRAPH))
        pos += len(line) + 1
    return spans


def shifted(spans: Sequence[Span], by: int) -> list[Span]:
    return [Span(s.start - by, s.end - by, s.tag, s.layer, s.attrs, s.again) for s in spans]
