"""Run the Alembic migrations shipped inside the package, without an alembic.ini.

The application calls :func:`upgrade` on start-up (``Settings.auto_migrate``) and tests call it on a
fresh database; developers add revisions with the ini file in ``migrations/`` (see its README).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from planwatch.store import postgresql, sqlite

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _escape(value: str) -> str:
    # Config values go through ConfigParser interpolation, where a bare % is an error.
    return value.replace("%", "%%")


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations.

    With ``connection`` the migration environment uses that connection (and its open transaction);
    otherwise it connects to ``url`` itself.
    """
    config = Config()
    config.set_main_option("script_location", _escape(str(MIGRATIONS_DIR)))
    config.set_main_option("path_separator", "os")
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if url is not None:
        config.set_main_option("sqlalchemy.url", _escape(url))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@contextmanager
def migration_transaction(connection: Connection) -> Iterator[None]:
    """One transaction around a whole upgrade or downgrade, committed only if every step succeeds.

    Both supported databases have transactional DDL, so a failing revision leaves the schema where
    it was rather than half-migrated.
    """
    if sqlite.is_sqlite(connection):
        with sqlite.migration_transaction(connection):
            yield
        return
    with connection.begin():
        if postgresql.is_postgresql(connection):
            postgresql.lock_migrations(connection)
        yield


def upgrade(engine: Engine, revision: str = "head") -> None:
    # The application calls this on every start; at head it should cost one SELECT, not a write
    # lock (SQLite) or an advisory lock plus a foreign-key scan.
    if revision == "head" and current_revision(engine) == head_revision():
        return
    with engine.connect() as connection, migration_transaction(connection):
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    with engine.connect() as connection, migration_transaction(connection):
        command.downgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a database never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head
