"""Corpus batch on a real Dask LocalCluster (2 worker processes) over real txt/docx/pdf/html files."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builders import make_docx, make_pdf
from planwatch.services.plans.batch import (
    ENTITY_KINDS,
    analyse_one,
    dask_client,
    failure,
    read_journal,
    run_batch,
)
from planwatch.settings import Settings

PARAGRAPHS = [
    "某市国民经济和社会发展第十五个五年规划纲要",
    "一、发展目标",
    "（一）经济发展。地区生产总值年均增长5%左右，到2030年突破3000亿元。",
    "（二）创新驱动。研发经费投入强度达到3%以上，建设大连先进光源等重大科技基础设施。",
    "二、重点任务",
    "（三）推进产业升级。加快发展战略性新兴产业，培育壮大数字经济。完善现代物流体系。",
    "（四）深化改革开放。健全要素市场化配置体制机制，推进高水平对外开放。",
]


def _txt(i: int) -> bytes:
    # every file different, so each one is a document of its own (resume is by sha256)
    body = [*PARAGRAPHS, f"（五）第{i}项补充。实施城市更新行动{i}项，新建学校{i + 2}所。"]
    return "\n".join(body).encode("gb18030" if i % 2 else "utf-8")


def _html(i: int) -> bytes:
    items = "".join(f"<p>{p}</p>" for p in [*PARAGRAPHS, f"（五）网页第{i}项。推进智慧城市建设。"])
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{PARAGRAPHS[0]}</title></head><body>{items}</body></html>".encode()


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with dask_client(workers=2) as c:
        assert len(c.nthreads()) == 2
        yield c


def build_corpus(root: Path) -> dict[str, str]:
    """A small corpus of every format plus three bad files; returns relative path → expected outcome."""
    expected: dict[str, str] = {}
    (root / "txt").mkdir(parents=True)
    (root / "office" / "deep").mkdir(parents=True)
    for i in range(3):
        (root / "txt" / f"plan{i}.txt").write_bytes(_txt(i))
        expected[f"txt/plan{i}.txt"] = "txt"
    for i in range(2):
        make_docx(
            [*PARAGRAPHS, f"（五）文档{i}。建设海绵城市。"],
            root / "office" / f"plan{i}.docx",
            headings={1: 1, 4: 1},
        )
        expected[f"office/plan{i}.docx"] = "docx"
    make_pdf([*PARAGRAPHS, "（五）打印版。推进乡村振兴。"], root / "office" / "deep" / "plan.pdf")
    expected["office/deep/plan.pdf"] = "pdf"
    (root / "page.html").write_bytes(_html(0))
    expected["page.html"] = "html"
    # a document with the wrong suffix is read by its content
    (root / "misnamed.pdf").write_bytes(_txt(7))
    expected["misnamed.pdf"] = "txt"
    (root / "empty.txt").write_bytes(b"")
    expected["empty.txt"] = "fail"
    (root / "garbage.bin").write_bytes(bytes(range(256)) * 40)
    expected["garbage.bin"] = "fail"
    whole = (root / "office" / "plan0.docx").read_bytes()
    (root / "office" / "truncated.docx").write_bytes(whole[: len(whole) // 2])
    expected["office/truncated.docx"] = "fail"
    (root / ".hidden").mkdir()
    (root / ".hidden" / "ignored.txt").write_bytes(_txt(9))
    return expected


def _lines(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_jsonl_batch_failures_and_resume(client: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    expected = build_corpus(corpus)
    out = tmp_path / "out" / "results.jsonl"
    events: list[tuple[str, str]] = []
    result = run_batch(client, corpus, out, progress=lambda e, p, _r: events.append((e, p)))

    good = {p: f for p, f in expected.items() if f != "fail"}
    bad = {p for p, f in expected.items() if f == "fail"}
    assert (result.found, result.analysed, result.failed, result.skipped) == (len(expected), len(good), 3, 0)
    assert not result.interrupted
    lines = _lines(out)
    assert {r["path"]: r["format"] for r in lines} == good
    for r in lines:
        data = (corpus / r["path"]).read_bytes()
        assert r["sha256"] == hashlib.sha256(data).hexdigest()
        assert r["size"] == len(data)
        assert r["title"] == "某市国民经济和社会发展第十五个五年规划纲要"
        assert r["chars"] > 100
        assert r["parts"] == 2, r
        assert r["sections"] + r["articles"] == 5, r
        assert r["sentences"] >= 8
        assert r["quantities"] >= 3
        assert r["tasks"] >= 4
        assert r["entities"] == sum(r[f"entities_{k}"] for k in ENTITY_KINDS)
        assert "analysis" not in r
    failures = _lines(out.with_name("results.jsonl.failures.jsonl"))
    assert {f["path"] for f in failures} == bad
    by_path = {f["path"]: f for f in failures}
    assert by_path["empty.txt"]["error"].startswith("文件为空")
    assert "二进制" in by_path["garbage.bin"]["error"]
    assert "损坏" in by_path["office/truncated.docx"]["error"]
    assert all(f["type"] == "InputError" and f["hint"] for f in failures)
    assert events[0] == ("found", "")
    assert sorted(p for e, p in events[1:]) == sorted(expected)

    corpus_stats = result.to_dict()
    assert corpus_stats["documents"] == len(good)
    assert corpus_stats["chars"] == sum(r["chars"] for r in lines)
    assert corpus_stats["tasks"] == sum(r["tasks"] for r in lines)
    assert corpus_stats["failures"] == 3

    # second run: nothing to do — done files and known-bad files are skipped by hash
    again = run_batch(client, corpus, out)
    assert (again.analysed, again.failed, again.skipped) == (0, 0, len(expected))
    assert _lines(out) == lines
    assert again.corpus.documents == len(good)

    # a new file and an edited one are the only work of the third run; a copy of a done file is skipped
    (corpus / "txt" / "new.txt").write_bytes(_txt(20))
    (corpus / "txt" / "plan1.txt").write_bytes(_txt(21))
    (corpus / "copy.txt").write_bytes(_txt(0))
    third = run_batch(client, corpus, out)
    assert (third.analysed, third.failed) == (2, 0)
    assert {r["path"] for r in _lines(out)[len(lines) :]} == {"txt/new.txt", "txt/plan1.txt"}

    # --retry-failed tries the bad files again (they still fail) and the list holds each once
    retried = run_batch(client, corpus, out, retry_failed=True)
    assert (retried.analysed, retried.failed) == (0, 3)
    assert sorted(f["path"] for f in _lines(out.with_name("results.jsonl.failures.jsonl"))) == sorted(bad)


def test_parquet_output_full_and_resume(client: Any, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    corpus = tmp_path / "corpus"
    for i in range(4):
        (corpus / f"d{i}").mkdir(parents=True)
        (corpus / f"d{i}" / "plan.txt").write_bytes(_txt(i))
    (corpus / "d0" / "page.html").write_bytes(_html(1))
    (corpus / "d0" / "notes.md").write_bytes(_txt(30))
    out = tmp_path / "results.parquet"
    result = run_batch(client, corpus, out, fmt="parquet", full=True, pattern="*.*[lt]")
    assert (result.found, result.analysed) == (5, 5)  # notes.md is not matched by the pattern
    assert not out.with_name("results.parquet.journal.jsonl").exists()

    table = pq.read_table(out)
    assert table.num_rows == 5
    rows = {r["path"]: r for r in table.to_pylist()}
    assert set(rows) == {"d0/page.html", *(f"d{i}/plan.txt" for i in range(4))}
    analysis = json.loads(rows["d2/plan.txt"]["analysis"])
    assert analysis["document"]["sha256"] == rows["d2/plan.txt"]["sha256"]
    assert len(analysis["tasks"]) == rows["d2/plan.txt"]["tasks"]
    assert len(analysis["outline"]) == 1 + rows["d2/plan.txt"]["parts"] + rows["d2/plan.txt"]["sections"]

    # a journal left by a hard-killed run (last line cut short) is merged on the next run
    leftover = analyse_one(_txt(40), "killed/left.txt", {}, 10**7)["record"]
    journal = out.with_name("results.parquet.journal.jsonl")
    journal.write_text(json.dumps(leftover, ensure_ascii=False) + "\n" + '{"path": "cut', encoding="utf-8")
    (corpus / "d4").mkdir()
    (corpus / "d4" / "plan.txt").write_bytes(_txt(4))
    again = run_batch(client, corpus, out, fmt="parquet", pattern="*.*[lt]")
    assert (again.analysed, again.skipped) == (1, 5)
    paths = pq.read_table(out, columns=["path"]).column("path").to_pylist()
    assert sorted(paths) == sorted([*rows, "killed/left.txt", "d4/plan.txt"])
    assert again.corpus.documents == 7
    assert not journal.exists()


def test_a_cut_last_line_is_repaired_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"sha256": "a"}\n{"sha256": "b"}\n{"sha256": "c", "pa', encoding="utf-8")
    assert [r["sha256"] for r in read_journal(path)] == ["a", "b"]
    assert path.read_text(encoding="utf-8") == '{"sha256": "a"}\n{"sha256": "b"}\n'


def test_worker_function_turns_any_error_into_a_failure() -> None:
    bad = analyse_one(b"\x00\x01" * 10, "x/odd.dat", {}, 10**6)
    assert bad["ok"] is False
    assert bad["failure"]["path"] == "x/odd.dat"
    assert bad["failure"]["type"] == "InputError"
    too_big = analyse_one(_txt(1), "big.txt", {}, 10)
    assert "文件过大" in too_big["failure"]["error"]
    # anything else is an internal error, reported in Chinese with its type
    internal = failure("a.txt", None, ValueError("boom"))
    assert internal["error"] == "分析时发生内部错误：ValueError: boom"
    assert internal["type"] == "ValueError"


def test_a_file_over_the_size_limit_is_a_failure_without_being_read(client: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "small.txt").write_bytes(_txt(1))
    (corpus / "big.txt").write_bytes(_txt(2) * 20)
    out = tmp_path / "r.jsonl"
    result = run_batch(client, corpus, out, settings=Settings(max_file_bytes=len(_txt(1)) * 2))
    assert (result.analysed, result.failed) == (1, 1)
    (fail,) = _lines(out.with_name("r.jsonl.failures.jsonl"))
    assert fail["path"] == "big.txt" and fail["error"].startswith("文件过大") and fail["sha256"] is None


def test_a_stop_request_ends_the_run_cleanly_and_the_next_run_finishes(client: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"p{i:02}.txt").write_bytes(_txt(100 + i))
    out = tmp_path / "r.parquet"
    stop = threading.Event()

    def stop_after_three(event: str, _path: str, r: Any) -> None:
        if event == "analysed" and r.analysed == 3:
            stop.set()

    first = run_batch(client, corpus, out, fmt="parquet", progress=stop_after_three, stop=stop)
    assert first.interrupted
    assert 3 <= first.analysed < 40
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == first.analysed  # merged into a valid file despite the stop
    second = run_batch(client, corpus, out, fmt="parquet")
    assert not second.interrupted
    assert (second.analysed, second.skipped) == (40 - first.analysed, first.analysed)
    assert sorted(pq.read_table(out).column("path").to_pylist()) == [f"p{i:02}.txt" for i in range(40)]


def test_a_worker_s_heartbeat_failure_at_close_is_dropped_and_other_errors_kept() -> None:
    import logging

    from planwatch.services.plans.batch import _no_heartbeat_after_close

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("distributed.worker", logging.ERROR, __file__, 1, message, None, None)

    assert not _no_heartbeat_after_close(record("Failed to communicate with scheduler during heartbeat."))
    assert _no_heartbeat_after_close(record("Compute Failed"))
