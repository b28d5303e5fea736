#!/usr/bin/env bash
# Command one: set up from nothing, analyse the embedded Dalian plan, and serve the web app at
# http://127.0.0.1:8000 (the plan is imported on first start; the first admin password is printed once).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PLANWATCH_DB_URL=${PLANWATCH_DB_URL:-sqlite:///planwatch.db}
.venv/bin/planwatch db upgrade
.venv/bin/planwatch import
.venv/bin/planwatch analyze --format text | head -40
exec .venv/bin/planwatch serve --host "${PLANWATCH_HOST:-127.0.0.1}" --port "${PLANWATCH_PORT:-8000}"
