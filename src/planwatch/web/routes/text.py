"""规划文本: the outline and the article reader with every extracted item highlighted, and the
details of one item (a side panel fragment for htmx, a page of its own otherwise)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from planwatch.services.views import text as views
from planwatch.services.views.common import KIND_NAMES
from planwatch.web import links
from planwatch.web.htmx import is_htmx
from planwatch.web.params import DB, Config, Version
from planwatch.web.reader import reader_html, toc_html
from planwatch.web.schemas.text import ItemPage, NodePage
from planwatch.web.twin import Area

area = Area("plans")


def _linked(data: dict[str, Any]) -> dict[str, Any]:
    pid = data["plan"]["id"]
    return {**data, **{k: links.items(pid, data[k]) for k in ("quantities", "entities", "goals")}}


def _reader(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for item in [*data["quantities"], *data["entities"], *data["goals"]]:
        counts[item["kind"]] = counts.get(item["kind"], 0) + 1
    return {
        "html": reader_html(data),
        "toc": toc_html(data, {p["id"] for p in data["path"]}),
        "counts": counts,
        "kind_names": KIND_NAMES,
    }


@area.page(
    "/plans/{plan}/text",
    template="text.html",
    active="text",
    context=_reader,
    model=NodePage,
    summary="规划全文及其中的抽取结果 / the whole text with its items",
)
def text(plan: str, session: DB, settings: Config, version: Version = None, page: int = 1) -> dict[str, Any]:
    return _linked(
        views.node_page(session, plan, None, version, page=page, page_chars=settings.text_page_chars)
    )


@area.page(
    "/plans/{plan}/text/{node}",
    api="/plans/{plan}/nodes/{node}",
    template="text.html",
    active="text",
    context=_reader,
    model=NodePage,
    summary="节点原文及其中的抽取结果 / one node with its text and items",
)
def node(
    plan: str, node: str, session: DB, settings: Config, version: Version = None, page: int = 1
) -> dict[str, Any]:
    return _linked(
        views.node_page(session, plan, node, version, page=page, page_chars=settings.text_page_chars)
    )


def _item_template(request: Request) -> str:
    return "_item_detail.html" if is_htmx(request) else "item.html"


@area.page(
    "/plans/{plan}/items/{kind}/{index}",
    template=_item_template,
    active="text",
    model=ItemPage,
    summary="一条抽取结果的详情及其出现位置 / one extracted item, where it and its namesakes appear",
)
def item(plan: str, kind: str, index: int, session: DB, version: Version = None) -> dict[str, Any]:
    data = views.item_page(session, plan, kind, index, version)
    pid = data["plan"]["id"]
    return {**data, "item": links.item(pid, data["item"]), "mentions": links.items(pid, data["mentions"])}
