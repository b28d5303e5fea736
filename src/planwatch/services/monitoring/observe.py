"""Indicator data from documents (issue 9): read a 统计公报 or work report, propose a value for each
indicator it has a result for, and let a person accept, edit or reject each proposal.

Nothing becomes an observation without that review, unless the caller explicitly asks to accept
proposals above a confidence score. An accepted proposal writes the observation (through the same
path as a hand-recorded value, so it is audited) and keeps the document's name and sha256, the
sentence and the figure's span and who accepted it: the observation's provenance. Everything happens
in the caller's transaction, so a failed run leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from planwatch import ingest
from planwatch.extract.pipeline import Context, Pipeline
from planwatch.extract.quantities import quantities as quantities_component
from planwatch.model import (
    Document,
    ErrorCode,
    InputError,
    NotFoundError,
    Observation,
    PlanInfo,
    Quantity,
    Sentence,
    User,
)
from planwatch.model.proposals import PROPOSAL_STATE_NAMES, ObservationProposal, ProposalDraft
from planwatch.outline import parse_outline
from planwatch.services.admin import audit
from planwatch.services.monitoring.observations import check_real, write_observation
from planwatch.services.monitoring.observe_match import MatchResult, Proposal, match
from planwatch.services.monitoring.targets import (
    MAX_YEAR,
    MIN_YEAR,
    format_number,
    normalise_period,
    parse_number,
)
from planwatch.services.plans.analyze import read_limits
from planwatch.services.plans.records import find_plan
from planwatch.settings import Settings
from planwatch.store import revisions
from planwatch.store.monitoring import IndicatorRepository
from planwatch.store.proposals import ProposalRepository

MIN_YEAR, MAX_YEAR = MIN_YEAR, MAX_YEAR


@dataclass(frozen=True, slots=True)
class ReadDocument:
    document: Document
    title: str
    quantities: tuple[Quantity, ...]
    sentences: tuple[Sentence, ...]
    name: str
    sha256: str


def read_document(data: bytes, filename: str, settings: Settings) -> ReadDocument:
    """Ingest a file (any format ingest reads, within its size limit) and extract its quantities.

    Only the quantity extractor runs: tasks and departments play no part in reading figures.
    """
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "upload"
    document = ingest.read_bytes(data, name, **read_limits(settings))
    outline = parse_outline(document)
    title = document.title or next((n.title for n in outline.nodes if n.kind == "title"), "") or ""
    ctx = Context(document, outline.folded, outline.nodes, outline.sentences, {})
    Pipeline([quantities_component]).run(ctx)
    found = tuple(ctx.results.get("quantities", ()))
    return ReadDocument(
        document,
        title,
        found,
        tuple(outline.sentences),
        name,
        document.sha256 or hashlib.sha256(data).hexdigest(),
    )


def _check_year(year: int | None) -> None:
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise InputError(f"年份 {year} 超出范围（{MIN_YEAR}–{MAX_YEAR}）。", hint="请写四位年份，如 2023。")


def _check_score(score: float | None) -> None:
    if score is not None and not (math.isfinite(score) and 0 <= score <= 1):
        raise InputError(
            f"置信度阈值 {score} 无效。",
            hint="自动采纳的置信度阈值取 0 到 1 之间的数，如 0.9；不给则全部留待人工审核。",
            code=ErrorCode.OBSERVE_THRESHOLD_INVALID,
        )


def _draft(plan: PlanInfo, read: ReadDocument, p: Proposal) -> ProposalDraft:
    text = read.document.text
    return ProposalDraft(
        plan_id=plan.id,
        indicator_id=p.indicator.id,
        period=str(p.year),
        value=p.value,
        original=text[p.figure_start : p.figure_end],
        document_name=read.name,
        document_sha256=read.sha256,
        sentence=text[p.sentence_start : p.sentence_end],
        document_start=p.sentence_start,
        figure_start=p.figure_start - p.sentence_start,
        figure_end=p.figure_end - p.sentence_start,
        score=p.score,
        reasons=p.reasons,
    )


def run(
    session: Session,
    plan_ref: str,
    data: bytes,
    filename: str,
    *,
    settings: Settings,
    by: User | str | None,
    year: int | None = None,
    accept_above: float | None = None,
) -> dict[str, Any]:
    """Read a document, store a pending proposal per matched figure (a figure proposed before is
    reported, not stored again), and accept those scoring at least ``accept_above`` if given."""
    _check_year(year)
    _check_score(accept_above)
    plan = find_plan(session, plan_ref)
    indicators = IndicatorRepository(session).indicators(plan.id, sample=False)
    if not indicators:
        raise InputError(
            f"规划“{plan.name}”还没有（非示例数据的）指标，无法对应文件中的数字。",
            hint="请先建立指标：导入主要指标表、从规划目标创建或新增。",
            code=ErrorCode.INDICATOR_NONE_REAL,
            params={"plan": plan.name},
        )
    read = read_document(data, filename, settings)
    result = match(read.quantities, read.sentences, read.document.text, read.title, indicators, year=year)
    repo = ProposalRepository(session)
    revisions.touch_plan(session, plan.id)
    created: list[ObservationProposal] = []
    earlier: list[ObservationProposal] = []
    for p in result.proposals:
        draft = _draft(plan, read, p)
        found = repo.find(draft)
        if found is not None:
            earlier.append(found)
        else:
            created.append(repo.add(draft, created_by=audit.who(by)))
    if created:
        audit.record(
            session,
            by,
            "observation_proposal.create",
            f"plan:{plan.id}/document:{read.sha256}",
            None,
            {"document": read.name, "proposals": [c.id for c in created]},
        )
    accepted: list[ObservationProposal] = []
    if accept_above is not None:
        for stored in [*created, *earlier]:
            if stored.status == "pending" and stored.score >= accept_above:
                accepted.append(
                    _accept(session, plan, stored, by=by, value=stored.value, period=stored.period)
                )
    decided = {a.id: a for a in accepted}
    return {
        "plan": {"id": plan.id, "name": plan.name},
        "document": {
            "name": read.name,
            "sha256": read.sha256,
            "title": read.title,
            "format": read.document.format,
            "figures": result.figures,
            "targets_skipped": result.targets,
        },
        "year": year,
        "accept_above": accept_above,
        "created": _with_current(session, [proposal_dict(decided.get(c.id, c)) for c in created]),
        "already_proposed": _with_current(session, [proposal_dict(decided.get(e.id, e)) for e in earlier]),
        "accepted": [proposal_dict(a) for a in accepted],
        **reverse_dict(result),
    }


def reverse_dict(result: MatchResult) -> dict[str, Any]:
    return {
        "missing": [{"id": i.id, "name": i.name, "unit": i.unit} for i in result.missing],
        "untracked": [
            {
                "subject": u.subject,
                "value": u.value,
                "unit": u.unit,
                "year": u.year,
                "text": u.text,
                "start": u.start,
                "end": u.end,
            }
            for u in result.untracked
        ],
    }


# -- review ------------------------------------------------------------------------------------------


def proposal_dict(p: ObservationProposal) -> dict[str, Any]:
    return {
        "id": p.id,
        "indicator": {"id": p.indicator_id, "name": p.indicator_name, "unit": p.unit},
        "period": p.period,
        "value": p.value,
        "value_text": format_number(p.value),
        "original": p.original,
        "score": p.score,
        "reasons": list(p.reasons),
        "status": p.status,
        "status_name": PROPOSAL_STATE_NAMES.get(p.status, p.status),
        "document": {"name": p.document_name, "sha256": p.document_sha256},
        "sentence": {
            "text": p.sentence,
            "start": p.document_start,
            "figure_start": p.figure_start,
            "figure_end": p.figure_end,
            "before": p.sentence[: p.figure_start],
            "figure": p.figure,
            "after": p.sentence[p.figure_end :],
        },
        "created_by": p.created_by,
        "created_at": p.created_at.isoformat(),
        "reviewed_by": p.reviewed_by,
        "reviewed_at": p.reviewed_at.isoformat() if p.reviewed_at else None,
        "accepted_value": p.accepted_value,
        "accepted_value_text": format_number(p.accepted_value),
        "accepted_period": p.accepted_period,
        "edited": p.edited,
        "observation_id": p.observation_id,
    }


def _with_current(session: Session, proposals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the value a pending proposal would replace (``current``), so a reviewer sees it."""
    repo = IndicatorRepository(session)
    for p in proposals:
        found = repo.observation(p["indicator"]["id"], p["period"]) if p["status"] == "pending" else None
        p["current"] = (
            None
            if found is None
            else {
                "value": found.value,
                "value_text": format_number(found.value),
                "source": found.source,
            }
        )
    return proposals


