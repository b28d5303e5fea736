"""Background jobs (issue 18) over real HTTP against the real app, its real thread pool and a real
database file: imports, report files and large exports handed to a job, followed to their outcome;
who may see a job and its file; jobs a dead process left behind."""

from __future__ import annotations

import io
import os
import socket
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import openpyxl
import pytest
from pages_helpers import audit_entries, client_for, follow_job, job_url, plan_count
from sqlalchemy import select

from planwatch.services import jobs as jobs_service
from planwatch.services.monitoring.sample import load_sample
from planwatch.services.plans.records import find_plan
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.tables import JobRow, utcnow
from planwatch.web.app import create_app
from report_files import read_docx

PLAN = "测试市发展规划\n一、总体要求\n(1)加快建设长海跨海大桥，研发投入强度达3%。\n(2)推进城市更新，新建保障性住房1万套。\n"
JOB_KEYS = {
    "id",
    "kind",
    "kind_label",
    "title",
    "plan_id",
    "username",
    "state",
    "state_label",
    "finished",
    "progress",
    "step",
    "created_at",
    "started_at",
    "finished_at",
    "error",
    "result",
    "url",
    "json_url",
}


@pytest.fixture
def server(start_server: Callable[..., Any]) -> Any:
    server = start_server(with_plan=True)
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            load_sample(session, find_plan(session, "1"), by="pytest")
    finally:
        engine.dispose()
    return server


@pytest.fixture
def planner(server: Any) -> Iterator[httpx.Client]:
    c = client_for(server.url, server.db_url, "planner")
    c.timeout = httpx.Timeout(120)
    yield c
    c.close()


def test_import_form_goes_to_a_job_that_ends_at_the_plan(server: Any, planner: httpx.Client) -> None:
    r = planner.post(
        "/import",
        files={"file": ("测试规划.txt", PLAN.encode(), "text/plain")},
        data={"csrf_token": planner.csrf, "name": "测试规划"},  # type: ignore[attr-defined]
    )
    assert r.status_code == 303 and r.headers["Location"].startswith("/jobs/")
    job = follow_job(planner, r)
    assert set(job) == JOB_KEYS
    assert job["kind"] == "import" and job["state"] == "done" and job["state_label"] == "已完成"
    assert job["progress"] == 100 and job["error"] is None and job["username"] == planner.username  # type: ignore[attr-defined]
    assert (
        job["plan_id"] == 2 and job["result"]["url"] == "/plans/2?version=1" and job["result"]["file"] is None
    )
    info = job["result"]["info"]
    assert (
        info["plan"]["name"] == "测试规划" and info["counts"]["nodes"] >= 2 and not info["already_imported"]
    )
    assert plan_count(server.db_url) == 2
    page = planner.get(r.headers["Location"])
    assert page.status_code == 200 and "导入完成" in page.text and 'href="/plans/2?version=1"' in page.text
    assert "<progress" in page.text and 'http-equiv="refresh"' not in page.text  # finished: no refresh
    assert planner.get("/plans/2").status_code == 200
    listed = planner.get("/api/v1/jobs").json()
    assert listed["everyone"] is False and [j["id"] for j in listed["jobs"]] == [job["id"]]
    assert "测试规划.txt" in planner.get("/jobs").text


