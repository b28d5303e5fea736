"""What the pages show, as plain JSON-ready data: one function per page, used by the HTML page
and by its JSON twin alike (Datasette's "every page has a JSON twin")."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from planwatch.export import indicator_rows
from planwatch.export.rows import SUBTYPE_NAMES
from planwatch.model import (
    STATUS_NAMES,
    Analysis,
    Department,
    Entity,
    Goal,
    Node,
    NotFoundError,
    PlanInfo,
    Quantity,
    User,
    VersionInfo,
)
from planwatch.services import memo
from planwatch.services.catalogue.departments import catalogue_in_force, find_department
from planwatch.services.catalogue.plan import (
    after_import,
    catalogue_info,
    plan_catalogue,
    user_catalogue,
)
from planwatch.services.division.assignments import effective
from planwatch.services.plans.analyze import Progress, analyze_bytes
from planwatch.services.plans.cite import Citer
from planwatch.services.plans.lineage import lineage
from planwatch.services.plans.records import PlanView, find_node, import_analysis, list_plans, load_plan
from planwatch.settings import Settings
from planwatch.store.locks import lock_writes


def plan_info(plan: PlanInfo) -> dict[str, Any]:
    return {
        "id": plan.id,
        "name": plan.name,
        "title": plan.title,
        "created_at": plan.created_at.isoformat(),
        "versions": [version_info(v) for v in plan.versions],
    }


def version_info(v: VersionInfo) -> dict[str, Any]:
    d = asdict(v)
    d["created_at"] = v.created_at.isoformat()
    return d


def plans_page(session: Session) -> dict[str, Any]:
    return {"plans": [plan_info(p) for p in list_plans(session)]}


def _part_of(analysis: Analysis) -> dict[str, str]:
    """node id → the id of its top-level part (or itself)."""
    parent = {n.id: n.parent for n in analysis.outline}
    out: dict[str, str] = {}
    for n in analysis.outline:
        cur = n.id
        while parent.get(cur):
            cur = parent[cur] or cur
        out[n.id] = cur
    return out


def tasks_with_assignments(session: Session, view: PlanView, settings: Settings) -> list[dict[str, Any]]:
    """Every task with its effective assignment, citation and part, as the task table shows them.

    Computed once per change revision and shared (services.memo): do not mutate the rows; copy them."""
    return memo.cached(
        session,
        "tasks_with_assignments",
        (view.version.id, memo.settings_key(settings)),
        lambda: _tasks_with_assignments(session, view, settings),
        plan=view.plan.id,
    )


def _tasks_with_assignments(session: Session, view: PlanView, settings: Settings) -> list[dict[str, Any]]:
    analysis = view.analysis
    assigned = {a.task: a for a in effective(session, view).assignments}
    short = {d.name: d.short for d in plan_catalogue(session, settings, view)}
    cite = Citer(analysis.outline)
    part_of = _part_of(analysis)
    nodes = {n.id: n for n in analysis.outline}
    rows = []
    for t in analysis.tasks:
        a = assigned.get(t.id)
        part = nodes.get(part_of.get(t.node, ""))
        rows.append(
            {
                **asdict(t),
                "cite": cite(t.node),
                "part": part.id if part else None,
                "part_title": f"{part.label}、{part.title}"
                if part and part.kind == "part"
                else (part.title if part else ""),
                "lead": a.lead.department if a and a.lead else None,
                "lead_short": short.get(a.lead.department, a.lead.department) if a and a.lead else None,
                "lead_reason": a.lead.reason if a and a.lead else None,
                "cooperating": [u.department for u in a.cooperating] if a else [],
                "cooperating_short": [short.get(u.department, u.department) for u in a.cooperating]
                if a
                else [],
                "due": a.due if a else None,
                "due_reason": a.due_reason if a else None,
                "status": a.status if a else None,
                "status_name": STATUS_NAMES.get(a.status or "") if a else None,
                "status_reason": a.status_reason if a and a.status else None,
                "source": a.source if a else None,
                "decided_by": a.decided_by if a else None,
            }
        )
    return rows


def overview_page(
    session: Session, plan_ref: str, settings: Settings, version: int | None = None
) -> dict[str, Any]:
    """总览: counts, tasks by part and by lead unit, quantities, goals, major projects. Computed once
    per change revision and shared (services.memo): do not mutate it."""
    return memo.cached(
        session,
        "overview_page",
        (plan_ref, version, memo.settings_key(settings)),
        lambda: _overview_page(session, plan_ref, settings, version),
        plan=memo.plan_of(plan_ref),
    )


def _overview_page(
    session: Session, plan_ref: str, settings: Settings, version: int | None
) -> dict[str, Any]:
    view = load_plan(session, plan_ref, version)
    a = view.analysis
    kinds = Counter(n.kind for n in a.outline)
    tasks = tasks_with_assignments(session, view, settings)
    nodes = {n.id: n for n in a.outline}
    by_part: Counter[str] = Counter()
    for t in tasks:
        part = nodes.get(t["part"] or "")
        by_part[f"{part.label}、" if part and part.kind == "part" else (part.title if part else "其他")] += 1
    by_lead = Counter(t["lead_short"] or t["status_name"] or "未分配" for t in tasks)
    cite = Citer(a.outline)
    entity_counts = Counter(e.kind for e in a.entities)
    projects: dict[str, dict[str, Any]] = {}
    for e in a.entities:
        if e.kind == "project":
            p = projects.setdefault(
                e.text, {"text": e.text, "subtype": e.subtype, "where": [], "first": asdict(e)}
            )
            c = cite(e.node)
            if c not in p["where"]:
                p["where"].append(c)
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "lineage": lineage(session, str(view.plan.id)),
        "issuer": catalogue_info(session, settings, str(view.plan.id), view.version.number),
        "other_plans": [{"id": p.id, "name": p.name} for p in list_plans(session) if p.id != view.plan.id],
        "counts": {
            "parts": kinds.get("part", 0),
            "chapters": kinds.get("chapter", 0),
            "sections": kinds.get("section", 0),
            "articles": kinds.get("article", 0),
            "sentences": len(a.sentences),
            "tasks": len(a.tasks),
            "quantities": len(a.quantities),
            "goals": len(a.goals),
            "entities": dict(entity_counts),
            "characters": len(a.document.text),
        },
        "tasks_by_part": [{"part": k, "tasks": v} for k, v in by_part.items()],
        "tasks_by_lead": [{"department": k, "tasks": v} for k, v in by_lead.most_common()],
        "quantities": [{**asdict(q), "cite": cite(q.node)} for q in a.quantities],
        "goals": [{**asdict(g), "cite": cite(g.node)} for g in a.goals],
        "projects": list(projects.values()),
        "warnings": list(a.warnings),
    }


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

    pid = view.plan.id
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
            _item(pid, "quantity", i, q, cite) for i, q in enumerate(a.quantities) if inside(q.start)
        ],
        "entities": [_item(pid, "entity", i, e, cite) for i, e in enumerate(a.entities) if inside(e.start)],
        "goals": [_item(pid, "goal", i, g, cite) for i, g in enumerate(a.goals) if inside(g.start)],
        "tasks": [{**asdict(t), "cite": cite(t.node)} for t in a.tasks if inside(t.start)],
        "path": path,
        "prev": prev,
        "next": nxt,
        "outline": outline_tree(a),
    }


# ---------------------------------------------------------------------------------------------
# 规划文本, item details, 指标, 重大项目, 主体与地点, 提法, 任务分工, 导入 (pages 2, 3, 4 and 6)

KIND_NAMES: dict[str, str] = {
    "quantity": "数量指标",
    "goal": "目标",
    "project": "重大项目",
    "organization": "机构",
    "place": "地点",
    "formulation": "提法",
}
_REF_PREFIX = {"quantity": "q", "goal": "g", "entity": "e"}


def _entities(analysis: Analysis) -> list[tuple[int, Entity]]:
    """Entities with their index, the same entity found twice over the same words counted once."""
    seen: set[tuple[str, str, int, int]] = set()
    out = []
    for i, e in enumerate(analysis.entities):
        key = (e.kind, e.text, e.start, e.end)
        if key not in seen:
            seen.add(key)
            out.append((i, e))
    return out


def _sentence_starts(analysis: Analysis) -> dict[str, int]:
    return {s.id: s.start for s in analysis.sentences}


def _item(
    plan_id: int, group: str, index: int, item: Quantity | Goal | Entity, cite: Citer
) -> dict[str, Any]:
    """An extracted item as lists and the reader show it: its fields, kind, anchor, link."""
    kind = item.kind if isinstance(item, Entity) else group
    ref = f"{_REF_PREFIX[group]}-{index}"
    return {
        **asdict(item),
        "kind": kind,
        "kind_name": KIND_NAMES.get(kind, kind),
        "index": index,
        "ref": ref,
        "cite": cite(item.node),
        "href": f"/plans/{plan_id}/text/{item.node}#{ref}",
        "detail": f"/plans/{plan_id}/items/{kind}/{index}",
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
        return [(i, e) for i, e in _entities(analysis) if e.kind == item.kind and e.text == item.text]
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
    pid = view.plan.id
    mentions = _same_items(a, group, item)
    # A duplicate found over the same words is not highlighted itself: point at the one that is.
    canon = next(
        (i for i, m in mentions if (m.start, m.end) == (item.start, item.end)),
        index,
    )
    data = _item(pid, group, canon, item, cite)
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
        "mentions": [{**_item(pid, group, i, m, cite), "current": i == canon} for i, m in mentions],
        "articles": list(dict.fromkeys(cite(m.node) for _, m in mentions)),
    }


def indicators_page(session: Session, plan_ref: str, version: int | None = None) -> dict[str, Any]:
    """指标: the 主要指标表 rows, every quantity and every goal, each with where it appears."""
    view = load_plan(session, plan_ref, version)
    a = view.analysis
    cite = Citer(a.outline)
    pid = view.plan.id
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "indicator_table": [
            {
                **asdict(r),
                "places": [{"node": n, "cite": cite(n), "href": f"/plans/{pid}/text/{n}"} for n in r.nodes],
            }
            for r in indicator_rows(a)
        ],
        "quantities": [_item(pid, "quantity", i, q, cite) for i, q in enumerate(a.quantities)],
        "goals": [_item(pid, "goal", i, g, cite) for i, g in enumerate(a.goals)],
    }


def entities_page(
    session: Session, plan_ref: str, kinds: tuple[str, ...], version: int | None = None
) -> dict[str, Any]:
    """重大项目 / 主体与地点 / 提法: one entry per distinct name of each kind, in order of first
    appearance, with its definition (提法) and every place it is mentioned."""
    view = load_plan(session, plan_ref, version)
    a = view.analysis
    cite = Citer(a.outline)
    pid = view.plan.id
    groups: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in kinds}
    for i, e in _entities(a):
        if e.kind not in groups:
            continue
        entry = groups[e.kind].setdefault(
            e.text,
            {
                "name": e.text,
                "kind": e.kind,
                "kind_name": KIND_NAMES.get(e.kind, e.kind),
                "subtype": e.subtype,
                "subtype_name": SUBTYPE_NAMES.get(e.subtype or "", e.subtype or ""),
                "definition": None,
                "count": 0,
                "articles": [],
                "mentions": [],
            },
        )
        entry["count"] += 1
        entry["definition"] = entry["definition"] or e.definition
        entry["subtype"] = entry["subtype"] or e.subtype
        c = cite(e.node)
        if c not in entry["articles"]:
            entry["articles"].append(c)
        entry["mentions"].append(_item(pid, "entity", i, e, cite))
    return {
        "plan": plan_info(view.plan),
        "version": version_info(view.version),
        "kinds": [{"kind": k, "name": KIND_NAMES.get(k, k), "count": len(groups[k])} for k in kinds],
        "entities": {k: list(groups[k].values()) for k in kinds},
    }


def department_info(d: Department) -> dict[str, Any]:
    return asdict(d)


def departments_page(session: Session, settings: Settings) -> dict[str, Any]:
    """The department catalogue in force."""
    catalogue = catalogue_in_force(session, settings)
    return {
        "city": catalogue.city,
        "count": len(catalogue),
        "departments": [department_info(d) for d in catalogue],
    }


def plan_departments(
    session: Session, settings: Settings, plan_ref: str, version: int | None = None
) -> list[dict[str, Any]]:
    """The units a person may pick for the plan's tasks: those of the catalogue the plan uses."""
    view = load_plan(session, plan_ref, version)
    return [department_info(d) for d in plan_catalogue(session, settings, view)]


