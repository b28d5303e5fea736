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


# The wording most commands had before FormatOpt: help without the default (Typer shows it), and
# a refusal naming json first; kept so that their help and errors read as before.
JSON_OR_TEXT = ("json", "text")
TextJsonOpt = Annotated[str, typer.Option("--format", "-f", help="输出格式 text 或 json。/ Output format.")]


def check_format(fmt: str, allowed: tuple[str, ...] = FORMATS) -> bool:
    """True for JSON output; an input error for anything not ``allowed`` (default text or json)."""
    if fmt not in allowed:
        choices = " 或 ".join(f"--format {f}" for f in allowed)
        raise InputError(f"不支持的输出格式“{fmt}”。", hint=f"请使用 {choices}。")
    return fmt == "json"


def emit_json(document: Any) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2, default=str)
    sys.stdout.flush()
    sys.stdout.buffer.write((text + "\n").encode("utf-8"))
    sys.stdout.flush()
