"""Times as people read them: stored in UTC, shown in one zone (default Asia/Shanghai, the
``display_timezone`` setting) with the zone named, so a page never leaves its reader guessing."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planwatch.model import InputError

DEFAULT_TIMEZONE = "Asia/Shanghai"
_LABELS = {"Asia/Shanghai": "北京时间", "Asia/Chongqing": "北京时间", "PRC": "北京时间", "UTC": "UTC"}


@cache
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"时区“{name}”无效。", hint="PLANWATCH_DISPLAY_TIMEZONE 请写 IANA 时区名，如 Asia/Shanghai。"
        ) from None


def zone_label(name: str) -> str:
    return _LABELS.get(name, name)


def to_local(value: datetime | str, name: str = DEFAULT_TIMEZONE) -> datetime:
    """``value`` (a datetime or its ISO text; naive means UTC, as the database keeps it) in zone ``name``."""
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(zone(name))


def local_text(
    value: datetime | str | None, name: str = DEFAULT_TIMEZONE, *, seconds: bool = False, label: bool = True
) -> str:
    """“2026-12-07 09:30（北京时间）”; "" for None or text that is not a time."""
    if value is None or value == "":
        return ""
    try:
        at = to_local(value, name)
    except ValueError:
        return str(value)
    text = at.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return f"{text}（{zone_label(name)}）" if label else text
