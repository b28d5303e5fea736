"""Formats are recognised from content; suffixes only earn a warning when they disagree."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest
from ingest_helpers import assert_chinese, squash

from builders import make_docx, make_pdf
from planwatch.ingest import detect_format, read_bytes, read_path
from planwatch.model import InputError

PARAGRAPHS = ["一、总体要求", "（一）指导思想。坚持稳中求进工作总基调，推动高质量发展。"]


def test_pdf_saved_as_txt_is_read_as_pdf(tmp_path: Path) -> None:
    path = make_pdf(PARAGRAPHS, tmp_path / "plan.txt")
    document = read_path(path)
    assert document.format == "pdf"
    assert [squash(document.block_text(b)) for b in document.blocks] == PARAGRAPHS
    assert any(".txt" in w and "pdf" in w for w in document.warnings)


def test_docx_named_pdf_is_read_as_docx(tmp_path: Path) -> None:
    path = make_docx(PARAGRAPHS, tmp_path / "plan.pdf")
    document = read_path(path)
    assert document.format == "docx"
    assert [document.block_text(b) for b in document.blocks] == PARAGRAPHS


def test_html_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("<html><body><p>一、总体要求</p><p>正文。</p></body></html>", encoding="utf-8")
    document = read_path(path)
    assert document.format == "html"
    assert document.warnings == ()  # sites serve html as .txt often enough not to nag


def test_matching_suffix_gives_no_warning(tmp_path: Path) -> None:
    assert read_path(make_pdf(PARAGRAPHS, tmp_path / "plan.pdf")).warnings == ()
    assert read_path(make_docx(PARAGRAPHS, tmp_path / "plan.DOCX")).warnings == ()


def test_detect_format_of_built_files(tmp_path: Path) -> None:
    assert detect_format(make_pdf(PARAGRAPHS, tmp_path / "a").read_bytes()) == "pdf"
    assert detect_format(make_docx(PARAGRAPHS, tmp_path / "b").read_bytes()) == "docx"


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><p>规划</p></body></html>",
        "<!doctype HTML>\n<title>规划</title><p>正文</p>",
        "\n  <html lang='zh'><p>正文</p></html>",
        "<head><meta charset='utf-8'></head><body>正文</body>",
        "<?xml version='1.0' encoding='utf-8'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>",
        "<!-- saved from url -->\n<html><body>正文</body></html>",
        "<div class='article'><p>一、总体要求</p><p>正文。</p><br/></div>",
    ],
)
def test_html_is_recognised_by_markup(text: str) -> None:
    assert detect_format(text.encode("utf-8")) == "html"
    assert detect_format(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == "html"


@pytest.mark.parametrize(
    "text",
    [
        "一、总体要求\n正文。",
        "网页里用 <p> 标签分段，这句话只是提到了它。\n第二行",
        "<注>本规划所称“重点项目”，指列入年度计划的项目。\n正文",
        "   \n规划",
    ],
)
def test_text_is_txt(text: str) -> None:
    assert detect_format(text.encode("utf-8")) == "txt"


def test_pdf_magic_after_leading_whitespace() -> None:
    assert detect_format(b"\r\n%PDF-1.4\n1 0 obj\nendobj\n%%EOF") == "pdf"


def _zip(path: Path, members: dict[str, str]) -> bytes:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path.read_bytes()


def test_xlsx_is_refused_by_name(tmp_path: Path) -> None:
    data = _zip(
        tmp_path / "book.xlsx",
        {
            "[Content_Types].xml": "<Types/>",
            "xl/workbook.xml": "<workbook/>",
            "xl/worksheets/sheet1.xml": "<x/>",
        },
    )
    with pytest.raises(InputError) as info:
        detect_format(data)
    assert_chinese(info.value.message, "不是受支持的文档格式", "Excel")
    assert_chinese(info.value.hint, "docx")


def test_plain_zip_is_refused(tmp_path: Path) -> None:
    data = _zip(tmp_path / "a.zip", {"notes.txt": "规划"})
    with pytest.raises(InputError) as info:
        read_bytes(data, "a.docx")
    assert_chinese(info.value.message, "不是受支持的文档格式", "ZIP")
    assert info.value.where == "a.docx"
