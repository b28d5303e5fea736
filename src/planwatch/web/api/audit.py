"""The audit log (admins only): the JSON twin of the 管理 page's log, with the same filters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from planwatch.services.admin import audit
from planwatch.store.users import AuditFilter
from planwatch.web.deps import Admin, db_session

router = APIRouter(tags=["audit"])
DB = Annotated[Session, Depends(db_session)]


def audit_filter(
    username: Annotated[str | None, Query(max_length=64, description="用户名 / who")] = None,
    action: Annotated[
        str | None,
        Query(max_length=64, description="操作，如 user.add；以 . 结尾表示前缀 / action or prefix."),
    ] = None,
    target: Annotated[
        str | None, Query(max_length=200, description="对象包含的文字 / target contains")
    ] = None,
    since: Annotated[str | None, Query(description="起始日期 YYYY-MM-DD（北京时间）/ from date")] = None,
    until: Annotated[
        str | None, Query(description="截止日期 YYYY-MM-DD（含当日）/ to date, inclusive")
    ] = None,
) -> AuditFilter:
    """The audit filters from the query string; the page, its CSV and this API read them alike."""
    return audit.make_filter(username=username, action=action, target=target, since=since, until=until)


@router.get("/audit", summary="审计日志（管理员） / audit log (admins)")
def audit_log(
    session: DB,
    admin: Admin,
    f: Annotated[AuditFilter, Depends(audit_filter)],
    limit: Annotated[int, Query(ge=1, le=1000, description="每页条数 / page size")] = 100,
    offset: Annotated[int, Query(ge=0, description="跳过条数 / offset")] = 0,
) -> dict[str, Any]:
    return audit.log_page(session, f, limit=limit, offset=offset)
