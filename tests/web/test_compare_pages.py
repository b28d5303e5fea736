"""规划比对 and 版本对照 pages and their JSON twins, over real HTTP against the real app."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from lxml import html as lxml_html

from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.services.plans.records import import_analysis, load_plan
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "compare"))
from drafts import edited_draft

Start = Callable[..., Any]
UPPER = Path(__file__).resolve().parents[1] / "compare" / "data" / "upper_plan.txt"


def _import(db_url: str, data: bytes, source: str, name: str) -> int:
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            result = import_analysis(session, analyze_bytes(data, source, Settings()), name=name)
            return result.plan.id
    finally:
        engine.dispose()


def test_compare_page_and_json_twin(start_server: Start) -> None:
    server = start_server(with_plan=True)  # a database of its own: other tests count plans and hits
    live_server, live_db_url = server.url, server.db_url
    upper_id = _import(live_db_url, UPPER.read_bytes(), "upper.txt", "滨海省建议（测试）")
    with httpx.Client(base_url=live_server, timeout=60) as client:
        empty = client.get("/compare")
        assert empty.status_code == 200 and "规划比对" in empty.text
        page = client.get("/compare", params={"a": "1", "b": str(upper_id)})
        assert page.status_code == 200, page.text
        doc = lxml_html.fromstring(page.text)
        rows = doc.xpath("//table[contains(@class,'coverage-table')]/tbody/tr")
        assert len(rows) == 20  # every article of the upper-level plan, covered or not
        assert "黑土地" in page.text  # a term only the upper-level plan has
        twin = client.get("/api/v1/compare", params={"a": "1", "b": str(upper_id)}).json()
        assert twin["result"]["coverage"]["total"] == 20
        best = {
            al["a_label"]: al["matches"][0]["b_label"] for al in twin["result"]["alignments"] if al["matches"]
        }
        assert best["(42)"] == "(16)"  # 促进高质量充分就业 in both
        link = doc.xpath("//a[contains(@class,'json')]/@href")
        assert link and link[0].startswith("/api/v1/compare?")


def test_web_never_reads_server_files(start_server: Start) -> None:
    live_server = start_server(with_plan=True).url
    with httpx.Client(base_url=live_server, timeout=60) as client:
        for ref in ("/etc/passwd", str(UPPER)):
            r = client.get("/api/v1/compare", params={"a": "1", "b": ref})
            assert r.status_code == 404, r.text
            assert "既不是已有的文件" in r.text
        bad = client.get("/api/v1/compare", params={"a": "1", "b": "1", "threshold": "3"})
        assert bad.status_code == 422


def test_diff_page_and_json_twin(start_server: Start) -> None:
    server = start_server(with_plan=True)
    live_server, live_db_url = server.url, server.db_url
    data, _ = default_plan_bytes()
    data += b"\n"  # other bytes than the plan the server already holds: a plan of its own
    pid = _import(live_db_url, data, "draft.txt", "大连建议草稿（对照测试）")
    with httpx.Client(base_url=live_server, timeout=60) as client:
        single = client.get(f"/plans/{pid}/diff")
        assert single.status_code == 200 and "只有一个版本" in single.text
        _import(
            live_db_url,
            edited_draft(data.decode("utf-8")).encode("utf-8"),
            "draft2.txt",
            "大连建议草稿（对照测试）",
        )
        page = client.get(f"/plans/{pid}/diff")
        assert page.status_code == 200
        doc = lxml_html.fromstring(page.text)
        assert doc.xpath("//section[contains(@class,'unit-removed')]//h2[contains(., '前瞻布局未来产业')]")
        assert doc.xpath("//del[text()='加强基础设施统筹规划,']")
        assert doc.xpath("//ins[text()='大力发展首发经济和冰雪经济。']")
        twin = client.get(f"/api/v1/plans/{pid}/diff", params={"from": 1, "to": 2}).json()
        assert twin["from"] == 1 and twin["to"] == 2
        assert twin["result"]["summary"]["units_removed"] == 1
        same = client.get(f"/api/v1/plans/{pid}/diff", params={"from": 2, "to": 2})
        assert same.status_code == 400 and "新旧版本相同" in same.text


def test_lineage_api_and_overview(start_server: Start, create_user_in: Start, log_in_to: Start) -> None:
    server = start_server(with_plan=True)
    upper_id = _import(server.db_url, UPPER.read_bytes(), "upper.txt", "滨海省建议（测试）")
    planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
    reporter = log_in_to(server.url, *create_user_in(server.db_url, "reporter"))
    denied = reporter.put("/api/v1/plans/1/lineage", json={"upper": str(upper_id), "level": "建议"})
    assert denied.status_code == 403
    no_csrf = httpx.put(f"{server.url}/api/v1/plans/1/lineage", json={"upper": str(upper_id)})
    assert no_csrf.status_code in (401, 403)
    done = planner.put("/api/v1/plans/1/lineage", json={"upper": str(upper_id), "level": "建议"})
    assert done.status_code == 200, done.text
    assert done.json()["upper"][0]["id"] == upper_id
    cycle = planner.put(f"/api/v1/plans/{upper_id}/lineage", json={"upper": "1"})
    assert cycle.status_code == 400 and "不能再作为它的上级规划" in cycle.json()["error"]
    page = planner.get("/plans/1")
    doc = lxml_html.fromstring(page.text)
    link = doc.xpath("//section[contains(@class,'lineage')]//a[contains(., '与上级规划比对')]/@href")
    assert link == [f"/compare?a=1&b={upper_id}"]
    lower = planner.get(f"/api/v1/plans/{upper_id}/lineage").json()["lower"]
    assert [c["id"] for c in lower] == [1]


def test_reattach_a_stale_decision_from_the_diff_page(
    start_server: Start, create_user_in: Start, log_in_to: Start
) -> None:
    server = start_server(with_plan=True)
    data, _ = default_plan_bytes()
    rewritten = "加强基础设施统筹规划,优化布局结构,促进集成融合,提升安全韧性和运营可持续性"
    planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
    tasks = planner.get("/api/v1/plans/1/assignments", params={"q": rewritten}).json()["rows"]
    key = next(t["id"] for t in tasks if t["text"] == rewritten)
    put = planner.put(f"/api/v1/plans/1/tasks/{key}/assignment", json={"lead": "市发展改革委"})
    assert put.status_code == 200, put.text
    draft = edited_draft(data.decode("utf-8")).encode("utf-8")
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            name = load_plan(session, "1").plan.name
            import_analysis(session, analyze_bytes(draft, "v2.txt", Settings()), name=name)
    finally:
        engine.dispose()
    page = planner.get("/plans/1/diff")
    doc = lxml_html.fromstring(page.text)
    [form] = doc.xpath("//section[@id='stale']//form")
    fields = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    choice = form.xpath(".//select[@name='task']/option/@value")[0]
    anon = httpx.post(f"{server.url}/plans/1/reattach", data={"id": fields["id"], "task": choice})
    # no session: sent to log in (or refused), and nothing changes
    assert anon.status_code in (401, 403) or anon.headers["location"].startswith("/login")
    assert len(planner.get("/api/v1/plans/1/stale").json()["items"]) == 1
    done = planner.post("/plans/1/reattach", data={**fields, "task": choice}, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert planner.get("/api/v1/plans/1/stale").json()["items"] == []
    again = planner.get("/plans/1/diff")
    assert not lxml_html.fromstring(again.text).xpath("//section[@id='stale']")
