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
