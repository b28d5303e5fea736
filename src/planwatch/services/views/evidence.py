"""Page data of 落实佐证 (issue 19): a plan's evidence sources, one source's matches, its text with
the matched sentences, and one task's timeline. The web pages, their JSON twins and
``planwatch evidence`` all read these; decisions and attaching live in ``services/evidence``.
Objects are named by their ids; the web layer makes the links (``web/routes/evidence.py``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from planwatch.compare.evidence_kind import milestones
from planwatch.compare.trace import phrases_of
from planwatch.model import InputError, NotFoundError, User
from planwatch.model.trace import DECISIONS, EVIDENCE_KINDS, StoredMatch, StoredSource
from planwatch.services.evidence.sources import evidence_page, match_info, source_info, stored_source
from planwatch.services.evidence.trace import traced_tasks
from planwatch.services.plans.records import PlanView, load_plan
from planwatch.services.views.progress import task_progress_page
from planwatch.services.views.task_rows import part_of
from planwatch.store.task_identity import TaskIndex
from planwatch.store.trace_evidence import EvidenceTraceRepository

KIND_NAMES = {"deployed": "部署", "reported": "报告", "mentioned": "提及"}
DECISION_NAMES = {"proposed": "待确认", "confirmed": "已确认", "dismissed": "已排除"}
PER_PAGE = 50
MAX_PER_PAGE = 500


def _plan(view: PlanView) -> dict[str, Any]:
    return {"id": view.plan.id, "name": view.plan.name, "title": view.plan.title}


def _source_row(s: StoredSource, matches: Sequence[StoredMatch]) -> dict[str, Any]:
    counts = dict.fromkeys(DECISIONS, 0)
    for m in matches:
        counts[m.decision] += 1
    return {
        **source_info(s),
        "sha256_short": s.sha256[:12],
        "added_at": s.added_at.isoformat() if s.added_at else None,
        "counts": {**counts, "total": len(matches)},
        "tasks": len({m.task_key for m in matches if m.decision != "dismissed"}),
    }


def sources_page(session: Session, plan_ref: str) -> dict[str, Any]:
    """The plan's sources with their match counts per decision, and how many tasks are taken up."""
    view = load_plan(session, plan_ref)
    repo = EvidenceTraceRepository(session)
    by_source: dict[int, list[StoredMatch]] = {}
    for m in repo.matches(view.plan.id):
        by_source.setdefault(m.source_id, []).append(m)
    cov = evidence_page(session, str(view.plan.id))["coverage"]
    return {
        "plan": _plan(view),
        "sources": [_source_row(s, by_source.get(s.id, ())) for s in repo.sources(view.plan.id)],
        "summary": {
            "total": cov["total"],
            "confirmed": cov["confirmed"],
            "proposed": cov["proposed"],
            "never_taken_up": len(cov["never_taken_up"]),
            "by_kind": cov["by_kind"],
        },
        "kinds": KIND_NAMES,
        "decisions": DECISION_NAMES,
    }


class _Tasks:
    """The plan's traced tasks, found again from a match's stored key and text (a newer version may
    have renumbered them), with the part each sits in."""

    def __init__(self, view: PlanView) -> None:
        tasks, _ = traced_tasks(view.analysis)
        self.index = TaskIndex(tasks)
        self.order = {t.id: k for k, t in enumerate(tasks)}
        nodes = {n.id: n for n in view.analysis.outline}
        top_of = part_of(view.analysis)
        self.part: dict[str, tuple[str | None, str]] = {}
        for t in view.analysis.tasks:  # the review part's too: their timeline page names the part
            part = nodes.get(top_of.get(t.node, ""))
            title = (
                f"{part.label}、{part.title}"
                if part and part.kind == "part"
                else (part.title if part else "")
            )
            self.part[t.id] = (part.id if part else None, title)
        self.phrases = phrases_of(view.analysis)

    def names_project(self, text: str) -> bool:
        return any(p in text for p in self.phrases)


def _match_row(m: StoredMatch, source: StoredSource, tasks: _Tasks) -> dict[str, Any]:
    task = tasks.index.match(m.task_key, m.task_text)
    return {
        **match_info(m),
        "task": task.id if task is not None else m.task_key,
        "task_text": m.task_text,
        "stale": task is None,
        "year": source.year,
        "source_name": source.name,
        "kind_name": KIND_NAMES.get(m.kind, m.kind),
        "decision_name": DECISION_NAMES.get(m.decision, m.decision),
        "milestones": list(milestones(m.sentence)) if tasks.names_project(m.task_text) else [],
    }


def match_row(session: Session, plan_ref: str, match_id: int) -> dict[str, Any]:
    """One match as the source page shows it (the row htmx swaps in after a decision)."""
    view = load_plan(session, plan_ref)
    repo = EvidenceTraceRepository(session)
    m = repo.match(match_id)
    if m is None or m.plan_id != view.plan.id:
        raise NotFoundError(
            f"规划“{view.plan.name}”没有编号为 {match_id} 的佐证匹配。", hint="请从该规划的佐证列表中选择。"
        )
    return _match_row(m, stored_source(session, view, m.source_id), _Tasks(view))


def _choice(value: str | None, allowed: Sequence[str], what: str) -> str | None:
    if value is None or value == "":
        return None
    if value not in allowed:
        raise InputError(f"{what}“{value}”无效。", hint=f"可选：{'、'.join(allowed)}，或留空（全部）。")
    return value


