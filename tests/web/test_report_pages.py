"""Report download and its JSON twin, over real HTTP against the real app with the 示例数据 loaded."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from planwatch.services.monitoring.sample import load_sample
from planwatch.services.plans.records import find_plan
from planwatch.store.engine import make_engine, transaction
from report_files import pdf_text, read_docx


@pytest.fixture
def client(start_server: Callable[..., Any]) -> Iterator[httpx.Client]:
    server = start_server(with_plan=True)
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            load_sample(session, find_plan(session, "1"), by="pytest")
    finally:
        engine.dispose()
    with httpx.Client(base_url=server.url, timeout=120) as c:
        yield c


def test_download_each_format_and_json_twin(client: httpx.Client) -> None:
    r = client.get("/plans/1/report", params={"kind": "annual", "year": "2026", "format": "docx"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument")
    disposition = unquote(r.headers["content-disposition"])
    assert disposition.startswith("attachment;") and "2026年度监测报告.docx" in disposition
    content = read_docx(r.content)
    assert content.headings[0] == "一、总体判断" and content.pictures >= 1

    r = client.get("/plans/1/report", params={"kind": "midterm", "year": "", "format": "pdf"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert "一、总体评估" in pdf_text(r.content)

    r = client.get("/plans/1/report", params={"format": "html"})
    assert r.status_code == 200 and "data:image/png;base64," in r.text

    data = client.get("/api/v1/plans/1/report", params={"kind": "annual", "year": 2026}).json()
    assert data["kind"] == "annual" and data["year"] == 2026
    table = next(
        b
        for s in data["sections"]
        for b in s["blocks"]
        if b["block"] == "table" and b["title"] == "主要指标监测表"
    )
    assert len(table["rows"]) == 8
    assert sum(data["counts"].values()) == 8


def test_form_on_monitoring_page_and_errors(client: httpx.Client) -> None:
    page = html.unescape(client.get("/plans/1/monitoring").text)
    assert 'action="/plans/1/report"' in page and "下载报告" in page

    r = client.get("/plans/1/report", params={"year": "2040", "format": "pdf"})
    assert r.status_code == 400 and "不在规划期" in html.unescape(r.text)
    r = client.get("/api/v1/plans/1/report", params={"kind": "weekly"})
    assert r.status_code == 400 and "报告类型" in r.json()["error"]
    r = client.get("/api/v1/plans/99/report")
    assert r.status_code == 404
