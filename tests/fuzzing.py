"""What the fuzz tests (tests/ingest/test_ingest_fuzz.py, tests/outline/test_outline_fuzz_any.py) share.

Examples per test: ``PLANWATCH_FUZZ_EXAMPLES`` (default 200, what CI runs); for a longer run, e.g.
``PLANWATCH_FUZZ_EXAMPLES=20000 pytest tests/ingest/test_ingest_fuzz.py tests/outline/test_outline_fuzz_any.py``.
Each input gets at most ``PLANWATCH_FUZZ_SECONDS`` (default 20) of wall time: a hard bound raised
from a timer signal, generous enough for a loaded CI machine, so only a real hang trips it.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from hypothesis import HealthCheck, settings

FUZZ_EXAMPLES = int(os.environ.get("PLANWATCH_FUZZ_EXAMPLES", "200"))
PER_INPUT_SECONDS = float(os.environ.get("PLANWATCH_FUZZ_SECONDS", "20"))

fuzz_settings = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,  # wall-clock deadlines flake on a shared machine; `bounded` catches real hangs
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


class Hang(BaseException):
    """An input took longer than PER_INPUT_SECONDS (a BaseException: code under test that catches
    Exception cannot swallow it)."""


@contextmanager
def bounded(seconds: float = PER_INPUT_SECONDS) -> Iterator[None]:
    """Fail with Hang when the block runs longer than ``seconds`` (main thread only)."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
