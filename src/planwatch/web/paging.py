"""A long table cut into pages: the page and page-size parameters every paged route takes, and the
addresses of a table's pages with its filters and sort kept (任务分工, its JSON twin's ``links``)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query

from planwatch.services.division import task_table

PageNumber = Annotated[int, Query(ge=1, le=1_000_000, description="页码，从 1 开始 / page number, from 1")]
PerPage = Annotated[
    int,
    Query(
        ge=1,
        le=task_table.MAX_PER_PAGE,
        description=f"每页条数，1 至 {task_table.MAX_PER_PAGE}，默认 {task_table.PER_PAGE} / rows a page",
    ),
]


def table_query(
    filters: dict[str, Any],
    sort: str = "order",
    *,
    page: int = 1,
    per_page: int = task_table.PER_PAGE,
    version: int | None = None,
) -> str:
    """The query string of the table with ``filters``, sorted by ``sort``, page ``page`` of
    ``per_page`` rows (defaults left out: document order, page 1, PER_PAGE)."""
    values: dict[str, Any] = {"version": version, **{k: filters.get(k) for k in task_table.FILTERS}}
    values["sort"] = None if sort == "order" else sort
    values["per_page"] = None if per_page == task_table.PER_PAGE else per_page
    values["page"] = None if page == 1 else page
    return urlencode({k: v for k, v in values.items() if v})


def page_links(base: str, data: dict[str, Any], version: int | None = None) -> dict[str, str | None]:
    """Addresses of the pages of ``data`` (a tasks_page) under ``base``, filters and sort kept:
    self, first, prev, next, last (prev/next None at either end)."""

    def url(n: int | None) -> str | None:
        if n is None:
            return None
        query = table_query(data["filters"], data["sort"], page=n, per_page=data["per_page"], version=version)
        return f"{base}?{query}" if query else base

    page, pages = data["page"], data["pages"]
    return {
        "self": url(page),
        "first": url(1),
        "prev": url(page - 1 if page > 1 else None),
        "next": url(page + 1 if page < pages else None),
        "last": url(pages),
    }
