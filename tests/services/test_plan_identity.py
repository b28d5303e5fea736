"""A plan is named from its text, never a tool's default title, and a new version must look like
the plan it joins (issue 17, finding 11). Both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from builders import make_docx
from planwatch.ingest.titles import is_generic_title
from planwatch.model import ConflictError, ErrorCode
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.services.plans.records import import_analysis, list_plans
from planwatch.settings import Settings
from planwatch.store.engine import transaction

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def _docx(tmp_path: Path, name: str, title: str | None, heading: str, body: str) -> bytes:
    paragraphs = [heading, "第一章 总体要求", body]
    return make_docx(paragraphs, tmp_path / name, headings={0: 0}, title=title).read_bytes()


@pytest.mark.parametrize(
    "title",
    ["Word Document", "Microsoft Word - 草稿.doc", "文档1", "Untitled", "新建 Microsoft Word 文档", None],
)
def test_a_generic_title_property_never_names_the_plan(
    engine: Engine, tmp_path: Path, title: str | None
) -> None:
    data = _docx(tmp_path, "a.docx", title, "某市城市更新专项规划", "推进老旧小区改造，完善社区服务设施。")
    analysis = analyze_bytes(data, "a.docx", Settings())
    with transaction(engine) as session:
        result = import_analysis(session, analysis)
    assert result.plan.name == "某市城市更新专项规划"


def test_generic_titles() -> None:
    for generic in ("Word Document", "PowerPoint Presentation", "标题", "Document1", "plan.docx", "2026"):
        assert is_generic_title(generic), generic
    assert not is_generic_title("大连市国民经济和社会发展第十五个五年规划纲要")


def test_unrelated_documents_do_not_become_versions_of_one_plan(engine: Engine, tmp_path: Path) -> None:
    dalian, name = default_plan_bytes()
    first = analyze_bytes(dalian, name, Settings())
    other_text = (CORPUS / "national-government-work-report-2024.txt").read_bytes()
    other = analyze_bytes(other_text, "report.txt", Settings())
    with transaction(engine) as session:
        import_analysis(session, first, "大连规划")
    with pytest.raises(ConflictError) as info, transaction(engine) as session:
        import_analysis(session, other, "大连规划")
    assert "差别很大" in info.value.message and info.value.hint
    assert info.value.code is ErrorCode.PLAN_NOT_SAME  # the CLI words it: add --force
    with transaction(engine) as session:
        assert [len(p.versions) for p in list_plans(session)] == [1]

    # A revised text of the same plan is its next version; an unrelated one only when forced.
    revised = analyze_bytes(dalian + "\n（二）补充一条任务：推进示范区建设。\n".encode(), name, Settings())
    with transaction(engine) as session:
        assert import_analysis(session, revised, "大连规划").version.number == 2
    with transaction(engine) as session:
        assert import_analysis(session, other, "大连规划", force=True).version.number == 3
