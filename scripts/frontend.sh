#!/usr/bin/env bash
# Install the front-end packages from the npm registry (package-lock.json) and copy the files the
# app serves into src/planwatch/web/static/vendor (not committed). Offline at run time: the app
# serves these itself, no CDN.
set -euo pipefail
cd "$(dirname "$0")/../src/planwatch/web/frontend"
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed to install the web front-end (apt-get install nodejs npm)" >&2
  exit 1
fi
npm ci --no-audit --no-fund --silent
vendor=../static/vendor
mkdir -p "$vendor"
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/htmx.min.js"
cp node_modules/echarts/dist/echarts.min.js "$vendor/echarts.min.js"
cp node_modules/htmx.org/LICENSE "$vendor/htmx.LICENSE" 2>/dev/null || true
cp node_modules/echarts/LICENSE "$vendor/echarts.LICENSE" 2>/dev/null || true
