"""Pages speak in words and local time: the task's text where its id was (headings, 待审核, 收件箱),
the audit log in Chinese field names and values, times labelled in the display zone; the task table
shows each task's progress and its download follows the table's filters."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from contextlib import closing
from typing import Any

import openpyxl
import pytest
from pages_helpers import client_for

from planwatch.services.plans.records import load_plan
from planwatch.services.progress import reporting as progress
from planwatch.store.engine import make_engine, transaction

TASK = "p3.a7.t1"


@pytest.fixture(scope="module")
def site(server_for: Callable[..., Any], session_db_url: Callable[[str], str]) -> Any:
    import conftest as web  # the web fixtures' helpers: a module-wide server of our own

    url = session_db_url("words")
    web._prepare_database(url, with_plan=True)
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            view = load_plan(session, "1")
            progress.submit_report(
                session,
                view,
                progress.ReportDraft(
                    task_key=TASK, period="2026Q3", state="推进中", percent=40, narrative="征地完成一半"
                ),
                by="工信局",
            )
            progress.review(session, view, TASK, "2026Q3", False, "请补充佐证", by="发改委")
            text = next(t.text for t in view.analysis.tasks if t.id == TASK)
    finally:
        engine.dispose()
    from planwatch.settings import Settings

    with server_for(Settings(db_url=url, login_max_failures_per_ip=100_000)) as server:
        yield server, text


def test_task_page_is_headed_by_its_text_and_times_are_beijing_time(site: Any) -> None:
    server, text = site
    with closing(client_for(server.url, server.db_url, "planner")) as client:
        page = client.get(f"/plans/1/tasks/{TASK}").text
        heading = re.search(r"<h1>(.*?)</h1>", page, re.S)
        assert heading is not None and text[:20] in heading.group(1) and TASK in heading.group(1)
        assert "（北京时间）" in page
        assert "（北京时间）" in client.get("/plans").text
        history = client.get(f"/api/v1/plans/1/tasks/{TASK}/progress").json()["history"]
        assert [h["status"] for h in history] == ["returned"]  # submitted then returned: one report
        assert page.count('id="report-') == 1
        audit = client.get("/admin/audit")
        assert audit.status_code in (200, 403)


def test_audit_log_says_status_in_chinese(site: Any) -> None:
    server, _ = site
    with closing(client_for(server.url, server.db_url, "admin")) as client:
        page = client.get("/admin/audit").text
    assert "状态" in page and "已退回" in page and "已提交" in page
    assert "submitted" not in re.sub(r"<[^>]+>", "", page).replace("submitted_", "")
    assert "（北京时间）" in page


def test_inbox_names_the_task_by_its_text(site: Any) -> None:
    server, text = site
    with closing(client_for(server.url, server.db_url, "reporter", "大连市工业和信息化局")) as client:
        page = client.get("/inbox").text
    assert "进展报告被退回：" + text[:10] in page
    assert f"（{TASK}，2026Q3）" in page


def test_task_table_shows_progress_and_its_export_follows_the_filters(site: Any) -> None:
    server, _ = site
    with closing(client_for(server.url, server.db_url, "planner")) as client:
        data = client.get("/api/v1/plans/1/assignments", params={"q": TASK}).json()
        row = next(r for r in data["rows"] if r["id"] == TASK)
        assert row["progress"] is None or row["progress"] == 40  # a returned report may not count
        assert "进度" in client.get("/plans/1/tasks").text
        lead = row["lead"]
        shown = client.get("/api/v1/plans/1/assignments", params={"lead": lead}).json()["count"]
        page = client.get("/plans/1/tasks", params={"lead": lead}).text
        assert "format=xlsx&amp;lead=" in page
        book = openpyxl.load_workbook(
            io.BytesIO(client.get("/plans/1/export", params={"what": "tasks", "lead": lead}).content)
        )
        ids = {
            str(c.value)
            for ws in book.worksheets
            for r in ws.iter_rows()
            for c in r
            if re.fullmatch(r"p\d+\.\S+", str(c.value))
        }
        whole = openpyxl.load_workbook(
            io.BytesIO(client.get("/plans/1/export", params={"what": "tasks"}).content)
        )
        rows_all = sum(ws.max_row for ws in whole.worksheets)
        rows_some = sum(ws.max_row for ws in book.worksheets)
    assert 0 < shown < data["total"]
    assert rows_some < rows_all
    assert ids == set() or len(ids) <= shown
