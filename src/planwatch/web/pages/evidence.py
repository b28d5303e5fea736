"""落实佐证: the documents attached to a plan as evidence of its tasks, each source's matches with the
planner's 确认 / 排除 / 撤回, the source's text with the matched sentences, and one task's timeline.
The data is that of the JSON twins (web/api/evidence.py). Attaching traces the whole plan and runs
as a background job; the job's page links to the source's matches."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from planwatch.model import ConflictError, InputError, User
from planwatch.model.job import Job
from planwatch.services import jobs
from planwatch.services.evidence import sources as trace_evidence
from planwatch.services.plans.records import list_plans, load_plan
from planwatch.services.views import evidence as evidence_views
from planwatch.settings import Settings
from planwatch.web.deps import CSRF, CurrentUser, Planner, db_session, settings_of
from planwatch.web.highlight import ITEM, SENTENCE, Span, paragraphs, render
from planwatch.web.htmx import FRAGMENT_HEADER, is_htmx
from planwatch.web.pages.handoff import Runner, to_job
from planwatch.web.pages.imports import ACCEPT, read_upload
from planwatch.web.pages.observe import parse_year
from planwatch.web.templating import templates

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Config = Annotated[Settings, Depends(settings_of)]
PageNumber = Annotated[int, Query(ge=1, le=1_000_000, description="页码，从 1 开始 / page number")]
PerPage = Annotated[int, Query(ge=1, le=evidence_views.MAX_PER_PAGE, description="每页条数 / matches a page")]
Choice = Annotated[str | None, Query(max_length=20)]
# Beyond a 32-bit id nothing exists; a larger number would overflow the database driver.
SourceId = Annotated[int, Path(ge=1, le=2_147_483_647, description="佐证来源编号 / source id")]
MatchId = Annotated[int, Path(ge=1, le=2_147_483_647, description="佐证匹配编号 / match id")]


def parse_threshold(text: str | None) -> float | None:
    """The optional threshold field of the attach form."""
    t = (text or "").strip()
    if not t:
        return None
    try:
        return float(t)
    except ValueError:
        raise InputError(f"阈值“{t}”不是数字。", hint="请写 0 到 1 之间的小数，如 0.14，或留空。") from None


def queue_attach(
    session: Session,
    settings: Settings,
    runner: jobs.JobRunner,
    user: User,
    plan: str,
    *,
    file: UploadFile | None,
    source_field: str,
    year_field: str,
    threshold_field: str,
) -> Job:
    """The attach form (page and API alike): an uploaded file, else a stored plan named in
    ``source_field``. Refuse what can be refused at once (nothing stored), then queue the trace."""
    from planwatch.compare.trace import THRESHOLD

    data: bytes | None = None
    filename = ""
    if file is not None and (file.filename or "").strip():
        data, filename = read_upload(file, settings)
    elif not source_field.strip():
        read_upload(None, settings)  # "没有收到文件" with the import page's words
    source = source_field.strip() or None
    year, threshold = parse_year(year_field), parse_threshold(threshold_field)

    cut = THRESHOLD if threshold is None else threshold
    trace_evidence.check_attach(
        session, plan, settings, data=data, filename=filename, source_ref=source, year=year, threshold=cut
    )
    plan_id = load_plan(session, plan).plan.id
    return jobs.queue_evidence(
        runner,
        settings,
        user,
        plan_id,
        data=data,
        filename=filename,
        source_ref=None if data is not None else source,
        year=year,
        threshold=cut,
    )


def _sources_page(
    request: Request,
    session: Session,
    settings: Settings,
    plan: str,
    user: User | None,
    *,
    error: dict[str, Any] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
    removed: str | None = None,
) -> Response:
    data = evidence_views.sources_page(session, plan)
    may_edit = user is not None and user.can_edit_plans
    others = [p for p in list_plans(session) if p.id != data["plan"]["id"]] if may_edit else []
    return templates.TemplateResponse(
        request,
        "evidence.html",
        {
            "data": data,
            "plan": data["plan"],
            "may_edit": may_edit,
            "others": others,
            "error": error,
            "form": form or {},
            "removed": removed,
            "accept": ACCEPT,
            "max_mb": settings.max_file_bytes // (1024 * 1024),
            "json_url": f"/api/v1/plans/{plan}/evidence",
            "active": "evidence",
        },
        status_code=status_code,
    )


@router.get("/plans/{plan}/evidence", response_class=HTMLResponse)
def sources(
    request: Request, plan: str, session: DB, settings: Config, user: CurrentUser, removed: str | None = None
) -> Response:
    return _sources_page(request, session, settings, plan, user, removed=removed)


@router.post("/plans/{plan}/evidence/sources", response_class=HTMLResponse)
def attach(
    request: Request,
    plan: str,
    session: DB,
    settings: Config,
    runner: Runner,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    file: Annotated[UploadFile | None, File(description="后续文件")] = None,
    source: Annotated[str, Form(max_length=200)] = "",
    year: Annotated[str, Form(max_length=8)] = "",
    threshold: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        job = queue_attach(
            session,
            settings,
            runner,
            user,
            plan,
            file=file,
            source_field=source,
            year_field=year,
            threshold_field=threshold,
        )
    except InputError as exc:
        session.rollback()
        error = {"error": exc.message, "where": exc.where, "hint": exc.hint}
        form = {"source": source, "year": year, "threshold": threshold}
        status = 409 if isinstance(exc, ConflictError) else 400
        return _sources_page(
            request, session, settings, plan, user, error=error, form=form, status_code=status
        )
    return to_job(job.id, htmx=is_htmx(request))


@router.post("/plans/{plan}/evidence/sources/{sid}/remove")
def remove(
    plan: str,
    sid: SourceId,
    session: DB,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    if confirm != "yes":
        raise InputError("移除佐证来源需要确认。", hint="请勾选“确认移除”后再提交。")
    removed = trace_evidence.remove_source(session, plan, sid, by=user)
    return RedirectResponse(f"/plans/{plan}/evidence?removed={removed['id']}", status_code=303)


def highlighted(sentence: str, terms: list[str]) -> Markup:
    """The sentence with every occurrence of the shared key terms marked (escaped by ``render``)."""
    spans = []
    for term in sorted(set(terms), key=len, reverse=True):
        at = sentence.find(term) if term else -1
        while at >= 0:
            spans.append(Span(at, at + len(term), "mark", ITEM, {"class": "hl term"}))
            at = sentence.find(term, at + len(term))
    return render(sentence, spans)


def _source_context(
    session: Session, plan: str, sid: SourceId, user: User | None, **query: Any
) -> dict[str, Any]:
    data = evidence_views.source_page(session, plan, sid, **query)
    return {
        "data": data,
        "plan": data["plan"],
        "may_edit": user is not None and user.can_edit_plans,
        "highlighted": highlighted,
        "active": "evidence",
    }


@router.get("/plans/{plan}/evidence/sources/{sid}", response_class=HTMLResponse)
def source(
    request: Request,
    plan: str,
    sid: SourceId,
    session: DB,
    user: CurrentUser,
    kind: Choice = None,
    decision: Choice = None,
    page: PageNumber = 1,
    per_page: PerPage = evidence_views.PER_PAGE,
) -> Response:
    context = _source_context(
        session, plan, sid, user, kind=kind, decision=decision, page=page, per_page=per_page
    )
    query = request.url.query
    context["json_url"] = f"/api/v1/plans/{plan}/evidence/sources/{sid}" + (f"?{query}" if query else "")
    return templates.TemplateResponse(request, "evidence_source.html", context)


def text_html(data: dict[str, Any]) -> Markup:
    """The source's text in paragraphs, every matched sentence a ``<mark id="s-<start>">`` (its
    decision in the class), so that a match's ``…/text#s-<start>`` lands on it."""
    text = data["text"]
    spans = list(paragraphs(text))
    seen: set[int] = set()
    for m in data["matches"]:
        if m["start"] in seen:
            continue  # one sentence may back several tasks: one mark, one id
        seen.add(m["start"])
        best = [x for x in data["matches"] if x["start"] == m["start"]]
        decision = "confirmed" if any(x["decision"] == "confirmed" for x in best) else m["decision"]
        title = "；".join(f"{x['kind_name']} {x['task']}（{x['decision_name']}）" for x in best)
        spans.append(
            Span(
                m["start"],
                m["end"],
                "mark",
                SENTENCE,
                {"class": f"hl evidence {decision}", "id": f"s-{m['start']}", "title": title},
                {"class": f"hl evidence {decision}", "title": title},
            )
        )
    return render(text, spans)


