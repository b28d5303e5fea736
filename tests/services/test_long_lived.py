"""A web worker's long-lived objects are frozen out of the full collections (services/long_lived.py),
and what it drops is still freed."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from collections.abc import Iterator

import pytest

from planwatch.services import long_lived


class _Item:  # a tracked object, as an Analysis's dataclasses are
    def __init__(self, n: int) -> None:
        self.n = n


@pytest.fixture
def enabled() -> Iterator[None]:
    saved = dict(long_lived._state)
    long_lived.enable()
    try:
        yield
    finally:
        long_lived._state.update(saved)
        gc.unfreeze()


def test_off_by_default_a_command_freezes_nothing() -> None:
    # a process of its own: a test before this one may have built a server's app in this one
    code = (
        "import gc; from planwatch.services import long_lived; import planwatch.cli.app; "
        "n = gc.get_freeze_count(); long_lived.settle(); print(long_lived._state['enabled'], gc.get_freeze_count() - n)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "0"]


def test_what_is_kept_is_frozen_and_what_is_dropped_is_still_freed(enabled: None) -> None:
    kept = [_Item(n) for n in range(1000)]
    before = gc.get_freeze_count()
    long_lived.settle()
    assert gc.get_freeze_count() >= before + len(kept)
    probe = weakref.ref(kept[0])
    kept.clear()  # an evicted cache entry: reference counting frees it, frozen or not
    assert probe() is None


def test_cyclic_garbage_frozen_by_a_settle_is_collected_at_the_periodic_unfreeze(enabled: None) -> None:
    a, b = _Item(1), _Item(2)
    a.other, b.other = b, a  # type: ignore[attr-defined]
    probe = weakref.ref(a)
    long_lived._state["freezes"] = long_lived._UNFREEZE_EVERY - 2
    long_lived.settle()  # frozen while still held
    del a, b  # now cyclic garbage, which no collection reaches while it is frozen
    gc.collect()
    assert probe() is not None
    long_lived.settle()  # the periodic one: unfreeze and collect everything once
    assert probe() is None
