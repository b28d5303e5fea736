"""``--format text|json`` for commands that list monitoring data: the option and the JSON writer.

JSON goes to stdout as one UTF-8 document (``ensure_ascii`` off, so Chinese stays readable), the same
document the web app's JSON twin of the page returns where there is one.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from planwatch.model import InputError

FORMATS = ("text", "json")
FormatOpt = Annotated[
    str, typer.Option("--format", "-f", help="输出格式 text 或 json（默认 text）。/ Output format.")
]


def check_format(fmt: str) -> bool:
    """True for JSON output; an input error for anything but text or json."""
    if fmt not in FORMATS:
        raise InputError(f"不支持的输出格式“{fmt}”。", hint="请使用 --format text 或 --format json。")
    return fmt == "json"


def emit_json(document: Any) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2, default=str)
    sys.stdout.flush()
    sys.stdout.buffer.write((text + "\n").encode("utf-8"))
    sys.stdout.flush()
