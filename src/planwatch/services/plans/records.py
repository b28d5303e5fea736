"""Plan use cases: import an analysed document, list plans, read one back. The session is passed in."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from planwatch.model import (
    Analysis,
    ConflictError,
    ErrorCode,
    InputError,
    Node,
    NotFoundError,
    PlanInfo,
    Task,
    User,
    VersionInfo,
)
from planwatch.outline import fold
from planwatch.services import long_lived
from planwatch.services.admin import audit
from planwatch.services.plans.identity import looks_like_same_plan, text_overlap
from planwatch.services.plans.search import index_version
from planwatch.store.repositories import PlanRepository


@dataclass(frozen=True, slots=True)
class ImportResult:
    plan: PlanInfo
    version: VersionInfo
    already_imported: bool  # identical bytes were stored before: nothing was written
    new_plan: bool


def import_analysis(
    session: Session,
    analysis: Analysis,
    name: str | None = None,
    *,
    by: User | str | None = None,
    force: bool = False,
) -> ImportResult:
    """Store ``analysis`` as a new version of the plan called ``name`` (default: the document title).

    Identical bytes already stored are reported, not stored again. A document that has little text
    in common with the plan's latest version is refused (ConflictError) unless ``force``: a shared
    title does not make two documents one plan. The caller owns the transaction: on any error it
    rolls back and nothing of this import remains.
    """
    repo = PlanRepository(session)
    found = repo.find_version_by_sha256(analysis.document.sha256)
    if found is not None:
        plan, version = found
        return ImportResult(plan, version, already_imported=True, new_plan=False)
    plan_name = (name or analysis.document.title or analysis.document.source).strip()
    if not plan_name:
        raise InputError(
            "无法确定规划名称：文件没有标题。", hint="请指定规划名称。", code=ErrorCode.PLAN_NAME_MISSING
        )
    if len(plan_name) > 200:
        raise InputError(
            f"规划名称过长（{len(plan_name)} 个字符，上限 200）。",
            hint="请指定较短的名称。",
            code=ErrorCode.PLAN_NAME_TOO_LONG,
        )
    new_plan = repo.find_plan_by_name(plan_name) is None
    if not new_plan and not force:
        previous = repo.latest_text(plan_name)
        if previous is not None and not looks_like_same_plan(previous, analysis.document.text):
            share = text_overlap(previous, analysis.document.text)
            raise ConflictError(
                f"“{analysis.document.source}”与已有规划“{plan_name}”的最新版本内容差别很大"
                f"（相同内容约 {share:.0%}），看起来不是同一规划的新版本，未导入。",
                where=analysis.document.source,
                hint="如是另一份规划，请另起一个规划名称；如确是同一规划的新版本，"
                "请确认作为新版本导入后重新导入。",
                code=ErrorCode.PLAN_NOT_SAME,
            )
    plan, version = repo.add_version(plan_name, analysis)
    index_version(session, version.id)
    after = {
        "plan": plan.name,
        "version": version.number,
        "source": version.source,
        "format": version.format,
        "sha256": version.sha256,
        "nodes": version.node_count,
        "sentences": version.sentence_count,
    }
    audit.record(session, by, "plan.import", f"plan:{plan.id}/version:{version.number}", None, after)
    return ImportResult(plan, version, already_imported=False, new_plan=new_plan)


def list_plans(session: Session) -> list[PlanInfo]:
    return PlanRepository(session).list_plans()


@dataclass(frozen=True, slots=True)
class PlanView:
    plan: PlanInfo
    version: VersionInfo
    analysis: Analysis


# A stored version's analysis is rewritten only when its proposals are computed again (another
# catalogue chosen for the plan), so it is cached per process: web pages would otherwise rebuild
# thousands of objects from the database on every request. Keyed by the database, the version id,
# its content hash and time, so a restored or recreated database never serves a stale entry, and by
# the version's analysis token, which that rewrite changes in whichever worker did it: the key is
# read with the version, so no other worker serves the old proposals and no request pays an extra
# query. Effective assignments (which people change) are not cached here.
_ANALYSES: OrderedDict[tuple[str, int, str, str, str | None], Analysis] = OrderedDict()
# About 1 MB each for the Dalian plan (tracemalloc): 32 hold a city's plans and their recent versions;
# at 8, ten plans read in turn missed a third of the time, and a miss costs a 20 ms load.
_ANALYSES_MAX = 32
_ANALYSES_LOCK = Lock()


def find_plan(session: Session, ref: str) -> PlanInfo:
    """A plan by id or name, without its analysis (NotFoundError with a hint otherwise)."""
    return PlanRepository(session).get_plan(ref)


def load_plan(session: Session, ref: str, version: int | None = None) -> PlanView:
    """A stored plan by id or name, at ``version`` (default: the latest)."""
    repo = PlanRepository(session)
    plan = repo.get_plan(ref)
    v = repo.get_version(plan, version)
    bind = session.get_bind()
    url = bind.engine.url if isinstance(bind, Connection) else bind.url
    key = (
        url.render_as_string(hide_password=True),
        v.id,
        v.sha256,
        v.created_at.isoformat(),
        v.analysis_token,
    )
    with _ANALYSES_LOCK:
        analysis = _ANALYSES.get(key)
        if analysis is not None:
            _ANALYSES.move_to_end(key)
    if analysis is None:
        analysis = repo.load_analysis(v.id)
        with _ANALYSES_LOCK:
            _ANALYSES[key] = analysis
            while len(_ANALYSES) > _ANALYSES_MAX:
                _ANALYSES.popitem(last=False)
        long_lived.settle()  # kept for as long as it is used: out of the full collections
    return PlanView(plan, v, analysis)


def find_task(view: PlanView, ref: str) -> Task:
    """A task of the version by its id (``p3.a7.t2``), NotFoundError otherwise."""
    for t in view.analysis.tasks:
        if t.id == ref:
            return t
    raise NotFoundError(
        f"第 {view.version.number} 版中没有编号为“{ref}”的任务。",
        hint="任务编号形如 p3.a7.t2。",
        code=ErrorCode.TASK_NOT_FOUND,
        params={"plan": view.plan.name},
    )


def find_node(analysis: Analysis, ref: str) -> Node:
    """A node by id (``p3.a7``), by printed label (``(7)``, ``第二章``, ``三``) or by article number (``7``)."""
    node = analysis.node(ref)
    if node is not None:
        return node
    want = fold(ref).strip()
    by_label = [n for n in analysis.outline if fold(n.label) == want]
    if len(by_label) == 1:
        return by_label[0]
    if want.isdigit():
        articles = [n for n in analysis.outline if n.kind == "article" and n.ordinal == int(want)]
        if len(articles) == 1:
            return articles[0]
    raise NotFoundError(
        f"没有找到节点“{ref}”。",
        hint="节点可写作编号路径（如 p3.a7）、原文标号（如 (7)、第二章）或条目序号（如 7）。",
        code=ErrorCode.NODE_NOT_FOUND,
    )
