"""Fixtures for tests over real HTTP: the real app under uvicorn on a loopback port, a real database.

What the web tests use:

- ``live_server``: the base URL (``http://127.0.0.1:PORT``) of one server shared by the whole test
  session, on a SQLite file (a PostgreSQL database when ``PLANWATCH_TEST_DB=postgresql``) with the embedded Dalian plan imported (plan id 1), ``public_read`` on.
  Its database URL is ``live_db_url``; ``live_engine`` is an engine on it for checking what was stored.
- ``make_user(role, department=None, *, display_name=None) -> (username, password)``: a new user on
  that database (a fresh unique name each call). A reporter without a department gets
  ``DEFAULT_REPORTER_UNIT``.
- ``login(username, password) -> AuthClient``: an httpx client logged in on ``live_server``; it
  carries the session cookie, its ``csrf_token`` attribute holds the session's CSRF token, and the
  token is also one of its default headers (``X-CSRF-Token``), so state changes just work. To test a
  request *without* the token: ``client.post(url, headers={"X-CSRF-Token": ""})`` or
  ``del client.headers["X-CSRF-Token"]``.
- ``logged_in_client(role, department=None) -> AuthClient``: ``make_user`` then ``login``.
- ``anon_client``: an httpx client on ``live_server`` that is not logged in.
- ``start_server(**settings) -> LiveServer`` (``.url``, ``.db_url``, ``.settings``): a server of its
  own on a fresh database, for tests that need other settings (``public_read=False``, throttling
  limits …); pass ``with_plan=True`` to import the default plan first (both are copies of a database
  prepared once per session, see ``prepared_database``). Stopped at the end of the test.
  ``create_user_in(db_url, role, department=None)`` and ``log_in_to(base_url, username, password)``
  are ``make_user`` and ``login`` for such a server.

Every client closes itself at the end of the test; every server stops at the end of its scope.
"""

from __future__ import annotations

import itertools
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine

from planwatch.services.admin import users as users_service
from planwatch.services.catalogue.departments import catalogue_in_force
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import import_analysis
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.migrate import upgrade
from planwatch.web.app import create_app

DEFAULT_REPORTER_UNIT = "大连市教育局"
# The shared server sees every test's failed logins from 127.0.0.1; only the per-username limit
# stays at its default there. Tests of the per-address limit start a server of their own.
SHARED_SERVER_SETTINGS: dict[str, Any] = {"login_max_failures_per_ip": 100_000}

_names = itertools.count(1)


@dataclass(frozen=True)
class LiveServer:
    url: str
    db_url: str
    settings: Settings
    app: Any = None


class AuthClient(httpx.Client):
    """An httpx client with the session's CSRF token at hand (``csrf_token``)."""

    csrf_token: str = ""
    username: str = ""


def _prepare_database(db_url: str, *, with_plan: bool) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        if with_plan:
            settings = Settings(db_url=db_url)
            with transaction(engine) as session:
                import_analysis(session, analyze_path(None, settings, catalogue_in_force(session, settings)))
    finally:
        engine.dispose()


@contextmanager
def run_server(settings: Settings) -> Iterator[LiveServer]:
    """The real app under uvicorn in a background thread, on a socket bound before it starts (so no
    other process can take the port in between)."""
    app = create_app(settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", settings.db_url, settings, app)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        app.state.engine.dispose()


@pytest.fixture(scope="session")
def live_db_url(session_db_url: Any, prepared_database: Callable[[bool], str]) -> str:
    url: str = session_db_url.copy_of(prepared_database(True), "web")
    return url


@pytest.fixture(scope="session")
def _shared_server(live_db_url: str) -> Iterator[LiveServer]:
    with run_server(Settings(db_url=live_db_url, **SHARED_SERVER_SETTINGS)) as server:
        yield server


@pytest.fixture(scope="session")
def live_server(_shared_server: LiveServer) -> str:
    """Base URL of the shared server (plan 1 = the embedded Dalian plan)."""
    return _shared_server.url


@pytest.fixture(scope="session")
def live_engine(live_db_url: str) -> Iterator[Engine]:
    engine = make_engine(live_db_url)
    try:
        yield engine
    finally:
        engine.dispose()


def unique_username(role: str) -> str:
    return f"{role}{next(_names)}-{secrets.token_hex(3)}"


def create_user(
    db_url: str,
    role: str,
    department: str | None = None,
    *,
    username: str | None = None,
    password: str | None = None,
    display_name: str | None = None,
) -> tuple[str, str]:
    """A user on the database at ``db_url``; returns (username, password)."""
    name = username or unique_username(role)
    pw = password or f"pw-{secrets.token_urlsafe(12)}"
    if role == "reporter" and department is None:
        department = DEFAULT_REPORTER_UNIT
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            users_service.create_user(
                session,
                Settings(db_url=db_url),
                name,
                pw,
                role,
                department=department,
                display_name=display_name or f"测试{role}",
                by="pytest",
            )
    finally:
        engine.dispose()
    return name, pw


def log_in(base_url: str, username: str, password: str, *, send_csrf: bool = True) -> AuthClient:
    """An AuthClient logged in through the real login form (CSRF token first, then POST /login)."""
    client = AuthClient(base_url=base_url, timeout=30)
    try:
        token = client.get("/api/v1/me").json()["csrf_token"]
        response = client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": token},
            headers={"Accept": "application/json"},
        )
        if response.status_code != 200:
            raise AssertionError(f"login as {username} failed: {response.status_code} {response.text}")
    except BaseException:
        client.close()
        raise
    client.csrf_token = response.json()["csrf_token"]
    client.username = username
    if send_csrf:
        client.headers["X-CSRF-Token"] = client.csrf_token
    return client


