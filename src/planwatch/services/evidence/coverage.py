"""Coverage of a plan by its documentary evidence (issue 19): which parts' tasks later documents have
taken up, year by year; the tasks never taken up; where evidence and progress reports disagree; the
indicator figures and the project milestones on the same timeline.

Everything is counted on two bases: ``confirmed`` (only matches a planner confirmed) and
``proposed`` (confirmed plus those not yet decided). Dismissed matches never count. The result is
computed once per plan version and change revision (services.memo) and shared: copy before changing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from planwatch.compare.evidence_kind import milestones
from planwatch.compare.trace import names_project, phrases_of
from planwatch.model import InputError, Node, Task
from planwatch.model.cite import Citer
from planwatch.model.trace import EVIDENCE_KINDS, EvidenceKind, StoredMatch, StoredSource
from planwatch.services import memo
from planwatch.services.evidence.trace import traced_tasks
from planwatch.services.monitoring.indicators import list_indicators
from planwatch.services.plans.records import PlanView, load_plan
from planwatch.services.progress import pace
from planwatch.services.progress import reporting as progress
from planwatch.services.reports.tasks import part_label, top_nodes
from planwatch.services.views.common import plan_info
from planwatch.store.task_identity import TaskIndex
from planwatch.store.trace_evidence import EvidenceTraceRepository

BASES = ("confirmed", "proposed")
BASIS_NAMES = {"confirmed": "已确认", "proposed": "含待确认"}
KIND_NAMES = {"deployed": "已部署", "reported": "已报告", "mentioned": "提及"}
DECISION_NAMES = {"proposed": "待确认", "confirmed": "已确认", "dismissed": "已排除"}
UNKNOWN_YEAR = "年份不详"
# A task counts as taken up by its strongest evidence: reported beats deployed beats mentioned.
STRENGTH: tuple[EvidenceKind, ...] = ("reported", "deployed", "mentioned")


def normalise_basis(basis: str | None) -> str:
    text = (basis or "confirmed").strip().lower()
    if text not in BASES:
        raise InputError(
            f"统计口径“{basis}”无效。", hint="可选：confirmed（已确认）或 proposed（含待确认）。"
        )
    return text


def counts(decision: str, basis: str) -> bool:
    """Whether a match with ``decision`` counts on ``basis``."""
    return decision == "confirmed" or (basis == "proposed" and decision == "proposed")


def strongest(kinds: Iterable[str]) -> EvidenceKind | None:
    found = set(kinds)
    return next((k for k in STRENGTH if k in found), None)


def year_label(year: int | None) -> str:
    return f"{year}年" if year is not None else UNKNOWN_YEAR


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _cell(matched: dict[str, EvidenceKind], total: int) -> dict[str, Any]:
    """``matched``: task id → its strongest kind, for the tasks taken up."""
    by_kind = dict.fromkeys(EVIDENCE_KINDS, 0)
    for kind in matched.values():
        by_kind[kind] += 1
    return {"taken": len(matched), "total": total, "share": _share(len(matched), total), "by_kind": by_kind}


def _task_ref(task: Task) -> dict[str, Any]:
    return {"task": task.id, "text": task.text, "node": task.node}


def _row(task: Task, part: str, source: StoredSource, m: StoredMatch) -> dict[str, Any]:
    return {
        "id": m.id,
        "part": part,
        "task": task.id,
        "task_text": task.text,
        "source_id": source.id,
        "source": source.name,
        "year": source.year,
        "kind": m.kind,
        "score": m.score,
        "terms": list(m.terms),
        "sentence": m.sentence,
        "start": m.start,
        "end": m.end,
        "decision": m.decision,
        "decided_by": m.decided_by,
    }


def _basis(
    basis: str,
    tasks: list[Task],
    part_of: dict[str, str],
    parts: list[dict[str, Any]],
    years: list[int | None],
    rows: list[dict[str, Any]],
    statuses: dict[str, progress.TaskStatus],
) -> dict[str, Any]:
    label_of = {p["id"]: p["label"] for p in parts}
    mine = [r for r in rows if counts(r["decision"], basis)]
    kinds: dict[tuple[str, int | None], list[str]] = {}  # (task, year) → kinds
    for r in mine:
        kinds.setdefault((r["task"], r["year"]), []).append(r["kind"])
    overall: dict[str, list[str]] = {}
    for (task, _), found in kinds.items():
        overall.setdefault(task, []).extend(found)

    def taken(members: list[Task], year: int | None, *, every: bool = False) -> dict[str, EvidenceKind]:
        out: dict[str, EvidenceKind] = {}
        for t in members:
            found = overall.get(t.id) if every else kinds.get((t.id, year))
            kind = strongest(found or ())
            if kind is not None:
                out[t.id] = kind
        return out

    matrix = []
    for part in parts:
        members = [t for t in tasks if part_of[t.id] == part["id"]]
        matrix.append(
            {
                **part,
                "cells": [{"year": y, **_cell(taken(members, y), len(members))} for y in years],
                "all": _cell(taken(members, None, every=True), len(members)),
            }
        )
    total = {
        "cells": [{"year": y, **_cell(taken(tasks, y), len(tasks))} for y in years],
        "all": _cell(taken(tasks, None, every=True), len(tasks)),
    }
    never = []
    for part in parts:
        missing = [_task_ref(t) for t in tasks if part_of[t.id] == part["id"] and t.id not in overall]
        if missing:
            never.append({**part, "tasks": missing})
    without_reports = []
    done_without_trace = []
    for t in tasks:
        status = statuses.get(t.id)
        reported = status is not None and (status.report is not None or status.closed)
        if "reported" in overall.get(t.id, ()) and not reported:
            sentences = [r for r in mine if r["task"] == t.id and r["kind"] == "reported"]
            without_reports.append(
                {**_task_ref(t), "part": label_of[part_of[t.id]], "evidence": sentences[:3]}
            )
        if status is not None and (status.closed or status.state == pace.COMPLETED) and t.id not in overall:
            done_without_trace.append(
                {
                    **_task_ref(t),
                    "part": label_of[part_of[t.id]],
                    "state": status.state,
                    "closed": status.closed,
                    "period": status.report.period if status.report is not None else None,
                    "lead": status.lead,
                }
            )
    return {
        "basis": basis,
        "name": BASIS_NAMES[basis],
        "matrix": matrix,
        "total": total,
        "never_taken_up": never,
        "never_count": sum(len(p["tasks"]) for p in never),
        "reported_without_progress": without_reports,
        "done_without_trace": done_without_trace,
    }


def _indicators(
    session: Session, view: PlanView, years: list[int | None]
) -> tuple[list[int], list[dict[str, Any]]]:
    """Accepted observations per indicator and year: the year's own figure, else its latest period."""
    found: list[dict[str, Any]] = []
    seen_years = {y for y in years if y is not None}
    for v in list_indicators(session, view.plan):
        values: dict[int, dict[str, Any]] = {}
        for o in sorted(v.observations, key=lambda o: o.period):
            if not o.period[:4].isdigit():
                continue
            year = int(o.period[:4])
            if year in values and values[year]["period"] == str(year):
                continue  # the annual figure wins over a quarter's
            values[year] = {"value": o.value, "period": o.period, "source": o.source}
        seen_years |= set(values)
        found.append(
            {
                "indicator": v.indicator.name,
                "id": v.indicator.id,
                "unit": v.indicator.unit,
                "values": values,
            }
        )
    timeline = sorted(seen_years)
    for item in found:
        item["values"] = [
            {"year": y, **item["values"][y]} if y in item["values"] else {"year": y} for y in timeline
        ]
    return timeline, found


