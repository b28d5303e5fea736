"""End-to-end: a planner edits a unit's duties on the 部门目录 page in headless Chromium, and the next
plan imported has its 分工 proposal follow the new duty (lead and reason), on a server of its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_helpers import Tab
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PLAN_NAME = "大连市低空经济发展专项规划（2026—2030年）"
PLAN = f"""{PLAN_NAME}

一、总体要求
（一）发展目标。到2030年，全市低空经济规模达到500亿元。
二、重点任务
（二）完善保障体系。建设低空飞行服务保障体系，布局一批通用机场和起降点。
"""
TASK = "p2.s2.t1"
UNIT = "大连市应急管理局"
DUTY = "低空飞行服务"


def import_plan(tab: Tab, path: Path, text: str) -> int:
    path.write_text(text, encoding="utf-8")
    tab.goto("/import")
    form = tab.page.locator("#import-form")
    form.get_by_label("规划文件").set_input_files(path)
    form.get_by_role("button", name="上传并分析").click()
    # the upload goes on to its background job, whose page ends with the stored plan
    expect(tab.page.locator(".panel.ok")).to_contain_text("导入完成")
    plans = httpx.get(tab.url("/api/v1/plans"), timeout=30).json()["plans"]
    return int(next(p["id"] for p in plans if p["name"] == PLAN_NAME))


def lead_of(tab: Tab, plan_id: int) -> str:
    tab.goto(f"/plans/{plan_id}/tasks/{TASK}")
    lead = tab.page.locator("dt", has_text="牵头单位").locator("xpath=following-sibling::dd[1]")
    return lead.inner_text()


def test_editing_a_units_duties_changes_the_next_proposal(
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    open_tab: Callable[..., Tab],
    tmp_path: Path,
) -> None:
    server = start_server()
    tab = open_tab(server.url)
    tab.log_in(*create_user_in(server.db_url, "planner"))
    page = tab.page

    plan_id = import_plan(tab, tmp_path / "低空经济.txt", PLAN)
    before = lead_of(tab, plan_id)
    assert UNIT not in before and DUTY not in before

    # The catalogue page: find the unit by searching, open its form, add the duty.
    # the link sits in the user menu of the header
    page.locator("details.usermenu summary").click()
    page.get_by_role("link", name="部门目录").first.click()
    page.wait_for_url("**/catalogue")
    page.get_by_label("搜索单位、简称、别名或职责").fill("应急")
    page.get_by_role("button", name="搜索").click()
    row = page.locator(f'tr[data-unit="{UNIT}"]')
    expect(row).to_be_visible()
    tab.shot("catalogue-search")
    row.get_by_role("link", name="编辑").click()
    duties = page.get_by_label("职责关键词", exact=False)
    # a one-character keyword first: refused beside the field, nothing saved
    duties.fill(duties.input_value() + "、险")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#err-duties")).to_contain_text("太短")
    assert "400" in " ".join(tab.problems())
    tab.forget_problems()
    tab.shot("catalogue-unit-error")
    duties.fill(duties.input_value().removesuffix("、险") + "、" + DUTY)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("p.flash")).to_contain_text(f"已保存单位“{UNIT}”")
    expect(page.locator(f'tr[data-unit="{UNIT}"] td.duties')).to_contain_text(DUTY)

    # The history shows who changed what.
    page.get_by_role("link", name="历史版本").click()
    expect(page.locator("table.versions")).to_contain_text(f"增加“{DUTY}”")

    # A new version of the plan is divided with the edited catalogue.
    import_plan(tab, tmp_path / "低空经济（修订）.txt", PLAN + "（三）加强安全监管。\n")
    after = lead_of(tab, plan_id)
    assert "应急" in after and f"对应市应急局职责“{DUTY}”" in after, after
    tab.shot("task-after-catalogue-edit")
    tab.assert_clean()