@pytest.fixture
def make_user(live_db_url: str) -> Callable[..., tuple[str, str]]:
    def make(role: str, department: str | None = None, *, display_name: str | None = None) -> tuple[str, str]:
        return create_user(live_db_url, role, department, display_name=display_name)

    return make


@pytest.fixture
def login(live_server: str) -> Iterator[Callable[..., AuthClient]]:
    clients: list[AuthClient] = []

    def do_login(username: str, password: str, *, send_csrf: bool = True) -> AuthClient:
        client = log_in(live_server, username, password, send_csrf=send_csrf)
        clients.append(client)
        return client

    yield do_login
    for c in clients:
        c.close()


@pytest.fixture
def logged_in_client(
    make_user: Callable[..., tuple[str, str]], login: Callable[..., AuthClient]
) -> Callable[..., AuthClient]:
    def make(role: str, department: str | None = None) -> AuthClient:
        return login(*make_user(role, department))

    return make


@pytest.fixture
def anon_client(live_server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


@pytest.fixture
def create_user_in() -> Callable[..., tuple[str, str]]:
    """``create_user_in(db_url, role, department=None)``: a user on another server's database."""
    return create_user


@pytest.fixture
def log_in_to() -> Iterator[Callable[..., AuthClient]]:
    """``log_in_to(base_url, username, password)``: like ``login``, for a server from ``start_server``."""
    clients: list[AuthClient] = []

    def do_login(base_url: str, username: str, password: str, *, send_csrf: bool = True) -> AuthClient:
        client = log_in(base_url, username, password, send_csrf=send_csrf)
        clients.append(client)
        return client

    yield do_login
    for c in clients:
        c.close()


@pytest.fixture(scope="session")
def prepared_database(session_db_url: Callable[[str], str]) -> Callable[[bool], str]:
    """``prepared_database(with_plan) -> url``: a database migrated to head (with the default plan
    imported when ``with_plan``), made once per session; ``start_server`` hands each test a copy
    (a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL) instead of migrating and
    importing again. Nobody connects to it after it is made: PostgreSQL copies only an idle one."""
    made: dict[bool, str] = {}

    def get(with_plan: bool) -> str:
        if with_plan not in made:
            url = session_db_url("template-plan" if with_plan else "template-empty")
            _prepare_database(url, with_plan=with_plan)
            made[with_plan] = url
        return made[with_plan]

    return get


@pytest.fixture
def start_server(
    new_db_url: Any, prepared_database: Callable[[bool], str]
) -> Iterator[Callable[..., LiveServer]]:
    servers: list[Any] = []

    def start(*, with_plan: bool = False, **overrides: Any) -> LiveServer:
        url = new_db_url.copy_of(prepared_database(with_plan), f"server{len(servers)}")
        context = run_server(Settings(db_url=url, **overrides))
        server = context.__enter__()
        servers.append(context)
        return server

    yield start
    for context in reversed(servers):
        context.__exit__(None, None, None)


@pytest.fixture(scope="session")
def server_for() -> Callable[[Settings], Any]:
    """``with server_for(settings) as server``: the real app on a database of the caller's, for a
    module- or session-scoped server (the other server fixtures are per test or shared)."""
    return run_server


@pytest.fixture(scope="session")
def client_as() -> Callable[[LiveServer, str], httpx.Client]:
    """``client_as(server, role)``: a client logged in as a new user of ``role`` on ``server``, or
    not logged in for role "anonymous". The caller closes it."""

    def make(server: LiveServer, role: str) -> httpx.Client:
        if role == "anonymous":
            return httpx.Client(base_url=server.url, timeout=60)
        return log_in(server.url, *create_user(server.db_url, role))

    return make
