"""Shared fixtures. Every test that asks for ``db_url`` or ``engine`` runs on SQLite and on PostgreSQL.

The other tests that need a database (the web servers, the CLI, the browser tests) get one from
``new_db_url`` / ``session_db_url`` or ``suite_database_url``: a SQLite file by default, a fresh
PostgreSQL database when ``PLANWATCH_TEST_DB=postgresql``. Collection marks the tests so that the
PostgreSQL pass of ``scripts/test.sh`` can run just those that have not met PostgreSQL yet:

- ``both_databases``: the test asks for ``db_url`` or ``db_factory`` (it runs on both in every pass);
- ``suite_database``: the test's database follows ``PLANWATCH_TEST_DB``.
"""

from __future__ import annotations

import os
import queue
import secrets
import shutil
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, make_url, text

from databases import postgres_unavailable, postgres_url
from planwatch.services.admin import users as users_service
from planwatch.store.engine import make_engine
from planwatch.store.migrate import upgrade
from strict import missing

# Which database the non-parametrised tests use: "sqlite" (default) or "postgresql".
SUITE_DB_ENV = "PLANWATCH_TEST_DB"
# Fixtures whose database follows SUITE_DB_ENV; a test that reaches one of them is marked suite_database.
SUITE_DATABASE_FIXTURES = frozenset({"new_db_url", "session_db_url", "live_db_url", "start_server"})

# Passwords still hashed with argon2id, at its cheapest cost: the product's cost (64 MiB, three
# passes) is for stolen databases, and at a hash per new user and a check per login it made up a
# large part of the web tests' time. Servers started by the tests run in this process and use it
# too; a password hashed at the product's cost by a CLI subprocess is still checked (and rehashed
# on login, as after any change of parameters).
users_service._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def skip_without_postgres(reason: str) -> None:
    """An unreachable server skips the test, or fails it in a strict run (CI; see tests/strict.py)."""
    missing(reason)


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


def copy_sqlite_file(source: Path, target: Path) -> None:
    """The database file and its write-ahead log, if one is left (nobody may be connected)."""
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")


@contextmanager
def database_url(kind: str, tmp_path: Path, migrated: Callable[[], str] | None = None) -> Iterator[str]:
    """A URL to an empty database of ``kind`` ("sqlite" or "postgresql") that is removed afterwards;
    with ``migrated`` (the URL of a database migrated to head), a copy of that database instead."""
    if kind == "sqlite":
        # A nested directory that does not exist yet: make_engine must create it.
        path = tmp_path / "db" / "planwatch.db"
        if migrated is not None:
            path.parent.mkdir()
            copy_sqlite_file(Path(make_url(migrated()).database or ""), path)
        yield f"sqlite:///{path}"
    elif kind == "postgresql":
        reason = postgres_unavailable()
        if reason is not None:
            skip_without_postgres(reason)
        if migrated is not None:
            # CREATE DATABASE … TEMPLATE copies files; migrating a fresh schema takes seconds.
            with postgres_database_url(template=migrated()) as url:
                yield url
            return
        with postgres_schema_url() as url:
            yield url
    else:
        raise ValueError(f"unknown database kind {kind!r}")


def suite_database_kind() -> str:
    kind = (os.environ.get(SUITE_DB_ENV) or "sqlite").strip().lower()
    if kind in ("postgres", "pg"):
        kind = "postgresql"
    if kind not in ("sqlite", "postgresql"):
        raise pytest.UsageError(f"{SUITE_DB_ENV} must be sqlite or postgresql, not {kind!r}")
    return kind