def _milestones(
    view: PlanView, tasks: list[Task], part_of: dict[str, str], rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Milestones (开工, 建成, 投产 …) that evidence sentences give for tasks naming a project."""
    phrases = phrases_of(view.analysis)
    by_id = {t.id: t for t in tasks}
    out = []
    for r in rows:
        task = by_id[r["task"]]
        if not names_project(task, phrases):
            continue
        found = milestones(r["sentence"])
        if not found:
            continue
        projects = [p for p in phrases if p in task.text]
        out.append(
            {
                "project": "、".join(projects) or task.text,
                "task": task.id,
                "part": r["part"],
                "year": r["year"],
                "source": r["source"],
                "milestones": list(found),
                "sentence": r["sentence"],
                "decision": r["decision"],
            }
        )
    out.sort(key=lambda m: (m["project"], m["year"] or 0, m["task"]))
    return out


def _part_name(node: Node | None, citer: Citer) -> str:
    """一、推动产业升级; a top node that is not a numbered part by its title, else as cited (其他部署)."""
    if node is None:
        return "其他"
    return part_label(node) if node.kind == "part" or node.title else citer(node.id)


def _compute(session: Session, view: PlanView, today: date) -> dict[str, Any]:
    repo = EvidenceTraceRepository(session)
    sources = {s.id: s for s in repo.sources(view.plan.id)}
    tasks, _ = traced_tasks(view.analysis)
    index = TaskIndex(tasks)
    top = top_nodes(view)
    citer = Citer(view.analysis.outline)
    part_of: dict[str, str] = {}
    parts: list[dict[str, Any]] = []
    for t in tasks:
        node = top.get(t.node)
        pid = node.id if node is not None else ""
        part_of[t.id] = pid
        if pid not in {p["id"] for p in parts}:
            parts.append({"id": pid, "label": _part_name(node, citer)})
    labels = {p["id"]: p["label"] for p in parts}
    rows: list[dict[str, Any]] = []
    stale = 0
    for m in repo.matches(view.plan.id):
        if m.decision == "dismissed":
            continue
        task = index.match(m.task_key, m.task_text)
        if task is None:
            stale += 1  # its task's text changed in a later version: shown on the evidence page
            continue
        rows.append(_row(task, labels[part_of[task.id]], sources[m.source_id], m))
    order = {t.id: i for i, t in enumerate(tasks)}
    rows.sort(key=lambda r: (order[r["task"]], r["year"] or 0, -r["score"]))
    years: list[int | None] = [*sorted({s.year for s in sources.values() if s.year is not None})]
    if any(s.year is None for s in sources.values()):
        years.append(None)
    statuses = {s.task: s for s in progress.task_progress(session, view, today)}
    timeline, indicators = _indicators(session, view, years)
    return {
        "plan": plan_info(view.plan),
        "version": view.version.number,
        "sources": [
            {"id": s.id, "name": s.name, "title": s.title, "year": s.year, "kind": s.kind}
            for s in sources.values()
        ],
        "years": years,
        "tasks": len(tasks),
        "bases": {b: _basis(b, tasks, part_of, parts, years, rows, statuses) for b in BASES},
        "evidence": rows,
        "stale": stale,
        "indicator_years": timeline,
        "indicators": indicators,
        "milestones": _milestones(view, tasks, part_of, rows),
    }


def coverage(session: Session, plan_ref: str, today: date | None = None) -> dict[str, Any]:
    """Both bases of the plan's latest version (see the module's docstring). Shared: do not mutate."""
    view = load_plan(session, plan_ref)
    day = today or date.today()
    return memo.cached(
        session,
        "evidence_coverage",
        (view.version.id, day),
        lambda: _compute(session, view, day),
        plan=view.plan.id,
    )


def coverage_view(session: Session, plan_ref: str, basis: str | None = None) -> dict[str, Any]:
    """What the page and its JSON twin show: one basis, chosen with ``basis``."""
    chosen = normalise_basis(basis)
    data = coverage(session, plan_ref)
    shown = {k: v for k, v in data.items() if k not in ("bases", "evidence")}
    return {
        **shown,
        "basis": chosen,
        "basis_name": BASIS_NAMES[chosen],
        **{"coverage": data["bases"][chosen]},
    }


FILE_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}


def evidence_file(session: Session, plan_ref: str, fmt: str) -> tuple[bytes, str, str]:
    """The evidence as a file: the workbook (xlsx), the whole coverage data (json) or every match
    (csv); returns (bytes, file name, media type)."""
    f = (fmt or "").strip().lower().lstrip(".")
    if f not in FILE_FORMATS:
        raise InputError(f"文件佐证不支持导出为“{fmt}”格式。", hint="可选：xlsx、json、csv。")
    from planwatch.export import safe_stem
    from planwatch.export.evidence_xlsx import write_evidence_csv, write_evidence_xlsx

    data = coverage(session, plan_ref)
    if f == "xlsx":
        body = write_evidence_xlsx(data)
    elif f == "csv":
        body = write_evidence_csv(data["evidence"])
    else:
        body = (json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")
    return body, f"{safe_stem(data['plan']['name'])}-文件佐证覆盖情况.{f}", FILE_FORMATS[f]
