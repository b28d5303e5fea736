"""Placeholder until the tasks extractor lands (issue 3): provides an empty list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planwatch.extract.pipeline import Context, component


@component("tasks", provides=("tasks",))
def tasks(ctx: Context) -> Mapping[str, Any]:
    return {"tasks": ()}