class _Dropper:
    """Drops the PostgreSQL databases the tests are done with, in a thread of its own.

    DROP DATABASE forces a checkpoint on the server (one to three seconds on the CI machine), which
    the next test need not wait for: the names are random, nothing reuses them. ``finish`` (at the
    end of the session) waits until every database is gone.
    """

    def __init__(self) -> None:
        self._names: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.failures: list[str] = []

    def drop(self, name: str) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="drop-databases", daemon=True)
                self._thread.start()
        self._names.put(name)

    def _run(self) -> None:
        admin = create_engine(make_url(postgres_url()), isolation_level="AUTOCOMMIT")
        try:
            while (name := self._names.get()) is not None:
                try:
                    with admin.connect() as connection:
                        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                except Exception as exc:  # reported at the end; one failure must not strand the rest
                    self.failures.append(f"{name}: {exc}")
        finally:
            admin.dispose()

    def finish(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._names.put(None)
            thread.join()
        if self.failures:
            warnings.warn("PostgreSQL databases not dropped: " + "; ".join(self.failures), stacklevel=1)


_dropper = _Dropper()


def pytest_sessionfinish(session: pytest.Session) -> None:
    _dropper.finish()


@contextmanager
def postgres_database_url(template: str | None = None) -> Iterator[str]:
    """A URL to a fresh PostgreSQL database of its own (a copy of ``template``'s database when given),
    dropped afterwards with any connections a killed server or subprocess left behind (in the
    background, see ``_Dropper``). The server's ``test`` database is only the door in; it is never
    dropped."""
    base = make_url(postgres_url())
    name = f"pw_{secrets.token_hex(6)}"
    copy = f' TEMPLATE "{make_url(template).database}"' if template else ""
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    finally:
        admin.dispose()
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        _dropper.drop(name)


@contextmanager
def suite_database_url(directory: Path, name: str = "planwatch", kind: str | None = None) -> Iterator[str]:
    """An empty database for a test that is not parametrised: a SQLite file ``directory/name.db``,
    or a fresh PostgreSQL database when PLANWATCH_TEST_DB=postgresql (``kind`` overrides it)."""
    if (kind or suite_database_kind()) == "sqlite":
        yield f"sqlite:///{directory / f'{name}.db'}"
        return
    reason = postgres_unavailable()
    if reason is not None:
        skip_without_postgres(f"{SUITE_DB_ENV}=postgresql but {reason}")
    with postgres_database_url() as url:
        yield url


class DatabaseFactory:
    """Hands out empty databases (see ``suite_database_url``) and removes them all on ``close``."""

    def __init__(self, directory: Path, kind: str | None = None) -> None:
        self._directory = directory
        self.kind = kind or suite_database_kind()
        self._stack = ExitStack()

    def __call__(self, name: str = "planwatch") -> str:
        if self.kind == "sqlite":
            # Unique, so a test may ask for several databases of one name.
            name = f"{name}-{secrets.token_hex(3)}"
        return self._stack.enter_context(suite_database_url(self._directory, name, self.kind))

    def copy_of(self, url: str, name: str = "copy") -> str:
        """A new database holding what the database at ``url`` holds (nobody may be connected to it)."""
        if url.startswith("sqlite"):
            target = self._directory / f"{name}-{secrets.token_hex(3)}.db"
            copy_sqlite_file(Path(make_url(url).database or ""), target)
            return f"sqlite:///{target}"
        return self._stack.enter_context(postgres_database_url(template=url))

    def close(self) -> None:
        self._stack.close()


@pytest.fixture
def new_db_url(tmp_path: Path) -> Iterator[DatabaseFactory]:
    """``new_db_url(name="planwatch") -> url``: an empty database for this test (see module doc)."""
    factory = DatabaseFactory(tmp_path)
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture(scope="session")
def session_db_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    """Like ``new_db_url`` for module- or session-scoped fixtures; removed at the end of the run."""
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture(params=DATABASES)
def db_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DatabaseFactory]:
    """``new_db_url`` on SQLite and on PostgreSQL (like ``db_url``), for tests needing several
    empty databases of one kind; ``db_factory.kind`` says which."""
    if request.param == "postgresql" and (reason := postgres_unavailable()) is not None:
        skip_without_postgres(reason)
    factory = DatabaseFactory(tmp_path, request.param)
    try:
        yield factory
    finally:
        factory.close()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_databases: parametrised over SQLite and PostgreSQL (db_url)")
    config.addinivalue_line("markers", f"suite_database: uses the database named by {SUITE_DB_ENV}")
    config.addinivalue_line("markers", "markup_only: checks markup only; the PostgreSQL pass leaves it out")


# The longest test files, started first: pytest-xdist (--dist loadfile) hands out files in collection
# order and keeps each on one worker, so a long file collected last would keep one worker busy while
# the other waits. Prefixes of paths relative to the repository.
LONGEST_FIRST = (
    "tests/web/test_corpus_pages.py",
    "tests/e2e/",
    "tests/cli/test_crash_safety.py",
    "tests/web/test_schemathesis.py",
)


def _start_rank(item: pytest.Item) -> int:
    path = item.nodeid.split("::", 1)[0]
    return next((i for i, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)), len(LONGEST_FIRST))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=_start_rank)  # stable: the order within a file and among the rest is kept
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"db_url", "db_factory"}:
            item.add_marker(pytest.mark.both_databases)
        if names & SUITE_DATABASE_FIXTURES:
            item.add_marker(pytest.mark.suite_database)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """``migrated_database(kind) -> url``: a database of ``kind`` migrated to head, made on first
    use and kept for the session, of which ``db_url`` hands a copy to each test using ``engine``."""
    made: dict[str, str] = {}
    with ExitStack() as stack:

        def get(kind: str) -> str:
            if kind not in made:
                if kind == "sqlite":
                    url = f"sqlite:///{tmp_path_factory.mktemp('migrated') / 'planwatch.db'}"
                else:
                    url = stack.enter_context(postgres_database_url())
                migrated = make_engine(url)
                try:
                    upgrade(migrated)
                finally:
                    migrated.dispose()
                made[kind] = url
            return made[kind]

        yield get


@pytest.fixture(params=DATABASES)
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_database: Callable[[str], str]
) -> Iterator[str]:
    """An empty database of each kind; for a test using ``engine`` (which migrates the database to
    head first thing), a copy of one migrated already, so the migrations run once per session and
    kind rather than once per test (``empty_engine`` and the migration tests still run them)."""
    kind = request.param
    migrated = (lambda: migrated_database(kind)) if "engine" in request.fixturenames else None
    with database_url(kind, tmp_path, migrated) as url:
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
