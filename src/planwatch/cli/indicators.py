"""``planwatch indicators``: the indicators of a plan, their targets and observed values."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from planwatch.cli.common import DbOpt, PlanArg, UserOpt, err, operator, out, session_for, write_text
from planwatch.cli.output import JSON_OR_TEXT, check_format
from planwatch.cli.output import TextJsonOpt as FormatOpt
from planwatch.model import Indicator, IndicatorStatus, InputError, Observation
from planwatch.model.monitoring import STATUS_NAMES, TARGET_KIND_NAMES
from planwatch.services.monitoring import grids, indicator_import, observation_import
from planwatch.services.monitoring.build import IndicatorFields, IndicatorValues
from planwatch.services.monitoring.from_quantities import create_from_quantities
from planwatch.services.monitoring.indicators import (
    IndicatorChanges,
    add_indicator,
    indicator_dict,
    list_indicators,
    remove_indicator,
    show_indicator,
    update_indicator,
)
from planwatch.services.monitoring.observations import record_observation
from planwatch.services.monitoring.sample import load_sample, remove_sample
from planwatch.services.monitoring.targets import DIRECTION_NAMES, format_number, format_target, parse_number
from planwatch.services.plans.records import find_plan, load_plan

app = typer.Typer(
    help="指标体系：从规划抽取或导入主要指标表、手工新增、录入和导入年度数据、示例数据。\n\n"
    "Indicators: create from the plan or a 主要指标表, add by hand, record and import values, sample data.",
    no_args_is_help=True,
)

NameArg = Annotated[str, typer.Argument(help="指标名称（或编号）。/ Indicator name (or id).")]
# options add and edit share, worded alike in both
CumulativeOpt = Annotated[
    bool | None, typer.Option("--cumulative/--annual", help="累计值 / 年均值。/ Cumulative or annual.")
]
SourceOpt = Annotated[str | None, typer.Option("--source", help="数据来源。/ Data source.")]
DepartmentOpt = Annotated[str | None, typer.Option("--department", help="责任单位。/ Responsible unit.")]
SkipBadOpt = Annotated[
    bool,
    typer.Option(
        "--skip-bad",
        help="只导入没有错误的行，错误行列出后跳过（默认有错误则全部不导入）。"
        "/ Import the good rows only (default: import nothing if any row is bad).",
    ),
]


def _value(value: float | None, unit: str) -> str:
    return "—" if value is None else f"{format_number(value)}{unit}"


def _year(year: int | None) -> str:
    return f"（{year}）" if year is not None else ""


def _sample_note(count: int, plan: str) -> None:
    if count:
        err.print(
            f"[yellow]注意：其中 {count} 个是示例数据（虚构，仅供演示），"
            f"可用 planwatch indicators sample {escape(plan)} --remove 一次删除。[/yellow]"
        )


@app.command("list")
def list_(plan: PlanArg, fmt: FormatOpt = "text", db: DbOpt = None) -> None:
    """列出规划的指标：目标、基期值和最新数据。/ List a plan's indicators."""
    check_format(fmt, JSON_OR_TEXT)
    with session_for(db) as session:
        info = find_plan(session, plan)
        views = list_indicators(session, info)
    if fmt == "json":
        write_text(json.dumps([indicator_dict(v) for v in views], ensure_ascii=False, indent=2), None)
        return
    if not views:
        out.print(
            f"规划“{escape(info.name)}”还没有指标。可用 planwatch indicators from-quantities、import、add "
            "或 sample 创建。"
        )
        return
    table = Table(
        "序号",
        "类别",
        "指标",
        "单位",
        "属性",
        "方向",
        "基期值",
        "目标值",
        "最新数据",
        title=f"规划“{escape(info.name)}”的指标（{len(views)} 个）",
    )
    for no, v in enumerate(views, start=1):
        ind, latest = v.indicator, v.latest
        table.add_row(
            str(no),
            escape(ind.category),
            escape(ind.name),
            escape(ind.unit or "—"),
            ind.attribute,
            DIRECTION_NAMES.get(ind.direction, ind.direction),
            escape(_value(ind.baseline_value, "") + _year(ind.baseline_year)),
            escape(format_target(ind) + _year(ind.target_year)),
            escape(f"{format_number(latest.value)}（{latest.period}）") if latest else "—",
        )
    out.print(table)
    _sample_note(sum(1 for v in views if v.indicator.sample), plan)


