"""Zip bombs: every ZIP the app opens (docx plans, xlsx/docx indicator tables, evidence files) is
inflated in small steps with a running count, whatever its headers declare.

The bombs are real files: a docx whose word/document.xml inflates to 64 MB of spaces, once with
honest headers and once claiming 4 KB (the lie that slipped past a check of the declared sizes).
Peak Python allocation while refusing them is measured with tracemalloc: a bomb must cost a few
small buffers, never its inflated size.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from ingest_helpers import assert_chinese

from builders import make_docx
from planwatch.ingest import read_bytes
from planwatch.ingest.zipguard import ZipCorrupt, ZipLimits, check_zip
from planwatch.model import InputError
from planwatch.services.progress import evidence_files as evidence

INFLATED = 64 * 1024 * 1024
LIMITS = ZipLimits(max_inflated_bytes=32 * 1024 * 1024, max_member_bytes=16 * 1024 * 1024, max_members=100)


def _bomb(tmp_path: Path, member: str, *, lie: bool, base: Path | None = None) -> bytes:
    """``base`` (a docx, by default) with ``member`` replaced by 64 MB of spaces in XML, deflated to a
    few dozen KB; with ``lie`` its local and central headers claim 4 KB."""
    source = base or make_docx(["第一章 总则", "一、发展目标"], tmp_path / "base.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            if info.filename != member:
                bomb.writestr(info, original.read(info))
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with bomb.open(info, "w", force_zip64=False) as handle:
            handle.write(b"<?xml version='1.0'?><w:document>")
            chunk = b" " * (1024 * 1024)
            for _ in range(INFLATED // len(chunk)):
                handle.write(chunk)
    data = bytearray(out.getvalue())
    if lie:
        name = member.encode()
        local = data.find(b"PK\x03\x04")
        while local >= 0:
            if data[local + 30 : local + 30 + len(name)] == name:
                struct.pack_into("<I", data, local + 22, 4096)
            local = data.find(b"PK\x03\x04", local + 4)
        central = data.find(b"PK\x01\x02")
        while central >= 0:
            length = struct.unpack_from("<H", data, central + 28)[0]
            if data[central + 46 : central + 46 + length] == name:
                struct.pack_into("<I", data, central + 24, 4096)
            central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def _peak_while(fn: object) -> tuple[BaseException, int]:
    tracemalloc.start()
    try:
        try:
            fn()  # type: ignore[operator]
        except (InputError, ZipCorrupt) as exc:
            caught: BaseException = exc
        else:
            raise AssertionError("the bomb was accepted")
        return caught, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("lie", [False, True], ids=["honest-headers", "lying-headers"])
def test_docx_bomb_is_stopped_while_inflating(tmp_path: Path, lie: bool) -> None:
    data = _bomb(tmp_path, "word/document.xml", lie=lie)
    assert len(data) < 2 * 1024 * 1024
    error, peak = _peak_while(lambda: read_bytes(data, "bomb.docx", zip_limits=LIMITS))
    assert isinstance(error, InputError)
    assert error.where == "bomb.docx"
    assert_chinese(error.message, "展开后超过")
    # The inflated member is 64 MB; refusing it holds a few 64 KB steps at a time.
    assert peak < 8 * 1024 * 1024, peak


def test_the_default_limits_stop_a_lying_bomb_too(tmp_path: Path) -> None:
    data = _bomb(tmp_path, "word/document.xml", lie=True)
    error, peak = _peak_while(lambda: read_bytes(data, "bomb.docx"))
    assert_chinese(str(error), "展开后超过")
    assert peak < 8 * 1024 * 1024, peak


def test_a_member_holding_more_than_it_declares_is_damaged_even_within_the_limits(tmp_path: Path) -> None:
    data = _bomb(tmp_path, "word/document.xml", lie=True)
    with pytest.raises(ZipCorrupt):
        check_zip(data, "bomb.docx", ZipLimits(max_inflated_bytes=10**9, max_member_bytes=10**9))
    with pytest.raises(InputError) as info:
        read_bytes(data, "bomb.docx", zip_limits=ZipLimits(max_inflated_bytes=10**9, max_member_bytes=10**9))
    assert_chinese(info.value.message, "损坏")


def test_a_member_over_its_own_limit_is_named(tmp_path: Path) -> None:
    data = _bomb(tmp_path, "word/document.xml", lie=False)
    with pytest.raises(InputError) as info:
        check_zip(data, "plan.docx", ZipLimits(max_inflated_bytes=10**9, max_member_bytes=1024 * 1024))
    assert_chinese(info.value.message, "word/document.xml", "展开后超过 1 MB")


def test_too_many_members_are_refused_before_listing_them(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(300):
            archive.writestr(f"f{i}.txt", b"")
    with pytest.raises(InputError) as info:
        check_zip(out.getvalue(), "many.zip", LIMITS)
    assert_chinese(info.value.message, "300 个文件", "上限 100")


def test_an_xlsx_bomb_in_an_indicator_import_is_refused(tmp_path: Path) -> None:
    import openpyxl

    from planwatch.services.monitoring.grids import read_grids

    book = openpyxl.Workbook()
    book.active.append(["指标", "单位", "2025年", "2030年"])
    xlsx = tmp_path / "table.xlsx"
    book.save(xlsx)
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(_bomb(tmp_path, "xl/worksheets/sheet1.xml", lie=True, base=xlsx))
    error, peak = _peak_while(lambda: read_grids(bomb, word=True))
    assert_chinese(str(error), "展开后超过")
    # Reading the file buffers up to the size limit whatever the file; the bomb adds little to that.
    tracemalloc.start()
    try:
        read_grids(xlsx, word=True)
        sound = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < sound + 8 * 1024 * 1024, (peak, sound)


def test_an_evidence_zip_bomb_is_refused(tmp_path: Path) -> None:
    data = _bomb(tmp_path, "word/document.xml", lie=True)
    upload = evidence.Upload("佐证.docx", data)
    error, peak = _peak_while(lambda: evidence.check(upload, 20 * 1024 * 1024))
    assert_chinese(str(error), "展开后超过")
    assert peak < 8 * 1024 * 1024, peak


def test_a_sound_docx_passes_with_its_true_sizes(tmp_path: Path) -> None:
    data = make_docx(["第一章 总则", "一、发展目标"], tmp_path / "plan.docx").read_bytes()
    members = check_zip(data, "plan.docx", LIMITS)
    assert "word/document.xml" in {m.filename for m in members}
    assert zlib  # deflate is what docx uses
