"""Building the indicator system over real HTTP (pages and their JSON twins): a real city 主要指标表
imported with a preview, a year's values uploaded, indicators added / edited / removed with
optimistic locking, values recorded, indicators picked from the plan's targets. Bad input gets
Chinese row-level errors and leaves the database unchanged; only planners may change anything."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

import indicator_tables as city
from planwatch.store.engine import make_engine, transaction
from planwatch.store.tables import AuditRow, IndicatorRow, ObservationRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def server(start_server: Callable[..., Any]) -> Any:
    return start_server(with_plan=True)


@pytest.fixture
def planner(server: Any, create_user_in: Callable[..., Any], log_in_to: Callable[..., Any]) -> Any:
    return log_in_to(server.url, *create_user_in(server.db_url, "planner"))


def _counts(server: Any) -> tuple[int, int, int]:
    """(indicators, observations, audit rows about indicators) in the server's database."""
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            audits = (
                select(func.count())
                .select_from(AuditRow)
                .where(AuditRow.action.like("indicator.%") | AuditRow.action.like("observation.%"))
            )
            return (
                session.scalar(select(func.count()).select_from(IndicatorRow)) or 0,
                session.scalar(select(func.count()).select_from(ObservationRow)) or 0,
                session.scalar(audits) or 0,
            )
    finally:
        engine.dispose()


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def test_table_and_values_through_the_pages(server: Any, planner: Any, tmp_path: Path) -> None:
    page = planner.get("/plans/1/monitoring")
    assert page.status_code == 200
    assert "导入主要指标表" in page.text and "planwatch indicators" not in page.text
    docx = city.write_docx(tmp_path / "主要指标表.docx").read_bytes()

    # upload → preview: every row with its reading, nothing written
    preview = planner.post(
        "/plans/1/monitoring/import-table",
        files={"file": ("主要指标表.docx", docx, DOCX)},
        data={"step": "preview"},
    )
    assert preview.status_code == 200, preview.text
    assert "将新增 15 个" in preview.text
    assert "高于地区生产总值增长" in preview.text and "参照：经济增长" in preview.text
    assert "至2030年五年累计〔13%〕" in preview.text or "〔13%〕" in preview.text
    assert _counts(server) == (0, 0, 0)

    applied = planner.post(
        "/plans/1/monitoring/import-table",
        data={"step": "apply", "payload": _hidden(preview.text, "payload"), "filename": "主要指标表.docx"},
    )
    assert applied.status_code == 200 and "已导入 15 个指标" in applied.text
    assert _counts(server) == (15, 0, 15)

    # a bad observations file: row-level errors in Chinese, nothing recorded
    bad = city.write_observations(tmp_path / "bad.xlsx", bad=True).read_bytes()
    refused = planner.post(
        "/plans/1/monitoring/import-values", files={"file": ("bad.xlsx", bad, XLSX)}, data={"step": "preview"}
    )
    assert refused.status_code == 200
    assert "“五点六”不是数字" in refused.text and "规划中没有名为“不存在的指标”的指标" in refused.text
    assert 'id="apply-form"' not in refused.text and "未导入任何内容" in refused.text
    forced = planner.post(
        "/plans/1/monitoring/import-values",
        data={
            "step": "apply",
            "payload": _hidden(refused.text, "payload") if "payload" in refused.text else "",
            "filename": "bad.xlsx",
        },
    )
    assert forced.status_code == 400
    assert _counts(server) == (15, 0, 15)

    good = city.write_observations(tmp_path / "good.xlsx").read_bytes()
    preview = planner.post(
        "/plans/1/monitoring/import-values",
        files={"file": ("good.xlsx", good, XLSX)},
        data={"step": "preview"},
    )
    assert preview.status_code == 200 and "可录入 13 个数值" in preview.text
    applied = planner.post(
        "/plans/1/monitoring/import-values",
        data={"step": "apply", "payload": _hidden(preview.text, "payload"), "filename": "good.xlsx"},
    )
    assert applied.status_code == 200 and "新增 13 个" in applied.text
    assert _counts(server)[:2] == (15, 13)

    statuses = planner.get("/api/v1/plans/1/monitoring").json()["indicators"]
    by_name = {r["name"]: r["status"]["status_name"] for r in statuses}
    assert by_name["全员劳动生产率增长"] == "进展顺利"
    assert by_name["能源综合生产能力"] == "无法评估"
    assert by_name["城镇新增就业"] == "进展顺利"  # 2027: 5.3 of 5.2 due
    listing = planner.get("/plans/1/monitoring")
    assert "无法评估" in listing.text and "需加快" in listing.text


