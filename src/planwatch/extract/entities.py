"""Placeholder until the entities extractor lands (issue 3): provides an empty list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planwatch.extract.pipeline import Context, component


@component("entities", provides=("entities",))
def entities(ctx: Context) -> Mapping[str, Any]:
    return {"entities": ()}