def department_page(session: Session, settings: Settings, ref: str) -> dict[str, Any]:
    """One unit of the catalogue in force, by full name, short name or alias."""
    return department_info(find_department(catalogue_in_force(session, settings), ref))


def import_file(
    session: Session,
    settings: Settings,
    data: bytes,
    filename: str,
    user: User | str,
    name: str | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """导入: analyse an uploaded file and store it as a new version of a plan, in the caller's
    transaction (nothing remains when this raises). Identical bytes are reported, not stored again.
    The write lock is taken only once the analysis is done, so other writers wait for the short
    write, not for the analysis."""
    source = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "upload"
    analysis = analyze_bytes(data, source, settings, user_catalogue(session, settings), progress)
    if progress is not None:
        progress(90, "保存")
    # import_analysis writes the audit entry (who imported what) in this same transaction.
    lock_writes(session)
    result = import_analysis(session, analysis, (name or "").strip() or None, by=user, force=force)
    if not result.already_imported:
        after_import(session, settings, result.plan.id)
    return {
        "plan": plan_info(result.plan),
        "version": version_info(result.version),
        "already_imported": result.already_imported,
        "new_plan": result.new_plan,
        "warnings": list(analysis.warnings),
        "counts": {
            "characters": len(analysis.document.text),
            "nodes": len(analysis.outline),
            "sentences": len(analysis.sentences),
            "tasks": len(analysis.tasks),
            "quantities": len(analysis.quantities),
            "goals": len(analysis.goals),
            "entities": len(analysis.entities),
        },
    }
