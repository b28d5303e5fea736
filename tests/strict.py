"""One rule for tests that need something outside Python (PostgreSQL, Chromium, LibreOffice, the
shared corpus): on a developer's machine they skip and say why; where the run must prove them
(``PLANWATCH_TEST_STRICT=1``, set by ``.ci/run``) they fail instead, so a green run never hides them.
A module of its own, not conftest, so test modules can import it."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

STRICT_ENV = "PLANWATCH_TEST_STRICT"


def strict() -> bool:
    flags = (os.environ.get(STRICT_ENV, ""), os.environ.get("PLANWATCH_TEST_PG_REQUIRED", ""))
    return any(flag not in ("", "0") for flag in flags)


def missing(reason: str) -> NoReturn:
    """Skip the test for want of ``reason``'s tool, or fail it in a strict run."""
    if strict():
        pytest.fail(f"{reason} ({STRICT_ENV} is set: this run must not skip it)")
    pytest.skip(reason)
