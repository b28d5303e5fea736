"""Write locks for read-check-write units of work (optimistic locking of a person's edits).

A service that checks "is this still what the person saw?" before writing must hold the write lock
while it reads, or two requests can both pass the check and the later write silently replaces the
earlier one.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.store import postgresql, revisions, sqlite
from planwatch.store.tables import PlanRow


def lock_writes(session: Session) -> None:
    """SQLite: take the write lock now (waiting ``busy_timeout`` for another writer), so the reads
    that follow see the latest commit and the first write cannot fail with "database is locked".
    PostgreSQL: nothing (row locks and constraints do that work)."""
    connection = session.connection()
    if sqlite.is_sqlite(connection.engine):
        driver = connection.connection.driver_connection
        if driver is not None and not getattr(driver, "in_transaction", True):
            sqlite.begin_immediate(connection)


def lock_plan(session: Session, plan_id: int) -> None:
    """Hold the lock that serialises edits of one plan until the session's transaction ends.

    PostgreSQL: a row lock on the plan (other readers are not blocked). SQLite has one writer per
    file: the write lock is taken now unless this transaction already holds it (it has written).
    The sqlite3 driver runs reads outside any transaction until the first write, so reads made
    before this call may be stale; make the reads that matter after it.

    It also declares the plan written (``revisions.touch_plan``): what locks a plan edits it.
    """
    revisions.touch_plan(session, plan_id)
    connection = session.connection()
    if sqlite.is_sqlite(connection.engine):
        driver = connection.connection.driver_connection
        if driver is not None and not getattr(driver, "in_transaction", True):
            sqlite.begin_immediate(connection)
        return
    session.execute(select(PlanRow.id).where(PlanRow.id == plan_id).with_for_update())


def lock_catalogue(session: Session, name: str) -> None:
    """Hold the lock that serialises saves of the department catalogue ``name`` (see lock_plan for
    SQLite; PostgreSQL takes the catalogue's advisory lock, there being no row to lock before the
    first save)."""
    connection = session.connection()
    if sqlite.is_sqlite(connection.engine):
        driver = connection.connection.driver_connection
        if driver is not None and not getattr(driver, "in_transaction", True):
            sqlite.begin_immediate(connection)
        return
    postgresql.lock_catalogue(connection, name)
