"""Everything SQLite-specific lives here: pragmas, locking and the migration dance.

The rest of ``planwatch.store`` is dialect-neutral SQLAlchemy; if you need a SQLite-only statement,
add it to this module so the PostgreSQL path stays easy to audit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import URL

# An import of a large plan writes ~2,000 rows in well under a second; readers never block in WAL mode.
# Ten seconds lets a writer queue behind another import instead of failing with "database is locked".
BUSY_TIMEOUT_MS = 10_000


def is_sqlite(url_or_engine: URL | Engine | Connection) -> bool:
    if isinstance(url_or_engine, URL):
        return url_or_engine.get_backend_name() == "sqlite"
    return url_or_engine.dialect.name == "sqlite"


def ensure_parent_directory(url: URL) -> None:
    """Create the directory of a file database, so a fresh ``PLANWATCH_DB_URL`` just works."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        # In-memory databases and URI filenames (which may carry mode=memory) have no directory to make.
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def install_pragmas(engine: Engine, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """Set per-connection pragmas each time the pool opens a DBAPI connection.

    ``foreign_keys`` and ``busy_timeout`` are per connection in SQLite, so they must be set on every
    new connection; ``journal_mode=WAL`` persists in the file but is cheap to repeat and lets a fresh
    file pick it up without a separate setup step.
    """

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        finally:
            cursor.close()

    event.listen(engine, "connect", on_connect)


def begin_immediate(connection: Connection) -> None:
    """Take SQLite's write lock now rather than at the first write.

    The sqlite3 driver (legacy transaction control, Python < 3.16) only opens a transaction at the
    first INSERT/UPDATE/DELETE, so reads before it (``max(number)``, "does this sha256 exist?") are
    not isolated and a plain deferred BEGIN would fail at once with SQLITE_BUSY when another writer
    commits in between. ``BEGIN IMMEDIATE`` waits on ``busy_timeout`` for other writers and then
    keeps every statement of the unit of work in one serialisable transaction. The driver still
    commits and rolls back this transaction itself.
    """
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def migration_transaction(connection: Connection) -> Iterator[None]:
    """Run a schema migration the way SQLite's ALTER TABLE documentation asks.

    Alembic's batch mode rebuilds a table (create new, copy, drop old, rename). With
    ``foreign_keys=ON`` dropping the old parent table would cascade-delete every child row, so
    foreign keys are switched off for the migration and checked afterwards. The pragma is a no-op
    inside a transaction, hence it is set on the raw driver connection before BEGIN. The explicit
    BEGIN also makes the DDL transactional, which the driver would otherwise autocommit statement by
    statement: a failed migration leaves the file as it was.
    """
    if connection.in_transaction():
        raise RuntimeError("SQLite migrations need a connection with no open transaction")
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        with connection.begin():
            begin_immediate(connection)
            yield
            violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if violations:
                raise RuntimeError(f"migration left rows violating foreign keys: {violations[:5]!r}")
    finally:
        driver.execute("PRAGMA foreign_keys=ON")
