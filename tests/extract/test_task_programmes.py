"""Work programmes of provincial work reports: each section of the year's programme gives its
directives, even where the part opens with the year's targets; review and rhetoric give none.

The expectations were counted by hand on the corpus text."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from planwatch.ingest import read_bytes, read_path
from planwatch.model import Analysis
from planwatch.services.plans.analyze import analyze_document

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
PROVINCES = CORPUS / "provinces-2026-dev"


@lru_cache(maxsize=4)
def _report(name: str) -> Analysis:
    return analyze_document(read_path(PROVINCES / name))


def _text(text: str) -> Analysis:
    return analyze_document(read_bytes(text.encode("utf-8"), "plan.txt"))


def _sentences_with_tasks(a: Analysis, node: str) -> tuple[list[str], list[str]]:
    text = a.document.text
    with_tasks = {t.sentence for t in a.tasks}
    said = [s for s in a.sentences if s.node == node]
    return (
        [text[s.start : s.end] for s in said if s.id in with_tasks],
        [text[s.start : s.end] for s in said if s.id not in with_tasks],
    )


def test_sichuan_programme_after_the_targets_gives_its_tasks() -> None:
    a = _report("四川省.txt")
    nodes = {t.node for t in a.tasks}
    # part 三 opens with the general requirements and the year's targets; its ten sections are the
    # programme and each gives tasks, while the review (part 一) gives none
    assert {f"p3.s{i}" for i in range(1, 11)} <= nodes
    assert not [n for n in nodes if n == "p1" or n.startswith("p1.")]
    # （一）: the title and three paragraph leads head the text; the 21 sentences under them each
    # direct, and each gives a task (a few long ones two, cut where a new directive starts)
    directed, other = _sentences_with_tasks(a, "p3.s1")
    assert [s.rstrip("。") for s in other] == [
        "突出扩大内需战略基点，更大力度统筹促消费扩投资",
        "着力激发持续消费",
        "积极扩大有效投资",
        "推进文旅融合发展",
    ]
    assert len(directed) == 21
    assert 21 <= len([t for t in a.tasks if t.node == "p3.s1"]) <= 30


def test_jiangsu_programme_section_gives_one_task_per_directive_sentence() -> None:
    a = _report("江苏省.txt")
    directed, other = _sentences_with_tasks(a, "p3.s3")
    # the section is one paragraph: its run-in title, an opening sentence, then groups each headed by
    # a short topic whose bold the scrape lost (深入实施传统产业焕新工程。促进冶金、化工…); the
    # topics are headings, the sentences after them the tasks
    leads = [
        "深入实施传统产业焕新工程",
        "发展壮大战略性新兴产业",
        "前瞻布局未来产业",
        "实施服务业扩能提质行动",
    ]
    stripped = [s.rstrip("。") for s in other]
    assert stripped[0] == "加快建设现代化产业体系"  # the title
    assert set(leads) <= set(stripped)
    assert 10 <= len(directed) <= 11
    tasks = [t for t in a.tasks if t.node == "p3.s3"]
    assert 10 <= len(tasks) <= 14
    # a verb followed by a compound of two (实施 培育发展…行动) keeps the compound in its object
    tomorrow = next(t for t in tasks if "未来产业三年行动" in t.text)
    assert (tomorrow.verb, tomorrow.object) == ("实施", "培育发展未来产业三年行动")
    # each task keeps the topic that heads it; the section's opening sentence has none
    assert tomorrow.topic == "前瞻布局未来产业"
    assert tasks[0].topic is None and tasks[0].text.startswith("聚焦制造强省建设")
    assert next(t for t in tasks if t.text.startswith("促进冶金")).topic == "深入实施传统产业焕新工程"


def test_run_in_topics_need_an_elaboration_and_a_row_of_groups() -> None:
    jiangsu = _report("江苏省.txt")
    directed, other = _sentences_with_tasks(jiangsu, "p3.s1")
    # short directives that no longer sentence elaborates stay tasks, topics do not
    assert "创新发展数字贸易。" in directed and "扩大优质消费品、高端服务等进口。" in directed
    assert "更大力度提振消费。" in other and "着力扩大有效投资。" in other
    # a short directive followed by work on something else stays a task (中医药 vs 心理援助热线)
    directed, other = _sentences_with_tasks(jiangsu, "p3.s9")
    assert "持续实施中医药振兴发展工程。" in directed
    assert "着力稳就业促增收。" in other
    # a paragraph headed by its own lead is one group: its short sentences are tasks
    sichuan = _report("四川省.txt")
    directed, _ = _sentences_with_tasks(sichuan, "p3.s9")
    assert "完善志愿服务制度和工作体系。" in directed
    a = _text(
        "政府工作报告\n"
        "一、今年重点工作\n"
        "（一）加快建设现代化产业体系。聚焦制造强省建设，实施重点产业链高质量发展行动。"
        "发展壮大战略性新兴产业。实施新技术新产品应用示范行动，做强集成电路、新能源汽车等战略性新兴产业。"
        "前瞻布局未来产业。深入实施未来产业三年行动，培育发展量子科技、生物制造等未来产业。\n"
    )
    directed, other = _sentences_with_tasks(a, "p1.s1")
    assert [s.rstrip("。") for s in other] == [
        "加快建设现代化产业体系",
        "发展壮大战略性新兴产业",
        "前瞻布局未来产业",
    ]
    assert len(directed) == 3
    assert [t.topic for t in a.tasks if t.node == "p1.s1"] == [
        None,
        "发展壮大战略性新兴产业",
        "前瞻布局未来产业",
    ]
    # a single topic-shaped sentence in a paragraph is an ordinary task
    b = _text(
        "政府工作报告\n"
        "一、今年重点工作\n"
        "（一）加快建设现代化产业体系。聚焦制造强省建设，实施重点产业链高质量发展行动。"
        "发展壮大战略性新兴产业。实施新技术新产品应用示范行动，做强集成电路、新能源汽车等战略性新兴产业。\n"
    )
    directed, other = _sentences_with_tasks(b, "p1.s1")
    assert "发展壮大战略性新兴产业。" in directed


def test_review_sections_and_rhetoric_give_no_tasks() -> None:
    for name in ("四川省.txt", "江苏省.txt", "广东省.txt", "北京市.txt"):
        a = _report(name)
        assert not [t for t in a.tasks if t.node == "p1" or t.node.startswith("p1.")], name
        rhetoric = [t.text for t in a.tasks if t.text.startswith(("各位代表", "展望未来", "让我们"))]
        assert rhetoric == [], name


def test_a_part_with_targets_does_not_speak_for_its_sections() -> None:
    a = _text(
        "政府工作报告\n"
        "一、今年工作安排\n"
        "今年是开局之年。今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；"
        "城镇新增就业85万人；居民消费价格涨幅2%左右。\n"
        "重点做好以下工作：\n"
        "（一）扩大国内需求。实施提振消费专项行动。扩大有效投资。\n"
    )
    assert [t.verb for t in a.tasks] == ["实施", "扩大"]
    assert {t.node for t in a.tasks} == {"p1.s1"}


def test_noun_stems_and_framing_nouns_are_not_verbs() -> None:
    a = _text(
        "一、加快建设现代化产业体系\n"
        "(1)强化支撑。以全面从严治党为根本保障，深入实施产业提升战略。"
        "建设者之家覆盖全部新建工地。创新型国家建设加快推进。\n"
    )
    assert [(t.verb, t.object) for t in a.tasks] == [("实施", "产业提升战略")]


def test_target_statements_are_outcomes_not_tasks() -> None:
    a = _text(
        "政府工作报告\n"
        "一、今年重点工作\n"
        "（一）扩大内需。推进重大项目建设，扩大有效投资。\n"
        "力争地区生产总值增长5.5%左右。实现外贸进出口增长5%。确保粮食产量稳定在1300亿斤以上。"
        "新建5G基站1万个。实现进出口增长5%，推进高标准农田建设。\n"
        "今年主要预期目标为：生产总值增长5%左右，在实际工作中努力争取更好结果。\n"
    )
    directed, other = _sentences_with_tasks(a, "p1.s1")
    # a figure to reach is an outcome; building something, or a figure with work beside it, is a task
    assert directed == [
        "推进重大项目建设，扩大有效投资。",
        "新建5G基站1万个。",
        "实现进出口增长5%，推进高标准农田建设。",
    ]
    assert "实现外贸进出口增长5%。" in other and "确保粮食产量稳定在1300亿斤以上。" in other
    assert any(s.startswith("今年主要预期目标为") for s in other)
    shaanxi = _report("陕西省.txt")
    said = {t.text for t in shaanxi.tasks}
    assert not any(
        t.startswith(("社会消费品零售总额增长", "力争货物和服务进出口增长", "经济社会发展的主要预期目标"))
        for t in said
    )