def source_page(
    session: Session,
    plan_ref: str,
    source_id: int,
    *,
    kind: str | None = None,
    decision: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> dict[str, Any]:
    """One source's matches (filtered by kind and decision, a page at a time) grouped by the plan's
    part and task, in the plan's order."""
    kind = _choice(kind, EVIDENCE_KINDS, "佐证类型")
    decision = _choice(decision, DECISIONS, "处理结果")
    view = load_plan(session, plan_ref)
    source = stored_source(session, view, source_id)
    all_matches = EvidenceTraceRepository(session).matches(view.plan.id, source_id=source_id)
    tasks = _Tasks(view)
    rows = [_match_row(m, source, tasks) for m in all_matches]
    chosen = [
        r
        for r in rows
        if (kind is None or r["kind"] == kind) and (decision is None or r["decision"] == decision)
    ]
    last = len(tasks.order)
    chosen.sort(key=lambda r: (tasks.order.get(r["task"], last), r["task"], -r["score"], r["start"]))
    pages = max(1, math.ceil(len(chosen) / per_page))
    page = min(max(1, page), pages)
    shown = chosen[(page - 1) * per_page : page * per_page]
    groups: list[dict[str, Any]] = []
    for r in shown:
        part_id, part_title = tasks.part.get(r["task"], (None, "（已不在当前版本中）"))
        if not groups or groups[-1]["part"] != part_id:
            groups.append({"part": part_id, "part_title": part_title, "tasks": []})
        task_groups = groups[-1]["tasks"]
        if not task_groups or task_groups[-1]["task"] != r["task"]:
            task_groups.append({"task": r["task"], "text": r["task_text"], "matches": []})
        task_groups[-1]["matches"].append(r)
    counts = {
        "kind": {k: sum(1 for r in rows if r["kind"] == k) for k in EVIDENCE_KINDS},
        "decision": {d: sum(1 for r in rows if r["decision"] == d) for d in DECISIONS},
    }
    return {
        "plan": _plan(view),
        "source": _source_row(source, all_matches),
        "filters": {"kind": kind, "decision": decision},
        "counts": counts,
        "total": len(chosen),
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "groups": groups,
        "matches": shown,
        "kinds": KIND_NAMES,
        "decisions": DECISION_NAMES,
    }


def source_text(session: Session, plan_ref: str, source_id: int) -> dict[str, Any]:
    """The source's full text (kept for a file; the stored version's text for a stored plan) with
    the sentences matched in it."""
    view = load_plan(session, plan_ref)
    source = stored_source(session, view, source_id)
    repo = EvidenceTraceRepository(session)
    if source.kind == "plan" and source.source_version_id is not None:
        text = repo.version_text(source.source_version_id)
    else:
        text = repo.source_text(source_id)
    matches = repo.matches(view.plan.id, source_id=source_id)
    tasks = _Tasks(view)
    rows = sorted((_match_row(m, source, tasks) for m in matches), key=lambda r: (r["start"], r["id"]))
    return {
        "plan": _plan(view),
        "source": _source_row(source, matches),
        "available": text is not None,
        "text": text or "",
        "matches": rows,
    }


def task_evidence(session: Session, plan_ref: str, task_id: str, user: User | None = None) -> dict[str, Any]:
    """One task's timeline: year → the sentences proposed or confirmed as its evidence, the
    milestones they name, and the task's progress reports beside them."""
    view = load_plan(session, plan_ref)
    tasks = _Tasks(view)
    task = tasks.index.by_key.get(task_id)
    traced = task is not None
    if task is None:
        task = next((t for t in view.analysis.tasks if t.id == task_id), None)
    if task is None:
        raise NotFoundError(f"规划“{view.plan.name}”没有任务“{task_id}”。", hint="请从任务分工表中选择任务。")
    repo = EvidenceTraceRepository(session)
    sources = {s.id: s for s in repo.sources(view.plan.id)}
    rows = []
    dismissed = 0
    for m in repo.matches(view.plan.id):
        found = tasks.index.match(m.task_key, m.task_text)
        if found is None or found.id != task.id:
            continue
        if m.decision == "dismissed":
            dismissed += 1
            continue
        rows.append(_match_row(m, sources[m.source_id], tasks))
    rows.sort(key=lambda r: (r["year"] is None, r["year"] or 0, -r["score"]))
    years: list[dict[str, Any]] = []
    for r in rows:
        if not years or years[-1]["year"] != r["year"]:
            years.append({"year": r["year"], "evidence": [], "milestones": []})
        years[-1]["evidence"].append(r)
        for ms in r["milestones"]:
            if ms not in years[-1]["milestones"]:
                years[-1]["milestones"].append(ms)
    progress = task_progress_page(session, str(view.plan.id), task.id, user)
    part_id, part_title = tasks.part[task.id]
    return {
        "plan": _plan(view),
        "task": {
            "id": task.id,
            "text": task.text,
            "node": task.node,
            "part": part_id,
            "part_title": part_title,
        },
        # a task of the plan's own review part reports past work: it is not traced
        "traced": traced,
        "years": years,
        "count": len(rows),
        "confirmed": sum(1 for r in rows if r["decision"] == "confirmed"),
        "dismissed": dismissed,
        "progress": progress["history"],
    }


def task_evidence_count(session: Session, plan_id: int, task_id: str) -> int:
    """How many sentences (not dismissed) were proposed for the task: the task page's link says so."""
    return sum(
        1
        for m in EvidenceTraceRepository(session).matches(plan_id, task_key=task_id)
        if m.decision != "dismissed"
    )
