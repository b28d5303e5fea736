"""规划文本: the outline and the article reader with every extracted item highlighted, and the
details of one item (a side panel fragment for htmx, a page of its own otherwise)."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from planwatch.services.views import plan as views
from planwatch.settings import Settings
from planwatch.web.deps import db_session, settings_of
from planwatch.web.highlight import ITEM, SENTENCE, Span, paragraphs, render
from planwatch.web.htmx import is_htmx
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]


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


def _reader(request: Request, plan: str, data: dict[str, Any], json_url: str) -> Response:
    open_ids = {p["id"] for p in data["path"]}
    counts: dict[str, int] = {}
    for item in [*data["quantities"], *data["entities"], *data["goals"]]:
        counts[item["kind"]] = counts.get(item["kind"], 0) + 1
    return templates.TemplateResponse(
        request,
        "text.html",
        {
            "data": data,
            "plan": data["plan"],
            "html": reader_html(data),
            "toc": toc_html(data, open_ids),
            "counts": counts,
            "kind_names": views.KIND_NAMES,
            "json_url": json_url,
            "active": "text",
        },
    )


@router.get("/plans/{plan}/text", response_class=HTMLResponse)
def document(
    request: Request, plan: str, session: DB, settings: Config, version: int | None = None, page: int = 1
) -> Response:
    data = views.node_page(session, plan, None, version, page=page, page_chars=settings.text_page_chars)
    return _reader(request, plan, data, f"/api/v1/plans/{plan}/text?page={page}")


@router.get("/plans/{plan}/text/{node}", response_class=HTMLResponse)
def node(
    request: Request,
    plan: str,
    node: str,
    session: DB,
    settings: Config,
    version: int | None = None,
    page: int = 1,
) -> Response:
    data = views.node_page(session, plan, node, version, page=page, page_chars=settings.text_page_chars)
    return _reader(request, plan, data, f"/api/v1/plans/{plan}/nodes/{node}?page={page}")


@router.get("/plans/{plan}/items/{kind}/{index}", response_class=HTMLResponse)
def item(
    request: Request, plan: str, kind: str, index: int, session: DB, version: int | None = None
) -> Response:
    data = views.item_page(session, plan, kind, index, version)
    context = {
        "data": data,
        "plan": data["plan"],
        "json_url": f"/api/v1/plans/{plan}/items/{kind}/{index}",
        "active": "text",
    }
    name = "_item_detail.html" if is_htmx(request) else "item.html"
    return templates.TemplateResponse(request, name, context)
