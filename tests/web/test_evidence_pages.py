"""落实佐证 over real HTTP (issue 19): the 2023 national work report stored as the plan, the 2024
report uploaded as its evidence source through the page (a background job), then the source's
matches, its text with anchors, a task's timeline, decisions with CSRF and roles, audit entries,
and the refusals (same file twice, the plan itself, an empty or unreadable file, unknown ids).

One server per module on a database of its own: the tests run in order and build on each other's
state (the attached source, the decided matches)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest
from corpus_routes import get_routes
from pages_helpers import audit_entries, client_for, follow_job
from pydantic import TypeAdapter

from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import import_analysis
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.migrate import upgrade
from strict import missing

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
REPORT_2023 = CORPUS / "national-government-work-report-2023.txt"
REPORT_2024 = CORPUS / "national-government-work-report-2024.txt"
GRAIN = "p2.s6.t2"  # 粮食产量保持在1.3万亿斤以上: the 2024 review reports it (“千亿斤”)


@pytest.fixture(scope="module")
def server(session_db_url: Any, server_for: Callable[[Settings], Any]) -> Iterator[Any]:
    if not REPORT_2024.is_file():
        missing(f"the shared corpus is not at {CORPUS}")
    url = session_db_url("evidence-pages")
    engine = make_engine(url)
    try:
        upgrade(engine)
        with transaction(engine) as session:
            import_analysis(session, analyze_path(REPORT_2023, Settings()), "2023年报告")
            import_analysis(session, analyze_path(REPORT_2024, Settings()), "2024年报告")
    finally:
        engine.dispose()
    with server_for(Settings(db_url=url)) as live:
        yield live


@pytest.fixture(scope="module")
def planner(server: Any) -> Iterator[httpx.Client]:
    with closing(client_for(server.url, server.db_url, "planner")) as client:
        yield client


@pytest.fixture(scope="module")
def attached(server: Any, planner: httpx.Client) -> dict[str, Any]:
    """The 2024 report uploaded on the page as a plain form (the job it queues, followed)."""
    with REPORT_2024.open("rb") as f:
        r = planner.post(
            "/plans/1/evidence/sources",
            files={"file": (REPORT_2024.name, f, "text/plain")},
            data={"csrf_token": planner.csrf, "year": ""},  # type: ignore[attr-defined]
        )
    assert r.status_code == 303 and r.headers["location"].startswith("/jobs/"), r.text
    job = follow_job(planner, r)
    assert job["state"] == "done", job
    assert job["kind"] == "evidence" and job["plan_id"] == 1
    return job


def _source_id(job: dict[str, Any]) -> int:
    return int(job["result"]["info"]["id"])


def test_attach_by_upload_runs_a_job_that_links_to_the_matches(
    planner: httpx.Client, attached: dict[str, Any]
) -> None:
    info = attached["result"]["info"]
    assert info["year"] == 2024 and info["kind"] == "file" and info["matches"] > 50
    sid = _source_id(attached)
    assert attached["result"]["url"] == f"/plans/1/evidence/sources/{sid}"
    page = planner.get(f"/jobs/{attached['id']}")
    assert page.status_code == 200 and f'href="/plans/1/evidence/sources/{sid}"' in page.text

    listing = planner.get("/plans/1/evidence")
    assert listing.status_code == 200
    assert REPORT_2024.name in listing.text and "/plans/1/evidence/coverage" in listing.text
    assert 'href="/api/v1/plans/1/evidence"' in listing.text  # the footer's JSON twin
    assert 'aria-current="page">落实佐证' in listing.text  # the plan nav
    data = planner.get("/api/v1/plans/1/evidence").json()
    (source,) = data["sources"]
    assert source["id"] == sid and source["sha256_short"] == source["sha256"][:12]
    assert source["counts"]["proposed"] == info["matches"] and source["counts"]["confirmed"] == 0
    assert data["summary"]["confirmed"] == 0 and data["summary"]["proposed"] > 0
    assert data["links"]["coverage"] == "/plans/1/evidence/coverage"


def test_source_page_groups_matches_and_highlights_terms(
    planner: httpx.Client, attached: dict[str, Any]
) -> None:
    sid = _source_id(attached)
    data = planner.get(f"/api/v1/plans/1/evidence/sources/{sid}", params={"per_page": 500}).json()
    assert data["total"] == attached["result"]["info"]["matches"]
    tasks = [t["task"] for g in data["groups"] for t in g["tasks"]]
    assert GRAIN in tasks and len(tasks) == len(set(tasks))  # each task once, in plan order
    grain = next(m for m in data["matches"] if m["task"] == GRAIN and "千亿斤" in m["sentence"])
    assert grain["kind"] == "reported" and grain["year"] == 2024
    assert grain["text_url"] == f"/plans/1/evidence/sources/{sid}/text#s-{grain['start']}"

    reported = planner.get(f"/plans/1/evidence/sources/{sid}", params={"kind": "reported", "per_page": 500})
    assert reported.status_code == 200
    assert '<mark class="hl term">' in reported.text and f'id="m-{grain["id"]}"' in reported.text
    only = planner.get(f"/api/v1/plans/1/evidence/sources/{sid}", params={"kind": "mentioned"}).json()
    assert {m["kind"] for m in only["matches"]} <= {"mentioned"}
    assert only["total"] == data["counts"]["kind"]["mentioned"]
    paged = planner.get(f"/api/v1/plans/1/evidence/sources/{sid}", params={"per_page": 5, "page": 2}).json()
    assert paged["page"] == 2 and len(paged["matches"]) == 5 and paged["pages"] > 2

    text = planner.get(f"/plans/1/evidence/sources/{sid}/text")
    assert text.status_code == 200 and f'id="s-{grain["start"]}"' in text.text
    body = planner.get(f"/api/v1/plans/1/evidence/sources/{sid}/text").json()
    assert body["available"] and body["text"][grain["start"] : grain["end"]].strip() in grain["sentence"]


def test_task_timeline_and_the_task_page_link(planner: httpx.Client, attached: dict[str, Any]) -> None:
    data = planner.get(f"/api/v1/plans/1/tasks/{GRAIN}/evidence").json()
    assert data["task"]["id"] == GRAIN and data["count"] > 0
    assert [y["year"] for y in data["years"]] == [2024]
    assert any("千亿斤" in e["sentence"] for e in data["years"][0]["evidence"])
    page = planner.get(f"/plans/1/tasks/{GRAIN}/evidence")
    assert page.status_code == 200 and "千亿斤" in page.text and "进展报送" in page.text
    task = planner.get(f"/plans/1/tasks/{GRAIN}")
    assert f"文件佐证（{data['count']}）" in task.text


def test_replies_match_their_response_models(
    server: Any, planner: httpx.Client, attached: dict[str, Any]
) -> None:
    """The models in OpenAPI are true of real replies with evidence attached (the corpus walk has
    none): the sources, a source's matches and text, a timeline, the coverage."""
    models = {path: TypeAdapter(r.response_model) for path, r in get_routes(server.app) if r.response_model}
    sid = _source_id(attached)
    base = "/api/v1/plans/{plan}"
    for route, url in [
        (f"{base}/evidence", "/api/v1/plans/1/evidence"),
        (f"{base}/evidence/sources/{{sid}}", f"/api/v1/plans/1/evidence/sources/{sid}?per_page=500"),
        (f"{base}/evidence/sources/{{sid}}/text", f"/api/v1/plans/1/evidence/sources/{sid}/text"),
        (f"{base}/tasks/{{task}}/evidence", f"/api/v1/plans/1/tasks/{GRAIN}/evidence"),
        (f"{base}/evidence/coverage", "/api/v1/plans/1/evidence/coverage?basis=proposed"),
    ]:
        r = planner.get(url)
        assert r.status_code == 200, url
        models[route].validate_python(r.json())


