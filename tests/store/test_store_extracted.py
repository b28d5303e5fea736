"""Quantities, entities, goals and tasks in their own tables: stored with a version, read back equal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

import pytest
from sqlalchemy import Engine, delete, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planwatch.model import Analysis, Entity, Goal, NotFoundError, PlanInfo, Quantity, Task, VersionInfo
from planwatch.store.engine import session_factory, transaction
from planwatch.store.migrate import downgrade, upgrade
from planwatch.store.repositories import PlanRepository, _column_of
from planwatch.store.tables import (
    EntityRow,
    GoalRow,
    PlanRow,
    PlanVersionRow,
    QuantityRow,
    SourceDocumentRow,
    TaskRow,
)

MakeAnalysis = Callable[..., Analysis]
ITEM_ROWS = (QuantityRow, EntityRow, GoalRow, TaskRow)


def _import(engine: Engine, name: str, analysis: Analysis) -> tuple[PlanInfo, VersionInfo]:
    with transaction(engine) as session:
        return PlanRepository(session).add_version(name, analysis)


def _load(engine: Engine, version_id: int) -> Analysis:
    with session_factory(engine)() as session:
        return PlanRepository(session).load_analysis(version_id)


def _count(session: Session, table: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


@pytest.mark.parametrize(
    ("model", "table"), [(Quantity, QuantityRow), (Entity, EntityRow), (Goal, GoalRow), (Task, TaskRow)]
)
def test_every_model_field_has_a_column_and_back(model: type[Any], table: type[Any]) -> None:
    # The bulk insert silently drops a key without a column, so a model field added without one
    # would be lost on write; this names the missing column instead.
    from_fields = {_column_of(f.name) for f in fields(model)}
    columns = {c.name for c in table.__table__.columns} - {"id", "version_id", "position"}
    assert from_fields == columns


def test_items_round_trip(engine: Engine, make_analysis_with_items: MakeAnalysis) -> None:
    analysis = make_analysis_with_items()
    _plan, version = _import(engine, "大连十五五", analysis)
    loaded = _load(engine, version.id)

    assert loaded.quantities == analysis.quantities
    assert loaded.entities == analysis.entities
    assert loaded.goals == analysis.goals
    assert loaded.tasks == analysis.tasks
    # Equality cannot tell 126 from 126.0, nor show which bits came back; check both.
    stored = {q.subject: q for q in loaded.quantities}
    assert stored["经济总量"].base_value == 1.26e14
    assert stored["常住人口城镇化率"].value.hex() == (63.6).hex()
    assert stored["研发经费投入强度"].value.hex() == (0.2).hex()
    assert (stored["数字经济核心产业增加值占比"].value, stored["数字经济核心产业增加值占比"].value_max) == (
        10.0,
        12.0,
    )
    assert all(type(q.value) is float for q in loaded.quantities)
    # Spans still point at the right text of the stored document.
    items: list[Quantity | Entity | Goal | Task] = [*loaded.quantities, *loaded.entities, *loaded.goals]
    for item in [*items, *loaded.tasks]:
        assert loaded.text_of(item.start, item.end) == item.text


def test_awkward_floats_are_stored_as_given(engine: Engine, make_analysis_with_items: MakeAnalysis) -> None:
    analysis = make_analysis_with_items()
    # Needs all 17 significant digits; the extremes of a double; a subnormal; a negative value.
    values = [0.1 + 0.2, 1 / 3, 1.7976931348623157e308, 2.2250738585072014e-308, 5e-324, -0.5]
    first = analysis.quantities[0]
    quantities = tuple(
        replace(first, value=v, value_max=v * 2 if abs(v) < 1e300 else None, base_value=-v) for v in values
    )
    _plan, version = _import(engine, "大连", replace(analysis, quantities=quantities))
    loaded = _load(engine, version.id).quantities
    assert [q.value.hex() for q in loaded] == [v.hex() for v in values]
    assert loaded == quantities


def test_analysis_without_items_loads_with_empty_tuples(engine: Engine, make_analysis: MakeAnalysis) -> None:
    _plan, version = _import(engine, "大连", make_analysis())
    loaded = _load(engine, version.id)
    assert (loaded.quantities, loaded.entities, loaded.goals, loaded.tasks) == ((), (), (), ())
    with session_factory(engine)() as session:
        assert [_count(session, t) for t in ITEM_ROWS] == [0, 0, 0, 0]


def test_query_methods(engine: Engine, make_analysis_with_items: MakeAnalysis) -> None:
    analysis = make_analysis_with_items()
    _plan, version = _import(engine, "大连", analysis)
    with session_factory(engine)() as session:
        repo = PlanRepository(session)
        assert repo.quantities(version.id) == list(analysis.quantities)
        assert repo.goals(version.id) == list(analysis.goals)

        assert repo.entities(version.id) == list(analysis.entities)
        projects = repo.entities(version.id, kind="project")
        assert [e.text for e in projects] == ["大连太平湾合作创新区", "绿色石化"]
        assert projects == [e for e in analysis.entities if e.kind == "project"]
        assert repo.entities(version.id, kind="formulation")[0].definition is not None
        assert repo.entities(version.id, kind="event") == []

        assert repo.tasks(version.id) == list(analysis.tasks)
        assert [t.id for t in repo.tasks(version.id, node_key="p2.a5")] == [
            "p2.a5.t1",
            "p2.a5.t2",
            "p2.a5.t3",
        ]
        assert repo.tasks(version.id, node_key="p2.a3") == [t for t in analysis.tasks if t.node == "p2.a3"]
        # Exact node only: the part holds no tasks of its own.
        assert repo.tasks(version.id, node_key="p2") == []

        missing = version.id + 1000
        for query in (repo.quantities, repo.entities, repo.goals, repo.tasks):
            with pytest.raises(NotFoundError):
                query(missing)


def test_items_of_two_versions_stay_apart(engine: Engine, make_analysis_with_items: MakeAnalysis) -> None:
    first = make_analysis_with_items()
    second = make_analysis_with_items("（修订）")
    second = replace(second, tasks=second.tasks[:2], entities=second.entities[1:])
    _plan, v1 = _import(engine, "大连", first)
    _plan, v2 = _import(engine, "大连", second)
    with session_factory(engine)() as session:
        repo = PlanRepository(session)
        # Task keys repeat across versions; they are unique only within one.
        assert repo.tasks(v1.id) == list(first.tasks)
        assert repo.tasks(v2.id) == list(second.tasks)
        assert repo.entities(v2.id, kind="place") == []
        assert len(repo.entities(v1.id, kind="place")) == 1
    assert _load(engine, v1.id).quantities == first.quantities


def test_duplicate_task_key_in_one_version_is_refused(
    engine: Engine, make_analysis_with_items: MakeAnalysis
) -> None:
    analysis = make_analysis_with_items()
    duplicate = replace(analysis.tasks[1], id=analysis.tasks[0].id)
    broken = replace(analysis, tasks=(analysis.tasks[0], duplicate))
    with pytest.raises(IntegrityError), transaction(engine) as session:
        PlanRepository(session).add_version("大连", broken)
    with session_factory(engine)() as session:
        assert _count(session, PlanVersionRow) == 0
        assert [_count(session, t) for t in ITEM_ROWS] == [0, 0, 0, 0]


def test_deleting_a_plan_cascades_to_its_items(
    engine: Engine, make_analysis_with_items: MakeAnalysis
) -> None:
    analysis = make_analysis_with_items()
    _import(engine, "大连", analysis)
    _plan, kept = _import(engine, "沈阳", make_analysis_with_items("沈阳"))
    with session_factory(engine)() as session:
        assert [_count(session, t) for t in ITEM_ROWS] == [
            2 * len(analysis.quantities),
            2 * len(analysis.entities),
            2 * len(analysis.goals),
            2 * len(analysis.tasks),
        ]
    with transaction(engine) as session:
        session.execute(delete(PlanRow).where(PlanRow.name == "大连"))
    with session_factory(engine)() as session:
        assert [_count(session, t) for t in ITEM_ROWS] == [
            len(analysis.quantities),
            len(analysis.entities),
            len(analysis.goals),
            len(analysis.tasks),
        ]
        assert {session.scalar(select(func.min(t.version_id))) for t in ITEM_ROWS} == {kept.id}
        assert _count(session, SourceDocumentRow) == 2


def test_every_item_table_is_indexed_by_version(engine: Engine) -> None:
    """Each table has an index leading with version_id, for per-version reads and the cascade."""
    inspector = inspect(engine)
    for table in ITEM_ROWS:
        name = table.__tablename__
        leading = [ix["column_names"][0] for ix in inspector.get_indexes(name)]
        leading += [uq["column_names"][0] for uq in inspector.get_unique_constraints(name)]
        assert "version_id" in leading, name
        (fk,) = inspector.get_foreign_keys(name)
        assert (fk["referred_table"], fk["options"].get("ondelete")) == ("plan_versions", "CASCADE")


def test_versions_stored_before_0002_survive_the_upgrade_and_the_downgrade(
    engine: Engine, make_analysis: MakeAnalysis, make_analysis_with_items: MakeAnalysis
) -> None:
    # A version stored at 0001 is what downgrading leaves of one stored now: its rows in the 0001
    # tables (an Analysis without items writes nothing else); the current code writes today's schema.
    old = make_analysis()
    _plan, v1 = _import(engine, "大连", old)
    downgrade(engine, "0001")
    assert not {"quantities", "entities", "goals", "tasks"} & set(inspect(engine).get_table_names())

    upgrade(engine)
    loaded = _load(engine, v1.id)
    assert loaded.outline == old.outline
    assert loaded.tasks == ()
    _plan, v2 = _import(engine, "大连", make_analysis_with_items("新"))

    downgrade(engine, "0001")
    with session_factory(engine)() as session:
        assert sorted(session.scalars(select(PlanVersionRow.id))) == [v1.id, v2.id]
    upgrade(engine)
    # Downgrading drops the items of later versions with their tables; the versions themselves stay.
    assert _load(engine, v2.id).tasks == ()


def test_plan_sized_items_round_trip(engine: Engine, make_large_analysis: MakeAnalysis) -> None:
    analysis = make_large_analysis()
    text = analysis.document.text
    tasks = tuple(
        Task(
            id=f"{s.node}.t{n}",
            text=text[s.start : s.end],
            verb="推进",
            object=text[s.start + 2 : s.end - 1],
            node=s.node,
            start=s.start,
            end=s.end,
            domain=None if n % 3 else "产业",
            sentence=s.id,
        )
        for n, s in enumerate(analysis.sentences)
    )
    _plan, version = _import(engine, "大连", replace(analysis, tasks=tasks))
    with session_factory(engine)() as session:
        repo = PlanRepository(session)
        assert tuple(repo.tasks(version.id)) == tasks
        assert repo.tasks(version.id, node_key="p3.a4") == [t for t in tasks if t.node == "p3.a4"]
