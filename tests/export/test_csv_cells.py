"""Every CSV export neutralises cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

from planwatch.export.csv_cells import FORMULA_STARTS, safe_cell
from planwatch.export.flat import write_csv
from planwatch.export.rows import Column

HOSTILE = ["=1+1", "+SUM(A1:A2)", "-2+3", '@HYPERLINK("http://x")', "\tcmd", "\rcmd"]


def test_task_csv_cells_that_start_a_formula_are_kept_as_text() -> None:
    columns = [Column("task", "任务", 40), Column("lead", "牵头单位", 20), Column("no", "序号", 6)]
    rows = [SimpleNamespace(task=text, lead=text, no=-1) for text in HOSTILE]
    raw = write_csv(rows, columns)
    read = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    for row, text in zip(read[1:], HOSTILE, strict=True):
        assert row[0] == row[1] == "'" + text
        assert row[2] == "-1"  # a number stays a number
    for row in read:
        for cell in row[:2]:
            assert not cell.startswith(FORMULA_STARTS), cell


def test_plain_text_is_left_alone() -> None:
    assert safe_cell("推进数字经济") == "推进数字经济"
    assert safe_cell(3.5) == 3.5
