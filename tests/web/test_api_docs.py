"""/api/v1/docs: Swagger UI from the app's own static files, under the same CSP as every page."""

from __future__ import annotations

import re

import httpx

from planwatch.web.security import CSP
from planwatch.web.templating import asset


def test_docs_page_refers_only_to_local_assets(anon_client: httpx.Client) -> None:
    page = anon_client.get("/api/v1/docs")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CSP
    assert "<script>" not in page.text and "onload=" not in page.text  # no inline script
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert asset("vendor/swagger-ui-bundle.js") in assets and asset("js/api-docs.js") in assets
    for url in assets:
        assert url.startswith(("/", "#", "data:")), f"not served by the app: {url}"
        if url.startswith("/static/"):
            assert anon_client.get(url).status_code == 200, url
    assert 'data-openapi="/api/v1/openapi.json"' in page.text
    assert anon_client.get("/api/v1/openapi.json").json()["paths"]


def test_redoc_is_not_exposed(anon_client: httpx.Client) -> None:
    assert anon_client.get("/redoc").status_code == 404
    assert anon_client.get("/api/v1/redoc").status_code == 404
