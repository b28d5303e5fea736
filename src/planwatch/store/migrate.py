"""Run the Alembic migrations shipped inside the package, without an alembic.ini.

The application calls :func:`upgrade` on start-up (``Settings.auto_migrate``) and tests call it on a
fresh database; developers add revisions with the ini file in ``migrations/`` (see its README).

Alembic itself is imported only when a migration actually runs: importing it (and the dialect
modules it loads) took longer than the whole of ``planwatch plans`` should. Deciding that the
database is already current needs only the stored revision and the packaged head, both read here
without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from planwatch.store import postgresql, sqlite

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _escape(value: str) -> str:
    # Config values go through ConfigParser interpolation, where a bare % is an error.
    return value.replace("%", "%%")


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations.

    With ``connection`` the migration environment uses that connection (and its open transaction);
    otherwise it connects to ``url`` itself.
    """
    from alembic.config import Config

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
    from alembic import command

    with engine.connect() as connection, migration_transaction(connection):
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.connect() as connection, migration_transaction(connection):
        command.downgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a database never migrated.

    Reads Alembic's version table directly (what ``MigrationContext.get_current_revision`` does);
    like it, refuses a database that is at more than one head.
    """
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(rows) > 1:
        raise RuntimeError(f"the database is at several migration heads ({', '.join(rows)}); expected one")
    return rows[0] if rows else None


VERSION_TABLE = "alembic_version"  # Alembic's default, which env.py keeps
# the module-level assignments every revision file has, annotated or not
_REVISION = re.compile(r"^revision(?:\s*:[^=\n]*)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=\n]*)?\s*=\s*(.+)$", re.M)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


@cache
def head_revision() -> str:
    """The newest packaged revision: the one no other revision names as its down_revision.

    Read from the revision files' source rather than through Alembic's ScriptDirectory, which
    imports Alembic and executes every revision module; a test checks both agree.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        if revision is None:
            continue  # __init__.py and helpers
        revisions.add(revision.group(1))
        down = _DOWN_REVISION.search(source)
        if down is not None:
            parents.update(_QUOTED.findall(down.group(1)))
    heads = revisions - parents
    if not heads:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    if len(heads) > 1:
        raise RuntimeError(
            f"the migrations in {MIGRATIONS_DIR} have several heads: {', '.join(sorted(heads))}"
        )
    return heads.pop()
