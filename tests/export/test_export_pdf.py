"""The Word and Excel files printed to PDF by LibreOffice: they open, paginate and repeat the header."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from export_helpers import SHORT_NAMES, many_tasks
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer

from planwatch.export import export
from strict import missing

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(source: Path, tmp_path: Path) -> Path:
    if SOFFICE is None:
        missing(
            "LibreOffice (soffice) is not installed; "
            "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
        )
    out_dir = tmp_path / f"pdf-{source.suffix[1:]}"
    # A private profile: a shared one is locked by any other soffice running at the same time.
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = out_dir / (source.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {source.name}"
    return pdf


def page_texts(pdf: Path) -> list[str]:
    return [
        "".join(el.get_text() for el in page if isinstance(el, LTTextContainer))
        for page in extract_pages(str(pdf))
    ]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_prints_to_pdf_with_the_header_on_every_page(tmp_path: Path, fmt: str) -> None:
    analysis = many_tasks()
    source = tmp_path / f"tasks.{fmt}"
    source.write_bytes(export(analysis, "tasks", fmt, plan_name="大连十五五", short_names=SHORT_NAMES))
    pages = page_texts(to_pdf(source, tmp_path))
    assert len(pages) >= 1
    assert "重点任务分工方案" in pages[0]
    assert len(pages) > 1, "77 tasks should not fit on one page"
    assert all("序号" in text and "牵头单位" in text for text in pages)  # header repeated
    if fmt == "docx":
        assert "— 2 —" in pages[1]
    else:
        assert "第 2 页" in pages[1]
