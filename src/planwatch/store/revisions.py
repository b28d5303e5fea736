"""The change revision (issue 18): one number, with a fresh random token, bumped by every committed
transaction that wrote to a table pages are built from; caches key their entries on it.

It is bumped here, centrally, so that no write path can forget it: every statement an engine sends
is looked at (``before_cursor_execute``), a write to a tracked table marks the connection, and a
session that commits with a marked connection bumps the revision in the same transaction, as its
last statement, so that the bump commits or rolls back with the write. Bumping last keeps the row
lock short on PostgreSQL and cannot deadlock with the writes themselves. Writes through a bare
connection (not a session) are the migrations and restores, which call :func:`bump` themselves.

The token makes the pair unique across databases and time: a restored or recreated database never
shows a (revision, token) pair that a cache saw for other contents.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, event, insert, inspect, select, update
from sqlalchemy.orm import Session

from planwatch.store.tables import ChangeRevisionRow

GLOBAL = "global"
_ROW = ChangeRevisionRow
# Writes to these change nothing a cached page shows: failed-login bookkeeping, background jobs'
# progress (updated every step; the work a job stores is written to tracked tables), and the counter.
UNTRACKED = frozenset({"change_revisions", "login_attempts", "jobs"})
_WROTE = "planwatch.wrote"  # connection.info: a tracked table was written in this transaction
_CACHED = "planwatch.revision"  # session.info: the revision read in this transaction
_PRESENT: set[str] = set()  # databases known to have the revision table
_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)', re.I
)
_DDL_OR_UNKNOWN = re.compile(r"\s*(?:CREATE|DROP|ALTER|TRUNCATE|COPY)\b", re.I)


@dataclass(frozen=True, slots=True)
class Revision:
    number: int
    token: str

    @property
    def tag(self) -> str:
        return f"{self.number}-{self.token}"


def writes_tracked_table(statement: str) -> bool:
    """Whether SQL text writes to a table whose contents pages show (conservative: unknown DDL counts)."""
    head = statement[:200]
    match = _WRITE.match(head)
    if match is not None:
        return match.group(1).lower() not in UNTRACKED
    return _DDL_OR_UNKNOWN.match(head) is not None


def present(connection: Connection) -> bool:
    """Whether the database has the revision table: not before migration 0017 (an old database a
    restore or a test still writes to). Only a found table is remembered: a migration adds it."""
    key = connection.engine.url.render_as_string(hide_password=True)
    if key in _PRESENT:
        return True
    if inspect(connection).has_table(ChangeRevisionRow.__tablename__):
        _PRESENT.add(key)
        return True
    return False


def bump(connection: Connection) -> Revision | None:
    """Move the revision on, inside ``connection``'s current transaction (None: no table yet)."""
    connection.info.pop(_WROTE, None)
    if not present(connection):
        return None
    token = secrets.token_hex(16)
    done = connection.execute(
        update(_ROW).where(_ROW.scope == GLOBAL).values(revision=_ROW.revision + 1, token=token)
    )
    if done.rowcount == 0:  # a schema made by create_all, not by the migration that adds the row
        connection.execute(insert(_ROW).values(scope=GLOBAL, revision=1, token=token))
    row = connection.execute(select(_ROW.revision, _ROW.token).where(_ROW.scope == GLOBAL)).one()
    return Revision(row.revision, row.token)


def bump_engine(engine: Engine) -> Revision | None:
    """Bump in a transaction of its own (after a restore, which replaced everything)."""
    with engine.begin() as connection:
        return bump(connection)


def current(session: Session) -> Revision | None:
    """The revision as this transaction sees it: one tiny query, then remembered until the
    transaction ends or writes. None when the database has no revision yet (nothing may be cached)."""
    cached = session.info.get(_CACHED)
    if isinstance(cached, Revision):
        return cached
    if not present(session.connection()):
        return None
    row = session.execute(select(_ROW.revision, _ROW.token).where(_ROW.scope == GLOBAL)).one_or_none()
    if row is None:
        return None
    revision = Revision(row.revision, row.token)
    session.info[_CACHED] = revision
    return revision


def has_pending_writes(session: Session) -> bool:
    """Whether this transaction wrote (or is about to): what it reads must not go into a cache,
    since it may yet roll back."""
    if session.new or session.dirty or session.deleted:
        return True
    transaction = session.get_transaction()
    if transaction is None:
        return False
    return any(conn.info.get(_WROTE) for conn in _connections(session))


def _connections(session: Session) -> list[Connection]:
    transaction = session.get_transaction()
    if transaction is None:
        return []
    # SessionTransaction keeps (connection, transaction, should_commit, autoclose) per bind.
    return [entry[0] for entry in transaction._connections.values() if isinstance(entry[0], Connection)]


# -- the hooks ----------------------------------------------------------------------------------------


@event.listens_for(Engine, "before_cursor_execute")
def _mark(
    conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
) -> None:
    if not conn.info.get(_WROTE) and writes_tracked_table(statement):
        conn.info[_WROTE] = True


@event.listens_for(Engine, "begin")
def _fresh_transaction(conn: Connection) -> None:
    conn.info.pop(_WROTE, None)


@event.listens_for(Engine, "rollback")
def _rolled_back(conn: Connection) -> None:
    conn.info.pop(_WROTE, None)


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the bump waits for the outer commit (a short row lock, see above)
    session.flush()  # what commit would flush next: its writes must be seen before deciding
    for conn in _connections(session):
        if conn.info.get(_WROTE):
            bump(conn)
    session.info.pop(_CACHED, None)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: Any) -> None:
    session.info.pop(_CACHED, None)


def read_engine(engine: Engine) -> Revision | None:
    """The committed revision, as a request needs it before it is routed: one statement on a pooled
    DBAPI connection, about a tenth of the CPU of the same select through a SQLAlchemy connection
    (events, result objects) and a thirtieth of an ORM session's (measured on SQLite)."""
    if engine.url.render_as_string(hide_password=True) not in _PRESENT:
        with engine.connect() as connection:
            if not present(connection):
                return None
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute(_RAW_SELECT)
            row = cursor.fetchone()
        finally:
            cursor.close()
    finally:
        raw.close()  # back to the pool, which rolls back what the select opened
    return None if row is None else Revision(int(row[0]), str(row[1]))


# Constants only, no parameters: the DBAPIs differ in placeholder style.
_RAW_SELECT = f"SELECT revision, token FROM {_ROW.__tablename__} WHERE scope = '{GLOBAL}'"
