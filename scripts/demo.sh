#!/usr/bin/env bash
# Command one: set up from nothing, analyse the embedded Dalian plan, and serve the web app at
# http://127.0.0.1:8000 (the plan is imported on first start; the first admin password is printed once).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PLANWATCH_DB_URL=${PLANWATCH_DB_URL:-sqlite:///planwatch.db}
.venv/bin/planwatch db upgrade
.venv/bin/planwatch import
# 示例数据 (made-up, labelled, removable with `planwatch sample 规划 --remove`) so the monitoring
# pages show charts, warnings, reports to review and 催报 reminders at once; loading twice is a no-op.
.venv/bin/planwatch sample "${PLANWATCH_DEMO_PLAN:-中共大连市委关于制定大连市国民经济和社会发展第十五个五年规划的建议}"
.venv/bin/planwatch analyze --format text | head -40
exec .venv/bin/planwatch serve --host "${PLANWATCH_HOST:-127.0.0.1}" --port "${PLANWATCH_PORT:-8000}"
