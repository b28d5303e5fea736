"""The planwatch command, run as a user runs it: a real process, real files, a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from cli_inprocess import run_planwatch
from planwatch.services.plans.analyze import default_plan_bytes

EXE = str(Path(sys.executable).with_name("planwatch"))

Run = Callable[..., subprocess.CompletedProcess[str]]
NewDb = Callable[[str], str]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """``planwatch ARGS`` in this process (see tests/cli_inprocess.py), in ``tmp_path``."""

    def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {"PLANWATCH_DB_URL": f"sqlite:///{tmp_path / 'default.db'}", **(env or {})}
        return run_planwatch(*args, env=full_env, cwd=tmp_path)

    return _run


@pytest.fixture
def run_process(tmp_path: Path) -> Run:
    """``planwatch ARGS`` as a real process, for what only a process shows (exit status, tracebacks)."""

    def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}
        full_env["PLANWATCH_DB_URL"] = f"sqlite:///{tmp_path / 'default.db'}"
        full_env.update(env or {})
        return subprocess.run(
            [EXE, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=full_env,
            cwd=tmp_path,
            timeout=120,
        )

    return _run


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            names = [t for t in inspect(c).get_table_names() if t != "alembic_version"]
            return {t: c.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in names}
    finally:
        engine.dispose()


def _dalian_text() -> str:
    return default_plan_bytes()[0].decode("utf-8")


def test_analyze_default_plan_json(run: Run) -> None:
    r = run("analyze", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["schema_version"] == 1
    assert "text" not in data["document"]
    assert data["document"]["chars"] == len(_dalian_text())
    assert sum(1 for n in data["outline"] if n["kind"] == "article") == 60
    for key in ("sentences", "quantities", "entities", "goals", "tasks"):
        assert isinstance(data[key], list)
    first = next(n for n in data["outline"] if n["id"] == "p3.a7")
    assert set(first) >= {"id", "parent", "kind", "label", "ordinal", "title", "start", "end"}
    assert first["label"] == "(7)" and first["title"] == "培育壮大战略性新兴产业"


def test_analyze_include_text_and_output_file(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    r = run("analyze", "--format", "json", "--include-text", "-o", str(out))
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    body = data["document"]["text"]
    a7 = next(n for n in data["outline"] if n["id"] == "p3.a7")
    assert body[a7["start"] : a7["end"]].startswith("(7)培育壮大战略性新兴产业。")
    s = data["sentences"][5]
    assert body[s["start"] : s["end"]].strip() == body[s["start"] : s["end"]]


def test_analyze_text_summary(run: Run) -> None:
    r = run("analyze")
    assert r.returncode == 0
    assert "14 部分" in r.stdout and "60 条" in r.stdout
    assert "p3.a7" in r.stdout


def test_import_twice_then_new_version(run: Run, tmp_path: Path, new_db_url: NewDb) -> None:
    url = new_db_url("plans")
    r = run("import", "--db", url)
    assert r.returncode == 0, r.stderr
    assert "已导入新规划" in r.stdout and "第 1 版" in r.stdout
    before = _counts(url)
    assert before["plans"] == 1 and before["plan_versions"] == 1 and before["nodes"] > 60

    r = run("import", "--db", url)
    assert r.returncode == 0
    assert "已导入过" in r.stdout and "未做任何更改" in r.stdout
    assert _counts(url) == before

    changed = tmp_path / "dalian-v2.txt"
    changed.write_text(_dalian_text().replace("研发投入强度达3%", "研发投入强度达3.2%"), encoding="utf-8")
    name = "中共大连市委关于制定大连市国民经济和社会发展第十五个五年规划的建议"
    r = run("import", str(changed), "--db", url, "--name", name)
    assert r.returncode == 0, r.stderr
    assert "新版本" in r.stdout and "第 2 版" in r.stdout
    after = _counts(url)
    assert after["plans"] == 1 and after["plan_versions"] == 2 and after["nodes"] == 2 * before["nodes"]

    r = run("plans", "--db", url)
    assert r.returncode == 0
    assert "第 1 版" in r.stdout and "第 2 版" in r.stdout and "dalian-v2.txt" in r.stdout

    r = run("show", name, "(1)", "--db", url, "--format", "json")
    assert "研发投入强度达3.2%" in json.loads(r.stdout)["text"]
    r = run("show", "1", "p1.a1", "--db", url, "--version", "1", "--format", "json")
    assert "研发投入强度达3%" in json.loads(r.stdout)["text"]


def test_show_tree_and_node(run: Run, new_db_url: NewDb) -> None:
    url = new_db_url("show")
    assert run("import", "--db", url).returncode == 0
    r = run("show", "1", "--db", url)
    assert r.returncode == 0
    assert "p14.a60" in r.stdout and "充分调动全社会积极性主动性创造性" in r.stdout
    for ref in ("p3.a7", "(7)", "（7）", "7"):
        r = run("show", "1", ref, "--db", url)
        assert r.returncode == 0, (ref, r.stderr)
        assert r.stdout.startswith("p3.a7  (7) 培育壮大战略性新兴产业")
        assert "全链条推动半导体与集成电路高质量发展" in r.stdout
    r = run("show", "1", "p99.a1", "--db", url)
    assert r.returncode == 2
    assert "没有找到节点" in r.stderr and "Traceback" not in r.stderr
    r = run("show", "不存在的规划", "--db", url)
    assert r.returncode == 2 and "planwatch plans" in r.stderr


def test_db_upgrade(run: Run, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'up.db'}"
    r = run("db", "upgrade", "--db", url)
    assert r.returncode == 0, r.stderr
    assert "升级到" in r.stdout
    r = run("db", "upgrade", "--db", url)
    assert r.returncode == 0 and "已是最新" in r.stdout
    assert {"plans", "plan_versions", "nodes", "sentences", "source_documents"} <= set(_counts(url))


def _truncated_docx(tmp_path: Path) -> Path:
    from builders import make_docx

    full = tmp_path / "full.docx"
    make_docx(["一、总体要求", "(1)指导思想。坚持稳中求进。"], full)
    data = full.read_bytes()
    bad = tmp_path / "truncated.docx"
    bad.write_bytes(data[: len(data) * 6 // 10])
    return bad


def _truncated_pdf(tmp_path: Path) -> Path:
    from builders import make_pdf

    full = tmp_path / "full.pdf"
    make_pdf(["一、总体要求", "(1)指导思想。坚持稳中求进。"], full)
    data = full.read_bytes()
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(data[: len(data) // 3])
    return bad


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty": (lambda d: _write(d / "empty.txt", b""), "为空"),
    "junk": (lambda d: _write(d / "junk.txt", bytes(range(256)) * 40), "文件"),
    "undecodable": (
        lambda d: _write(
            d / "bad.txt", ("推进高质量发展。" * 200).encode() + b"\xff\xff" + ("加快建设。" * 100).encode()
        ),
        "编码",
    ),
    "truncated-docx": (_truncated_docx, "docx"),
    "truncated-pdf": (_truncated_pdf, "PDF"),
    "missing": (lambda d: d / "does-not-exist.txt", "找不到文件"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exit_2_chinese_message_nothing_written(
    case: str, run: Run, tmp_path: Path, new_db_url: NewDb
) -> None:
    make, expected = BAD_INPUTS[case]
    path = make(tmp_path)
    url = new_db_url("bad")
    assert run("db", "upgrade", "--db", url).returncode == 0
    before = _counts(url)
    for command in (["analyze", str(path)], ["import", str(path), "--db", url]):
        r = run(*command)
        assert r.returncode == 2, (case, r.stdout, r.stderr)
        assert "错误" in r.stderr and expected.lower() in r.stderr.lower(), r.stderr
        assert "处理建议" in r.stderr
        assert "Traceback" not in r.stderr
    assert _counts(url) == before


def test_file_over_size_limit(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("一、总体要求\n" + "推进改革。" * 500, encoding="utf-8")
    r = run("analyze", str(path), env={"PLANWATCH_MAX_FILE_BYTES": "1000"})
    assert r.returncode == 2
    assert "PLANWATCH_MAX_FILE_BYTES" in r.stderr and "Traceback" not in r.stderr


def test_debug_shows_traceback(run_process: Run, tmp_path: Path) -> None:
    path = _write(tmp_path / "empty.txt", b"")
    r = run_process("--debug", "analyze", str(path))
    assert r.returncode != 0
    assert "Traceback" in r.stderr and "InputError" in r.stderr


def test_document_without_outline_imports_with_warning(run: Run, tmp_path: Path, new_db_url: NewDb) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("关于做好某项工作的通知\n请各单位认真贯彻落实。\n特此通知。\n", encoding="gb18030")
    url = new_db_url("flat")
    r = run("import", str(path), "--db", url)
    assert r.returncode == 0, r.stderr
    assert "未识别到大纲结构" in r.stderr
    assert _counts(url)["plan_versions"] == 1


def test_unreachable_database_is_exit_1_with_message(run_process: Run) -> None:
    r = run_process("plans", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert r.returncode == 1
    assert "无法连接数据库" in r.stderr and "Traceback" not in r.stderr


def test_bad_database_url_is_bad_input(run: Run) -> None:
    r = run("plans", "--db", "nonsense://x")
    assert r.returncode == 2 and "无法识别" in r.stderr


COMMANDS = [["analyze"], ["import"], ["plans"], ["show"], ["db"], ["db", "upgrade"], []]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "planwatch")
def test_help_in_chinese_and_english(command: list[str], run: Run) -> None:
    r = run(*command, "--help")
    assert r.returncode == 0
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.stdout)
    assert any(w in r.stdout for w in ("Analyse", "Show", "List", "Database", "Create", "PlanWatch", "store"))


def test_import_on_postgresql(run: Run, db_url: str) -> None:
    r = run("import", "--db", db_url)
    assert r.returncode == 0, r.stderr
    r = run("import", "--db", db_url)
    assert "已导入过" in r.stdout
    r = run("show", "1", "p2.a5", "--db", db_url)
    assert r.returncode == 0 and "主要目标" in r.stdout
