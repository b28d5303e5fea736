"""An evaluation report as one standalone HTML file: styles inline in the head, charts embedded as
data: URIs, no scripts and nothing fetched, so it opens from a download folder, an e-mail or a
file share as it is. (It is a download, not a page of the app, so the app's CSP does not apply.)
"""

from __future__ import annotations

import base64
from html import escape

from planwatch.export.report_charts import render_chart
from planwatch.model.report import (
    PLACEHOLDER_OPEN,
    BarChart,
    EvaluationReport,
    Paragraph,
    ReportSection,
    SeriesChart,
    TableBlock,
)

CSS = """
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
       "SimSun", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328;
       line-height: 1.8; }
h1 { text-align: center; font-size: 1.6rem; margin: 0; line-height: 1.5; }
p.subtitle { text-align: center; font-size: 1.4rem; margin: 0 0 .5rem; }
p.note { text-align: center; color: #57606a; font-size: .9rem; margin: .1rem 0; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #d0d7de; margin-top: 2rem; }
h3 { font-size: 1.1rem; }
p.body { text-indent: 2em; text-align: justify; }
mark { background: #fff8c5; }
figure { margin: 1rem 0; text-align: center; }
figure img { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .82rem; line-height: 1.5; margin: .3rem 0; }
caption { font-weight: bold; padding: .3rem; }
th, td { border: 1px solid #8c959f; padding: .2rem .35rem; vertical-align: middle; }
th { background: #eaeef2; }
td.num { text-align: right; white-space: nowrap; }
p.tnote { font-size: .8rem; color: #57606a; }
@media print { body { max-width: none; margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def _text(text: str) -> str:
    """Escaped text; 【待填写：…】 places marked so nobody overlooks them."""
    out, rest = [], escape(text)
    while PLACEHOLDER_OPEN in rest:
        before, _, after = rest.partition(PLACEHOLDER_OPEN)
        inner, _, rest = after.partition("】")
        out.append(f"{before}<mark>{PLACEHOLDER_OPEN}{inner}】</mark>")
    out.append(rest)
    return "".join(out)


def _table(block: TableBlock) -> str:
    if not block.rows:
        return f"<h4>{escape(block.title)}</h4>\n<p class='body'>{escape(block.empty)}</p>"
    numeric = block.numeric or tuple(False for _ in block.headers)
    total = sum(block.widths)
    cols = "".join(f'<col style="width:{w / total * 100:.1f}%">' for w in block.widths)
    head = "".join(f"<th>{escape(h)}</th>" for h in block.headers)
    rows = "\n".join(
        "<tr>"
        + "".join(
            f"<td class='num'>{_text(v)}</td>" if right else f"<td>{_text(v)}</td>"
            for v, right in zip(row, numeric, strict=True)
        )
        + "</tr>"
        for row in block.rows
    )
    note = f"\n<p class='tnote'>注：{escape(block.note)}</p>" if block.note else ""
    return (
        f"<table>\n<caption>{escape(block.title)}</caption>\n<colgroup>{cols}</colgroup>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>{note}"
    )


def _figure(chart: BarChart | SeriesChart) -> str:
    data = base64.b64encode(render_chart(chart)).decode("ascii")
    title = escape(chart.title)
    return f'<figure><img src="data:image/png;base64,{data}" alt="{title}"></figure>'


def _section(section: ReportSection, level: int) -> str:
    tag = f"h{min(level + 1, 6)}"
    parts = [f"<section>\n<{tag}>{escape(section.heading)}</{tag}>"]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(f"<p class='body'>{_text(block.text)}</p>")
        elif isinstance(block, TableBlock):
            parts.append(_table(block))
        else:
            parts.append(_figure(block))
    parts += [_section(sub, level + 1) for sub in section.subsections]
    parts.append("</section>")
    return "\n".join(parts)


def write_report_html(report: EvaluationReport) -> str:
    title = f"{report.title}{report.subtitle}"
    notes = "\n".join(f"<p class='note'>{escape(n)}</p>" for n in report.notes)
    body = "\n".join(_section(s, 1) for s in report.sections)
    return (
        "<!DOCTYPE html>\n<html lang='zh-CN'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<meta name='generator' content='PlanWatch'>\n<title>{escape(title)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<header>\n<h1>{escape(report.title)}</h1>\n"
        f"<p class='subtitle'>{escape(report.subtitle)}</p>\n{notes}\n</header>\n<main>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )
