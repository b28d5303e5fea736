"""导入: what an imported document came to."""

from __future__ import annotations

from planwatch.web.schemas.common import Plan, Shape, Version


class ImportCounts(Shape):
    characters: int
    nodes: int
    sentences: int
    tasks: int
    quantities: int
    goals: int
    entities: int


class ImportResult(Shape):
    plan: Plan
    version: Version
    already_imported: bool
    new_plan: bool
    warnings: list[str]
    counts: ImportCounts
