"""Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) on every page of the app, anonymous and
signed in as an admin, at 1280 and 400 px. Any serious or critical violation fails the test.

axe-core comes from npm (``axe-core``, copied to static/vendor by scripts/frontend.sh); no page of
the app refers to it, the test adds it to each page as a script from the app's own origin, so the
page's CSP stays as it is.

Pages covered (plan 1 = the embedded Dalian plan, with the 示例数据 indicators loaded):
- anonymous and admin: /, /plans, /compare, /plans/1 (总览), /plans/1/text (规划文本),
  /plans/1/text/p1.a1 (an article), /plans/1/items/quantity/1 (an item), /plans/1/tasks (任务分工,
  and page 2 of it filtered and sorted),
  /plans/1/tasks/p3.a7.t1 (a task), /plans/1/indicators, /plans/1/projects, /plans/1/actors,
  /plans/1/formulations, /plans/1/monitoring, /plans/1/monitoring/indicators/<id>,
  /plans/1/monitoring/warnings, /plans/1/search?q=…, /plans/1/diff, /plans/1/evidence (落实佐证),
  a task's evidence timeline, /plans/1/evidence/coverage, /import, /api/v1/docs and a 404 page
  (/plans/999);
- anonymous only: /login;
- admin only: /plans/1/reviews (待审核), /plans/1/observe (年度数据), /inbox, /admin, /admin/audit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from browser_helpers import Tab
from playwright.sync_api import expect

from planwatch.services.monitoring.sample import load_sample
from planwatch.services.plans.records import find_plan
from planwatch.store.engine import make_engine, transaction

# axe checks the markup, which the database behind the page does not change: the PostgreSQL pass
# of scripts/test.sh leaves this file out (it runs on SQLite in every full run).
pytestmark = [pytest.mark.e2e, pytest.mark.markup_only]

AXE_URL = "/static/vendor/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")
# A function, not an expression string: Playwright evals expression strings, which the CSP forbids.
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 8).map(n => n.target.join(" ") + " — " + n.failureSummary.split("\\n").slice(1, 2).join(""))
  }));
}"""
CHARTS_DRAWN = (
    "() => Array.from(document.querySelectorAll('[data-chart], [data-indicator-chart]'))"
    ".every(el => el.querySelector('svg') || el.textContent.includes('失败'))"
)

# The deepest elements reaching past the right edge of the window: what makes a page scroll sideways.
WIDEST = """() => {
  const past = el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
  return Array.from(document.querySelectorAll('body *'))
    .filter(el => past(el) && !el.closest('.scroll, .tablewrap') && !Array.from(el.children).some(past))
    .slice(0, 5).map(el => el.tagName.toLowerCase() + '.' + el.className + ' ' + el.textContent.trim().slice(0, 30));
}"""

BOTH = [
    ("/", 200),
    ("/plans", 200),
    ("/compare", 200),
    ("/plans/1", 200),
    ("/plans/1/text", 200),
    ("/plans/1/text/p1.a1", 200),
    ("/plans/1/items/quantity/1", 200),
    ("/plans/1/tasks", 200),
    ("/plans/1/tasks?domain=民生&sort=-due&per_page=20&page=2", 200),  # a middle page of a filtered table
    ("/plans/1/tasks/p3.a7.t1", 200),
    ("/plans/1/catalogue", 200),
    ("/plans/1/indicators", 200),
    ("/plans/1/projects", 200),
    ("/plans/1/actors", 200),
    ("/plans/1/formulations", 200),
    ("/plans/1/monitoring", 200),
    ("/plans/1/monitoring/indicators/{indicator}", 200),
    ("/plans/1/monitoring/warnings", 200),
    ("/plans/1/search?q=" + quote("海洋经济"), 200),
    ("/plans/1/diff", 200),
    ("/plans/1/evidence", 200),
    ("/plans/1/tasks/p3.a7.t1/evidence", 200),
    ("/plans/1/evidence/coverage", 200),
    ("/import", 200),
    ("/api/v1/docs", 200),
    ("/plans/999", 404),
]
ANONYMOUS = [*BOTH, ("/login", 200)]
ADMIN = [
    *BOTH,
    ("/plans/1/reviews", 200),
    ("/plans/1/observe", 200),
    ("/inbox", 200),
    ("/admin", 200),
    ("/admin/audit", 200),
    ("/catalogue", 200),
    ("/catalogue/history", 200),
    ("/catalogue/new", 200),
    ("/plans/1/division", 200),
    ("/plans/1/monitoring/indicators/new", 200),
    ("/plans/1/monitoring/indicators/{indicator}/edit", 200),
    ("/plans/1/monitoring/from-plan", 200),
    ("/plans/1/monitoring/import-table", 200),
    ("/plans/1/monitoring/import-values", 200),
]


def axe_violations(tab: Tab) -> list[dict[str, Any]]:
    page = tab.page
    page.wait_for_load_state("load")
    if page.locator("[data-chart], [data-indicator-chart]").count():
        page.wait_for_function(CHARTS_DRAWN)
    if page.locator("#swagger-ui").count():
        # Swagger UI draws its first block only after parsing the whole description: a generous wait.
        page.locator(".opblock").first.wait_for(timeout=60_000)
    page.add_script_tag(url=AXE_URL)
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE, AXE_TAGS)
    return found


