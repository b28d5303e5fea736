"""Evidence sources attached to a stored plan, and a planner's decisions on the matches (issue 19).

Attaching a source traces the plan's latest version through it once and stores every match as
*proposed*; a planner confirms or dismisses each (audited), and only confirmed matches count as
evidence in the views. The page data for the web (timeline per task, coverage per source) comes
from ``evidence_page``.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from planwatch import ingest
from planwatch.compare.trace import THRESHOLD, SourceDoc, phrases_of, trace_source
from planwatch.model import ConflictError, InputError, NotFoundError, User
from planwatch.model.trace import DECISIONS, EVIDENCE_KINDS, StoredMatch, StoredSource
from planwatch.services.admin import audit
from planwatch.services.evidence.trace import EARLIEST, LATEST, source_doc, traced_tasks, upload_doc
from planwatch.services.plans.analyze import Progress, read_limits
from planwatch.services.plans.records import PlanView, load_plan
from planwatch.settings import Settings
from planwatch.store import revisions
from planwatch.store.task_identity import TaskIndex
from planwatch.store.trace_evidence import EvidenceTraceRepository

ACTIONS = {"confirmed": "evidence.confirm", "dismissed": "evidence.dismiss", "proposed": "evidence.reset"}


def _target(view: PlanView, what: str) -> str:
    return f"plan:{view.plan.id}/{what}"


def source_info(s: StoredSource) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "title": s.title,
        "year": s.year,
        "kind": s.kind,
        "sha256": s.sha256,
        "threshold": s.threshold,
        "added_by": s.added_by,
    }


def match_info(m: StoredMatch) -> dict[str, Any]:
    return {
        "id": m.id,
        "source": m.source_id,
        "task": m.task_key,
        "node": m.node,
        "start": m.start,
        "end": m.end,
        "sentence": m.sentence,
        "kind": m.kind,
        "score": m.score,
        "terms": list(m.terms),
        "decision": m.decision,
        "decided_by": m.decided_by,
    }


def _check_threshold(threshold: float) -> None:
    if not 0 < threshold < 1:
        raise InputError(f"阈值 {threshold} 无效。", hint=f"阈值取 0 到 1 之间的小数，默认 {THRESHOLD:g}。")


def attach_source(
    session: Session,
    plan_ref: str,
    source_ref: str,
    settings: Settings,
    *,
    by: User | str | None,
    year: int | None = None,
    threshold: float = THRESHOLD,
    allow_files: bool = True,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Attach ``source_ref`` (a file, or a stored plan by id/name, ``@N`` for a version) to the plan
    and store the matches of its latest version's tasks as proposals. The web passes
    ``allow_files=False``: a visitor names stored plans, and uploads go through ``attach_upload``."""
    _check_threshold(threshold)
    _check_year(year)
    view = load_plan(session, plan_ref)
    if progress is not None:
        progress(20, "读取来源")
    doc = source_doc(session, source_ref, settings, year=year, allow_files=allow_files)
    return _attach(session, view, doc, by=by, threshold=threshold, progress=progress)


