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

Besides the global revision, which every write moves (cross-plan pages: search, inbox, the plan
list), a plan's pages key on a pair: the *shared* revision, moved by every write that is not known
to touch one plan only, and that plan's own revision. A service that writes one plan's records
declares it (:func:`touch_plan`); when every table the transaction wrote is one of ``PLAN_TABLES``,
the commit moves those plans' revisions and leaves the shared one, so the other plans' cached pages
stay warm (an edit of plan A no longer empties plan B's cache). Anything undeclared, or a write to
any other table, moves the shared revision: forgetting a declaration costs speed, never correctness.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, event, inspect, select, update
from sqlalchemy.orm import Session

from planwatch.store.tables import ChangeRevisionRow

GLOBAL = "global"
SHARED = "shared"
_ROW = ChangeRevisionRow
# Writes to these change nothing a cached page shows: failed-login bookkeeping, background jobs'
# progress (updated every step; the work a job stores is written to tracked tables), and the counter.
UNTRACKED = frozenset({"change_revisions", "login_attempts", "jobs"})
_WROTE = "planwatch.wrote"  # connection.info: a tracked table was written in this transaction
_TABLES = "planwatch.tables"  # connection.info: the tracked tables written ("*": DDL or unknown)
_PLANS = "planwatch.plans"  # session.info: the plans this transaction declared it writes
# Records that belong to one plan: a write to these alone, declared with touch_plan, moves only that
# plan's revision. The audit log is here because no plan page shows another plan's audit entries.
PLAN_TABLES = frozenset(
    {
        "assignment_overrides",
        "assignment_requests",
        "division_uploads",
        "progress_reports",
        "evidence_files",
        "indicators",
        "observations",
        "observation_proposals",
        "evidence_sources",
        "evidence_matches",
        "audit_log",
    }
)
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


def written_table(statement: str) -> str | None:
    """The tracked table SQL text writes to, "*" for DDL (conservative), None for a read or an
    untracked table."""
    head = statement[:200]
    match = _WRITE.match(head)
    if match is not None:
        table = match.group(1).lower()
        return None if table in UNTRACKED else table
    return "*" if _DDL_OR_UNKNOWN.match(head) is not None else None


def writes_tracked_table(statement: str) -> bool:
    """Whether SQL text writes to a table whose contents pages show (conservative: unknown DDL counts)."""
    return written_table(statement) is not None


def plan_scope(plan_id: int) -> str:
    return f"plan:{int(plan_id)}"


def touch_plan(session: Session, plan_id: int) -> None:
    """Declare that this transaction writes records of ``plan_id`` (see the module's docstring)."""
    session.info.setdefault(_PLANS, set()).add(int(plan_id))


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


def _move(connection: Connection, scope: str) -> None:
    token = secrets.token_hex(16)
    done = connection.execute(
        update(_ROW).where(_ROW.scope == scope).values(revision=_ROW.revision + 1, token=token)
    )
    if done.rowcount == 0:  # a first write of this scope (or a schema made by create_all)
        # Two first writes of a plan may race: the loser's insert turns into the update.
        values = {"scope": scope, "revision": 1, "token": token}
        moved = {"revision": _ROW.revision + 1, "token": token}
        if connection.dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql

            pg = postgresql.insert(_ROW).values(values)
            connection.execute(pg.on_conflict_do_update(index_elements=[_ROW.scope], set_=moved))
        else:
            from sqlalchemy.dialects import sqlite

            lite = sqlite.insert(_ROW).values(values)
            connection.execute(lite.on_conflict_do_update(index_elements=[_ROW.scope], set_=moved))


def bump(connection: Connection, plans: set[int] | frozenset[int] = frozenset()) -> Revision | None:
    """Move the revisions on, inside ``connection``'s current transaction (None: no table yet): the
    global one always; ``plans``' own when the transaction wrote plan records only, else the shared one."""
    connection.info.pop(_WROTE, None)
    tables = connection.info.pop(_TABLES, {"*"})
    if not present(connection):
        return None
    _move(connection, GLOBAL)
    if plans and tables <= PLAN_TABLES:
        for plan_id in sorted(plans):  # one order in every transaction: no lock cycles
            _move(connection, plan_scope(plan_id))
    else:
        _move(connection, SHARED)
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


def plan_tag(rows: dict[str, Revision], plan_id: int) -> str | None:
    """What one plan's pages depend on, from the rows of the global, shared and plan scopes: the
    shared revision (or, in a database no write has given one yet, the global one, which moves with
    every write) and the plan's own (none yet: "0", every change so far moved the shared one)."""
    if GLOBAL not in rows:
        return None
    shared = rows[SHARED].tag if SHARED in rows else "g" + rows[GLOBAL].tag
    own = rows[plan_scope(plan_id)].tag if plan_scope(plan_id) in rows else "0"
    return f"{shared}/{own}"


def current_plan(session: Session, plan_id: int) -> str | None:
    """``plan_tag`` as this transaction sees it (None: no revision yet, nothing may be cached)."""
    if not present(session.connection()):
        return None
    found = session.execute(
        select(_ROW.scope, _ROW.revision, _ROW.token).where(
            _ROW.scope.in_((GLOBAL, SHARED, plan_scope(plan_id)))
        )
    ).all()
    return plan_tag({r.scope: Revision(r.revision, r.token) for r in found}, plan_id)


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
    table = written_table(statement)
    if table is not None:
        conn.info[_WROTE] = True
        conn.info.setdefault(_TABLES, set()).add(table)


@event.listens_for(Engine, "begin")
def _fresh_transaction(conn: Connection) -> None:
    conn.info.pop(_WROTE, None)
    conn.info.pop(_TABLES, None)


@event.listens_for(Engine, "rollback")
def _rolled_back(conn: Connection) -> None:
    conn.info.pop(_WROTE, None)
    conn.info.pop(_TABLES, None)


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the bump waits for the outer commit (a short row lock, see above)
    session.flush()  # what commit would flush next: its writes must be seen before deciding
    plans = session.info.pop(_PLANS, set())
    for conn in _connections(session):
        if conn.info.get(_WROTE):
            bump(conn, plans)
    session.info.pop(_CACHED, None)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: Any) -> None:
    session.info.pop(_CACHED, None)
    if transaction.parent is None:  # the outer transaction: a savepoint's end keeps the declarations
        session.info.pop(_PLANS, None)


