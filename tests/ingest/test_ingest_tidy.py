"""The shared tidy step: hard-wrapped text and PDF copies read like the clean text, web-page debris
and zero-width characters are removed, and what was removed is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import check_spans, squash
from wrapping import hard_wrapped_text, lines_pdf, wrapped_pages

from planwatch.ingest import read_bytes, read_path
from planwatch.model import Document
from planwatch.services.plans.analyze import analyze_document
from strict import missing

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus")
PROVINCES = CORPUS / "provinces-2026-dev"
SHANGHAI = PROVINCES / "上海市.txt"
HUBEI = PROVINCES / "湖北省.txt"


@pytest.fixture
def provinces() -> Path:
    """The provincial reports of the shared corpus: a skip on a bare machine, a failure in CI."""
    if not PROVINCES.exists():
        missing("the shared corpus is not on this machine")
    return PROVINCES


needs_corpus = pytest.mark.usefixtures("provinces")


def figures(document: Document) -> tuple[int, int]:
    analysis = analyze_document(document)
    return len(analysis.sentences), len(analysis.tasks)


def close(got: tuple[int, int], want: tuple[int, int]) -> bool:
    return all(abs(g - w) <= 0.02 * w for g, w in zip(got, want, strict=True))


def _plans(dalian_bytes: bytes) -> list[tuple[str, bytes]]:
    plans = [("dalian.txt", dalian_bytes)]
    if PROVINCES.exists():
        plans += [(SHANGHAI.name, SHANGHAI.read_bytes()), (HUBEI.name, HUBEI.read_bytes())]
    return plans


@pytest.mark.parametrize("index", [0, 1, 2])
def test_hard_wrapped_copy_and_pdf_read_like_the_clean_text(
    index: int, dalian_bytes: bytes, tmp_path: Path
) -> None:
    plans = _plans(dalian_bytes)
    if index >= len(plans):
        missing("the shared corpus is not on this machine")
    name, data = plans[index]
    clean = read_bytes(data, name)
    want = figures(clean)
    raw = data.decode("utf-8")

    wrapped = read_bytes(hard_wrapped_text(raw, width=72).encode("utf-8"), "wrapped.txt")
    check_spans(wrapped)
    assert "\f" not in wrapped.text and "- 3 -" not in wrapped.text
    assert any("硬换行" in w for w in wrapped.warnings), wrapped.warnings
    assert any("页码" in w for w in wrapped.warnings), wrapped.warnings
    assert squash(wrapped.text) == squash(clean.text)
    assert close(figures(wrapped), want), (figures(wrapped), want)

    pdf = read_path(lines_pdf(wrapped_pages(raw, width=72), tmp_path / "wrapped.pdf"))
    check_spans(pdf)
    assert squash(pdf.text) == squash(clean.text)
    assert close(figures(pdf), want), (figures(pdf), want)


def _starts(document: Document) -> list[int]:
    """Where each paragraph starts, counted in non-space characters."""
    return [len(squash(document.text[: b.start])) for b in document.blocks]


@pytest.mark.parametrize("width", [60, 72, 80])
def test_other_wrap_widths_rejoin_every_paragraph(width: int, dalian_bytes: bytes) -> None:
    clean = read_bytes(dalian_bytes, "dalian.txt")
    wrapped = read_bytes(hard_wrapped_text(clean.text, width=width).encode("gb18030"), "wrapped.txt")
    assert squash(wrapped.text) == squash(clean.text)
    # Paragraphs run together only where a heading exactly fills its line or a paragraph happens to
    # end exactly at the column (nothing tells either from a wrapped line); a full line ending with
    # a full stop is joined, since inside a paragraph that is several times more common.
    starts = _starts(wrapped)
    merged = set(_starts(clean)) - set(starts)
    assert len(merged) <= 0.03 * len(clean.blocks)
    assert set(starts) <= set(_starts(clean))


def test_wrapped_headings_and_short_paragraphs_stay_apart() -> None:
    body = "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。" * 3
    lines = ["一、总体要求", body, "（一）指导思想", "短段落。", body, "1.重点任务", body]
    wrapped = hard_wrapped_text("\n".join(lines), width=60)
    document = read_bytes(wrapped.encode("utf-8"), "wrapped.txt")
    assert [document.block_text(b) for b in document.blocks] == lines


def test_ordinary_text_is_left_alone(dalian_bytes: bytes) -> None:
    document = read_bytes(dalian_bytes, "dalian.txt")
    assert document.text == dalian_bytes.decode("utf-8")
    assert document.warnings == ()


def test_zero_width_spaces_are_removed_and_reported() -> None:
    sentence = "加快建设\u200b现代化产业体系，推进\u200d新型工业化。"
    text = f"一、总体要求\n——{sentence}\n（一）指导\ufeff思想。坚持\u2060稳中求进。\n"
    document = read_bytes(text.encode("utf-8"), "zw.txt")
    check_spans(document)
    assert (
        document.text
        == "一、总体要求\n——加快建设现代化产业体系，推进新型工业化。\n（一）指导思想。坚持稳中求进。\n"
    )
    assert any("零宽字符" in w and "4" in w for w in document.warnings), document.warnings
    analysis = analyze_document(document)
    assert "加快建设现代化产业体系，推进新型工业化。" in [
        analysis.document.text[s.start : s.end] for s in analysis.sentences
    ]


def test_words_split_onto_lines_of_their_own_are_rejoined() -> None:
    text = (
        "一、扩大开放\n"
        "共建“一带一路”扎实推进。推动\n区域全面经济伙伴关系协定\n（RCEP）生效实施，建成全球最大自由贸易区。\n"
        "落实大气污染防治行动，持续改善空气质量，以PM\n2.5\n浓度持续下降为主线，推动氮氧化物和挥发性有机物协同减排。\n"
        "（一）稳定外贸\n"
        "各位代表：\n"
    )
    document = read_bytes(text.encode("utf-8"), "web.txt")
    assert [document.block_text(b) for b in document.blocks] == [
        "一、扩大开放",
        "共建“一带一路”扎实推进。推动区域全面经济伙伴关系协定（RCEP）生效实施，建成全球最大自由贸易区。",
        "落实大气污染防治行动，持续改善空气质量，以PM2.5浓度持续下降为主线，推动氮氧化物和挥发性有机物协同减排。",
        "（一）稳定外贸",
        "各位代表：",
    ]


@needs_corpus
@pytest.mark.parametrize("name", ["上海市.txt", "北京市.txt", "四川省.txt", "陕西省.txt"])
def test_web_page_debris_is_removed_and_nothing_of_the_speech_is_lost(name: str) -> None:
    path = PROVINCES / name
    raw_lines = [line.strip() for line in path.read_text("utf-8").split("\n") if line.strip()]
    document = read_path(path)
    check_spans(document)
    lines = [document.block_text(b) for b in document.blocks]
    for debris in (
        "下载",
        "打印",
        "【字号：",
        "【字体：",
        "】",
        "分享：",
        "分享:",
        "首页",
        ">",
        "相关报道：",
        "扫一扫在手机打开当前页",
    ):
        assert debris not in lines
    assert not any(line.startswith(("来源", "时间：", "责任编辑")) for line in lines)
    assert not any(line.endswith("摄") for line in lines)
    assert analyze_document(document).document.title == raw_lines[raw_lines.index(lines[0])]
    assert lines[0].endswith("政府工作报告") and len(lines[0]) <= 20
    # Every line of the speech is still there, whole: the removed lines are all short page words.
    kept = squash(document.text)
    speech = [line for line in raw_lines if len(line) > 40 and "记者" not in line]
    assert all(squash(line) in kept for line in speech if not line.startswith("各位代表：现在"))
    removed = len(squash("".join(raw_lines))) - len(kept)
    assert 0 < removed < 0.02 * len(kept)
    report = next(w for w in document.warnings if "残留内容" in w)
    assert "下载" in report or "分享" in report


@needs_corpus
def test_web_split_lines_of_a_hard_wrapped_page_are_rejoined() -> None:
    # The 2023 report as saved from a web page splits 推动|协定名|（RCEP）… over three lines; hard-wrapped
    # copies keep those short lines, and they still belong to one sentence.
    path = CORPUS / "national-government-work-report-2023.txt"
    raw = path.read_text("utf-8")
    wrapped = read_bytes(hard_wrapped_text(raw, width=72).encode("utf-8"), "wrapped.txt")
    check_spans(wrapped)
    sentences = {wrapped.text[s.start : s.end] for s in analyze_document(wrapped).sentences}
    assert "推动区域全面经济伙伴关系协定（RCEP）生效实施，建成全球最大自由贸易区。" in sentences
    assert "区域全面经济伙伴关系协定" not in sentences
    # The licence tags a wiki left at the end go, also when the last page number follows them.
    assert "Public domain" not in wrapped.text and "false" not in wrapped.text
    assert figures(wrapped) == figures(read_path(path))


@needs_corpus
def test_a_full_line_ending_a_sentence_continues_its_paragraph() -> None:
    # At 36 characters a line of the 2023 report ends exactly with 。 inside the paragraph (…国民
    # 待遇。|积极推动…); its next sentence must not start a paragraph (it would read as a topic line).
    path = CORPUS / "national-government-work-report-2023.txt"
    clean = read_path(path)
    wrapped = read_bytes(hard_wrapped_text(path.read_text("utf-8"), width=72).encode("utf-8"), "w.txt")
    rows = hard_wrapped_text(path.read_text("utf-8"), width=72).split("\n")
    assert any(row.endswith("开放力度。") and len(row) >= 35 for row in rows)
    paragraph = next(
        clean.block_text(b) for b in clean.blocks if "落实好外资企业国民待遇" in clean.block_text(b)
    )
    assert paragraph in [wrapped.block_text(b) for b in wrapped.blocks]
    assert not any(wrapped.block_text(b).startswith("落实好外资企业国民待遇") for b in wrapped.blocks)


@needs_corpus
def test_runs_of_lead_sentence_paragraphs_stay_apart_after_a_full_line() -> None:
    # Sichuan's paragraphs open with a short topic sentence (推进要素市场化配置改革。…); where one
    # ends exactly at the column, the next topic sentence still starts a paragraph.
    path = PROVINCES / "四川省.txt"
    clean = read_path(path)
    wrapped = read_bytes(hard_wrapped_text(path.read_text("utf-8"), width=72).encode("utf-8"), "w.txt")
    check_spans(wrapped)
    paragraphs = [wrapped.block_text(b) for b in wrapped.blocks]
    for topic in ("打造一流营商环境。", "大力发展绿色经济。", "有效防范应对自然灾害。"):
        assert any(clean.block_text(b).startswith(topic) for b in clean.blocks)
        assert any(p.startswith(topic) for p in paragraphs), topic


def test_salutation_is_not_joined_as_a_split_word() -> None:
    text = (
        "2026年某省政府工作报告\n"
        "——2026年1月27日在某省第十四届人民代表大会第四次会议上某省人民政府省长\n"
        "各位代表：\n"
        "现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员提出意见。\n"
    )
    document = read_bytes(text.encode("utf-8"), "web.txt")
    assert "各位代表：" in [document.block_text(b) for b in document.blocks]


@needs_corpus
def test_speaker_photo_caption_under_the_title_is_removed() -> None:
    path = PROVINCES / "陕西省.txt"
    document = read_path(path)
    check_spans(document)
    lines = [document.block_text(b) for b in document.blocks]
    assert not any(line.endswith("作政府工作报告") for line in lines[:5]), lines[:5]
    assert lines[0].endswith("政府工作报告") and "各位代表：" in lines[:4]


def test_a_short_last_pdf_page_keeps_the_column_width(tmp_path: Path) -> None:
    body = "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。" * 2
    rows = [row for _ in range(6) for row in [*wrap_lines(body, 60)]]
    last = ["注：本文为讲话稿，", "发布时", "以此为准。", "Public domain", "Public domain", "false"]
    path = lines_pdf([rows, last], tmp_path / "short-last-page.pdf")
    document = read_path(path)
    check_spans(document)
    blocks = [document.block_text(b) for b in document.blocks]
    # The licence tags stay lines of their own (and so are recognised as debris), not glued to the note.
    assert blocks[-1].endswith("以此为准。"), blocks[-3:]
    assert "Public domain" not in document.text


def wrap_lines(text: str, width: int) -> list[str]:
    from wrapping import wrap_paragraph

    return wrap_paragraph(text, width)


@needs_corpus
def test_pdf_rows_of_wide_digits_do_not_move_the_right_margin(tmp_path: Path) -> None:
    # In this ragged setting a row full of digits runs past the flush rows (a digit is wider than
    # half a CJK character); the flush rows still continue their paragraphs.
    path = CORPUS / "national-government-work-report-2023.txt"
    clean = read_path(path)
    pdf = read_path(lines_pdf(wrapped_pages(path.read_text("utf-8"), width=80), tmp_path / "w.pdf"))
    check_spans(pdf)
    paragraphs = {clean.block_text(b) for b in clean.blocks}
    cut = [pdf.block_text(b) for b in pdf.blocks if pdf.block_text(b) not in paragraphs]
    assert len(cut) <= 0.1 * len(clean.blocks), len(cut)
