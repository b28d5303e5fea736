"""Engines, sessions and the unit-of-work transaction, for any database URL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from planwatch.store import revisions, sqlite

# Importing revisions installs its hooks: every session's commit bumps the change revision when it wrote.
_ = revisions


def _json_dumps(value: Any) -> str:
    # ensure_ascii=False keeps Chinese text readable and a third of the size; allow_nan=False makes
    # SQLite refuse NaN exactly as PostgreSQL's json type would, instead of storing it silently.
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def make_engine(url: str, *, busy_timeout_seconds: float | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` (``sqlite:///path.db`` or ``postgresql+psycopg://…``).

    ``busy_timeout_seconds``: how long a SQLite writer waits for another (default
    ``sqlite.BUSY_TIMEOUT_MS``). Extra keyword arguments go to :func:`sqlalchemy.create_engine`
    (``echo=True`` when debugging).
    """
    parsed = make_url(url)
    kwargs.setdefault("json_serializer", _json_dumps)
    if sqlite.is_sqlite(parsed):
        sqlite.ensure_parent_directory(parsed)
        engine = create_engine(parsed, **kwargs)
        timeout = sqlite.BUSY_TIMEOUT_MS if busy_timeout_seconds is None else int(busy_timeout_seconds * 1000)
        sqlite.install_pragmas(engine, busy_timeout_ms=timeout)
        return engine
    # A server may drop idle connections (restarts, proxies); checking on checkout turns that into a
    # reconnect instead of an error in the middle of a request.
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine``.

    ``expire_on_commit=False`` because repositories hand out plain model objects built before
    commit; nothing should lazily reload ORM state after the transaction ends.
    """
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit if the block finishes, roll back on any exception.

    Use it for work that writes. On SQLite it takes the write lock up front (see
    :func:`planwatch.store.sqlite.begin_immediate`), so concurrent writers queue instead of failing.
    """
    with session_factory(engine)() as session, session.begin():
        if sqlite.is_sqlite(engine):
            sqlite.begin_immediate(session.connection())
        yield session
