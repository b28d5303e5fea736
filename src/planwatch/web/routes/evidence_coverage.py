"""落实佐证覆盖情况: the coverage matrix of a plan's documentary evidence (parts × years), the tasks
never taken up, evidence against progress reports, indicator figures and project milestones (one
view, the page and its JSON twin), and the workbook."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response

from planwatch.services.evidence import coverage as service
from planwatch.web.downloads import content_disposition
from planwatch.web.params import DB
from planwatch.web.schemas.evidence_coverage import CoveragePage
from planwatch.web.twin import Area
from planwatch.web.urls import url

area = Area("evidence")
Basis = Annotated[str | None, Query(max_length=20, description="confirmed（已确认）/ proposed（含待确认）")]


def _context(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    # The footer's JSON link names the basis shown, also when the address left it to the default.
    plan = data["plan"]["id"]
    return {
        "bases": service.BASIS_NAMES,
        "kinds": service.KIND_NAMES,
        "decisions": service.DECISION_NAMES,
        "json_url": url("api.evidence_coverage", {"basis": data["basis"]}, plan=plan),
    }


@area.page(
    "/plans/{plan}/evidence/coverage",
    template="evidence_coverage.html",
    active="evidence",
    model=CoveragePage,
    context=_context,
    summary="文件佐证覆盖情况 / coverage by documentary evidence",
)
def evidence_coverage(plan: str, session: DB, basis: Basis = None) -> dict[str, Any]:
    """规划各部分任务在各年份来源中被落实的比例（``basis``：confirmed 只计已确认的佐证，proposed 含待确认），
    从未提及的任务、佐证与进展填报的对照、指标数据和项目节点。"""
    return _with_links(service.coverage_view(session, plan, basis))


def _with_links(data: dict[str, Any]) -> dict[str, Any]:
    """The service's data (shared: copied, not changed) with the links of its tasks and pages. The
    JSON names the API's workbook; the page links its own download (template)."""
    plan = data["plan"]["id"]

    def linked(t: dict[str, Any]) -> dict[str, Any]:
        task = t["task"]
        return {
            **t,
            "url": url("task", plan=plan, task=task),
            "evidence_url": url("task_evidence", plan=plan, task=task),
        }

    shown = data["coverage"]
    coverage = {
        **shown,
        "never_taken_up": [{**p, "tasks": [linked(t) for t in p["tasks"]]} for p in shown["never_taken_up"]],
        "reported_without_progress": [linked(t) for t in shown["reported_without_progress"]],
        "done_without_trace": [linked(t) for t in shown["done_without_trace"]],
    }
    links = {
        "evidence": url("evidence_sources", plan=plan),
        "page": url("evidence_coverage", plan=plan),
        "xlsx": url("api.evidence_coverage_xlsx", plan=plan),
    }
    return {**data, "coverage": coverage, "links": links}


def _download(plan: str, session: DB) -> Response:
    data, filename, media_type = service.evidence_file(session, plan, "xlsx")
    return Response(
        data, media_type=media_type, headers={"Content-Disposition": content_disposition(filename)}
    )


area.pages.add_api_route(
    "/plans/{plan}/evidence/coverage.xlsx", _download, methods=["GET"], name="evidence_coverage_xlsx"
)
area.api.add_api_route(
    "/plans/{plan}/evidence/coverage.xlsx",
    _download,
    methods=["GET"],
    name="api.evidence_coverage_xlsx",
    summary="下载文件佐证 Excel / download the evidence workbook",
    response_class=Response,
)
