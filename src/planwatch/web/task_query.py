"""The 任务分工 table's query parameters, declared once: the filters (the table, its JSON twin and the
download take them) and the sort and page (the table and its twin).

No ``from __future__ import annotations``: FastAPI reads these dataclasses' ``__init__`` signatures as
dependencies, and a class has no globals to resolve string annotations in.
"""

from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import Query

from planwatch.services.division import task_table
from planwatch.web.paging import PageNumber, PerPage


def _filter(description: str) -> Any:
    return Query(max_length=200, description=description)


@dataclass
class TaskFilters:
    """What the table keeps (blank: everything)."""

    part: Annotated[str | None, _filter("部分（如 p3）")] = None
    lead: Annotated[str | None, _filter("牵头单位全称；“未分配”为没有牵头单位")] = None
    unit: Annotated[str | None, _filter("牵头或配合单位全称")] = None
    domain: Annotated[str | None, _filter("领域")] = None
    instrument: Annotated[str | None, _filter("政策工具")] = None
    due: Annotated[str | None, _filter("完成时限")] = None
    q: Annotated[str | None, _filter("关键词（任务、条目、编号、单位、领域）")] = None

    def filters(self) -> dict[str, str | None]:
        """The filters by name (``task_table.FILTERS``)."""
        return {key: getattr(self, key) for key in task_table.FILTERS}


@dataclass
class TaskQuery(TaskFilters):
    """The filters, the sort order and the page shown."""

    sort: Annotated[
        str | None, _filter("排序：order、part、task、lead、domain、instrument、due，前加 - 为降序")
    ] = None
    page: PageNumber = 1
    per_page: PerPage = task_table.PER_PAGE

    def arguments(self) -> dict[str, Any]:
        """Keyword arguments of ``services.views.tasks.tasks_page``."""
        return asdict(self)


@dataclass
class ExportQuery(TaskFilters):
    """What to download, in which format; a task list keeps the rows the filters keep."""

    what: Annotated[str, Query(max_length=20, description="tasks / indicators / entities")] = "tasks"
    format: Annotated[str, Query(max_length=10, description="xlsx / docx / csv / json")] = "xlsx"
