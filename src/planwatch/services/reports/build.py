"""Evaluation reports (issue 6): the 年度监测报告 and the 中期评估报告 of a plan, built from the
database as plain data (``model.report``) and rendered to docx, pdf or html by ``export``.

* Report year: within the plan period (十五五 → 2026—2030, a work report's own year, from the title;
  failing that, from the indicators' baseline and target years). Default: annual → the latest year
  with data (indicator values, task reports) up to this year, else last year; midterm → this year,
  never past the period's middle year. Clamped into the period.
* Report date (as of): the report year's last day, or today if that is earlier; the 时间进度 a
  midterm report states is the elapsed share of the period on that day, so the two never disagree.
  Task standings and warnings are as of that day; indicator data missing for a year not yet over is 数据未发布.
* Nothing is invented: with no indicators, no observations or no progress reports the report says
  so in plain words, and places for people to write are marked 【待填写：…】.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from planwatch.extract.quantity_period import anchor_of
from planwatch.model import ErrorCode, InputError
from planwatch.model.report import (
    REPORT_KINDS,
    Block,
    EvaluationReport,
    Paragraph,
    ReportKind,
    ReportSection,
    TableBlock,
    placeholder,
)
from planwatch.model.vocabulary import one_of
from planwatch.services.monitoring.indicators import IndicatorView, list_indicators
from planwatch.services.monitoring.sample import SAMPLE_LABEL
from planwatch.services.monitoring.status import LAGGING
from planwatch.services.monitoring.targets import plan_period
from planwatch.services.plans.records import PlanView, load_plan
from planwatch.services.progress import pace
from planwatch.services.progress import reporting as progress
from planwatch.services.reports import evidence as re_
from planwatch.services.reports import indicators as ri
from planwatch.services.reports import tasks as rt

KINDS: dict[ReportKind, str] = {"annual": "年度监测报告", "midterm": "中期评估报告"}
_KIND_ALIASES = {
    "年度": "annual",
    "年度监测": "annual",
    "中期": "midterm",
    "中期评估": "midterm",
    "mid": "midterm",
}
FORMATS = {"docx": "Word", "pdf": "PDF", "html": "HTML"}
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
_ORDINALS = "一二三四五六七八九十"


def normalise_kind(kind: str | None) -> ReportKind:
    text = (kind or "").strip().lower()
    try:
        return one_of(_KIND_ALIASES.get(text, text), REPORT_KINDS)
    except ValueError:
        raise InputError(
            f"报告类型“{kind}”无效。",
            hint="报告类型可选 annual（年度监测报告）或 midterm（中期评估报告）。",
            code=ErrorCode.REPORT_KIND_INVALID,
        ) from None


def normalise_format(fmt: str | None) -> str:
    text = (fmt or "").strip().lower().lstrip(".")
    if text not in FORMATS:
        raise InputError(
            f"报告格式“{fmt}”无效。",
            hint="报告格式可选 docx、pdf 或 html。",
            code=ErrorCode.REPORT_FORMAT_INVALID,
        )
    return text


def parse_year(text: str | None) -> int | None:
    """A year typed into a form: empty means the default."""
    value = (text or "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise InputError(f"年份“{text}”无效。", hint="请填写四位年份，例如 2026；留空则用默认年份。")
    return int(value)


def _title_period(view: PlanView) -> tuple[int | None, int | None]:
    """``plan_period`` of the plan's title, else of its document's title block: a work report
    titled just 政府工作报告 names its year in the date line under it (——2026年1月26日在…会议上),
    which is where the extractor read the periods of its figures."""
    found = plan_period(view.plan)
    if found != (None, None):
        return found
    title = next((n for n in view.analysis.outline if n.kind == "title"), None)
    if title is None:
        return found
    anchor = anchor_of(view.analysis.document.text[title.start : title.end])
    if anchor.kind == "plan" and anchor.plan_start is not None:
        return anchor.plan_start - 1, anchor.plan_end
    if anchor.kind == "report" and anchor.year is not None:
        return anchor.year - 1, anchor.year
    return found


def _period(plan_first: int | None, plan_last: int | None, views: list[IndicatorView]) -> tuple[int, int]:
    """(first year, last year) the plan runs: from its title, else from its indicators."""
    if plan_first is not None and plan_last is not None:
        return plan_first + 1, plan_last
    bases = [v.indicator.baseline_year for v in views if v.indicator.baseline_year is not None]
    targets = [v.indicator.target_year for v in views if v.indicator.target_year is not None]
    if bases and targets and max(targets) > min(bases):
        return min(bases) + 1, max(targets)
    raise InputError(
        "无法确定该规划的规划期（标题中没有“十五五”等字样，指标也没有基期和目标年份）。",
        hint="请先为指标填写基期年份和目标年份，或导入标题写明规划期的规划。",
    )


def choose_year(
    kind: str, year: int | None, first: int, last: int, today: date, latest_data: int | None = None
) -> int:
    """The report year: as asked; else for an annual report the latest year with data (indicator
    values, task reports) up to this year, failing that last year; for a midterm report this year,
    never past the period's middle year. Always within the period."""
    if year is None:
        if kind == "midterm":
            chosen = min(today.year, first + (last - first) // 2)
        else:
            chosen = min(latest_data, today.year) if latest_data is not None else today.year - 1
        return min(max(chosen, first), last)
    if not first <= year <= last:
        raise InputError(
            f"{year} 年不在规划期（{first}—{last} 年）内。",
            hint=f"年份请填写 {first} 到 {last} 之间的年份。",
            code=ErrorCode.REPORT_YEAR_OUT_OF_RANGE,
            params={"first": first, "last": last},
        )
    return year


def latest_data_year(views: list[IndicatorView], statuses: list[progress.TaskStatus]) -> int | None:
    """The last year any indicator value or task report is for."""
    years = [int(o.period[:4]) for v in views for o in v.observations if o.period[:4].isdigit()]
    years += [
        int(t.report.period[:4]) for t in statuses if t.report is not None and t.report.period[:4].isdigit()
    ]
    return max(years, default=None)


def _ordinal(i: int) -> str:
    return _ORDINALS[i] if i < len(_ORDINALS) else str(i + 1)


def _verdict(count: dict[str, int], summary: rt.TaskSummary, midterm: bool) -> str:
    judged = sum(count.get(c, 0) for c in ri.JUDGED)
    lagging = count.get(LAGGING, 0)
    red = summary.warnings.get(pace.RED, 0)
    if not judged and not summary.reported:
        return "因尚无可评估的指标数据和任务进展填报，暂不能对规划实施作出总体判断。"
    word = "规划实施中期" if midterm else "规划实施"
    if judged and lagging / judged > 0.5:
        return f"总体看，{word}面临较大压力，过半指标进度滞后，需要重点推动、加快进度。"
    if (judged and lagging) or red or summary.warnings.get(pace.YELLOW, 0):
        return f"总体看，{word}总体平稳，但部分指标和任务进度滞后，需针对性加快推进。"
    return f"总体看，{word}总体顺利，主要指标和重点任务进展基本符合预期。"


def _judgement(
    kind: str,
    year: int,
    first: int,
    last: int,
    lines: list[ri.IndicatorLine],
    count: dict[str, int],
    summary: rt.TaskSummary,
    as_of: date,
) -> str:
    midterm = kind == "midterm"
    if midterm:
        elapsed = f"，时间进度 {rt.pct(summary.expected)}" if summary.expected is not None else ""
        text = (
            f"截至 {as_of.year}年{as_of.month}月{as_of.day}日，规划（{first}—{last} 年）实施{elapsed}。"
            "对照各指标的预期路径（基期值到目标值的应达路径）评估："
        )
    else:
        text = f"{year} 年是规划（{first}—{last} 年）实施的第 {year - first + 1} 年。"
    if lines:
        text += f"纳入监测的 {len(lines)} 项指标中，{ri.counts_text(count)}"
        binding = [line for line in lines if line.indicator.attribute == "约束性"]
        if binding:
            lag = sum(1 for line in binding if line.category == LAGGING)
            text += f"；约束性指标 {len(binding)} 项，其中滞后 {lag} 项"
        text += "。"
        if not any(line.category in ri.JUDGED for line in lines):
            text += f"{year} 年指标数据尚未发布或尚无监测数据，暂不能判断指标进展。"
    else:
        text += "该规划尚未建立监测指标（可在“监测指标”页导入主要指标表或新增指标）。"
    if summary.tasks:
        if summary.reported:
            text += (
                f"重点任务 {summary.tasks} 项，已填报 {summary.reported} 项，"
                f"加权平均完成进度 {rt.pct(summary.mean)}"
            )
            if summary.expected is not None:
                text += f"（序时进度 {rt.pct(summary.expected)}）"
            text += "。"
        else:
            text += f"重点任务 {summary.tasks} 项，尚无进展填报。"
    return text + _verdict(count, summary, midterm)


def _lagging_table(lines: list[ri.IndicatorLine], statuses: list[progress.TaskStatus]) -> TableBlock:
    rows: list[tuple[str, ...]] = []
    for line in lines:
        if line.category != LAGGING:
            continue
        ind, st = line.indicator, line.status
        situation = f"{st.year}年 {ri.num(st.current, ind.unit)}，应达 {ri.num(st.expected, ind.unit)}"
        reason = f"{st.explanation}；{placeholder('原因分析')}"
        rows.append(("指标", ind.name, ind.department or "—", situation, reason))
    for item, unit, situation, reason in rt.lagging(statuses):
        rows.append(("任务", item, unit, situation, reason))
    numbered = tuple((str(i), *r) for i, r in enumerate(rows, start=1))
    return TableBlock(
        title="滞后事项及原因",
        headers=("序号", "类别", "事项", "责任单位", "情况", "原因"),
        rows=numbered,
        widths=(0.5, 0.7, 3.4, 1.8, 2.4, 4.0),
        empty="无滞后的指标和任务。",
        note="任务原因依次取填报说明、审核意见和预警原因；指标原因为状态说明，原因分析待责任单位填写。",
    )


def _next_steps(midterm: bool) -> list[Block]:
    items = [
        "针对滞后指标的改进措施和责任单位",
        "滞后和逾期任务的整改安排及完成时限",
        "下一年度重点工作安排" if not midterm else "规划后半期重点工作安排",
        "需要协调解决的问题和政策建议",
    ]
    if midterm:
        items.append("规划目标、指标或任务的调整建议（如需调整）")
    return [
        Paragraph(f"（{_ordinal(i)}）{placeholder(what)}", placeholder=True) for i, what in enumerate(items)
    ]


def build_report(
    session: Session, plan_ref: str, kind: str, year: int | None = None, today: date | None = None
) -> EvaluationReport:
    """The report data of ``plan_ref`` for ``kind`` (annual / midterm) and ``year``."""
    chosen = normalise_kind(kind)
    day = today or date.today()
    view = load_plan(session, plan_ref)
    views = list_indicators(session, view.plan)
    first, last = _period(*_title_period(view), views)
    latest = None
    if year is None and chosen == "annual":
        latest = latest_data_year(views, progress.task_progress(session, view, day))
    year = choose_year(chosen, year, first, last, day, latest)
    midterm = chosen == "midterm"
    as_of = min(day, date(year, 12, 31))

    lines = ri.assess(views, year, midterm=midterm, today=day)
    count = ri.counts(lines)
    statuses = rt.standings(session, view, year, as_of)
    rolled = progress.plan_rollup(session, view, as_of, statuses=statuses, unreported_as_zero=True)
    expected = pace.expected_progress(progress.plan_start(view), date(last, 12, 31), as_of)
    summary = rt.summary(statuses, rolled, expected)
    scores = progress.scorecard(session, view, as_of, statuses=statuses)
    part_table, bars = rt.by_part(view, statuses, rolled)

    title_kind = f"{year}年度实施监测报告" if not midterm else "实施中期评估报告"
    plan_title = view.plan.title or view.plan.name
    notes = [f"报告期：{first}—{year} 年" if midterm else f"报告期：{year} 年"]
    notes.append(
        f"数据截至 {as_of.isoformat()}；生成日期 {day.isoformat()}；由 PlanWatch 根据监测数据自动生成，"
    )
    notes[-1] += "标注“【待填写：…】”处由编写人员补充。"
    if any(v.indicator.sample for v in views):
        notes.append(
            f"注意：本报告含{SAMPLE_LABEL}（名称带“（{SAMPLE_LABEL}）”的指标，数值虚构，仅供演示），"
            "不得作为正式监测结论。"
        )

    ind_blocks: list[Block] = []
    if lines:
        ind_blocks.append(Paragraph(f"纳入监测的 {len(lines)} 项指标中，{ri.counts_text(count)}。"))
        ind_blocks.append(ri.status_chart(count, "指标评估结果分布"))
    else:
        ind_blocks.append(Paragraph("该规划尚未建立监测指标，本部分暂无内容。"))
    if lines and not any(line.values for line in lines):
        ind_blocks.append(
            Paragraph(f"截至 {year} 年尚无任何指标监测数据，各指标状态为“数据未发布”或“无数据”。")
        )
    ind_blocks.append(ri.table(lines, year, midterm=midterm, first_year=first))
    chart = ri.series_chart(lines, year, "重点指标走势（实际值、预期路径与目标）")
    if chart is not None:
        ind_blocks.append(chart)

    task_blocks: list[Block] = [Paragraph(summary.text())]
    part_chart = rt.part_chart(bars, expected, "各部分任务平均完成进度")
    if part_chart is not None:
        task_blocks.append(part_chart)
    task_blocks += [part_table, rt.by_department(scores)]

    lag_table = _lagging_table(lines, statuses)
    lag_intro = (
        f"共有滞后事项 {len(lag_table.rows)} 项（滞后指标 {count.get(LAGGING, 0)} 项，"
        f"滞后或逾期任务 {len(lag_table.rows) - count.get(LAGGING, 0)} 项）。"
        if lag_table.rows
        else "本报告期没有滞后的指标和任务。"
    )
    headings: tuple[str, ...] = (
        (
            "总体判断",
            "主要指标监测情况",
            "重点任务推进情况",
            "重大项目推进情况",
            "滞后事项及原因",
            "下一步工作",
        )
        if not midterm
        else (
            "总体评估",
            "主要指标中期评估",
            "重点任务中期进展",
            "重大项目推进情况",
            "存在的主要问题",
            "下一步工作和规划调整建议",
        )
    )
    bodies: list[list[Block]] = [
        [Paragraph(_judgement(chosen, year, first, last, lines, count, summary, as_of))],
        ind_blocks,
        task_blocks,
        [rt.projects(view, statuses)],
        [Paragraph(lag_intro), lag_table],
        _next_steps(midterm),
    ]
    if midterm:
        # after the projects: what later documents say of the tasks, before the problems it shows
        headings = (*headings[:4], re_.HEADING, *headings[4:])
        bodies.insert(4, re_.blocks(session, plan_ref, as_of))
    sections = tuple(
        ReportSection(f"{_ordinal(i)}、{h}", tuple(b))
        for i, (h, b) in enumerate(zip(headings, bodies, strict=True))
    )
    return EvaluationReport(
        title=f"《{plan_title}》",
        subtitle=title_kind,
        kind=chosen,
        year=year,
        plan_name=view.plan.name,
        notes=tuple(notes),
        sections=sections,
        counts=count,
    )


def report_dict(report: EvaluationReport) -> dict[str, Any]:
    """The JSON shape of a report (web API, CLI)."""
    return asdict(report)


def report_filename(report: EvaluationReport, fmt: str) -> str:
    name = report.plan_name
    for bad in '/\\:*?"<>|':
        name = name.replace(bad, "_")
    label = f"{report.year}年度监测报告" if report.kind == "annual" else f"{report.year}中期评估报告"
    return f"{name[:40]}-{label}.{fmt}"


def render(report: EvaluationReport, fmt: str) -> bytes:
    """The report as a file in ``fmt`` (docx / pdf / html)."""
    fmt = normalise_format(fmt)
    if fmt == "docx":
        from planwatch.export.report_docx import write_report_docx

        return write_report_docx(report)
    if fmt == "pdf":
        from planwatch.export.report_pdf import write_report_pdf

        return write_report_pdf(report)
    from planwatch.export.report_html import write_report_html

    return write_report_html(report).encode("utf-8")


def report_file(
    session: Session,
    plan_ref: str,
    kind: str,
    year: int | None,
    fmt: str,
    progress: Callable[[int, str], None] | None = None,
) -> tuple[bytes, str, str]:
    """The report as (bytes, file name, media type); ``progress`` hears each step (a background job)."""
    fmt = normalise_format(fmt)
    if progress is not None:
        progress(10, "汇总监测数据")
    built = build_report(session, plan_ref, kind, year)
    if progress is not None:
        progress(45, "绘制图表并排版" if fmt != "html" else "排版")
    data = render(built, fmt)
    if progress is not None:
        progress(95, "保存文件")
    return data, report_filename(built, fmt), MEDIA_TYPES[fmt]
