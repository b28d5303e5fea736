"""Hostile requests over real HTTP (issue 17): bodies are bounded while they are read, fields and
lists have limits, control characters are refused wherever a text arrives, and every refusal is a
4xx in Chinese, never a 500 (PostgreSQL included: run with PLANWATCH_TEST_DB=postgresql).
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from conftest import AuthClient

OWN = "p11.a44.t1"  # led by 大连市教育局, the default reporter's unit
CJK = re.compile(r"[\u4e00-\u9fff]")
ClientFor = Callable[..., AuthClient]


def _chinese_refusal(response: httpx.Response, *statuses: int) -> dict[str, object]:
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    body = response.json()
    assert len(CJK.findall(str(body["error"]))) >= 4, body
    return dict(body)


def _report(**extra: object) -> dict[str, object]:
    return {"period": "2026Q2", "state": "推进中", "percent": 40, "narrative": "已开工建设", **extra}


def test_a_body_declared_over_the_limit_is_refused_before_it_is_read(live_server: str) -> None:
    """A 300 MB Content-Length gets its 413 at once; the server does not wait for the bytes."""
    parts = urlsplit(live_server)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(
            (
                f"POST /api/v1/plans/1/tasks/{OWN}/progress HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                'Content-Type: application/json\r\nContent-Length: 314572800\r\n\r\n{"narrative": "'
            ).encode()
        )
        head = sock.recv(65536).decode("utf-8", "replace")
    assert head.startswith("HTTP/1.1 413"), head[:200]
    assert "请求内容过大" in head


def test_a_chunked_body_is_cut_off_at_the_limit(logged_in_client: ClientFor) -> None:
    """Without a Content-Length the bytes are counted as they arrive: 40 MB of narrative stops at the
    32 MB JSON limit with a 413 in Chinese."""
    reporter = logged_in_client("reporter")

    def body() -> Iterator[bytes]:
        yield b'{"period": "2026Q2", "state": "\xe6\x8e\xa8\xe8\xbf\x9b\xe4\xb8\xad", "percent": 40, "narrative": "'
        chunk = "进展".encode() * 100_000
        for _ in range(40 * 1024 * 1024 // len(chunk)):
            yield chunk
        yield b'"}'

    r = reporter.post(
        f"/api/v1/plans/1/tasks/{OWN}/progress", content=body(), headers={"Content-Type": "application/json"}
    )
    body_ = _chinese_refusal(r, 413)
    assert "请求内容过大" in str(body_["error"])
    assert reporter.get(f"/api/v1/plans/1/tasks/{OWN}/progress").json()["history"] == []


def test_narratives_and_lists_have_limits(logged_in_client: ClientFor) -> None:
    reporter = logged_in_client("reporter")
    url = f"/api/v1/plans/1/tasks/{OWN}/progress"
    r = reporter.post(url, json=_report(narrative="很" * 20_001))
    assert "进展情况过长" in str(_chinese_refusal(r, 422)["error"])
    r = reporter.post(url, json=_report(evidence=[f"证明{i}.pdf" for i in range(100_000)]))
    assert "上限 50 项" in str(_chinese_refusal(r, 422)["error"])
    r = reporter.post(url, json=_report(keep=list(range(1, 200_001))))
    assert "上限 50 项" in str(_chinese_refusal(r, 422)["error"])
    # The form twin: a 2 MB field stops at the form parser's part limit, in Chinese.
    r = reporter.post(
        f"/plans/1/tasks/{OWN}/progress",
        data={"narrative": "很" * 700_000, "state": "推进中", "percent": "40"},
        files=[("evidence", ("", b"", "application/octet-stream"))],
        headers={"Accept": "application/json"},
    )
    _chinese_refusal(r, 413, 422)
    assert reporter.get(url).json()["history"] == []


def test_review_comments_have_a_limit(logged_in_client: ClientFor) -> None:
    planner = logged_in_client("planner")
    r = planner.post("/api/v1/plans/1/reports/1/review", json={"approve": False, "comment": "差" * 2001})
    assert "审核意见过长" in str(_chinese_refusal(r, 422)["error"])


def test_control_characters_are_refused_wherever_they_arrive(
    live_server: str, anon_client: httpx.Client, logged_in_client: ClientFor
) -> None:
    # Anonymous: the login form and a path parameter.
    token = anon_client.get("/api/v1/me").json()["csrf_token"]
    r = anon_client.post(
        "/login",
        data={"username": "ad\x00min", "password": "x", "csrf_token": token},
        headers={"Accept": "application/json"},
    )
    _chinese_refusal(r, 400)
    _chinese_refusal(anon_client.get("/api/v1/plans/1%00"), 400)
    _chinese_refusal(anon_client.get("/api/v1/search", params={"q": "数字\x00经济"}), 400)
    _chinese_refusal(anon_client.get("/api/v1/compare", params={"a": "1", "b": "1\x00"}), 400)

    admin = logged_in_client("admin")
    _chinese_refusal(admin.get("/api/v1/audit", params={"username": "a\x00b", "target": "x\x1b"}), 400)
    planner = logged_in_client("planner")
    # httpx escapes a NUL in a file name; a hostile client sends it raw.
    multipart = (
        b'--b0undary\r\nContent-Disposition: form-data; name="file"; filename="plan\x00.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n"
        + "第一章 总则\n推进数字经济发展。".encode()
        + b"\r\n--b0undary--\r\n"
    )
    r = planner.post(
        "/api/v1/imports",
        content=multipart,
        headers={"Content-Type": "multipart/form-data; boundary=b0undary"},
    )
    _chinese_refusal(r, 400)
    r = planner.post(
        "/api/v1/imports",
        data={"name": "规划\x00名称"},
        files={"file": ("plan.txt", "第一章 总则\n推进数字经济发展。".encode(), "text/plain")},
    )
    _chinese_refusal(r, 400)
    reporter = logged_in_client("reporter")
    url = f"/api/v1/plans/1/tasks/{OWN}/progress"
    _chinese_refusal(reporter.post(url, json=_report(narrative="已完成\x00")), 400)
    _chinese_refusal(reporter.post(url, json=_report(evidence=["证明\x07.pdf"])), 400)
    _chinese_refusal(
        planner.post("/api/v1/plans/1/reports/1/review", json={"approve": False, "comment": "退回\x00"}), 400
    )
    # A JSON escape is a control character all the same.
    raw = json.dumps(_report(narrative="a\u0000b")).encode()
    _chinese_refusal(reporter.post(url, content=raw, headers={"Content-Type": "application/json"}), 400)
    # Line breaks and tabs are text, not controls.
    ok = reporter.post(url, json=_report(narrative="第一行\n第二行\t完成"))
    assert ok.status_code == 201, ok.text


def test_framework_refusals_are_in_chinese(anon_client: httpx.Client, logged_in_client: ClientFor) -> None:
    planner = logged_in_client("planner")
    r = planner.post("/api/v1/plans/1/reports/1/review", json={"approve": "也许"})
    body = _chinese_refusal(r, 422)
    assert "须为 true 或 false" in str(body["error"]) and body["details"]
    r = planner.post(
        "/api/v1/plans/1/reports/1/review", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    _chinese_refusal(r, 400, 422)
    _chinese_refusal(anon_client.get("/api/v1/no-such-thing"), 404)
    _chinese_refusal(anon_client.delete("/api/v1/plans"), 405)
    r = anon_client.get("/api/v1/audit", params={"limit": "many"})
    assert r.status_code in (401, 422)
    page = anon_client.get("/no-such-page")
    assert page.status_code == 404 and CJK.search(page.text)


@pytest.mark.parametrize("name", ["报告\u202egpj.exe", "照片\u200b\u2066.png"])
def test_bidi_and_invisible_characters_are_stripped_from_evidence_names(name: str) -> None:
    from planwatch.services.progress.evidence_files import sanitise_filename

    cleaned = sanitise_filename(name)
    assert not any(c in cleaned for c in "\u202e\u200b\u2066"), cleaned
