"""The one place that lists the extraction components, in order."""

from __future__ import annotations

from functools import lru_cache

from planwatch.extract.pipeline import Pipeline


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    from planwatch.extract.assign import assign
    from planwatch.extract.entities import entities
    from planwatch.extract.goals import goals
    from planwatch.extract.issuer import issuer
    from planwatch.extract.quantities import quantities
    from planwatch.extract.tasks import tasks

    return Pipeline([issuer, quantities, goals, entities, tasks, assign])
