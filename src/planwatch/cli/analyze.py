"""``planwatch analyze`` and ``planwatch eval``: analysis of a document, nothing stored.

The analysis services are imported inside the commands: ``planwatch.cli.plans`` shares this module's
helpers, and ``planwatch plans`` should not load the whole extraction pipeline to list a table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from planwatch.cli.common import FileArg, out, settings, write_text
from planwatch.cli.output import JSON_OR_TEXT, TextJsonOpt, check_format
from planwatch.model import LEVEL_NAMES, Analysis, InputError


def analyze(
    file: FileArg = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="输出格式 json 或 text。/ Output format.")
    ] = "text",
    include_text: Annotated[
        bool, typer.Option("--include-text", help="在 JSON 中包含全文。/ Include the full text in JSON.")
    ] = False,
    output: Annotated[str | None, typer.Option("-o", "--output", help="输出文件。/ Output file.")] = None,
) -> None:
    """分析规划文件并输出大纲、句子等分析结果（不写数据库）。

    Analyse a plan document and print its analysis (nothing is stored).
    """
    from planwatch.services.plans.analyze import analyze_path

    check_format(fmt, JSON_OR_TEXT)
    analysis = analyze_path(file, settings())
    if fmt == "json":
        text = json.dumps(analysis.to_dict(include_text=include_text), ensure_ascii=False, indent=2)
    else:
        text = _summary(analysis)
    write_text(text, output)


def eval_(
    gold: Annotated[Path, typer.Argument(help="金标准标注文件（JSON）。/ Gold annotation file (JSON).")],
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", help="被评测的规划文件，默认内置大连规划。/ Document; default: the embedded plan."
        ),
    ] = None,
    fmt: TextJsonOpt = "text",
    errors: Annotated[
        bool, typer.Option("--errors", help="列出误报和漏报。/ List false positives and negatives.")
    ] = False,
) -> None:
    """按金标准评测抽取结果：各类的准确率、召回率和 F1（严格、宽松）。

    Score the extraction against a gold file: precision, recall and F1 per type, strict and lenient.
    """
    from planwatch.services.plans.analyze import analyze_path
    from planwatch.services.scoring.gold import score
    from planwatch.services.scoring.report_gold import is_report_gold

    check_format(fmt, JSON_OR_TEXT)
    try:
        gold_data = json.loads(gold.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"无法读取金标准文件：{exc.strerror or exc}", where=str(gold)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"金标准文件不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}", where=str(gold)
        ) from exc
    if is_report_gold(gold_data):
        from planwatch.cli.eval_report import print_report_score

        print_report_score(gold, gold_data, file, fmt, errors)
        return
    scores = score(analyze_path(file, settings()), gold_data)
    if fmt == "json":
        write_text(json.dumps([s.to_dict() for s in scores], ensure_ascii=False, indent=2), None)
        return
    out.print(f"{'type':<15}{'mode':<9}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for s in scores:
        out.print(
            f"{s.type:<15}{s.mode:<9}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}"
        )
        if errors and s.mode == "lenient":
            for art, text in s.false_positives:
                out.print(f"    误报 FP ({art}) {text}", markup=False)
            for art, text in s.false_negatives:
                out.print(f"    漏报 FN ({art}) {text}", markup=False)


def outline_counts(analysis: Analysis) -> str:
    counts: dict[str, int] = {}
    for n in analysis.outline:
        counts[n.kind] = counts.get(n.kind, 0) + 1
    names = {"part": "部分", "chapter": "章", "section": "节", "article": "条", "item": "项", "box": "专栏"}
    parts = [f"{counts[k]} {v}" for k, v in names.items() if counts.get(k)]
    return "大纲：" + ("，".join(parts) if parts else "无编号结构") + f"；{len(analysis.sentences)} 个句子。"


def issuer_line(analysis: Analysis) -> str:
    """发文机关 as the summary shows it: name, level and the words it was read from."""
    issuer = analysis.issuer
    if issuer is None:
        return "发文机关：未识别（标题、开头和落款中没有找到）"
    level = LEVEL_NAMES.get(issuer.level, issuer.level)
    return f"发文机关：{issuer.name}（{level}），依据“{issuer.evidence}”"


def _summary(analysis: Analysis) -> str:
    doc = analysis.document
    lines = [
        f"标题：{doc.title or '（无）'}",
        f"来源：{doc.source}（{doc.format}，{doc.encoding or '-'}，{len(doc.text)} 字，sha256 {doc.sha256[:12]}）",
        outline_counts(analysis),
        issuer_line(analysis),
    ]
    if analysis.catalogue_note:
        lines.append(f"部门目录：{analysis.catalogue_note}")
    lines += [f"提示：{w}" for w in analysis.warnings]
    lines.append("")
    for n in analysis.outline:
        if n.kind == "item":
            continue
        lines.append(f"{'  ' * n.depth}{n.id:<10} {n.label} {n.title}".rstrip())
    return "\n".join(lines)
