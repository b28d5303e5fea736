"""从统计公报/工作报告提取数据 over real HTTP: upload on the indicator page, review page with the figure
highlighted, accept / edit / reject, JSON twins, and the errors a bad upload gets."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from planwatch.services.monitoring.build import IndicatorFields
from planwatch.services.monitoring.indicators import add_indicator
from planwatch.services.plans.records import find_plan
from planwatch.store.engine import make_engine, transaction
from planwatch.store.monitoring import IndicatorRepository

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
REPORT_2024 = CORPUS / "national-government-work-report-2024.txt"
INDICATORS = [
    ("国内生产总值增长率", "%"),
    ("国内生产总值", "亿元"),
    ("城镇新增就业", "万人"),
    ("粮食产量", "万吨"),
]


@pytest.fixture
def server(start_server: Callable[..., Any]) -> Any:
    server = start_server(with_plan=True, max_file_bytes=2_000_000)
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            plan = find_plan(session, "1")
            for name, unit in INDICATORS:
                add_indicator(session, plan, IndicatorFields(name=name, unit=unit), by="pytest")
    finally:
        engine.dispose()
    return server


@pytest.fixture
def planner(server: Any, create_user_in: Callable[..., Any], log_in_to: Callable[..., Any]) -> Iterator[Any]:
    yield log_in_to(server.url, *create_user_in(server.db_url, "planner"))


def _observations(server: Any, name: str) -> dict[str, float]:
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            repo = IndicatorRepository(session)
            ind = repo.find(1, name)
            assert ind is not None
            return {o.period: o.value for o in repo.observations(ind.id)}
    finally:
        engine.dispose()


def _upload(client: httpx.Client, path: str, data: bytes, filename: str, **fields: str) -> httpx.Response:
    return client.post(path, files={"file": (filename, data, "text/plain")}, data=fields)


def test_upload_form_on_the_indicator_page_for_planners_only(
    server: Any, planner: Any, create_user_in: Callable[..., Any], log_in_to: Callable[..., Any]
) -> None:
    page = planner.get("/plans/1/monitoring")
    assert page.status_code == 200
    assert "从统计公报/工作报告提取数据" in page.text and 'action="/plans/1/observe"' in page.text
    viewer = log_in_to(server.url, *create_user_in(server.db_url, "viewer"))
    page = viewer.get("/plans/1/monitoring")
    assert 'action="/plans/1/observe"' not in page.text and "/plans/1/observe" in page.text
    denied = _upload(viewer, "/plans/1/observe", REPORT_2024.read_bytes(), REPORT_2024.name)
    assert denied.status_code == 403


def test_upload_review_accept_edit_reject(server: Any, planner: Any) -> None:
    # a plain form post: the CSRF token travels in the form, not the header
    planner.headers.pop("X-CSRF-Token")
    r = _upload(
        planner, "/plans/1/observe", REPORT_2024.read_bytes(), REPORT_2024.name, csrf_token=planner.csrf_token
    )
    assert r.status_code == 200, r.text
    assert '<mark class="hl quantity">126万亿元</mark>' in r.text
    assert "5.2%</mark>" in r.text and "1244万人</mark>" in r.text
    assert "文件中没有数字的指标" not in r.text  # all four have a figure
    assert "5G用户普及率" in r.text  # a figure the plan does not track
    assert "增长5%左右" not in re.sub(r"<[^>]+>", "", r.text.split("本次提取")[1])  # a target, never proposed
    assert _observations(server, "城镇新增就业") == {}  # nothing written before review

    listed = planner.get("/api/v1/plans/1/observe").json()
    assert listed["counts"] == {"pending": 4, "accepted": 0, "rejected": 0}
    ids = {p["indicator"]["name"]: p["id"] for p in listed["proposals"]}
    assert {p["period"] for p in listed["proposals"]} == {"2023"}

    r = planner.post(
        f"/plans/1/observe/{ids['国内生产总值']}/accept",
        data={"csrf_token": planner.csrf_token, "value": "1260582", "year": "2023"},
    )
    assert r.status_code == 303 and r.headers["location"].endswith(f"#p{ids['国内生产总值']}")
    r = planner.post(f"/plans/1/observe/{ids['粮食产量']}/reject", data={"csrf_token": planner.csrf_token})
    assert r.status_code == 303
    r = planner.post(
        f"/plans/1/observe/{ids['城镇新增就业']}/accept", data={"csrf_token": planner.csrf_token}
    )
    assert r.status_code == 303
    assert _observations(server, "国内生产总值") == {"2023": 1260582}
    assert _observations(server, "城镇新增就业") == {"2023": 1244}
    assert _observations(server, "粮食产量") == {}

    page = planner.get("/plans/1/observe")
    assert "已采纳（已修改）" in page.text and "已驳回" in page.text
    assert "1260582亿元" in page.text and "e+0" not in page.text
    again = planner.post(
        f"/plans/1/observe/{ids['粮食产量']}/accept", data={"csrf_token": planner.csrf_token}
    )
    assert again.status_code == 400 and "已驳回" in again.text

    # the same file again: nothing new
    r = _upload(
        planner, "/plans/1/observe", REPORT_2024.read_bytes(), REPORT_2024.name, csrf_token=planner.csrf_token
    )
    assert r.status_code == 200 and "新增待审核 0 条" in r.text
    assert planner.get("/api/v1/plans/1/observe").json()["counts"] == {
        "pending": 1,
        "accepted": 2,
        "rejected": 1,
    }


def test_json_api_run_accept_reject(server: Any, planner: Any) -> None:
    r = _upload(planner, "/api/v1/plans/1/observe", REPORT_2024.read_bytes(), REPORT_2024.name, year="2023")
    assert r.status_code == 201, r.text
    result = r.json()
    assert result["document"]["sha256"] and result["document"]["targets_skipped"] > 0
    growth = next(p for p in result["created"] if p["indicator"]["name"] == "国内生产总值增长率")
    assert (growth["value"], growth["period"], growth["sentence"]["figure"]) == (5.2, "2023", "5.2%")
    assert growth["reasons"] and 0 < growth["score"] <= 1
    r = planner.post(f"/api/v1/plans/1/observe/{growth['id']}/accept", json={"value": 5.25})
    assert r.status_code == 200 and r.json()["accepted_value"] == 5.25 and r.json()["edited"]
    assert _observations(server, "国内生产总值增长率") == {"2023": 5.25}
    where = planner.get(f"/api/v1/plans/1/observe/indicators/{growth['indicator']['id']}").json()
    cited = where["periods"]["2023"]
    assert cited["document"] == {"name": REPORT_2024.name, "sha256": result["document"]["sha256"]}
    assert cited["sentence"]["figure"] == "5.2%" and cited["reviewed_by"] == planner.username
    other = next(p for p in result["created"] if p["id"] != growth["id"])
    r = planner.post(f"/api/v1/plans/1/observe/{other['id']}/reject")
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    r = planner.post("/api/v1/plans/1/observe/999999/reject")
    assert r.status_code == 404 and "999999" in r.json()["error"]
    anon = httpx.post(f"{server.url}/api/v1/plans/1/observe/{other['id']}/reject")
    assert anon.status_code in (401, 403)


def test_bad_files_get_a_precise_chinese_error_and_change_nothing(server: Any, planner: Any) -> None:
    r = _upload(planner, "/api/v1/plans/1/observe", b"\x00\x01\x02binary junk" * 10, "junk.bin")
    assert r.status_code == 400 and r.json()["error"] and r.json()["hint"]
    r = _upload(planner, "/api/v1/plans/1/observe", b"x" * 2_000_100, "big.txt")
    assert r.status_code == 400 and ("MB" in r.json()["error"] or "过大" in r.json()["error"])
    r = _upload(planner, "/plans/1/observe", b"%PDF-1.4\n%%EOF", "empty.pdf")
    assert r.status_code == 400 and 'role="alert"' in r.text
    r = _upload(planner, "/api/v1/plans/1/observe", REPORT_2024.read_bytes(), REPORT_2024.name, year="abc")
    assert r.status_code == 400 and "年份" in r.json()["error"]
    assert planner.get("/api/v1/plans/1/observe").json()["proposals"] == []
