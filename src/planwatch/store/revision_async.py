"""The revision rows read on the event loop, for PostgreSQL: one psycopg async connection per worker.

A worker reads the revision rows before it answers any cached page (``web.revision_reads``). Read
through the thread pool, each read cost a hand-off to a thread and back, with the GIL passed both
ways: under 50 clients on 4 workers a fifth of a worker's samples (py-spy) went to the queue and its
condition variables, not to the query. PostgreSQL has an async driver, so the read is awaited on
the loop itself. SQLite has none (aiosqlite is a thread too), and its read is a file read: it keeps
the pool's path (``revisions.read_engine_rows``).
"""

from __future__ import annotations

import asyncio

import psycopg
from sqlalchemy import Engine

from planwatch.store import revisions


class AsyncRevisionRows:
    """Reads every revision row (``revisions.RAW_SELECT_ALL``) on one autocommit connection of its
    own, opened at the first read on an event loop and again after an error or on another loop.
    Reads must not overlap: its caller (``web.revision_reads.RevisionReads``) runs one at a time."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: psycopg.AsyncConnection[tuple[object, ...]] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def rows(self) -> dict[str, revisions.Revision] | None:
        """The rows by scope; None when the database has no revision table yet (before 0017).

        A connection the server or the network dropped while it sat idle (a restart, an idle
        timeout) is found at the next read: that read is made once more on a new connection, as the
        pool's pre-ping does for the thread path, so no request fails for it."""
        try:
            return await self._read()
        except psycopg.OperationalError:
            self.close()
            return await self._read()

    async def _read(self) -> dict[str, revisions.Revision] | None:
        connection = await self._connect()
        try:
            cursor = await connection.execute(revisions.RAW_SELECT_ALL)
            found = await cursor.fetchall()
        except psycopg.errors.UndefinedTable:
            return None  # autocommit: nothing is left aborted, the connection stays usable
        except psycopg.Error:
            self.close()  # the next read opens a fresh one
            raise
        return revisions.rows_by_scope(found)

    async def _connect(self) -> psycopg.AsyncConnection[tuple[object, ...]]:
        loop = asyncio.get_running_loop()
        if self._connection is not None and self._loop is loop and not self._connection.closed:
            return self._connection
        self.close()
        # the engine's own connection arguments (host, port, database, user, password, SSL options)
        _, kwargs = self._engine.dialect.create_connect_args(self._engine.url)
        kwargs.pop("context", None)  # SQLAlchemy's type adapters: the revision rows need none
        self._connection = await psycopg.AsyncConnection.connect(autocommit=True, **kwargs)
        self._loop = loop
        return self._connection

    def close(self) -> None:
        """Closes the connection without awaiting (its event loop may be gone: tests start one per
        client); libpq's own close is synchronous and quick."""
        if self._connection is not None:
            self._connection.pgconn.finish()
            self._connection = None
            self._loop = None
