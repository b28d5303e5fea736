#!/usr/bin/env bash
# Command one: set up from nothing and run the main job on the embedded Dalian plan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PLANWATCH_DB_URL=${PLANWATCH_DB_URL:-sqlite:///planwatch.db}
.venv/bin/planwatch db upgrade
.venv/bin/planwatch import
.venv/bin/planwatch analyze --format text