@pytest.mark.parametrize("width", [1280, 400])
def test_every_page_has_no_serious_accessibility_violation(
    open_tab: Callable[..., Tab],
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    width: int,
) -> None:
    server = start_server(with_plan=True)
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            assert load_sample(session, find_plan(session, "1"), by="pytest").indicators > 0
    finally:
        engine.dispose()
    rows = httpx.get(server.url + "/api/v1/plans/1/monitoring", timeout=30).json()["indicators"]
    indicator = str(next(r["id"] for r in rows if r["latest"] is not None))
    tab = open_tab(server.url, width=width)
    failures: list[str] = []
    minor: list[str] = []

    def check(who: str, pages: list[tuple[str, int]]) -> None:
        for template, status in pages:
            path = template.format(indicator=indicator)
            tab.forget_problems()
            tab.goto(path, status=status)
            where = f"[{who} {width}px] {path}"
            description = tab.page.locator('meta[name="description"]').get_attribute("content") or ""
            if len(description) < 10:
                failures.append(f"{where}: no meta description")
            if tab.overflows_horizontally():
                wide = tab.page.evaluate(WIDEST)
                failures.append(
                    f"{where}: the page scrolls sideways (a wide table should scroll in its own box): {wide}"
                )
            for v in axe_violations(tab):
                line = f"{where}: {v['id']} ({v['impact']}) {v['help']}: " + " | ".join(v["nodes"])
                (failures if v["impact"] in FAILING_IMPACTS else minor).append(line)
            # The 404 page's own status is what was asked for; anything else it logs is a problem.
            asked: tuple[str, ...] = (f"({tab.url(path)})", f"GET {tab.url(path)}") if status >= 400 else ()
            failures.extend(f"{where}: {p}" for p in tab.problems() if not p.endswith(asked))

    check("anonymous", ANONYMOUS)
    tab.log_in(*create_user_in(server.db_url, "admin"))
    check("admin", ADMIN)
    if minor:
        print("moderate/minor axe findings:\n" + "\n".join(minor))
    assert not failures, "\n".join(failures)


# -- keyboard focus, focus ring, charts' data ----------------------------------------------------------


def test_focus_stays_on_the_control_after_a_sort_and_a_cancel(
    tab: Tab, make_user: Callable[..., tuple[str, str]]
) -> None:
    tab.log_in(*make_user("admin"))
    tab.goto("/plans/1/tasks?part=p11")
    page = tab.page
    sort = page.locator("#task-table thead th").nth(2).locator("a")  # 牵头单位
    sort.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#task-table thead th").nth(2)).to_have_attribute("aria-sort", "ascending")
    focused = page.locator(":focus")
    expect(focused).to_have_count(1)
    expect(focused).to_contain_text("牵头单位")

    row = page.locator("#task-body tr[id^='task-']").first
    row_id = row.get_attribute("id")
    row.locator("a.button", has_text="调整").focus()
    page.keyboard.press("Enter")
    editing = page.locator(f'#task-body tr.editing[id="{row_id}"]')
    expect(editing).to_be_visible()
    editing.get_by_role("link", name="取消").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f'#task-body tr.editing[id="{row_id}"]')).to_have_count(0)
    focused = page.locator(":focus")
    expect(focused).to_have_text("调整")
    assert page.evaluate("document.activeElement.closest('tr').id") == row_id
    tab.assert_clean()


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours."""

    def luminance(css: str) -> float:
        parts = [float(x) for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]
        linear = [
            c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in parts
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_focus_ring_stands_out_on_white_and_on_the_dark_header(tab: Tab) -> None:
    tab.goto("/plans/1")
    page = tab.page
    for selector, background in (("main a", "rgb(255, 255, 255)"), ("header.top .mainnav a", None)):
        link = page.locator(selector).first
        link.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
        style = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
              let bg = 'rgba(0, 0, 0, 0)', el = document.activeElement;
              while (el && bg === 'rgba(0, 0, 0, 0)') { bg = getComputedStyle(el).backgroundColor; el = el.parentElement; }
              return { outline: s.outlineColor, width: s.outlineWidth, halo: s.boxShadow, behind: bg }; }"""
        )
        behind = background or style["behind"]
        halo = style["halo"][: style["halo"].index(")") + 1]
        best = max(contrast(style["outline"], behind), contrast(halo, behind))
        assert float(style["width"].rstrip("px")) >= 2, style
        assert best >= 3, f"{selector}: focus ring {style} on {behind}: {best:.2f}:1"
        # Two tones: the halo and the outline differ from each other too.
        assert contrast(style["outline"], halo) >= 3, style


def test_charts_have_a_summary_and_their_numbers_as_a_table(tab: Tab) -> None:
    tab.goto("/plans/1")
    page = tab.page
    overview = api(tab.base_url, "/api/v1/plans/1/overview")
    chart = page.locator("#chart-parts")
    summary = page.locator("#" + (chart.get_attribute("aria-describedby") or "missing"))
    expect(summary).to_contain_text(f"{len(overview['tasks_by_part'])} 个部分")
    panel = page.locator(".panel", has=chart)
    panel.get_by_text("查看数据").click()
    table = panel.locator("details.chart-data table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(len(overview["tasks_by_part"]))
    first = overview["tasks_by_part"][0]
    expect(table.locator("tbody tr").first).to_contain_text(str(first["tasks"]))
    tab.assert_clean()


def api(base_url: str, path: str) -> Any:
    response = httpx.get(base_url + path, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()
