"""``planwatch observe run|list|accept|reject`` as a user runs it: real processes, real files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from builders import make_docx
from cli_inprocess import run_planwatch
from planwatch.services.monitoring.build import IndicatorFields
from planwatch.services.monitoring.indicators import add_indicator
from planwatch.services.plans.analyze import analyze_bytes
from planwatch.services.plans.records import import_analysis
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.migrate import upgrade

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
REPORT_2024 = CORPUS / "national-government-work-report-2024.txt"
REPORT_2023 = CORPUS / "national-government-work-report-2023.txt"
INDICATORS = [
    ("国内生产总值增长率", "%"),
    ("国内生产总值", "亿元"),
    ("城镇新增就业", "万人"),
    ("城镇调查失业率", "%"),
    ("居民消费价格涨幅", "%"),
    ("研发经费投入强度", "%"),
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_planwatch(*args)


def _ok(*args: str) -> subprocess.CompletedProcess[str]:
    r = _run(*args)
    assert r.returncode == 0, (r.stdout, r.stderr)
    return r


def _json(*args: str) -> Any:
    return json.loads(_ok(*args, "--format", "json").stdout)


def _sql(db: str, query: str) -> list[tuple[Any, ...]]:
    engine = create_engine(db)
    try:
        with engine.connect() as c:
            return [tuple(r) for r in c.execute(text(query))]
    finally:
        engine.dispose()


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A small plan with the indicators the work reports have figures for (set up in-process; the
    commands under test run as processes)."""
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    text_ = "测试规划\n\n一、主要目标\n\n到2030年，地区生产总值达到1万亿元。\n"
    engine = make_engine(url)
    try:
        upgrade(engine)
        with transaction(engine) as session:
            plan = import_analysis(
                session, analyze_bytes(text_.encode(), "plan.txt", Settings()), "测试规划"
            ).plan
            for name, unit in INDICATORS:
                add_indicator(session, plan, IndicatorFields(name=name, unit=unit), by="pytest")
    finally:
        engine.dispose()
    return url


def test_run_list_accept_reject(db: str) -> None:
    r = _ok("observe", "run", "测试规划", str(REPORT_2024), "--db", db, "--user", "张三")
    assert "新增待审核数据（5 条）" in r.stdout
    assert "研发经费投入强度" in r.stdout.split("文件中没有数字的指标")[1]
    assert "5G用户普及率" in r.stdout
    assert _sql(db, "select count(*) from observations") == [(0,)]

    listed = _json("observe", "list", "测试规划", "--db", db)
    rows = {p["indicator"]["name"]: p for p in listed["proposals"]}
    assert {n: (p["value"], p["period"]) for n, p in rows.items()} == {
        "国内生产总值": (1260000, "2023"),
        "国内生产总值增长率": (5.2, "2023"),
        "城镇新增就业": (1244, "2023"),
        "城镇调查失业率": (5.2, "2023"),
        "居民消费价格涨幅": (0.2, "2023"),
    }
    gdp = rows["国内生产总值"]
    r = _ok(
        "observe", "accept", "测试规划", str(gdp["id"]), "--value", "1260582", "--user", "李四", "--db", db
    )
    assert "已采纳（已修改）：国内生产总值 2023 = 1260582亿元" in r.stdout
    r = _ok("observe", "reject", "测试规划", str(rows["居民消费价格涨幅"]["id"]), "--db", db)
    assert "已驳回" in r.stdout
    assert _sql(db, "select period, value, source from observations") == [
        ("2023", 1260582.0, REPORT_2024.name)
    ]
    assert _sql(db, f"select status, reviewed_by from observation_proposals where id = {gdp['id']}") == [
        ("accepted", "李四")
    ]

    again = _run("observe", "reject", "测试规划", str(gdp["id"]), "--db", db)
    assert again.returncode == 2 and "已采纳" in again.stderr and "Traceback" not in again.stderr
    missing = _run("observe", "accept", "测试规划", "9999", "--db", db)
    assert missing.returncode == 2 and "9999" in missing.stderr

    rerun = _json("observe", "run", "测试规划", str(REPORT_2024), "--db", db)
    assert rerun["created"] == [] and len(rerun["already_proposed"]) == 5
    assert _sql(db, "select count(*) from observation_proposals") == [(5,)]


def test_accept_above_and_year(db: str) -> None:
    result = _json("observe", "run", "测试规划", str(REPORT_2023), "--accept-above", "0.95", "--db", db)
    accepted = {p["indicator"]["name"]: p for p in result["accepted"]}
    assert accepted and all(p["period"] == "2022" for p in accepted.values())
    assert accepted["城镇新增就业"]["accepted_value"] == 1206
    assert "研发经费投入强度" not in accepted  # 0.87: a five-year review's end level, left for review
    stored = _sql(db, "select count(*) from observations")[0][0]
    assert stored == len(accepted)
    pending = _json("observe", "list", "测试规划", "--status", "pending", "--db", db)
    assert {p["indicator"]["name"] for p in pending["proposals"]} >= {"研发经费投入强度"}
    none = _json("observe", "run", "测试规划", str(REPORT_2024), "--year", "2024", "--db", db)
    assert none["created"] == [] and none["document"]["targets_skipped"] > 0


def test_a_docx_bulletin(db: str, tmp_path: Path) -> None:
    path = make_docx(
        [
            "2023年国民经济和社会发展统计公报",
            "一、综合",
            "全年全市地区生产总值8752.9亿元，比上年增长6.7%。全年城镇新增就业12.3万人。",
            "全年研究与试验发展经费支出占地区生产总值比重为2.8%。",
        ],
        tmp_path / "公报.docx",
        headings={0: 1, 1: 2},
    )
    result = _json("observe", "run", "测试规划", str(path), "--db", db)
    got = {p["indicator"]["name"]: (p["value"], p["period"]) for p in result["created"]}
    assert got == {
        "国内生产总值": (8752.9, "2023"),
        "国内生产总值增长率": (6.7, "2023"),
        "城镇新增就业": (12.3, "2023"),
        "研发经费投入强度": (2.8, "2023"),
    }
    assert result["document"]["format"] == "docx"


def test_failed_runs_change_nothing(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "坏.pdf"
    bad.write_bytes(b"%PDF-1.4\n%%EOF")
    before = _sql(db, "select count(*) from audit_log")
    r = _run("observe", "run", "测试规划", str(bad), "--db", db)
    assert r.returncode == 2 and "PDF" in r.stderr and "Traceback" not in r.stderr
    r = _run("observe", "run", "测试规划", str(tmp_path / "无此文件.txt"), "--db", db)
    assert r.returncode == 2 and "找不到文件" in r.stderr
    r = _run("observe", "run", "测试规划", str(REPORT_2024), "--accept-above", "2", "--db", db)
    assert r.returncode == 2 and "--accept-above" in r.stderr
    assert _sql(db, "select count(*) from observation_proposals") == [(0,)]
    assert _sql(db, "select count(*) from audit_log") == before
