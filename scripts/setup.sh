#!/usr/bin/env bash
# Create .venv (if missing) and install PlanWatch into it. Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
extra=""
[ "${1:-}" = "--dev" ] && extra="[dev]"
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e ".${extra}" 2>&1 | grep -v "is ignored: it is neither" || true
bash scripts/frontend.sh
.venv/bin/python -c "import planwatch" # fails loudly if the install did not work
