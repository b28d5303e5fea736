"""Trace the 2023 national work report's tasks through the 2024 report (issue 19), on the real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.compare.evidence_kind import node_roles, sentence_kind
from planwatch.model import InputError
from planwatch.model.trace import Evidence, Trace
from planwatch.services.evidence.trace import trace_refs
from planwatch.services.plans.analyze import analyze_bytes
from planwatch.settings import Settings
from strict import missing

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
REPORT_2023 = CORPUS / "national-government-work-report-2023.txt"
REPORT_2024 = CORPUS / "national-government-work-report-2024.txt"


@pytest.fixture(scope="module")
def trace() -> Trace:
    if not REPORT_2024.is_file():
        missing(f"the shared corpus is not at {CORPUS}")
    return trace_refs(None, str(REPORT_2023), [str(REPORT_2024)], Settings())


def _task(trace: Trace, task_id: str):  # type: ignore[no-untyped-def]
    return next(t for t in trace.tasks if t.task == task_id)


def test_a_task_the_review_reports_has_a_reported_sentence_of_2024(trace: Trace) -> None:
    grain = _task(trace, "p2.s6.t2")  # 稳定粮食播种面积 … 实施新一轮千亿斤粮食产能提升行动
    reported = [e for e in grain.evidence if e.kind == "reported"]
    assert reported and reported[0].year == 2024 and reported[0].about == 2023
    assert "实施新一轮千亿斤粮食产能提升行动" in reported[0].sentence
    assert reported[0].node == "p1" and "千亿斤" in "".join(reported[0].terms) + grain.text
    text = REPORT_2024.read_text("utf-8")
    assert text[reported[0].start : reported[0].end].strip() == reported[0].sentence

    money = _task(trace, "p2.t12")  # 稳健的货币政策要精准有力
    kinds: dict[str, Evidence] = {}
    for e in money.evidence:  # best first: keep the best of each kind
        kinds.setdefault(e.kind, e)
    assert "货币政策精准有力" in kinds["reported"].sentence
    # the 2024 programme sets this year's monetary policy: a deployment, not a report
    assert "稳健的货币政策要灵活适度" in kinds["deployed"].sentence and kinds["deployed"].about == 2024


def test_a_task_not_taken_up_has_no_evidence(trace: Trace) -> None:
    logistics = _task(trace, "p2.s2.t6")  # 建设高效顺畅的物流体系: the 2024 review never reports it
    assert not [e for e in logistics.evidence if e.kind == "reported"]
    # 完善农资保供稳价应对机制: nothing in the 2024 report, neither reported nor deployed
    inputs = _task(trace, "p2.s6.t3")
    assert inputs.evidence == () and "p2.s6.t3" in trace.coverage()["never_taken_up"]


def test_the_plans_own_review_is_not_traced(trace: Trace) -> None:
    ids = {t.task for t in trace.tasks}
    assert not ids & set(trace.skipped)
    assert "p2.s6.t2" in ids  # the programme is traced


def test_json_contract(trace: Trace) -> None:
    data = trace.to_dict()
    assert {"plan", "sources", "tasks", "coverage"} <= set(data)
    assert data["sources"][0]["name"] == REPORT_2024.name and data["sources"][0]["year"] == 2024
    assert {"name", "year", "sha256"} <= set(data["sources"][0])
    assert len(data["sources"][0]["sha256"]) == 64
    task = next(t for t in data["tasks"] if t["evidence"])
    assert {"task", "text", "evidence"} <= set(task)
    keys = {"source", "year", "node", "sentence", "start", "end", "kind", "score", "terms"}
    assert keys <= set(task["evidence"][0])
    assert all(
        e["kind"] in ("deployed", "reported", "mentioned") for t in data["tasks"] for e in t["evidence"]
    )
    cov = data["coverage"]
    assert cov["total"] == len(data["tasks"]) and 0 < cov["taken_up"] <= cov["total"]


def test_year_override_and_bad_input() -> None:
    if not REPORT_2024.is_file():
        missing(f"the shared corpus is not at {CORPUS}")
    t = trace_refs(None, str(REPORT_2023), [str(REPORT_2024)], Settings(), years=[2025], threshold=0.3)
    assert t.sources[0].year == 2025 and t.sources[0].year_from == "override"
    assert all(e.score >= 0.3 for task in t.tasks for e in task.evidence)
    with pytest.raises(InputError, match="年份"):
        trace_refs(None, str(REPORT_2023), [str(REPORT_2024)], Settings(), years=[2024, 2025])
    with pytest.raises(InputError, match="找不到文件"):
        trace_refs(None, str(REPORT_2023), ["/no/such/report.txt"], Settings())
    with pytest.raises(InputError, match="阈值"):
        trace_refs(None, str(REPORT_2023), [str(REPORT_2024)], Settings(), threshold=1.5)


@pytest.mark.parametrize(
    ("text", "role", "kind"),
    [
        ("实施新一轮千亿斤粮食产能提升行动。", "review", "reported"),
        ("科技创新能力还不强。", "review", "mentioned"),
        ("加快建设新型能源体系。", "programme", "deployed"),
        ("沈大高速改扩建工程建成通车。", "", "reported"),
        ("要加快推进沈大高速改扩建工程。", "", "deployed"),
        ("各位代表。", "", "mentioned"),
        # a programme's directives without 推进/加快: 保障, 巩固, 放宽 deploy too
        ("保障妇女、儿童、老年人、残疾人合法权益。", "programme", "deployed"),
        ("毫不放松巩固拓展脱贫攻坚成果。", "programme", "deployed"),
        ("就业是最基本的民生。", "programme", "mentioned"),
        # work done on a problem is a report; the problem alone is a mention
        ("狠抓安全生产和应急管理，开展重大事故隐患专项排查整治。", "review", "reported"),
        ("安全生产的薄弱环节不容忽视。", "review", "mentioned"),
    ],
)
def test_sentence_kind(text: str, role: str, kind: str) -> None:
    assert sentence_kind(text, role) == kind


def test_a_part_titled_with_an_earlier_year_is_a_review() -> None:
    text = (
        "2026年某省政府工作报告\n\n一、2025年主要工作和“十四五”发展成就\n\n建成沿江高铁。\n\n"
        "二、2026年重点工作\n\n加快建设沿江高铁。\n"
    )
    analysis = analyze_bytes(text.encode(), "report.txt", Settings())
    roles = node_roles(analysis, 2026)
    assert roles["p1"] == "review" and roles["p2"] == "programme"
    assert node_roles(analysis)["p1"] == "review"  # 成就 says so even without the year


def test_a_project_task_gets_its_milestones_from_a_later_report(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "某市国民经济和社会发展第十五个五年规划纲要\n\n第一章 交通\n\n加快建设沈大高速公路改扩建工程。\n"
        "完善城市公园体系。\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.txt"
    report.write_text(
        "2027年某市政府工作报告\n\n一、2026年工作回顾\n\n沈大高速公路改扩建工程建成通车。\n\n"
        "二、2027年重点工作\n\n推进沈大高速公路沿线服务区建设。\n",
        encoding="utf-8",
    )
    result = trace_refs(None, str(plan), [str(report)], Settings())
    road = next(t for t in result.tasks if "沈大高速" in t.text)
    done = next(e for e in road.evidence if e.kind == "reported")
    assert done.year == 2027 and done.about == 2026
    assert set(done.milestones) >= {"建成", "通车"}
    assert any(e.kind == "deployed" for e in road.evidence)


def test_a_directive_sharing_one_field_word_is_not_a_deployment(trace: Trace) -> None:
    # bench/trace_gold_deployed.yaml: 推动城乡融合和区域协调发展 shares only 区域 with the task
    hospitals = _task(trace, "p2.s8.t4")  # 推动优质医疗资源扩容下沉和区域均衡布局
    assert not any("推动城乡融合和区域协调发展" in e.sentence for e in hospitals.evidence)
    # a directive naming two of the task's words is kept: 严守耕地红线…高标准农田建设
    farmland = _task(trace, "p2.s6.t4")
    assert any(e.kind == "deployed" and "严守耕地红线" in e.sentence for e in farmland.evidence)
    # and one sharing 种业, 振兴 and 行动 too
    seeds = _task(trace, "p2.s6.t5")  # 深入实施种业振兴行动
    assert any(e.kind == "deployed" and "种业振兴" in e.sentence for e in seeds.evidence)
    weak = [
        e
        for t in trace.tasks
        for e in t.evidence
        if e.kind in ("deployed", "mentioned") and len(e.terms) < 2 and e.score < 0.25
    ]
    assert weak == []