def test_json_twins_preview_apply_and_refuse(server: Any, planner: Any, tmp_path: Path) -> None:
    xlsx = city.write_xlsx(tmp_path / "t.xlsx").read_bytes()
    preview = planner.post("/api/v1/plans/1/monitoring/import-table", files={"file": ("t.xlsx", xlsx, XLSX)})
    assert preview.status_code == 200
    body = preview.json()
    assert body["ok"] and body["counts"] == {"rows": 15, "create": 15, "skip": 0, "error": 0}
    assert _counts(server) == (0, 0, 0)

    # a table with bad rows: 400, every bad row named, nothing created
    import openpyxl

    workbook = openpyxl.load_workbook(tmp_path / "t.xlsx")
    sheet = workbook.active
    sheet["E5"] = "较快增长"  # 地区生产总值增长's 年均 cell
    sheet["B6"] = None  # a row without a name
    workbook.save(tmp_path / "bad.xlsx")
    refused = planner.post(
        "/api/v1/plans/1/monitoring/import-table",
        files={"file": ("bad.xlsx", (tmp_path / "bad.xlsx").read_bytes(), XLSX)},
        data={"apply": "true"},
    )
    assert refused.status_code == 400
    problems = refused.json()["problems"]
    assert {p["where"] for p in problems} == {"第5行", "第6行"}
    assert any("不是可识别的目标值" in p["reason"] and p["column"].startswith("E列") for p in problems)
    assert _counts(server) == (0, 0, 0)

    applied = planner.post(
        "/api/v1/plans/1/monitoring/import-table",
        files={"file": ("t.xlsx", xlsx, XLSX)},
        data={"apply": "true"},
    )
    assert applied.status_code == 201 and len(applied.json()["created"]) == 15

    csv = city.write_observations(tmp_path / "o.csv", bad=True).read_bytes()
    refused = planner.post(
        "/api/v1/plans/1/monitoring/import-values",
        files={"file": ("o.csv", csv, "text/csv")},
        data={"apply": "true"},
    )
    assert refused.status_code == 400 and {p["where"] for p in refused.json()["problems"]} == {
        "第3行",
        "第13行",
    }
    assert _counts(server)[1] == 0
    good = city.write_observations(tmp_path / "g.csv").read_bytes()
    done = planner.post(
        "/api/v1/plans/1/monitoring/import-values",
        files={"file": ("g.csv", good, "text/csv")},
        data={"apply": "true"},
    )
    assert done.status_code == 201 and done.json()["added"] == 13


