"""The on-disk cache of compiled patterns gives the same Pattern as ``re.compile``, or falls back to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planwatch.extract import regex_cache
from planwatch.extract.task_lexicon import load_lexicon

# named groups, a conditional, a lookbehind, CJK classes: the shapes the lexicon's patterns have
PATTERN = r"(?:在|以)[^,;:。]{1,30}?(?P<wei>为)?(?P<verb>推进|加快|建设)(?(wei)(?![,;:。]|$))(?<![主重])要"
TEXTS = ["在全市范围内为推进要", "以改革为加快要。", "推进建设要", "在港口建设要", "", "在主要"]


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in TEXTS:
        assert [m.groupdict() | {"span": m.span()} for m in a.finditer(text)] == [
            m.groupdict() | {"span": m.span()} for m in b.finditer(text)
        ]


def test_first_compile_writes_the_program_and_the_second_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANWATCH_CACHE_DIR", str(tmp_path))
    first = regex_cache.compile(PATTERN)
    files = list(tmp_path.glob("regex-*.marshal"))
    assert len(files) == 1
    second = regex_cache.compile(PATTERN)
    assert list(tmp_path.glob("regex-*.marshal")) == files
    _same(first, re.compile(PATTERN))
    _same(second, re.compile(PATTERN))
    assert second.search("在全市范围内为推进要") is not None
    # flags are part of the key: the same text with IGNORECASE is another program
    regex_cache.compile("abc", re.IGNORECASE)
    assert len(list(tmp_path.glob("regex-*.marshal"))) == 2
    assert regex_cache.compile("abc", re.IGNORECASE).match("ABC") is not None


def test_a_damaged_file_is_rebuilt_and_an_invalid_pattern_raises_as_re_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANWATCH_CACHE_DIR", str(tmp_path))
    regex_cache.compile(PATTERN)
    (cached,) = tmp_path.glob("regex-*.marshal")
    cached.write_bytes(b"\x00not a program")
    _same(regex_cache.compile(PATTERN), re.compile(PATTERN))
    assert cached.read_bytes() != b"\x00not a program"
    with pytest.raises(re.error, match="missing \\)"):
        regex_cache.compile("(?P<x>a")


def test_no_cache_when_turned_off_or_unwritable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_CACHE_DIR", "")
    assert regex_cache.cache_dir() is None
    _same(regex_cache.compile(PATTERN), re.compile(PATTERN))
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("PLANWATCH_CACHE_DIR", str(blocked / "cache"))
    _same(regex_cache.compile(PATTERN), re.compile(PATTERN))
    assert blocked.read_text(encoding="utf-8") == "not a directory"


def test_the_task_lexicon_built_from_the_cache_equals_the_one_built_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANWATCH_CACHE_DIR", "")
    load_lexicon.cache_clear()
    plain = load_lexicon()
    monkeypatch.setenv("PLANWATCH_CACHE_DIR", str(tmp_path))
    load_lexicon.cache_clear()
    load_lexicon()  # fills the cache
    assert len(list(tmp_path.glob("regex-*.marshal"))) >= 10
    load_lexicon.cache_clear()
    cached = load_lexicon()
    load_lexicon.cache_clear()
    patterns = [name for name, value in vars(plain).items() if isinstance(value, re.Pattern)]
    assert len(patterns) >= 10
    for name in patterns:
        a, b = getattr(plain, name), getattr(cached, name)
        assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    assert plain.domains.regex.pattern == cached.domains.regex.pattern
