"""The CJK font that report charts (matplotlib) and PDFs (reportlab) draw Chinese with.

Looked for, first found wins:

1. ``PLANWATCH_CJK_FONT`` (a .ttf/.ttc/.otf path);
2. a copy inside the package, ``planwatch/data/fonts/*.ttc|*.ttf`` (scripts/setup.sh puts one there,
   so an installed PlanWatch does not depend on the system's fonts);
3. known system paths (WenQuanYi Micro Hei / Zen Hei, Noto CJK, Droid Sans Fallback);
4. ``fc-match :lang=zh-cn``, accepted only if the file it names has Chinese glyphs (fontconfig
   answers with DejaVu when nothing Chinese is installed).

A TrueType collection (.ttc) is read at its first face. A font with CFF outlines (Noto CJK) cannot
be embedded by reportlab, so it is used for charts but skipped for PDFs.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from importlib import resources
from pathlib import Path

from planwatch.model import PlanWatchError

ENV = "PLANWATCH_CJK_FONT"
SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
_SUFFIXES = (".ttc", ".ttf", ".otf")
_PROBE = "监测评估报告"


class FontMissingError(PlanWatchError):
    pass


def _packaged() -> list[Path]:
    try:
        folder = resources.files("planwatch").joinpath("data", "fonts")
        if not folder.is_dir():
            return []
        return sorted(Path(str(f)) for f in folder.iterdir() if f.name.lower().endswith(_SUFFIXES))
    except (FileNotFoundError, NotADirectoryError, TypeError):
        return []


def _fc_match() -> Path | None:
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        found = subprocess.run(
            [exe, "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(found) if found else None


def has_cjk_glyphs(path: Path, *, truetype: bool = False) -> bool:
    """Whether the font's first face draws Chinese; with ``truetype`` also whether its outlines
    are TrueType (glyf), which reportlab needs to embed it."""
    from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

    try:
        if path.suffix.lower() == ".ttc":
            font = TTCollection(str(path), lazy=True).fonts[0]
        else:
            font = TTFont(str(path), lazy=True, fontNumber=0)
        cmap = font.getBestCmap() or {}
        if truetype and "glyf" not in font:
            return False
    except Exception:  # an unreadable or odd font file is simply not usable
        return False
    return all(ord(ch) in cmap for ch in _PROBE)


def candidates() -> list[Path]:
    found: list[Path] = []
    env = os.environ.get(ENV, "").strip()
    if env:
        found.append(Path(env))
    found += _packaged()
    found += [Path(p) for p in SYSTEM_FONTS]
    fc = _fc_match()
    if fc is not None:
        found.append(fc)
    return found


def _missing(extra: str = "") -> FontMissingError:
    return FontMissingError(
        "找不到可用的中文字体，无法生成含中文的图表和 PDF 报告。" + extra,
        hint="请运行 bash scripts/setup.sh（会安装并复制字体），或执行 apt-get install fonts-wqy-microhei，"
        f"或用环境变量 {ENV} 指定一个 .ttf/.ttc 中文字体文件。",
    )


@functools.cache
def _find(for_pdf: bool, env: str) -> Path:
    if env and not Path(env).is_file():
        raise _missing(f"（{ENV} 指向的文件 {env} 不存在）")
    for path in candidates():
        if not path.is_file() or path.suffix.lower() not in _SUFFIXES:
            continue
        if has_cjk_glyphs(path, truetype=for_pdf):
            return path
    raise _missing()


def cjk_font(*, for_pdf: bool = False) -> Path:
    """The CJK font file to use (cached per process); FontMissingError when there is none."""
    return _find(for_pdf, os.environ.get(ENV, "").strip())
