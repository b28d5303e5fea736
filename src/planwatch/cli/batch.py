"""``planwatch batch``: analyse a folder of documents on Dask, with a progress bar and statistics."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from planwatch.cli.common import err, out, settings
from planwatch.model import InputError
from planwatch.services.plans.batch import FORMATS, BatchResult, Format, dask_client, run_batch


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


class _StopOnSignal:
    """Ctrl-C or ``kill PID`` asks the batch to stop at the next finished document (results so far are
    on disk, Parquet is merged); a second one stops at once."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def __call__(self, _signum: int, _frame: FrameType | None) -> None:
        if self.event.is_set():
            raise KeyboardInterrupt
        self.event.set()


def batch(
    folder: Annotated[
        Path, typer.Argument(help="规划文件所在的文件夹（含子文件夹）。/ Folder of documents.")
    ],
    output: Annotated[Path, typer.Option("--out", "-o", help="结果文件。/ Output file.")],
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask 调度器地址（如 tcp://10.0.0.5:8786）；省略时在本机启动进程集群。"
            "/ Dask scheduler address; default: a local cluster.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", "-w", help="本机集群的工作进程数。/ Local worker processes.")
    ] = 2,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl 或 parquet。/ Output format.")] = "jsonl",
    pattern: Annotated[
        str, typer.Option("--pattern", help="文件名通配符，如 *.docx。/ File-name glob.")
    ] = "*",
    full: Annotated[
        bool, typer.Option("--full", help="每个文件附带完整分析结果。/ Include the full analysis.")
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="重试以前失败的文件。/ Retry files that failed before.")
    ] = False,
) -> None:
    """并行分析文件夹中的全部规划文件（Dask），输出每个文件的统计；可中断，重新运行时跳过已完成的文件。

    Analyse every document under a folder in parallel on Dask; resumable (done files are skipped by hash).
    """
    if fmt not in FORMATS:
        raise InputError(f"不支持的输出格式“{fmt}”。", hint="请使用 --format jsonl 或 --format parquet。")
    if not folder.is_dir():
        raise InputError(f"找不到文件夹：{folder}", hint="请给出包含规划文件的文件夹路径。")
    fmt_: Format = "parquet" if fmt == "parquet" else "jsonl"
    on_signal = _StopOnSignal()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
        TimeRemainingColumn(),
    )
    # until the run starts, `kill PID` ends the command like Ctrl-C (nothing has been written yet)
    before = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        with Progress(*columns, console=err, transient=False) as bar:
            task = bar.add_task("准备", total=None, status="")

            def on_event(event: str, path: str, r: BatchResult) -> None:
                if event == "found":
                    bar.update(task, total=r.found, description="分析")
                    return
                status = f"完成 {r.analysed} · 跳过 {r.skipped} · 失败 {r.failed}"
                bar.update(task, advance=1, status=status)
                if event == "failed":
                    bar.console.print(f"[yellow]失败：{escape(path)}[/yellow]")

            bar.update(task, description="启动集群" if scheduler is None else "连接调度器")
            with dask_client(scheduler, workers) as client:
                during = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
                try:
                    result = run_batch(
                        client, folder, output, fmt=fmt_, pattern=pattern, full=full,
                        retry_failed=retry_failed, settings=settings(), progress=on_event, stop=on_signal.event,
                    )  # fmt: skip
                finally:
                    for sig, handler in during.items():
                        signal.signal(sig, handler)
    finally:
        signal.signal(signal.SIGTERM, before)
    _print_summary(result)
    if result.interrupted:
        raise typer.Exit(130)


def _print_summary(r: BatchResult) -> None:
    if r.interrupted:
        out.print("[yellow]已中断。[/yellow]已完成的结果都已保存；用同一命令重新运行即可继续。")
    rate = r.analysed / r.seconds if r.seconds > 0 else 0.0
    out.print(
        f"本次：找到 {r.found} 个文件，分析 {r.analysed} 个，跳过 {r.skipped} 个（已完成或重复），"
        f"失败 {r.failed} 个；用时 {r.seconds:.1f} 秒（{rate:.1f} 个/秒）。"
    )
    c = r.corpus
    per: dict[str, Any] = c.per_document()
    out.print(f"语料统计（{escape(str(r.out))}）：{c.documents} 个文件，{c.chars:,} 字，"
              f"{sum(c.quantities):,} 个数量指标，{sum(c.entities):,} 个实体，{sum(c.tasks):,} 项任务。")  # fmt: skip
    names = {"chars": "字数", "quantities": "数量指标", "entities": "实体", "tasks": "任务"}
    for key, name in names.items():
        out.print(f"  每个文件的{name}：平均 {per[key]['mean']:.1f}，中位数 {per[key]['median']:.1f}")
    if r.failures_total:
        out.print(f"失败 {r.failures_total} 个，清单见 {escape(str(r.failures_file))}")
