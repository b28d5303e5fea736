"""导入 over real HTTP: upload through the page (htmx and plain form, both handed to a background
job whose progress page shows the outcome) and the JSON API; what is stored, what is refused, and
that script in a document stays text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pages_helpers import audit_entries, client_for, follow_job, job_url, plan_count

from builders import make_docx

EVIL = (
    "测试市发展规划<script>alert(1)</script>\n"
    "一、总体要求\n"
    "(1)加快建设长海跨海大桥<img src=x onerror=alert(2)>，研发投入强度达3%。\n"
)


@pytest.fixture
def server(start_server: Callable[..., Any]) -> Any:
    return start_server(with_plan=True)


@pytest.fixture
def planner(server: Any) -> Iterator[httpx.Client]:
    c = client_for(server.url, server.db_url, "planner")
    yield c
    c.close()


def test_import_page_needs_a_planner(server: Any) -> None:
    with httpx.Client(base_url=server.url) as anon:
        page = anon.get("/import")
        assert page.status_code == 200 and "导入规划" in page.text and "需要登录" in page.text
        assert 'type="file"' not in page.text
        r = anon.post("/api/v1/imports", files={"file": ("a.txt", EVIL.encode(), "text/plain")})
        assert r.status_code == 401
    reporter = client_for(server.url, server.db_url, "reporter", "大连市教育局")
    try:
        assert "需要规划处或管理员角色" in reporter.get("/import").text
        r = reporter.post("/api/v1/imports", files={"file": ("a.txt", EVIL.encode(), "text/plain")})
        assert r.status_code == 403
    finally:
        reporter.close()
    assert plan_count(server.db_url) == 1


def test_txt_with_script_is_stored_and_renders_inert(server: Any, planner: httpx.Client) -> None:
    page = planner.get("/import")
    assert '<label for="import-file">' in page.text and 'hx-post="/import"' in page.text
    r = planner.post(
        "/import",
        files={"file": ("规划.txt", EVIL.encode("utf-8"), "text/plain")},
        data={"name": "<b>测试</b>规划"},
        headers={"HX-Request": "true"},
    )
    # htmx is told to load the job's progress page (HX-Redirect), which ends with the stored plan.
    assert r.status_code == 202 and r.headers["HX-Redirect"].startswith("/jobs/")
    job = follow_job(planner, r)
    assert job["state"] == "done" and job["result"]["url"] == "/plans/2?version=1"
    page = planner.get(job_url(r))
    assert page.status_code == 200
    assert (
        "导入完成" in page.text and "&lt;b&gt;测试&lt;/b&gt;规划" in page.text and "<b>测试" not in page.text
    )
    assert 'href="/plans/2?version=1"' in page.text
    text = planner.get("/plans/2/text")
    assert text.status_code == 200
    assert "<script>alert(1)" not in text.text and "<img src=x" not in text.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text.text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text.text
    assert 'class="hl quantity"' in text.text and 'class="hl project"' in text.text
    data = planner.get("/api/v1/plans/2/text").json()
    assert "<script>alert(1)</script>" in data["text"]  # JSON keeps the text as it was
    mine = [e for e in audit_entries(server.db_url, "plan.import") if e.username != "system"]
    assert [(e.username, e.after["plan"]) for e in mine] == [(planner.username, "<b>测试</b>规划")]  # type: ignore[attr-defined]


def test_docx_upload_through_the_json_api(server: Any, planner: httpx.Client, tmp_path: Path) -> None:
    path = make_docx(
        ["某市国民经济和社会发展规划", "一、发展目标", "(1)加快建设现代化产业体系，研发投入强度达3%。"],
        tmp_path / "plan.docx",
        headings={0: 0},
    )
    content = path.read_bytes()
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    r = planner.post(
        "/api/v1/imports", files={"file": ("plan.docx", content, mime)}, data={"name": "某市规划"}
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["plan"]["name"] == "某市规划" and body["version"]["number"] == 1
    assert body["already_imported"] is False and isinstance(body["warnings"], list)
    again = planner.post("/api/v1/imports", files={"file": ("again.docx", content, mime)})
    assert again.status_code == 200 and again.json()["already_imported"] is True
    assert plan_count(server.db_url) == 2
    reader = planner.get(f"/plans/{body['plan']['id']}/text")
    assert reader.status_code == 200 and "研发投入强度达3%" in reader.text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "文件为空"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "不是受支持的文档格式"),
    ],
)
def test_unusable_files_are_refused_and_nothing_is_stored(
    server: Any, planner: httpx.Client, name: str, content: bytes, message: str
) -> None:
    r = planner.post("/import", files={"file": (name, content, "text/plain")}, headers={"HX-Request": "true"})
    job = follow_job(planner, r)
    assert job["state"] == "failed" and message in job["error"]["error"] and job["error"]["hint"]
    page = planner.get(job_url(r))
    assert (
        "导入失败" in page.text
        and message in page.text
        and "处理建议" in page.text
        and "没有保存任何内容" in page.text
    )
    plain = planner.post("/import", files={"file": (name, content, "text/plain")})
    assert plain.status_code == 303
    assert follow_job(planner, plain)["state"] == "failed"
    page = planner.get(job_url(plain))
    assert page.status_code == 200 and "<html" in page.text and message in page.text
    api = planner.post("/api/v1/imports", files={"file": (name, content, "text/plain")})
    assert api.status_code == 400
    assert message in api.json()["error"] and api.json()["hint"]
    assert plan_count(server.db_url) == 1
    assert [e.username for e in audit_entries(server.db_url, "plan.import")] == ["system"]  # the default plan


def test_upload_without_csrf_is_refused(server: Any, planner: httpx.Client) -> None:
    r = planner.post(
        "/api/v1/imports",
        files={"file": ("a.txt", EVIL.encode(), "text/plain")},
        headers={"X-CSRF-Token": ""},
    )
    assert r.status_code == 403
    r = planner.post(
        "/import",
        files={"file": ("a.txt", EVIL.encode(), "text/plain")},
        data={"csrf_token": "forged"},
        headers={"X-CSRF-Token": ""},
    )
    assert r.status_code == 403
    assert plan_count(server.db_url) == 1


def test_missing_file_is_a_chinese_error(server: Any, planner: httpx.Client) -> None:
    r = planner.post("/api/v1/imports", data={"name": "x"})
    assert r.status_code == 400 and "没有收到文件" in r.json()["error"]