def test_add_edit_remove_and_record(
    server: Any, planner: Any, create_user_in: Callable[..., Any], log_in_to: Callable[..., Any]
) -> None:
    # bad input: every problem in Chinese, nothing stored
    bad = planner.post(
        "/plans/1/monitoring/indicators/new",
        data={"name": "", "target": "较快增长", "target_year": "20x0", "csrf_token": planner.csrf_token},
    )
    assert bad.status_code == 400
    assert "指标名称：不能为空" in bad.text and "“20x0”不是四位年份" in bad.text
    assert _counts(server) == (0, 0, 0)
    refused = planner.post(
        "/api/v1/plans/1/monitoring/indicators", json={"name": "研发投入", "target": "较快增长"}
    )
    assert refused.status_code == 400 and refused.json()["problems"][0]["label"] == "目标值"

    made = planner.post(
        "/plans/1/monitoring/indicators/new",
        data={
            "name": "地区生产总值增长",
            "unit": "%",
            "baseline": "5.5",
            "target": "5左右",
            "mode": "annual",
            "attribute": "预期性",
        },
    )
    assert made.status_code == 303
    gdp_id = int(made.headers["location"].split("/")[-1].split("?")[0])
    income = planner.post(
        "/api/v1/plans/1/monitoring/indicators",
        json={"name": "居民人均可支配收入增长", "unit": "%", "target": "与经济增长同步"},
    )
    assert income.status_code == 201
    assert (income.json()["target_kind"], income.json()["relation_to"]) == ("relative", "经济增长")
    income_id = income.json()["id"]

    # optimistic locking: a stale revision is refused on the page and in the twin
    form = planner.get(f"/api/v1/plans/1/monitoring/indicators/{gdp_id}/edit")
    revision = form.json()["indicator"]["revision"]
    assert form.headers["etag"] == f'"{revision}"'
    values = form.json()["values"]
    saved = planner.post(
        f"/plans/1/monitoring/indicators/{gdp_id}/edit",
        data={**values, "target": "5.5左右", "base": revision},
    )
    assert saved.status_code == 303
    stale = planner.post(
        f"/plans/1/monitoring/indicators/{gdp_id}/edit", data={**values, "target": "6左右", "base": revision}
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    stale_api = planner.put(
        f"/api/v1/plans/1/monitoring/indicators/{gdp_id}",
        json={**values, "target": "6左右"},
        headers={"If-Match": f'"{revision}"'},
    )
    assert stale_api.status_code == 409
    current = planner.get(f"/api/v1/plans/1/monitoring/indicators/{gdp_id}/edit").json()["indicator"]
    assert current["target_value"] == 5.5

    # values: a bad one is refused in Chinese, good ones recorded and judged
    bad_value = planner.post(
        f"/plans/1/monitoring/indicators/{gdp_id}/values", data={"period": "2026", "value": "很多"}
    )
    assert bad_value.status_code == 400 and "不是数字" in bad_value.text
    assert _counts(server)[1] == 0
    ok = planner.post(
        f"/plans/1/monitoring/indicators/{gdp_id}/values",
        data={"period": "2026", "value": "5.2", "source": "统计公报"},
    )
    assert ok.status_code == 303
    twin = planner.post(
        f"/api/v1/plans/1/monitoring/indicators/{income_id}/values", json={"period": "2026", "value": 5.4}
    )
    assert twin.status_code == 201
    page = planner.get(f"/plans/1/monitoring/indicators/{income_id}")
    assert "进展顺利" in page.text and "参照“地区生产总值增长”" in page.text

    # others may look but not change; a post without the CSRF token is refused
    viewer = log_in_to(server.url, *create_user_in(server.db_url, "viewer"))
    assert viewer.get("/plans/1/monitoring/indicators/new").status_code == 403
    assert viewer.post("/api/v1/plans/1/monitoring/indicators", json={"name": "x"}).status_code == 403
    assert viewer.delete(f"/api/v1/plans/1/monitoring/indicators/{gdp_id}").status_code == 403
    assert (
        planner.post(
            "/api/v1/plans/1/monitoring/indicators", json={"name": "y"}, headers={"X-CSRF-Token": ""}
        ).status_code
        == 403
    )

    # removal: a stale revision is refused, the current one removes it (audited)
    assert (
        planner.delete(
            f"/api/v1/plans/1/monitoring/indicators/{gdp_id}", headers={"If-Match": f'"{revision}"'}
        ).status_code
        == 409
    )
    now = planner.get(f"/api/v1/plans/1/monitoring/indicators/{gdp_id}/edit").json()["indicator"]["revision"]
    gone = planner.post(f"/plans/1/monitoring/indicators/{gdp_id}/delete", data={"base": now})
    assert gone.status_code == 303
    assert planner.get(f"/plans/1/monitoring/indicators/{gdp_id}").status_code == 404
    removed = planner.delete(f"/api/v1/plans/1/monitoring/indicators/{income_id}")
    assert removed.status_code == 200
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            actions = list(
                session.scalars(select(AuditRow.action).where(AuditRow.action.like("indicator.%")))
            )
    finally:
        engine.dispose()
    assert actions.count("indicator.add") == 2 and actions.count("indicator.remove") == 2
    assert "indicator.update" in actions


# A plan whose 主要目标 set numeric targets for 2030: each is a candidate indicator. (The Dalian
# recommendation sets none; its figures are past results, which are no indicators.)
TARGETS_PLAN = """大连市生态环境保护专项规划（2026—2030年）

一、总体要求
（一）主要目标。到2030年，全市地区生产总值达到1.2万亿元，研发投入强度达到3.5%，森林覆盖率达到45%，\
城镇新增就业每年10万人以上，空气优良天数比例达到90%。
二、重点任务
（二）推进绿色发展。加快建设美丽大连，推动海洋生态保护修复。
"""


def test_pick_indicators_from_the_plan(
    start_server: Callable[..., Any], create_user_in: Callable[..., Any], log_in_to: Callable[..., Any]
) -> None:
    server = start_server()
    planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
    document = TARGETS_PLAN.encode("utf-8")
    imported = planner.post("/api/v1/imports", files={"file": ("plan.txt", document, "text/plain")})
    assert imported.status_code == 201, imported.text[:300]
    listing = planner.get("/plans/1/monitoring/from-plan")
    assert listing.status_code == 200 and 'type="checkbox"' in listing.text
    twin = planner.get("/api/v1/plans/1/monitoring/from-plan").json()
    names = [c["name"] for c in twin["candidates"]]
    assert {"地区生产总值", "研发投入强度", "森林覆盖率", "空气优良天数比例"} <= set(names)
    assert "checked" not in listing.text.split("<tbody>")[1].split("</tbody>")[0]  # none picked for the user

    none = planner.post("/plans/1/monitoring/from-plan", data={})
    assert none.status_code == 400 and "没有选择任何指标" in none.text
    unknown = planner.post("/api/v1/plans/1/monitoring/from-plan", json={"names": ["不存在的指标"]})
    assert unknown.status_code == 400 and "不在可创建的列表中" in unknown.json()["error"]
    assert _counts(server) == (0, 0, 0)

    picked = planner.post("/plans/1/monitoring/from-plan", data={"name": names[:2]})
    assert picked.status_code == 200 and "已创建 2 个指标" in picked.text
    assert _counts(server)[0] == 2
    again = planner.get("/api/v1/plans/1/monitoring/from-plan").json()
    assert names[0] not in [c["name"] for c in again["candidates"]]
    more = planner.post("/api/v1/plans/1/monitoring/from-plan", json={"names": [names[2]]})
    assert more.status_code == 201 and [c["name"] for c in more.json()["created"]] == [names[2]]


def test_pages_need_a_planner(server: Any, anon_client_for: Any = None) -> None:
    with httpx.Client(base_url=server.url) as anonymous:
        for path in ("/plans/1/monitoring/import-table", "/plans/1/monitoring/from-plan"):
            assert anonymous.get(path).status_code in (303, 401, 403)
        assert anonymous.post("/api/v1/plans/1/monitoring/indicators", json={"name": "x"}).status_code in (
            401,
            403,
        )


def test_every_page_link_to_json_answers(server: Any, planner: Any) -> None:
    for path in (
        "/plans/1/monitoring/indicators/new",
        "/plans/1/monitoring/import-table",
        "/plans/1/monitoring/import-values",
        "/plans/1/monitoring/from-plan",
    ):
        page = planner.get(path)
        assert page.status_code == 200, path
        twin = re.search(r'<a href="(/api/v1/[^"]+)"', page.text)
        assert twin, path
        answer = planner.get(twin.group(1))
        assert answer.status_code == 200 and answer.json()["plan"]["id"] == 1, twin.group(1)
