"""The migration chain: runs on both databases, stays linear, and builds exactly the declared tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from planwatch.store.migrate import (
    MIGRATIONS_DIR,
    alembic_config,
    current_revision,
    downgrade,
    head_revision,
    upgrade,
)
from planwatch.store.search import is_search_table
from planwatch.store.tables import metadata

APP_TABLES = {
    "plans",
    "source_documents",
    "plan_versions",
    "nodes",
    "sentences",
    "quantities",
    "entities",
    "goals",
    "tasks",
    "assignments",
    "assignment_overrides",
    "progress_reports",
    "catalogues",
    "users",
    "login_attempts",
    "audit_log",
    "app_settings",
    "search_versions",
    "indicators",
    "observations",
}


def test_upgrade_empty_database_to_head(empty_engine: Engine) -> None:
    assert current_revision(empty_engine) is None
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    assert set(inspect(empty_engine).get_table_names()) >= APP_TABLES


def test_upgrade_at_head_is_a_no_op(engine: Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_downgrade_to_base_then_up_again(engine: Engine) -> None:
    downgrade(engine, "base")
    assert current_revision(engine) is None
    assert not APP_TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_migrated_schema_matches_table_metadata(engine: Engine) -> None:
    with engine.connect() as connection:
        # The search table is dialect-specific DDL kept out of the metadata (see store.search).
        opts = {"compare_type": True, "include_name": lambda name, *_: not is_search_table(name)}
        context = MigrationContext.configure(connection, opts=opts)
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_chain_is_linear_and_numbered() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    revisions = list(reversed(list(script.walk_revisions())))
    for index, revision in enumerate(revisions, start=1):
        # A tuple down_revision would be a merge point; branches must be rebased into one line.
        assert revision.down_revision is None or isinstance(revision.down_revision, str)
        assert revision.revision == f"{index:04d}"
        expected_down = None if index == 1 else f"{index - 1:04d}"
        assert revision.down_revision == expected_down
        assert revision.path is not None
        assert re.fullmatch(rf"{revision.revision}_\w+\.py", Path(revision.path).name)
    assert revisions[-1].revision == head_revision()


def test_migrations_ship_inside_the_package() -> None:
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "script.py.mako").is_file()
    assert (MIGRATIONS_DIR / "versions" / "__init__.py").is_file()
    assert MIGRATIONS_DIR.parent.name == "store"


def test_head_revision_is_alembics_head() -> None:
    # head_revision reads the revision files itself so that start-up need not import Alembic
    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_current_revision_is_alembics(engine: Engine) -> None:
    with engine.connect() as connection:
        assert current_revision(engine) == MigrationContext.configure(connection).get_current_revision()


def test_current_revision_refuses_a_database_at_two_heads(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO alembic_version (version_num) VALUES ('9999')"))
    with pytest.raises(RuntimeError, match="several migration heads"):
        current_revision(engine)
