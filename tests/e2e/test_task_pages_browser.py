"""任务分工 page by page in real Chromium: the pager swaps the table in place (the address follows,
focus stays on the pager), filters, sort and page size carry over, and editing a row on a later page
saves it in place. The same links without JavaScript are followed in tests/web/test_task_table_pages.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from browser_helpers import Tab
from playwright.sync_api import Page, expect

PAGER = 'nav[aria-label="任务表分页"]'


def api(base_url: str, path: str, **params: Any) -> Any:
    response = httpx.get(base_url + path, params=params, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def shown_ids(page: Page) -> list[str]:
    ids = page.locator("#task-body tr[id^='task-']").evaluate_all("rows => rows.map(r => r.id.slice(5))")
    return [str(i) for i in ids]


def query(tab: Tab) -> dict[str, list[str]]:
    return parse_qs(urlsplit(tab.path()).query)


def test_paging_sorting_and_filtering_in_place(tab: Tab, live_server: str) -> None:
    page = tab.page
    tab.goto("/plans/1/tasks")
    tab.set_marker()
    pager = page.locator(PAGER)
    expect(pager.locator('a[aria-current="page"]')).to_have_text("1")

    # 下一页 by keyboard: the table is swapped, the address follows, focus stays on 下一页.
    pager.get_by_role("link", name="下一页 →").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#task-table .count")).to_contain_text("第 2/8 页")
    assert tab.marker_survived(), "the pager should swap the table, not reload the page"
    assert query(tab) == {"page": ["2"]}
    second = api(live_server, "/api/v1/plans/1/assignments", page=2)["rows"]
    assert shown_ids(page) == [r["id"] for r in second]
    expect(page.locator(":focus")).to_have_text("下一页 →")
    expect(page.locator(PAGER).locator('a[aria-current="page"]')).to_have_text("2")

    # A filter starts again from its first page; the pager then keeps the filter.
    page.locator("#f-domain").select_option("民生")
    expect(page.locator("#task-table .count")).to_contain_text("筛选出")
    expect(page.locator(PAGER).locator('a[aria-current="page"]')).to_have_text("1")
    page.locator(PAGER).get_by_role("link", name="2", exact=True).click()
    expect(page.locator(PAGER).locator('a[aria-current="page"]')).to_have_text("2")
    assert query(tab)["domain"] == ["民生"] and query(tab)["page"] == ["2"]
    expected = api(live_server, "/api/v1/plans/1/assignments", domain="民生", page=2)["rows"]
    assert shown_ids(page) == [r["id"] for r in expected]

    # Sorting keeps the filter and goes back to page 1; so does another page size.
    page.locator("#task-table thead th").nth(4).locator("a").click()  # 完成时限
    expect(page.locator("#task-table thead th").nth(4)).to_have_attribute("aria-sort", "ascending")
    assert query(tab) == {"domain": ["民生"], "sort": ["due"]}
    page.locator("#f-per_page").select_option("20")
    expect(page.locator("#task-table .count")).to_contain_text("第 1–20 项")
    assert query(tab)["per_page"] == ["20"] and query(tab)["sort"] == ["due"]
    expected = api(live_server, "/api/v1/plans/1/assignments", domain="民生", sort="due", per_page=20)["rows"]
    assert shown_ids(page) == [r["id"] for r in expected]
    page.locator(PAGER).get_by_role("link", name="下一页 →").click()
    expect(page.locator("#task-table .count")).to_contain_text("第 21–40 项")
    assert tab.marker_survived()
    tab.shot("tasks-page-2", full=False)
    tab.assert_clean()


def test_edit_a_row_on_a_later_page(
    open_tab: Callable[..., Tab],
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
) -> None:
    server = start_server(with_plan=True)
    tab = open_tab(server.url)
    page = tab.page
    tab.log_in(*create_user_in(server.db_url, "planner"))
    tab.goto("/plans/1/tasks?page=3&sort=-due")
    tab.set_marker()
    task = shown_ids(page)[5]
    row = page.locator(f'#task-body tr[id="task-{task}"]')
    row.locator("a.button", has_text="调整").click()
    editing = page.locator(f'tr.editing[id="task-{task}"]')
    expect(editing).to_be_visible()
    editing.get_by_label("完成时限").fill("2027")
    editing.get_by_label("调整说明").fill("提前完成")
    editing.get_by_role("button", name="保存").click()
    saved = page.locator(f'tr.saved[id="task-{task}"]')
    expect(saved).to_contain_text("已保存")
    expect(saved.locator("td").nth(4)).to_have_text("2027")
    assert tab.marker_survived() and query(tab) == {"sort": ["-due"], "page": ["3"]}
    stored = api(server.url, f"/api/v1/plans/1/tasks/{task}")["task"]
    assert stored["due"] == "2027" and stored["source"] == "override"
    # The pager still works after the row was swapped, and the table shows the new due date.
    page.locator(PAGER).get_by_role("link", name="← 上一页").click()
    expect(page.locator(PAGER).locator('a[aria-current="page"]')).to_have_text("2")
    tab.assert_clean()
