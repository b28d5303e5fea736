"""docs/deploy.md documents every setting, with its real default; its unit and config files parse."""

from __future__ import annotations

import configparser
import re
from pathlib import Path
from typing import Any

from planwatch.settings import Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "deploy.md"


def settings_table(doc: Path) -> dict[str, list[str]]:
    """The rows of the table whose header starts with 环境变量: env var → its other cells."""
    rows: dict[str, list[str]] = {}
    in_table = False
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.startswith("| 环境变量 |"):
            in_table = True
            continue
        if in_table:
            if not line.startswith("|"):
                break
            cells = [c.strip() for c in line.strip("|").split("|")]
            if set(cells[0]) <= {"-", ":"}:
                continue
            name = re.fullmatch(r"`(PLANWATCH_[A-Z0-9_]+)`", cells[0])
            assert name, f"first cell is not a `PLANWATCH_…` name: {line}"
            rows[name.group(1)] = cells[1:]
    return rows


def documented_default(value: Any) -> str:
    if value is None:
        return "无"
    if value == "":
        return "（空）"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def problems(doc: Path) -> list[str]:
    """What the settings table gets wrong against the Settings class."""
    table = settings_table(doc)
    expected = {f"PLANWATCH_{name.upper()}": f.default for name, f in Settings.model_fields.items()}
    found = [f"missing from {doc.name}: {env}" for env in sorted(set(expected) - set(table))]
    found += [f"listed but not a setting: {env}" for env in sorted(set(table) - set(expected))]
    for env in sorted(set(expected) & set(table)):
        default_cell, meaning = table[env]
        if default_cell != documented_default(expected[env]):
            found.append(f"{env}: documented default {default_cell!r}, real {expected[env]!r}")
        if len(meaning) < 4:
            found.append(f"{env}: no meaning given")
    return found


def test_every_setting_is_in_the_table_with_its_default_and_a_meaning() -> None:
    assert len(settings_table(DOC)) >= 20
    assert problems(DOC) == []


def test_a_setting_missing_from_the_table_is_caught(tmp_path: Path) -> None:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "deploy.md"
    cut.write_text(
        "\n".join(x for x in lines if not x.startswith("| `PLANWATCH_SMTP_PORT`")), encoding="utf-8"
    )
    assert problems(cut) == ["missing from deploy.md: PLANWATCH_SMTP_PORT"]
    wrong = tmp_path / "wrong.md"
    wrong.write_text("\n".join(x.replace("`28800`", "`3600`") for x in lines), encoding="utf-8")
    assert problems(wrong) == ["PLANWATCH_SESSION_MAX_AGE: documented default '`3600`', real 28800"]


def test_systemd_units_in_the_guide_are_well_formed() -> None:
    text = DOC.read_text(encoding="utf-8")
    units = [b for b in re.findall(r"```ini\n(.*?)```", text, re.S) if b.lstrip().startswith("[Unit]")]
    assert len(units) == 3  # the service, the backup service and the backup timer
    parsed = []
    for unit in units:
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read_string(unit)
        parsed.append(parser)
    service, backup, timer = parsed
    assert "--factory" in service["Service"]["ExecStart"] and "--workers" in service["Service"]["ExecStart"]
    assert "planwatch.web.factory:app_from_env" in service["Service"]["ExecStart"]
    assert "planwatch backup -o" in backup["Service"]["ExecStart"]
    assert "%%Y" in backup["Service"]["ExecStart"]  # a literal % must be doubled in unit files
    assert timer["Timer"]["OnCalendar"] and timer["Install"]["WantedBy"] == "timers.target"