def _grain_match(client: httpx.Client, sid: int) -> dict[str, Any]:
    data = client.get(f"/api/v1/plans/1/evidence/sources/{sid}", params={"per_page": 500}).json()
    return next(m for m in data["matches"] if m["task"] == GRAIN and "千亿斤" in m["sentence"])


def test_confirm_dismiss_undo_with_csrf_and_audit(
    server: Any, planner: httpx.Client, attached: dict[str, Any]
) -> None:
    sid = _source_id(attached)
    m = _grain_match(planner, sid)
    # htmx: the row comes back, now confirmed, with a 撤回 button
    r = planner.post(
        m["decide_url"], data={"decision": "confirmed", "next": ""}, headers={"HX-Request": "true"}
    )
    assert r.status_code == 200 and f'id="m-{m["id"]}"' in r.text
    assert 'data-decision="confirmed"' in r.text and 'value="proposed">撤回' in r.text
    summary = planner.get("/api/v1/plans/1/evidence").json()["summary"]
    assert summary["confirmed"] == 1
    assert "文件佐证" in planner.get(f"/plans/1/tasks/{GRAIN}/evidence").text

    # a plain form, no JavaScript: back to the page it came from, at the row
    back = f"/plans/1/evidence/sources/{sid}?kind=reported"
    r = planner.post(
        m["decide_url"],
        data={"decision": "dismissed", "next": back, "csrf_token": planner.csrf},  # type: ignore[attr-defined]
        headers={"X-CSRF-Token": ""},
    )
    assert r.status_code == 303 and r.headers["location"] == f"{back}#m-{m['id']}"
    # a foreign address in next is not followed
    r = planner.post(m["decide_url"], data={"decision": "dismissed", "next": "https://example.org/"})
    assert r.status_code == 303 and r.headers["location"].startswith(f"/plans/1/evidence/sources/{sid}#")
    assert _grain_match(planner, sid)["decision"] == "dismissed"
    timeline = planner.get(f"/api/v1/plans/1/tasks/{GRAIN}/evidence").json()
    assert m["id"] not in {e["id"] for y in timeline["years"] for e in y["evidence"]}
    assert timeline["dismissed"] >= 1

    undone = planner.post(f"/api/v1/plans/1/evidence/matches/{m['id']}", json={"decision": "proposed"})
    assert undone.status_code == 200 and undone.json()["decision"] == "proposed"
    assert undone.json()["decided_by"] is None

    no_token = planner.post(m["decide_url"], data={"decision": "confirmed"}, headers={"X-CSRF-Token": ""})
    assert no_token.status_code == 403 and "CSRF" in no_token.text
    assert _grain_match(planner, sid)["decision"] == "proposed"

    actions = {
        a: audit_entries(server.db_url, a) for a in ("evidence.confirm", "evidence.dismiss", "evidence.reset")
    }
    assert all(actions.values()), actions
    assert actions["evidence.confirm"][0].username == planner.username  # type: ignore[attr-defined]
    assert audit_entries(server.db_url, "evidence.attach")


