"""Engines and transactions on real databases."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError

from planwatch.model import Analysis
from planwatch.store.engine import make_engine, session_factory, transaction
from planwatch.store.migrate import upgrade
from planwatch.store.repositories import PlanRepository
from planwatch.store.sqlite import BUSY_TIMEOUT_MS
from planwatch.store.tables import PlanRow, PlanVersionRow


def test_sqlite_engine_creates_directory_and_sets_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "planwatch.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
        assert path.is_file()
    finally:
        engine.dispose()


def test_sqlite_in_memory_url_works() -> None:
    engine = make_engine("sqlite://")
    try:
        upgrade(engine)
        with transaction(engine) as session:
            assert PlanRepository(session).list_plans() == []
    finally:
        engine.dispose()


def test_transaction_commits_on_success(engine: Engine) -> None:
    with transaction(engine) as session:
        session.add(PlanRow(name="大连", title="规划"))
    with session_factory(engine)() as session:
        assert session.scalar(select(PlanRow.name)) == "大连"


def test_transaction_rolls_back_on_exception(engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="boom"), transaction(engine) as session:
        session.add(PlanRow(name="大连"))
        session.flush()
        raise RuntimeError("boom")
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(PlanRow)) == 0


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.add(
            PlanVersionRow(
                plan_id=12345, number=1, document_id=67890, schema_version=1, analysis={}, warnings=[]
            )
        )
        session.flush()


def test_timestamps_come_back_as_utc(engine: Engine) -> None:
    before = datetime.now(UTC)
    with transaction(engine) as session:
        session.add(PlanRow(name="大连"))
    with session_factory(engine)() as session:
        created = session.scalars(select(PlanRow.created_at)).one()
    assert created.tzinfo is not None
    offset = created.utcoffset()
    assert offset is not None and offset.total_seconds() == 0
    assert before.replace(microsecond=0) <= created <= datetime.now(UTC)


def test_concurrent_imports_into_one_plan_take_turns(
    engine: Engine, make_analysis: Callable[..., Analysis]
) -> None:
    """A second writer waits for the first (SQLite's write lock, PostgreSQL's row lock), then numbers
    its version after the first one's instead of colliding with it."""
    with transaction(engine) as session:
        PlanRepository(session).add_version("大连", make_analysis("v1"))

    numbers: list[int] = []
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with transaction(engine) as session:
                _plan, version = PlanRepository(session).add_version("大连", make_analysis("v3"))
                numbers.append(version.number)
        except BaseException as exc:
            errors.append(exc)

    with transaction(engine) as session:
        _plan, version = PlanRepository(session).add_version("大连", make_analysis("v2"))
        numbers.append(version.number)
        thread = threading.Thread(target=second_writer)
        thread.start()
        time.sleep(0.5)
        assert thread.is_alive(), "the second writer should wait for the first transaction"
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert errors == []
    assert numbers == [2, 3]


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgres_tests_get_a_schema_of_their_own(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            schema = connection.execute(text("SELECT current_schema()")).scalar()
            tables = connection.execute(
                text("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
            ).scalar()
    finally:
        engine.dispose()
    assert isinstance(schema, str) and schema.startswith("t_")
    assert tables == 0
