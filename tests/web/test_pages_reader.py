"""规划文本 and the item lists (指标, 重大项目, 主体与地点, 提法) over real HTTP, with their JSON twins.

Read-only: these run against the shared live server on the embedded Dalian plan (plan 1).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest


class Marks(HTMLParser):
    """Every <mark> with its attributes and text, and every element id of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.marks: list[tuple[dict[str, str], str]] = []
        self._open: list[tuple[dict[str, str], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "mark":
            self._open.append((a, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._open:
            a, text = self._open.pop()
            self.marks.append((a, "".join(text)))
            if self._open:
                self._open[-1][1].extend(text)

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(data)


def parse(html: str) -> Marks:
    p = Marks()
    p.feed(html)
    return p


def first_mark(page: Marks, text: str) -> dict[str, str]:
    found = [a for a, t in page.marks if t == text and "id" in a]
    assert found, f"no mark for {text!r}"
    return found[0]


def test_article_highlights_items_by_kind(anon_client: httpx.Client) -> None:
    r = anon_client.get("/plans/1/text/p1.a1")
    assert r.status_code == 200
    assert "规划文本" in r.text and "第1条" in r.text and "大纲" in r.text
    page = parse(r.text)
    q = first_mark(page, "研发投入强度达3%")
    assert q["class"] == "hl quantity" and q["id"].startswith("q-") and q["tabindex"] == "0"
    bridge = first_mark(page, "长海跨海大桥")
    assert bridge["class"] == "hl project" and bridge["id"].startswith("e-")
    assert bridge["data-detail"] == f"/plans/1/items/project/{bridge['id'][2:]}"
    kinds = {a["class"].split()[1] for a, _ in page.marks}
    assert {"quantity", "project", "organization", "place", "formulation"} <= kinds


def test_article_json_twin_has_the_same_items_and_sentence_anchors(anon_client: httpx.Client) -> None:
    html = parse(anon_client.get("/plans/1/text/p1.a1").text)
    data = anon_client.get("/api/v1/plans/1/nodes/p1.a1").json()
    assert data["node"]["id"] == "p1.a1" and data["node"]["cite"] == "第1条"
    for s in data["sentences"]:
        assert f"s-{s['start']}" in html.ids
    highlighted = {a["id"] for a, _ in html.marks if "id" in a}
    for item in data["quantities"] + data["goals"]:
        assert item["ref"] in highlighted
    entity_refs = {e["ref"] for e in data["entities"]}
    assert highlighted & entity_refs  # duplicates over the same words share one mark
    q = next(q for q in data["quantities"] if q["text"] == "研发投入强度达3%")
    assert q["kind"] == "quantity" and q["value"] == 3 and q["unit"] == "%"
    assert q["href"] == f"/plans/1/text/p1.a1#{q['ref']}"
    assert [p["id"] for p in data["path"]] == ["p1", "p1.a1"]
    assert data["next"]["id"] == "p1.a2"


def test_links_made_from_any_item_start_land_on_the_page(anon_client: httpx.Client) -> None:
    """The 总览 links to /text/{node}#s-{start} of quantities and goals: each target must exist."""
    overview = anon_client.get("/api/v1/plans/1/overview").json()
    pages: dict[str, set[str]] = {}
    for item in overview["quantities"] + overview["goals"]:
        node = item["node"]
        if node not in pages:
            pages[node] = parse(anon_client.get(f"/plans/1/text/{node}").text).ids
        assert f"s-{item['start']}" in pages[node], (node, item["text"])


def test_item_details_and_the_way_back(anon_client: httpx.Client) -> None:
    data = anon_client.get("/api/v1/plans/1/nodes/p1.a1").json()
    bridge = next(e for e in data["entities"] if e["text"] == "长海跨海大桥")
    url = f"/plans/1/items/project/{bridge['index']}"
    r = anon_client.get(url)
    assert r.status_code == 200
    assert "重大项目" in r.text and "长海跨海大桥" in r.text and "回到原文中的位置" in r.text
    assert f'href="/plans/1/text/p1.a1#{bridge["ref"]}"' in r.text
    twin = anon_client.get(f"/api/v1{url}").json()
    assert twin["item"]["text"] == "长海跨海大桥" and twin["item"]["kind"] == "project"
    assert twin["articles"] == ["第1条", "第17条"]
    assert any(m["cite"] == "第17条" and ".a17#e-" in m["href"] for m in twin["mentions"])
    for m in twin["mentions"]:
        node, ref = m["href"].removeprefix("/plans/1/text/").split("#")
        assert ref in parse(anon_client.get(f"/plans/1/text/{node}").text).ids
    fragment = anon_client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text and "长海跨海大桥" in fragment.text


def test_quantity_details(anon_client: httpx.Client) -> None:
    data = anon_client.get("/api/v1/plans/1/nodes/p1.a1").json()
    q = next(q for q in data["quantities"] if q["text"] == "研发投入强度达3%")
    r = anon_client.get(q["detail"])
    assert r.status_code == 200
    for text in ("数量指标", "研发投入强度", "3%", "达", "十四五"):
        assert text in r.text


def test_formulation_details_show_the_definition(anon_client: httpx.Client) -> None:
    data = anon_client.get("/api/v1/plans/1/formulations").json()
    two = next(f for f in data["entities"]["formulation"] if f["name"] == "两先区")
    assert two["definition"] == "产业结构优化的先导区、经济社会发展的先行区"
    r = anon_client.get(two["mentions"][0]["detail"])
    assert "释义" in r.text and "产业结构优化的先导区" in r.text


def test_whole_text_and_its_twin(anon_client: httpx.Client) -> None:
    r = anon_client.get("/plans/1/text")
    assert r.status_code == 200 and "全文" in r.text
    data = anon_client.get("/api/v1/plans/1/text").json()
    assert data["node"]["id"] is None and data["node"]["kind"] == "document"
    assert len(data["text"]) == data["node"]["end"]
    ids = parse(r.text).ids
    assert all(f"s-{s['start']}" in ids for s in data["sentences"])
    assert [n["id"] for n in data["outline"]][:3] == ["title", "preamble", "p1"]


def test_unknown_node_and_item_are_404_in_chinese(anon_client: httpx.Client) -> None:
    r = anon_client.get("/plans/1/text/p99.a1")
    assert r.status_code == 404 and "没有找到节点" in r.text
    r = anon_client.get("/api/v1/plans/1/items/quantity/99999")
    assert r.status_code == 404 and "没有编号为" in r.json()["error"]
    assert anon_client.get("/plans/1/items/weird/0").status_code == 404


@pytest.mark.parametrize(
    ("path", "heading", "kinds"),
    [
        ("projects", "重大项目", ["project"]),
        ("actors", "主体与地点", ["organization", "place"]),
        ("formulations", "提法", ["formulation"]),
    ],
)
def test_entity_pages_list_every_name_with_links(
    anon_client: httpx.Client, path: str, heading: str, kinds: list[str]
) -> None:
    r = anon_client.get(f"/plans/1/{path}")
    assert r.status_code == 200 and f"<h1>{heading}</h1>" in r.text
    assert "/plans/1/export?what=entities&amp;format=xlsx" in r.text
    data = anon_client.get(f"/api/v1/plans/1/{path}").json()
    assert [k["kind"] for k in data["kinds"]] == kinds
    for kind in kinds:
        assert data["entities"][kind], kind
        for e in data["entities"][kind]:
            assert e["name"].replace('"', "&#34;") in r.text
            assert e["count"] == len(e["mentions"]) >= 1
            for m in e["mentions"]:
                assert f'href="{m["href"]}"' in r.text
    if path == "projects":
        assert "长海跨海大桥" in {e["name"] for e in data["entities"]["project"]}


def test_indicators_page_and_twin(anon_client: httpx.Client) -> None:
    r = anon_client.get("/plans/1/indicators")
    assert r.status_code == 200
    for text in ("主要指标表", "数量指标", "目标", "研发投入强度", "约束性"):
        assert text in r.text
    data = anon_client.get("/api/v1/plans/1/indicators").json()
    assert len(data["quantities"]) == 13 and len(data["goals"]) == 10
    assert any(row["name"] == "研发投入强度" and row["base"] == "3%" for row in data["indicator_table"])
    for g in data["goals"]:
        assert g["text"] in r.text and f'href="{g["href"]}"' in r.text
    assert len(re.findall(r"<tr>", r.text)) >= len(data["indicator_table"]) + len(data["quantities"])


def _toc(html: str) -> str:
    start = html.index('<nav class="toc"')
    return html[start : html.index("</nav>", start)]


def test_the_outline_marks_the_node_being_read_whichever_was_read_before(anon_client: httpx.Client) -> None:
    # The outline is rendered once per node and kept: reading another node in between must not
    # leave its mark or its opened branches behind.
    for node, part in (("p3.a7", "p3"), ("p1.a1", "p1"), ("p3.a7", "p3"), ("p1", "p1")):
        toc = _toc(anon_client.get(f"/plans/1/text/{node}").text)
        current = re.findall(r'<a href="/plans/1/text/([^"]+)" aria-current="page">', toc)
        assert current == [node], (node, current)
        opened = re.findall(r'<a href="/plans/1/text/([^"]+)"[^>]*>[^<]*</a>\s*<details open>', toc)
        assert part in opened and set(opened) <= {part, node}, (node, opened)
