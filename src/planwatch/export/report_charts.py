"""Report charts as PNG bytes, drawn server-side by matplotlib (Agg, no display) with a CJK font.

Figures are made with the object API (``Figure``), never pyplot, so nothing global piles up in a
long-running web server and concurrent requests do not share a current figure.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # the backend is chosen first
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from planwatch.export.fonts import cjk_font
from planwatch.model.report import BarChart, Chart, SeriesChart, SeriesPanel

WIDTH_IN = 7.2  # fits an A4 portrait type area at 100 %
DPI = 160
DEFAULT_COLOR = "#218bff"
_LOCK = threading.Lock()
# rc_context changes matplotlib's global settings for its duration: web requests render one at a time
_RENDER_LOCK = threading.Lock()
_FAMILY: list[str] = []


def _font_family() -> str:
    """Register the CJK font with matplotlib once and return its family name."""
    with _LOCK:
        if not _FAMILY:
            path = cjk_font()
            font_manager.fontManager.addfont(str(path))
            _FAMILY.append(font_manager.FontProperties(fname=str(path)).get_name())
        return _FAMILY[0]


def _style() -> Any:  # matplotlib types rc keys as one long Literal; a plain dict does not match it
    return {
        "font.family": [_font_family(), "DejaVu Sans"],
        "axes.unicode_minus": False,  # the CJK font has no U+2212; a hyphen-minus renders everywhere
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    # a fixed Software tag and no dates: the same chart gives the same bytes
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": "PlanWatch"})
    return buf.getvalue()


def _bar(chart: BarChart) -> bytes:
    n = max(len(chart.labels), 1)
    height = 0.42 * n + 1.1 if chart.horizontal else 3.0
    fig = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    ax = fig.add_subplot()
    colors = list(chart.colors) if len(chart.colors) == len(chart.values) else DEFAULT_COLOR
    positions = list(range(len(chart.values)))
    top = chart.max_value if chart.max_value is not None else max([*chart.values, 1.0]) * 1.18
    if chart.horizontal:
        labels = [textwrap.shorten(label, 18, placeholder="…") for label in chart.labels]
        bars = ax.barh(positions, chart.values, color=colors, height=0.6)
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()  # first label on top, as in the tables
        ax.set_xlim(0, top * (1.12 if chart.max_value is not None else 1))
        ax.set_xlabel(chart.unit)
    else:
        bars = ax.bar(positions, chart.values, color=colors, width=0.6)
        ax.set_xticks(positions, list(chart.labels))
        ax.set_ylim(0, top)
        ax.set_ylabel(chart.unit)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.bar_label(bars, labels=[chart.value_format.format(v) for v in chart.values], padding=2, fontsize=8)
    if chart.reference is not None:
        draw = ax.axvline if chart.horizontal else ax.axhline
        draw(chart.reference, color="#57606a", linestyle="--", linewidth=1, label=chart.reference_label)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title(chart.title)
    return _png(fig)


def _finite(values: tuple[float | None, ...]) -> list[float]:
    return [v for v in values if v is not None and math.isfinite(v)]


def _panel(ax: object, panel: SeriesPanel) -> None:
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    years = list(panel.years)
    expected = [(y, v) for y, v in zip(years, panel.expected, strict=True) if v is not None]
    if expected:
        ax.plot(
            *zip(*expected, strict=True), color="#8c959f", linestyle="--", linewidth=1.2, label="预期路径"
        )
    observed = [(y, v) for y, v in zip(years, panel.observed, strict=True) if v is not None]
    if observed:
        ax.plot(*zip(*observed, strict=True), color="#0969da", marker="o", markersize=4, linewidth=1.8,
                label="实际值")  # fmt: skip
    if panel.target is not None:
        ax.axhline(panel.target, color="#cf222e", linestyle=":", linewidth=1.2, label="目标值")
    values = _finite(panel.observed) + _finite(panel.expected) + ([panel.target] if panel.target else [])
    if values:
        low, high = min(values), max(values)
        pad = (high - low) * 0.15 or abs(high) * 0.05 or 1.0
        ax.set_ylim(low - pad, high + pad)
    ax.set_xticks(years, [str(y) for y in years], fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title("\n".join(textwrap.wrap(panel.title, 18)), fontsize=9)
    if panel.unit:
        ax.set_ylabel(panel.unit, fontsize=8)
    ax.grid(axis="y", color="#eaeef2", linewidth=0.8)


def _series(chart: SeriesChart) -> bytes:
    n = max(len(chart.panels), 1)
    cols = 1 if n == 1 else 2
    rows = math.ceil(n / cols)
    fig = Figure(figsize=(WIDTH_IN, 2.5 * rows + 0.7), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for i, panel in enumerate(chart.panels):
        _panel(axes[i // cols][i % cols], panel)
    for j in range(n, rows * cols):
        axes[j // cols][j % cols].set_visible(False)
    handles, labels = axes[0][0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=8)
    fig.suptitle(chart.title, fontsize=10)
    return _png(fig)


def render_chart(chart: Chart) -> bytes:
    """The chart as a PNG image."""
    style = _style()
    with _RENDER_LOCK, matplotlib.rc_context(style):
        if isinstance(chart, BarChart):
            return _bar(chart)
        return _series(chart)


def chart_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels of a PNG made here, read from its header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
