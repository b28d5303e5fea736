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
# --ignore-scripts: none of these packages needs an install step, and swagger-ui-dist pulls in a
# telemetry package whose postinstall would call home.
npm ci --no-audit --no-fund --silent --ignore-scripts
vendor=../static/vendor
mkdir -p "$vendor"
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/htmx.min.js"
cp node_modules/echarts/dist/echarts.min.js "$vendor/echarts.min.js"
cp node_modules/htmx.org/LICENSE "$vendor/htmx.LICENSE" 2>/dev/null || true
cp node_modules/echarts/LICENSE "$vendor/echarts.LICENSE" 2>/dev/null || true
# API documentation (/api/v1/docs): Swagger UI's bundle and stylesheet, started by static/js/api-docs.js.
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js "$vendor/swagger-ui-bundle.js"
cp node_modules/swagger-ui-dist/swagger-ui.css "$vendor/swagger-ui.css"
cp node_modules/swagger-ui-dist/LICENSE "$vendor/swagger-ui.LICENSE" 2>/dev/null || true
# axe-core: only the browser tests load it (tests/e2e/test_accessibility.py); no page refers to it.
cp node_modules/axe-core/axe.min.js "$vendor/axe.min.js"
cp node_modules/axe-core/LICENSE "$vendor/axe.LICENSE" 2>/dev/null || true