def read_engine(engine: Engine, plan_id: int | None = None) -> tuple[Revision | None, str | None]:
    """The committed global revision and, given ``plan_id``, that plan's ``plan_tag``, as a request
    needs them before it is routed: one statement on a pooled DBAPI connection, about a tenth of the
    CPU of the same select through a SQLAlchemy connection (events, result objects) and a thirtieth
    of an ORM session's (measured on SQLite)."""
    # No parameters: the DBAPIs differ in placeholder style; the plan id is an int.
    statement = _RAW_SELECT if plan_id is None else _RAW_SELECT_PLAN.format(int(plan_id))
    rows = _read_raw(engine, statement)
    if rows is None:
        return None, None
    return rows.get(GLOBAL), None if plan_id is None else plan_tag(rows, plan_id)


def read_engine_rows(engine: Engine) -> dict[str, Revision] | None:
    """Every committed revision row (global, shared and each plan's; a row per plan at most), read
    as ``read_engine`` reads: one statement serves a request for any plan (None: no revisions yet)."""
    return _read_raw(engine, RAW_SELECT_ALL)


def _read_raw(engine: Engine, statement: str) -> dict[str, Revision] | None:
    if engine.url.render_as_string(hide_password=True) not in _PRESENT:
        with engine.connect() as connection:
            if not present(connection):
                return None
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute(statement)
            found = cursor.fetchall()
        finally:
            cursor.close()
    finally:
        raw.close()  # back to the pool, which rolls back what the select opened
    return rows_by_scope(found)


def rows_by_scope(found: Any) -> dict[str, Revision]:
    """(scope, revision, token) rows as read by ``RAW_SELECT_ALL``, by scope."""
    return {str(r[0]): Revision(int(r[1]), str(r[2])) for r in found}


_RAW_SELECT = f"SELECT scope, revision, token FROM {_ROW.__tablename__} WHERE scope = '{GLOBAL}'"
RAW_SELECT_ALL = f"SELECT scope, revision, token FROM {_ROW.__tablename__}"
_RAW_SELECT_PLAN = (
    f"SELECT scope, revision, token FROM {_ROW.__tablename__} "
    f"WHERE scope IN ('{GLOBAL}', '{SHARED}', 'plan:{{}}')"
)
