"""规划文本: a node's (or the whole document's) text with every extracted item inside it and the
outline around it, and the details of one item with every place the same thing is mentioned."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from planwatch.export.rows import SUBTYPE_NAMES
from planwatch.model import Analysis, Entity, Goal, Node, NotFoundError, Quantity
from planwatch.model.cite import Citer
from planwatch.services.plans.records import find_node, load_plan
from planwatch.services.views.common import KIND_NAMES, distinct_entities, item_info, plan_info, version_info

DEFAULT_PAGE_CHARS = 100_000


def page_bounds(text: str, start: int, end: int, page_chars: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut into pages of about ``page_chars`` characters, each ending at a line end
    when there is one (a page never splits a paragraph it can keep whole)."""
    bounds = []
    at = start
    while at < end:
        stop = min(end, at + max(1, page_chars))
        if stop < end:
            line_end = text.rfind("\n", at + 1, stop)
            stop = line_end + 1 if line_end > at else stop
        bounds.append((at, stop))
        at = stop
    return bounds or [(start, end)]


def node_page(
    session: Session,
    plan_ref: str,
    node_ref: str | None,
    version: int | None = None,
    *,
    page: int = 1,
    page_chars: int = DEFAULT_PAGE_CHARS,
) -> dict[str, Any]:
    """One node (the whole document when ``node_ref`` is None): its text, sentences and every extracted
    item inside it, with the outline around it for the reader. Item spans index ``Document.text``
    (subtract ``offset`` for offsets into ``text``); each item has an ``index`` into the plan's
    list of its kind, an anchor ``ref`` (q-3, g-1, e-12) and its ``cite``.

    A node longer than ``page_chars`` comes a page at a time (``page`` from 1; ``pages`` says how
    many), so a reader of a long document gets a page of bounded size, not megabytes."""
    view = load_plan(session, plan_ref, version)
    a = view.analysis
    cite = Citer(a.outline)
    if node_ref is None:
        doc = a.document
        node_info: dict[str, Any] = {
            "id": None,
            "parent": None,
            "kind": "document",
            "label": "",
            "ordinal": None,
            "title": doc.title or view.plan.name,
            "start": 0,
            "end": len(doc.text),
            "depth": -1,
            "cite": "全文",
        }
        start, end = 0, len(doc.text)
        children = [asdict(n) for n in a.outline if n.parent is None]
        path: list[dict[str, Any]] = []
        prev = nxt = None
    else:
        node = find_node(a, node_ref)
        node_info = {**asdict(node), "cite": cite(node.id)}
        start, end = node.start, node.end
        children = [asdict(n) for n in a.outline if n.parent == node.id]
        path = _node_path(a, node)
        prev, nxt = _neighbours(a, node)

    bounds = page_bounds(a.document.text, start, end, page_chars)
    if not 1 <= page <= len(bounds):
        raise NotFoundError(f"没有第 {page} 页（共 {len(bounds)} 页）。", hint="请从第 1 页开始阅读。")
    start, end = bounds[page - 1]

    def inside(pos: int) -> bool:
        return start <= pos < end

    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "node": node_info,
        "children": children,
        "page": page,
        "pages": len(bounds),
        "offset": start,
        "text": a.document.text[start:end],
        "sentences": [asdict(s) for s in a.sentences if inside(s.start)],
        "quantities": [
            item_info("quantity", i, q, cite) for i, q in enumerate(a.quantities) if inside(q.start)
        ],
        "entities": [item_info("entity", i, e, cite) for i, e in enumerate(a.entities) if inside(e.start)],
        "goals": [item_info("goal", i, g, cite) for i, g in enumerate(a.goals) if inside(g.start)],
        "tasks": [{**asdict(t), "cite": cite(t.node)} for t in a.tasks if inside(t.start)],
        "path": path,
        "prev": prev,
        "next": nxt,
        "outline": outline_tree(a),
    }