def attach_upload(
    session: Session,
    plan_ref: str,
    data: bytes,
    filename: str,
    settings: Settings,
    *,
    by: User | str | None,
    year: int | None = None,
    threshold: float = THRESHOLD,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Attach an uploaded file (txt/docx/pdf/html, read as an import would be) as a source."""
    _check_threshold(threshold)
    _check_year(year)
    view = load_plan(session, plan_ref)
    if progress is not None:
        progress(20, "读取文件")
    doc = upload_doc(data, filename, settings, year=year)
    return _attach(session, view, doc, by=by, threshold=threshold, progress=progress)


def _check_year(year: int | None) -> None:
    if year is not None and not EARLIEST <= year <= LATEST:
        raise InputError(f"年份 {year} 无效。", hint="请填写四位年份，例如 2024，或留空（从标题读取）。")


def _attach(
    session: Session,
    view: PlanView,
    doc: SourceDoc,
    *,
    by: User | str | None,
    threshold: float,
    progress: Progress | None,
) -> dict[str, Any]:
    revisions.touch_plan(session, view.plan.id)
    repo = EvidenceTraceRepository(session)
    _check_new(session, view, doc.analysis.document.sha256, doc.source.name)
    version_id = None
    if doc.ref is not None and doc.ref.id is not None:
        version_id = load_plan(session, str(doc.ref.id), doc.ref.version).version.id
    stored = repo.add_source(
        view.plan.id,
        name=doc.source.name,
        title=doc.source.title,
        year=doc.source.year,
        kind="plan" if version_id is not None else "file",
        source_version_id=version_id,
        sha256=doc.source.sha256,
        text=None if version_id is not None else doc.analysis.document.text,
        threshold=threshold,
        added_by=audit.who(by),
    )
    if progress is not None:
        progress(50, "逐项比对任务")
    tasks, _ = traced_tasks(view.analysis)
    by_id = {t.id: t for t in tasks}
    found = trace_source(tasks, phrases_of(view.analysis), doc, threshold)
    if progress is not None:
        progress(90, "保存佐证")
    matches = repo.add_matches(
        view.plan.id,
        stored.id,
        ((key, by_id[key].text, e) for key, evidence in found.items() for e in evidence),
    )
    after = {**source_info(stored), "matches": len(matches), "tasks": len(found)}
    audit.record(session, by, "evidence.attach", _target(view, f"evidence-source:{stored.id}"), None, after)
    return after


def _check_new(session: Session, view: PlanView, sha256: str, name: str) -> None:
    if sha256 == view.analysis.document.sha256:
        raise InputError("来源文件就是该规划本身。", hint="请附加该规划之后的年度报告、计划或公报。")
    existing = EvidenceTraceRepository(session).source_by_sha(view.plan.id, sha256)
    if existing is not None:
        raise ConflictError(
            f"“{name}”已作为佐证来源附加到规划“{view.plan.name}”（来源编号 {existing.id}）。",
            hint="同一文件只需附加一次。",
        )


def check_attach(
    session: Session,
    plan_ref: str,
    settings: Settings,
    *,
    data: bytes | None = None,
    filename: str = "",
    source_ref: str | None = None,
    year: int | None = None,
    threshold: float = THRESHOLD,
) -> None:
    """What can be refused before the (slow) trace is queued as a job: bad year or threshold, an
    unreadable or empty file, the plan itself, a source attached before. Reading the file is cheap;
    analysing it is not, and happens in the job."""
    _check_threshold(threshold)
    _check_year(year)
    view = load_plan(session, plan_ref)
    if data is not None:
        name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "上传的文件"
        document = ingest.read_bytes(data, name, **read_limits(settings))
        _check_new(session, view, document.sha256 or hashlib.sha256(data).hexdigest(), name)
        return
    if not (source_ref or "").strip():
        raise InputError("没有选择来源。", hint="请上传文件，或从已导入的规划中选择一份。")
    other = load_plan(session, str(source_ref))
    _check_new(session, view, other.analysis.document.sha256, other.plan.name)


def remove_source(
    session: Session, plan_ref: str, source_id: int, *, by: User | str | None
) -> dict[str, Any]:
    """Detach a source from the plan; its matches (and the decisions on them) go with it."""
    view = load_plan(session, plan_ref)
    revisions.touch_plan(session, view.plan.id)
    repo = EvidenceTraceRepository(session)
    found = stored_source(session, view, source_id)
    matches = repo.matches(view.plan.id, source_id=source_id)
    before = {
        **source_info(found),
        "matches": len(matches),
        "confirmed": sum(1 for m in matches if m.decision == "confirmed"),
    }
    repo.remove_source(source_id)
    audit.record(session, by, "evidence.remove", _target(view, f"evidence-source:{source_id}"), before, None)
    return before


def stored_source(session: Session, view: PlanView, source_id: int) -> StoredSource:
    """The plan's source ``source_id``; "not found" for a source of another plan too."""
    found = EvidenceTraceRepository(session).source(source_id)
    if found is None or found.plan_id != view.plan.id:
        raise NotFoundError(
            f"规划“{view.plan.name}”没有编号为 {source_id} 的佐证来源。",
            hint="请从该规划的“落实佐证”页选择来源。",
        )
    return found


def decide(
    session: Session, plan_ref: str, match_id: int, decision: str, *, by: User | str | None
) -> dict[str, Any]:
    """Confirm or dismiss a proposed match (``proposed`` takes a decision back)."""
    if decision not in DECISIONS:
        raise InputError(
            f"处理结果“{decision}”无效。",
            hint="可选：confirmed（确认）、dismissed（排除）、proposed（撤回）。",
        )
    view = load_plan(session, plan_ref)
    revisions.touch_plan(session, view.plan.id)
    repo = EvidenceTraceRepository(session)
    found = repo.match(match_id)
    if found is None or found.plan_id != view.plan.id:
        raise NotFoundError(
            f"规划“{view.plan.name}”没有编号为 {match_id} 的佐证匹配。", hint="请从该规划的佐证列表中选择。"
        )
    decided = repo.decide(match_id, decision, audit.who(by), datetime.now(UTC))
    target = _target(view, f"evidence:{match_id}")
    audit.record(session, by, ACTIONS[decision], target, match_info(found), match_info(decided))
    return match_info(decided)


def evidence_page(session: Session, plan_ref: str) -> dict[str, Any]:
    """The plan's sources and, per task of its latest version, the matches (dismissed ones left out)
    by year, with coverage counted twice: on confirmed matches, and on everything proposed."""
    view = load_plan(session, plan_ref)
    repo = EvidenceTraceRepository(session)
    sources = {s.id: s for s in repo.sources(view.plan.id)}
    tasks, _ = traced_tasks(view.analysis)
    index = TaskIndex(tasks)
    per_task: dict[str, list[StoredMatch]] = {t.id: [] for t in tasks}
    stale: list[dict[str, Any]] = []
    for m in repo.matches(view.plan.id):
        if m.decision == "dismissed":
            continue
        task = index.match(m.task_key, m.task_text)
        if task is None:
            stale.append(match_info(m))
            continue
        per_task[task.id].append(m)
    rows: list[dict[str, Any]] = []
    for t in tasks:
        ms = sorted(per_task[t.id], key=lambda m: (sources[m.source_id].year or 0, -m.score))
        rows.append(
            {
                "task": t.id,
                "text": t.text,
                "node": t.node,
                "evidence": [{**match_info(m), "year": sources[m.source_id].year} for m in ms],
            }
        )
    confirmed = sum(1 for r in rows if any(e["decision"] == "confirmed" for e in r["evidence"]))
    proposed = sum(1 for r in rows if r["evidence"])
    kinds = dict.fromkeys(EVIDENCE_KINDS, 0)
    for r in rows:
        for e in r["evidence"]:
            kinds[e["kind"]] += 1
    return {
        "plan": {"id": view.plan.id, "name": view.plan.name, "title": view.plan.title},
        "sources": [source_info(s) for s in sources.values()],
        "tasks": rows,
        "coverage": {
            "total": len(rows),
            "confirmed": confirmed,
            "proposed": proposed,
            "never_taken_up": [r["task"] for r in rows if not r["evidence"]],
            "by_kind": kinds,
        },
        "stale": stale,
    }
