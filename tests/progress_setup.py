"""The set-up the progress, notification and sample-data tests share: the embedded Dalian plan imported into a
fresh database, and a department's report on one of its tasks submitted in one line."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from planwatch.model import Analysis, ProgressReport
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.services.plans.records import PlanView, import_analysis, load_plan
from planwatch.services.progress import reporting as progress
from planwatch.settings import Settings
from planwatch.store.engine import transaction

TASK = "p3.a6.t1"  # led by 大连市工业和信息化局, due 2030
MIIT = "大连市工业和信息化局"


@functools.cache
def dalian_analysis() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_bytes(data, name, Settings())


def import_dalian(engine: Engine) -> PlanView:
    """The Dalian plan stored in ``engine``'s database, as the services load it."""
    with transaction(engine) as session:
        result = import_analysis(session, dalian_analysis())
        return load_plan(session, str(result.plan.id))


def submit(
    session: Session,
    view: PlanView,
    period: str,
    percent: float,
    *,
    task: str = TASK,
    state: str = "推进中",
    narrative: str = "",
    evidence: Sequence[str] = (),
    closes: bool = False,
    by: str = "u",
) -> ProgressReport:
    """``by``'s report on ``task`` for ``period``, through the real use case (every check applies)."""
    draft = progress.ReportDraft(
        task_key=task,
        period=period,
        state=state,
        percent=percent,
        narrative=narrative,
        evidence=list(evidence),
        closes=closes,
    )
    return progress.submit_report(session, view, draft, by=by)
