from __future__ import annotations

import re
from pathlib import Path

import pytest
from ingest_helpers import assert_chinese, block_texts, check_spans, squash

from builders import CJK_FONT, make_pdf, wrap
from planwatch.ingest import read_bytes, read_path
from planwatch.model import InputError

LONG = [
    "一、坚持工业立市、产业强市，加快建设实体经济发达的现代化产业体系，推动传统产业转型升级和新兴产业发展壮大",
    "（1）推动传统产业转型升级。实施制造业重点产业链高质量发展行动，推进石化、装备制造等优势产业"
    "高端化、智能化、绿色化发展，建设一批智能工厂和数字化车间，提升产业链供应链韧性和安全水平。"
    "到2030年，规上工业增加值年均增长6%以上，制造业增加值占地区生产总值比重保持在30%左右。",
    "（2）培育壮大新兴产业。聚焦集成电路、生物医药、新能源、新材料、低空经济等领域，"
    "实施新兴产业培育工程，打造一批具有核心竞争力的产业集群，形成多点支撑、多业并举的产业发展格局。",
    "专栏1 重大产业项目",
    "——石化产业：推进长兴岛石化产业基地建设，延伸下游精细化工产业链，提高产品附加值和市场竞争力。",
]


def _pages(count: int) -> list[str]:
    """Enough paragraphs to fill ``count`` pages."""
    return [f"（{i + 1}）{LONG[1 + i % 2][4:]}" for i in range(count * 6)]


def test_dalian_paragraphs_come_back_whole(tmp_path: Path, dalian_lines: list[str]) -> None:
    """The acceptance test: every line of the plan, wrapped at 38 characters, comes back as one paragraph."""
    document = read_path(make_pdf(dalian_lines, tmp_path / "dalian.pdf", chars_per_line=38))
    assert document.format == "pdf"
    assert len(document.blocks) == len(dalian_lines) == 117
    assert {squash(t) for t in block_texts(document)} == {squash(line) for line in dalian_lines}
    # Exactly, in fact: no space sneaks in between CJK characters at the joins.
    assert block_texts(document) == dalian_lines
    assert not re.search(r"—\s*\d+\s*—", document.text)
    assert document.warnings == ()
    check_spans(document)


@pytest.mark.parametrize(
    "page_number",
    [
        "— {page} —",
        "- {page} -",
        "–{page}–",
        "{page}",
        "第{page}页",
        "第 {page} 页 共 {total} 页",
        "{page}/{total}",
    ],
)
def test_page_numbers_are_removed(tmp_path: Path, page_number: str) -> None:
    paragraphs = _pages(3)
    document = read_path(make_pdf(paragraphs, tmp_path / "numbered.pdf", page_number=page_number))
    assert block_texts(document) == paragraphs


def test_running_header_is_removed(tmp_path: Path) -> None:
    paragraphs = _pages(4)
    header = "大连市国民经济和社会发展第十五个五年规划"
    document = read_path(make_pdf(paragraphs, tmp_path / "header.pdf", header=header))
    assert header not in document.text
    assert block_texts(document) == paragraphs


def test_title_repeating_the_header_is_kept(tmp_path: Path) -> None:
    header = "大连市国民经济和社会发展第十五个五年规划"
    paragraphs = [header, *_pages(3)]
    document = read_path(make_pdf(paragraphs, tmp_path / "title.pdf", header=header, centered=[0]))
    assert block_texts(document)[0] == header
    assert document.text.count(header) == 1


@pytest.mark.parametrize(("width", "size"), [(38, 12), (28, 16), (45, 10)])
def test_long_paragraphs_and_headings_rejoin(tmp_path: Path, width: int, size: int) -> None:
    document = read_path(make_pdf(LONG, tmp_path / "long.pdf", chars_per_line=width, font_size=size))
    assert block_texts(document) == LONG


def test_heading_after_full_line_without_indent(tmp_path: Path) -> None:
    """Without indents, an outline marker after a sentence end still starts a paragraph."""
    full = "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局。" * 2
    assert len(full) == 72  # two full lines of 36 characters, so the line end says nothing
    paragraphs = [full, "（二）主要目标", full, "二、主要任务"]
    document = read_path(make_pdf(paragraphs, tmp_path / "flat.pdf", indent_chars=0, chars_per_line=36))
    assert block_texts(document) == paragraphs


