#!/usr/bin/env bash
# Command two: set up from nothing and run the whole test suite (lint, types, layer contracts, tests on
# SQLite and PostgreSQL).
#
# Two pytest passes:
#   1. SQLite: every test. Tests asking for `db_url`/`db_factory` (marker both_databases) run on
#      SQLite *and* PostgreSQL already here.
#   2. PostgreSQL (PLANWATCH_TEST_DB=postgresql): the tests whose database follows that variable
#      (marker suite_database: web servers, CLI, browser tests) and that did not meet PostgreSQL in
#      pass 1. Tests without a database are not run twice.
# PLANWATCH_TEST_PG_URL names the server (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
# each test gets a database of its own there, dropped afterwards. Unreachable: those tests are skipped
# (PLANWATCH_TEST_STRICT=1, as in .ci/run: they fail).
# With PLANWATCH_TEST_DB already set, only that pass runs, over every test selected by the arguments.
# Both passes spread the test files over PLANWATCH_TEST_WORKERS processes (pytest-xdist; default: one per
# core). A file stays on one worker, so its module-scoped servers start once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check src tests bench
.venv/bin/mypy
.venv/bin/lint-imports  # the layer contracts of pyproject.toml [tool.importlinter]
workers=(-n "${PLANWATCH_TEST_WORKERS:-auto}" --dist loadfile)
if [ -n "${PLANWATCH_TEST_DB:-}" ]; then
  exec .venv/bin/python -m pytest -q "${workers[@]}" "$@"
fi
status=0
PLANWATCH_TEST_DB=sqlite .venv/bin/python -m pytest -q "${workers[@]}" "$@" || status=$?
PLANWATCH_TEST_DB=postgresql .venv/bin/python -m pytest -q "${workers[@]}" -m "suite_database and not both_databases" "$@" \
  || { s=$?; [ "$s" -eq 5 ] || status=$s; }  # 5: the arguments selected no such test
exit "$status"