def list_proposals(session: Session, plan_ref: str, *, status: str | None = None) -> dict[str, Any]:
    plan = find_plan(session, plan_ref)
    if status is not None and status not in PROPOSAL_STATE_NAMES:
        raise InputError(
            f"不认识的状态“{status}”。",
            hint="状态可为 pending（待审核）、accepted（已采纳）、rejected（已驳回）。",
        )
    found = ProposalRepository(session).of_plan(plan.id, status=status)
    return {
        "plan": {"id": plan.id, "name": plan.name},
        "status": status,
        "counts": {s: sum(p.status == s for p in found) for s in PROPOSAL_STATE_NAMES},
        "proposals": _with_current(session, [proposal_dict(p) for p in found]),
    }


def _proposal_of(session: Session, plan: PlanInfo, proposal_id: int) -> ObservationProposal:
    found = ProposalRepository(session).get(proposal_id)
    if found is None or found.plan_id != plan.id:
        raise NotFoundError(
            f"规划“{plan.name}”没有编号为 {proposal_id} 的待审数据。",
            hint="请核对待审数据的编号。",
            code=ErrorCode.PROPOSAL_NOT_FOUND,
            params={"plan": plan.name},
        )
    return found


def _pending(p: ObservationProposal) -> None:
    if p.status != "pending":
        raise InputError(
            f"第 {p.id} 条{PROPOSAL_STATE_NAMES[p.status]}（{p.reviewed_by}），不能再次审核。",
            hint="如需更正数值，请直接为指标录入数据。",
            code=ErrorCode.PROPOSAL_REVIEWED,
        )


