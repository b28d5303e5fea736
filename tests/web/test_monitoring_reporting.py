"""监测 · 预警 with the whole 示例数据 set (indicators and task progress reports) over real HTTP: the
warnings carry the 示例数据 label, and tasks not reported on (未报送 / 催报) are listed apart."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import httpx

from planwatch.services.plans import sample
from planwatch.store.engine import make_engine, transaction


def test_warnings_page_shows_unreported_apart_and_labels_sample_reports(
    start_server: Callable[..., Any],
) -> None:
    server = start_server(with_plan=True)
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            assert sample.load_all(session, "1", by="pytest").progress.tasks == 20
    finally:
        engine.dispose()
    with httpx.Client(base_url=server.url, timeout=30) as client:
        page = client.get("/plans/1/monitoring/warnings")
        data = client.get("/api/v1/plans/1/monitoring/warnings").json()
    assert page.status_code == 200
    text = html.unescape(page.text)
    rep = data["reporting"]
    assert f"未报送 {rep['not_reported']}" in text and f"催报 {rep['report_overdue']}" in text
    assert "未报送与催报" in text and "planwatch sample 1 --remove" in text
    assert data["sample_reports"] == 19 and rep["not_reported"] == rep["tasks"] - 19
    assert data["warnings"] and all(w["sample"] and w["state"] != "未报送" for w in data["warnings"])
    assert text.count('class="tag sample"') >= len(data["warnings"]) + 1
    for group in data["reminders"]:
        assert (group["department"] or "未分配") in text
        for t in group["tasks"][:8]:
            assert f'href="/plans/1/tasks/{t["task"]}"' in page.text
