from __future__ import annotations

import codecs
import hashlib
import tracemalloc
from pathlib import Path

import pytest
from ingest_helpers import assert_chinese, block_texts, check_spans

from planwatch.ingest import read_bytes, read_path
from planwatch.model import InputError
from planwatch.services.plans.analyze import read_limits
from planwatch.settings import Settings


@pytest.mark.parametrize(
    ("name", "encode", "encoding"),
    [
        ("utf8.txt", lambda t: t.encode("utf-8"), "utf-8"),
        ("utf8-bom.txt", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        ("utf16le-bom.txt", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16"),
        ("utf16be-bom.txt", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
        ("utf16le.txt", lambda t: t.encode("utf-16-le"), "utf-16-le"),
        ("utf16be.txt", lambda t: t.encode("utf-16-be"), "utf-16-be"),
        ("gbk.txt", lambda t: t.encode("gbk"), "gb18030"),
        ("gb18030.txt", lambda t: t.encode("gb18030"), "gb18030"),
    ],
)
def test_every_encoding_gives_the_same_text(
    tmp_path: Path, dalian_text: str, name: str, encode: object, encoding: str
) -> None:
    assert callable(encode)
    data = encode(dalian_text)
    path = tmp_path / name
    path.write_bytes(data)
    document = read_path(path)
    assert document.text == dalian_text
    assert document.encoding == encoding
    assert document.format == "txt"
    assert document.source == name
    assert document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.title is None
    assert document.warnings == ()


def test_gbk_copy_reads_exactly_like_utf8(dalian_text: str, dalian_bytes: bytes) -> None:
    utf8 = read_bytes(dalian_bytes, "dalian.txt")
    gbk = read_bytes(dalian_text.encode("gbk"), "dalian-gbk.txt")
    assert gbk.text == utf8.text
    assert gbk.blocks == utf8.blocks
    assert gbk.encoding == "gb18030"


def test_short_gbk_text_is_not_mistaken_for_big5() -> None:
    # Statistical detectors call short GBK text Big5 or worse; a plan title must come out right.
    for text in ("大连市国民经济和社会发展规划", "十五五规划", "（一）主要目标", "建议"):
        document = read_bytes(text.encode("gbk"), "short.txt")
        assert document.text == text
        assert document.encoding == "gb18030"


def test_gb18030_four_byte_characters() -> None:
    text = "少数民族姓名用字：䶮、𠀀，以及“十五五”规划。\n" * 3
    assert len(text.encode("gb18030")) > len(text.encode("gbk", errors="ignore"))
    assert read_bytes(text.encode("gb18030"), "rare.txt").text == text


def test_each_nonblank_line_is_a_paragraph_block(dalian_text: str, dalian_lines: list[str]) -> None:
    document = read_bytes(dalian_text.encode(), "dalian.txt")
    assert block_texts(document) == dalian_lines
    assert len(document.blocks) == 117
    assert {b.kind for b in document.blocks} == {"paragraph"}
    check_spans(document)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_ends_become_lf(newline: str) -> None:
    lines = ["一、总体要求", "", "（一）指导思想。坚持稳中求进。", "（二）主要目标"]
    document = read_bytes(newline.join(lines).encode("utf-8"), "ends.txt")
    assert document.text == "\n".join(lines)
    assert "\r" not in document.text
    assert block_texts(document) == [line for line in lines if line]


def test_mixed_line_ends_and_utf16_crlf() -> None:
    data = ("甲\r\n乙\r丙\n丁").encode("utf-16")
    assert read_bytes(data, "mixed.txt").text == "甲\n乙\n丙\n丁"


def test_text_is_not_folded_and_blank_lines_are_kept() -> None:
    raw = "　　一、全角空格缩进（保留）\n\n\n  ＡＢＣ１２３  \n"
    document = read_bytes(raw.encode("utf-8"), "keep.txt")
    assert document.text == raw
    # Spans leave the indentation and trailing spaces out; the text keeps them.
    assert block_texts(document) == ["一、全角空格缩进（保留）", "ＡＢＣ１２３"]
    check_spans(document)


def test_utf8_bom_is_stripped_from_text() -> None:
    document = read_bytes(codecs.BOM_UTF8 + "规划".encode(), "bom.txt")
    assert document.text == "规划"
    assert document.blocks[0].start == 0


def test_ascii_only_text() -> None:
    document = read_bytes(b"Plan 2026\nTargets\n", "ascii.txt")
    assert document.encoding == "utf-8"
    assert block_texts(document) == ["Plan 2026", "Targets"]


def big_enough(data: bytes) -> dict[str, object]:
    """The reader's limits from settings that let ``data`` through: these tests are about reading a
    big file, which PLANWATCH_MAX_DOCUMENT_CHARS (2,000,000 by default) would refuse."""
    return read_limits(Settings(max_document_chars=len(data)))  # never more characters than bytes


def test_ten_megabyte_text(dalian_bytes: bytes, dalian_lines: list[str]) -> None:
    # Speed is measured by bench/ingest_txt.py; here only what the reader returns. Each non-empty
    # line of the plan is one block, so the blocks grow with the copies (no line is merged or lost
    # at a copy's seam).
    copies = 10 * 1024 * 1024 // len(dalian_bytes) + 1
    data = dalian_bytes * copies
    document = read_bytes(data, "big.txt", **big_enough(data))  # type: ignore[arg-type]
    assert len(document.blocks) == len(dalian_lines) * copies
    assert document.size == len(data)


def test_ten_megabyte_text_memory_stays_linear(dalian_bytes: bytes) -> None:
    data = dalian_bytes * (10 * 1024 * 1024 // len(dalian_bytes) + 1)
    tracemalloc.start()
    try:
        document = read_bytes(data, "big.txt", **big_enough(data))  # type: ignore[arg-type]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Python's UTF-8 decoder alone needs about three times the input; no per-character objects.
    assert peak < 4 * len(data), peak
    assert len(document.text) < len(data)


def test_ten_megabyte_gbk_text(dalian_text: str) -> None:
    data = dalian_text.encode("gbk") * 250
    assert len(data) > 10 * 1024 * 1024
    document = read_bytes(data, "big-gbk.txt", **big_enough(data))  # type: ignore[arg-type]
    assert document.encoding == "gb18030"
    assert document.text == dalian_text * 250


def test_ten_megabyte_text_is_refused_by_the_default_limit(dalian_bytes: bytes) -> None:
    data = dalian_bytes * (10 * 1024 * 1024 // len(dalian_bytes) + 1)
    default = Settings.model_fields["max_document_chars"].default  # whatever the environment says
    assert default == 2_000_000
    limits = read_limits(Settings(max_document_chars=default))
    with pytest.raises(InputError) as refused:
        read_bytes(data, "big.txt", **limits)
    error = refused.value
    assert_chinese(error.message, "文字过多", "2,000,000")
    assert error.where == "big.txt"
    assert error.hint is not None and "PLANWATCH_MAX_DOCUMENT_CHARS" in error.hint