def outline_tree(analysis: Analysis) -> list[dict[str, Any]]:
    """The outline as nested nodes (parts → articles → items), for the reader's table of contents."""
    cite = Citer(analysis.outline)
    made: dict[str, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for n in analysis.outline:
        entry = {
            "id": n.id,
            "kind": n.kind,
            "label": n.label,
            "title": n.title,
            "cite": cite(n.id),
            "children": [],
        }
        made[n.id] = entry
        parent = made.get(n.parent) if n.parent else None
        (parent["children"] if parent is not None else roots).append(entry)
    return roots


def _node_path(analysis: Analysis, node: Node) -> list[dict[str, Any]]:
    by_id = {n.id: n for n in analysis.outline}
    cite = Citer(analysis.outline)
    chain: list[Node] = []
    cur: Node | None = node
    while cur is not None and cur not in chain:
        chain.append(cur)
        cur = by_id.get(cur.parent) if cur.parent else None
    return [{"id": n.id, "label": n.label, "title": n.title, "cite": cite(n.id)} for n in reversed(chain)]


def _neighbours(analysis: Analysis, node: Node) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    same = [n for n in analysis.outline if n.kind == node.kind]
    cite = Citer(analysis.outline)
    at = next((i for i, n in enumerate(same) if n.id == node.id), None)
    if at is None:
        return None, None

    def info(n: Node) -> dict[str, Any]:
        return {"id": n.id, "label": n.label, "title": n.title, "cite": cite(n.id)}

    return (info(same[at - 1]) if at > 0 else None, info(same[at + 1]) if at + 1 < len(same) else None)


def _item_at(analysis: Analysis, kind: str, index: int) -> tuple[str, Quantity | Goal | Entity]:
    """The item ``kind``/``index`` of the reader's links: quantity/3, goal/1, project/12 (an index
    into all entities, whatever their kind; ``entity/12`` works too)."""
    items: tuple[Quantity | Goal | Entity, ...]
    if kind in ("quantity", "goal"):
        group = kind
        items = analysis.quantities if kind == "quantity" else analysis.goals
    elif kind == "entity" or kind in KIND_NAMES:
        group = "entity"
        items = analysis.entities
    else:
        raise NotFoundError(
            f"没有“{kind}”这类抽取结果。",
            hint="类别可为 quantity、goal、project、organization、place、formulation。",
        )
    if not 0 <= index < len(items):
        raise NotFoundError(f"没有编号为 {index} 的{KIND_NAMES.get(kind, '抽取结果')}。")
    item = items[index]
    if isinstance(item, Entity) and kind not in ("entity", item.kind):
        raise NotFoundError(
            f"编号 {index} 是{KIND_NAMES.get(item.kind, item.kind)}，不是{KIND_NAMES.get(kind, kind)}。"
        )
    return group, item


def _same_items(analysis: Analysis, group: str, item: Quantity | Goal | Entity) -> list[tuple[int, Any]]:
    """Where the same thing appears: an entity by kind and name, a quantity by what it measures."""
    if isinstance(item, Entity):
        return [(i, e) for i, e in distinct_entities(analysis) if e.kind == item.kind and e.text == item.text]
    if isinstance(item, Quantity):
        if item.subject:
            return [
                (i, q)
                for i, q in enumerate(analysis.quantities)
                if q.subject == item.subject and q.unit == item.unit
            ]
        return [(i, q) for i, q in enumerate(analysis.quantities) if q.text == item.text]
    return [(i, g) for i, g in enumerate(analysis.goals) if g.text == item.text]


def item_page(
    session: Session, plan_ref: str, kind: str, index: int, version: int | None = None
) -> dict[str, Any]:
    """One highlighted item: what it is, the sentence it was read from, and every place the same
    thing is mentioned (with links back into the text)."""
    view = load_plan(session, plan_ref, version)
    a = view.analysis
    group, item = _item_at(a, kind, index)
    cite = Citer(a.outline)
    mentions = _same_items(a, group, item)
    # A duplicate found over the same words is not highlighted itself: point at the one that is.
    canon = next(
        (i for i, m in mentions if (m.start, m.end) == (item.start, item.end)),
        index,
    )
    data = item_info(group, canon, item, cite)
    data["index"] = index
    sentence = next((s for s in a.sentences if s.start <= item.start < s.end), None)
    node = a.node(item.node)
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "item": data,
        "subtype_name": SUBTYPE_NAMES.get(item.subtype or "", item.subtype or "")
        if isinstance(item, Entity)
        else "",
        "node": {"id": item.node, "title": node.title if node else "", "cite": cite(item.node)},
        "sentence": {
            "start": sentence.start,
            "end": sentence.end,
            "text": a.document.text[sentence.start : sentence.end],
        }
        if sentence
        else None,
        "mentions": [{**item_info(group, i, m, cite), "current": i == canon} for i, m in mentions],
        "articles": list(dict.fromkeys(cite(m.node) for _, m in mentions)),
    }
