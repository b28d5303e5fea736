"""The ``planwatch`` command. Each command is a thin wrapper over a service function.

Commands are registered by where they live, not imported: a command's module (and the services,
exporters and libraries behind it) is imported only when that command runs, so ``planwatch --help``
and the quick commands start at once. The help below is what the top-level command list shows; a
test checks it against each command's own help.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from rich.markup import escape

from planwatch import __version__
from planwatch.cli.common import STATE, err, out, settings
from planwatch.cli.lazy import Lazy, LazyGroup
from planwatch.model import PlanWatchError

COMMANDS = {
    "assign": Lazy(
        "planwatch.cli.tasks:assign",
        "调整任务的牵头单位、配合单位和完成时限（记录操作人和时间，新版本中继续有效）。",
    ),
    "export": Lazy(
        "planwatch.cli.tasks:export", "导出重点任务分工方案、主要指标表或实体清单（Excel、Word、CSV、JSON）。"
    ),
    "export-division": Lazy(
        "planwatch.cli.division:export_division",
        "下载分工方案 Excel 供各部门填写（每项任务一行，含反馈意见列和隐藏的校验列）。",
    ),
    "import-division": Lazy(
        "planwatch.cli.division:import_division",
        "读入部门填写后的分工方案：逐行列出改动、未知单位（附建议）和与他人修改的冲突；加 --apply 应用。",
    ),
    "serve": Lazy(
        "planwatch.cli.serve:serve",
        "启动网页服务（空库时先导入内置的大连规划）。/ Serve the web app (imports the default plan into an empty database).",
    ),
    "batch": Lazy(
        "planwatch.cli.batch:batch",
        "并行分析文件夹中的全部规划文件（Dask），输出每个文件的统计；可中断，重新运行时跳过已完成的文件。",
    ),
    "backup": Lazy(
        "planwatch.cli.backup:backup",
        "备份整个数据库（SQLite 用在线备份接口，PostgreSQL 用 pg_dump），服务运行时也可执行。",
    ),
    "restore": Lazy(
        "planwatch.cli.backup:restore",
        "从备份恢复整个数据库：先完整检查备份，再在一个事务中替换；旧版本的备份恢复后自动升级结构。",
    ),
    "search": Lazy(
        "planwatch.cli.search:search", "在规划的句子中全文搜索（中文分词，高亮显示），列出所在条目。"
    ),
    "report": Lazy(
        "planwatch.cli.report:report",
        "生成年度监测报告或中期评估报告（总体判断、指标表与图表、任务完成情况、重大项目、滞后事项、下一步工作）。",
    ),
    "sample": Lazy(
        "planwatch.cli.sample:sample",
        "加载示例数据（几个大连指标及虚构数值、约二十个任务的虚构进展报告，均标注“示例数据”），或用 --remove 一次删除。",
    ),
    "compare": Lazy(
        "planwatch.cli.compare:compare",
        "比对两份规划：逐条找出对照规划中最相近的条目、承接情况、各自独有的提法和关键词、指标对照。",
    ),
    "diff": Lazy(
        "planwatch.cli.compare:diff",
        "对照一份规划的两个版本：逐条列出新增、删除、修改的句子（标出改动的字），以及任务、数量、实体的变化。",
    ),
    "lineage": Lazy(
        "planwatch.cli.compare:lineage", "规划体系：查看或设置一份规划的上级规划和层级，列出其下级规划。"
    ),
    "reattach": Lazy(
        "planwatch.cli.compare:reattach",
        "新版本中任务文字改写后，列出未生效的分工调整及候选任务；用 --id 和 --to 重新关联。",
    ),
    "trace": Lazy(
        "planwatch.cli.trace:trace",
        "追踪规划的每项任务在后续文件中的落实佐证：哪些句子部署、报告或提及了它，相似度、共同关键词和年份。",
    ),
    "evidence": Lazy(
        "planwatch.cli.evidence:app",
        "落实佐证：把后续文件附加为规划的佐证来源，查看各任务的佐证，确认、排除或撤回。",
    ),
    "analyze": Lazy(
        "planwatch.cli.analyze:analyze", "分析规划文件并输出大纲、句子等分析结果（不写数据库）。"
    ),
    "import": Lazy(
        "planwatch.cli.plans:import_", "分析规划文件并存入数据库；同名规划的新文本作为新版本保存。"
    ),
    "plans": Lazy(
        "planwatch.cli.plans:plans", "列出已存储的规划及其版本。/ List stored plans and their versions."
    ),
    "show": Lazy(
        "planwatch.cli.plans:show",
        "显示规划的大纲树，或某个节点及其原文；--quantities/--entities/--goals/--tasks 列出抽取结果。",
    ),
    "issuer": Lazy(
        "planwatch.cli.issuer:issuer",
        "查看或更正规划的发文机关及其任务分工所用的部门目录；更改后重新生成各版本的分工建议。",
    ),
    "eval": Lazy(
        "planwatch.cli.analyze:eval_", "按金标准评测抽取结果：各类的准确率、召回率和 F1（严格、宽松）。"
    ),
    "db": Lazy("planwatch.cli.db:app", "数据库管理。/ Database management."),
    "departments": Lazy(
        "planwatch.cli.departments:app",
        "部门目录：列出、查看、加载、编辑。/ The department catalogue: list, show, load, edit.",
    ),
    "users": Lazy(
        "planwatch.cli.users:app",
        "网页用户：新增、列出、改密码、停用。/ Web users: add, list, change password, disable.",
    ),
    "indicators": Lazy(
        "planwatch.cli.indicators:app",
        "指标体系：从规划抽取或导入主要指标表、手工新增、录入和导入年度数据、示例数据。",
    ),
    "progress": Lazy(
        "planwatch.cli.progress:app",
        "任务进展：按季度填报、审核（通过 / 退回）、历史、序时进度与预警、汇总和部门记分卡。",
    ),
    "notify": Lazy("planwatch.cli.notify:app", "提醒：某个用户的预警和待处理事项，列出或通过邮件发送。"),
    "observe": Lazy(
        "planwatch.cli.observe:app", "从统计公报、政府工作报告等文件中提取指标数据，经人工审核后记入指标。"
    ),
}


class RootGroup(LazyGroup):
    commands_lazy = COMMANDS


app = typer.Typer(
    name="planwatch",
    cls=RootGroup,
    help="PlanWatch 规划实施监测评估平台：把规划文件变成可跟踪的结构化规划。\n\n"
    "PlanWatch: turn a Chinese development-plan document into a structured, trackable plan.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        out.print(f"planwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="出错时显示完整的调用栈。/ Show tracebacks.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本。/ Show the version."),
    ] = False,
) -> None:
    STATE.debug = debug or settings().debug


def main() -> None:
    # pydantic looks for plugins among the entry points of every installed distribution the first
    # time a model is built, a scan that cost a command tens of milliseconds; PlanWatch uses none.
    # Setting the variable (even to "") keeps whatever plugins its value allows.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except PlanWatchError as exc:
        if STATE.debug:
            raise
        from planwatch.cli.hints import HINTS  # only when there is an error: --help stays light

        err.print(f"[red]错误：[/red]{escape(exc.text(exc.hint_in(HINTS)))}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("已中断。")
        sys.exit(130)
    except Exception as exc:
        if STATE.debug:
            raise
        err.print(f"[red]内部错误：[/red]{type(exc).__name__}: {escape(str(exc))}")
        err.print("请加 --debug 重新运行以查看详细信息，并把输出报告给开发者。")
        sys.exit(1)


if __name__ == "__main__":
    main()
