"""Plan lineage on both databases: set, change, clear, cycles refused, every change audited."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from planwatch.ingest import read_bytes
from planwatch.model import InputError
from planwatch.services.admin import audit
from planwatch.services.plans.analyze import analyze_document
from planwatch.services.plans.lineage import lineage, set_upper
from planwatch.services.plans.records import import_analysis
from planwatch.store.engine import transaction
from planwatch.store.users import AuditFilter


def _plan(engine: Engine, name: str, body: str) -> int:
    text = f"{name}\n一、总体要求\n(1){body}推进高质量发展。\n"
    with transaction(engine) as session:
        doc = read_bytes(text.encode("utf-8"), f"{name}.txt")
        return import_analysis(session, analyze_document(doc), name=name).plan.id


def test_chain_children_cycles_and_audit(engine: Engine) -> None:
    province = _plan(engine, "省建议", "全省")
    city = _plan(engine, "市建议", "全市")
    outline = _plan(engine, "市纲要", "纲要")
    with transaction(engine) as session:
        set_upper(session, "市建议", "省建议", "建议", by="张三")
        set_upper(session, str(outline), str(city), "纲要", by="张三")
    with transaction(engine) as session:
        down = lineage(session, "市纲要")
        assert [u["name"] for u in down["upper"]] == ["市建议", "省建议"]
        assert down["plan"]["level"] == "纲要"
        assert [c["name"] for c in lineage(session, "省建议")["lower"]] == ["市建议"]
        with pytest.raises(InputError, match="不能再作为它的上级规划"):
            set_upper(session, "省建议", "市纲要", by="张三")
        with pytest.raises(InputError, match="不能以自己为上级规划"):
            set_upper(session, "省建议", "省建议", by="张三")
        with pytest.raises(InputError, match="规划层级"):
            set_upper(session, "省建议", None, "宏伟蓝图", by="张三")
    with transaction(engine) as session:
        set_upper(session, "市建议", None, by="李四")  # clearing keeps the level
        info = lineage(session, "市建议")
        assert info["upper"] == [] and info["plan"]["level"] == "建议"
        entries = audit.entries(session, AuditFilter(action="plan.lineage"))
        assert len(entries) == 3
        assert {e.username for e in entries} == {"张三", "李四"}
    assert province and city
