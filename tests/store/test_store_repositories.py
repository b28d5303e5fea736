"""PlanRepository on real databases: what goes in comes back out as model objects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC
from typing import Any

import pytest
from sqlalchemy import Engine, delete, event, func, select
from sqlalchemy.orm import Session

from planwatch.model import Analysis, ErrorCode, InputError, NotFoundError, PlanInfo, VersionInfo
from planwatch.store import plan_listing
from planwatch.store.engine import session_factory, transaction
from planwatch.store.repositories import PlanRepository
from planwatch.store.tables import NodeRow, PlanRow, PlanVersionRow, SentenceRow, SourceDocumentRow

MakeAnalysis = Callable[..., Analysis]


def _import(engine: Engine, name: str, analysis: Analysis) -> tuple[PlanInfo, VersionInfo]:
    with transaction(engine) as session:
        return PlanRepository(session).add_version(name, analysis)


def _count(session: Session, table: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def test_add_version_then_load_analysis_round_trips(engine: Engine, make_analysis: MakeAnalysis) -> None:
    analysis = make_analysis()
    plan, version = _import(engine, "大连十五五", analysis)

    assert plan.name == "大连十五五"
    assert plan.title == analysis.document.title
    assert plan.versions == (version,)
    assert plan.created_at.tzinfo is not None
    assert version.number == 1
    assert version.plan_id == plan.id
    assert version.sha256 == analysis.document.sha256
    assert version.source == "dalian.txt"
    assert version.chars == len(analysis.document.text)
    assert version.size == analysis.document.size
    assert version.node_count == len(analysis.outline)
    assert version.sentence_count == len(analysis.sentences)
    assert version.created_at.utcoffset() is not None
    assert version.created_at.astimezone(UTC) == version.created_at

    with session_factory(engine)() as session:
        loaded = PlanRepository(session).load_analysis(version.id)

    assert loaded.outline == analysis.outline
    assert loaded.sentences == analysis.sentences
    assert loaded.warnings == analysis.warnings
    assert loaded.schema_version == analysis.schema_version
    original = analysis.document
    doc = loaded.document
    assert (doc.text, doc.source, doc.sha256, doc.format, doc.size, doc.encoding, doc.title) == (
        original.text,
        original.source,
        original.sha256,
        original.format,
        original.size,
        original.encoding,
        original.title,
    )
    assert doc.blocks == ()
    assert [(t.start, t.end, t.rows) for t in doc.tables] == [
        (t.start, t.end, t.rows) for t in original.tables
    ]
    assert (
        loaded.text_of(*_span(loaded, "p1.a2"))
        == "（二）主要目标。地区生产总值年均增长5%左右。常住人口达到760万人。"
    )


def _span(analysis: Analysis, node_id: str) -> tuple[int, int]:
    node = analysis.node(node_id)
    assert node is not None
    return node.start, node.end


def test_stored_analysis_and_sentence_text(engine: Engine, make_analysis: MakeAnalysis) -> None:
    analysis = make_analysis()
    _plan, version = _import(engine, "大连", analysis)
    with session_factory(engine)() as session:
        row = session.get_one(PlanVersionRow, version.id)
        texts = session.scalars(select(SentenceRow.text).order_by(SentenceRow.position)).all()
        # deferred columns: read while the row is still in its session
        stored, warnings = row.analysis, row.warnings
    assert stored == analysis.to_dict(include_text=False)
    assert "text" not in stored["document"]
    assert warnings == list(analysis.warnings)
    assert texts == [analysis.text_of(s.start, s.end) for s in analysis.sentences]
    assert texts[1] == "坚持稳中求进工作总基调；"


def test_second_version_gets_number_two_and_keeps_the_first(
    engine: Engine, make_analysis: MakeAnalysis
) -> None:
    first, second = make_analysis(), make_analysis("（修订）")
    _plan, v1 = _import(engine, "大连", first)
    plan, v2 = _import(engine, "大连", second)

    assert v2.number == 2
    assert [v.number for v in plan.versions] == [1, 2]
    assert plan.latest == v2
    with session_factory(engine)() as session:
        repo = PlanRepository(session)
        assert repo.load_analysis(v1.id).document.text == first.document.text
        assert repo.load_analysis(v2.id).document.text == second.document.text
        assert repo.get_version(plan) == v2
        assert repo.get_version(plan, 1) == v1
        with pytest.raises(NotFoundError, match="没有第 3 版"):
            repo.get_version(plan, 3)
        with pytest.raises(NotFoundError):
            repo.get_version(plan, 2**40)


def test_same_bytes_share_one_source_document(engine: Engine, make_analysis: MakeAnalysis) -> None:
    analysis = make_analysis()
    _import(engine, "大连", analysis)
    _plan, v2 = _import(engine, "大连（副本）", analysis)
    assert v2.number == 1
    with session_factory(engine)() as session:
        assert _count(session, SourceDocumentRow) == 1
        assert _count(session, PlanVersionRow) == 2


def test_find_version_by_sha256(engine: Engine, make_analysis: MakeAnalysis) -> None:
    analysis = make_analysis()
    plan, version = _import(engine, "大连", analysis)
    _import(engine, "大连（副本）", analysis)
    with session_factory(engine)() as session:
        repo = PlanRepository(session)
        assert repo.find_version_by_sha256(analysis.document.sha256) == (plan, version)
        assert repo.find_version_by_sha256("0" * 64) is None


def test_get_plan_by_id_and_by_name(engine: Engine, make_analysis: MakeAnalysis) -> None:
    plan, _version = _import(engine, "大连", make_analysis())
    with session_factory(engine)() as session:
        repo = PlanRepository(session)
        assert repo.get_plan(str(plan.id)) == plan
        assert repo.get_plan("大连") == plan
        assert repo.get_plan(" 大连 ") == plan
        assert repo.find_plan_by_name("大连") == plan
        assert repo.find_plan_by_name("沈阳") is None


def test_plan_named_with_digits_is_found_by_name(engine: Engine, make_analysis: MakeAnalysis) -> None:
    plan, _version = _import(engine, "2035", make_analysis())
    with session_factory(engine)() as session:
        assert PlanRepository(session).get_plan("2035") == plan


@pytest.mark.parametrize("ref", ["沈阳", "999", "99999999999999999999", ""])
def test_unknown_plan_raises_not_found_with_a_hint(engine: Engine, ref: str) -> None:
    with session_factory(engine)() as session, pytest.raises(NotFoundError) as caught:
        PlanRepository(session).get_plan(ref)
    assert "没有找到" in caught.value.message
    assert caught.value.code is ErrorCode.PLAN_NOT_FOUND and caught.value.hint  # each front-end words its own


def test_list_plans_orders_plans_and_versions(engine: Engine, make_analysis: MakeAnalysis) -> None:
    _import(engine, "大连", make_analysis("a"))
    _import(engine, "沈阳", make_analysis("b"))
    _import(engine, "大连", make_analysis("c"))
    with session_factory(engine)() as session:
        plans = PlanRepository(session).list_plans()
    assert [p.name for p in plans] == ["大连", "沈阳"]
    assert [p.id for p in plans] == sorted(p.id for p in plans)
    assert [[v.number for v in p.versions] for p in plans] == [[1, 2], [1]]


def test_plans_listed_on_a_bare_connection_match_the_repository(
    engine: Engine, make_analysis: MakeAnalysis
) -> None:
    # `planwatch plans` lists through a Core connection (no ORM); it must read what the pages read
    _import(engine, "大连", make_analysis("a"))
    _import(engine, "沈阳", make_analysis("b"))
    plan, version = _import(engine, "大连", make_analysis("c"))
    with session_factory(engine)() as session:
        through_session = PlanRepository(session).list_plans()
    with engine.connect() as connection:
        through_connection = plan_listing.list_plans(connection)
    assert through_connection == through_session
    assert [[v.number for v in p.versions] for p in through_connection] == [[1, 2], [1]]
    latest = through_connection[0].versions[-1]
    assert latest == version and through_connection[0].id == plan.id
    assert latest.node_count > 0 and latest.sentence_count > 0 and latest.chars > 0
    assert latest.created_at.tzinfo is not None and latest.created_at.utcoffset() == UTC.utcoffset(None)


def test_nodes_and_node(engine: Engine, make_analysis: MakeAnalysis) -> None:
    analysis = make_analysis()
    _plan, version = _import(engine, "大连", analysis)
    with session_factory(engine)() as session:
        repo = PlanRepository(session)
        assert repo.nodes(version.id) == list(analysis.outline)
        assert repo.node(version.id, "p2.a3") == analysis.node("p2.a3")
        with pytest.raises(NotFoundError, match=r"p9\.a9"):
            repo.node(version.id, "p9.a9")
        with pytest.raises(NotFoundError):
            repo.nodes(version.id + 1000)
        with pytest.raises(NotFoundError):
            repo.load_analysis(version.id + 1000)


def test_blank_plan_name_is_refused(engine: Engine, make_analysis: MakeAnalysis) -> None:
    with pytest.raises(InputError), transaction(engine) as session:
        PlanRepository(session).add_version("  ", make_analysis())


def test_text_with_nul_is_refused_on_every_database(engine: Engine, make_analysis: MakeAnalysis) -> None:
    analysis = make_analysis()
    broken = replace(analysis, document=replace(analysis.document, text=analysis.document.text + "\x00"))
    with pytest.raises(InputError, match="NUL"), transaction(engine) as session:
        PlanRepository(session).add_version("大连", broken)


def test_plan_sized_import_round_trips(engine: Engine, make_large_analysis: MakeAnalysis) -> None:
    analysis = make_large_analysis()
    assert len(analysis.outline) >= 120 and len(analysis.sentences) >= 1400
    _plan, version = _import(engine, "大连", analysis)
    assert (version.node_count, version.sentence_count) == (len(analysis.outline), len(analysis.sentences))
    with session_factory(engine)() as session:
        loaded = PlanRepository(session).load_analysis(version.id)
    assert loaded.outline == analysis.outline
    assert loaded.sentences == analysis.sentences


def test_deleting_a_plan_cascades_to_its_versions(engine: Engine, make_analysis: MakeAnalysis) -> None:
    _import(engine, "大连", make_analysis())
    with transaction(engine) as session:
        session.execute(delete(PlanRow))
    with session_factory(engine)() as session:
        assert [_count(session, t) for t in (PlanRow, PlanVersionRow, NodeRow, SentenceRow)] == [0, 0, 0, 0]
        # The document may back other plans' versions, so it stays.
        assert _count(session, SourceDocumentRow) == 1


def test_failure_mid_import_rolls_back_everything(engine: Engine, make_analysis: MakeAnalysis) -> None:
    """Fault injection at the database boundary: the INSERT into sentences fails after plans,
    source_documents, plan_versions and nodes were already written in the same transaction."""

    class InjectedFault(Exception):
        pass

    def fail_on_sentences(
        _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _executemany: bool
    ) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO SENTENCES"):
            raise InjectedFault("disk full while writing sentences")

    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement.split("(")[0].strip().upper())

    event.listen(engine, "before_cursor_execute", record)
    event.listen(engine, "before_cursor_execute", fail_on_sentences)
    try:
        with pytest.raises(InjectedFault), transaction(engine) as session:
            PlanRepository(session).add_version("大连", make_analysis())
    finally:
        event.remove(engine, "before_cursor_execute", fail_on_sentences)
        event.remove(engine, "before_cursor_execute", record)

    # The fault really struck after the other tables had been written.
    for table in ("PLANS", "SOURCE_DOCUMENTS", "PLAN_VERSIONS", "NODES", "SENTENCES"):
        assert f"INSERT INTO {table}" in seen
    with session_factory(engine)() as session:
        counts = {
            t.__tablename__: _count(session, t)
            for t in (PlanRow, SourceDocumentRow, PlanVersionRow, NodeRow, SentenceRow)
        }
    assert counts == dict.fromkeys(counts, 0)
