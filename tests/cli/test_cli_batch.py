"""``planwatch batch`` as a user runs it: a real process, a real local Dask cluster, killed and resumed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from planwatch.services.plans.analyze import default_plan_bytes

EXE = str(Path(sys.executable).with_name("planwatch"))


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}


def _corpus(root: Path, n: int) -> None:
    data, _ = default_plan_bytes()
    root.mkdir()
    for i in range(n):
        (root / f"plan{i:03}.txt").write_bytes(data + f"\n（{i}）推进第{i}批城市更新项目。\n".encode())
    (root / "broken.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)


def test_sigterm_leaves_a_valid_output_and_the_rerun_finishes_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus, 30)
    out = tmp_path / "out.jsonl"
    args = [EXE, "batch", str(corpus), "--out", str(out), "--workers", "1"]
    proc = subprocess.Popen(args, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 3:
                break
            time.sleep(0.2)
        assert proc.poll() is None, "the batch finished before it could be interrupted"
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "已中断" in stdout
    assert "Traceback" not in stderr
    first = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert 3 <= len(first) < 30
    assert len({r["sha256"] for r in first}) == len(first)
    assert all(r["articles"] == 60 for r in first)

    rerun = subprocess.run(args, env=_env(), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    done_before = len(first)
    failed_before = (
        1 if "broken.docx" in (tmp_path / "out.jsonl.failures.jsonl").read_text(encoding="utf-8") else 0
    )
    assert f"分析 {30 - done_before} 个" in rerun.stdout
    assert f"失败 {1 - failed_before} 个" in rerun.stdout
    assert "语料统计" in rerun.stdout and "30 个文件" in rerun.stdout
    final = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["path"] for r in final) == [f"plan{i:03}.txt" for i in range(30)]
    assert final[:done_before] == first


def test_parquet_cli_and_bad_arguments(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus, 3)
    out = tmp_path / "res" / "out.parquet"
    done = subprocess.run(
        [EXE, "batch", str(corpus), "-o", str(out), "--format", "parquet", "-w", "1"],
        env=_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "分析 3 个" in done.stdout and "失败 1 个" in done.stdout
    assert "中位数" in done.stdout
    table = pq.read_table(out)
    assert sorted(table.column("path").to_pylist()) == ["plan000.txt", "plan001.txt", "plan002.txt"]
    failures = (tmp_path / "res" / "out.parquet.failures.jsonl").read_text(encoding="utf-8")
    assert json.loads(failures)["path"] == "broken.docx"

    wrong = subprocess.run(
        [EXE, "batch", str(corpus), "-o", str(out), "--format", "csv"],
        env=_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert wrong.returncode == 2
    assert "不支持的输出格式" in wrong.stderr
    missing = subprocess.run(
        [EXE, "batch", str(tmp_path / "nope"), "-o", str(out)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2
    assert "找不到文件夹" in missing.stderr
