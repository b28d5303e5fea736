"""Long documents (issue 17): characters per document are bounded by a setting, a long text is read
page by page, and a document unlike the plan it would join is refused unless confirmed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from conftest import AuthClient, LiveServer

StartServer = Callable[..., LiveServer]
CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def test_a_document_over_the_character_limit_is_refused_in_chinese(
    start_server: StartServer, create_user_in: Callable[..., Any], log_in_to: Callable[..., AuthClient]
) -> None:
    server = start_server(max_document_chars=5_000)
    planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
    text = "某市发展规划\n" + "推进高质量发展，建设现代化产业体系。\n" * 1_000
    r = planner.post("/api/v1/imports", files={"file": ("long.txt", text.encode(), "text/plain")})
    assert r.status_code == 400, r.text[:300]
    body = r.json()
    assert "文字过多" in body["error"] and "5,000" in body["error"] and "MAX_DOCUMENT_CHARS" in body["hint"]
    assert planner.get("/api/v1/plans").json()["plans"] == []


def test_a_long_text_is_read_a_page_at_a_time(start_server: StartServer) -> None:
    server = start_server(with_plan=True, text_page_chars=5_000)
    with httpx.Client(base_url=server.url, timeout=60) as client:
        first = client.get("/api/v1/plans/1/text").json()
        assert first["page"] == 1 and first["pages"] > 3
        assert len(first["text"]) <= 5_000
        second = client.get("/api/v1/plans/1/text", params={"page": 2}).json()
        assert second["offset"] == len(first["text"])
        assert all(second["offset"] <= s["start"] for s in second["sentences"])
        last = client.get("/api/v1/plans/1/text", params={"page": first["pages"]}).json()
        assert last["offset"] + len(last["text"]) == last["node"]["end"]
        assert client.get("/api/v1/plans/1/text", params={"page": first["pages"] + 1}).status_code == 404
        page = client.get("/plans/1/text", params={"page": 2})
        assert page.status_code == 200
        assert "第 2 / " in page.text and re.search(r'href="/plans/1/text\?page=3"', page.text)


def test_an_unrelated_document_under_an_existing_name_needs_confirming(
    start_server: StartServer, create_user_in: Callable[..., Any], log_in_to: Callable[..., AuthClient]
) -> None:
    server = start_server(with_plan=True)
    planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
    name = planner.get("/api/v1/plans").json()["plans"][0]["name"]
    other = (CORPUS / "national-government-work-report-2024.txt").read_bytes()
    r = planner.post(
        "/api/v1/imports", data={"name": name}, files={"file": ("report.txt", other, "text/plain")}
    )
    assert r.status_code == 409, r.text[:300]
    assert "差别很大" in r.json()["error"]
    forced = planner.post(
        "/api/v1/imports",
        data={"name": name, "force": "true"},
        files={"file": ("report.txt", other, "text/plain")},
    )
    assert forced.status_code == 201 and forced.json()["version"]["number"] == 2
    # The form says the same and offers the checkbox.
    form = planner.get("/import")
    assert 'name="force"' in form.text
