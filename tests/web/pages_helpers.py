"""Helpers for the pages tests that change data: users and logins on a server of their own.

The tests that edit assignments or import files run on ``start_server`` (a fresh database each), so
the shared live server other tests read stays as it was.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

import httpx
from sqlalchemy import func, select

from planwatch.services.admin import audit
from planwatch.services.admin import users as users_service
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.tables import PlanRow


def add_user(db_url: str, role: str, department: str | None = None) -> tuple[str, str]:
    name = f"p{role}-{secrets.token_hex(3)}"
    password = f"pw-{secrets.token_urlsafe(12)}"
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            users_service.create_user(
                session, Settings(db_url=db_url), name, password, role, department=department, by="pytest"
            )
    finally:
        engine.dispose()
    return name, password


def client_for(base_url: str, db_url: str, role: str, department: str | None = None) -> httpx.Client:
    """A client logged in as a new user of ``role``; the CSRF token is a default header and also
    kept as ``client.csrf`` (for form posts without the header)."""
    username, password = add_user(db_url, role, department)
    client = httpx.Client(base_url=base_url, timeout=30)
    token = client.get("/api/v1/me").json()["csrf_token"]
    r = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    client.csrf = r.json()["csrf_token"]  # type: ignore[attr-defined]
    client.username = username  # type: ignore[attr-defined]
    return client


def audit_entries(db_url: str, action: str) -> list[Any]:
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            return audit.entries(session, audit.make_filter(action=action), limit=None)
    finally:
        engine.dispose()


def plan_count(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            return int(session.scalar(select(func.count()).select_from(PlanRow)) or 0)
    finally:
        engine.dispose()


def job_url(response: httpx.Response) -> str:
    """The progress page a request that queued a job sends to: a 303 (plain form), an HX-Redirect
    (htmx) or the Location of a 202 (JSON API)."""
    assert response.status_code in (202, 303), (response.status_code, response.text)
    url = response.headers.get("HX-Redirect") or response.headers["Location"]
    assert url.startswith(("/jobs/", "/api/v1/jobs/")), url
    return url


def follow_job(client: httpx.Client, response: httpx.Response, timeout: float = 120) -> dict[str, Any]:
    """Poll the job ``response`` queued through its JSON twin until it has finished; its last state."""
    job_id = int(job_url(response).rstrip("/").rsplit("/", 1)[-1])
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(f"/api/v1/jobs/{job_id}")
        assert r.status_code == 200, r.text
        job: dict[str, Any] = r.json()
        if job["finished"]:
            return job
        assert time.monotonic() < deadline, f"job {job_id} still {job['state']} at {job['step']}"
        time.sleep(0.1)
