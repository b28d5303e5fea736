"""Helpers for the browser tests: finding Debian's Chromium, and a tab that records everything that
went wrong on it (console errors, uncaught exceptions, CSP violations, failed requests).

Only a system Chromium is used: nothing is ever downloaded (no ``playwright install``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, ConsoleMessage, Locator, Page
from playwright.sync_api import Response as PwResponse

# Chromium as a quiet test browser: no sandbox (CI runs as root in a container), no GPU, and none of
# the background traffic (updates, sync, safe browsing lists) a test machine has no use for.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHROMIUM_ENV = "PLANWATCH_CHROMIUM"
SCREENSHOTS_ENV = "PLANWATCH_SCREENSHOTS"
# The real binary first: Debian's /usr/bin/chromium is a shell wrapper around it that adds nothing
# a test needs and prints shell noise on some systems.
CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "/usr/bin/chromium")

# Browsers ask every site for /favicon.ico on their own; the app has none, and that is no page's error.
IGNORED_PATHS = ("/favicon.ico",)

# Reports CSP violations through a binding the test side exposes (an init script is not subject to
# the page's CSP, and the binding survives navigations).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__pwCsp(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                 " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


def find_chromium() -> tuple[str | None, str]:
    """The Chromium binary to drive, or None and why there is none."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        if os.access(configured, os.X_OK):
            return configured, ""
        return None, f"{CHROMIUM_ENV}={configured} is not an executable file"
    for candidate in CANDIDATES:
        path = candidate if candidate.startswith("/") else shutil.which(candidate)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path, ""
    return None, (
        f"no Chromium binary found (looked for {', '.join(CANDIDATES)}); "
        f"install Debian's package (apt-get install chromium) or set {CHROMIUM_ENV}"
    )


def _ignored(url: str) -> bool:
    return url.split("?", 1)[0].endswith(IGNORED_PATHS)


class Tab:
    """One browser context (its own cookies) with one page on the app at ``base_url``."""

    def __init__(self, context: BrowserContext, base_url: str, shots: Path) -> None:
        self.context = context
        self.base_url = base_url.rstrip("/")
        self.shots = shots
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.csp: list[str] = []
        self.failed: list[str] = []
        context.expose_binding("__pwCsp", lambda _source, text: self.csp.append(str(text)))
        context.add_init_script(CSP_LISTENER)
        self.page: Page = context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        self.page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "") if message.location else ""
        if _ignored(where):
            return
        self.console_errors.append(f"{message.text} ({where})")

    def _on_response(self, response: PwResponse) -> None:
        if response.status >= 400 and response.url.startswith(self.base_url) and not _ignored(response.url):
            self.failed.append(f"{response.status} {response.request.method} {response.url}")

    # -- navigation ------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base_url + path

    def path(self) -> str:
        """The current URL without the origin (query and fragment kept)."""
        url = self.page.url
        return url[len(self.base_url) :] if url.startswith(self.base_url) else url

    def goto(self, path: str, *, status: int = 200) -> None:
        response = self.page.goto(self.url(path))
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"

    def log_in(self, username: str, password: str) -> None:
        """Through the login form, as a person does."""
        self.goto("/login")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(password)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="登录").click()
        assert "/login" not in self.page.url, f"login as {username} failed: {self.page.url}"

    # -- what the page did -------------------------------------------------------------------------
    def problems(self) -> list[str]:
        return [
            *(f"console: {e}" for e in self.console_errors),
            *(f"exception: {e}" for e in self.page_errors),
            *(f"CSP: {e}" for e in self.csp),
            *(f"HTTP: {e}" for e in self.failed),
        ]

    def forget_problems(self) -> None:
        for found in (self.console_errors, self.page_errors, self.csp, self.failed):
            found.clear()

    def assert_clean(self, where: str = "") -> None:
        found = self.problems()
        assert not found, f"{where or self.path()}: " + "; ".join(found)

    def set_marker(self) -> None:
        """A value only this document holds: gone after any full page load."""
        self.page.evaluate("window.__e2eMarker = 'still here'")

    def marker_survived(self) -> bool:
        return bool(self.page.evaluate("window.__e2eMarker === 'still here'"))

    def in_viewport(self, locator: Locator) -> bool:
        box = locator.bounding_box()
        size = self.page.viewport_size
        assert size is not None
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]

    def overflows_horizontally(self) -> bool:
        """True when the page itself scrolls sideways (wide tables scroll inside their own box)."""
        return bool(
            self.page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
            )
        )

    def shot(self, name: str, *, full: bool = True, max_height: int = 2600) -> Path:
        """A screenshot named after the page and the viewport width: the whole page, cut at
        ``max_height`` pixels (the top of a 20 000-pixel page is what there is to look at), or
        with ``full=False`` just what the person sees now."""
        size = self.page.viewport_size
        assert size is not None
        path = self.shots / f"{name}-{size['width']}.png"
        if not full:
            self.page.screenshot(path=str(path))
            return path
        height = int(self.page.evaluate("document.documentElement.scrollHeight"))
        clip: Any = {"x": 0, "y": 0, "width": size["width"], "height": min(height, max_height)}
        self.page.screenshot(path=str(path), full_page=True, clip=clip)
        return path