def test_bad_file_fails_the_job_in_chinese_and_stores_nothing(server: Any, planner: httpx.Client) -> None:
    r = planner.post(
        "/import", files={"file": ("picture.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "text/plain")}
    )
    job = follow_job(planner, r)
    assert job["state"] == "failed" and job["state_label"] == "失败" and job["result"] is None
    assert "不是受支持的文档格式" in job["error"]["error"] and job["error"]["hint"]
    page = planner.get(job_url(r)).text
    assert "导入失败" in page and "不是受支持的文档格式" in page and "没有保存任何内容" in page
    # A refused import is one rolled-back transaction: no plan, no audit entry.
    assert plan_count(server.db_url) == 1
    assert [e.username for e in audit_entries(server.db_url, "plan.import")] == ["system"]
    # The same name with very different content: refused (no force) inside the job, nothing stored.
    name = planner.get("/api/v1/plans").json()["plans"][0]["name"]
    conflict = planner.post(
        "/import", files={"file": ("other.txt", PLAN.encode(), "text/plain")}, data={"name": name}
    )
    job = follow_job(planner, conflict)
    assert job["state"] == "failed" and "差别很大" in job["error"]["error"]
    assert planner.get("/plans/1", params={"version": 2}).status_code == 404


def test_import_api_answers_202_when_asked_to_respond_async(server: Any, planner: httpx.Client) -> None:
    r = planner.post(
        "/api/v1/imports",
        files={"file": ("plan.txt", PLAN.encode(), "text/plain")},
        headers={"Prefer": "respond-async"},
    )
    assert r.status_code == 202 and r.headers["Location"] == r.json()["json_url"]
    assert set(r.json()) == JOB_KEYS and r.json()["state"] in ("queued", "running", "done")
    job = follow_job(planner, r)
    assert job["state"] == "done" and job["result"]["info"]["version"]["number"] == 1
    # Without the preference the API answers as before, in the request.
    again = planner.post("/api/v1/imports", files={"file": ("plan.txt", PLAN.encode(), "text/plain")})
    assert again.status_code == 200 and again.json()["already_imported"] is True


def test_report_job_file_is_a_docx_for_its_owner_and_admins_only(server: Any, planner: httpx.Client) -> None:
    r = planner.get("/plans/1/report", params={"kind": "annual", "year": "2026", "format": "docx"})
    assert r.status_code == 303
    job = follow_job(planner, r)
    assert job["kind"] == "report" and job["state"] == "done", job
    file = job["result"]["file"]
    assert file["name"].endswith("2026年度监测报告.docx") and file["expired"] is False and file["size"] > 0
    download = planner.get(file["download_url"])
    assert download.status_code == 200 and download.headers["cache-control"] == "private, no-store"
    content = read_docx(download.content)
    assert content.headings[0] == "一、总体判断" and content.pictures >= 1
    assert planner.get(f"/api/v1/jobs/{job['id']}/result").content == download.content
    page = planner.get(job_url(r)).text
    assert "文件已生成" in page and file["download_url"] in page

    reporter = client_for(server.url, server.db_url, "reporter", "大连市教育局")
    admin = client_for(server.url, server.db_url, "admin")
    try:
        for url in (job["url"], job["json_url"], file["download_url"]):
            assert reporter.get(url).status_code == 404, url
            assert admin.get(url).status_code == 200, url
        assert reporter.get("/api/v1/jobs").json()["jobs"] == []
        assert reporter.get("/api/v1/jobs/99999").status_code == 404
        assert reporter.get("/api/v1/jobs/99999999999999999999").status_code == 422
        assert reporter.get("/api/v1/jobs", params={"all": 1}).json()["jobs"] == []  # not an admin
        everyone = admin.get("/api/v1/jobs", params={"all": 1}).json()
        assert everyone["everyone"] is True and job["id"] in [j["id"] for j in everyone["jobs"]]
        assert planner.username in admin.get("/jobs?all=1").text  # type: ignore[attr-defined]
    finally:
        reporter.close()
        admin.close()
    with httpx.Client(base_url=server.url) as anon:
        assert anon.get(job["json_url"]).status_code == 401
        assert anon.get(file["download_url"], headers={"Accept": "application/json"}).status_code == 401
        # Without a login the report is still built in the request (public reading).
        inline = anon.get("/plans/1/report", params={"format": "docx"}, timeout=120)
        assert inline.status_code == 200 and read_docx(inline.content).headings[0] == "一、总体判断"


def test_report_job_errors_and_api(server: Any, planner: httpx.Client) -> None:
    r = planner.get("/plans/1/report", params={"year": "2040", "format": "pdf"})
    job = follow_job(planner, r)
    assert job["state"] == "failed" and "不在规划期" in job["error"]["error"]
    assert "不在规划期" in planner.get(job_url(r)).text
    assert planner.get("/plans/99/report", params={"format": "docx"}).status_code == 404  # before any job
    api = planner.post("/api/v1/plans/1/report/jobs", params={"kind": "midterm", "format": "pdf"})
    assert api.status_code == 202 and api.headers["Location"].startswith("/api/v1/jobs/")
    job = follow_job(planner, api)
    assert job["state"] == "done" and planner.get(job["result"]["file"]["download_url"]).content.startswith(
        b"%PDF"
    )
    assert planner.post("/api/v1/plans/1/report/jobs", headers={"X-CSRF-Token": ""}).status_code == 403


def test_large_task_export_runs_as_a_job(start_server: Callable[..., Any]) -> None:
    server = start_server(with_plan=True, export_job_min_tasks=10)
    planner = client_for(server.url, server.db_url, "planner")
    try:
        r = planner.get("/plans/1/export", params={"what": "tasks", "format": "xlsx"})
        job = follow_job(planner, r)
        assert job["kind"] == "export" and job["state"] == "done"
        data = planner.get(job["result"]["file"]["download_url"]).content
        book = openpyxl.load_workbook(io.BytesIO(data))
        assert book.active is not None and book.active.max_row > 10
        division = planner.get("/plans/1/division.xlsx")
        assert follow_job(planner, division)["state"] == "done"
        # Small formats and other exports stay in the request.
        assert planner.get("/plans/1/export", params={"what": "tasks", "format": "csv"}).status_code == 200
    finally:
        planner.close()
    with httpx.Client(base_url=server.url, timeout=60) as anon:
        inline = anon.get("/plans/1/export", params={"what": "tasks", "format": "xlsx"})
        assert inline.status_code == 200 and inline.content.startswith(b"PK")


def test_expired_result_is_gone(start_server: Callable[..., Any]) -> None:
    server = start_server(with_plan=True, export_job_min_tasks=0, job_result_hours=0)
    planner = client_for(server.url, server.db_url, "planner")
    try:
        job = follow_job(planner, planner.get("/plans/1/export", params={"what": "tasks"}))
        assert job["state"] == "done" and job["result"]["file"]["expired"] is True
        r = planner.get(job["result"]["file"]["download_url"], headers={"Accept": "application/json"})
        assert r.status_code == 404 and "已过期" in r.json()["error"]
        assert "已过期删除" in planner.get(job["url"]).text
    finally:
        planner.close()


def test_jobs_of_a_dead_process_are_failed_at_start_up(new_db_url: Callable[[str], str]) -> None:
    url = new_db_url("recover")
    host = socket.gethostname()
    workers = {
        "dead": f"{host}:999999999:gone",  # no such process on this host
        "earlier": f"{host}:{os.getpid()}:earlier",  # this pid, an earlier boot (a restarted container)
        "alive": jobs_service.worker_id(),  # this very process: still running it
        "elsewhere": "another-host:1:x",  # cannot be checked from here
    }
    settings = Settings(db_url=url)
    create_app(settings).state.engine.dispose()  # migrates
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            for title, worker in workers.items():
                session.add(
                    JobRow(
                        kind="import",
                        title=title,
                        username="someone",
                        state="running",
                        progress=35,
                        step="抽取",
                        worker=worker,
                        created_at=utcnow() - timedelta(minutes=5),
                    )
                )
        create_app(settings).state.engine.dispose()  # a new process starting
        with transaction(engine) as session:
            rows = {row.title: row for row in session.scalars(select(JobRow))}
    finally:
        engine.dispose()
    for title in ("dead", "earlier"):
        assert rows[title].state == "failed" and rows[title].finished_at is not None
        assert "任务中断" in (rows[title].error or "") and rows[title].error_hint == "请重新提交。"
    assert rows["alive"].state == "running" and rows["elsewhere"].state == "running"
