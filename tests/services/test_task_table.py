"""The 任务分工 table's filters, sort orders and pages over the real Dalian rows: the shared rows are
only read, the pages cover every kept row once, and a page number out of range says which pages
there are."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from planwatch.model import InputError, NotFoundError, User
from planwatch.services.catalogue.plan import plan_catalogue
from planwatch.services.division import task_table
from planwatch.services.plans import importing
from planwatch.services.plans.analyze import default_plan_bytes
from planwatch.services.plans.records import load_plan
from planwatch.services.views import task_rows
from planwatch.services.views import tasks as task_views
from planwatch.settings import Settings
from planwatch.store.engine import transaction


@pytest.fixture
def settings(engine: Engine) -> Settings:
    s = Settings(db_url=engine.url.render_as_string(hide_password=False))
    data, name = default_plan_bytes()
    planner = User(1, "planner-1", "测试", "planner", None, True, datetime.now(UTC))
    with transaction(engine) as session:
        importing.import_file(session, s, data, name, planner)
    return s


def test_pages_and_their_numbers() -> None:
    assert task_table.page_of(390, 1, 50).pages == 8
    last = task_table.page_of(390, 8, 50)
    assert (last.start, last.stop, last.prev, last.next) == (350, 390, 7, None)
    assert task_table.page_of(0, 1, 50).pages == 1 and task_table.page_of(0, 1, 50).stop == 0
    assert task_table.page_of(390, 1, 50).numbers() == [1, 2, 3, None, 8]
    assert task_table.page_of(390, 6, 50).numbers() == [1, None, 4, 5, 6, 7, 8]
    assert task_table.page_of(390, 5, 50).numbers() == [1, 2, 3, 4, 5, 6, 7, 8]
    assert task_table.page_of(390, 20, 10).numbers() == [1, None, 18, 19, 20, 21, 22, None, 39]
    with pytest.raises(NotFoundError, match=r"没有第 9 页.*共 8 页"):
        task_table.page_of(390, 9, 50)
    for page, per_page in ((0, 50), (1, 0), (1, 501)):
        with pytest.raises(InputError):
            task_table.page_of(390, page, per_page)
    with pytest.raises(InputError, match="不能按“size”排序"):
        task_table.parse_sort("size")


def test_the_table_only_reads_the_rows_it_is_given(engine: Engine, settings: Settings) -> None:
    with transaction(engine) as session:
        view = load_plan(session, "1")
        rows = task_rows.tasks_with_assignments(session, view, settings)
        rank = {d.name: i for i, d in enumerate(plan_catalogue(session, settings, view))}
    before = copy.deepcopy(rows)
    kept = task_table.clean_filters({"q": " 海洋 ", "domain": ""})
    assert kept["q"] == "海洋" and kept["domain"] is None
    for key in task_table.TASK_SORTS:
        for desc in (False, True):
            chosen = task_table.select(rows, task_table.clean_filters({}), key, desc, rank)
            assert sorted(chosen) == list(range(len(rows))), key
    found = task_table.select(rows, kept, "due", True, rank)
    assert found and all("海洋" in rows[i]["text"] or "海洋" in rows[i]["cite"] for i in found[:3])
    task_table.options(rows, rank, {})
    assert rows == before


def test_a_page_and_the_download_follow_the_same_filters(engine: Engine, settings: Settings) -> None:
    with transaction(engine) as session:
        pages = [
            task_views.tasks_page(session, "1", settings, domain="民生", sort="-due", page=n, per_page=20)
            for n in (1, 2, 3, 4)
        ]
        view = load_plan(session, "1")
        every = task_views.filtered_task_ids(session, view, settings, {"domain": "民生"})
    assert [p["pages"] for p in pages] == [4] * 4 and pages[0]["count"] == 71
    shown = [r["id"] for p in pages for r in p["rows"]]
    assert len(shown) == len(set(shown)) == 71 and set(shown) == every
    assert (pages[1]["first"], pages[1]["last"]) == (21, 40)
