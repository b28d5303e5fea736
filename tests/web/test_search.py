"""搜索 over real HTTP: the page and its JSON twin on the shared live server (the Dalian plan), and
on servers of their own where a test needs its own document or settings."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine, func, select, text

from planwatch.services.plans.analyze import analyze_bytes
from planwatch.services.plans.records import import_analysis
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.migrate import upgrade
from planwatch.store.search import SEARCH_TABLE
from planwatch.store.tables import SentenceRow
from planwatch.web.app import create_app


class Results(HTMLParser):
    """The result list of the search page: each item's link, citation and marked words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[dict[str, Any]] = []
        self.scripts = 0
        self._in_results = False
        self._in_mark = False
        self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and "src" not in a:
            self.scripts += 1
        if tag == "ol" and "results" in a.get("class", ""):
            self._in_results = True
        elif self._in_results and tag == "li":
            self.items.append({"href": None, "cite": "", "marks": [], "text": ""})
        elif self._in_results and tag == "a" and self.items and self.items[-1]["href"] is None:
            self.items[-1]["href"] = a["href"]
            self._in_link = True
        elif self._in_results and tag == "mark":
            self._in_mark = True
            self.items[-1]["marks"].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol":
            self._in_results = False
        elif tag == "mark":
            self._in_mark = False
        elif tag == "a":
            self._in_link = False

    def handle_data(self, data: str) -> None:
        if not (self._in_results and self.items):
            return
        item = self.items[-1]
        item["text"] += data
        if self._in_link:
            item["cite"] += data
        if self._in_mark:
            item["marks"][-1] += data


def parse(html: str) -> Results:
    page = Results()
    page.feed(html)
    return page


def api(client: httpx.Client, **params: Any) -> httpx.Response:
    return client.get("/api/v1/search", params=params)


# -- the page and its JSON twin -------------------------------------------------------------------


@pytest.mark.parametrize("query", ["海洋经济", "研发投入", "营商环境", "长海跨海大桥", "托育"])
def test_page_and_json_twin_show_the_same_results(anon_client: httpx.Client, query: str) -> None:
    data = api(anon_client, q=query, plan="1").json()
    assert data["total"] > 0 and data["plan"]["id"] == 1
    page = anon_client.get("/plans/1/search", params={"q": query})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    items = parse(page.text).items
    assert [i["href"] for i in items] == [r["url"] for r in data["results"]]
    assert [i["cite"] for i in items] == [r["cite"] for r in data["results"]]
    for item, result in zip(items, data["results"], strict=True):
        assert item["marks"] and set(item["marks"]) == {query}
        assert result["snippet"].count("<mark>") == len(item["marks"])
    # The footer links the twin.
    assert "/api/v1/search?q=" in page.text


def test_results_link_to_the_sentence_in_the_article_reader(anon_client: httpx.Client) -> None:
    for result in api(anon_client, q="托育", plan="1").json()["results"]:
        url = urlsplit(result["url"])
        assert url.path == f"/plans/1/text/{result['node']}" and url.fragment == f"s-{result['start']}"
        article = anon_client.get(url.path)
        assert article.status_code == 200
        assert f'id="{url.fragment}"' in article.text


def test_multi_word_query_and_paging_over_http(anon_client: httpx.Client) -> None:
    both = api(anon_client, q="海洋 科技", plan="1").json()
    assert both["terms"] == ["海洋", "科技"] and both["total"] > 0
    assert all("海洋" in r["text"] and "科技" in r["text"] for r in both["results"])

    first = anon_client.get("/plans/1/search", params={"q": "服务"})
    total = api(anon_client, q="服务", plan="1").json()["total"]
    assert total > 20 and f"共 {total} 个句子" in first.text
    following = re.search(r'<a rel="next" href="([^"]+)"', first.text)
    assert following is not None
    second = anon_client.get(following.group(1).replace("&amp;", "&"))
    assert second.status_code == 200 and '<ol class="results" start="21">' in second.text
    second_api = api(anon_client, q="服务", plan="1", offset=20).json()
    assert [i["href"] for i in parse(second.text).items] == [r["url"] for r in second_api["results"]]


