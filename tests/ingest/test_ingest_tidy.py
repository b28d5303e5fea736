"""The shared tidy step: hard-wrapped text and PDF copies read like the clean text, web-page debris
and zero-width characters are removed, and what was removed is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import check_spans, squash
from wrapping import hard_wrapped_text, lines_pdf, wrapped_pages

from planwatch.ingest import read_bytes, read_path
from planwatch.model import Document
from planwatch.services.analyze import analyze_document
from strict import missing

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus")
PROVINCES = CORPUS / "provinces-2026-dev"
SHANGHAI = PROVINCES / "上海市.txt"
HUBEI = PROVINCES / "湖北省.txt"

needs_corpus = pytest.mark.skipif(not PROVINCES.exists(), reason="the shared corpus is not on this machine")


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
