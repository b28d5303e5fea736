"""Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) on every page of the app, anonymous and
signed in as an admin, at 1280 and 400 px. Any serious or critical violation fails the test.

axe-core comes from npm (``axe-core``, copied to static/vendor by scripts/frontend.sh); no page of
the app refers to it, the test adds it to each page as a script from the app's own origin, so the
page's CSP stays as it is.

Pages covered (plan 1 = the embedded Dalian plan, with the 示例数据 indicators loaded):
- anonymous and admin: /, /plans, /compare, /plans/1 (总览), /plans/1/text (规划文本),
  /plans/1/text/p1.a1 (an article), /plans/1/items/quantity/1 (an item), /plans/1/tasks (任务分工),
  /plans/1/tasks/p3.a7.t1 (a task), /plans/1/indicators, /plans/1/projects, /plans/1/actors,
  /plans/1/formulations, /plans/1/monitoring, /plans/1/monitoring/indicators/<id>,
  /plans/1/monitoring/warnings, /plans/1/search?q=…, /plans/1/diff, /import, /api/v1/docs and a
  404 page (/plans/999);
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

from planwatch.services.indicators import find_plan, load_sample
from planwatch.store.engine import make_engine, transaction

pytestmark = pytest.mark.e2e

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
    ("/plans/1/tasks/p3.a7.t1", 200),
    ("/plans/1/indicators", 200),
    ("/plans/1/projects", 200),
    ("/plans/1/actors", 200),
    ("/plans/1/formulations", 200),
    ("/plans/1/monitoring", 200),
    ("/plans/1/monitoring/indicators/{indicator}", 200),
    ("/plans/1/monitoring/warnings", 200),
    ("/plans/1/search?q=" + quote("海洋经济"), 200),
    ("/plans/1/diff", 200),
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
]


def axe_violations(tab: Tab) -> list[dict[str, Any]]:
    page = tab.page
    page.wait_for_load_state("load")
    if page.locator("[data-chart], [data-indicator-chart]").count():
        page.wait_for_function(CHARTS_DRAWN)
    if page.locator("#swagger-ui").count():
        page.locator(".opblock").first.wait_for()
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
                failures.append(f"{where}: the page scrolls sideways (a wide table should scroll in its own box): {wide}")
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
