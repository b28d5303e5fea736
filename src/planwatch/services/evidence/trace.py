"""Trace a plan's tasks through later documents (issue 19): resolve the plan and the sources a user
named (files or stored plans), date each source, and collect the sentences that take each task up.

Pure apart from reading the named files and plans: nothing is stored here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path

from sqlalchemy.orm import Session

from planwatch.compare.trace import THRESHOLD, SourceDoc, phrases_of, review_tasks, trace_source
from planwatch.extract.quantity_period import anchor_of
from planwatch.model import Analysis, InputError, Task
from planwatch.model.comparison import PlanRef
from planwatch.model.trace import Evidence, EvidenceSource, Figure, IndicatorTrace, TaskTrace, Trace
from planwatch.services.monitoring.observe_match import match
from planwatch.services.plans.analyze import analyze_bytes
from planwatch.services.plans.compare import Side, resolve
from planwatch.settings import Settings
from planwatch.store.monitoring import IndicatorRepository

EARLIEST, LATEST = 1949, 2100


def title_block(analysis: Analysis) -> str:
    node = next((n for n in analysis.outline if n.kind == "title"), None)
    if node is not None:
        return analysis.document.text[node.start : node.end]
    return analysis.document.title or ""


def year_of(analysis: Analysis) -> tuple[int | None, bool]:
    """The year a document was issued for, read from its title block (2024年政府工作报告, the date
    line under a bare 政府工作报告), and whether it is a yearly report (its review covers the year
    before). (None, False) when the title names no year."""
    anchor = anchor_of(title_block(analysis))
    if anchor.kind == "report" and anchor.year is not None:
        return anchor.year, True
    if anchor.year is not None:
        return anchor.year, False
    return None, False


def _check_years(years: Sequence[int], sources: int) -> None:
    if years and len(years) not in (1, sources):
        raise InputError(
            f"给了 {len(years)} 个年份，但有 {sources} 个来源文件。",
            hint="--year 给一次（对所有来源适用），或按来源的顺序每个来源给一次。",
        )
    for y in years:
        if not EARLIEST <= y <= LATEST:
            raise InputError(f"年份 {y} 无效。", hint="请填写四位年份，例如 2024。")


def _plan_dict(ref: PlanRef, analysis: Analysis) -> dict[str, object]:
    out: dict[str, object] = {k: v for k, v in asdict(ref).items() if k != "units"}
    out["sha256"] = analysis.document.sha256
    out["tasks"] = len(analysis.tasks)
    return out


def _source_name(ref: PlanRef, raw: str) -> str:
    if ref.path:
        return Path(ref.path).name
    return ref.name or raw


def _indicators(
    session: Session | None, ref: PlanRef, docs: Sequence[SourceDoc]
) -> tuple[IndicatorTrace, ...]:
    """The figures each source gives for the stored plan's indicators, on the sources' timeline; the
    same matcher as ``planwatch observe``, nothing stored."""
    if session is None or ref.id is None:
        return ()
    indicators = IndicatorRepository(session).indicators(ref.id, sample=False)
    if not indicators:
        return ()
    figures: dict[int, list[Figure]] = {ind.id: [] for ind in indicators}
    for doc in docs:
        a = doc.analysis
        year = doc.source.year if doc.source.year_from == "override" else None
        result = match(a.quantities, a.sentences, a.document.text, title_block(a), indicators, year=year)
        for p in result.proposals:
            figures[p.indicator.id].append(
                Figure(
                    source=doc.source.name,
                    year=p.year,
                    value=p.value,
                    sentence=a.document.text[p.sentence_start : p.sentence_end].strip(),
                    start=p.sentence_start,
                    end=p.sentence_end,
                    score=round(p.score, 4),
                )
            )
    return tuple(
        IndicatorTrace(ind.name, ind.unit, tuple(sorted(figures[ind.id], key=lambda f: (f.year, f.source))))
        for ind in indicators
    )


def source_doc(
    session: Session | None,
    raw: str,
    settings: Settings,
    *,
    year: int | None = None,
    allow_files: bool = True,
) -> SourceDoc:
    """A source the user named (a file, or a stored plan), analysed and dated: ``year`` overrides the
    year read from its title block."""
    return dated_doc(resolve(session, raw, settings, allow_files=allow_files), raw, year)


def upload_doc(data: bytes, filename: str, settings: Settings, *, year: int | None = None) -> SourceDoc:
    """An uploaded file as a source: read with the same limits (and Chinese errors) as an import."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "上传的文件"
    analysis = analyze_bytes(data, name, settings)
    title = analysis.document.title or name
    return dated_doc(Side(analysis, PlanRef(title=title, path=name)), name, year)


