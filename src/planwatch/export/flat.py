"""Rows as CSV (for Excel and WPS) and as JSON (for programs)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from planwatch.export.csv_cells import safe_row
from planwatch.export.rows import Column


def write_csv(rows: Sequence[object], columns: Sequence[Column]) -> bytes:
    """UTF-8 with a BOM: without it Excel reads the file as the local ANSI code page and garbles
    the Chinese. CRLF line ends, as RFC 4180 and Excel expect."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(safe_row(c.header for c in columns))
    for row in rows:
        writer.writerow(safe_row(getattr(row, c.key) for c in columns))
    return buf.getvalue().encode("utf-8-sig")


def write_json(rows: Sequence[Any]) -> bytes:
    """A list of row objects with the English field names of the row dataclasses (see ``rows``)."""
    return (json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n").encode("utf-8")
