"""Analyse a whole folder of plan documents in parallel on Dask (``planwatch batch``).

Design:

* The client walks the folder, reads each file once and hashes it. A file whose sha256 is already in
  the output (or in the failures list) is skipped: analysis is a pure function of the bytes and the
  configuration, so a finished document never needs doing again. The bytes, not the path, go to the
  worker, so a remote cluster needs no shared file system; at most a few files per worker thread are
  in flight, so memory stays flat for any corpus size.
* Workers run :func:`analyse_one`, which never raises: a bad file comes back as a failure record with
  the Chinese message the ingest layer wrote for people. A worker that dies is reported the same way.
* Every finished result is appended to a JSON Lines journal and flushed at once, so Ctrl-C, SIGTERM or
  even ``kill -9`` leaves every finished document on disk. For ``--format jsonl`` the journal *is* the
  output; a line cut short by a hard kill is dropped when the next run opens the file. For
  ``--format parquet`` the journal is ``OUT.journal.jsonl``: at the end of a run (also after Ctrl-C
  or SIGTERM) the journal and the existing Parquet file are merged into a new file written beside it
  and renamed over it, then the journal is removed. After a hard kill the previous Parquet file is
  still intact and the next run merges the leftover journal.
* Failures go to ``OUT.failures.jsonl`` (path, sha256, Chinese error, exception type), also appended
  per result. Files that failed with a known sha256 are not retried unless ``retry_failed``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from planwatch import ingest
from planwatch.ingest import errors as ingest_errors
from planwatch.model import Analysis, PlanWatchError
from planwatch.model.analysis import ENTITY_KINDS
from planwatch.services.plans.analyze import analyze_document, extraction_config
from planwatch.settings import Settings

Format = Literal["jsonl", "parquet"]
FORMATS: tuple[str, ...] = ("jsonl", "parquet")
# Tasks in flight per worker thread: enough to keep workers busy while the client reads the next files.
IN_FLIGHT_PER_THREAD = 4

# Columns of one result, in order. ``analysis`` (the full Analysis.to_dict as JSON) only with --full.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("path", "string"),
    ("sha256", "string"),
    ("size", "int64"),
    ("format", "string"),
    ("title", "string"),
    ("chars", "int64"),
    ("parts", "int64"),
    ("chapters", "int64"),
    ("sections", "int64"),
    ("articles", "int64"),
    ("sentences", "int64"),
    ("quantities", "int64"),
    ("entities", "int64"),
    *((f"entities_{k}", "int64") for k in ENTITY_KINDS),
    ("goals", "int64"),
    ("tasks", "int64"),
    ("warnings", "int64"),
)


# -- the worker side: pure, picklable, never raises ------------------------------------------------


def summarise(analysis: Analysis, path: str, size: int, *, full: bool = False) -> dict[str, Any]:
    """One output record: counts that describe the document, and optionally the whole analysis."""
    kinds = Counter(n.kind for n in analysis.outline)
    entity_kinds = Counter(e.kind for e in analysis.entities)
    record: dict[str, Any] = {
        "path": path,
        "sha256": analysis.document.sha256,
        "size": size,
        "format": analysis.document.format,
        "title": analysis.document.title,
        "chars": len(analysis.document.text),
        "parts": kinds.get("part", 0),
        "chapters": kinds.get("chapter", 0),
        "sections": kinds.get("section", 0),
        "articles": kinds.get("article", 0),
        "sentences": len(analysis.sentences),
        "quantities": len(analysis.quantities),
        "entities": len(analysis.entities),
        **{f"entities_{k}": entity_kinds.get(k, 0) for k in ENTITY_KINDS},
        "goals": len(analysis.goals),
        "tasks": len(analysis.tasks),
        "warnings": len(analysis.warnings),
    }
    if full:
        record["analysis"] = analysis.to_dict()
    return record


def analyse_one(
    data: bytes, path: str, config: Mapping[str, Any], max_bytes: int, full: bool = False
) -> dict[str, Any]:
    """Analyse one file's bytes. Returns ``{"ok": True, "record": …}`` or ``{"ok": False, "failure": …}``.

    Runs on a Dask worker. Every exception becomes a failure record, so one bad file cannot stop the
    batch (and nothing depends on a worker's exception pickling cleanly back to the client).
    """
    try:
        document = ingest.read_bytes(data, Path(path).name, max_bytes=max_bytes)
        analysis = analyze_document(document, config)
        return {"ok": True, "record": summarise(analysis, path, len(data), full=full)}
    except Exception as exc:
        return {"ok": False, "failure": failure(path, hashlib.sha256(data).hexdigest(), exc)}


def failure(path: str, sha256: str | None, exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, PlanWatchError):
        message, hint = exc.message, exc.hint
    else:
        message = f"分析时发生内部错误：{type(exc).__name__}: {exc}"
        hint = "请把该文件和这条信息报告给开发者；其余文件不受影响。"
    return {"path": path, "sha256": sha256, "error": message, "hint": hint, "type": type(exc).__name__}


# -- files ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutputFiles:
    out: Path
    fmt: Format

    @property
    def journal(self) -> Path:
        return self.out if self.fmt == "jsonl" else self.out.with_name(self.out.name + ".journal.jsonl")

    @property
    def failures(self) -> Path:
        return self.out.with_name(self.out.name + ".failures.jsonl")

    def ours(self) -> set[Path]:
        paths = {self.out, self.journal, self.failures, self.out.with_name(self.out.name + ".tmp")}
        return {p.resolve() for p in paths}


def discover(root: Path, pattern: str = "*", exclude: set[Path] | None = None) -> list[Path]:
    """Regular files under ``root`` (recursively) matching ``pattern``, in a stable order.

    Hidden files and folders (``.git``, ``.DS_Store``) are left out; the format is judged later from
    the content, so no suffix filter is needed.
    """
    exclude = exclude or set()
    found = []
    for p in root.rglob(pattern):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if p.is_file() and p.resolve() not in exclude:
            found.append(p)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def read_journal(path: Path) -> list[dict[str, Any]]:
    """The complete lines of a JSON Lines file; a last line cut short by a hard kill is cut off the file.

    Only the tail can be incomplete (lines are written whole and flushed one by one), so truncating
    to the end of the last good line is a repair, not a loss of finished work.
    """
    if not path.exists():
        return []
    records = []
    good_end = 0
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                records.append(json.loads(raw))
            except ValueError:
                break
            good_end += len(raw)
    if good_end != path.stat().st_size:
        with path.open("r+b") as fh:
            fh.truncate(good_end)
    return records


def read_parquet_records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    import pyarrow.parquet as pq

    try:
        rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    except Exception as exc:  # pyarrow raises several unrelated types for a damaged file
        raise PlanWatchError(
            f"已有的输出文件 {path} 不是有效的 Parquet 文件：{exc}",
            hint="请换一个 --out，或删除（移走）该文件后重新运行。",
        ) from exc
    for row in rows:
        if isinstance(row.get("analysis"), str):
            row["analysis"] = json.loads(row["analysis"])
    return rows


def write_parquet(path: Path, records: list[dict[str, Any]]) -> None:
    """All records into one Parquet file, written beside ``path`` and renamed over it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = [pa.field(name, pa.string() if kind == "string" else pa.int64()) for name, kind in COLUMNS]
    full = any("analysis" in r for r in records)
    if full:
        fields.append(pa.field("analysis", pa.string()))
    rows = []
    for r in records:
        row = {name: r.get(name) for name, _ in COLUMNS}
        if full:
            a = r.get("analysis")
            row["analysis"] = None if a is None else json.dumps(a, ensure_ascii=False)
        rows.append(row)
    table = pa.Table.from_pylist(rows, schema=pa.schema(fields))
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def _append(fh: IO[str], record: Mapping[str, Any]) -> None:
    # One write per line, flushed at once: a kill can lose at most the line being written.
    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    fh.flush()


# -- statistics -------------------------------------------------------------------------------------


@dataclass
class CorpusStats:
    documents: int = 0
    chars: int = 0
    size: int = 0
    quantities: list[int] = field(default_factory=list)
    entities: list[int] = field(default_factory=list)
    tasks: list[int] = field(default_factory=list)
    chars_per_doc: list[int] = field(default_factory=list)

    def add(self, record: Mapping[str, Any]) -> None:
        self.documents += 1
        self.chars += int(record["chars"])
        self.size += int(record.get("size") or 0)
        self.chars_per_doc.append(int(record["chars"]))
        self.quantities.append(int(record["quantities"]))
        self.entities.append(int(record["entities"]))
        self.tasks.append(int(record["tasks"]))

    def per_document(self) -> dict[str, dict[str, float]]:
        def pair(values: list[int]) -> dict[str, float]:
            if not values:
                return {"mean": 0.0, "median": 0.0}
            return {"mean": statistics.fmean(values), "median": float(statistics.median(values))}

        return {
            "chars": pair(self.chars_per_doc),
            "quantities": pair(self.quantities),
            "entities": pair(self.entities),
            "tasks": pair(self.tasks),
        }


@dataclass
class BatchResult:
    """What one run did (``analysed``/``failed``/``skipped``) and what the whole output now holds."""

    found: int = 0
    analysed: int = 0
    failed: int = 0
    skipped: int = 0
    bytes_analysed: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    corpus: CorpusStats = field(default_factory=CorpusStats)
    failures_total: int = 0
    out: Path | None = None
    failures_file: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "found": self.found,
            "analysed": self.analysed,
            "failed": self.failed,
            "skipped": self.skipped,
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "documents": self.corpus.documents,
            "chars": self.corpus.chars,
            "quantities": sum(self.corpus.quantities),
            "entities": sum(self.corpus.entities),
            "tasks": sum(self.corpus.tasks),
            "per_document": self.corpus.per_document(),
            "failures": self.failures_total,
        }


