"""Extracted items as a user sees them: analyze JSON and show --quantities/--entities/--goals/--tasks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_inprocess import run_planwatch

EXE = str(Path(sys.executable).with_name("planwatch"))


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_planwatch(*args)


@pytest.fixture(scope="module")
def db(session_db_url: Callable[[str], str]) -> str:
    url = session_db_url("items")
    r = _run("import", "--db", url)
    assert r.returncode == 0, r.stderr
    return url


def test_analyze_json_items_carry_node_and_span() -> None:
    r = _run("analyze", "--format", "json", "--include-text")
    data = json.loads(r.stdout)
    text = data["document"]["text"]
    nodes = {n["id"]: n for n in data["outline"]}
    for key in ("quantities", "entities", "goals", "tasks"):
        assert data[key], key
        for item in data[key]:
            node = nodes[item["node"]]
            assert node["start"] <= item["start"] < item["end"] <= node["end"], (key, item)
            assert text[item["start"] : item["end"]] == item["text"], (key, item)
    rd = [q for q in data["quantities"] if q["subject"] == "研发投入强度"]
    assert rd and rd[0]["value"] == 3.0 and rd[0]["unit"] == "%" and rd[0]["node"] == "p1.a1"
    task = next(t for t in data["tasks"] if t["node"] == "p11.a44")
    assert task["lead"]["department"].endswith("教育局")
    assert task["due"] and "cooperating" in task


def test_show_quantities_json(db: str) -> None:
    r = _run("show", "1", "--quantities", "--format", "json", "--db", db)
    assert r.returncode == 0, r.stderr
    quantities = json.loads(r.stdout)["quantities"]
    days = [q for q in quantities if q["unit"] == "天"]
    assert days and days[0]["value"] == 320.0


def test_show_goals_of_one_article(db: str) -> None:
    r = _run("show", "1", "(5)", "--goals", "--format", "json", "--db", db)
    goals = json.loads(r.stdout)["goals"]
    assert len(goals) == 10
    assert goals[0]["text"] == "高质量发展取得更大成效" and goals[0]["year"] == "2030"
    assert goals[-1]["year"] == "2035"


def test_show_formulations_with_definitions(db: str) -> None:
    r = _run("show", "1", "--kind", "formulation", "--format", "json", "--db", db)
    entities = json.loads(r.stdout)["entities"]
    assert all(e["kind"] == "formulation" for e in entities)
    two = next(e for e in entities if e["text"] == "两先区")
    assert two["definition"] and "先导区" in two["definition"] and "先行区" in two["definition"]


def test_show_tasks_table(db: str) -> None:
    r = _run("show", "1", "p3.a7", "--tasks", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "p3.a7.t1" in r.stdout and "第7条" in r.stdout


def test_show_tasks_lists_each_task_sentence_not_its_verb_and_object(db: str) -> None:
    tasks = json.loads(_run("show", "1", "p3.a7", "--tasks", "--format", "json", "--db", db).stdout)["tasks"]
    wide = subprocess.run(
        [EXE, "show", "1", "p3.a7", "--tasks", "--db", db],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "COLUMNS": "1000"},
    )
    assert wide.returncode == 0, wide.stderr
    assert "任务" in wide.stdout and "动词" not in wide.stdout
    for task in tasks:
        assert task["text"] in wide.stdout, task["id"]


def test_show_unknown_entity_kind_is_bad_input(db: str) -> None:
    r = _run("show", "1", "--kind", "planet", "--db", db)
    assert r.returncode == 2 and "未知的实体类别" in r.stderr