def _word_like_pdf(path: Path, paragraphs: list[str], *, indent: bool, spacing: float) -> int:
    """Lays text out the way word processors export it: justified lines drawn glyph by glyph, part
    headings in fake bold (struck twice), the page number top right and a footer on every page.
    Returns the page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    pdf = _canvas(path)
    assert isinstance(pdf, Canvas)
    size = 16
    column = 28 * size
    left = (A4[0] - column) / 2
    page, y = 1, A4[1] - 72

    def furniture() -> None:
        pdf.setFont(CJK_FONT, 10)
        pdf.drawRightString(A4[0] - 50, A4[1] - 40, str(page))
        pdf.drawString(50, 30, "中共大连市委文件")
        pdf.setFont(CJK_FONT, size)

    furniture()
    for paragraph in paragraphs:
        bold = re.match(r"^[一二三四五六七八九十]+、", paragraph) is not None
        first_indent = 2 * size if indent else 0
        lines = wrap(paragraph, column, column - first_indent, size)
        y -= spacing * size
        for n, line in enumerate(lines):
            if y < 72:
                pdf.showPage()
                page, y = page + 1, A4[1] - 72
                furniture()
            x = left + (first_indent if n == 0 else 0)
            widths = [pdfmetrics.stringWidth(ch, CJK_FONT, size) for ch in line]
            last_line = n == len(lines) - 1
            stretch = (
                0.0 if last_line or len(line) < 2 else (left + column - x - sum(widths)) / (len(line) - 1)
            )
            for ch, width in zip(line, widths, strict=True):
                pdf.drawString(x, y, ch)
                if bold:
                    pdf.drawString(x + 0.4, y, ch)
                x += width + stretch
            y -= 1.6 * size
    pdf.showPage()
    pdf.save()
    return page


@pytest.mark.parametrize(("indent", "spacing"), [(True, 0.0), (False, 0.8)])
def test_word_processor_layout(tmp_path: Path, dalian_lines: list[str], indent: bool, spacing: float) -> None:
    """Indented paragraphs, or unindented ones set apart by space: either way they come back."""
    pages = _word_like_pdf(tmp_path / "word.pdf", dalian_lines, indent=indent, spacing=spacing)
    assert pages > 20
    document = read_path(tmp_path / "word.pdf")
    assert block_texts(document) == dalian_lines
    assert "中共大连市委文件" not in document.text


def _canvas(path: Path) -> object:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return canvas.Canvas(str(path), pagesize=A4)


def test_centred_title_over_two_lines_is_one_paragraph(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    pdf = _canvas(tmp_path / "title.pdf")
    assert isinstance(pdf, Canvas)
    pdf.setFont(CJK_FONT, 12)
    middle = 595.2756 / 2
    body = "中国共产党大连市第十三届委员会第十一次全体会议认真学习贯彻党的二十届四中全会精神，提出以下建议。"
    first, second = wrap(body, 38 * 12, 36 * 12, 12)
    lines = [
        ("c", "中共大连市委关于制定大连市国民经济和社会发展"),
        ("c", "第十五个五年规划的建议"),
        ("c", "(2025年11月29日通过)"),
        ("l", "　　" + first),  # indented with ideographic spaces, as typists do
        ("l", second),
    ]
    y = 760.0
    for how, text in lines:
        if how == "c":
            pdf.drawCentredString(middle, y, text)
        else:
            pdf.drawString(69.6, y, text)
        y -= 18
    pdf.save()
    document = read_path(tmp_path / "title.pdf")
    assert block_texts(document) == [
        "中共大连市委关于制定大连市国民经济和社会发展第十五个五年规划的建议",
        "(2025年11月29日通过)",
        body,
    ]


def _two_lines(path: Path, font: str, first: str, second: str) -> list[str]:
    """A paragraph broken after ``first``, which is the widest line and so fills the column."""
    from reportlab.pdfgen.canvas import Canvas

    pdf = _canvas(path)
    assert isinstance(pdf, Canvas)
    pdf.setFont(font, 12)
    pdf.drawString(72, 700, first)
    pdf.drawString(72, 684, second)
    pdf.save()
    return block_texts(read_path(path))


def test_latin_words_wrapped_at_a_space_get_it_back(tmp_path: Path) -> None:
    texts = _two_lines(
        tmp_path / "latin.pdf", "Helvetica", "Green and low carbon development is the", "foundation of 2030."
    )
    assert texts == ["Green and low carbon development is the foundation of 2030."]


def test_number_wrapped_between_digits_is_not_split(tmp_path: Path) -> None:
    texts = _two_lines(tmp_path / "digits.pdf", CJK_FONT, "地区生产总值达到1", "2000亿元。")
    assert texts == ["地区生产总值达到12000亿元。"]


def test_acronym_wrapped_in_chinese_text_is_not_split(tmp_path: Path) -> None:
    texts = _two_lines(tmp_path / "acronym.pdf", CJK_FONT, "发展人工智能生成内容（AI", "GC）产业。")
    assert texts == ["发展人工智能生成内容（AIGC）产业。"]


def test_trailing_space_glyph_is_kept_between_latin_words(tmp_path: Path) -> None:
    texts = _two_lines(tmp_path / "space.pdf", CJK_FONT, "推进 Smart ", "City 建设。")
    assert texts == ["推进 Smart City 建设。"]


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    pdf = _canvas(tmp_path / "scan.pdf")
    assert isinstance(pdf, Canvas)
    for _ in range(2):
        pdf.drawImage(ImageReader(Image.new("L", (200, 280), 240)), 50, 50, 495, 742)
        pdf.showPage()
    pdf.save()
    with pytest.raises(InputError) as info:
        read_path(tmp_path / "scan.pdf")
    assert_chinese(info.value.message, "没有文字层")
    assert_chinese(info.value.hint, "OCR")
    assert info.value.where == "scan.pdf"


def test_scanned_page_among_text_pages_is_reported(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    pdf = _canvas(tmp_path / "mixed.pdf")
    assert isinstance(pdf, Canvas)
    pdf.setFont(CJK_FONT, 12)
    pdf.drawString(72, 700, "一、总体要求")
    pdf.showPage()
    pdf.drawImage(ImageReader(Image.new("L", (20, 28), 240)), 50, 50, 495, 742)
    pdf.showPage()
    pdf.save()
    document = read_path(tmp_path / "mixed.pdf")
    assert block_texts(document) == ["一、总体要求"]
    assert any("第 2 页" in w and "没有可提取的文字" in w for w in document.warnings)


def test_encrypted_pdf_needing_a_password(tmp_path: Path) -> None:
    path = make_pdf(LONG, tmp_path / "locked.pdf", encrypt_password="secret")
    with pytest.raises(InputError) as info:
        read_path(path)
    assert_chinese(info.value.message, "已加密", "密码")
    assert info.value.__cause__ is not None


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    """Copy/print restrictions without an open password do not stop reading."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    encrypt = StandardEncryption("", ownerPassword="owner", canCopy=0)
    pdf = Canvas(str(tmp_path / "restricted.pdf"), encrypt=encrypt)
    # Latin text: pdfminer cannot look up the predefined CJK CMap of an encrypted reportlab file.
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 700, "General requirements 2026")
    pdf.save()
    assert block_texts(read_path(tmp_path / "restricted.pdf")) == ["General requirements 2026"]


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF assembled from object bodies (object 1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_whose_fonts_have_no_unicode_map() -> None:
    """Text that comes out as glyph ids, (cid:1234), is refused rather than stored as garbage."""
    glyphs = b"".join(b"%04X" % gid for gid in range(300, 330))
    content = b"BT /F1 12 Tf 72 700 Td <" + glyphs + b"> Tj ET"
    data = _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /SubsetSong /Encoding /Identity-H"
            b" /DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SubsetSong"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        ]
    )
    with pytest.raises(InputError) as info:
        read_bytes(data, "cid.pdf")
    assert_chinese(info.value.message, "字体", "无法得到文字")
    assert_chinese(info.value.hint, "OCR")


def test_pdf_bytes_are_hashed_not_text(tmp_path: Path) -> None:
    import hashlib

    data = make_pdf(LONG, tmp_path / "a.pdf").read_bytes()
    document = read_bytes(data, "a.pdf")
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert document.title is None
    assert document.text.endswith("\n")