# -- orchestration ----------------------------------------------------------------------------------

# (event, relative path, running result); events: "found" (once, path ""), "skipped", "analysed", "failed"
ProgressCallback = Callable[[str, str, BatchResult], None]


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[Any]:
    """A Dask client: on ``scheduler`` (``tcp://host:8786``) or on a new local cluster of ``workers``
    processes with one thread each (the analysis is pure Python and holds the GIL)."""

    import distributed

    # distributed's own annotations leave these untyped; the client is passed around as Any anyway
    dd: Any = distributed

    # Dask logs worker start/stop and closing chatter at INFO/WARNING; the progress bar says enough.
    for name in ("distributed", "distributed.nanny", "distributed.worker", "distributed.scheduler"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if scheduler:
        try:
            client = dd.Client(scheduler, timeout="15s")
        except (OSError, TimeoutError) as exc:
            raise PlanWatchError(
                f"无法连接 Dask 调度器 {scheduler}：{exc}",
                hint="请确认调度器已启动（dask scheduler）、地址和端口正确，且本机可以访问。",
            ) from exc
        try:
            yield client
        finally:
            client.close()
        return
    if workers < 1:
        raise PlanWatchError("工作进程数至少为 1。", hint="请使用 --workers 1 或更大的数。")
    cluster = dd.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    client = dd.Client(cluster)
    # Ctrl-C in a terminal reaches the workers too (same process group); let only this process act on
    # it, so the workers are shut down in order instead of each printing a KeyboardInterrupt.
    client.run(_prepare_worker)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _prepare_worker() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("distributed.worker").addFilter(_no_heartbeat_after_close)


def _no_heartbeat_after_close(record: logging.LogRecord) -> bool:
    """Drop a worker's "Failed to communicate with scheduler during heartbeat" report: on a local
    cluster the scheduler goes away only when this process closes it (Ctrl-C, SIGTERM, the end of a
    run), and a worker whose heartbeat was in flight then printed a traceback into the command's
    stderr (tests/cli/test_cli_batch.py saw it under load). A scheduler that dies mid-run still fails
    the run through the client."""
    return not record.getMessage().startswith("Failed to communicate with scheduler during heartbeat")


def _resume(files: OutputFiles, retry_failed: bool, result: BatchResult) -> tuple[set[str], set[str]]:
    """What an earlier run left: the hashes of the documents analysed (their records added to
    ``result``) and of those that failed, unless ``retry_failed``; the failures file keeps only the
    latter."""
    done: set[str] = set()
    existing = read_journal(files.journal)
    if files.fmt == "parquet":
        existing = read_parquet_records(files.out) + existing
    for record in existing:
        if record["sha256"] not in done:
            done.add(record["sha256"])
            result.corpus.add(record)
    old_failures = [] if retry_failed else read_journal(files.failures)
    # Failures without a hash (unreadable files) are tried again: the cause may be gone.
    kept_failures = [f for f in old_failures if f.get("sha256") and f["sha256"] not in done]
    _rewrite_jsonl(files.failures, kept_failures)
    return done, {f["sha256"] for f in kept_failures}


def run_batch(
    client: Any,
    root: Path,
    out: Path,
    *,
    fmt: Format = "jsonl",
    pattern: str = "*",
    full: bool = False,
    retry_failed: bool = False,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
) -> BatchResult:
    """Analyse every file under ``root`` on ``client``'s cluster into ``out``. See the module docstring.

    Setting ``stop`` (from a signal handler, say) ends the run at the next finished document: nothing
    more is submitted, work in flight is cancelled, everything finished is on disk, and the result is
    marked ``interrupted``. A KeyboardInterrupt does the same, but may land inside a Dask call, so a
    caller that can should prefer ``stop``.
    """
    import distributed

    if fmt not in FORMATS:
        raise PlanWatchError(f"不支持的输出格式“{fmt}”。", hint="请使用 --format jsonl 或 --format parquet。")
    if not root.is_dir():
        raise PlanWatchError(f"找不到文件夹：{root}", hint="请给出包含规划文件的文件夹路径。")
    settings = settings or Settings()
    files = OutputFiles(out, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    result = BatchResult(out=out, failures_file=files.failures)
    report = progress or (lambda _e, _p, _r: None)

    done, failed_hashes = _resume(files, retry_failed, result)

    paths = discover(root, pattern, files.ours())
    result.found = len(paths)
    report("found", "", result)
    config = extraction_config(settings)
    started = time.perf_counter()
    window = max(2, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))

    with (
        files.journal.open("a", encoding="utf-8") as journal,
        files.failures.open("a", encoding="utf-8") as bad,
    ):

        def finish(outcome: Mapping[str, Any]) -> None:
            if outcome["ok"]:
                record = outcome["record"]
                if record["sha256"] in done:  # same content under two names, both in flight
                    result.skipped += 1
                    report("skipped", record["path"], result)
                    return
                _append(journal, record)
                done.add(record["sha256"])
                result.analysed += 1
                result.bytes_analysed += int(record["size"])
                result.corpus.add(record)
                report("analysed", record["path"], result)
            else:
                fail = outcome["failure"]
                _append(bad, fail)
                if fail.get("sha256"):
                    failed_hashes.add(fail["sha256"])
                result.failed += 1
                report("failed", fail["path"], result)

        pending: Any = distributed.as_completed()  # type: ignore[no-untyped-call]
        in_flight: dict[Any, str] = {}
        # A user's department catalogue is sent to every worker once, not with every file.
        shared_config: Any = client.scatter([config], broadcast=True)[0] if config else {}

        def collect_one() -> None:
            future = next(pending)
            rel = in_flight.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # the worker died (KilledWorker) or the cluster went away
                outcome = {"ok": False, "failure": failure(rel, None, exc)}
            finish(outcome)

        try:
            for i, path in enumerate(paths):
                if stop is not None and stop.is_set():
                    break
                rel = path.relative_to(root).as_posix()
                try:
                    size = path.stat().st_size
                    if size > settings.max_file_bytes:  # never read a huge file into memory
                        too_big = ingest_errors.too_large(size, settings.max_file_bytes, path.name)
                        finish({"ok": False, "failure": failure(rel, None, too_big)})
                        continue
                    data = path.read_bytes()
                except OSError as exc:
                    finish({"ok": False, "failure": failure(rel, None, _unreadable(path, exc))})
                    continue
                digest = hashlib.sha256(data).hexdigest()
                if digest in done or digest in failed_hashes:
                    result.skipped += 1
                    report("skipped", rel, result)
                    continue
                future = client.submit(
                    analyse_one, data, rel, shared_config, settings.max_file_bytes, full,
                    key=f"planwatch-analyse-{i}-{digest[:16]}", pure=False,
                )  # fmt: skip
                in_flight[future] = rel
                pending.add(future)
                while len(in_flight) >= window and not (stop is not None and stop.is_set()):
                    collect_one()
            while in_flight and not (stop is not None and stop.is_set()):
                collect_one()
            if stop is not None and stop.is_set():
                result.interrupted = True
                client.cancel(list(in_flight))
        except KeyboardInterrupt:
            result.interrupted = True
            client.cancel(list(in_flight))
        finally:
            result.seconds = time.perf_counter() - started

    if fmt == "parquet":
        merged = {r["sha256"]: r for r in read_parquet_records(out) + read_journal(files.journal)}
        write_parquet(out, list(merged.values()))
        files.journal.unlink(missing_ok=True)
    result.failures_total = len(read_journal(files.failures))
    return result


def _rewrite_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def _unreadable(path: Path, exc: OSError) -> PlanWatchError:
    return PlanWatchError(
        f"无法读取文件：{exc.strerror or exc}", where=path.name, hint="请检查文件的访问权限后重新运行。"
    )
