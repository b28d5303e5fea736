"""Engines, sessions and the unit-of-work transaction, for any database URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from planwatch.store import revisions, sqlite
from planwatch.store.connect import make_engine as make_engine

# Importing revisions installs its hooks: every session's commit bumps the change revision when it wrote.
_ = revisions


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
