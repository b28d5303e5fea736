"""落实佐证覆盖情况 over real HTTP: the page with its basis switch, the JSON twin, the workbook opened
back with openpyxl, a decision made afterwards showing at the next request, and bad requests."""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterator

import httpx
import openpyxl
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import Engine

from evidence_fixture import CAR, CONFIRMED_SENTENCE, SEWAGE, full_fixture, write_files
from planwatch.services.evidence.sources import decide
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import import_analysis, load_plan
from planwatch.settings import Settings
from planwatch.store.engine import transaction


@pytest.fixture(scope="module")
def plans(live_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """Two plans on the shared server: the small plan with its evidence, and the same plan without any."""
    folder = tmp_path_factory.mktemp("evidence")
    name = f"佐证覆盖{secrets.token_hex(3)}"
    ids = full_fixture(live_engine, folder, name)
    bare_file = folder / "bare.txt"  # other bytes: the same file would be the same plan
    bare_file.write_text(write_files(folder)[0].read_text("utf-8") + "三、其他\n", encoding="utf-8")
    with transaction(live_engine) as session:
        bare = import_analysis(session, analyze_path(bare_file, Settings()), f"{name}-无来源").plan.id
        pid = load_plan(session, name).plan.id
    yield {"name": name, "id": pid, "bare": bare, "ids": ids}


def _matrix_total(html: str) -> list[str]:
    page = BeautifulSoup(html, "lxml")
    table = page.find("table", id="coverage-matrix")
    assert table is not None and table.caption is not None
    return [c.get_text(strip=True) for c in table.tfoot.find_all(["th", "td"])]


def test_page_with_basis_switch(anon_client: httpx.Client, plans: dict[str, object]) -> None:
    pid = plans["id"]
    page = anon_client.get(f"/plans/{pid}/evidence/coverage")
    assert page.status_code == 200 and "落实佐证覆盖情况" in page.text, page.headers
    assert _matrix_total(page.text) == [
        "合计",
        "5",
        "20.0%（1/5）",
        "20.0%（1/5）",
        "40.0%（2/5）",
        "已部署 1，已报告 1",
    ]
    soup = BeautifulSoup(page.text, "lxml")
    assert soup.find("select", id="basis").find("option", selected=True)["value"] == "confirmed"
    json_link = soup.find("a", class_="json")
    assert json_link["href"] == f"/api/v1/plans/{pid}/evidence/coverage?basis=confirmed"
    assert soup.find("a", id="evidence-xlsx")["href"] == f"/plans/{pid}/evidence/coverage.xlsx"
    never = soup.find("section", attrs={"aria-labelledby": "never-h"})
    assert never.h2.get_text() == "尚无已确认佐证的任务（3 项）"
    assert never.find("a", href=f"/plans/{pid}/tasks/{SEWAGE}/evidence") is not None
    assert never.find("a", href=f"/plans/{pid}/tasks/{SEWAGE}") is not None
    done = soup.find("table", id="done-without-trace")
    assert "2 项" in done.caption.get_text() and SEWAGE in done.tbody.get_text()
    assert "12.5" in soup.find("table", id="indicator-figures").get_text()
    assert "建成、投产" in soup.find("table", id="milestones").get_text()

    proposed = anon_client.get(f"/plans/{pid}/evidence/coverage", params={"basis": "proposed"})
    assert _matrix_total(proposed.text)[-2:] == ["80.0%（4/5）", "已报告 4"]
    assert "从未被提及的任务（1 项）" in proposed.text

    bad = anon_client.get(f"/plans/{pid}/evidence/coverage", params={"basis": "all"})
    assert bad.status_code == 400 and "统计口径“all”无效" in bad.text
    assert anon_client.get("/plans/999999/evidence/coverage").status_code == 404


def test_plan_without_sources_says_how_to_attach(anon_client: httpx.Client, plans: dict[str, object]) -> None:
    page = anon_client.get(f"/plans/{plans['bare']}/evidence/coverage")
    note = BeautifulSoup(page.text, "lxml").find(id="no-sources")
    assert page.status_code == 200 and note is not None and "planwatch evidence attach" in note.get_text()
    data = anon_client.get(f"/api/v1/plans/{plans['bare']}/evidence/coverage").json()
    assert data["sources"] == [] and data["coverage"]["never_count"] == 5


def test_json_twin_follows_a_decision(
    anon_client: httpx.Client, live_engine: Engine, plans: dict[str, object]
) -> None:
    pid, name = plans["id"], str(plans["name"])
    url = f"/api/v1/plans/{pid}/evidence/coverage"
    data = anon_client.get(url, params={"basis": "proposed"}).json()
    assert data["basis"] == "proposed" and data["basis_name"] == "含待确认"
    assert data["years"] == [2026, 2027] and [s["year"] for s in data["sources"]] == [2026, 2027]
    assert data["coverage"]["total"]["all"]["taken"] == 4
    assert data["links"]["xlsx"] == f"/api/v1/plans/{pid}/evidence/coverage.xlsx"
    assert anon_client.get(url, params={"basis": "x"}).status_code == 400

    before = anon_client.get(url).json()["coverage"]["total"]["all"]["taken"]
    ids = plans["ids"]
    assert isinstance(ids, dict)
    with transaction(live_engine) as session:
        decide(session, name, ids[(CAR, 2026)], "confirmed", by="王五")
    after = anon_client.get(url).json()["coverage"]
    assert (before, after["total"]["all"]["taken"]) == (2, 3)
    with transaction(live_engine) as session:  # back as the other tests expect it
        decide(session, name, ids[(CAR, 2026)], "proposed", by="王五")


@pytest.mark.parametrize("prefix", ["", "/api/v1"])
def test_workbook_opened_back(anon_client: httpx.Client, plans: dict[str, object], prefix: str) -> None:
    reply = anon_client.get(f"{prefix}/plans/{plans['id']}/evidence/coverage.xlsx")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "filename*=UTF-8''" in reply.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(reply.content))
    assert book.sheetnames == ["覆盖矩阵", "逐条佐证", "从未提及", "佐证与进展对照", "指标数据", "项目节点"]
    matrix = book["覆盖矩阵"]
    assert matrix.freeze_panes == "A4" and matrix.auto_filter.ref.startswith("A3:")
    assert matrix.page_setup.orientation == "landscape"
    header = [c.value for c in matrix[3]]
    assert header[:6] == [
        "规划部分",
        "任务数",
        "2026年涉及任务",
        "2026年占比",
        "2027年涉及任务",
        "2027年占比",
    ]
    totals = [[c.value for c in row] for row in matrix.iter_rows(min_row=4) if row[0].value == "合计"]
    assert totals[0][:2] == ["合计", 5] and totals[0][6:8] == [2, "40.0%"]  # 已确认口径 first
    assert totals[1][6:8] == [4, "80.0%"]
    rows = [[c.value for c in row] for row in book["逐条佐证"].iter_rows(min_row=4)]
    confirmed = next(r for r in rows if r[8] == CONFIRMED_SENTENCE)
    assert confirmed[1] == "p2.s1.t1" and confirmed[4] == 2026 and confirmed[5] == "已报告"
    assert confirmed[9] == "已确认" and confirmed[10] == "张三" and len(rows) == 6
    never = [r[1].value for r in book["从未提及"].iter_rows(min_row=4) if r[1].value]
    assert never.count(SEWAGE) == 2  # on both bases
    figures = [[c.value for c in row] for row in book["指标数据"].iter_rows(min_row=3)]
    assert figures[0][:5] == ["指标", "单位", "2026年", "2027年", "2028年"]
    assert figures[1][:5] == ["城镇新增就业", "万人", 12.5, 13, 3]
    milestones = [[c.value for c in row] for row in book["项目节点"].iter_rows(min_row=4)]
    assert milestones[0][1] == CAR and milestones[0][3] == "建成、投产"
    cross = "\n".join(str(c.value) for row in book["佐证与进展对照"].iter_rows(min_row=4) for c in row)
    assert "填报已完成或已销号、但无文件佐证（2 项）" in cross
