"""任务分工 one page at a time, over real HTTP on the shared server (Dalian plan, 390 tasks): the
pages cut after the filters and the sort, every task reachable through the pager and the JSON links,
the filters and sort kept from page to page, page numbers out of range refused in Chinese, and the
downloads holding every filtered row, not only one page's."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

ROW = re.compile(r'<tr id="task-([^"]+)"')
TASKS = 390


def twin(client: httpx.Client, url: str = "/api/v1/plans/1/assignments", **params: Any) -> dict[str, Any]:
    # httpx replaces a URL's own query with ``params`` even when they are empty: the links carry theirs.
    r = client.get(url, params=params) if params else client.get(url)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


class Pager(HTMLParser):
    """The links of the page's pager (nav aria-label=任务表分页): rel, aria-current and href."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.links: list[dict[str, str | None]] = []
        self.navs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "nav" and a.get("aria-label") == "任务表分页":
            self.inside = True
            self.navs += 1
        elif tag == "a" and self.inside:
            self.links.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.inside = False

    def rel(self, name: str) -> str | None:
        return next((a["href"] for a in self.links if a.get("rel") == name), None)


def pager(html: str) -> Pager:
    p = Pager()
    p.feed(html)
    return p


def test_the_first_page_of_the_table_and_its_twin(anon_client: httpx.Client) -> None:
    html = anon_client.get("/plans/1/tasks")
    assert html.status_code == 200
    data = twin(anon_client)
    paging = (data["total"], data["count"], data["page"], data["per_page"], data["pages"])
    assert paging == (TASKS, TASKS, 1, 50, 8)
    assert (data["first"], data["last"], len(data["rows"])) == (1, 50, 50)
    assert ROW.findall(html.text) == [r["id"] for r in data["rows"]]
    assert [r["order"] for r in data["rows"]] == list(range(50))
    assert data["links"] == {
        "self": "/api/v1/plans/1/assignments",
        "first": "/api/v1/plans/1/assignments",
        "prev": None,
        "next": "/api/v1/plans/1/assignments?page=2",
        "last": "/api/v1/plans/1/assignments?page=8",
    }
    for key in ("rows", "total", "count", "filters", "options", "sort", "plan", "version"):
        assert key in data, key
    p = pager(html.text)
    assert p.navs == 1
    assert p.rel("prev") is None and p.rel("next") == "/plans/1/tasks?page=2"
    current = [a for a in p.links if a.get("aria-current") == "page"]
    assert [a["href"] for a in current] == ["/plans/1/tasks"]
    assert "第 1/8 页 · 共 390 条" in html.text and "本页显示第 1–50 项" in html.text
    assert '<select id="f-per_page" name="per_page">' in html.text
    # The page links to its own JSON twin.
    assert 'href="/api/v1/plans/1/assignments" class="json"' in html.text


def test_every_task_is_reachable_by_following_next(anon_client: httpx.Client) -> None:
    everything = [t["id"] for t in anon_client.get("/api/v1/plans/1/tasks").json()]
    assert len(everything) == TASKS
    # JSON: links.next until there is none.
    seen: list[str] = []
    url: str | None = "/api/v1/plans/1/assignments?per_page=60"
    pages = 0
    while url and pages < 10:
        data = twin(anon_client, url)
        seen += [r["id"] for r in data["rows"]]
        url = data["links"]["next"]
        pages += 1
    assert seen == everything and pages == 7
    # HTML without JavaScript: the pager's 下一页 link until there is none.
    seen = []
    url = "/plans/1/tasks"
    pages = 0
    while url and pages < 10:
        html = anon_client.get(url).text
        seen += ROW.findall(html)
        url = pager(html).rel("next")
        pages += 1
    assert seen == everything and pages == 8


def test_filters_and_sort_are_kept_from_page_to_page(anon_client: httpx.Client) -> None:
    params = {"instrument": "环境型", "domain": "民生", "sort": "-due"}
    whole = twin(anon_client, **params, per_page=500)
    assert whole["count"] > 20
    data = twin(anon_client, **params, per_page=9)
    seen: list[dict[str, Any]] = data["rows"]
    while data["links"]["next"] and len(seen) < whole["count"]:
        query = parse_qs(urlsplit(data["links"]["next"]).query)
        assert query["domain"] == ["民生"] and query["sort"] == ["-due"] and query["per_page"] == ["9"]
        data = twin(anon_client, data["links"]["next"])
        assert data["filters"]["instrument"] == "环境型" and data["sort"] == "-due"
        assert data["count"] == whole["count"] and 0 < len(data["rows"]) <= 9
        seen = seen + data["rows"]
    assert [r["id"] for r in seen] == [r["id"] for r in whole["rows"]]
    # The HTML pager and the sort links keep them too; a sort link starts again from page 1.
    html = anon_client.get("/plans/1/tasks", params=params | {"per_page": 9, "page": 2}).text
    p = pager(html)
    for rel, page in (("prev", None), ("next", ["3"])):
        query = parse_qs(urlsplit(p.rel(rel) or "").query)
        assert query["instrument"] == ["环境型"] and query["sort"] == ["-due"] and query.get("page") == page
    sort_link = re.search(r'<a href="([^"]*sort=task[^"]*)"', html)
    assert sort_link is not None
    query = parse_qs(urlsplit(sort_link.group(1).replace("&amp;", "&")).query)
    assert query["per_page"] == ["9"] and query["domain"] == ["民生"] and "page" not in query
    assert ROW.findall(html) == [r["id"] for r in whole["rows"][9:18]]