@router.get("/plans/{plan}/evidence/sources/{sid}/text", response_class=HTMLResponse)
def source_text(request: Request, plan: str, sid: SourceId, session: DB) -> Response:
    data = evidence_views.source_text(session, plan, sid)
    return templates.TemplateResponse(
        request,
        "evidence_text.html",
        {
            "data": data,
            "plan": data["plan"],
            "html": text_html(data),
            "json_url": f"/api/v1/plans/{plan}/evidence/sources/{sid}/text",
            "active": "evidence",
        },
    )


def _safe_next(plan: str, target: str) -> str | None:
    """Only back to a page of this plan: a form must not send the browser elsewhere."""
    if target.startswith(f"/plans/{plan}/") and "//" not in target and "\\" not in target:
        return target
    return None


@router.post("/plans/{plan}/evidence/matches/{mid}", response_class=HTMLResponse)
def decide(
    request: Request,
    plan: str,
    mid: MatchId,
    session: DB,
    user: Planner,
    _csrf: Annotated[None, CSRF] = None,
    decision: Annotated[str, Form(max_length=20)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """确认 / 排除 / 撤回 one match: htmx gets the row again, a plain form goes back where it was."""
    decided = trace_evidence.decide(session, plan, mid, decision, by=user)
    if is_htmx(request):
        row = evidence_views.match_row(session, plan, mid)
        return templates.TemplateResponse(
            request,
            "_evidence_match.html",
            {"m": row, "may_edit": True, "highlighted": highlighted, "next": next},
            headers=FRAGMENT_HEADER,
        )
    back = _safe_next(plan, next) or f"/plans/{plan}/evidence/sources/{decided['source']}"
    return RedirectResponse(f"{back.split('#', 1)[0]}#m-{mid}", status_code=303)


@router.get("/plans/{plan}/tasks/{task}/evidence", response_class=HTMLResponse)
def task_timeline(request: Request, plan: str, task: str, session: DB, user: CurrentUser) -> Response:
    data = evidence_views.task_evidence(session, plan, task, user)
    return templates.TemplateResponse(
        request,
        "evidence_task.html",
        {
            "data": data,
            "plan": data["plan"],
            "highlighted": highlighted,
            "may_edit": user is not None and user.can_edit_plans,
            "json_url": f"/api/v1/plans/{plan}/tasks/{task}/evidence",
            "active": "evidence",
        },
    )