@pytest.mark.parametrize("role", ["viewer", "reporter"])
def test_other_roles_may_read_but_not_decide(server: Any, attached: dict[str, Any], role: str) -> None:
    sid = _source_id(attached)
    with closing(
        client_for(server.url, server.db_url, role, "大连市教育局" if role == "reporter" else None)
    ) as c:
        m = _grain_match(c, sid)
        page = c.get(f"/plans/1/evidence/sources/{sid}")
        assert page.status_code == 200 and 'value="confirmed">确认' not in page.text
        assert c.post(m["decide_url"], data={"decision": "confirmed"}).status_code == 403
        assert (
            c.post(f"/api/v1/plans/1/evidence/matches/{m['id']}", json={"decision": "confirmed"}).status_code
            == 403
        )
        with REPORT_2024.open("rb") as f:
            r = c.post(
                "/api/v1/plans/1/evidence/sources", files={"file": (REPORT_2024.name, f, "text/plain")}
            )
        assert r.status_code == 403
        assert _grain_match(c, sid)["decision"] != "confirmed"


def test_anonymous_visitors_are_sent_to_log_in(server: Any, attached: dict[str, Any]) -> None:
    sid = _source_id(attached)
    with httpx.Client(base_url=server.url, timeout=30) as anon:
        m = _grain_match(anon, sid)
        assert (
            anon.post(
                f"/api/v1/plans/1/evidence/matches/{m['id']}", json={"decision": "confirmed"}
            ).status_code
            == 401
        )
        page = anon.post(m["decide_url"], data={"decision": "confirmed"})
        assert page.status_code in (303, 401, 403)
        if page.status_code == 303:
            assert "/login" in page.headers["location"]


