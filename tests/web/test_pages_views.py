"""The page-data functions behind 规划文本, 任务分工, the item lists and 导入, on SQLite and on
PostgreSQL: the same data whichever database holds the plan, and a refused change leaves nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from planwatch.model import ForbiddenError, InputError, User
from planwatch.services.division import decisions
from planwatch.services.plans import importing
from planwatch.services.plans.analyze import default_plan_bytes
from planwatch.services.plans.records import list_plans
from planwatch.services.views import items as item_views
from planwatch.services.views import tasks as task_views
from planwatch.services.views import text as text_views
from planwatch.settings import Settings
from planwatch.store.engine import transaction


def person(role: str, department: str | None = None) -> User:
    return User(1, f"{role}-1", "测试", role, department, True, datetime.now(UTC))


@pytest.fixture
def settings(engine: Engine) -> Settings:
    s = Settings(db_url=engine.url.render_as_string(hide_password=False))
    data, name = default_plan_bytes()
    with transaction(engine) as session:
        result = importing.import_file(session, s, data, name, person("planner"))
    assert result["plan"]["id"] == 1 and not result["already_imported"]
    return s


def test_reader_and_lists(engine: Engine, settings: Settings) -> None:
    with transaction(engine) as session:
        node = text_views.node_page(session, "1", "p1.a1")
        whole = text_views.node_page(session, "1", None)
        projects = item_views.entities_page(session, "1", ("project",))
        indicators = item_views.indicators_page(session, "1")
        q = next(q for q in node["quantities"] if q["text"] == "研发投入强度达3%")
        item = text_views.item_page(session, "1", "quantity", q["index"])
    assert node["node"]["cite"] == "第1条" and node["prev"] is None and node["next"]["id"] == "p1.a2"
    assert whole["node"]["kind"] == "document" and len(whole["sentences"]) == 536
    assert "长海跨海大桥" in {p["name"] for p in projects["entities"]["project"]}
    assert len(indicators["quantities"]) == 13
    assert item["item"]["subject"] == "研发投入强度" and item["sentence"]["text"].endswith(
        "研发投入强度达3%。"
    )


def test_task_table_edit_and_history(engine: Engine, settings: Settings) -> None:
    planner = person("planner")
    with transaction(engine) as session:
        page = task_views.tasks_page(session, "1", settings, instrument="需求型", sort="-due")
        assert page["count"] == len(page["rows"]) > 0
        done = decisions.edit_assignment(
            session, settings, "1", "p3.a7.t1", planner, lead="科技局", cooperating=["教育局"], due="2027"
        )
    assert done["task"]["lead"] == "大连市科学技术局" and done["task"]["cooperating"] == ["大连市教育局"]
    assert done["history"][0]["decided_by"] == "planner-1"
    reporter = person("reporter", "大连市教育局")  # co-operates on p3.a7.t1 now
    with transaction(engine) as session:
        # A reporter's due date is saved at once, with the units in force carried over.
        dated = decisions.edit_assignment(
            session, settings, "1", "p3.a7.t1", reporter, lead=None, cooperating=None, due="2028"
        )
        assert dated["task"]["lead"] == "大连市科学技术局" and dated["task"]["due"] == "2028"
        with pytest.raises(ForbiddenError):
            decisions.edit_assignment(
                session, settings, "1", "p3.a6.t1", reporter, lead=None, cooperating=[], due="2030"
            )
    # Dropping a unit is a request for the planner, never saved by the reporter; it needs a reason.
    with pytest.raises(InputError, match="调整说明"), transaction(engine) as session:
        decisions.edit_assignment(
            session, settings, "1", "p3.a7.t1", reporter, lead=None, cooperating=[], due=None
        )
    with transaction(engine) as session:
        why = "教育局不承担该项工作"
        asked = decisions.edit_assignment(
            session, settings, "1", "p3.a7.t1", reporter, lead=None, cooperating=[], due=None, note=why
        )
    assert asked["request"]["status"] == "pending" and asked["request"]["cooperating"] == []
    assert asked["task"]["cooperating"] == ["大连市教育局"]
    with transaction(engine) as session:
        assert len(task_views.task_page(session, "1", "p3.a7.t1", settings)["history"]) == 2
        assert task_views.task_page(session, "1", "p3.a6.t1", settings)["history"] == []


def test_a_failed_import_stores_nothing(engine: Engine, settings: Settings) -> None:
    with pytest.raises(InputError, match="文件为空"), transaction(engine) as session:
        importing.import_file(session, settings, b"", "empty.txt", person("planner"))
    with transaction(engine) as session:
        assert len(list_plans(session)) == 1
        data, name = default_plan_bytes()
        again = importing.import_file(session, settings, data, name, person("planner"))
    assert again["already_imported"] is True
