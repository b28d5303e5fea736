"""落实佐证覆盖情况 in headless Chromium at desktop and phone widths: the basis switch is a form that
works by keyboard, the matrix changes with it, the page has no serious axe violation and does not
scroll sideways (its tables scroll in their own box)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import Tab
from playwright.sync_api import expect
from test_accessibility import FAILING_IMPACTS, axe_violations

from evidence_fixture import SEWAGE, full_fixture
from planwatch.services.plans.records import load_plan
from planwatch.store.engine import make_engine, transaction

pytestmark = pytest.mark.e2e
NAME = "某市十五五规划"


@pytest.mark.parametrize("width", [1280, 400])
def test_basis_switch_and_accessibility(
    open_tab: Callable[..., Tab], start_server: Callable[..., Any], tmp_path: Path, width: int
) -> None:
    server = start_server()
    engine = make_engine(server.db_url)
    try:
        full_fixture(engine, tmp_path, NAME)
        with transaction(engine) as session:
            pid = load_plan(session, NAME).plan.id
    finally:
        engine.dispose()
    tab = open_tab(server.url, width=width)
    tab.goto(f"/plans/{pid}/evidence/coverage")
    page = tab.page
    total = page.locator("#coverage-matrix tfoot tr")
    expect(total).to_contain_text("40.0%（2/5）")
    assert not tab.overflows_horizontally()
    serious = [v for v in axe_violations(tab) if v["impact"] in FAILING_IMPACTS]
    assert not serious, serious

    page.locator("#basis").select_option("proposed")
    page.get_by_role("button", name="切换口径").press("Enter")
    expect(total).to_contain_text("80.0%（4/5）")
    assert page.url.endswith("basis=proposed")
    expect(page.locator("#never-h")).to_have_text("从未被提及的任务（1 项）")
    page.locator(f'a[href="/plans/{pid}/tasks/{SEWAGE}/evidence"]').first.wait_for()
    tab.assert_clean()
