"""监测 pages and their JSON twins, over real HTTP on a fresh database with the 示例数据 loaded."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from planwatch.model.monitoring import STATUS_NAMES
from planwatch.services.monitoring.sample import load_sample
from planwatch.services.plans.records import find_plan
from planwatch.store.engine import make_engine, transaction


@pytest.fixture
def server_with_sample(start_server: Callable[..., Any]) -> Iterator[httpx.Client]:
    server = start_server(with_plan=True)
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            result = load_sample(session, find_plan(session, "1"), by="pytest")
            assert result.indicators > 0
    finally:
        engine.dispose()
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def test_indicator_list_page_and_twin(server_with_sample: httpx.Client) -> None:
    client = server_with_sample
    page = client.get("/plans/1/monitoring")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "监测指标" in text and "示例数据" in text
    assert 'class="status status-' in text
    data = client.get("/api/v1/plans/1/monitoring").json()
    assert data["indicators"]
    for row in data["indicators"]:
        assert row["sample"] is True
        assert row["name"] in text
        assert row["target_text"] in text
        assert row["status"]["status_name"] == STATUS_NAMES[row["status"]["status"]]
        assert f"status-{row['status']['status']}" in text
        assert row["status"]["status_name"] in text
    assert any(r["latest"] is not None for r in data["indicators"])
    assert "监测" in client.get("/plans/1").text  # the nav link


def test_indicator_page_chart_and_status_table(server_with_sample: httpx.Client) -> None:
    client = server_with_sample
    rows = client.get("/api/v1/plans/1/monitoring").json()["indicators"]
    row = next(r for r in rows if r["latest"] is not None)
    url = f"/plans/1/monitoring/indicators/{row['id']}"
    page = client.get(url)
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert row["name"] in text and "逐年状态" in text
    assert f'data-source="/api/v1{url}"' in text
    twin = client.get(f"/api/v1{url}")
    assert twin.status_code == 200
    data = twin.json()
    assert data["indicator"] == row
    chart = data["chart"]
    assert chart["years"] and len(chart["observed"]) == len(chart["years"]) == len(chart["expected"])
    assert any(v is not None for v in chart["observed"])
    observed = {o["period"]: o["value"] for o in data["observations"] if o["period"].isdigit()}
    for year, value in zip(chart["years"], chart["observed"], strict=True):
        assert value == observed.get(year)
    for y in data["years"]:
        assert y["explanation"] in text
        assert y["status_name"] in text
    assert client.get("/api/v1/plans/1/monitoring/indicators/999999").status_code == 404


def test_warnings_page_and_twin(server_with_sample: httpx.Client) -> None:
    client = server_with_sample
    page = client.get("/plans/1/monitoring/warnings")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "任务预警" in text and "部门评分" in text
    data = client.get("/api/v1/plans/1/monitoring/warnings").json()
    assert set(data["counts"]) == {"blue", "yellow", "red"}
    assert sum(data["counts"].values()) == len(data["warnings"])
    for w in data["warnings"]:
        assert w["level"] in ("blue", "yellow", "red")
        assert w["reason"] in text
    assert data["scorecard"]
    for s in data["scorecard"]:
        assert s["department"] in text
