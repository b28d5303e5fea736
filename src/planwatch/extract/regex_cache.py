"""``compile(pattern)``: ``re.compile`` whose compiled program is kept on disk between processes.

The task lexicon's patterns are tries of hundreds of words; parsing and compiling them took ``re``
most of the time ``load_lexicon`` takes, about a tenth of a whole ``planwatch analyze``, and every
process paid it again. ``re`` compiles in two steps: a Python parser and code generator produce a
list of integers (the matching program), which ``_sre.compile`` turns into a Pattern at once. This
module keeps that list, with the group names, in a file named by the hash of the pattern, its flags
and the interpreter's version and regex engine (``_sre.MAGIC``): a pattern is built from package
data at run time, never downloaded, and any change to it or to Python gives another file.

The cache is an optimisation only: a missing, unreadable or stale file, an unwritable directory or
an interpreter whose ``re`` internals differ (``_compiler._code``, ``_sre.compile``) all fall back to
``re.compile``. The directory is ``PLANWATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/planwatch``, else
``~/.cache/planwatch``; an empty ``PLANWATCH_CACHE_DIR`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any


def _internal(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:  # another Python implementation: plain re.compile
        return None


_sre, _parser, _compiler = _internal("_sre"), _internal("re._parser"), _internal("re._compiler")

_FORMAT = 1  # bump when what a file holds changes


def cache_dir() -> Path | None:
    configured = os.environ.get("PLANWATCH_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "planwatch"


def _key(pattern: str, flags: int) -> str:
    engine = getattr(_sre, "MAGIC", 0)
    digest = hashlib.sha256(f"{_FORMAT}\0{sys.version}\0{engine}\0{flags}\0{pattern}".encode())
    return digest.hexdigest()[:40]


def _program(pattern: str, flags: int) -> tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]:
    """What ``re._compiler.compile`` hands to ``_sre.compile``, as plain marshal-able values."""
    assert _parser is not None and _compiler is not None
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    names = dict(parsed.state.groupdict)
    by_index: list[str | None] = [None] * parsed.state.groups
    for name, index in names.items():
        by_index[index] = name
    return flags | parsed.state.flags, [int(c) for c in code], parsed.state.groups - 1, names, tuple(by_index)


def _build(pattern: str, program: Any) -> re.Pattern[str]:
    flags, code, groups, names, by_index = program
    assert _sre is not None
    built: re.Pattern[str] = _sre.compile(pattern, flags, code, groups, names, by_index)
    return built


def _write(path: Path, program: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # written aside and renamed: a process reading at the same time sees the old file or the new one
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".regex-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(program, fh)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, reading the compiled program from the cache when it is there."""
    directory = cache_dir()
    if None in (_sre, _parser, _compiler) or directory is None or flags & re.DEBUG:
        return re.compile(pattern, flags)
    flags = int(flags)
    path = directory / f"regex-{_key(pattern, flags)}.marshal"
    try:
        with path.open("rb") as fh:
            return _build(pattern, marshal.load(fh))
    except (OSError, EOFError, ValueError, TypeError, RuntimeError):
        pass  # not cached yet, or a file this interpreter cannot use: build it again below
    try:
        program = _program(pattern, flags)
        built = _build(pattern, program)
    except (AttributeError, TypeError, ValueError, RuntimeError):
        # re's internals differ here (an invalid pattern raised re.error above, as re.compile would)
        return re.compile(pattern, flags)
    with contextlib.suppress(OSError):  # a read-only home or a full disk costs only the time saved
        _write(path, program)
    return built
