"""Bad input is refused with an InputError a person can act on: Chinese message, file name, hint."""

from __future__ import annotations

import codecs
import io
import os
import random
import sys
from pathlib import Path

import pytest
from ingest_helpers import assert_chinese

from builders import make_docx, make_pdf
from planwatch.ingest import read_bytes, read_path
from planwatch.model import InputError

PARAGRAPHS = ["一、总体要求", "（一）指导思想。坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。"] * 20


def _refused(data: bytes, name: str = "input.bin", **kwargs: int) -> InputError:
    with pytest.raises(InputError) as info:
        read_bytes(data, name, **kwargs)
    error = info.value
    assert error.where == name
    assert error.exit_code == 2
    assert_chinese(error.hint)
    return error


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   ",
        b"\n\r\n\t  \n",
        codecs.BOM_UTF8 + b"  \n",
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
    ],
)
def test_empty_file(data: bytes) -> None:
    assert_chinese(_refused(data, "empty.txt").message, "文件为空")


def test_empty_file_on_disk(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError) as info:
        read_path(tmp_path / "empty.txt")
    assert_chinese(info.value.message, "文件为空")
    assert info.value.where == "empty.txt"


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    error = _refused(make_docx(["", "  "], tmp_path / "blank.docx").read_bytes(), "blank.docx")
    assert_chinese(error.message, "文件为空", "Word")


def test_html_without_text_is_empty() -> None:
    error = _refused(b"<html><head><title>t</title><script>var a;</script></head><body> </body></html>")
    assert_chinese(error.message, "文件为空", "网页")


def test_too_large_bytes() -> None:
    error = _refused("规划".encode() * 1000, "big.txt", max_bytes=1024)
    assert_chinese(error.message, "文件过大", "6,000 字节", "1.0 KB")
    assert "PLANWATCH_MAX_FILE_BYTES" in (error.hint or "")


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    # A sparse 64 GiB file: reading it, rather than stat-ing it, would not finish in time.
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(64 * 1024**3)
    with pytest.raises(InputError) as info:
        read_path(path)
    assert_chinese(info.value.message, "文件过大", "64.0 GB", "50.0 MB")
    assert "PLANWATCH_MAX_FILE_BYTES" in (info.value.hint or "")
    assert info.value.where == "huge.txt"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_path(tmp_path / "nope.txt")
    assert_chinese(info.value.message, "找不到文件", "nope.txt")
    assert info.value.where == "nope.txt"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_path(tmp_path)
    assert_chinese(info.value.message, "文件夹")


