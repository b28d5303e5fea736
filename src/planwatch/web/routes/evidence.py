"""落实佐证: the documents attached to a plan as evidence of its tasks, each source's matches with the
planner's 确认 / 排除 / 撤回, the source's text with the matched sentences, and one task's timeline.
Each page is one view serving the HTML and its JSON twin. Attaching traces the whole plan and runs as
a background job (the form goes on to the job's page, the API answers 202 with the job's address)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import unquote

from fastapi import File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.model import ConflictError, InputError, User
from planwatch.model.job import Job
from planwatch.services import jobs
from planwatch.services.evidence import sources as trace_evidence
from planwatch.services.plans.records import list_plans, load_plan
from planwatch.services.views import evidence as evidence_views
from planwatch.settings import Settings
from planwatch.web.deps import USER_KEY, Planner, request_session, settings_of
from planwatch.web.forms import refusal
from planwatch.web.handoff import Runner, accepted, to_job
from planwatch.web.highlight import ITEM, SENTENCE, Span, paragraphs, render
from planwatch.web.htmx import FRAGMENT_HEADER, is_htmx
from planwatch.web.params import DB, Config, Csrf
from planwatch.web.schemas.evidence import (
    MatchRow,
    RemovedSource,
    SourcePage,
    SourcesPage,
    SourceText,
    TaskEvidence,
)
from planwatch.web.templating import templates
from planwatch.web.twin import Area
from planwatch.web.uploads import ACCEPT, parse_year, read_upload
from planwatch.web.urls import url

area = Area("evidence")
PageNumber = Annotated[int, Query(ge=1, le=1_000_000, description="页码，从 1 开始 / page number")]
PerPage = Annotated[int, Query(ge=1, le=evidence_views.MAX_PER_PAGE, description="每页条数 / matches a page")]
Choice = Annotated[str | None, Query(max_length=20)]
# Beyond a 32-bit id nothing exists; a larger number would overflow the database driver.
SourceId = Annotated[int, Path(ge=1, le=2_147_483_647, description="佐证来源编号 / source id")]
MatchId = Annotated[int, Path(ge=1, le=2_147_483_647, description="佐证匹配编号 / match id")]


class AttachForm(BaseModel):
    """The attach form's fields (the page's form and the API's multipart body alike)."""

    source: str = Field("", max_length=200, description="或：已导入规划的编号/名称")
    year: str = Field("", max_length=8, description="来源年份，默认从标题读取")
    threshold: str = Field("", max_length=10, description="相似度阈值 0–1，默认 0.14")


class Decision(BaseModel):
    decision: str = Field(description="confirmed（确认）/ dismissed（排除）/ proposed（撤回）", max_length=20)


class DecisionForm(Decision):
    """The page's form also says where to go back to."""

    next: str = Field("", max_length=500)


Upload = Annotated[UploadFile | None, File(description="后续文件（txt/docx/pdf/html）")]


def may_edit(request: Request) -> bool:
    user = request.scope.get(USER_KEY)
    return isinstance(user, User) and user.can_edit_plans


def highlighted(sentence: str, terms: list[str]) -> Markup:
    """The sentence with every occurrence of the shared key terms marked (escaped by ``render``)."""
    spans = []
    for term in sorted(set(terms), key=len, reverse=True):
        at = sentence.find(term) if term else -1
        while at >= 0:
            spans.append(Span(at, at + len(term), "mark", ITEM, {"class": "hl term"}))
            at = sentence.find(term, at + len(term))
    return render(sentence, spans)


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


def _source_links(plan: int, row: dict[str, Any]) -> dict[str, Any]:
    """A source's row with its page, text and JSON twin."""
    return {
        **row,
        "url": url("evidence_source", plan=plan, sid=row["id"]),
        "text_url": url("evidence_text", plan=plan, sid=row["id"]),
        "json_url": url("api.evidence_source", plan=plan, sid=row["id"]),
    }


def _match_links(plan: int, m: dict[str, Any]) -> dict[str, Any]:
    """A match with its sentence in the source's text, its task's timeline (none when the task
    is no longer in the plan) and where to post a decision."""
    return {
        **m,
        "text_url": url("evidence_text", fragment=f"s-{m['start']}", plan=plan, sid=m["source"]),
        "task_url": None if m["stale"] else url("task_evidence", plan=plan, task=m["task"]),
        "decide_url": url("decide_evidence", plan=plan, mid=m["id"]),
    }


def _matches_links(plan: int, matches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_match_links(plan, m) for m in matches]