def _statuses(
    ind: Indicator, observations: tuple[Observation, ...], reference: Any = None
) -> list[IndicatorStatus]:
    """The status of each year from the one after the baseline (or the plan period's first year)
    to this year (or the target year). ``reference``: what a relative target compares with."""
    from planwatch.services.monitoring.status import indicator_status

    first = ind.baseline_year
    if (
        first is None
        and ind.target_year is not None
        and (ind.cumulative or ind.target_kind in ("relative", "assigned"))
    ):
        first = ind.target_year - 5
    if first is None:
        return []
    years = [int(o.period) for o in observations if o.period.isdigit()]
    today = date.today()
    last = max([*years, min(today.year, ind.target_year or today.year)])
    return [
        indicator_status(ind, observations, year, today=today, reference=reference)
        for year in range(first + 1, last + 1)
    ]


@app.command()
def show(plan: PlanArg, name: NameArg, fmt: FormatOpt = "text", db: DbOpt = None) -> None:
    """查看一个指标：目标、基期值、各期数据和逐年进展状态。/ Show one indicator with its values and statuses."""
    check_format(fmt, JSON_OR_TEXT)
    with session_for(db) as session:
        info = find_plan(session, plan)
        view = show_indicator(session, info, name)
        from planwatch.services.monitoring.status import reference_of

        others = list_indicators(session, info)
        reference = reference_of(
            view.indicator, [v.indicator for v in others], {v.indicator.id: v.observations for v in others}
        )
    ind = view.indicator
    statuses = _statuses(ind, view.observations, reference)
    if fmt == "json":
        from planwatch.services.views.monitoring import status_dict

        payload: dict[str, Any] = indicator_dict(view)
        payload["statuses"] = [status_dict(s) for s in statuses]
        write_text(json.dumps(payload, ensure_ascii=False, indent=2), None)
        return
    label = "  [yellow]示例数据（虚构，仅供演示）[/yellow]" if ind.sample else ""
    out.print(f"[bold]{escape(ind.name)}[/bold]（{escape(ind.unit or '无单位')}）{label}")
    kind = TARGET_KIND_NAMES.get(ind.target_kind, ind.target_kind)
    lines = [
        f"类别：{ind.category}    属性：{ind.attribute}    方向：{DIRECTION_NAMES.get(ind.direction, ind.direction)}",
        f"基期值：{_value(ind.baseline_value, ind.unit)}{_year(ind.baseline_year)}",
        f"目标值：{format_target(ind)}{_year(ind.target_year)}"
        + (f"    目标类型：{kind}" if ind.target_value is not None else "")
        + ("    累计值" if ind.cumulative else ""),
    ]
    if ind.department:
        lines.append(f"责任单位：{ind.department}")
    if ind.data_source:
        lines.append(f"数据来源：{ind.data_source}")
    if ind.source_quantity:
        lines.append(f"来自规划原文：{ind.source_quantity}")
    for line in lines:
        out.print(line, markup=False)
    if view.observations:
        table = Table("时期", "数值", "来源", "备注", title="各期数据")
        for o in view.observations:
            table.add_row(
                o.period,
                escape(_value(o.value, ind.unit)),
                escape(o.source or "—"),
                escape((o.note or "") + ("（示例数据）" if o.sample and not ind.sample else "")) or "—",
            )
        out.print(table)
    else:
        out.print("还没有录入数据。可用 planwatch indicators record 或 observe 录入。")
    if statuses:
        table = Table("年份", "状态", "说明", title="逐年进展")
        for s in statuses:
            table.add_row(str(s.year), STATUS_NAMES.get(s.status, s.status), escape(s.explanation))
        out.print(table)
    elif ind.baseline_year is None:
        out.print("没有基期值和基期年份，无法评估进展。", markup=False)


