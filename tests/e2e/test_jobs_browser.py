"""A background job in Chromium: an upload goes on to the job's progress page, whose script polls the
JSON twin until the job has finished and then shows the stored plan, one click away.

One job thread and a long plan imported first keep the second upload waiting, so its page opens
while the job is unfinished and only the script can bring it to the end."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from browser_helpers import Tab
from playwright.sync_api import expect

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
LONG_PLAN = CORPUS / "dalian-15th-fyp-recommendation.txt"
PLAN = "大连市低空经济发展规划（2026—2030年）\n一、总体要求\n（一）发展目标。到2030年，全市低空经济规模达到500亿元。\n"
PLAN_NAME = "大连市低空经济发展规划（2026—2030年）"


def test_progress_page_polls_its_job_and_ends_at_the_plan(
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    open_tab: Callable[..., Tab],
    tmp_path: Path,
) -> None:
    server = start_server(job_threads=1)
    username, password = create_user_in(server.db_url, "planner")
    tab = open_tab(server.url)
    tab.log_in(username, password)
    page = tab.page
    # The long plan goes first through the JSON API, as a job (the pool's one thread).
    with httpx.Client(base_url=server.url, timeout=60) as api:
        token = api.get("/api/v1/me").json()["csrf_token"]
        login = api.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": token},
            headers={"Accept": "application/json"},
        )
        api.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        first = api.post(
            "/api/v1/imports",
            files={"file": (LONG_PLAN.name, LONG_PLAN.read_bytes(), "text/plain")},
            data={"name": "长规划"},
            headers={"Prefer": "respond-async"},
        )
        assert first.status_code == 202, first.text

    document = tmp_path / "低空经济.txt"
    document.write_text(PLAN, encoding="utf-8")
    tab.goto("/import")
    form = page.locator("#import-form")
    form.get_by_label("规划文件").set_input_files(document)
    form.get_by_role("button", name="上传并分析").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    expect(page.locator("h1")).to_have_text("导入“低空经济.txt”")
    expect(page.locator("section.job progress")).to_be_visible()
    done = page.locator(".panel.ok")
    expect(done).to_contain_text("导入完成", timeout=120_000)
    expect(done).to_contain_text(PLAN_NAME)
    expect(page.locator("section.job progress")).to_have_attribute("value", "100")
    expect(page.locator('[data-job-field="state_label"]')).to_have_text("已完成")
    tab.shot("job-done")
    done.get_by_role("link", name="查看总览").click()
    page.wait_for_url(re.compile(r"/plans/\d+\?version=1$"))
    expect(page.locator("h1")).to_have_text(PLAN_NAME)

    tab.goto("/jobs")
    rows = page.locator("table.jobs tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("已完成")
    tab.assert_clean()
