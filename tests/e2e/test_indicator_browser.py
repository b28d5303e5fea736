"""End-to-end in headless Chromium, at 1280 and 400 px: a planner builds the indicator system from a
city's 主要指标表 (.docx upload, preview, import), uploads a year's values (a bad file first: its
row errors and no way to apply it), enters one more value by hand and sees the statuses — with no
console, CSP or HTTP errors, on a server and database of its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import Tab
from playwright.sync_api import expect

import indicator_tables as city

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [1280, 400])
def test_build_indicator_system_enter_values_see_statuses(
    width: int,
    open_tab: Callable[..., Tab],
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    tmp_path: Path,
) -> None:
    server = start_server(with_plan=True)
    planner = create_user_in(server.db_url, "planner")
    table = city.write_docx(tmp_path / "某市十五五主要指标表.docx")
    bad = city.write_observations(tmp_path / "2026年数据（有误）.xlsx", bad=True)
    good = city.write_observations(tmp_path / "2026年数据.xlsx")

    tab = open_tab(server.url, width=width)
    page = tab.page
    tab.log_in(*planner)
    tab.goto("/plans/1/monitoring")
    expect(page.locator("main")).not_to_contain_text("planwatch indicators")
    page.get_by_role("link", name="导入主要指标表").click()
    expect(page.get_by_role("heading", name="导入主要指标表", level=1)).to_be_visible()

    # upload → preview → import
    page.get_by_label("选择文件").set_input_files(str(table))
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("将新增 15 个")
    expect(preview.locator("tbody tr")).to_have_count(15)
    expect(preview).to_contain_text("高于地区生产总值增长")
    expect(preview).to_contain_text("参照：经济增长")
    tab.shot("indicator-table-preview")
    assert not tab.overflows_horizontally(), "the preview table must scroll in its own box"
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#import-result")).to_contain_text("已导入 15 个指标")

    # a bad values file: row errors, nothing to apply; then the good one
    tab.goto("/plans/1/monitoring/import-values")
    page.get_by_label("选择文件").set_input_files(str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#preview")).to_contain_text("“五点六”不是数字")
    expect(page.locator("#preview")).to_contain_text("规划中没有名为“不存在的指标”的指标")
    expect(page.locator("#apply-form")).to_have_count(0)
    page.get_by_label("选择文件").set_input_files(str(good))
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#preview")).to_contain_text("可录入 13 个数值")
    with page.expect_navigation():
        page.get_by_role("button", name="确认录入").click()
    expect(page.locator("#import-result")).to_contain_text("新增 13 个")

    # statuses
    with page.expect_navigation():
        page.get_by_role("link", name="查看指标状态").click()
    rows = page.locator("table.monitoring tbody tr")
    expect(rows).to_have_count(15)
    expect(rows.filter(has_text="全员劳动生产率增长")).to_contain_text("进展顺利")
    expect(rows.filter(has_text="能源综合生产能力")).to_contain_text("无法评估")
    expect(rows.filter(has_text="城镇新增就业")).to_contain_text("进展顺利")
    expect(rows.filter(has_text="单位地区生产总值二氧化碳排放降低")).to_contain_text("完成")
    tab.shot("indicator-statuses")
    assert not tab.overflows_horizontally(), "the status table must scroll in its own box"

    # one more year's value by hand
    with page.expect_navigation():
        page.get_by_role("link", name="人均预期寿命").click()
    expect(page.locator("main")).to_contain_text("需加快")
    form = page.locator("#value-form")
    form.get_by_label("年份").fill("2027")
    form.get_by_label("数值（岁）").fill("80.6")
    form.get_by_label("来源").fill("卫生健康统计公报")
    with page.expect_navigation():
        form.get_by_role("button", name="录入").click()
    expect(page.locator("main")).to_contain_text("已录入 2027 年数据")
    expect(page.locator("main")).to_contain_text("较2025年基期累计变化 0.4岁")
    expect(page.locator("main")).to_contain_text("进展顺利")
    tab.shot("indicator-value-entered")
    tab.assert_clean()