@app.command("from-quantities")
def from_quantities(
    plan: PlanArg,
    version: Annotated[
        int | None, typer.Option("--version", "-v", help="版本号，默认最新。/ Version.")
    ] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """从规划抽取的数量指标一次创建指标（同一主语和单位合为一个；十四五数值作基期值，目标年份数值作目标值）。

    Create indicators from the plan's extracted quantities (one per subject and unit).
    """
    with session_for(db) as session:
        view = load_plan(session, plan, version)
        result = create_from_quantities(session, view, by=operator(user))
    for ind in result.created:
        out.print(
            f"已创建：{ind.name}（{ind.unit or '无单位'}）  基期值 {_value(ind.baseline_value, ind.unit)}"
            f"{_year(ind.baseline_year)}  目标值 {format_target(ind)}{_year(ind.target_year)}  "
            f"{ind.attribute}",
            markup=False,
        )
    for s in result.skipped:
        err.print(f"跳过：{s.name}——{s.reason}", markup=False)
    out.print(f"共创建 {len(result.created)} 个指标，跳过 {len(result.skipped)} 项。")
    if result.created:
        out.print("没有目标值的指标可用 planwatch indicators edit 补充目标。", markup=False)


def _print_problems(problems: tuple[grids.Problem, ...], bad_rows: int) -> None:
    if problems:
        err.print(f"[yellow]已跳过 {bad_rows} 行有错误的数据：[/yellow]")
        for p in problems:
            err.print(f"  · {p}", markup=False)


@app.command("import")
def import_(
    plan: PlanArg,
    file: Annotated[
        Path, typer.Argument(help="主要指标表：.docx 或 .xlsx（也可 .csv）。/ Indicator table file.")
    ],
    skip_bad: SkipBadOpt = False,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """从 Word 或 Excel 的主要指标表导入指标（序号 | 类别 | 指标 | 单位 | 基期值 | 目标值 | 年均/累计 | 属性）。

    Import indicators from a 主要指标表 table in a .docx or .xlsx file.
    """
    with session_for(db) as session:
        info = find_plan(session, plan)
        report = indicator_import.import_indicator_table(
            session, info, file, by=operator(user), skip_bad=skip_bad
        )
    for ind in report.created:
        out.print(
            f"已导入：{ind.name}（{ind.unit or '无单位'}）  基期值 {_value(ind.baseline_value, ind.unit)}"
            f"{_year(ind.baseline_year)}  目标值 {format_target(ind)}{_year(ind.target_year)}  "
            f"{ind.attribute}  {DIRECTION_NAMES.get(ind.direction, ind.direction)}",
            markup=False,
        )
    for name, reason in report.skipped:
        err.print(f"跳过：{name}——{reason}", markup=False)
    _print_problems(report.problems, report.bad_rows)
    out.print(
        f"从 {report.source} 读取 {report.rows} 个指标行，导入 {len(report.created)} 个，"
        f"已存在 {len(report.skipped)} 个，有错误 {report.bad_rows} 行。",
        markup=False,
    )


def _float(value: str | None, label: str) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        number = parse_number(value)
    except ValueError as exc:
        raise InputError(f"{label}有误：{exc}。", hint="请填写数字。") from exc
    return number


def _summary(ind: Indicator) -> str:
    """What add and edit report of the indicator as stored: target, baseline, attribute, direction."""
    return (
        f"目标 {format_target(ind)}{_year(ind.target_year)}，"
        f"基期值 {_value(ind.baseline_value, ind.unit)}{_year(ind.baseline_year)}，{ind.attribute}，"
        f"{DIRECTION_NAMES.get(ind.direction, ind.direction)}"
    )


def _given(options: dict[str, Any]) -> dict[str, Any]:
    """The options of add and edit that are fields of every indicator, by field name: ``--source``
    is ``data_source``, ``--tolerance`` a number. Read from the command's parameters, so that a field
    both take is named once here and not again in each command."""
    given = {f.name: options[f.name] for f in fields(IndicatorValues) if f.name in options}
    given["data_source"] = options["source"]
    given["tolerance"] = _float(options["tolerance"], "容差")
    return given


@app.command()
def add(
    plan: PlanArg,
    name: Annotated[str, typer.Option("--name", "-n", help="指标名称。/ Name.")],
    unit: Annotated[str, typer.Option("--unit", help="单位，如 %、万人、天。/ Unit.")],
    target: Annotated[
        str | None,
        typer.Option("--target", "-t", help="目标值，如 3.5%以上、5%左右、≤10、[5,6]、3.5。/ Target."),
    ] = None,
    baseline: Annotated[str | None, typer.Option("--baseline", help="基期值。/ Baseline value.")] = None,
    baseline_year: Annotated[
        int | None,
        typer.Option("--baseline-year", help="基期年份，默认规划基期（十五五为 2025）。/ Base year."),
    ] = None,
    target_year: Annotated[
        int | None,
        typer.Option("--target-year", help="目标年份，默认规划期末（十五五为 2030）。/ Target year."),
    ] = None,
    attribute: Annotated[
        str | None, typer.Option("--attribute", help="属性：预期性 或 约束性（默认按名称推断）。/ Attribute.")
    ] = None,
    direction: Annotated[
        str | None,
        typer.Option(
            "--direction", help="方向：increase（越大越好）或 decrease（越小越好），默认推断。/ Direction."
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="目标类型 at_least/at_most/about/range/exact，默认从目标值读出。/ Target kind."
        ),
    ] = None,
    tolerance: Annotated[
        str | None, typer.Option("--tolerance", help="“左右”目标的容差，如 0.5。/ ± of an about target.")
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="类别，默认按名称推断。/ Category.")
    ] = None,
    cumulative: CumulativeOpt = None,
    source: SourceOpt = None,
    department: DepartmentOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """手工新增一个指标。/ Add an indicator by hand.

    例如：planwatch indicators add 1 --name 研发经费投入强度 --unit % --target 3.5%以上 --baseline 3
    """
    given = _given(locals())
    with session_for(db) as session:
        info = find_plan(session, plan)
        ind = add_indicator(
            session,
            info,
            IndicatorFields(name=name, unit=unit, **given),
            by=operator(user),
        )
    out.print(f"已新增指标 #{ind.id}“{ind.name}”：{_summary(ind)}，类别 {ind.category}。", markup=False)


@app.command()
def edit(
    plan: PlanArg,
    name: NameArg,
    new_name: Annotated[str | None, typer.Option("--name", "-n", help="新名称。/ New name.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="单位。/ Unit.")] = None,
    target: Annotated[str | None, typer.Option("--target", "-t", help="目标值。/ Target.")] = None,
    baseline: Annotated[str | None, typer.Option("--baseline", help="基期值。/ Baseline.")] = None,
    baseline_year: Annotated[
        int | None, typer.Option("--baseline-year", help="基期年份。/ Base year.")
    ] = None,
    target_year: Annotated[int | None, typer.Option("--target-year", help="目标年份。/ Target year.")] = None,
    attribute: Annotated[str | None, typer.Option("--attribute", help="属性。/ Attribute.")] = None,
    direction: Annotated[str | None, typer.Option("--direction", help="方向。/ Direction.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="目标类型。/ Target kind.")] = None,
    tolerance: Annotated[str | None, typer.Option("--tolerance", help="容差。/ Tolerance.")] = None,
    category: Annotated[str | None, typer.Option("--category", help="类别。/ Category.")] = None,
    cumulative: CumulativeOpt = None,
    source: SourceOpt = None,
    department: DepartmentOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """修改指标的目标、基期、属性、方向等（只改给出的项，整体重新校验）。/ Change fields of an indicator."""
    given = _given(locals())
    with session_for(db) as session:
        info = find_plan(session, plan)
        ind = update_indicator(
            session,
            info,
            name,
            IndicatorChanges(name=new_name, unit=unit, **given),
            by=operator(user),
        )
    out.print(f"指标“{ind.name}”现为：{_summary(ind)}。", markup=False)


@app.command()
def remove(
    plan: PlanArg,
    name: NameArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="确认删除。/ Confirm.")] = False,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """删除一个指标及其全部数据（审计日志保留删除前的内容）。/ Delete an indicator and its values."""
    if not yes:
        raise InputError("删除指标会同时删除它的全部数据。", hint="确认无误请加 --yes 重新运行。")
    with session_for(db) as session:
        info = find_plan(session, plan)
        ind = remove_indicator(session, info, name, by=operator(user))
    out.print(f"已删除指标“{ind.name}”及其数据。", markup=False)


@app.command()
def record(
    plan: PlanArg,
    name: NameArg,
    period: Annotated[str, typer.Argument(help="时期：年份 2026 或季度 2026Q3。/ Year or quarter.")],
    value: Annotated[str, typer.Argument(help="数值。/ Value.")],
    source: Annotated[str | None, typer.Option("--source", help="数据来源。/ Source.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="备注。/ Note.")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """录入一个指标某年（或某季度）的数值；已有数值则更正。/ Record one value (a correction replaces it)."""
    with session_for(db) as session:
        info = find_plan(session, plan)
        result = record_observation(
            session, info, name, period, value, source=source, note=note, by=operator(user)
        )
    ind, o, previous = result.indicator, result.observation, result.previous
    shown = _value(o.value, ind.unit)
    if previous is None:
        out.print(f"已录入：{ind.name} {o.period} = {shown}", markup=False)
    elif not result.changed:
        out.print(f"未改动：{ind.name} {o.period} 已是 {shown}", markup=False)
    else:
        out.print(
            f"已更正：{ind.name} {o.period} = {shown}（原为 {_value(previous.value, ind.unit)}）",
            markup=False,
        )


@app.command()
def observe(
    plan: PlanArg,
    file: Annotated[
        Path, typer.Argument(help="数据表：.csv 或 .xlsx（指标 | 单位 | 2025 | 2026 …）。/ CSV or XLSX.")
    ],
    skip_bad: SkipBadOpt = False,
    source: Annotated[
        str | None, typer.Option("--source", help="数据来源（表中没有“来源”列时使用）。/ Default source.")
    ] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """从 CSV 或 Excel 导入各指标的年度（季度）数据：每行一个指标，每列一个年份。

    Import observed values from a CSV/XLSX sheet: one row per indicator, one column per year.
    Every bad row is reported; nothing is imported unless all rows are good (or --skip-bad).
    """
    with session_for(db) as session:
        info = find_plan(session, plan)
        report = observation_import.import_observations(
            session, info, file, by=operator(user), skip_bad=skip_bad, source=source
        )
    _print_problems(report.problems, report.bad_rows)
    out.print(
        f"从 {report.source} 读取 {report.rows} 行：新录入 {report.added} 个数值，更正 {report.updated} 个，"
        f"未变 {report.unchanged} 个；有错误 {report.bad_rows} 行。",
        markup=False,
    )


@app.command()
def sample(
    plan: PlanArg,
    remove_: Annotated[
        bool, typer.Option("--remove", help="删除全部示例数据。/ Remove the sample data.")
    ] = False,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """加载示例指标（几个大连指标和虚构的 2026 年数据，均标注“示例数据”），或用 --remove 一次删除。
    连同任务进展示例一起加载或删除：planwatch sample 规划 [--remove]。

    Load the labelled sample indicators (made-up 2026 values), or remove them; `planwatch sample`
    covers the task progress samples too.
    """
    with session_for(db) as session:
        info = find_plan(session, plan)
        if remove_:
            result = remove_sample(session, info, by=operator(user))
        else:
            result = load_sample(session, info, by=operator(user))
    if remove_:
        if result.indicators or result.observations:
            out.print(
                f"已删除示例数据：{result.indicators} 个指标、{result.observations} 个数值。真实数据未受影响。"
            )
        else:
            out.print("该规划没有示例数据。")
        return
    if result.already:
        out.print(
            f"示例数据已加载过，未重复加载。如需删除：planwatch indicators sample {escape(plan)} --remove"
        )
        return
    out.print(
        f"已加载示例数据：{result.indicators} 个指标、{result.observations} 个数值（虚构，仅供演示，"
        "名称均带“（示例数据）”）。"
    )
    out.print(f"删除示例数据：planwatch indicators sample {escape(plan)} --remove")
    out.print(f"连同任务进展示例一起加载：planwatch sample {escape(plan)}")
