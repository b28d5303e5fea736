"""End-to-end in headless Chromium, at desktop and phone widths: the 分工方案 goes out as Excel, a
department fills it in (openpyxl, as Excel would save it), the planner uploads it, reviews the
differences and applies the rows it accepts; a department's 调整申请 is approved by a planner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from browser_helpers import Tab
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

EDUCATION = "大连市教育局"
COOPERATES = "p14.a57.t5"  # led by 中共大连市委组织部, 大连市教育局 co-operates
WIDTHS = [1280, 400]


def _task(base_url: str, key: str) -> dict[str, Any]:
    response = httpx.get(f"{base_url}/api/v1/plans/1/tasks/{key}", timeout=30)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["task"]
    return data


def _fill_in(path: Path, out: Path) -> tuple[int, int]:
    """What a department does: a new lead with a reason on one row, a mistyped unit on another."""
    wb = openpyxl.load_workbook(path)
    ws = wb["分工方案"]
    header = {c.value: c.column_letter for c in ws[3]}
    rows = {ws[f"{header['行键']}{r}"].value: r for r in range(4, ws.max_row + 1)}
    good, bad = rows["p3.a6.t1"], rows["p3.a6.t2"]
    ws[f"{header['牵头单位']}{good}"] = "市财政局"
    ws[f"{header['反馈意见']}{good}"] = "资金类事项，建议由财政局牵头"
    ws[f"{header['配合单位']}{bad}"] = "市教育厅"
    wb.save(out)
    return good, bad


@pytest.mark.parametrize("width", WIDTHS)
def test_division_excel_round_trip(
    width: int,
    open_tab: Callable[..., Tab],
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    tmp_path: Path,
) -> None:
    server = start_server(with_plan=True)
    planner = create_user_in(server.db_url, "planner")
    tab = open_tab(server.url, width=width, height=900)
    page = tab.page
    tab.log_in(*planner)
    tab.goto("/plans/1/tasks")
    with page.expect_navigation():
        page.get_by_role("link", name="分工方案征求意见").click()
    expect(page.get_by_role("heading", name="分工方案征求意见")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载分工方案（Excel）").click()
    assert download.value.suggested_filename.endswith("_分工方案_征求意见.xlsx")
    original = tmp_path / "分工方案.xlsx"
    download.value.save_as(original)
    edited = tmp_path / "教育局反馈.xlsx"
    good, bad = _fill_in(original, edited)

    page.get_by_label("填写后的分工方案（.xlsx）").set_input_files(str(edited))
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_role("heading", name="分工方案反馈预览")).to_be_visible()
    expect(page.locator("#division-counts")).to_contain_text("将修改 1 行")
    expect(page.locator("#division-counts")).to_contain_text("有错误 1 行")
    expect(page.locator(f"#line-{good}")).to_contain_text("大连市财政局")
    expect(page.locator(f"#line-{bad}")).to_contain_text("部门目录中没有“市教育厅”")
    expect(page.locator(f"#line-{bad}")).to_contain_text(EDUCATION)  # the suggestion
    expect(page.get_by_label(f"应用第 {good} 行")).to_be_checked()
    expect(page.get_by_label("只应用勾选的行")).to_be_checked()
    assert not tab.overflows_horizontally()
    tab.shot(f"division-preview-{width}")
    with page.expect_navigation():
        page.get_by_role("button", name="应用").click()
    expect(page.locator(".flash")).to_contain_text("已应用 1 行修改")
    tab.assert_clean()

    assert _task(server.url, "p3.a6.t1")["lead"] == "大连市财政局"
    assert _task(server.url, "p3.a6.t2")["cooperating"] == []
    tab.goto("/plans/1/tasks/p3.a6.t1")
    expect(page.locator("body")).to_contain_text("资金类事项，建议由财政局牵头")
    assert not tab.overflows_horizontally()
    tab.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_adjustment_request_approved_by_a_planner(
    width: int,
    open_tab: Callable[..., Tab],
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
) -> None:
    server = start_server(with_plan=True)
    reporter = create_user_in(server.db_url, "reporter", EDUCATION)
    planner = create_user_in(server.db_url, "planner")

    dept = open_tab(server.url, width=width)
    page = dept.page
    dept.log_in(*reporter)
    dept.goto(f"/plans/1/tasks/{COOPERATES}/edit")
    form = page.locator("form.assign")
    expect(form).to_contain_text("调整申请")
    expect(form.get_by_role("button", name="恢复系统建议")).to_have_count(0)
    form.get_by_label("牵头单位").select_option(EDUCATION)
    form.get_by_label("配合单位").fill("")
    form.get_by_label("调整说明").fill("该项工作由教育局具体承担")
    with page.expect_navigation():
        form.get_by_role("button", name="保存").click()
    expect(page.locator(".flash")).to_contain_text("已提交调整申请")
    assert _task(server.url, COOPERATES)["lead"] == "中共大连市委组织部"
    assert not dept.overflows_horizontally()
    dept.assert_clean()

    office = open_tab(server.url, width=width)
    review = office.page
    office.log_in(*planner)
    office.goto("/inbox")
    expect(review.locator("li.note-request")).to_contain_text("该项工作由教育局具体承担")
    office.goto("/plans/1/reviews")
    request = review.locator("section.request")
    expect(request).to_have_count(1)
    expect(request).to_contain_text("中共大连市委组织部")
    expect(request).to_contain_text(EDUCATION)
    assert not office.overflows_horizontally()
    office.shot(f"adjustment-request-{width}")
    with review.expect_navigation():
        request.get_by_role("button", name="批准").click()
    expect(review.locator(".flash").first).to_contain_text("已批准调整申请")
    expect(review.locator("section.request")).to_have_count(0)
    office.assert_clean()

    now = _task(server.url, COOPERATES)
    assert now["lead"] == EDUCATION and now["cooperating"] == []
    dept.goto("/inbox")
    expect(page.locator("li.note-request_result")).to_contain_text("已批准")
    dept.assert_clean()
