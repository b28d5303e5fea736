"""``planwatch indicators`` as a user runs it: real processes, real .docx/.xlsx/.csv files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from cli_inprocess import run_planwatch


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_planwatch(*args, cwd=cwd)


@pytest.fixture(scope="module")
def template(session_db_url: Any) -> str:
    """A database with the embedded Dalian plan imported once (plan #1), copied for each test."""
    url: str = session_db_url("template")
    r = _run("import", "--db", url)
    assert r.returncode == 0, r.stderr
    return url


@pytest.fixture
def db(template: str, new_db_url: Any) -> str:
    copy: str = new_db_url.copy_of(template, "plan")
    return copy


def _sql(db: str, query: str) -> list[tuple[Any, ...]]:
    engine = create_engine(db)
    try:
        with engine.connect() as c:
            return [tuple(r) for r in c.execute(text(query))]
    finally:
        engine.dispose()


def _listed(db: str) -> dict[str, dict[str, Any]]:
    r = _run("indicators", "list", "1", "--format", "json", "--db", db)
    assert r.returncode == 0, r.stderr
    return {i["name"]: i for i in json.loads(r.stdout)}


def _clean_error(r: subprocess.CompletedProcess[str]) -> None:
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and "内部错误" not in r.stderr, r.stderr


# -- files ------------------------------------------------------------------------------------------


def _docx(path: Path, rows: list[list[str]], merge: tuple[int, int, int] | None = None) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("大连市国民经济和社会发展第十五个五年规划主要指标", level=1)
    document.add_paragraph("表1  “十五五”时期经济社会发展主要指标")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    if merge is not None:
        col, first, last = merge
        keep = table.cell(first, col).text
        table.cell(first, col).merge(table.cell(last, col)).text = keep
    document.add_paragraph("注：〔〕内为五年累计数。")
    document.save(str(path))
    return path


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    import openpyxl  # type: ignore[import-untyped]

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(str(path))
    return path


DOCX_ROWS = [
    ["序号", "类别", "指标名称", "计量单位", "基期值（2025年）", "目标值(2030)", "年均/累计", "属性"],
    ["1", "经济发展", "地区生产总值增长", "%", "5.2", "5%左右", "年均", "预期性"],
    ["2", "", "常住人口城镇化率", "%", "82.6", "[84,85]", "", "预期性"],
    ["3", "", "城镇调查失业率", "%", "4.9", "＜5.5", "", "预期性"],
    ["4", "绿色生态", "森林覆盖率", "%", "41.2", "42%以上", "", "约束性"],
    ["5", "", "单位地区生产总值能源消耗降低", "%", "—", "〔13.5〕", "累计", "约束性"],
]


# -- tests ------------------------------------------------------------------------------------------


def test_help_is_bilingual() -> None:
    r = _run("indicators", "--help")
    assert r.returncode == 0
    assert "指标体系" in r.stdout and "Indicators" in r.stdout
    for command in ("list", "show", "from-quantities", "import", "add", "observe", "record", "sample"):
        assert command in r.stdout


def test_import_docx_indicator_table_with_header_variants(db: str, tmp_path: Path) -> None:
    path = _docx(tmp_path / "主要指标表.docx", DOCX_ROWS, merge=(1, 1, 3))
    r = _run("indicators", "import", "1", str(path), "--db", db, "--user", "规划处")
    assert r.returncode == 0, r.stderr
    assert "读取 5 个指标行，导入 5 个" in r.stdout
    listed = _listed(db)
    gdp = listed["地区生产总值增长"]
    assert (gdp["baseline_value"], gdp["baseline_year"], gdp["target_value"], gdp["target_year"]) == (
        5.2,
        2025,
        5.0,
        2030,
    )
    assert (gdp["target_kind"], gdp["category"], gdp["attribute"]) == ("about", "经济发展", "预期性")
    assert listed["城镇调查失业率"]["category"] == "经济发展"  # from the merged 类别 cell
    assert listed["城镇调查失业率"]["direction"] == "decrease"
    assert listed["常住人口城镇化率"]["target_value_max"] == 85.0
    forest = listed["森林覆盖率"]
    assert (forest["attribute"], forest["target_kind"], forest["category"]) == (
        "约束性",
        "at_least",
        "绿色生态",
    )
    energy = listed["单位地区生产总值能源消耗降低"]
    assert energy["cumulative"] is True and energy["baseline_value"] is None
    audit = _sql(db, "SELECT username, action FROM audit_log WHERE action LIKE 'indicator.%'")
    assert audit == [("规划处", "indicator.import")] * 5

    again = _run("indicators", "import", "1", str(path), "--db", db)
    assert again.returncode == 0 and "导入 0 个，已存在 5 个" in again.stdout


def test_import_xlsx_indicator_table_with_year_headers(db: str, tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["大连市“十五五”规划主要指标"],
        ["序号", "类别", "指标", "单位", "2025年", "2030年", "年均/累计", "属性"],
        [1, "创新驱动", "研发经费投入强度", "%", 3, "3.5%以上", None, "预期性"],
        [2, None, "每万人口高价值发明专利拥有量", "件", 12.3, 16, None, "预期性"],
        [3, "民生福祉", "人均预期寿命", "岁", 81.5, "82左右", None, "预期性"],
    ]
    r = _run("indicators", "import", "1", str(_xlsx(tmp_path / "指标.xlsx", rows)), "--db", db)
    assert r.returncode == 0, r.stderr
    listed = _listed(db)
    assert set(listed) == {"研发经费投入强度", "每万人口高价值发明专利拥有量", "人均预期寿命"}
    patents = listed["每万人口高价值发明专利拥有量"]
    assert (patents["category"], patents["target_value"], patents["target_kind"]) == (
        "创新驱动",
        16.0,
        "exact",
    )
    assert listed["人均预期寿命"]["target_text"] == "82岁左右"


def test_import_bad_table_reports_rows_and_imports_nothing(db: str, tmp_path: Path) -> None:
    rows = [
        ["序号", "指标", "单位", "2025年", "2030年", "属性"],
        ["1", "研发经费投入强度", "%", "3", "3.5%以上", "预期性"],
        ["2", "人均预期寿命", "岁", "81.5", "稳步提高", "预期性"],
        ["3", "森林覆盖率", "%", "41.2", "42", "必须"],
    ]
    path = _docx(tmp_path / "bad.docx", rows)
    r = _run("indicators", "import", "1", str(path), "--db", db)
    _clean_error(r)
    assert "2 行有错误，未导入任何数据" in r.stderr
    assert "表1第3行，第5列（2030年）：目标值“稳步提高”不是可识别的目标值" in r.stderr
    assert "表1第4行，第6列（属性）：属性“必须”无效，应为“预期性”或“约束性”" in r.stderr
    assert _sql(db, "SELECT count(*) FROM indicators") == [(0,)]
    r = _run("indicators", "import", "1", str(path), "--db", db, "--skip-bad")
    assert r.returncode == 0, r.stderr
    assert "导入 1 个" in r.stdout and "已跳过 2 行有错误的数据" in r.stderr
    assert set(_listed(db)) == {"研发经费投入强度"}


def _add_two(db: str) -> None:
    for args in (
        ("--name", "研发经费投入强度", "--unit", "%", "--target", "3.5%以上", "--baseline", "3"),
        ("--name", "城镇调查失业率", "--unit", "%", "--target", "≤5.5", "--baseline", "5"),
    ):
        r = _run("indicators", "add", "1", *args, "--db", db)
        assert r.returncode == 0, r.stderr


BAD_CSV = (
    "指标,单位,2025,2026年,2027年\n"  # line 1
    "研发经费投入强度,%,3.0,3.1,\n"  # 2: good
    "城镇调查失业率,%,5.0,五点一,4.9\n"  # 3: not a number
    "森林覆盖率,%,41,41.5,\n"  # 4: unknown indicator
    "研发经费投入强度,%,,3.2,\n"  # 5: 2026 again
    "城镇调查失业率,万人,,,\n"  # 6: unit mismatch
    "城镇调查失业率,%,,,4.8\n"  # 7: 2027 again (line 3 has it)
)


def test_observe_csv_with_bad_rows_reports_every_row_and_imports_nothing(db: str, tmp_path: Path) -> None:
    _add_two(db)
    path = tmp_path / "2026年数据.csv"
    path.write_bytes(BAD_CSV.encode("gb18030"))
    r = _run("indicators", "observe", "1", str(path), "--db", db)
    _clean_error(r)
    assert "5 行有错误，未导入任何数据" in r.stderr
    for line in (3, 4, 5, 6, 7):
        assert f"第{line}行" in r.stderr, (line, r.stderr)
    assert "第2行，" not in r.stderr
    assert "第3行，D列（2026年）：“五点一”不是数字" in r.stderr
    assert "第4行，A列（指标）：规划中没有名为“森林覆盖率”的指标" in r.stderr
    assert "第6行，B列（单位）：单位“万人”与指标“城镇调查失业率”的单位“%”不一致" in r.stderr
    assert "--skip-bad" in r.stderr
    assert _sql(db, "SELECT count(*) FROM observations") == [(0,)]

    r = _run("indicators", "observe", "1", str(path), "--skip-bad", "--db", db, "--source", "统计公报")
    assert r.returncode == 0, r.stderr
    assert "新录入 2 个数值" in r.stdout and "有错误 5 行" in r.stdout
    assert "第3行" in r.stderr  # the skipped rows are still listed
    rows = _sql(
        db,
        "SELECT i.name, o.period, o.value, o.source FROM observations o JOIN indicators i "
        "ON i.id = o.indicator_id ORDER BY o.period",
    )
    assert rows == [
        ("研发经费投入强度", "2025", 3.0, "统计公报"),
        ("研发经费投入强度", "2026", 3.1, "统计公报"),
    ]


def test_observe_xlsx_then_show_with_statuses(db: str, tmp_path: Path) -> None:
    _add_two(db)
    rows: list[list[Any]] = [
        ["指标名称", "计量单位", "2026年", "2027Q1", "备注"],
        ["研发经费投入强度", "%", 3.2, None, "快报"],
        ["城镇调查失业率", "%", 5.2, 5.0, None],
    ]
    r = _run("indicators", "observe", "1", str(_xlsx(tmp_path / "obs.xlsx", rows)), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "新录入 3 个数值" in r.stdout
    r = _run("indicators", "show", "1", "研发经费投入强度", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "3.5%以上（2030）" in r.stdout and "3.2%" in r.stdout and "快报" in r.stdout
    assert "逐年进展" in r.stdout and "2026" in r.stdout
    r = _run("indicators", "show", "1", "研发经费投入强度", "--format", "json", "--db", db)
    data = json.loads(r.stdout)
    assert [o["period"] for o in data["observations"]] == ["2026"]
    first = data["statuses"][0]
    assert first["year"] == 2026 and first["status_name"] and first["explanation"]


def test_truncated_xlsx_and_other_broken_files_give_clear_errors(db: str, tmp_path: Path) -> None:
    _add_two(db)
    good = _xlsx(tmp_path / "good.xlsx", [["指标", "2026"], ["研发经费投入强度", 3.1]])
    truncated = tmp_path / "截断.xlsx"
    truncated.write_bytes(good.read_bytes()[:700])
    r = _run("indicators", "observe", "1", str(truncated), "--db", db)
    _clean_error(r)
    assert "截断.xlsx" in r.stderr and "已损坏或不完整" in r.stderr and "处理建议" in r.stderr
    r = _run("indicators", "import", "1", str(truncated), "--db", db)
    _clean_error(r)
    assert "已损坏或不完整" in r.stderr
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    r = _run("indicators", "observe", "1", str(empty), "--db", db)
    _clean_error(r)
    assert "文件为空" in r.stderr
    headless = tmp_path / "headless.csv"
    headless.write_text("研发经费投入强度,3.1\n城镇调查失业率,5.2\n", encoding="utf-8")
    r = _run("indicators", "observe", "1", str(headless), "--db", db)
    _clean_error(r)
    assert "没有找到表头" in r.stderr and "指标 | 单位 | 2025" in r.stderr
    assert _sql(db, "SELECT count(*) FROM observations") == [(0,)]


def test_add_record_edit_remove(db: str) -> None:
    r = _run(
        "indicators",
        "add",
        "1",
        "--name",
        "空气质量优良天数",
        "--unit",
        "天",
        "--target",
        "320天以上",
        "--baseline",
        "325",
        "--attribute",
        "约束性",
        "--department",
        "市生态环境局",
        "--db",
        db,
    )
    assert r.returncode == 0, r.stderr
    assert "目标 320天以上（2030）" in r.stdout and "基期值 325天（2025）" in r.stdout
    bad = _run(
        "indicators",
        "add",
        "1",
        "--name",
        "x",
        "--unit",
        "%",
        "--target",
        "很多",
        "--direction",
        "上面",
        "--db",
        db,
    )
    _clean_error(bad)
    assert "目标值" in bad.stderr and "方向" in bad.stderr  # every bad field at once
    dup = _run(
        "indicators", "add", "1", "--name", "空气质量优良天数", "--unit", "天", "--target", "330", "--db", db
    )
    _clean_error(dup)
    assert "已有名为“空气质量优良天数”的指标" in dup.stderr

    r = _run(
        "indicators", "record", "1", "空气质量优良天数", "2026年", "318", "--source", "环境公报", "--db", db
    )
    assert r.returncode == 0 and "已录入：空气质量优良天数 2026 = 318天" in r.stdout
    r = _run("indicators", "record", "1", "空气质量优良天数", "2026", "321", "--note", "修订", "--db", db)
    assert r.returncode == 0 and "已更正" in r.stdout and "原为 318天" in r.stdout
    r = _run("indicators", "record", "1", "空气质量优良", "2026", "321", "--db", db)
    _clean_error(r)
    assert "是否指：“空气质量优良天数”" in r.stderr
    assert "planwatch indicators list" in r.stderr  # the CLI's own wording of the hint: a command
    r = _run("indicators", "record", "1", "空气质量优良天数", "明年", "321", "--db", db)
    _clean_error(r)
    assert "时期有误" in r.stderr

    r = _run(
        "indicators",
        "edit",
        "1",
        "空气质量优良天数",
        "--target",
        "[320,330]",
        "--direction",
        "increase",
        "--db",
        db,
    )
    assert r.returncode == 0, r.stderr
    assert _listed(db)["空气质量优良天数"]["target_text"] == "320—330天"

    r = _run("indicators", "remove", "1", "空气质量优良天数", "--db", db)
    _clean_error(r)
    assert "--yes" in r.stderr
    r = _run("indicators", "remove", "1", "空气质量优良天数", "--yes", "--db", db)
    assert r.returncode == 0
    assert _listed(db) == {}
    actions = [
        a for (a,) in _sql(db, "SELECT action FROM audit_log WHERE action <> 'plan.import' ORDER BY id")
    ]
    assert actions == [
        "indicator.add",
        "observation.record",
        "observation.record",
        "indicator.update",
        "indicator.remove",
    ]
    assert all(
        u.startswith("cli")
        for (u,) in _sql(db, "SELECT username FROM audit_log WHERE action <> 'plan.import'")
    )


def test_from_quantities_on_the_dalian_plan(db: str) -> None:
    r = _run("indicators", "from-quantities", "1", "--db", db)
    assert r.returncode == 0, r.stderr
    # 十四五 results without a target are achievements, not indicators
    assert "共创建 0 个指标" in r.stdout
    assert "跳过：空气优良天数——只有往年或上一规划期的实绩（空气优良天数始终保持在320天以上）" in r.stderr
    assert _listed(db) == {}
    again = _run("indicators", "from-quantities", "1", "--db", db)
    assert again.returncode == 0 and "共创建 0 个指标" in again.stdout


def test_sample_data_load_show_and_remove(db: str) -> None:
    _add_two(db)
    _run("indicators", "record", "1", "研发经费投入强度", "2026", "3.1", "--db", db)
    r = _run("indicators", "sample", "1", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "已加载示例数据" in r.stdout and "--remove" in r.stdout
    r = _run("indicators", "list", "1", "--db", db)
    assert r.returncode == 0
    assert "空气优良天数（示例数据）" in r.stdout and "示例数据（虚构，仅供演示）" in r.stderr
    r = _run("indicators", "show", "1", "空气优良天数（示例数据）", "--db", db)
    assert "示例数据（虚构，仅供演示）" in r.stdout and "逐年进展" in r.stdout
    again = _run("indicators", "sample", "1", "--db", db)
    assert again.returncode == 0 and "已加载过" in again.stdout
    blocked = _run("indicators", "record", "1", "空气优良天数（示例数据）", "2027", "330", "--db", db)
    _clean_error(blocked)
    counts = _sql(db, "SELECT count(*) FROM indicators WHERE sample")[0][0]
    assert 5 <= counts <= 8

    r = _run("indicators", "sample", "1", "--remove", "--db", db)
    assert r.returncode == 0 and "已删除示例数据" in r.stdout and "真实数据未受影响" in r.stdout
    assert set(_listed(db)) == {"研发经费投入强度", "城镇调查失业率"}
    assert _sql(db, "SELECT period, value FROM observations") == [("2026", 3.1)]
    r = _run("indicators", "sample", "1", "--remove", "--db", db)
    assert r.returncode == 0 and "没有示例数据" in r.stdout


def test_unknown_plan_and_empty_list(db: str) -> None:
    r = _run("indicators", "list", "99", "--db", db)
    _clean_error(r)
    assert "没有找到编号或名称为“99”的规划" in r.stderr
    r = _run("indicators", "list", "1", "--db", db)
    assert r.returncode == 0 and "还没有指标" in r.stdout