def test_without_a_plan_every_plans_latest_version_is_searched(anon_client: httpx.Client) -> None:
    data = api(anon_client, q="托育").json()
    assert data["plan"] is None and data["total"] == 3
    assert {r["plan_id"] for r in data["results"]} == {1}


def test_the_empty_page_is_a_form(anon_client: httpx.Client) -> None:
    page = anon_client.get("/plans/1/search")
    assert page.status_code == 200
    assert '<input type="search" id="q" name="q"' in page.text and '<label for="q">' in page.text
    assert parse(page.text).items == [] and "请输入" not in page.text
    assert api(anon_client).json()["message"] == "请输入要搜索的词语。"


def test_search_is_in_the_openapi_schema(anon_client: httpx.Client) -> None:
    paths = anon_client.get("/api/v1/openapi.json").json()["paths"]
    params = {p["name"] for p in paths["/api/v1/search"]["get"]["parameters"]}
    assert params >= {"q", "plan", "limit", "offset", "version"}


# -- bad input ------------------------------------------------------------------------------------

NASTY = [
    "' OR '1'='1",
    "'; DROP TABLE sentences; --",
    '" OR 1=1 --',
    "海洋 AND 经济 OR NOT 科技",
    "NEAR(海洋 经济)",
    "海洋*",
    "^海洋",
    "words:海洋",
    "(海洋",
    "%",
    "_",
    "%海洋%",
    "--",
    ";",
    "\\",
    "海洋 & 经济 | !科技 <-> 港:*",
    "<script>alert(1)</script>",
]


def test_metacharacters_are_harmless_over_http(anon_client: httpx.Client, live_engine: Engine) -> None:
    with live_engine.connect() as connection:
        before = connection.execute(select(func.count()).select_from(SentenceRow)).scalar_one()
    for query in NASTY:
        data = api(anon_client, q=query, plan="1")
        assert data.status_code == 200, (query, data.text)
        body = data.json()
        for result in body["results"]:
            assert all(t in result["text"].casefold() for t in body["terms"]), query
        page = anon_client.get("/plans/1/search", params={"q": query})
        assert page.status_code == 200, query
        assert "<script>alert" not in page.text
    # Template syntax in a query is shown as typed, never evaluated.
    page = anon_client.get("/plans/1/search", params={"q": "{{ 7*7 }}"})
    assert 'value="{{ 7*7 }}"' in page.text
    with live_engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(SentenceRow)).scalar_one() == before
        indexed = connection.execute(text(f"SELECT count(*) FROM {SEARCH_TABLE}")).scalar_one()
        assert indexed == before


def test_long_query_is_cut_and_said_so(anon_client: httpx.Client) -> None:
    query = "营商环境" * 300
    data = api(anon_client, q=query, plan="1").json()
    assert data["truncated"]
    page = anon_client.get("/plans/1/search", params={"q": query})
    assert page.status_code == 200 and "查询过长" in page.text


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"q": "海洋", "limit": 0}, 422),
        ({"q": "海洋", "limit": 101}, 422),
        ({"q": "海洋", "offset": -1}, 422),
        ({"q": "海洋", "limit": "many"}, 422),
        ({"q": "海洋", "plan": "没有这个规划"}, 404),
        ({"q": "海洋", "plan": "99999999999"}, 404),
        ({"q": "海洋", "plan": "1", "version": 7}, 404),
        ({"q": "海洋", "version": 1}, 400),
    ],
)
def test_bad_parameters_get_a_clear_status(
    anon_client: httpx.Client, params: dict[str, Any], status: int
) -> None:
    response = api(anon_client, **params)
    assert response.status_code == status
    if status in (400, 404):
        assert re.search(r"[\u4e00-\u9fff]", response.json()["error"])


