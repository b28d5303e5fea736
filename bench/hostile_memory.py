"""Benchmark: the server's peak resident memory while it refuses hostile requests (issue 17).

Starts the real app under uvicorn in a child process on a fresh SQLite file (the embedded plan
imported), logs in a planner and a reporter, then sends each case and samples the server's RSS every
10 ms with psutil. Every case must stay under 1 GB and get a 4xx, not a 5xx.

Cases: a 300 MiB JSON narrative (declared, and chunked without a length), a 2 GB zip bomb .docx whose
header claims 4 KB (one, then four at once), the same bomb as an evidence file, and a 164 KB .docx
that expands to 12 M characters.

Run: PYTHONPATH=src .venv/bin/python bench/hostile_memory.py
"""

from __future__ import annotations

import io
import json
import struct
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from live_app import LiveApp, live_app

OWN = "p11.a44.t1"
LIMIT_MB = 1024


def zip_bomb(inflated: int = 2 * 1024**3, claimed: int = 4096) -> bytes:
    """A .docx whose word/document.xml inflates to ``inflated`` bytes while its headers claim ``claimed``."""
    import docx

    base = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("规划")
    document.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, original.read(info.filename))
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with bomb.open(info, "w", force_zip64=True) as handle:
            chunk = b" " * (8 * 1024 * 1024)
            for _ in range(inflated // len(chunk)):
                handle.write(chunk)
    data = bytearray(out.getvalue())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == b"word/document.xml":
            # ZIP64: the true sizes sit in the extra field; claim a small size there as well.
            extra_at = at + 46 + length
            extra_len = struct.unpack_from("<H", data, at + 30)[0]
            extra = data[extra_at : extra_at + extra_len]
            if extra[:2] == b"\x01\x00":
                struct.pack_into("<Q", data, extra_at + 4, claimed)
            else:
                struct.pack_into("<I", data, at + 24, claimed)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def wide_docx(chars: int = 12_000_000) -> bytes:
    """A small .docx (repetitive text deflates well) whose text is ``chars`` characters."""
    import docx

    document = docx.Document()
    line = "推进高质量发展，建设现代化产业体系，" * 50
    for _ in range(chars // len(line)):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def measure(pid: int, action: Callable[[], list[int]]) -> tuple[list[int], float, float]:
    process = psutil.Process(pid)
    before = process.memory_info().rss
    peak = before
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, process.memory_info().rss)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    try:
        statuses = action()
    finally:
        done.set()
        sampler.join()
    return statuses, peak / 1024**2, time.perf_counter() - t0


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, live_app(f"sqlite:///{Path(tmp) / 'bench.db'}") as app:
        return run_cases(app)


def run_cases(app: LiveApp) -> int:
    pid = app.pid
    planner = app.log_in("planner")
    reporter = app.log_in("reporter")
    print("building the zip bomb (2 GB inflated) …", flush=True)
    bomb = zip_bomb()
    wide = wide_docx()
    print(
        f"zip bomb: {len(bomb) / 1024**2:.1f} MB; 12 M-character docx: {len(wide) / 1024:.0f} KB", flush=True
    )
    progress = f"/api/v1/plans/1/tasks/{OWN}/progress"
    narrative = 300 * 1024 * 1024

    def huge_json() -> Iterator[bytes]:
        yield b'{"period": "2026Q2", "state": "' + "推进中".encode() + b'", "percent": 40, "narrative": "'
        chunk = b"x" * (1024 * 1024)
        for _ in range(narrative // len(chunk)):
            yield chunk
        yield b'"}'

    def declared() -> list[int]:
        body = b"".join(huge_json())
        return [
            reporter.post(progress, content=body, headers={"Content-Type": "application/json"}).status_code
        ]

    def chunked() -> list[int]:
        r = reporter.post(progress, content=huge_json(), headers={"Content-Type": "application/json"})
        return [r.status_code]

    def one_bomb() -> list[int]:
        return [planner.post("/api/v1/imports", files={"file": ("bomb.docx", bomb)}).status_code]

    def four_bombs() -> list[int]:
        with ThreadPoolExecutor(4) as pool:
            return list(
                pool.map(
                    lambda i: (
                        planner.post("/api/v1/imports", files={"file": (f"bomb{i}.docx", bomb)}).status_code
                    ),
                    range(4),
                )
            )

    def evidence_bomb() -> list[int]:
        form = {"period": "2026Q2", "state": "推进中", "percent": "40", "narrative": "见附件"}
        r = reporter.post(progress, data=form, files=[("evidence", ("佐证.docx", bomb))])
        return [r.status_code]

    def wide_text() -> list[int]:
        return [planner.post("/api/v1/imports", files={"file": ("wide.docx", wide)}).status_code]

    cases = [
        ("300 MiB JSON narrative, Content-Length", declared),
        ("300 MiB JSON narrative, chunked", chunked),
        ("zip bomb .docx import (2 GB, claims 4 KB)", one_bomb),
        ("four zip bombs at once", four_bombs),
        ("zip bomb as evidence file", evidence_bomb),
        ("164 KB .docx of 12 M characters", wide_text),
    ]
    worst = 0.0
    failed = False
    results = []
    for label, action in cases:
        statuses, peak, seconds = measure(pid, action)
        worst = max(worst, peak)
        bad = any(s >= 500 for s in statuses) or peak >= LIMIT_MB
        failed = failed or bad
        results.append(
            {"case": label, "statuses": statuses, "peak_rss_mb": round(peak), "seconds": round(seconds, 2)}
        )
        print(
            f"{'FAIL' if bad else 'ok  '} {label}: {statuses}, server peak RSS {peak:.0f} MB, {seconds:.1f} s",
            flush=True,
        )
    print(json.dumps({"worst_peak_rss_mb": round(worst), "results": results}, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
