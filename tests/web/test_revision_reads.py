"""Concurrent requests of one worker share their reads of the change revision (web/revision_reads.py),
and none of them sees a revision older than its own arrival."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from sqlalchemy import Engine, text

from planwatch.services import memo
from planwatch.store import revisions
from planwatch.store.engine import make_engine
from planwatch.store.migrate import upgrade
from planwatch.web.revision_reads import RevisionReads

T = TypeVar("T")


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on a thread of its own: an earlier test on this worker (Playwright's sync API)
    may have left an event loop running in this thread, where ``asyncio.run`` refuses to start."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _engine(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    revisions.bump_engine(engine)  # a first write: the database has a revision to read
    return engine


def test_forty_concurrent_requests_share_a_few_reads(db_url: str) -> None:
    engine = _engine(db_url)
    reads = RevisionReads(engine)

    async def burst() -> list[Any]:
        return await asyncio.gather(*(reads.rows() for _ in range(40)))

    try:
        found = _run(burst())
        alone = memo.read_revision_rows(engine)
    finally:
        reads.close()
        engine.dispose()
    assert all(rows == alone for rows in found)
    assert alone is not None and revisions.GLOBAL in alone
    # the first arrival starts a read; everyone arriving while it runs shares the one after it
    assert 1 <= reads.reads <= 2, reads.reads


def test_a_write_committed_before_a_request_arrives_is_seen(db_url: str) -> None:
    engine = _engine(db_url)
    reads = RevisionReads(engine)

    async def scenario() -> tuple[Any, Any, Any]:
        prior = memo.read_revision_rows(engine)
        first = asyncio.ensure_future(reads.rows())
        await asyncio.sleep(0)  # the first read is under way
        # a write commits while that read may still be running; a request arriving after it…
        await asyncio.to_thread(revisions.bump_engine, engine)
        after_write = await reads.rows()
        await first
        return prior, after_write, memo.read_revision_rows(engine)

    try:
        prior, after_write, now = _run(scenario())
    finally:
        reads.close()
        engine.dispose()
    # …sees the write, never the older revision of the read in flight
    assert after_write == now
    assert after_write[revisions.GLOBAL].number > prior[revisions.GLOBAL].number


def test_a_failed_read_reaches_every_waiter_and_the_next_read_starts_afresh(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'gone.db'}"
    engine = _engine(url)
    reads = RevisionReads(engine)
    (tmp_path / "gone.db").unlink()  # the file removed under the pool: the table is missing
    engine.dispose()

    async def burst() -> list[Any]:
        return await asyncio.gather(*(reads.rows() for _ in range(5)), return_exceptions=True)

    try:
        outcomes = _run(burst())
    finally:
        reads.close()
        engine.dispose()
    assert all(isinstance(o, Exception) for o in outcomes), outcomes
    assert reads.reads <= 2


@pytest.mark.parametrize("db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_on_postgresql_the_read_is_awaited_on_the_loop_and_outlives_a_dropped_connection(
    db_url: str,
) -> None:
    """PostgreSQL's rows come from an async connection of the worker's own (no thread hop); when the
    server has dropped it, the next read opens a new one and no request sees an error."""
    engine = _engine(db_url)
    reads = RevisionReads(engine)

    async def scenario() -> tuple[Any, int, Any]:
        first = await reads.rows()
        with engine.connect() as connection:  # the server ends the worker's idle connection
            killed = connection.execute(
                text(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                    "WHERE pid <> pg_backend_pid() AND datname = current_database() "
                    "AND query LIKE 'SELECT scope, revision, token FROM%'"
                )
            ).scalar_one()
            connection.commit()
        await asyncio.to_thread(revisions.bump_engine, engine)
        return first, killed, await reads.rows()

    try:
        first, killed, after = _run(scenario())
    finally:
        reads.close()
        engine.dispose()
    assert killed == 1
    assert after == memo.read_revision_rows(engine)
    assert after[revisions.GLOBAL].number > first[revisions.GLOBAL].number