def test_page_for_an_unknown_plan_is_a_chinese_404(anon_client: httpx.Client) -> None:
    page = anon_client.get("/plans/没有这个规划/search", params={"q": "海洋"})
    assert page.status_code == 404 and "没有找到" in page.text


# -- servers of their own -------------------------------------------------------------------------


def _import_text(db_url: str, body: str) -> None:
    engine = make_engine(db_url)
    try:
        analysis = analyze_bytes(f"注入测试规划\n一、总体要求\n{body}\n".encode(), "inject.txt", Settings())
        with transaction(engine) as session:
            import_analysis(session, analysis)
    finally:
        engine.dispose()


def test_script_in_a_document_renders_inert(start_server: Callable[..., Any]) -> None:
    server = start_server()
    _import_text(
        server.db_url, '（一）加强<script>alert("pwned")</script><img src=x onerror=alert(1)>海洋经济建设。'
    )
    with httpx.Client(base_url=server.url, timeout=30) as client:
        data = api(client, q="海洋经济", plan="1").json()
        assert data["total"] == 1
        snippet = data["results"][0]["snippet"]
        assert "<script" not in snippet and "<img" not in snippet
        assert "&lt;script&gt;" in snippet and "<mark>海洋经济</mark>" in snippet
        page = client.get("/plans/1/search", params={"q": "海洋经济"})
        assert "<script>alert" not in page.text and "<img src=x" not in page.text
        assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in page.text
        assert parse(page.text).scripts == 0  # no inline script at all: the CSP forbids it anyway
        assert "script-src 'self'" in page.headers["content-security-policy"]


def test_private_mode_needs_a_login_to_search(
    start_server: Callable[..., Any],
    create_user_in: Callable[..., tuple[str, str]],
    log_in_to: Callable[..., httpx.Client],
) -> None:
    server = start_server(with_plan=True, public_read=False)
    with httpx.Client(base_url=server.url, timeout=30) as anon:
        assert api(anon, q="托育", plan="1").status_code == 401
        page = anon.get("/plans/1/search", params={"q": "托育"})
        assert page.status_code in (302, 303, 307) and page.headers["location"].startswith("/login")
    viewer = log_in_to(server.url, *create_user_in(server.db_url, "viewer"))
    assert api(viewer, q="托育", plan="1").json()["total"] == 3


@pytest.fixture
def server_on(db_url: str) -> Iterator[str]:
    """The real app under uvicorn on ``db_url`` (SQLite and PostgreSQL, see tests/conftest.py), with
    the embedded plan imported: the shared live server only runs on SQLite."""
    engine = make_engine(db_url)
    upgrade(engine)
    engine.dispose()
    _import_text(db_url, "（一）推进长海跨海大桥建设。发展托育服务，优化营商环境。")
    app = create_app(Settings(db_url=db_url))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        app.state.engine.dispose()


def test_search_over_http_on_both_databases(server_on: str) -> None:
    with httpx.Client(base_url=server_on, timeout=30) as client:
        for query, expected in [("长海跨海大桥", 1), ("跨海", 1), ("托育", 1), ("营商环境", 1), ("港", 0)]:
            data = api(client, q=query, plan="1").json()
            assert data["total"] == expected, query
            assert [p["text"] for r in data["results"] for p in r["parts"] if p["mark"]] == [query] * expected
        assert api(client, q="托育 营商环境", plan="1").json()["total"] == 1
        assert api(client, q="托育 大桥", plan="1").json()["total"] == 0
        for query in NASTY:
            response = api(client, q=query, plan="1")
            assert response.status_code == 200, (query, response.text)
            assert client.get("/plans/1/search", params={"q": query}).status_code == 200
        assert api(client, q="托育", plan="1").json()["total"] == 1  # the tables are all still there