def _sources_context(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    editing = may_edit(request)
    session = request_session(request)
    others = [p for p in list_plans(session) if p.id != data["plan"]["id"]] if editing else []
    return {
        "may_edit": editing,
        "others": others,
        "error": None,
        "form": {},
        "removed": request.query_params.get("removed"),
        "accept": ACCEPT,
        "max_mb": settings_of(request).max_file_bytes // (1024 * 1024),
    }


@area.page(
    "/plans/{plan}/evidence",
    template="evidence.html",
    active="evidence",
    model=SourcesPage,
    context=_sources_context,
    summary="落实佐证：佐证来源与承接情况 / evidence sources",
)
def evidence_sources(plan: str, session: DB) -> dict[str, Any]:
    return _sources_links(evidence_views.sources_page(session, plan))


def _sources_links(data: dict[str, Any]) -> dict[str, Any]:
    plan = data["plan"]["id"]
    links = {
        "self": url("api.evidence_sources", plan=plan),
        "page": url("evidence_sources", plan=plan),
        "coverage": url("evidence_coverage", plan=plan),
        "attach": url("api.attach_evidence", plan=plan),
    }
    return {**data, "sources": [_source_links(plan, s) for s in data["sources"]], "links": links}


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
    file: UploadFile | None,
    form: AttachForm,
) -> Job:
    """An uploaded file, else a stored plan named in ``source``. Refuse what can be refused at once
    (nothing stored), then queue the trace."""
    from planwatch.compare.trace import THRESHOLD

    data: bytes | None = None
    filename = ""
    if file is not None and (file.filename or "").strip():
        data, filename = read_upload(file, settings)
    elif not form.source.strip():
        read_upload(None, settings)  # "没有收到文件" with the import page's words
    source = form.source.strip() or None
    year, threshold = parse_year(form.year), parse_threshold(form.threshold)

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
        page_of=lambda plan_id, sid: url("evidence_source", plan=plan_id, sid=sid),
    )


@area.pages.post("/plans/{plan}/evidence/sources", response_class=HTMLResponse)
def attach_evidence(
    request: Request,
    plan: str,
    session: DB,
    settings: Config,
    runner: Runner,
    user: Planner,
    form: Annotated[AttachForm, Form()],
    file: Upload = None,
    _csrf: Csrf = None,
) -> Response:
    try:
        job = queue_attach(session, settings, runner, user, plan, file, form)
    except InputError as exc:
        session.rollback()
        data = _sources_links(evidence_views.sources_page(session, plan))
        values = {
            "data": data,
            "plan": data["plan"],
            "json_url": url("api.evidence_sources", plan=plan),
            "active": "evidence",
            **_sources_context(request, data),
            "error": refusal(exc),
            "form": form.model_dump(),
        }
        status = 409 if isinstance(exc, ConflictError) else 400
        return templates.TemplateResponse(request, "evidence.html", values, status_code=status)
    return to_job(job.id, htmx=is_htmx(request))


@area.api.post(
    "/plans/{plan}/evidence/sources",
    summary="附加佐证来源（上传文件或选择已导入规划），后台追踪 / attach a source (202, a job)",
    status_code=202,
    name="api.attach_evidence",
)
def attach_evidence_api(
    plan: str,
    session: DB,
    settings: Config,
    runner: Runner,
    user: Planner,
    form: Annotated[AttachForm, Form()],
    file: Upload = None,
    _csrf: Csrf = None,
) -> Any:
    return accepted(queue_attach(session, settings, runner, user, plan, file, form))


@area.pages.post("/plans/{plan}/evidence/sources/{sid}/remove")
def remove_evidence_source(
    plan: str,
    sid: SourceId,
    session: DB,
    user: Planner,
    confirm: Annotated[str, Form(max_length=10)] = "",
    _csrf: Csrf = None,
) -> Response:
    if confirm != "yes":
        raise InputError("移除佐证来源需要确认。", hint="请勾选“确认移除”后再提交。")
    removed = trace_evidence.remove_source(session, plan, sid, by=user)
    return RedirectResponse(url("evidence_sources", {"removed": removed["id"]}, plan=plan), status_code=303)


@area.api.post(
    "/plans/{plan}/evidence/sources/{sid}/remove",
    summary="移除佐证来源 / detach a source",
    response_model=RemovedSource,
    name="api.remove_evidence_source",
)
def remove_evidence_source_api(
    plan: str, sid: SourceId, session: DB, user: Planner, _csrf: Csrf = None
) -> dict[str, Any]:
    return trace_evidence.remove_source(session, plan, sid, by=user)


