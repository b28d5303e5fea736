"""``planwatch evidence attach|list|show|confirm|dismiss|undo|remove`` as a user runs them: real
processes, the real 2023/2024 national work reports, a real database (issue 19)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cli_inprocess import run_planwatch
from planwatch.services.admin import audit
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import import_analysis
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.migrate import upgrade
from strict import missing

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
REPORT_2023 = CORPUS / "national-government-work-report-2023.txt"
REPORT_2024 = CORPUS / "national-government-work-report-2024.txt"
GRAIN = "p2.s6.t2"


@pytest.fixture(scope="module")
def db(session_db_url: Any) -> str:
    if not REPORT_2024.is_file():
        missing(f"the shared corpus is not at {CORPUS}")
    url: str = session_db_url("evidence-cli")
    engine = make_engine(url)
    try:
        upgrade(engine)
        with transaction(engine) as session:
            import_analysis(session, analyze_path(REPORT_2023, Settings()), "2023年报告")
            import_analysis(session, analyze_path(REPORT_2024, Settings()), "2024年报告")
    finally:
        engine.dispose()
    return url


def _run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_planwatch("evidence", *args, env={"PLANWATCH_DB_URL": db})


def _json(db: str, *args: str) -> Any:
    done = _run(db, *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _entries(db: str, action: str) -> list[Any]:
    engine = make_engine(db)
    try:
        with transaction(engine) as session:
            return audit.entries(session, audit.make_filter(action=action), limit=None)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def attached(db: str) -> dict[str, Any]:
    (done,) = _json(db, "attach", "2023年报告", str(REPORT_2024), "--user", "张三")
    assert done["year"] == 2024 and done["kind"] == "file" and done["matches"] > 50
    return dict(done)


def test_list_and_show(db: str, attached: dict[str, Any]) -> None:
    listed = _run(db, "list", "2023年报告")
    assert listed.returncode == 0 and REPORT_2024.name in listed.stdout and "承接" in listed.stdout
    data = _json(db, "list", "2023年报告")
    assert data["sources"][0]["counts"]["proposed"] == attached["matches"]
    timeline = _json(db, "show", "2023年报告", GRAIN)
    grain = next(e for y in timeline["years"] for e in y["evidence"] if "千亿斤" in e["sentence"])
    table = _run(db, "show", "2023年报告", GRAIN)
    assert table.returncode == 0 and str(grain["id"]) in table.stdout and "报告" in table.stdout
    by_source = _json(db, "show", "2023年报告", "--source", str(attached["id"]), "--kind", "reported")
    assert grain["id"] in {m["id"] for m in by_source["matches"]}
    assert {m["kind"] for m in by_source["matches"]} == {"reported"}


def test_confirm_dismiss_undo_are_audited(db: str, attached: dict[str, Any]) -> None:
    timeline = _json(db, "show", "2023年报告", GRAIN)
    ids = [e["id"] for y in timeline["years"] for e in y["evidence"]]
    done = _run(db, "confirm", "2023年报告", str(ids[0]), "--user", "张三")
    assert done.returncode == 0 and f"已确认佐证匹配 {ids[0]}" in done.stdout
    assert _run(db, "dismiss", "2023年报告", str(ids[1]), "--user", "李四").returncode == 0
    after = _json(db, "show", "2023年报告", GRAIN)
    assert after["confirmed"] == 1 and after["dismissed"] == 1
    assert _run(db, "undo", "2023年报告", str(ids[0]), str(ids[1]), "--user", "张三").returncode == 0
    assert _json(db, "list", "2023年报告")["summary"]["confirmed"] == 0
    assert [e.username for e in _entries(db, "evidence.confirm")] == ["张三"]
    assert [e.username for e in _entries(db, "evidence.dismiss")] == ["李四"]
    assert len(_entries(db, "evidence.reset")) == 2 and _entries(db, "evidence.attach")


BAD = [
    # the stored 2024 report has the bytes of the file attached already
    (("attach", "2023年报告", "2024年报告"), "已作为佐证来源"),
    (("attach", "2023年报告", "2023年报告"), "就是该规划本身"),
    (("attach", "2023年报告", "没有这个文件.txt"), "既不是已有的文件"),
    (("attach", "2023年报告", str(REPORT_2024), "--threshold", "3"), "阈值"),
    (("attach", "2023年报告", str(REPORT_2024), "--year", "30000"), "年份"),
    (("confirm", "2023年报告", "999999"), "没有编号为 999999"),
    (("remove", "2023年报告", "999999"), "没有编号为 999999"),
    (("show", "2023年报告"), "二者选一"),
    (("show", "2023年报告", "p99.t99"), "没有任务“p99.t99”"),
    (("show", "2023年报告", "--source", "1", "--kind", "rumour"), "佐证类型"),
    (("list", "2023年报告", "--format", "xml"), "输出格式"),
    (("list", "没有这个规划"), "没有这个规划"),
]


@pytest.mark.parametrize(
    ("args", "message"), BAD, ids=[" ".join(a[:1]) + f"-{k}" for k, (a, _) in enumerate(BAD)]
)
def test_bad_input_exits_2_in_chinese_and_changes_nothing(
    db: str, attached: dict[str, Any], args: tuple[str, ...], message: str
) -> None:
    done = _run(db, *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert message in done.stderr
    sources = _json(db, "list", "2023年报告")["sources"]
    assert [s["id"] for s in sources] == [attached["id"]]


def test_remove_takes_the_matches_along(db: str, attached: dict[str, Any]) -> None:
    gone = _run(db, "remove", "2023年报告", str(attached["id"]), "--user", "张三")
    assert gone.returncode == 0 and f"已移除佐证来源 {attached['id']}" in gone.stdout
    assert _json(db, "list", "2023年报告")["sources"] == []
    assert _entries(db, "evidence.remove")[0].before["matches"] == attached["matches"]
