"""The article reader's HTML: a node's text with its sentences and highlighted items, and the
outline beside it (kept per process: it is the same for every reader of a node of a version)."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Any

from markupsafe import Markup

from planwatch.web.highlight import ITEM, SENTENCE, Span, paragraphs, render
from planwatch.web.templating import templates


def reader_html(data: dict[str, Any]) -> Markup:
    """The node's text as HTML: paragraphs, sentences (id ``s-{start}``) and one ``<mark>`` per item
    (id ``q-3`` / ``g-1`` / ``e-12``). Offsets in ids are document offsets, so a link made from any
    item's or sentence's ``start`` lands on it; an item not starting a sentence gets an empty anchor
    ``s-{start}`` of its own for the same reason."""
    base = data.get("offset", data["node"]["start"])
    text = data["text"]
    spans = [Span(s.start - base, s.end - base, s.tag, s.layer) for s in paragraphs(text, base)]
    sentence_starts = set()
    for s in data["sentences"]:
        sentence_starts.add(s["start"])
        spans.append(
            Span(
                s["start"] - base, s["end"] - base, "span", SENTENCE, {"class": "s", "id": f"s-{s['start']}"}
            )
        )
    seen: set[tuple[str, str, int, int]] = set()
    anchors: dict[int, str] = {}
    for item in [*data["quantities"], *data["entities"], *data["goals"]]:
        key = (item["kind"], item["text"], item["start"], item["end"])
        if key in seen and item["ref"].startswith("e-"):
            continue  # the same entity found twice over the same words: one mark
        seen.add(key)
        css = f"hl {item['kind']}"
        label = f"{item['kind_name']}：{item['text']}"
        spans.append(
            Span(
                item["start"] - base,
                item["end"] - base,
                "mark",
                ITEM,
                {
                    "class": css,
                    "id": item["ref"],
                    "tabindex": "0",
                    "data-kind": item["kind"],
                    "data-detail": item["detail"],
                    "title": label,
                },
                {"class": css, "data-kind": item["kind"], "data-detail": item["detail"], "title": label},
            )
        )
        if item["start"] not in sentence_starts:
            anchors.setdefault(item["start"] - base, f"s-{item['start']}")
    return render(text, spans, sorted(anchors.items()))


# The outline (大纲) beside the text is the same for every reader of a node of a stored version, and
# rendering its ~100 nested entries took most of the page's time: kept per process, by the version's
# identity and content and the node it is opened at.
_TOCS: OrderedDict[tuple[Any, ...], Markup] = OrderedDict()
_TOCS_MAX = 512
_TOCS_LOCK = Lock()


def toc_html(data: dict[str, Any], open_ids: set[str]) -> Markup:
    v = data["version"]
    key = (data["plan"]["id"], v["id"], v["sha256"], v["created_at"], data["node"]["id"])
    with _TOCS_LOCK:
        html = _TOCS.get(key)
        if html is not None:
            _TOCS.move_to_end(key)
            return html
    tree = templates.env.get_template("_macros.html").module.tree  # type: ignore[attr-defined]
    html = Markup(tree(data["outline"], data["plan"]["id"], data["node"]["id"], open_ids))
    with _TOCS_LOCK:
        _TOCS[key] = html
        while len(_TOCS) > _TOCS_MAX:
            _TOCS.popitem(last=False)
    return html
