"""The change revision as the requests of one worker read it: concurrent requests share one read.

Every cached page asks the database for its revision before it is answered (``web.respcache``), so
under load one worker sent as many identical selects as it had requests, each a few round trips on
PostgreSQL and each a thread waiting to get the GIL back. Here a request waits for the next read
that *starts after it arrived*: a read already under way when it comes in may have missed a write
committed just before, so it joins the read that follows. What a request sees is therefore never
older than its arrival, as when it read alone, and the number of reads is bounded by how long one
takes, not by how many clients ask. On PostgreSQL the read is awaited on the event loop
(``store.revision_async``); on SQLite it runs in the thread pool.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from planwatch.services import memo
from planwatch.services.memo import RevisionRows as Rows
from planwatch.web import respcache

STATE_KEY = "revision_reads"  # app.state attribute


class RevisionReads:
    """One worker's shared reads of the revision rows (``memo.read_revision_rows``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reads = 0  # statements sent, for the tests and the curious
        self._loop: asyncio.AbstractEventLoop | None = None
        self._next: asyncio.Future[Rows] | None = None  # the read the next arrivals wait for
        self._reader: asyncio.Task[None] | None = None
        self._on_loop = memo.loop_reader(engine)

    async def rows(self) -> Rows:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (tests start one per client): start afresh
            self._loop, self._next, self._reader = loop, None, None
        if self._next is None:
            self._next = loop.create_future()
        waiting = self._next
        if self._reader is None or self._reader.done():
            self._reader = loop.create_task(self._read_while_asked())
        # shielded: a client that goes away must not cancel the read others wait for
        return await asyncio.shield(waiting)

    def close(self) -> None:
        if self._on_loop is not None:
            self._on_loop.close()

    async def _read_while_asked(self) -> None:
        while self._next is not None:
            answering, self._next = self._next, None  # later arrivals wait for the next read
            self.reads += 1
            try:
                if self._on_loop is not None:
                    rows = await self._on_loop.rows()
                else:
                    rows = await run_in_threadpool(memo.read_revision_rows, self.engine)
            except Exception as exc:  # every waiter gets the database's error, as alone
                answering.set_exception(exc)
            else:
                answering.set_result(rows)


async def read_into(scope: Scope) -> None:
    """Puts this request's revision keys in its scope (``respcache.REVISION_KEY`` and
    ``PLAN_REVISION_KEY``) once, from a shared read."""
    if respcache.REVISION_KEY in scope:
        return
    app_state = scope["app"].state
    reads: RevisionReads = getattr(app_state, STATE_KEY)
    rows = await reads.rows()
    scope[respcache.REVISION_KEY], scope[respcache.PLAN_REVISION_KEY] = memo.rows_revision_key(
        reads.engine, rows, respcache.plan_in_path(scope["path"])
    )
