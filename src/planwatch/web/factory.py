"""An app built from the environment's settings, for uvicorn workers (``--factory``)."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def app_from_env() -> FastAPI:
    # Start-up imports and builds some 300,000 long-lived objects. With the collector on, it ran
    # six full collections over them on the way, each longer than the one before (0.1–0.65 s of a
    # worker's wall time apiece, 4 workers starting on a busy 2-core machine; gc.callbacks), and
    # found next to no garbage. So the collector is off until the app is built (the imports are
    # made here for that): 2.54 -> 2.35 s of CPU per worker start, median of 4.
    gc.disable()
    try:
        from planwatch.services import long_lived
        from planwatch.settings import Settings
        from planwatch.web.app import create_app

        app = create_app(Settings())
    finally:
        gc.enable()
    # What start-up built (modules, templates, routes, the app) lives as long as the worker: frozen,
    # a full collection no longer walks it. With the collector's default thresholds a full collection
    # comes every 70,000 allocations, which a page of the 任务分工 table reaches in a few requests;
    # under 20 clients its p95 was 67–156 ms beside a median of 8 ms (bench/web_load.py). Raising the
    # thresholds as well (100,000, 50, 1,000) measured the same as the defaults once revision reads
    # were shared (web/revision_reads.py), and would let cyclic garbage that reached the oldest
    # generation wait almost forever, so they stay at CPython's defaults.
    gc.collect()
    gc.freeze()
    # and so is every plan the worker loads and keeps afterwards (services/long_lived.py)
    long_lived.enable()
    return app