def test_path_through_a_file(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text("规划", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_path(tmp_path / "plan.txt" / "child.txt")
    assert_chinese(info.value.message, "无法访问文件")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as info:
        read_path(fifo)
    assert_chinese(info.value.message, "不是普通文件")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("规划", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(InputError) as info:
        read_path(path)
    assert_chinese(info.value.message, "权限")


def test_random_bytes() -> None:
    data = random.Random(7).randbytes(4096)
    error = _refused(data, "noise.txt")
    assert_chinese(error.message, "不是受支持的文档格式", "二进制")


def test_random_bytes_without_nul() -> None:
    data = bytes(b or 1 for b in random.Random(8).randbytes(4096))
    assert_chinese(_refused(data, "noise.txt").message, "不是受支持的文档格式")


@pytest.mark.parametrize(("fmt", "kind"), [("PNG", "PNG 图片"), ("JPEG", "JPEG 图片"), ("GIF", "GIF 图片")])
def test_image(fmt: str, kind: str) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), (200, 30, 30)).save(buffer, format=fmt)
    assert_chinese(_refused(buffer.getvalue(), "scan.pdf").message, "不是受支持的文档格式", kind)


def test_executable() -> None:
    data = Path(sys.executable).resolve().read_bytes()
    assert_chinese(_refused(data, "python.txt").message, "不是受支持的文档格式")


def test_old_word_document() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + random.Random(1).randbytes(2048)
    error = _refused(data, "plan.doc")
    assert_chinese(error.message, "旧版 Office")
    assert_chinese(error.hint, ".docx")


def test_truncated_docx(tmp_path: Path) -> None:
    data = make_docx(PARAGRAPHS, tmp_path / "plan.docx").read_bytes()
    error = _refused(data[: len(data) * 6 // 10], "plan.docx")
    assert_chinese(error.message, "文件已损坏或不完整", "docx")
    assert_chinese(error.hint, "重新导出")


def test_docx_with_a_broken_part(tmp_path: Path) -> None:
    import zipfile

    source = make_docx(PARAGRAPHS, tmp_path / "plan.docx")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            if item.filename == "word/document.xml":
                content = content[: len(content) // 2]
            dst.writestr(item, content)
    assert_chinese(_refused(broken.read_bytes(), "broken.docx").message, "文件已损坏或不完整")


def test_truncated_pdf(tmp_path: Path) -> None:
    data = make_pdf(PARAGRAPHS, tmp_path / "plan.pdf").read_bytes()
    error = _refused(data[: len(data) * 6 // 10], "plan.pdf")
    assert_chinese(error.message, "文件已损坏或不完整", "PDF")
    assert_chinese(error.hint, "重新导出")


def test_pdf_with_garbage_body() -> None:
    data = b"%PDF-1.7\n" + random.Random(3).randbytes(3000) + b"\n%%EOF\n"
    assert_chinese(_refused(data, "junk.pdf").message, "文件已损坏或不完整")


def test_damaged_utf8_text_is_undecodable() -> None:
    good = "规划正文内容，坚持稳中求进工作总基调。\n".encode() * 3
    data = good[:10] + b"\xff" + good[10:]
    error = _refused(data, "damaged.txt")
    assert_chinese(error.message, "无法识别", "编码", "UTF-8", "GB18030", "UTF-16")
    assert_chinese(error.hint, "另存为", "UTF-8")


def test_western_code_page_is_undecodable() -> None:
    error = _refused("Plan für 2026 – café, déjà vu, naïve".encode("cp1252"), "latin.txt")
    assert_chinese(error.message, "无法识别", "编码")


def test_library_errors_are_chained(tmp_path: Path) -> None:
    data = make_docx(PARAGRAPHS, tmp_path / "plan.docx").read_bytes()
    with pytest.raises(InputError) as info:
        read_bytes(data[:-200], "plan.docx")
    assert info.value.__cause__ is not None


def test_zip_member_declaring_more_than_it_holds_is_refused(tmp_path: Path) -> None:
    import struct

    data = bytearray(make_docx(PARAGRAPHS, tmp_path / "plan.docx").read_bytes())
    # Claim 4 GB for document.xml in the central directory, as a decompression bomb would.
    patched = False
    header = data.find(b"PK\x01\x02")
    while header >= 0 and not patched:
        name_length = struct.unpack_from("<H", data, header + 28)[0]
        if data[header + 46 : header + 46 + name_length] == b"word/document.xml":
            struct.pack_into("<I", data, header + 24, 0xFFFF0000)
            patched = True
        header = data.find(b"PK\x01\x02", header + 4)
    assert patched
    # Inflated with a running count, the member holds far less than declared: the ZIP lies, and is
    # refused as damaged (tests/ingest/test_zipguard.py covers members holding more than declared).
    error = _refused(bytes(data), "bomb.docx")
    assert_chinese(error.message, "损坏")


@pytest.mark.parametrize("fmt", ["txt", "docx", "html"])
def test_a_document_over_the_character_limit_is_refused(tmp_path: Path, fmt: str) -> None:
    line = "推进高质量发展，建设现代化产业体系。"
    paragraphs = ["某市发展规划", *([line] * 400)]
    if fmt == "docx":
        data = make_docx(paragraphs, tmp_path / "long.docx").read_bytes()
    elif fmt == "html":
        data = ("<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>").encode()
    else:
        data = "\n".join(paragraphs).encode()
    error = _refused(data, f"long.{fmt}", max_chars=5_000)
    assert_chinese(error.message, "文字过多", "5,000")
    assert read_bytes(data, f"long.{fmt}", max_chars=50_000).text.count(line) == 400
