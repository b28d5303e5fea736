"""Placeholder until the quantities extractor lands (issue 3): provides an empty list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planwatch.extract.pipeline import Context, component


@component("quantities", provides=("quantities",))
def quantities(ctx: Context) -> Mapping[str, Any]:
    return {"quantities": ()}
