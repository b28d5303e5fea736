#!/usr/bin/env bash
# Command two: set up from nothing and run the whole test suite (lint, types, tests on SQLite and PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check src tests bench
.venv/bin/mypy
# PostgreSQL tests use PLANWATCH_TEST_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test)
.venv/bin/python -m pytest -q "$@"
