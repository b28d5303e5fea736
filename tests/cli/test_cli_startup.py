"""``planwatch`` starts without the libraries a command does not need (issue 18).

Checked by what a fresh process has imported once the command is done, not by timing: the command
modules are registered lazily, and importing one of them for ``--help`` would bring back seconds of
start-up (openpyxl and numpy through the exporters, SQLAlchemy and Alembic, dask, …).
"""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup

from planwatch.cli.app import COMMANDS, app
from planwatch.cli.lazy import LazyGroup

# runs the real entry point in a fresh interpreter and records sys.modules when the command is done
_PROBE = """
import json, sys
record, *args = sys.argv[1:]
sys.argv = ["planwatch", *args]
from planwatch.cli.app import main
try:
    main()
    code = 0
except SystemExit as exc:
    code = exc.code
with open(record, "w", encoding="utf-8") as fh:
    json.dump({"code": code, "modules": sorted(sys.modules)}, fh)
"""

# libraries no quick command should load: exporters, charts, numerics, parallelism, the database
NEVER_QUICK = ("openpyxl", "numpy", "sklearn", "dask", "distributed", "matplotlib", "reportlab", "docx")


def _probe(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    record = tmp_path / "modules.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}
    env["PLANWATCH_DB_URL"] = f"sqlite:///{tmp_path / 'start.db'}"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(record), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    data: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
    assert data["code"] == 0, done.stderr
    return done, set(data["modules"])


def _loaded(modules: set[str], *packages: str) -> list[str]:
    """The modules of ``packages`` (and their submodules) that were imported."""
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


def test_help_imports_no_command_module_and_no_heavy_library(tmp_path: Path) -> None:
    done, modules = _probe(tmp_path, "--help")
    # every command is listed, each at the start of a row of the command table
    listed = {m.group(1) for m in re.finditer(r"^\W*([a-z][a-z-]*) ", done.stdout, re.M)}
    assert set(COMMANDS) <= listed
    slow = (*NEVER_QUICK, "sqlalchemy", "alembic", "rjieba", "jieba", "pydantic_settings")
    assert _loaded(modules, *slow) == []
    # of ours, only the registry and the error types: no command module, service, store or exporter
    ours = set(_loaded(modules, "planwatch")) - set(_loaded(modules, "planwatch.model"))
    assert ours == {
        "planwatch",
        "planwatch.cli",
        "planwatch.cli.app",
        "planwatch.cli.common",
        "planwatch.cli.lazy",
    }


def test_importing_the_cli_loads_no_heavy_library() -> None:
    # what `import planwatch.cli.app` alone brings in, the floor of every command
    done = subprocess.run(
        [sys.executable, "-c", "import planwatch.cli.app, sys; print('\\n'.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    modules = set(done.stdout.split())
    assert "planwatch.cli.app" in modules
    heavy = (
        *NEVER_QUICK,
        "sqlalchemy",
        "alembic",
        "mako",
        "jinja2",
        "pandas",
        "fastapi",
        "starlette",
        "uvicorn",
        "rjieba",
        "jieba",
        "yaml",
        "ahocorasick_rs",
        "pydantic",
        "pydantic_settings",
        "psycopg",
        "pypdf",
        "pdfminer",
        "lxml",
        "bs4",
    )
    assert _loaded(modules, *heavy) == []


def test_plans_loads_the_database_but_no_exporter_or_extractor(tmp_path: Path) -> None:
    done, modules = _probe(tmp_path, "plans")
    assert "数据库中还没有规划" in done.stdout
    assert "sqlalchemy" in modules
    assert _loaded(modules, *NEVER_QUICK, "planwatch.export", "planwatch.extract", "planwatch.ingest") == []


def test_a_current_database_is_opened_without_alembic_segmentation_or_the_outline_builder(
    tmp_path: Path,
) -> None:
    _probe(tmp_path, "plans")  # creates and migrates the database: Alembic runs here
    done, modules = _probe(tmp_path, "plans")
    assert "数据库中还没有规划" in done.stdout
    # the schema is current: deciding so needs neither Alembic nor its templates
    assert _loaded(modules, "alembic", "mako", "rjieba", "planwatch.outline.build") == []
    # listing reads through a Core connection: no ORM, no mapped tables, no revision hooks
    assert _loaded(modules, "sqlalchemy.orm", "planwatch.store.tables", "planwatch.store.engine") == []
    assert "planwatch.store.plan_listing" in modules


def test_plans_lists_what_import_stored(tmp_path: Path) -> None:
    _probe(tmp_path, "import")
    done, modules = _probe(tmp_path, "plans")
    assert re.search(r"^#1  \S+", done.stdout, re.M)
    assert re.search(
        r"第 1 版  \d{4}-\d\d-\d\d \d\d:\d\d（北京时间）  dalian-15th-fyp-recommendation\.txt  txt  ",
        done.stdout,
    )
    assert re.search(r"\d+ 字  \d+ 节点  sha256 [0-9a-f]{12}$", done.stdout, re.M)
    assert _loaded(modules, "sqlalchemy.orm", "planwatch.store.tables") == []


def test_analyze_loads_the_pipeline_but_not_the_database(tmp_path: Path) -> None:
    out = tmp_path / "analysis.json"
    _, modules = _probe(tmp_path, "analyze", "--format", "json", "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["outline"]
    assert "planwatch.extract.pipeline" in modules
    assert (
        _loaded(modules, *NEVER_QUICK, "sqlalchemy", "alembic", "planwatch.store", "planwatch.export") == []
    )


@pytest.mark.parametrize("name", list(COMMANDS))
def test_registry_help_is_the_commands_own_first_paragraph(name: str) -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, LazyGroup)
    real = group.get_command(_click.Context(group, info_name="planwatch"), name)
    # the command itself: a group of subcommands, or one with the function that does the work
    assert (isinstance(real, TyperGroup) and real.commands) or (
        isinstance(real, TyperCommand) and real.callback
    )
    assert real.name == name
    first = inspect.cleandoc(real.short_help or real.help or "").split("\n\n")[0]
    assert COMMANDS[name].help == first


def test_top_level_help_is_the_same_before_and_after_every_command_is_loaded(
    capsys: pytest.CaptureFixture[str],
) -> None:
    group = typer.main.get_command(app)
    ctx = _click.Context(group, info_name="planwatch")
    lazy_help = group.get_help(ctx) + capsys.readouterr().out
    for name in group.list_commands(ctx):
        group.get_command(ctx, name)
    loaded_help = group.get_help(ctx) + capsys.readouterr().out
    assert "plans" in lazy_help
    assert lazy_help == loaded_help
