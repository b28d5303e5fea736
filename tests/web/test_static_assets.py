"""Static files and compression over real HTTP: content-hashed URLs cached for a year, gzip chosen by
Accept-Encoding, plain names revalidated, ECharts only on the pages that draw a chart."""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterator
from typing import Any

import anyio
import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, StreamingResponse
from starlette.routing import Route

from planwatch.services.monitoring.sample import load_sample
from planwatch.services.plans.records import find_plan
from planwatch.store.engine import make_engine, transaction
from planwatch.web.assets import IMMUTABLE, STATIC_DIR, manifest
from planwatch.web.compression import CompressionMiddleware
from planwatch.web.security import CSP
from planwatch.web.templating import asset

GZIP = {"Accept-Encoding": "gzip"}
IDENTITY = {"Accept-Encoding": "identity"}
HASHED = re.compile(r"^/static/(?:[\w-]+/)*[\w.-]+\.[0-9a-f]{10}(?:\.\w+)?$")
CHART_PAGES = ["/plans/1"]
PAGES_WITHOUT_CHARTS = [
    "/plans/1/tasks",
    "/plans/1/text",
    "/plans",
    "/login",
    "/compare",
    "/plans/1/search?q=海洋",
]


def static_urls(html: str) -> list[str]:
    return [u for u in re.findall(r'(?:src|href)="([^"]+)"', html) if u.startswith("/static/")]


def file_bytes(name: str) -> bytes:
    return (STATIC_DIR / name).read_bytes()


def test_pages_name_every_static_file_by_its_hash(anon_client: httpx.Client) -> None:
    for path in [*CHART_PAGES, *PAGES_WITHOUT_CHARTS, "/api/v1/docs"]:
        page = anon_client.get(path)
        assert page.status_code == 200, path
        urls = static_urls(page.text)
        assert urls, path
        for url in urls:
            assert HASHED.match(url), f"{path}: {url} has no content hash"


def test_hashed_url_is_cached_for_a_year(anon_client: httpx.Client) -> None:
    url = asset("js/app.js")
    assert url != "/static/js/app.js" and HASHED.match(url)
    r = anon_client.get(url, headers=IDENTITY)
    assert r.status_code == 200
    assert r.headers["cache-control"] == IMMUTABLE == "public, max-age=31536000, immutable"
    assert r.content == file_bytes("js/app.js")
    assert r.headers["content-type"].startswith("text/javascript")
    assert "content-encoding" not in r.headers
    assert r.headers["vary"] == "Accept-Encoding"


def test_gzip_when_the_client_accepts_it(anon_client: httpx.Client) -> None:
    url = asset("vendor/echarts.min.js")
    with anon_client.stream("GET", url, headers=GZIP) as r:
        raw = b"".join(r.iter_raw())
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["vary"] == "Accept-Encoding"
    assert r.headers["cache-control"] == IMMUTABLE
    assert int(r.headers["content-length"]) == len(raw) < len(file_bytes("vendor/echarts.min.js")) // 2
    assert gzip.decompress(raw) == file_bytes("vendor/echarts.min.js")


@pytest.mark.parametrize("accept", ["identity", "gzip;q=0", "br", ""])
def test_no_gzip_unless_accepted(anon_client: httpx.Client, accept: str) -> None:
    r = anon_client.get(asset("css/app.css"), headers={"Accept-Encoding": accept})
    assert r.status_code == 200
    assert "content-encoding" not in r.headers
    assert r.content == file_bytes("css/app.css")


