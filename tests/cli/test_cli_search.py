"""``planwatch search`` as a user runs it: text and JSON output, bad input, rebuilding the index."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_inprocess import run_planwatch


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_planwatch(*args)


@pytest.fixture(scope="module")
def db(session_db_url: Callable[[str], str]) -> str:
    url = session_db_url("search")
    r = _run("import", "--db", url)
    assert r.returncode == 0, r.stderr
    return url


def test_text_output_lists_citations_and_sentences(db: str) -> None:
    r = _run("search", "1", "长海跨海大桥", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "找到 2 个句子" in r.stdout
    assert "第1条" in r.stdout and "长海跨海大桥等重大基础设施项目加快建设" in r.stdout


def test_json_output_and_limit(db: str) -> None:
    r = _run("search", "1", "服务", "--limit", "5", "--format", "json", "--db", db)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["total"] > 5 and len(data["results"]) == 5
    assert all("<mark>服务</mark>" in hit["snippet"] for hit in data["results"])


def test_multi_word_query_in_one_argument(db: str) -> None:
    data = json.loads(_run("search", "1", "海洋 科技", "-f", "json", "--db", db).stdout)
    assert data["terms"] == ["海洋", "科技"] and data["total"] > 0


def test_metacharacters_and_nothing_found(db: str) -> None:
    r = _run("search", "1", "'; DROP TABLE sentences; --", "--db", db)
    assert r.returncode == 0 and "没有找到" in r.stderr
    assert "找到 3 个句子" in _run("search", "1", "托育", "--db", db).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", "1", ""), "请输入要搜索的词语"),
        (("search", "1", "海洋", "--limit", "0"), "每页条数"),
        (("search", "1", "海洋", "--format", "xml"), "不支持的输出格式"),
        (("search", "没有这个规划", "海洋"), "没有找到"),
    ],
)
def test_bad_input_is_an_error_in_chinese(db: str, args: tuple[str, ...], message: str) -> None:
    r = _run(*args, "--db", db)
    assert r.returncode != 0 and message in r.stderr


def test_reindex(db: str) -> None:
    r = _run("search", "1", "--reindex", "--db", db)
    assert r.returncode == 0 and "已重建搜索索引" in r.stderr
    assert "找到 3 个句子" in _run("search", "1", "托育", "--db", db).stdout


def test_db_upgrade_indexes_versions_stored_before_the_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    assert _run("db", "upgrade", "--db", url).returncode == 0
    # What an import wrote before revision 0005: the plan without any index (stored now by the
    # repository alone, then the database taken back to 0004, which drops the index tables).
    code = (
        "import sys\n"
        "from planwatch.services.plans.analyze import analyze_path\n"
        "from planwatch.settings import Settings\n"
        "from planwatch.store.engine import make_engine, transaction\n"
        "from planwatch.store.migrate import downgrade\n"
        "from planwatch.store.repositories import PlanRepository\n"
        "engine = make_engine(sys.argv[1])\n"
        "with transaction(engine) as session:\n"
        "    PlanRepository(session).add_version('旧库', analyze_path(None, Settings()))\n"
        "downgrade(engine, '0004')\n"
    )
    subprocess.run([sys.executable, "-c", code, url], check=True, timeout=120)
    r = _run("db", "upgrade", "--db", url)
    assert r.returncode == 0, r.stderr
    assert "已为 1 个规划版本建立搜索索引" in r.stdout
    assert "已为" not in _run("db", "upgrade", "--db", url).stdout
    assert "找到 3 个句子" in _run("search", "1", "托育", "--db", url).stdout
