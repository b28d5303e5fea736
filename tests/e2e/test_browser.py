"""End-to-end: a person's paths through the app in headless Chromium, against the real server.

Read-only scenarios use the shared live server (plan 1 = the embedded Dalian plan); the ones that
change data (assignments, imports) run on a server and database of their own (``start_server``).
Every page is also looked at for console errors, uncaught exceptions, CSP violations and failed
requests, at a desktop (1280 px) and a phone (400 px) width, with a screenshot of each.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import openpyxl
import pytest
from browser_helpers import Tab
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.e2e

EDUCATION = "大连市教育局"
OWN_TASK = "p11.a44.t1"  # led by 大连市教育局 in the system's proposal
STALE_TASK = "p11.a44.t2"  # also the bureau's, until a planner gives it to another department
QUANTITY = "研发投入强度达3%"  # in 第1条 (p1.a1)
EXPORT_HEADER = ["序号", "规划条目", "重点任务", "牵头单位", "配合单位", "完成时限", "原文"]
SMALL_PLAN = """大连市海洋经济发展专项规划（2026—2030年）

一、总体要求
（一）发展目标。到2030年，全市海洋生产总值达到5000亿元，研发投入强度达到3.5%。
二、重点任务
（二）壮大海洋经济。加快建设现代海洋城市，推动海洋牧场和海洋装备产业发展。
（三）提升教育质量。建设高质量教育体系，推进义务教育优质均衡发展。
"""
SMALL_PLAN_NAME = "大连市海洋经济发展专项规划（2026—2030年）"

# The pages a visitor sees (name, path); the admin ones are looked at after logging in as an admin.
PUBLIC_PAGES = [
    ("overview", "/plans/1"),
    ("text", "/plans/1/text"),
    ("article", "/plans/1/text/p1.a1"),
    ("tasks", "/plans/1/tasks"),
    ("task", "/plans/1/tasks/p3.a7.t1"),
    ("indicators", "/plans/1/indicators"),
    ("projects", "/plans/1/projects"),
    ("actors", "/plans/1/actors"),
    ("formulations", "/plans/1/formulations"),
    ("search", "/plans/1/search?q=" + quote("海洋经济")),
    ("item", "/plans/1/items/quantity/1"),
    ("import-anonymous", "/import"),
    ("login", "/login"),
]
ADMIN_PAGES = [
    ("import", "/import"),
    ("admin", "/admin"),
    ("audit", "/admin/audit"),
    ("catalogue", "/catalogue"),
    ("catalogue-upload", "/catalogue/upload"),
    ("catalogue-history", "/catalogue/history"),
    ("tasks-admin", "/plans/1/tasks?part=p11"),
]
# A function, not an expression: Playwright evals expression strings in the page, which the CSP forbids.
CHARTS_DRAWN = (
    "() => Array.from(document.querySelectorAll('[data-chart]')).every(el => el.querySelector('svg'))"
)


def api(base_url: str, path: str, **params: Any) -> Any:
    """The JSON API as an anonymous reader sees it (public_read is on)."""
    response = httpx.get(base_url + path, params=params, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def task_row(page: Page, task: str) -> Locator:
    return page.locator(f'#task-body tr[id="task-{task}"]')


def edit_button(row: Locator) -> Locator:
    return row.locator("a.button", has_text="调整")


# -- every page: clean, usable at both widths, and photographed --------------------------------------


@pytest.mark.parametrize("width", [1280, 400])
def test_main_pages_are_clean_at_both_widths(
    open_tab: Callable[..., Tab], live_server: str, make_user: Callable[..., tuple[str, str]], width: int
) -> None:
    tab = open_tab(live_server, width=width)
    page = tab.page
    problems: list[str] = []

    def visit(name: str, path: str) -> None:
        tab.forget_problems()
        tab.goto(path)
        page.wait_for_load_state("load")
        if page.locator("[data-chart]").count():
            page.wait_for_function(CHARTS_DRAWN)
        # An htmx-driven page has htmx; a page without a title or h1 is a broken template.
        assert page.evaluate("typeof htmx") == "object", f"{path}: htmx not loaded"
        assert page.locator("h1").count() == 1, f"{path}: expected one h1"
        assert "规划实施监测评估平台" in page.title()
        if tab.overflows_horizontally():
            problems.append(f"{path} at {width}px: the page scrolls sideways")
        problems.extend(f"{path}: {p}" for p in tab.problems())
        tab.shot(name)

    for name, path in PUBLIC_PAGES:
        visit(name, path)
    tab.log_in(*make_user("admin", display_name="系统管理员"))
    for name, path in ADMIN_PAGES:
        visit(name, path)
    assert not problems, "\n".join(problems)


def test_keyboard_skip_link_and_main_navigation(tab: Tab) -> None:
    page = tab.page
    tab.goto("/plans/1")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("跳到正文")
    expect(skip).to_be_in_viewport()  # shown while focused, off-screen otherwise
    tab.shot("skip-link", full=False)
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url.endswith("#main")

    tab.goto("/plans/1")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('nav.mainnav')"):
            break
    else:
        pytest.fail("six Tab presses did not reach the main navigation")
    focused = page.locator("nav.mainnav a:focus")
    expect(focused).to_have_text("总览")
    expect(focused).to_have_attribute("aria-current", "page")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Tab")
    expect(page.locator("nav.mainnav a:focus")).to_have_text("规划文本")
    page.keyboard.press("Enter")
    page.wait_for_url("**/plans/1/text")
    tab.assert_clean()


def header_rows(page: Page) -> list[list[str]]:
    """The header's visible links and buttons grouped by the row they sit on (vertical centres
    less than 16 px apart share a row)."""
    found: list[tuple[float, str]] = page.evaluate(
        """() => Array.from(document.querySelectorAll('header.top a, header.top summary, header.top button'))
            .filter(el => el.offsetParent !== null && !el.closest('.usermenu .menu'))
            .map(el => { const r = el.getBoundingClientRect(); return [r.top + r.height / 2, el.textContent.trim()]; })"""
    )
    rows: list[list[str]] = []
    last = None
    for centre, text in sorted(found):
        if last is None or centre - last >= 16:
            rows.append([])
        rows[-1].append(text)
        last = centre
    return rows


def no_word_broken(page: Page) -> list[str]:
    """Header labels drawn over more than one line (导/入 one character per line)."""
    broken: list[str] = page.evaluate(
        """() => Array.from(document.querySelectorAll('header.top a, header.top button, header.top .who'))
            .filter(el => el.offsetParent !== null && el.getClientRects().length > 1
                    || el.offsetParent !== null && el.getBoundingClientRect().height > 40)
            .map(el => el.textContent.trim())"""
    )
    return broken


def test_header_is_one_row_on_a_desktop_and_a_menu_on_a_phone(
    open_tab: Callable[..., Tab], live_server: str, make_user: Callable[..., tuple[str, str]]
) -> None:
    credentials = make_user("admin", display_name="系统管理员")
    wide = open_tab(live_server, width=1280)
    wide.log_in(*credentials)
    wide.goto("/plans/1/tasks")
    rows = header_rows(wide.page)
    assert len(rows) == 1, f"the logged-in header wraps at 1280 px: {rows}"
    expect(wide.page.locator(".navtoggle")).to_be_hidden()
    assert not no_word_broken(wide.page)
    wide.shot("header", full=False)

    phone = open_tab(live_server, width=400, height=800)
    phone.log_in(*credentials)
    phone.goto("/plans/1/tasks")
    page = phone.page
    toggle = page.get_by_role("button", name="菜单")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("nav.mainnav")).to_be_hidden()
    assert not phone.overflows_horizontally()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("nav.mainnav").get_by_role("link", name="规划文本")).to_be_visible()
    expect(page.locator("nav.usernav").get_by_role("link", name="导入")).to_be_visible()
    assert not no_word_broken(page), no_word_broken(page)
    assert not phone.overflows_horizontally()
    phone.shot("header-menu", full=False)
    page.keyboard.press("Escape")
    expect(toggle).to_be_focused()
    expect(page.locator("nav.mainnav")).to_be_hidden()
    toggle.press("Enter")
    page.locator("nav.usernav .usermenu > summary").click()
    expect(page.locator("nav.usernav").get_by_role("button", name="退出")).to_be_visible()
    page.locator("nav.mainnav").get_by_role("link", name="任务分工").click()
    page.wait_for_url("**/plans/1/tasks")
    wide.assert_clean()
    phone.assert_clean()


# -- logging in --------------------------------------------------------------------------------------


def test_log_in_through_the_form_and_out(tab: Tab, make_user: Callable[..., tuple[str, str]]) -> None:
    username, password = make_user("planner", display_name="王规划")
    page = tab.page
    tab.goto("/plans/1/tasks/p3.a7.t1")
    expect(page.locator("form.assign")).to_have_count(0)
    page.locator("main").get_by_role(
        "link", name="登录"
    ).first.click()  # the 分工 and the 进展 panels both offer it
    page.wait_for_url(re.compile(r"/login\?next=/plans/1/tasks/p3\.a7\.t1$"))
    tab.shot("login-form")

    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password + "x")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#login-error")).to_have_text("用户名或密码错误。")
    expect(page.get_by_label("用户名")).to_have_value(username)
    tab.shot("login-refused")
    tab.forget_problems()  # the refused login answered 401, as it should

    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/plans/1/tasks/p3.a7.t1")  # back where the person came from
    expect(page.locator(".usernav .who")).to_have_text("王规划（规划处）")
    expect(page.locator("form.assign")).to_be_visible()  # a planner may edit this task

    page.locator(".usermenu > summary").click()  # the name opens the user's menu: 管理, 退出
    page.locator(".usernav").get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/login\?out=1$"))
    expect(page.locator(".usernav").get_by_role("link", name="登录")).to_be_visible()
    tab.goto("/plans/1/tasks/p3.a7.t1")
    expect(page.locator("form.assign")).to_have_count(0)
    tab.assert_clean()


# -- reading the plan -----------------------------------------------------------------------------------


def test_browse_the_outline_and_open_an_article(tab: Tab) -> None:
    page = tab.page
    tab.goto("/plans/1/text")
    branch = page.locator('nav.toc li.branch:has(> a[href="/plans/1/text/p1"])')
    part = branch.locator("> details")
    article = part.locator('a[href="/plans/1/text/p1.a1"]')
    expect(article).to_be_hidden()
    # The disclosure triangle (a 24 px target of its own, no link inside it) opens the part in the
    # tree without leaving the page.
    toggle = part.locator("> summary")
    box = toggle.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, box
    toggle.click()
    expect(part).to_have_attribute("open", "")
    expect(article).to_be_visible()
    assert tab.path() == "/plans/1/text"
    tab.shot("outline-open")

    article.click()
    page.wait_for_url("**/plans/1/text/p1.a1")
    expect(page.locator("h1")).to_contain_text("第1条")
    expect(page.locator("nav.crumbs")).to_contain_text("第一部分")
    expect(page.locator('nav.toc a[aria-current="page"]')).to_have_attribute("href", "/plans/1/text/p1.a1")
    legend = page.locator("ul.legend li", has_text="数量指标").locator(".count")
    marks = page.locator("#doc mark.hl.quantity")
    expect(marks).to_have_count(int(legend.inner_text()))
    assert marks.count() > 0

    page.locator('nav.pager a[rel="next"]').click()
    page.wait_for_url("**/plans/1/text/p1.a2")
    expect(page.locator("h1")).to_contain_text("第2条")
    tab.assert_clean()


@pytest.mark.parametrize("width", [1280, 400])
def test_a_highlighted_quantity_shows_its_details_and_leads_back(
    open_tab: Callable[..., Tab], live_server: str, width: int
) -> None:
    tab = open_tab(live_server, width=width)
    page = tab.page
    tab.goto("/plans/1/text/p1.a1")
    tab.set_marker()
    mark = page.locator("#doc mark.hl.quantity").filter(has_text=re.compile(f"^{re.escape(QUANTITY)}$"))
    expect(mark).to_have_count(1)
    mark_id = mark.get_attribute("id")
    assert mark_id

    mark.click()
    detail = page.locator("#detail-body .item-detail")
    expect(detail.locator(".item-name")).to_have_text(QUANTITY)
    expect(detail.locator("dl.facts")).to_contain_text("研发投入强度")
    expect(detail.locator("dl.facts")).to_contain_text("3%")
    expect(detail.locator("dl.facts")).to_contain_text("第1条")
    expect(mark).to_have_class(re.compile(r"\bcurrent\b"))
    expect(detail).to_be_in_viewport()
    assert tab.marker_survived(), "the details should load into the panel, not as a new page"
    tab.shot("item-detail", full=False)

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(mark).not_to_be_in_viewport()
    detail.get_by_role("link", name="回到原文中的位置").click()
    expect(mark).to_be_focused()
    expect(mark).to_be_in_viewport()
    assert page.url.endswith(f"#{mark_id}")
    assert tab.marker_survived()
    tab.shot("item-back", full=False)

    # The keyboard way: a highlighted item takes the focus, Enter shows its details.
    other = page.locator("#doc mark.hl.quantity").first
    other_text = other.inner_text()
    other.focus()
    page.keyboard.press("Enter")
    expect(detail.locator(".item-name")).to_have_text(other_text)
    tab.assert_clean()


# -- 任务分工: in-place editing by a department reporter ----------------------------------------------


def test_reporter_edits_its_own_task_in_place_and_is_refused_on_another(
    open_tab: Callable[..., Tab],
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    log_in_to: Callable[..., httpx.Client],
) -> None:
    server = start_server(with_plan=True)
    reporter, password = create_user_in(server.db_url, "reporter", EDUCATION)
    tab = open_tab(server.url)
    page = tab.page
    tab.log_in(reporter, password)
    tab.goto("/plans/1/tasks")
    tab.set_marker()

    # Filtering is in place too: the table is swapped, the document stays.
    page.locator("#f-part").select_option("p11")
    expect(page.locator("#task-table .count")).to_contain_text("筛选出")
    expect(page.locator("#task-body tr.group")).to_have_count(1)
    assert tab.marker_survived()

    # A reporter's due date is saved in place; the units in force stay as they were.
    before = api(server.url, f"/api/v1/plans/1/tasks/{OWN_TASK}")["task"]
    own = task_row(page, OWN_TASK)
    edit_button(own).click()
    editing = page.locator(f'tr.editing[id="task-{OWN_TASK}"]')
    expect(editing).to_be_visible()
    editing.get_by_label("完成时限").fill("2028")
    editing.get_by_label("调整说明").fill("按市里新的工作安排提前完成")
    tab.shot("task-editing")
    editing.get_by_role("button", name="保存").click()
    saved = page.locator(f'tr.saved[id="task-{OWN_TASK}"]')
    expect(saved).to_contain_text("已保存")
    expect(saved.locator("td").nth(4)).to_have_text("2028")
    assert tab.marker_survived(), "saving should swap the row, not reload the page"
    assert tab.path().startswith("/plans/1/tasks?")
    saved.scroll_into_view_if_needed()
    tab.shot("task-saved", full=False)
    stored = api(server.url, f"/api/v1/plans/1/tasks/{OWN_TASK}")
    assert stored["task"]["due"] == "2028" and stored["task"]["source"] == "override"
    assert stored["task"]["lead"] == EDUCATION == before["lead"]
    assert stored["task"]["cooperating"] == before["cooperating"]
    assert stored["history"][0]["decided_by"] == reporter

    # A change of the units is a request for the planning office: the row says so, nothing is saved.
    edit_button(task_row(page, OWN_TASK)).click()
    expect(editing).to_be_visible()
    editing.get_by_label("配合单位").fill("科技局、财政局")
    editing.get_by_label("调整说明").fill("与科技、财政部门协同推进")
    editing.get_by_role("button", name="保存").click()
    asked = task_row(page, OWN_TASK).get_by_role("status")
    expect(asked).to_contain_text("已提交调整申请")
    expect(task_row(page, OWN_TASK).locator("td").nth(3)).not_to_contain_text("市财政局")
    assert tab.marker_survived()
    assert api(server.url, f"/api/v1/plans/1/tasks/{OWN_TASK}") == stored
    planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
    pending = planner.get("/api/v1/plans/1/assignment-requests", params={"status": "pending"}).json()
    assert [(r["task"], r["cooperating"], r["requested_by"]) for r in pending] == [
        (OWN_TASK, ["大连市科学技术局", "大连市财政局"], reporter)
    ]
    tab.assert_clean()

    # Another department's task offers no edit button ...
    rows = api(server.url, "/api/v1/plans/1/assignments", part="p11")["rows"]
    others = [r["id"] for r in rows if r["lead"] != EDUCATION and EDUCATION not in r["cooperating"]]
    assert others
    expect(edit_button(task_row(page, others[0]))).to_have_count(0)

    # ... and a form left open on a task that has meanwhile gone to another department is refused
    # on saving, with the reason in Chinese, and nothing changes.
    edit_button(task_row(page, STALE_TASK)).click()
    stale = page.locator(f'tr.editing[id="task-{STALE_TASK}"]')
    expect(stale).to_be_visible()
    moved = planner.put(
        f"/api/v1/plans/1/tasks/{STALE_TASK}/assignment",
        json={"lead": "卫生健康委", "cooperating": [], "note": "改由卫健委牵头"},
    )
    assert moved.status_code == 200, moved.text
    before = api(server.url, f"/api/v1/plans/1/tasks/{STALE_TASK}")
    stale.get_by_label("配合单位").fill("财政局")
    stale.get_by_role("button", name="保存").click()
    toast = page.locator("#pw-toast")
    expect(toast).to_be_visible()
    expect(toast).to_contain_text("只能调整本部门牵头或配合的任务")
    expect(stale).to_be_visible()  # the form stays, with what was typed
    expect(stale.get_by_label("配合单位")).to_have_value("财政局")
    assert tab.marker_survived()
    stale.scroll_into_view_if_needed()
    tab.shot("task-refused", full=False)
    assert api(server.url, f"/api/v1/plans/1/tasks/{STALE_TASK}") == before
    assert all("403" in p or "responseError" in p for p in tab.problems()), tab.problems()

    # Opening another department's task for editing by its address: a page that says why, in Chinese.
    tab.goto(f"/plans/1/tasks/{others[0]}/edit", status=403)
    expect(page.locator("main")).to_contain_text("没有权限")
    tab.shot("task-edit-forbidden")
    assert api(server.url, f"/api/v1/plans/1/tasks/{others[0]}")["history"] == []


def test_export_excel_from_the_task_page(tab: Tab, live_server: str, tmp_path: Path) -> None:
    page = tab.page
    tab.goto("/plans/1/tasks")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出 Excel").click()
    download = info.value
    assert download.suggested_filename.endswith("-重点任务分工方案.xlsx"), download.suggested_filename
    path = tmp_path / "tasks.xlsx"
    download.save_as(path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [cell.value for cell in sheet[3]] == EXPORT_HEADER
    assert sheet.freeze_panes == "A4"
    numbered = [row for row in sheet.iter_rows(min_row=4, values_only=True) if isinstance(row[0], int)]
    assert len(numbered) == api(live_server, "/api/v1/plans/1/assignments")["total"]
    tab.assert_clean()


# -- 搜索 ---------------------------------------------------------------------------------------------


def test_search_and_follow_a_result_into_the_reader(tab: Tab, live_server: str) -> None:
    page = tab.page
    tab.goto("/plans/1/search")
    box = page.locator("input#q")
    expect(box).to_be_focused()
    box.fill("海洋经济")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/plans/1/search\?q="))
    results = page.locator("ol.results > li")
    total = api(live_server, "/api/v1/search", q="海洋经济", plan="1")["total"]
    assert total > 0
    expect(page.locator("main")).to_contain_text(f"共 {total} 个句子")
    expect(results.first.locator(".snippet mark").first).to_contain_text("海洋经济")
    tab.shot("search-results")

    link = results.first.locator(".where a")
    href = link.get_attribute("href")
    assert href and re.fullmatch(r"/plans/1/text/[\w.]+#s-\d+", href), href
    link.click()
    page.wait_for_url(re.compile(r"/plans/1/text/.+#s-\d+$"))
    sentence = page.locator("#doc span.s.current")
    expect(sentence).to_have_count(1)
    expect(sentence).to_contain_text("海洋经济")
    expect(sentence).to_be_in_viewport()
    tab.shot("search-landing", full=False)
    tab.assert_clean()

    # SQL and FTS metacharacters are only text: an ordinary answer, nothing broken.
    tab.goto("/plans/1/search?q=" + quote("' OR '1'='1 --"))
    expect(page.locator("h1")).to_have_text("搜索")
    expect(page.locator("input#q")).to_have_value("' OR '1'='1 --")
    tab.assert_clean()


# -- 导入 ---------------------------------------------------------------------------------------------


def test_upload_a_document_and_land_on_the_analysed_plan(
    open_tab: Callable[..., Tab],
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    tmp_path: Path,
) -> None:
    server = start_server()  # an empty database
    tab = open_tab(server.url)
    page = tab.page
    tab.log_in(*create_user_in(server.db_url, "planner"))
    tab.goto("/import")
    form = page.locator("#import-form")

    # Not a document: the upload goes on to its background job's progress page, which ends refused
    # in Chinese, nothing stored.
    junk = tmp_path / "扫描件.txt"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    form.get_by_label("规划文件").set_input_files(junk)
    form.get_by_role("button", name="上传并分析").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    refused = page.locator(".panel.error")
    expect(refused).to_contain_text("导入失败")
    expect(refused).to_contain_text("不是受支持的文档格式")
    expect(refused).to_contain_text("没有保存任何内容")
    expect(page.locator('[data-job-field="step"]')).to_have_text("读取文件")  # where it stopped
    tab.shot("import-refused")
    assert api(server.url, "/api/v1/plans")["plans"] == []
    tab.assert_clean()

    # A small plan: the progress page polls its job and ends at the stored plan, one click away.
    tab.goto("/import")
    form = page.locator("#import-form")
    document = tmp_path / "海洋经济专项规划.txt"
    document.write_text(SMALL_PLAN, encoding="utf-8")
    form.get_by_label("规划文件").set_input_files(document)
    form.get_by_role("button", name="上传并分析").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    done = page.locator(".panel.ok")
    expect(done).to_contain_text("导入完成")
    expect(done).to_contain_text(SMALL_PLAN_NAME)
    expect(page.locator("section.job progress")).to_have_attribute("value", "100")
    tab.shot("import-done")
    plans = api(server.url, "/api/v1/plans")["plans"]
    assert [p["name"] for p in plans] == [SMALL_PLAN_NAME]
    plan_id = plans[0]["id"]

    done.get_by_role("link", name="查看总览").click()
    page.wait_for_url(re.compile(rf"/plans/{plan_id}\?version=1$"))
    expect(page.locator("h1")).to_have_text(SMALL_PLAN_NAME)
    page.wait_for_function(CHARTS_DRAWN)
    tab.shot("import-overview")
    page.locator("nav.mainnav").get_by_role("link", name="规划文本").click()
    page.wait_for_url(f"**/plans/{plan_id}/text")
    expect(page.locator("nav.toc")).to_contain_text("重点任务")
    expect(page.locator("nav.toc")).to_contain_text("壮大海洋经济")
    tab.assert_clean()
