"""``planwatch issuer`` and ``planwatch analyze`` as a user runs them: the issuer read from the file,
corrected per plan, back to the default; bad input refused with nothing changed."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_inprocess import run_planwatch

REPORT = """政府工作报告
——2026年1月20日在辽宁省第十四届人民代表大会第五次会议上
辽宁省人民政府省长 某某
各位代表：
一、2026年重点工作
（一）扩大有效投资。实施1000个省重点项目，扩大有效投资。推进学前教育普惠发展。
（二）加强自身建设。自觉接受人大依法监督、政协民主监督。
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_planwatch(*args)


@pytest.fixture
def db(new_db_url: Callable[[str], str], tmp_path: Path) -> str:
    url = new_db_url("issuer")
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    r = run("import", str(path), "--db", url)
    assert r.returncode == 0, r.stderr
    return url


def test_analyze_prints_the_issuer(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    r = run("analyze", str(path))
    assert r.returncode == 0, r.stderr
    assert "发文机关：辽宁省（省级），依据“辽宁省人民政府省长" in r.stdout
    assert "部门目录：按省级通用目录生成辽宁省的部门" in r.stdout
    data = json.loads(run("analyze", str(path), "--format", "json").stdout)
    assert data["document"]["issuer"]["name"] == "辽宁省"
    assert data["document"]["issuer"]["level"] == "provincial"


def test_show_set_and_reset_the_issuer(db: str) -> None:
    r = run("issuer", "1", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "发文机关：辽宁省（省级）" in r.stdout and "73 个单位" in r.stdout
    r = run("issuer", "1", "--set", "长海县", "--user", "alice", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "发文机关：长海县（县级）" in r.stdout and "人工设置：alice" in r.stdout
    info = json.loads(run("issuer", "1", "--format", "json", "--db", db).stdout)
    assert info["override"]["issuer_name"] == "长海县" and info["issuer"]["source"] == "override"
    r = run("issuer", "1", "--reset", "--db", db)
    assert r.returncode == 0 and "发文机关：辽宁省（省级）" in r.stdout


def test_bad_input_is_refused_and_nothing_changes(db: str) -> None:
    before = run("issuer", "1", "--format", "json", "--db", db).stdout
    for args, words in (
        (("--set", "某某"), "无法从“某某”判断发文机关层级"),
        (("--catalogue", "configured"), "还没有加载部门目录"),
        (("--set", "四川省", "--level", "city"), "层级“city”无效"),
        (("--reset", "--set", "四川省"), "--reset 不能与"),
    ):
        r = run("issuer", "1", *args, "--db", db)
        assert r.returncode != 0 and words in r.stderr, (args, r.stderr)
    assert run("issuer", "1", "--format", "json", "--db", db).stdout == before
