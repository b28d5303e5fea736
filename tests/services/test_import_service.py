"""Importing through the service: one transaction, all or nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select

from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.services.plans.records import import_analysis, list_plans, load_plan
from planwatch.settings import Settings
from planwatch.store.engine import transaction
from planwatch.store.tables import NodeRow, PlanRow, PlanVersionRow, SentenceRow, SourceDocumentRow

ROWS = (PlanRow, PlanVersionRow, SourceDocumentRow, NodeRow, SentenceRow)


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as c:
        return {r.__tablename__: c.execute(select(func.count()).select_from(r)).scalar_one() for r in ROWS}


class Boom(RuntimeError):
    pass


def test_failure_mid_import_leaves_database_unchanged_and_retry_works(engine: Engine) -> None:
    data, name = default_plan_bytes()
    analysis = analyze_bytes(data, name, Settings())
    assert all(v == 0 for v in _counts(engine).values())

    def fail_on_sentences(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO SENTENCES"):
            raise Boom("disk full while writing sentences")

    event.listen(engine, "before_cursor_execute", fail_on_sentences)
    try:
        with pytest.raises(Boom), transaction(engine) as session:
            import_analysis(session, analysis)
    finally:
        event.remove(engine, "before_cursor_execute", fail_on_sentences)
    assert all(v == 0 for v in _counts(engine).values())

    with transaction(engine) as session:
        result = import_analysis(session, analysis)
    assert not result.already_imported and result.version.number == 1
    counts = _counts(engine)
    assert counts["nodes"] == len(analysis.outline) and counts["sentences"] == len(analysis.sentences)

    with transaction(engine) as session:
        again = import_analysis(session, analysis)
    assert again.already_imported
    assert _counts(engine) == counts


def test_stored_analysis_reads_back_equal(engine: Engine) -> None:
    data, name = default_plan_bytes()
    analysis = analyze_bytes(data, name, Settings())
    with transaction(engine) as session:
        import_analysis(session, analysis, name="大连十五五建议")
    with transaction(engine) as session:
        plans = list_plans(session)
        view = load_plan(session, "大连十五五建议")
    assert [p.name for p in plans] == ["大连十五五建议"]
    assert view.analysis.outline == analysis.outline
    assert view.analysis.sentences == analysis.sentences
    assert view.analysis.document.text == analysis.document.text