def test_the_last_page_and_pages_out_of_range(anon_client: httpx.Client) -> None:
    last = twin(anon_client, page=8)
    assert len(last["rows"]) == TASKS - 7 * 50 and (last["first"], last["last"]) == (351, 390)
    assert last["links"]["next"] is None and last["links"]["prev"] == "/api/v1/plans/1/assignments?page=7"
    html = anon_client.get("/plans/1/tasks", params={"page": 8}).text
    assert pager(html).rel("next") is None and pager(html).rel("prev") == "/plans/1/tasks?page=7"
    one = twin(anon_client, per_page=500)
    assert one["pages"] == 1 and one["links"]["next"] is None and len(one["rows"]) == TASKS
    assert pager(anon_client.get("/plans/1/tasks", params={"per_page": 500}).text).navs == 0
    for url in ("/api/v1/plans/1/assignments", "/plans/1/tasks"):
        past = anon_client.get(url, params={"page": 9})
        assert past.status_code == 404
        assert "没有第 9 页" in past.text and "共 8 页" in past.text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": -3}, "page"),
        ({"page": "二"}, "page"),
        ({"per_page": 0}, "per_page"),
        ({"per_page": 501}, "per_page"),
        ({"per_page": "all"}, "per_page"),
    ],
)
def test_invalid_page_numbers_are_refused_in_chinese(
    anon_client: httpx.Client, params: dict[str, Any], field: str
) -> None:
    r = anon_client.get("/api/v1/plans/1/assignments", params=params)
    assert r.status_code == 422
    body = r.json()
    assert body["error"].startswith("提交的内容有误") and f"查询参数 {field}" in body["error"]
    assert body["details"][0]["field"] == f"查询参数 {field}"
    page = anon_client.get("/plans/1/tasks", params=params, headers={"Accept": "text/html"})
    assert page.status_code == 422 and f"查询参数 {field}" in page.text and "<html" in page.text


def test_nothing_found_is_one_empty_page(anon_client: httpx.Client) -> None:
    data = twin(anon_client, q="不会出现的词语组合")
    assert (data["count"], data["pages"], data["first"], data["last"], data["rows"]) == (0, 1, 0, 0, [])
    assert data["links"]["next"] is None and data["links"]["prev"] is None
    past = anon_client.get("/api/v1/plans/1/assignments", params={"q": "不会出现的词语组合", "page": 2})
    assert past.status_code == 404


def test_link_header_and_version_kept(anon_client: httpx.Client) -> None:
    r = anon_client.get("/api/v1/plans/1/assignments", params={"version": 1, "page": 2, "per_page": 100})
    assert r.status_code == 200
    data = r.json()
    assert data["links"]["next"] == "/api/v1/plans/1/assignments?version=1&per_page=100&page=3"
    assert '</api/v1/plans/1/assignments?version=1&per_page=100&page=3>; rel="next"' in r.headers["link"]
    assert '</api/v1/plans/1/assignments?version=1&per_page=100>; rel="prev"' in r.headers["link"]
    html = anon_client.get("/plans/1/tasks", params={"version": 1, "page": 2, "per_page": 100}).text
    assert pager(html).rel("next") == "/plans/1/tasks?version=1&per_page=100&page=3"
    assert '<input type="hidden" name="version" value="1">' in html


def test_downloads_hold_every_filtered_row_not_one_page(anon_client: httpx.Client) -> None:
    params = {"domain": "民生"}
    whole = twin(anon_client, **params, per_page=500)
    assert whole["count"] > 50  # more than the default page
    html = anon_client.get("/plans/1/tasks", params=params | {"page": 2}).text
    link = re.search(r'href="(/plans/1/export\?what=tasks&amp;format=xlsx[^"]*)"', html)
    assert link is not None
    export = link.group(1).replace("&amp;", "&")
    assert "page=" not in export and "domain=" in export
    r = anon_client.get(export.replace("format=xlsx", "format=csv"))
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    texts = [row[3] for row in rows[1:]]
    assert len(texts) == whole["count"] and texts == [t["text"] for t in whole["rows"]]


def test_openapi_documents_the_paging_parameters(anon_client: httpx.Client) -> None:
    spec = anon_client.get("/api/v1/openapi.json").json()
    op = spec["paths"]["/api/v1/plans/{plan}/assignments"]["get"]
    params = {p["name"]: p for p in op["parameters"]}
    assert params["page"]["schema"]["minimum"] == 1
    assert params["per_page"]["schema"]["maximum"] == 500 and params["per_page"]["schema"]["default"] == 50
    for name in ("page", "per_page", "q", "sort", "lead", "unit"):
        assert params[name].get("description"), name
    assert "links" in op["description"]


class Elements(HTMLParser):
    """How many elements a page has, and how many inside its task rows."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.in_rows = 0
        self.depth = 0  # > 0 inside a <tr id="task-…">

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1
        if tag == "tr" and (dict(attrs).get("id") or "").startswith("task-"):
            self.depth = 1
        elif self.depth and tag not in ("br", "input", "img"):
            self.depth += 1
        if self.depth:
            self.in_rows += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1


def test_a_page_of_the_table_stays_small(anon_client: httpx.Client) -> None:
    """The 任务分工 page is one page of rows, each of a handful of elements (it was every task, 17
    or more elements a row: 6,900 elements and 460 KB for Dalian's 390 tasks)."""
    html = anon_client.get("/plans/1/tasks").text
    counted = Elements()
    counted.feed(html)
    assert len(ROW.findall(html)) == 50
    assert counted.in_rows / 50 <= 15, counted.in_rows / 50
    assert counted.count < 1_500, counted.count
    assert len(html.encode("utf-8")) < 120_000
