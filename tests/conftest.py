"""Shared fixtures. Every test that asks for ``db_url`` or ``engine`` runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import functools
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from planwatch.store.engine import make_engine
from planwatch.store.migrate import upgrade

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def postgres_url() -> str:
    return os.environ.get("PLANWATCH_TEST_PG_URL") or DEFAULT_PG_URL


@functools.cache
def postgres_unavailable() -> str | None:
    """Why the PostgreSQL tests cannot run, or None when the server answers. Asked once per run."""
    url = postgres_url()
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to reach the server means "skip", whatever the driver says
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"PostgreSQL not reachable at {make_url(url)!r} (set PLANWATCH_TEST_PG_URL): {first_line}"
    finally:
        engine.dispose()
    return None


@contextmanager
def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections see only a fresh, empty schema, dropped afterwards.

    A schema per test is much cheaper than a database per test and isolates just as well, since
    every table and the alembic_version table land in the first schema of the search_path.
    """
    base = make_url(postgres_url())
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def database_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of ``kind`` ("sqlite" or "postgresql") that is removed afterwards."""
    if kind == "sqlite":
        # A nested directory that does not exist yet: make_engine must create it.
        yield f"sqlite:///{tmp_path / 'db' / 'planwatch.db'}"
    elif kind == "postgresql":
        reason = postgres_unavailable()
        if reason is not None:
            pytest.skip(reason)
        with postgres_schema_url() as url:
            yield url
    else:
        raise ValueError(f"unknown database kind {kind!r}")


@pytest.fixture(params=DATABASES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def empty_engine(db_url: str) -> Iterator[Engine]:
    """An engine on an empty database (nothing migrated yet)."""
    engine = make_engine(db_url)
    try:
        yield engine
    finally:
        # Close pooled connections before the schema is dropped, or DROP SCHEMA waits on their locks.
        engine.dispose()


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """An engine on a database migrated to head."""
    upgrade(empty_engine)
    return empty_engine


# Lets every test directory import the shared document builders as `from builders import ...`.
sys.path.insert(0, str(Path(__file__).parent))
