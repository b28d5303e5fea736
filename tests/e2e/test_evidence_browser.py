"""落实佐证 in Chromium (issue 19): a planner attaches the 2024 national work report to the stored
2023 report on the evidence page, waits on the job's page, follows it to the source's matches,
confirms one (htmx swaps the row) and sees it counted on the plan's evidence page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from browser_helpers import Tab
from playwright.sync_api import expect

from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import import_analysis
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from strict import missing

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
REPORT_2023 = CORPUS / "national-government-work-report-2023.txt"
REPORT_2024 = CORPUS / "national-government-work-report-2024.txt"


def test_attach_wait_confirm_and_see_it_counted(
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    open_tab: Callable[..., Tab],
) -> None:
    if not REPORT_2024.is_file():
        missing(f"the shared corpus is not at {CORPUS}")
    server = start_server()
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            pid = import_analysis(session, analyze_path(REPORT_2023, Settings()), "2023年报告").plan.id
    finally:
        engine.dispose()
    username, password = create_user_in(server.db_url, "planner")
    tab = open_tab(server.url)
    tab.log_in(username, password)
    page = tab.page

    tab.goto(f"/plans/{pid}/evidence")
    expect(page.locator("[data-evidence-confirmed]")).to_have_text("0")
    form = page.locator("#evidence-form")
    form.get_by_label("上传文件").set_input_files(REPORT_2024)
    form.get_by_role("button", name="附加并追踪").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    expect(page.locator("h1")).to_contain_text(REPORT_2024.name)
    result = page.get_by_role("link", name="查看结果")
    expect(result).to_be_visible(timeout=120_000)
    expect(page.locator('[data-job-field="state_label"]')).to_have_text("已完成")
    result.click()
    page.wait_for_url(re.compile(rf"/plans/{pid}/evidence/sources/\d+$"))

    page.get_by_label("类型").select_option("reported")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"kind=reported"))
    row = page.locator("tr.evidence-match", has=page.locator("mark.term")).first
    expect(row).to_be_visible()
    row_id = row.get_attribute("id")
    row.get_by_role("button", name="确认").click()
    swapped = page.locator(f"tr#{row_id}")
    expect(swapped).to_have_class(re.compile(r"decision-confirmed"))
    expect(swapped.locator("[data-decision]")).to_have_text("已确认")
    expect(swapped.get_by_role("button", name="撤回")).to_be_visible()
    assert page.url.endswith("kind=reported&decision=")  # swapped in place: no page load
    tab.shot("evidence-confirmed")

    tab.goto(f"/plans/{pid}/evidence")
    expect(page.locator("[data-evidence-confirmed]")).to_have_text("1")
    expect(page.locator("table.evidence-sources [data-confirmed]")).to_have_text("1")
    tab.assert_clean()