def test_refusals_store_nothing(server: Any, planner: httpx.Client, attached: dict[str, Any]) -> None:
    before = planner.get("/api/v1/plans/1/evidence").json()["sources"]
    with REPORT_2024.open("rb") as f:
        again = planner.post("/plans/1/evidence/sources", files={"file": (REPORT_2024.name, f, "text/plain")})
    assert again.status_code == 409 and "已作为佐证来源" in again.text
    with REPORT_2023.open("rb") as f:
        itself = planner.post(
            "/api/v1/plans/1/evidence/sources", files={"file": (REPORT_2023.name, f, "text/plain")}
        )
    assert itself.status_code == 400 and "就是该规划本身" in itself.json()["error"]
    empty = planner.post("/plans/1/evidence/sources", files={"file": ("空.txt", b"", "text/plain")})
    assert empty.status_code == 400 and "文件为空" in empty.text
    binary = planner.post(
        "/api/v1/plans/1/evidence/sources", files={"file": ("乱码.txt", bytes(range(256)) * 8, "text/plain")}
    )
    assert binary.status_code == 400 and "不是受支持的文档格式" in binary.json()["error"]
    nothing = planner.post("/plans/1/evidence/sources", data={"source": ""})
    assert nothing.status_code == 400 and "没有收到文件" in nothing.text
    bad_year = planner.post("/api/v1/plans/1/evidence/sources", data={"source": "2", "year": "二〇二四"})
    assert bad_year.status_code == 400 and "不是数字" in bad_year.json()["error"]
    bad_cut = planner.post("/api/v1/plans/1/evidence/sources", data={"source": "2", "threshold": "2"})
    assert bad_cut.status_code == 400 and "阈值" in bad_cut.json()["error"]
    assert planner.get("/api/v1/plans/1/evidence").json()["sources"] == before


def test_unknown_or_foreign_ids_are_404_and_bad_decisions_400(
    planner: httpx.Client, attached: dict[str, Any]
) -> None:
    sid = _source_id(attached)
    m = _grain_match(planner, sid)
    for url in (
        f"/plans/1/evidence/sources/{sid + 999}",
        f"/api/v1/plans/1/evidence/sources/{sid + 999}/text",
    ):
        r = planner.get(url)
        assert r.status_code == 404 and "没有编号为" in r.text
    r = planner.post("/api/v1/plans/1/evidence/matches/99999999", json={"decision": "confirmed"})
    assert r.status_code == 404 and "佐证匹配" in r.json()["error"]
    # the match belongs to plan 1: asked for under plan 2 it does not exist
    r = planner.post(f"/api/v1/plans/2/evidence/matches/{m['id']}", json={"decision": "confirmed"})
    assert r.status_code == 404
    assert planner.get(f"/api/v1/plans/2/evidence/sources/{sid}").status_code == 404
    r = planner.post(f"/api/v1/plans/1/evidence/matches/{m['id']}", json={"decision": "maybe"})
    assert r.status_code == 400 and "处理结果" in r.json()["error"]
    r = planner.get(f"/api/v1/plans/1/evidence/sources/{sid}", params={"kind": "rumour"})
    assert r.status_code == 400
    assert planner.get("/api/v1/plans/1/tasks/p99.t99/evidence").status_code == 404
    assert _grain_match(planner, sid)["decision"] == "proposed"


def test_attach_a_stored_plan_then_remove_it(
    server: Any, planner: httpx.Client, attached: dict[str, Any]
) -> None:
    r = planner.post("/api/v1/plans/2/evidence/sources", data={"source": "1"})
    assert r.status_code == 202
    job = follow_job(planner, r)
    assert job["state"] == "done" and job["result"]["info"]["kind"] == "plan"
    sid = int(job["result"]["info"]["id"])
    text = planner.get(f"/api/v1/plans/2/evidence/sources/{sid}/text").json()
    assert text["available"] and len(text["text"]) > 10_000 and text["matches"]
    listed = planner.get(f"/api/v1/plans/2/evidence/sources/{sid}").json()
    matches = listed["matches"]
    assert matches and listed["total"] == job["result"]["info"]["matches"]

    refused = planner.post(f"/plans/2/evidence/sources/{sid}/remove", data={})
    assert refused.status_code == 400 and "确认" in refused.text
    assert planner.get(f"/api/v1/plans/2/evidence/sources/{sid}").status_code == 200
    done = planner.post(f"/plans/2/evidence/sources/{sid}/remove", data={"confirm": "yes"})
    assert done.status_code == 303 and done.headers["location"] == f"/plans/2/evidence?removed={sid}"
    assert planner.get(f"/api/v1/plans/2/evidence/sources/{sid}").status_code == 404
    assert planner.get("/api/v1/plans/2/evidence").json()["sources"] == []
    r = planner.post(f"/api/v1/plans/2/evidence/matches/{matches[0]['id']}", json={"decision": "confirmed"})
    assert r.status_code == 404  # its matches went with it
    (entry,) = [e for e in audit_entries(server.db_url, "evidence.remove") if e.before["id"] == sid]
    assert entry.before["matches"] == listed["total"]
    assert re.match(r"plan:2/evidence-source:\d+", entry.target)
