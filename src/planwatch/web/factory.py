"""An app built from the environment's settings, for uvicorn workers (``--factory``)."""

from __future__ import annotations

import gc

from fastapi import FastAPI

from planwatch.settings import Settings
from planwatch.web.app import create_app

# A serving worker's heap is mostly long-lived: modules, templates, routes, the OpenAPI document and
# the cached plan views. CPython's default thresholds (700, 10, 10) start a young collection every 700
# allocations and walk the whole heap every 70,000, which a page of the 任务分工 table reaches in a
# few requests: under 20 clients its p95 was 67–156 ms beside a median of 8 ms. Collected this rarely,
# the same load gave a p95 of 10–35 ms (bench/web_load.py, side by side). Reference counting still
# frees everything that is not in a cycle at once, so memory stays flat.
GC_THRESHOLDS = (100_000, 50, 1_000)


def app_from_env() -> FastAPI:
    app = create_app(Settings())
    # What start-up built lives as long as the worker: a full collection need not walk it again.
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    return app
