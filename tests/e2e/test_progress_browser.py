"""End-to-end in headless Chromium: a department reports a task's progress with an evidence file, the
planner returns it with a comment, the department sees that in its inbox and reports again, the
planner approves — on a server and database of their own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_helpers import Tab
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

EDUCATION = "大连市教育局"
TASK = "p11.a44.t1"  # led by 大连市教育局
PDF = b"%PDF-1.4\n% evidence for the browser test\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"


def _progress(base_url: str) -> Any:
    response = httpx.get(f"{base_url}/api/v1/plans/1/tasks/{TASK}/progress", timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_submit_return_resubmit_approve(
    open_tab: Callable[..., Tab],
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    tmp_path: Path,
) -> None:
    server = start_server(with_plan=True)
    reporter = create_user_in(server.db_url, "reporter", EDUCATION)
    planner = create_user_in(server.db_url, "planner")
    proof = tmp_path / "开工证明.pdf"
    proof.write_bytes(PDF)

    # The department reports, with a file.
    dept = open_tab(server.url)
    page = dept.page
    dept.log_in(*reporter)
    dept.goto(f"/plans/1/tasks/{TASK}")
    form = page.locator("form.progress-form")
    expect(form).to_be_visible()
    form.get_by_label("任务状态").select_option("推进中")
    form.get_by_label("完成百分比（%）").fill("30")
    form.get_by_label("进展情况说明").fill("完成选址和立项")
    form.get_by_label("上传佐证材料").set_input_files(str(proof))
    dept.shot("progress-form")
    with page.expect_navigation():
        form.get_by_role("button", name="报送进展").click()
    expect(page.locator("#progress .flash")).to_contain_text("已报送")
    expect(page.locator("li.report")).to_have_count(1)
    link = page.locator("li.report a", has_text="开工证明.pdf")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "开工证明.pdf"
    assert saved.read_bytes() == PDF
    dept.assert_clean()

    # The planner returns it with a comment, from the review queue.
    plan_tab = open_tab(server.url)
    review = plan_tab.page
    plan_tab.log_in(*planner)
    plan_tab.goto("/plans/1/reviews")
    expect(review.locator("section.review")).to_have_count(1)
    expect(review.locator("section.review")).to_contain_text("开工证明.pdf")
    review.get_by_label("退回意见").fill("请补充立项批复文件")
    plan_tab.shot("progress-review")
    with review.expect_navigation():
        review.get_by_role("button", name="退回").click()
    expect(review.locator(".flash")).to_contain_text("已退回")
    expect(review.locator("section.review")).to_have_count(0)
    plan_tab.assert_clean()

    # The department sees it in the inbox (with a count in the navigation) and reports again.
    dept.goto("/inbox")
    expect(page.locator(".inbox-link .badge")).to_be_visible()
    returned = page.locator("li.note-returned")
    expect(returned).to_have_count(1)
    expect(returned).to_contain_text("请补充立项批复文件")
    dept.shot("progress-inbox")
    with page.expect_navigation():
        returned.get_by_role("link").click()
    assert dept.path().startswith(f"/plans/1/tasks/{TASK}")
    form = page.locator("form.progress-form")
    expect(form.get_by_label("开工证明.pdf")).to_be_checked()  # the stored file goes along again
    form.get_by_label("完成百分比（%）").fill("35")
    form.get_by_label("进展情况说明").fill("已补充立项批复")
    with page.expect_navigation():
        form.get_by_role("button", name="报送进展").click()
    # One entry per report: the returned one and the new one (a review is no report of its own).
    expect(page.locator("li.report")).to_have_count(2)
    dept.assert_clean()

    # The planner approves.
    plan_tab.goto("/plans/1/reviews")
    expect(review.locator("section.review")).to_contain_text("已补充立项批复")
    with review.expect_navigation():
        review.get_by_role("button", name="通过").click()
    expect(review.locator(".flash")).to_contain_text("已审核通过")
    plan_tab.assert_clean()

    dept.goto(f"/plans/1/tasks/{TASK}")
    expect(page.locator("p.standing")).to_contain_text("已通过")
    expect(page.locator("p.standing")).to_contain_text("35%")
    expect(page.locator("li.report")).to_have_count(2)
    expect(page.locator("li.report").first).to_contain_text("已通过")
    expect(page.locator("li.report").last).to_contain_text("已退回")
    dept.shot("progress-approved")
    dept.assert_clean()

    # The same pages on a phone: nothing makes the page itself scroll sideways.
    phone = open_tab(server.url, width=400, height=800)
    phone.log_in(*planner)
    for name, path in (
        ("task", f"/plans/1/tasks/{TASK}"),
        ("reviews", "/plans/1/reviews"),
        ("inbox", "/inbox"),
    ):
        phone.goto(path)
        assert not phone.overflows_horizontally(), path
        phone.shot(f"progress-{name}")
    phone.assert_clean()

    data = _progress(server.url)
    assert [h["status"] for h in data["history"]] == ["approved", "returned"]
    assert data["standing"]["status"] == "approved"
    assert [e["name"] for e in data["standing"]["evidence"]] == ["开工证明.pdf"]
