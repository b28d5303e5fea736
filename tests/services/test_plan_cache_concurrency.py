"""The per-process analysis cache of services.plans.load_plan under concurrent requests: with more
plans in use than it holds (evictions and concurrent misses), every caller gets its own plan's
analysis, never another's (on both databases)."""

from __future__ import annotations

import random
import threading

from sqlalchemy.engine import Engine

from planwatch.services.catalogue.departments import catalogue_in_force
from planwatch.services.plans import records as plans_service
from planwatch.services.plans.analyze import analyze_bytes
from planwatch.services.plans.records import import_analysis, load_plan
from planwatch.settings import Settings
from planwatch.store.engine import session_factory, transaction


def test_concurrent_loads_of_more_plans_than_the_cache_holds(engine: Engine) -> None:
    settings = Settings()
    count = plans_service._ANALYSES_MAX + 4
    with transaction(engine) as session:
        catalogue = catalogue_in_force(session, settings)
        for k in range(count):
            text = f"第{k}号专项规划\n一、总体要求\n（一）指导思想。推进第{k}项改革，加快建设第{k}号工程。\n"
            import_analysis(
                session, analyze_bytes(text.encode(), f"p{k}.txt", settings, catalogue), name=f"规划{k}"
            )
    sessions = session_factory(engine)
    wrong: list[str] = []
    start = threading.Barrier(8)

    def client(seed: int) -> None:
        rng = random.Random(seed)
        start.wait(timeout=30)
        for _ in range(60):
            k = rng.randrange(count)
            with sessions() as session:
                view = load_plan(session, f"规划{k}")
            if (
                view.analysis.document.sha256 != view.version.sha256
                or f"第{k}项改革" not in view.analysis.document.text
            ):
                wrong.append(f"规划{k} got {view.analysis.document.text[:12]!r}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)
    assert wrong == []
    assert len(plans_service._ANALYSES) <= plans_service._ANALYSES_MAX