def test_plain_name_is_served_and_revalidated(anon_client: httpx.Client) -> None:
    r = anon_client.get("/static/css/app.css", headers=IDENTITY)
    assert r.status_code == 200
    assert r.content == file_bytes("css/app.css")
    assert r.headers["cache-control"] == "no-cache"
    etag = r.headers["etag"]
    again = anon_client.get("/static/css/app.css", headers={**IDENTITY, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    # The gzipped copy has a tag of its own (other bytes), which revalidates too.
    zipped = anon_client.get("/static/css/app.css", headers=GZIP)
    assert zipped.headers["etag"] == etag[:-1] + '-gz"'
    assert (
        anon_client.get(
            "/static/css/app.css", headers={**GZIP, "If-None-Match": zipped.headers["etag"]}
        ).status_code
        == 304
    )
    changed = anon_client.get("/static/css/app.css", headers={**IDENTITY, "If-None-Match": '"0000000000"'})
    assert changed.status_code == 200


def test_stale_hash_gets_the_current_file_without_the_long_lifetime(anon_client: httpx.Client) -> None:
    r = anon_client.get("/static/css/app.0123456789.css", headers=IDENTITY)
    assert asset("css/app.css") != "/static/css/app.0123456789.css"
    assert r.status_code == 200
    assert r.content == file_bytes("css/app.css")
    assert r.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    "path", ["/static/css/nothing.css", "/static/css/nothing.0123456789.css", "/static/css/"]
)
def test_unknown_static_file_is_404(anon_client: httpx.Client, path: str) -> None:
    r = anon_client.get(path)
    assert r.status_code == 404
    assert "没有这个静态文件" in r.text


def test_static_files_are_read_only(anon_client: httpx.Client) -> None:
    r = anon_client.post(asset("css/app.css"))
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"


def test_head_gives_the_length_without_a_body(anon_client: httpx.Client) -> None:
    url = asset("js/app.js")
    get = anon_client.get(url, headers=IDENTITY)
    head = anon_client.head(url, headers=IDENTITY)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"] == str(len(get.content))


def test_unknown_asset_in_a_template_is_an_error() -> None:
    with pytest.raises(LookupError, match=r"静态文件不存在：js/nothing\.js"):
        asset("js/nothing.js")
    assert manifest().url("css/app.css") == asset("css/app.css")


def test_csp_stays_strict_on_pages_and_static_files(anon_client: httpx.Client) -> None:
    for path in ["/plans/1", "/plans/1/tasks", asset("js/app.js"), "/static/css/app.css"]:
        r = anon_client.get(path, headers=GZIP)
        assert r.headers["content-security-policy"] == CSP, path
        assert r.headers["x-content-type-options"] == "nosniff", path
    assert "<script>" not in anon_client.get("/plans/1").text


# -- pages and downloads ---------------------------------------------------------------------------------


def test_pages_are_gzipped_when_accepted(anon_client: httpx.Client) -> None:
    with anon_client.stream("GET", "/plans/1/tasks", headers=GZIP) as r:
        raw = b"".join(r.iter_raw())
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in r.headers["vary"]
    page = gzip.decompress(raw).decode()
    assert "任务分工" in page and len(raw) < len(page.encode()) // 3
    plain = anon_client.get("/plans/1/tasks", headers=IDENTITY)
    assert "content-encoding" not in plain.headers and "任务分工" in plain.text
    json = anon_client.get("/api/v1/plans/1/overview", headers=GZIP)
    assert json.headers["content-encoding"] == "gzip" and json.json()


@pytest.mark.parametrize(("fmt", "magic"), [("xlsx", b"PK"), ("docx", b"PK")])
def test_downloads_are_not_compressed_twice(anon_client: httpx.Client, fmt: str, magic: bytes) -> None:
    with anon_client.stream(
        "GET", "/plans/1/export", params={"what": "tasks", "format": fmt}, headers=GZIP
    ) as r:
        raw = b"".join(r.iter_raw())
    assert r.status_code == 200
    assert "content-encoding" not in r.headers
    assert raw.startswith(magic) and int(r.headers["content-length"]) == len(raw)


# -- ECharts only where a chart is drawn -------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES_WITHOUT_CHARTS)
def test_pages_without_a_chart_do_not_load_echarts(anon_client: httpx.Client, path: str) -> None:
    page = anon_client.get(path)
    assert page.status_code == 200
    assert "data-chart" not in page.text and "data-indicator-chart" not in page.text
    assert "echarts" not in page.text


def test_chart_pages_load_echarts(anon_client: httpx.Client, start_server: Callable[..., Any]) -> None:
    script = f'<script src="{asset("vendor/echarts.min.js")}" defer></script>'
    overview = anon_client.get("/plans/1").text
    assert "data-chart" in overview and script in overview
    assert anon_client.get(asset("vendor/echarts.min.js")).status_code == 200
    # An indicator's page draws its line chart; the embedded plan has indicators once 示例数据 is loaded.
    server = start_server(with_plan=True)
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            assert load_sample(session, find_plan(session, "1"), by="pytest").indicators > 0
    finally:
        engine.dispose()
    with httpx.Client(base_url=server.url, timeout=30) as client:
        rows = client.get("/api/v1/plans/1/monitoring").json()["indicators"]
        indicator = client.get(f"/plans/1/monitoring/indicators/{rows[0]['id']}").text
        listing = client.get("/plans/1/monitoring").text
    assert "data-indicator-chart" in indicator and script in indicator
    assert "echarts" not in listing


# -- the compression layer on its own: ETags and streams ----------------------------------------------------

PAGE = "<p>" + "规划实施监测评估平台 " * 400 + "</p>"


def _etagged(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE, headers={"ETag": '"abc123"'})


def _streamed(request: Request) -> StreamingResponse:
    def rows() -> Iterator[bytes]:
        for i in range(200):
            yield f"{i},大连市教育局,按期完成\n".encode()

    return StreamingResponse(rows(), media_type="text/csv; charset=utf-8")


def compressed(path: str, headers: dict[str, str]) -> httpx.Response:
    """``path`` from a small app behind CompressionMiddleware, through httpx's ASGI transport."""
    app = Starlette(routes=[Route("/page", _etagged), Route("/stream", _streamed)])
    app.add_middleware(CompressionMiddleware)

    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
            return await client.get(path, headers=headers)

    return anyio.run(get)


def test_gzip_keeps_a_route_etag_as_it_is() -> None:
    # a route's strong tag names a record version for If-Match: the client must get it unchanged
    zipped = compressed("/page", GZIP)
    assert zipped.headers["content-encoding"] == "gzip" and zipped.text == PAGE
    assert zipped.headers["etag"] == '"abc123"'
    plain = compressed("/page", IDENTITY)
    assert "content-encoding" not in plain.headers
    assert plain.headers["etag"] == '"abc123"'


def test_streamed_body_is_gzipped_whole() -> None:
    r = compressed("/stream", GZIP)
    assert r.headers["content-encoding"] == "gzip"
    lines = r.text.splitlines()
    assert len(lines) == 200 and lines[-1] == "199,大连市教育局,按期完成"
