#!/usr/bin/env bash
# Command two: set up from nothing and run the whole test suite (lint, types, layer contracts, tests on
# SQLite and PostgreSQL).
#
# Two pytest passes:
#   1. SQLite: every test. Tests asking for `db_url`/`db_factory` (marker both_databases) run on
#      SQLite *and* PostgreSQL already here.
#   2. PostgreSQL (PLANWATCH_TEST_DB=postgresql): the tests whose database follows that variable
#      (marker suite_database: web servers, CLI, browser tests) and that did not meet PostgreSQL in
#      pass 1, except those marked markup_only (axe on the pages' markup). Tests without a database
#      are not run twice.
# PLANWATCH_TEST_PG_URL names the server (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
# each test gets a database of its own there, dropped afterwards. Unreachable: those tests are skipped
# (PLANWATCH_TEST_STRICT=1, as in .ci/run: they fail).
# With PLANWATCH_TEST_DB already set, only that pass runs, over every test selected by the arguments.
# The two passes run side by side, each spreading its test files over PLANWATCH_TEST_WORKERS
# processes (pytest-xdist; default 2). A file stays on one worker, so its module-scoped servers start
# once. Side by side because most of a test's time is spent waiting (on servers, browsers, child
# processes): one pass at a time left the two cores half idle (user+sys 16.5 CPU-min over 20 min).
# The PostgreSQL pass prints its report after the SQLite pass's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench  # one layout: a diff shows what changed, not how it was typed
.venv/bin/mypy
.venv/bin/lint-imports  # the layer contracts of pyproject.toml [tool.importlinter]
workers=(-n "${PLANWATCH_TEST_WORKERS:-2}" --dist loadfile)
if [ -n "${PLANWATCH_TEST_DB:-}" ]; then
  exec .venv/bin/python -m pytest -q "${workers[@]}" "$@"
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# each pass its own temporary folder: neither may clean up the other's
PLANWATCH_TEST_DB=postgresql .venv/bin/python -m pytest -q "${workers[@]}" --basetemp "$scratch/postgresql" \
  -m "suite_database and not both_databases and not markup_only" "$@" >"$scratch/postgresql.log" 2>&1 &
pg=$!
status=0
PLANWATCH_TEST_DB=sqlite .venv/bin/python -m pytest -q "${workers[@]}" --basetemp "$scratch/sqlite" "$@" || status=$?
pg_status=0
wait "$pg" || pg_status=$?
echo "---- PostgreSQL pass (PLANWATCH_TEST_DB=postgresql) ----"
cat "$scratch/postgresql.log"
[ "$pg_status" -eq 5 ] || [ "$pg_status" -eq 0 ] || status=$pg_status  # 5: the arguments selected no such test
exit "$status"
