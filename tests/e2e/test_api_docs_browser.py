"""End-to-end: the API documentation renders from the app's own files, under the app's CSP."""

from __future__ import annotations

import re

import pytest
from browser_helpers import Tab
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


DOCS_DRAWN_MS = 60_000


def test_api_docs_render_offline_under_the_csp(tab: Tab) -> None:
    requested: list[str] = []
    tab.page.on("request", lambda request: requested.append(request.url))
    tab.goto("/api/v1/docs")
    page = tab.page
    # The operations come from our OpenAPI description: one block per endpoint, grouped by tag.
    # Swagger UI parses the whole ~270 KB description before it draws the first block: seconds on a
    # busy machine, so the wait is generous (a wait, not a timing check).
    expect(page.locator(".opblock").first).to_be_visible(timeout=DOCS_DRAWN_MS)
    assert page.locator(".opblock").count() > 20
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/plans").first).to_be_visible()
    outside = [url for url in requested if not url.startswith(tab.base_url) and not url.startswith("data:")]
    assert not outside, f"the docs page fetched from elsewhere: {outside}"
    assert any(re.search(r"/static/vendor/swagger-ui-bundle\.[0-9a-f]{10}\.js$", url) for url in requested)
    tab.shot("api-docs")
    tab.assert_clean("/api/v1/docs")
