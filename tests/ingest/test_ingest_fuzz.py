"""Fuzzing ingest: any bytes give a Document or a clear PlanWatchError with a Chinese message,
never another exception and never a hang (see tests/fuzzing.py for the example count and bound).

Inputs: raw bytes; text in the encodings Chinese offices use; and valid txt, html, docx and pdf
files damaged by flipped, dropped, inserted and truncated bytes, which reach deep into the zip,
XML and PDF parsers instead of stopping at format detection.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fuzzing import bounded, fuzz_settings
from planwatch.ingest import read_bytes
from planwatch.model import Document, PlanWatchError
from planwatch.outline import parse_outline

CJK = re.compile(r"[\u3400-\u9fff]")
PARAGRAPHS = [
    "一、总体要求",
    "（一）指导思想。坚持稳中求进，推动高质量发展。",
    "1.加快建设现代化产业体系。",
    "专栏1 重大工程",
]


@cache
def seeds() -> dict[str, bytes]:
    """One small valid file per format."""
    import tempfile

    from builders import make_docx, make_pdf

    folder = Path(tempfile.mkdtemp(prefix="fuzz-seeds-"))
    html = (
        "<html><head><meta charset='utf-8'><title>规划</title></head><body>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "<table><tr><td>指标</td><td>5%</td></tr></table></body></html>"
    )
    return {
        "txt": "\n".join(PARAGRAPHS).encode("gb18030"),
        "html": html.encode("utf-8"),
        "docx": make_docx(PARAGRAPHS, folder / "seed.docx", headings={0: 1}).read_bytes(),
        "pdf": make_pdf(PARAGRAPHS, folder / "seed.pdf").read_bytes(),
    }


def check(data: bytes) -> None:
    """The property: a Document whose blocks lie inside its text, or a PlanWatchError in Chinese."""
    with bounded():
        try:
            doc = read_bytes(data, "fuzz.bin")
        except PlanWatchError as exc:
            assert exc.message.strip() and CJK.search(exc.message), exc.message
            return
        assert isinstance(doc, Document)
        for block in doc.blocks:
            assert 0 <= block.start <= block.end <= len(doc.text)
        parse_outline(doc)  # what ingest gives, outline must take


@fuzz_settings
@given(st.binary(max_size=4096))
@example(b"")
@example(b"PK\x03\x04")
@example(b"%PDF-1.7\n")
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe")
@example(b"<html>")
def test_any_bytes(data: bytes) -> None:
    check(data)


@fuzz_settings
@given(
    st.text(max_size=2000),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030", "gbk", "big5"]),
)
def test_any_text_in_any_encoding(text: str, encoding: str) -> None:
    check(text.encode(encoding, errors="replace"))


def _rezip(docx: bytes, part: str, damage: bytes) -> bytes:
    """The docx with one part replaced: a sound zip whose XML is damaged, for python-docx and lxml."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, damage if info.filename == part else source.read(info))
    return out.getvalue()


@st.composite
def damaged(draw: st.DrawFn, kind: str) -> bytes:
    if kind.startswith("docx:"):
        part = kind.removeprefix("docx:")
        with zipfile.ZipFile(io.BytesIO(seeds()["docx"])) as archive:
            xml = archive.read(part)
        return _rezip(seeds()["docx"], part, _damage(draw, bytearray(xml)))
    return _damage(draw, bytearray(seeds()[kind]))


def _damage(draw: st.DrawFn, data: bytearray) -> bytes:
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "drop", "insert", "truncate", "zero"]))
        if action == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "drop":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif action == "truncate":
            del data[at:]
        elif data:
            data[at : at + draw(st.integers(1, 16))] = bytes(min(16, len(data) - at))
    return bytes(data)


KINDS = [
    "txt",
    "html",
    "docx",
    "pdf",
    "docx:word/document.xml",
    "docx:word/styles.xml",
    "docx:[Content_Types].xml",
]


@pytest.mark.parametrize("kind", KINDS)
def test_damaged_files(kind: str) -> None:
    # The intact seed reads back: a failure below is about the damage, not the seed.
    assert CJK.search(read_bytes(seeds()[kind.split(":")[0]], "seed").text)

    @fuzz_settings
    @given(damaged(kind))
    def run(data: bytes) -> None:
        check(data)

    run()
