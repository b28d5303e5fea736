"""The real app under uvicorn in a child process, for the hostile-input benchmarks: a fresh SQLite
file (or ``--db-url``) with the embedded plan, a planner and a reporter. The child counts the
status codes it answers (GET /__bench/statuses), so a run can report requests and 5xx as the
server saw them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

SERVER = """
import json, sys, uvicorn
from collections import Counter
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.catalogue.departments import catalogue_in_force
from planwatch.services.plans.records import import_analysis
from planwatch.services.admin import users
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.migrate import upgrade
from planwatch.web.app import create_app
url, port = sys.argv[1], int(sys.argv[2])
settings = Settings(db_url=url, login_max_failures_per_ip=1_000_000, login_max_failures=1_000_000)
engine = make_engine(url)
upgrade(engine)
with transaction(engine) as session:
    import_analysis(session, analyze_path(None, settings, catalogue_in_force(session, settings)))
    users.create_user(session, settings, "planner1", "pw-planner-123", "planner", display_name="规划处", by="bench")
    users.create_user(session, settings, "admin1", "pw-admin-12345", "admin", display_name="管理员", by="bench")
    users.create_user(session, settings, "reporter1", "pw-reporter-123", "reporter",
                      department="大连市教育局", display_name="教育局", by="bench")
engine.dispose()
app = create_app(settings)
statuses = Counter()

async def counting(scope, receive, send):
    if scope["type"] == "http" and scope["path"] == "/__bench/statuses":
        body = json.dumps({str(k): v for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))}).encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})
        return
    async def counted(message):
        if message["type"] == "http.response.start":
            statuses[message["status"]] += 1
        await send(message)
    try:
        await app(scope, receive, counted)
    except Exception:
        statuses["crash"] += 1
        raise

uvicorn.run(counting, host="127.0.0.1", port=port, log_level="error", lifespan="on")
"""
USERS = {"planner": ("planner1", "pw-planner-123"), "admin": ("admin1", "pw-admin-12345"),
         "reporter": ("reporter1", "pw-reporter-123")}  # fmt: skip


@dataclass(frozen=True)
class LiveApp:
    url: str
    pid: int

    def statuses(self) -> dict[str, int]:
        return dict(httpx.get(f"{self.url}/__bench/statuses", timeout=30).json())

    def log_in(self, role: str) -> httpx.Client:
        username, password = USERS[role]
        client = httpx.Client(base_url=self.url, timeout=600)
        token = client.get("/api/v1/me").json()["csrf_token"]
        r = client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": token},
            headers={"Accept": "application/json"},
        )
        r.raise_for_status()
        client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_app(db_url: str) -> Iterator[LiveApp]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    server = subprocess.Popen([sys.executable, "-c", SERVER, db_url, str(port)], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                httpx.get(f"{url}/__bench/statuses", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        yield LiveApp(url, server.pid)
    finally:
        server.terminate()
        server.wait(30)
