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
# CJK font for report charts and PDFs: copied into the package (src/planwatch/data/fonts, git-ignored)
# so reports do not depend on the fonts of the machine they later run on. On a fresh Debian machine
# without any Chinese font, install one first when we may.
font_dir=src/planwatch/data/fonts
if ! ls "$font_dir"/*.tt[cf] >/dev/null 2>&1; then
  find_font() {
    for f in /usr/share/fonts/truetype/wqy/wqy-microhei.ttc /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc \
             /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf; do
      [ -f "$f" ] && { echo "$f"; return; }
    done
  }
  font=$(find_font || true)
  if [ -z "$font" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "安装中文字体 fonts-wqy-microhei（报告图表和 PDF 需要）…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-wqy-microhei >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-wqy-microhei >/dev/null 2>&1; } \
      || true
    font=$(find_font || true)
  fi
  if [ -n "$font" ]; then
    mkdir -p "$font_dir" && cp "$font" "$font_dir/"
  else
    echo "警告：未找到中文字体，报告图表和 PDF 无法生成。请执行 apt-get install fonts-wqy-microhei 后重新运行本脚本。" >&2
  fi
fi
.venv/bin/python -c "import planwatch" # fails loudly if the install did not work