def dated_doc(side: Side, raw: str, year: int | None) -> SourceDoc:
    analysis = side.analysis
    if not analysis.sentences:
        raise InputError(f"来源“{raw}”中没有可读的句子。", hint="请确认文件不是空文件或扫描件。")
    read, yearly = year_of(analysis)
    chosen = year if year is not None else read
    source = EvidenceSource(
        name=_source_name(side.ref, raw),
        year=chosen,
        sha256=analysis.document.sha256,
        title=side.ref.title,
        year_from="override" if year is not None else ("title" if read is not None else ""),
        ref=raw,
    )
    return SourceDoc(source, analysis, chosen - 1 if yearly and chosen is not None else None, side.ref)


def traced_tasks(plan: Analysis) -> tuple[list[Task], set[str]]:
    """The tasks to trace and the ids of those left out (the plan's own review part)."""
    skipped = review_tasks(plan, year_of(plan)[0])
    return [t for t in plan.tasks if t.id not in skipped], skipped


def trace_refs(
    session: Session | None,
    plan_ref: str,
    source_refs: Sequence[str],
    settings: Settings,
    *,
    years: Sequence[int] = (),
    threshold: float = THRESHOLD,
    allow_files: bool = True,
) -> Trace:
    """Evidence for every task of ``plan_ref`` in each of ``source_refs`` (files, or stored plans by
    id/name, ``@N`` for a version). ``years``: one year for all sources or one per source, overriding
    the year read from each title."""
    if not source_refs:
        raise InputError("没有给出来源文件。", hint="请在规划之后列出至少一份后续文件，如年度政府工作报告。")
    if not 0 < threshold < 1:
        raise InputError(f"阈值 {threshold} 无效。", hint=f"阈值取 0 到 1 之间的小数，默认 {THRESHOLD:g}。")
    _check_years(years, len(source_refs))
    plan = resolve(session, plan_ref, settings, allow_files=allow_files)
    warnings: list[str] = []
    docs: list[SourceDoc] = []
    seen: set[str] = set()
    for k, raw in enumerate(source_refs):
        override = years[0] if len(years) == 1 else (years[k] if years else None)
        doc = source_doc(session, raw, settings, year=override, allow_files=allow_files)
        if doc.source.name in seen:
            doc = replace(doc, source=replace(doc.source, name=f"{doc.source.name}#{k + 1}"))
        seen.add(doc.source.name)
        if doc.source.year is None:
            warnings.append(f"未能从“{doc.source.name}”的标题读出年份；可用 --year 指定。")
        docs.append(doc)
    tasks, skipped = traced_tasks(plan.analysis)
    phrases = phrases_of(plan.analysis)
    evidence: dict[str, list[Evidence]] = {t.id: [] for t in tasks}
    for doc in docs:
        for task_id, found in trace_source(tasks, phrases, doc, threshold).items():
            evidence[task_id].extend(found)
    traces = tuple(
        TaskTrace(
            task=t.id,
            text=t.text,
            node=t.node,
            evidence=tuple(evidence[t.id]),
            projects=tuple(p for p in phrases if p in t.text),
        )
        for t in tasks
    )
    return Trace(
        indicators=_indicators(session, plan.ref, docs),
        plan=_plan_dict(plan.ref, plan.analysis),
        sources=tuple(d.source for d in docs),
        tasks=traces,
        threshold=threshold,
        skipped=tuple(sorted(skipped)),
        warnings=tuple(warnings),
    )
