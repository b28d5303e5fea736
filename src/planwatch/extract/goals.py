"""Placeholder until the goals extractor lands (issue 3): provides an empty list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planwatch.extract.pipeline import Context, component


@component("goals", provides=("goals",))
def goals(ctx: Context) -> Mapping[str, Any]:
    return {"goals": ()}
