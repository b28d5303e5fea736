"""Five-year outlook parts of 2026 work reports: ——坚持… lead lines direct, a description of the
plan draft (《纲要草案》提出/设置/部署了…) does not, and a list framed by a colon shares the frame.

The expectations were counted by hand on the corpus text."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from planwatch.ingest import read_bytes, read_path
from planwatch.model import Analysis
from planwatch.services.plans.analyze import analyze_document

PROVINCES = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "provinces-2026-dev"


@lru_cache(maxsize=4)
def _report(name: str) -> Analysis:
    return analyze_document(read_path(PROVINCES / name))


def _text(text: str) -> Analysis:
    return analyze_document(read_bytes(text.encode("utf-8"), "plan.txt"))


def _directed(a: Analysis, prefix: str) -> list[str]:
    text = a.document.text
    with_tasks = {t.sentence for t in a.tasks}
    return [
        text[s.start : s.end]
        for s in a.sentences
        if s.id in with_tasks and (s.node == prefix or s.node.startswith(prefix + "."))
    ]


def test_henan_outlook_lead_lines_and_the_sentences_after_them_direct() -> None:
    a = _report("河南省.txt")
    leads = [n for n in a.outline if n.parent == "p2" and n.label == "——"]
    assert len(leads) == 8
    directed = _directed(a, "p2")
    # each of the eight lead lines and each of the nine sentences after them: 17 by hand
    assert len(directed) == 17
    assert directed[0] == "坚持党的全面领导，切实担负起党中央赋予河南的重大使命。"
    # 如期实现2030年前碳达峰目标 is a target, not a report of the past
    assert any(s.startswith("协同推进降碳、减污、扩绿、增长") for s in directed)
    # the introduction (the draft is submitted) and the rallying close of the part direct nothing
    assert not any("提交大会审查" in s or s.startswith("各位代表") for s in directed)


def test_beijing_outlook_describing_the_plan_draft_gives_no_tasks_but_its_measures_do() -> None:
    a = _report("北京市.txt")
    directed = _directed(a, "p2")
    # 《纲要草案》具体部署了13项任务举措：一是…；二是…；… lists the plan's measures as actions: the
    # items after the first (which reports, 部署了) direct
    assert sum(s.startswith(("二是", "三是", "十三是")) for s in directed) == 3
    assert any(s.startswith("我们要保持战略定力") for s in directed)
    # the review paragraphs (这五年，我们…), the notes on drafting (在《纲要草案》编制过程中，注意把握
    # 以下几点：一是…。二是…。三是…。) and the goals (明确了今后五年的发展目标) tell of the past or
    # of what the document contains
    assert not any(
        s.startswith(("大力提升", "城市副中心", "科技创新引领", "二是牢记", "三是坚持")) for s in directed
    )
    assert not any("发展目标" in s or "主要指标" in s for s in directed)


def test_a_document_as_subject_describes_and_a_document_as_object_directs() -> None:
    text = (
        "一、2026年重点工作\n"
        "（一）推进规划实施\n"
        "《纲要草案》提出推动城乡融合发展，建设美丽乡村。\n"
        "在《纲要草案》编制过程中，注意把握以下几点：一是注重对标对表，紧密对接落实城市总体规划；"
        "二是坚持目标导向，聚焦现代化建设中的短板弱项。\n"
        "全面贯彻落实《乡村振兴促进法》提出的各项要求，健全城乡融合发展体制机制。\n"
        "深化农村改革，完善承包地“三权分置”制度。\n"
    )
    a = _text(text)
    assert [t.text for t in a.tasks] == [
        "全面贯彻落实《乡村振兴促进法》提出的各项要求，健全城乡融合发展体制机制",
        "深化农村改革，完善承包地“三权分置”制度",
    ]


def test_a_running_total_in_a_target_is_no_report_of_the_past() -> None:
    a = _report("北京市.txt")
    directed = _directed(a, "p3.s6")
    assert any(s.startswith("实施30项市级疏堵工程") for s in directed)
    # while a sentence opening with the total reports it
    b = _text(
        "一、2026年重点工作\n（一）建设数字城市\n"
        "累计建成5G基站3万个，千兆光网覆盖全部城区。\n"
        "新建5G基站5000个，累计达3.5万个，推进千兆光网进小区。\n"
        "深化数据要素市场化配置改革，建设城市数据中心。\n"
    )
    assert [t.text[:8] for t in b.tasks] == ["新建5G基站50", "深化数据要素市场"]