def _citation(p: ObservationProposal, by: str) -> str:
    return (
        f"摘自“{p.sentence}”（句内第 {p.figure_start + 1}–{p.figure_end} 字“{p.figure}”；"
        f"文件 sha256 {p.document_sha256[:12]}；{by} 审核采纳）"
    )


def _accept(
    session: Session,
    plan: PlanInfo,
    p: ObservationProposal,
    *,
    by: User | str | None,
    value: float,
    period: str,
) -> ObservationProposal:
    revisions.touch_plan(session, plan.id)
    indicator = IndicatorRepository(session).get(p.indicator_id)
    assert indicator is not None  # proposals go with their indicator (cascade)
    check_real(indicator)
    who = audit.who(by)
    observation = Observation(
        indicator_id=indicator.id,
        period=period,
        value=value,
        source=p.document_name,
        note=_citation(p, who),
    )
    write_observation(session, plan, indicator, observation, by=by, action="observation.accept_proposal")
    repo = ProposalRepository(session)
    decided = repo.decide(
        p.id,
        status="accepted",
        by=who,
        value=value,
        period=period,
        observation_id=repo.observation_id(indicator.id, period),
    )
    audit.record(
        session,
        by,
        "observation_proposal.accept",
        f"plan:{plan.id}/proposal:{p.id}",
        {"status": p.status, "value": p.value, "period": p.period},
        {"status": "accepted", "value": value, "period": period},
    )
    return decided


def accept(
    session: Session,
    plan_ref: str,
    proposal_id: int,
    *,
    by: User | str | None,
    value: float | str | None = None,
    year: int | str | None = None,
) -> dict[str, Any]:
    """Accept one proposal, optionally with a corrected value (in the indicator's unit) or year."""
    plan = find_plan(session, plan_ref)
    p = _proposal_of(session, plan, proposal_id)
    _pending(p)
    number = p.value
    if isinstance(value, str) and value.strip():
        try:
            parsed = parse_number(value, p.unit)
        except ValueError as exc:
            raise InputError(
                f"数值有误：{exc}。", hint=f"请填写数字（单位：{p.unit or '无'}），如 3.2。"
            ) from exc
        number = p.value if parsed is None else parsed
    elif isinstance(value, int | float):
        if not math.isfinite(value):
            raise InputError("数值不是有限的数。", hint="请填写数字，如 3.2。")
        number = float(value)
    period = p.period
    if year is not None and str(year).strip():
        try:
            period = normalise_period(str(year))
        except ValueError as exc:
            raise InputError(f"年份有误：{exc}。", hint="请写四位年份，如 2023。") from exc
    return proposal_dict(_accept(session, plan, p, by=by, value=number, period=period))


def reject(session: Session, plan_ref: str, proposal_id: int, *, by: User | str | None) -> dict[str, Any]:
    plan = find_plan(session, plan_ref)
    p = _proposal_of(session, plan, proposal_id)
    _pending(p)
    revisions.touch_plan(session, plan.id)
    decided = ProposalRepository(session).decide(p.id, status="rejected", by=audit.who(by))
    audit.record(
        session,
        by,
        "observation_proposal.reject",
        f"plan:{plan.id}/proposal:{p.id}",
        {"status": p.status},
        {"status": "rejected"},
    )
    return proposal_dict(decided)


def provenance(session: Session, indicator_id: int) -> dict[str, dict[str, Any]]:
    """period -> where an indicator's observation came from, for values accepted from documents."""
    return {
        period: proposal_dict(p) for period, p in ProposalRepository(session).provenance(indicator_id).items()
    }


def indicator_provenance(session: Session, plan_ref: str, indicator_id: int) -> dict[str, Any]:
    """The provenance of one indicator's observations, for the API."""
    plan = find_plan(session, plan_ref)
    indicator = IndicatorRepository(session).get(indicator_id)
    if indicator is None or indicator.plan_id != plan.id:
        raise NotFoundError(
            f"规划“{plan.name}”没有编号为 {indicator_id} 的指标。",
            hint="请核对指标的编号。",
            code=ErrorCode.INDICATOR_NOT_FOUND,
            params={"plan": plan.name, "close": ""},
        )
    return {
        "indicator": {"id": indicator.id, "name": indicator.name},
        "periods": provenance(session, indicator.id),
    }
