"""What a web worker keeps for its lifetime, kept out of the garbage collector's full collections.

A worker holds parsed Analyses (``plans.records.load_plan``: tens of thousands of objects each) as
long as it lives. CPython's full collection walks every tracked object, and under 50 clients a worker
ran one every few seconds: the requests in flight outlive the young collections, which counts them
towards the next full one. With 4 workers on PostgreSQL, 30 s of load on 2 cores (``gc.callbacks``):
22 full collections over about 42,700 objects each, 1.9 s in all and up to 0.4 s each, every
request of that worker waiting; with this, 37 over about 8,800, 0.26 s in all, 36 ms at most.
A frozen object (``gc.freeze``) is
skipped by the collector and still freed by reference counting once nothing holds it, which is how
an evicted Analysis goes. Only a server turns this on (``web.factory``): a command or a test has
nothing long-lived to protect and should not keep garbage for it.
"""

from __future__ import annotations

import gc
from threading import Lock

# Cyclic garbage present at a freeze is never collected while frozen: now and then everything is
# unfrozen and collected once (one slow collection per this many freezes, rather than one every
# few seconds) so that it cannot pile up in a worker that loads plans for weeks.
_UNFREEZE_EVERY = 64
_lock = Lock()
_state = {"enabled": False, "freezes": 0}


def enable() -> None:
    """Freeze from now on in this process (a web worker)."""
    _state["enabled"] = True


def settle() -> None:
    """Called once something long-lived was built and kept: freezes what the process holds now."""
    if not _state["enabled"]:
        return
    with _lock:
        gc.collect(1)  # the young garbage first: what is frozen now stays
        _state["freezes"] += 1
        if _state["freezes"] % _UNFREEZE_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()