def _source_context(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    return {"may_edit": may_edit(request), "highlighted": highlighted}


@area.page(
    "/plans/{plan}/evidence/sources/{sid}",
    template="evidence_source.html",
    active="evidence",
    model=SourcePage,
    context=_source_context,
    summary="一个来源的佐证匹配 / a source's matches",
)
def evidence_source(
    plan: str,
    sid: SourceId,
    session: DB,
    kind: Choice = None,
    decision: Choice = None,
    page: PageNumber = 1,
    per_page: PerPage = evidence_views.PER_PAGE,
) -> dict[str, Any]:
    data = evidence_views.source_page(
        session, plan, sid, kind=kind, decision=decision, page=page, per_page=per_page
    )
    pid = data["plan"]["id"]
    groups = [
        {
            **g,
            "tasks": [
                {
                    "task": t["task"],
                    "text": t["text"],
                    "url": None
                    if t["matches"][0]["stale"]
                    else url("task_evidence", plan=pid, task=t["task"]),
                    "matches": _matches_links(pid, t["matches"]),
                }
                for t in g["tasks"]
            ],
        }
        for g in data["groups"]
    ]
    links = {
        "page": url("evidence_source", plan=pid, sid=sid),
        "text": url("evidence_text", plan=pid, sid=sid),
        "plan": url("evidence_sources", plan=pid),
    }
    return {
        **data,
        "source": _source_links(pid, data["source"]),
        "groups": groups,
        "matches": _matches_links(pid, data["matches"]),
        "links": links,
    }


@area.page(
    "/plans/{plan}/evidence/sources/{sid}/text",
    template="evidence_text.html",
    active="evidence",
    model=SourceText,
    context=lambda request, data: {"html": text_html(data)},
    summary="来源原文与匹配句 / a source's text",
)
def evidence_text(plan: str, sid: SourceId, session: DB) -> dict[str, Any]:
    data = evidence_views.source_text(session, plan, sid)
    pid = data["plan"]["id"]
    links = {"page": url("evidence_source", plan=pid, sid=sid), "plan": url("evidence_sources", plan=pid)}
    return {
        **data,
        "source": _source_links(pid, data["source"]),
        "matches": _matches_links(pid, data["matches"]),
        "links": links,
    }


def _safe_next(plan: str, target: str) -> str | None:
    """Only back to a page of this plan: a form must not send the browser elsewhere."""
    # the form sends the page's path as the browser shows it: unquoted
    mine = unquote(url("overview", plan=plan)) + "/"
    if target.startswith(mine) and "//" not in target and "\\" not in target:
        return target
    return None


def _decide(session: Session, plan: str, mid: int, decision: str, user: User) -> dict[str, Any]:
    """Record the decision; the match's row as the pages show it afterwards."""
    trace_evidence.decide(session, plan, mid, decision, by=user)
    return _match_links(load_plan(session, plan).plan.id, evidence_views.match_row(session, plan, mid))


@area.pages.post("/plans/{plan}/evidence/matches/{mid}", response_class=HTMLResponse)
def decide_evidence(
    request: Request,
    plan: str,
    mid: MatchId,
    session: DB,
    user: Planner,
    form: Annotated[DecisionForm, Form()],
    _csrf: Csrf = None,
) -> Response:
    """确认 / 排除 / 撤回 one match: htmx gets the row again, a plain form goes back where it was."""
    row = _decide(session, plan, mid, form.decision, user)
    if is_htmx(request):
        return templates.TemplateResponse(
            request,
            "_evidence_match.html",
            {"m": row, "may_edit": True, "highlighted": highlighted, "next": form.next},
            headers=FRAGMENT_HEADER,
        )
    back = _safe_next(plan, form.next) or url("evidence_source", plan=plan, sid=row["source"])
    return RedirectResponse(f"{back.split('#', 1)[0]}#m-{mid}", status_code=303)


@area.api.post(
    "/plans/{plan}/evidence/matches/{mid}",
    summary="确认、排除或撤回一条佐证 / decide on a match",
    response_model=MatchRow,
    name="api.decide_evidence",
)
def decide_evidence_api(
    plan: str, mid: MatchId, body: Decision, session: DB, user: Planner, _csrf: Csrf = None
) -> dict[str, Any]:
    return _decide(session, plan, mid, body.decision, user)


@area.page(
    "/plans/{plan}/tasks/{task}/evidence",
    template="evidence_task.html",
    active="evidence",
    model=TaskEvidence,
    context=_source_context,
    summary="一项任务的文件佐证时间线 / a task's timeline",
)
def task_evidence(plan: str, task: str, session: DB) -> dict[str, Any]:
    # The timeline's progress history is the same for every reader: no user is needed.
    data = evidence_views.task_evidence(session, plan, task)
    pid, tid = data["plan"]["id"], data["task"]["id"]
    years = [{**y, "evidence": _matches_links(pid, y["evidence"])} for y in data["years"]]
    links = {
        "task": url("task", plan=pid, task=tid),
        "plan": url("evidence_sources", plan=pid),
        "json": url("api.task_evidence", plan=pid, task=tid),
    }
    return {**data, "years": years, "links": links}
