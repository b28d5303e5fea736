"""Everything PostgreSQL-specific lives here (see ``sqlite.py`` for the other side)."""

from __future__ import annotations

import zlib

from sqlalchemy import Connection, text

# Any constant works as long as every PlanWatch process uses the same one; derive it from a name so
# it is recognisable in pg_locks.
MIGRATION_LOCK_KEY = zlib.crc32(b"planwatch.store.migrations")


def is_postgresql(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def lock_migrations(connection: Connection) -> None:
    """Serialise migrations across processes for the rest of the current transaction.

    Several web workers starting at once with ``auto_migrate`` would otherwise all see an empty
    schema and race to create the same tables; the losers would crash. With the lock, the later ones
    wait, then find the schema already at head and do nothing.
    """
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def lock_catalogue(connection: Connection, name: str) -> None:
    """Make saves of the catalogue ``name`` take turns until the current transaction ends.

    Saving deactivates the active catalogue and inserts the new one; two saves at once under READ
    COMMITTED would each miss the other's insert and leave two active. Nothing row-level to lock
    exists before the first save, hence an advisory lock (per name, so names do not wait on each other).
    """
    key = zlib.crc32(f"planwatch.store.catalogues:{name}".encode())
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def lock_login_address(connection: Connection, ip: str) -> None:
    """Make logins from one address take turns until the current transaction ends, so that each
    counts the failures of those before it (30 at once must not all see "4 failures so far")."""
    key = zlib.crc32(b"planwatch.login:" + ip.encode("utf-8", "replace"))
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
