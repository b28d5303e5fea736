"""Fixtures for the browser tests: headless Chromium (Debian's, driven by Playwright) on the real app.

The servers are the web tests' (``tests/web/conftest.py``: ``live_server``, ``make_user``,
``start_server``, ``create_user_in`` …). Fixtures only reach their own directory, so that file is
loaded here under a name of its own and its fixtures are re-exported; the browser tests therefore
get a shared server of their own, beside the one the HTTP tests use.

- ``tab``: a fresh browser context (no cookies) on ``live_server`` at 1280×900.
- ``open_tab(base_url, width=1280, height=900)``: the same on any server (from ``start_server``).
- Screenshots go to ``$PLANWATCH_SCREENSHOTS`` when set, else to a temporary folder.

The tests skip, saying why, only when no Chromium binary exists; ``.ci/run`` installs Debian's.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import CHROMIUM_ARGS, SCREENSHOTS_ENV, Tab, find_chromium
from playwright.sync_api import Browser, sync_playwright

from strict import missing


def _load_web_fixtures() -> Any:
    name = "planwatch_e2e_web_fixtures"
    path = Path(__file__).resolve().parent.parent / "web" / "conftest.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


_web = _load_web_fixtures()
live_db_url = _web.live_db_url
_shared_server = _web._shared_server
live_server = _web.live_server
live_engine = _web.live_engine
make_user = _web.make_user
start_server = _web.start_server
prepared_database = _web.prepared_database
create_user_in = _web.create_user_in
log_in_to = _web.log_in_to


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: browser end-to-end tests in headless Chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable, reason = find_chromium()
    if executable is None:
        if os.environ.get("PLANWATCH_CHROMIUM"):
            pytest.fail(reason)
        missing(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get(SCREENSHOTS_ENV)
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def open_tab(browser: Browser, screenshot_dir: Path) -> Iterator[Callable[..., Tab]]:
    tabs: list[Tab] = []

    def open_one(base_url: str, *, width: int = 1280, height: int = 900) -> Tab:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            accept_downloads=True,
        )
        # Local pages answer in milliseconds: a step that waits 10 s is broken, not slow.
        context.set_default_timeout(10_000)
        tab = Tab(context, base_url, screenshot_dir)
        tabs.append(tab)
        return tab

    yield open_one
    for tab in tabs:
        tab.context.close()


@pytest.fixture
def tab(open_tab: Callable[..., Tab], live_server: str) -> Tab:
    return open_tab(live_server)
