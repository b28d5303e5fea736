"""Tasks: one per directive sentence of a plan body, with verb, object, domain and policy instrument."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.extract.pipeline import Context, Pipeline
from planwatch.extract.task_lexicon import load_lexicon
from planwatch.extract.tasks import document_reports, tasks
from planwatch.extract.word_trie import trie_pattern
from planwatch.ingest import read_bytes, read_path
from planwatch.model import Document, Sentence, Task
from planwatch.outline import fold, parse_outline
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.settings import Settings

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
PACKAGED = Path(__file__).resolve().parents[2] / "src" / "planwatch" / "data" / "tasks"


class Run:
    """A document with its outline and the tasks the component gives for it."""

    def __init__(self, document: Document, config: Mapping[str, Any] | None = None) -> None:
        outline = parse_outline(document)
        self.document = document
        self.sentences: dict[str, Sentence] = {s.id: s for s in outline.sentences}
        ctx = Context(document, fold(document.text), outline.nodes, outline.sentences, dict(config or {}))
        # through the pipeline, as the analysis runs it: a failure would surface as a warning
        warnings = Pipeline([tasks]).run(ctx)
        assert warnings == []
        self.tasks: tuple[Task, ...] = ctx.results["tasks"]

    def of(self, node: str) -> list[Task]:
        return [t for t in self.tasks if t.node == node]

    def verbs(self, node: str) -> list[str]:
        return [t.verb for t in self.of(node)]


def _text(text: str, name: str = "plan.txt", config: Mapping[str, Any] | None = None) -> Run:
    return Run(read_bytes(text.encode("utf-8"), name), config)


@pytest.fixture(scope="module")
def dalian() -> Run:
    data, name = default_plan_bytes()
    return Run(read_bytes(data, name))


@pytest.fixture(scope="module")
def report_2024() -> Run:
    return Run(read_path(CORPUS / "national-government-work-report-2024.txt"))


# Hand-checked against the text: every body sentence of these articles is one directive, so one
# task each, the title sentence excluded; the verb is the leading action verb after any framing
# clause (依托龙头企业, …) and adverbs (高水平, 深入, 稳慎…).
DALIAN_ARTICLES = {
    "p3.a7": ["增强", "打造", "实施", "完善"],
    "p4.a11": ["融入", "建设", "支持", "对接", "建设", "推进", "强化"],
    "p6.a23": ["落实", "加强", "深化", "构建", "深化", "构建", "建立", "推进"],
    "p12.a52": ["推进", "加强", "推进", "发展壮大", "发展", "构建", "推广", "提升", "推进"],
    "p14.a60": ["贯彻", "强化", "贯彻"],
}


@pytest.mark.parametrize(("node", "verbs"), sorted(DALIAN_ARTICLES.items()))
def test_dalian_articles_give_one_task_per_directive_sentence(
    dalian: Run, node: str, verbs: list[str]
) -> None:
    assert dalian.verbs(node) == verbs
    body = [s for s in dalian.sentences.values() if s.node == node][1:]
    assert [t.sentence for t in dalian.of(node)] == [s.id for s in body]
    assert [t.id for t in dalian.of(node)] == [f"{node}.t{i}" for i in range(1, len(verbs) + 1)]


def test_dalian_task_fields_point_into_the_text(dalian: Run) -> None:
    text = dalian.document.text
    assert 350 <= len(dalian.tasks) <= 420
    for t in dalian.tasks:
        assert t.text == text[t.start : t.end]
        sentence = dalian.sentences[t.sentence or ""]
        assert sentence.node == t.node
        assert sentence.start <= t.start < t.end <= sentence.end
        assert t.verb and t.verb in t.text and t.object in t.text
        assert not t.text.endswith(("。", ";", ","))
    assert [t.start for t in dalian.tasks] == sorted(t.start for t in dalian.tasks)
    assert len({t.id for t in dalian.tasks}) == len(dalian.tasks)


def test_dalian_first_task_of_article_7(dalian: Run) -> None:
    t = dalian.of("p3.a7")[0]
    assert t.id == "p3.a7.t1"
    assert t.text == "依托龙头企业,增强配套能力,全链条推动半导体与集成电路高质量发展"
    assert (t.verb, t.object) == ("增强", "配套能力")
    assert t.sentence == "p3.a7:2"
    assert t.domain == "经济发展"


def test_dalian_title_sentences_are_headings_not_tasks(dalian: Run) -> None:
    assert not any(t.text.startswith("培育壮大战略性新兴产业") for t in dalian.of("p3.a7"))
    assert "p3.a7:1" not in {t.sentence for t in dalian.tasks}
    # the part's intro is a directive paragraph of its own, its title line is not
    assert [t.sentence for t in dalian.of("p3")] == ["p3:2"]


def test_dalian_achievements_situation_principles_and_targets_yield_no_tasks(dalian: Run) -> None:
    nodes = {t.node for t in dalian.tasks}
    for node in ("p1", "p1.a1", "p1.a2", "p2", "p2.a3", "p2.a4", "p2.a4.d1", "p2.a5", "p2.a5.d1"):
        assert node not in nodes
    assert not any(t.node in ("title", "preamble", "closing") for t in dalian.tasks)
    assert min(t.start for t in dalian.tasks) > dalian.sentences["p2.a5:1"].start


def test_dalian_domains_follow_the_part_titles(dalian: Run) -> None:
    expected = {
        "p3": "经济发展",
        "p4": "科技创新",
        "p5": "经济发展",
        "p6": "改革",
        "p7": "开放",
        "p8": "城乡区域",
        "p9": "海洋",
        "p10": "文化",
        "p11": "民生",
        "p12": "生态",
        "p13": "安全",
        "p14": "党的建设",
    }
    for t in dalian.tasks:
        assert t.domain == expected[t.node.split(".")[0]], t


def test_dalian_instruments(dalian: Run) -> None:
    by_text = {t.object: t for t in dalian.tasks}
    assert (by_text["零基预算改革"].instrument, by_text["零基预算改革"].instrument_subtype) == (
        "环境型",
        "体制改革",
    )
    assert by_text["科技金融"].instrument_subtype == "金融支持"
    assert by_text["“兴连英才计划”"].instrument_subtype == "人才培养"
    assert by_text["新型基础设施"].instrument_subtype == "公共服务/基础设施"
    assert by_text["国家碳达峰试点城市建设"].instrument == "需求型"
    assert by_text["高耗能高排放项目管控"].instrument_subtype == "法规管制"
    assert {t.instrument for t in dalian.tasks} == {"供给型", "环境型", "需求型"}


def test_dalian_compound_verbs_and_adverbs(dalian: Run) -> None:
    verbs = {t.verb for t in dalian.tasks}
    assert {"培育壮大", "建立健全", "稳定和扩大", "加快建设", "发展壮大"} & verbs == {
        "建立健全",
        "加快建设",
        "发展壮大",
    }
    t = next(t for t in dalian.tasks if t.text.startswith("坚定不移走"))
    assert (t.verb, t.object) == ("走", "中国特色社会主义政治发展道路")


def test_dalian_is_deterministic(dalian: Run) -> None:
    data, name = default_plan_bytes()
    again = Run(read_bytes(data, name))
    assert again.tasks == dalian.tasks


def test_small_plan_verbs_objects_and_what_is_left_out() -> None:
    run = _text(
        "某市国民经济和社会发展第十五个五年规划纲要\n"
        "一、过去五年发展成就\n"
        "(1)发展成效显著。去年完成了地区生产总值增长6%的目标。累计建成5G基站1万个。\n"
        "二、坚持陆海统筹，加快建设现代海洋城市\n"
        "(2)推动海洋经济发展。围绕海洋强国战略，推进海洋牧场建设；培育壮大海洋生物医药产业。"
        "统筹发展和安全，坚定不移推进海上风电建设。各级政府要加强海域使用监管。"
        "发展不平衡问题仍然突出。\n"
        "(3)强化海洋科技支撑。完善科技成果转化机制。加大财政资金投入。推广新能源船舶。\n"
    )
    assert run.of("p1") == [] and run.of("p1.a1") == []
    got = [(t.id, t.verb, t.object, t.text) for t in run.of("p2.a2")]
    assert got == [
        ("p2.a2.t1", "推进", "海洋牧场建设", "围绕海洋强国战略，推进海洋牧场建设"),
        ("p2.a2.t2", "培育壮大", "海洋生物医药产业", "培育壮大海洋生物医药产业"),
        ("p2.a2.t3", "统筹", "发展和安全", "统筹发展和安全，坚定不移推进海上风电建设"),
        ("p2.a2.t4", "加强", "海域使用监管", "各级政府要加强海域使用监管"),
    ]
    assert all(t.domain == "海洋" for t in run.tasks)
    instruments = [(t.object, t.instrument, t.instrument_subtype) for t in run.of("p2.a3")]
    assert instruments == [
        ("科技成果转化机制", "环境型", "体制改革"),
        ("财政资金投入", "供给型", "资金投入"),
        ("新能源船舶", "需求型", "示范推广/应用场景"),
    ]


def test_full_width_work_report_leads_modals_and_targets() -> None:
    run = _text(
        "2025年政府工作报告\n\n"
        "一、2024年工作回顾\n\n"
        "　　过去一年，我们实施了一批重大项目。加强基础设施建设。推进城市更新。\n\n"
        "二、2025年政府工作任务\n\n"
        "　　（一）大力推进现代化产业体系建设。\n\n"
        "　　推动产业链供应链优化升级。保持工业经济平稳运行。"
        "实施制造业重点产业链高质量发展行动，着力补齐短板；加快发展现代生产性服务业。\n\n"
        "　　我们要以数字变革，赋能经济发展。今年中央预算内投资拟安排7000亿元。"
        "实现今年预期目标并非易事，需要各方面齐心协力。\n",
        "report.txt",
    )
    # the review part is left out by its title even though two of its sentences read as directives
    assert run.of("p1") == []
    got = [(t.verb, t.object) for t in run.of("p2.s1")]
    assert got == [
        ("保持", "工业经济平稳运行"),
        ("实施", "制造业重点产业链高质量发展行动"),
        ("加快发展", "现代生产性服务业"),
        ("赋能", "经济发展"),
        ("安排", "7000亿元"),
    ]
    # spans index the original full-width text
    t = run.of("p2.s1")[1]
    assert t.text == "实施制造业重点产业链高质量发展行动，着力补齐短板"
    assert run.document.text[t.start : t.end] == t.text
    assert all(t.domain == "经济发展" for t in run.tasks)


def test_paragraph_lead_names_the_domain_of_its_paragraph() -> None:
    run = _text(
        "2025年政府工作报告\n\n"
        "一、2025年政府工作任务\n\n"
        "　　（一）切实保障和改善民生。\n\n"
        "　　多渠道促进就业增收。完善就业公共服务。\n\n"
        "　　维护国家安全和社会稳定。强化社会治安整体防控。加强应急管理体系建设。\n\n"
        "　　加强困难群众帮扶。\n",
        "report.txt",
    )
    got = [(t.object, t.domain) for t in run.of("p1.s1")]
    assert got == [
        ("就业公共服务", "民生"),
        ("社会治安整体防控", "安全"),
        ("应急管理体系建设", "安全"),
        ("困难群众帮扶", "民生"),
    ]


def test_a_review_section_speaks_for_the_sections_under_it() -> None:
    run = _text(
        "政府工作报告\n\n"
        "一、总结\n\n"
        "　　五年来，我们深入贯彻党中央决策部署。经济实力跃上新台阶。"
        "全年国内生产总值增长5%。脱贫攻坚取得全面胜利。居民收入稳步增长。\n\n"
        "　　（一）创新宏观调控。实施积极的财政政策。保持流动性合理充裕。\n\n"
        "二、今年工作\n\n"
        "　　（一）扩大国内需求。实施积极的财政政策。保持流动性合理充裕。\n",
        "report.txt",
    )
    assert {t.node for t in run.tasks} == {"p2.s1"}
    assert [t.verb for t in run.tasks] == ["实施", "保持"]


def test_framing_disposal_and_situation_sentences() -> None:
    run = _text(
        "一、加快建设现代化产业体系\n"
        "(1)做强实体经济。以链主企业为牵引，打造汽车产业集群。"
        "在微纳操控等领域争创全国重点实验室。"
        "把恢复和扩大消费摆在优先位置。"
        "聚焦主责主业。"
        "传统产业转型升级还不快。"
        "稳是大局和基础。\n"
    )
    got = [(t.verb, t.object) for t in run.of("p1.a1")]
    assert got == [
        ("打造", "汽车产业集群"),
        ("争创", "全国重点实验室"),
        ("摆在", "恢复和扩大消费"),
        ("聚焦", "主责主业"),
    ]


def test_an_overlong_directive_sentence_is_cut_where_a_new_directive_starts() -> None:
    sentence = (
        "发挥好政府投资的带动放大效应，重点支持科技创新、新型基础设施、节能减排降碳，"
        "加强民生等经济社会薄弱领域补短板，推进防洪排涝抗灾基础设施建设，"
        "推动各类生产设备、服务设备更新和技术改造，加快实施重大工程项目"
    )
    run = _text(f"一、扩大有效投资\n(1)用好政府投资。{sentence}。\n")
    pieces = run.of("p1.a1")
    assert len(pieces) >= 2
    assert all(p.sentence == "p1.a1:2" for p in pieces)
    assert "，".join(p.text for p in pieces) == sentence
    assert pieces[0].verb == "发挥好" and all(len(p.text) >= 36 for p in pieces)


def test_short_sentences_are_never_cut() -> None:
    run = _text("一、深化改革\n(1)深化财政改革。深化零基预算改革，优化财政支出结构，加强预算绩效管理。\n")
    assert [t.text for t in run.of("p1.a1")] == ["深化零基预算改革，优化财政支出结构，加强预算绩效管理"]


def test_lexicon_directory_from_config(tmp_path: Path) -> None:
    verbs = yaml.safe_load((PACKAGED / "verbs.yaml").read_text(encoding="utf-8"))
    verbs["directive_verbs"].append("搞活")
    (tmp_path / "verbs.yaml").write_text(yaml.safe_dump(verbs, allow_unicode=True), encoding="utf-8")
    text = "一、繁荣农村\n(1)发展乡村产业。搞活农村流通。\n"
    assert _text(text).of("p1.a1") == []
    edited = _text(text, config={"task_lexicon_dir": str(tmp_path)})
    assert [(t.verb, t.object) for t in edited.of("p1.a1")] == [("搞活", "农村流通")]
    # the other files come from the package
    assert edited.of("p1.a1")[0].domain == "城乡区域"


def test_work_report_2024_review_is_left_out_and_tasks_read_section_by_section(report_2024: Run) -> None:
    assert not any(t.node == "p1" or t.node.startswith("p1.") for t in report_2024.tasks)
    s1 = report_2024.of("p3.s1")
    # 25 sentences: the title, three paragraph leads (推动产业链供应链优化升级…) and 21 directives
    assert len(s1) == 21
    assert [t.verb for t in s1[:4]] == ["发挥", "保持", "实施", "实施"]
    assert not any(t.text.startswith("推动产业链供应链优化升级") for t in s1)
    counts = {f"p3.s{i}": len(report_2024.of(f"p3.s{i}")) for i in range(1, 11)}
    assert all(n >= 10 for n in counts.values()), counts
    # the government's own conduct (各位代表！新征程新使命… 深入推进依法行政) and the addresses on
    # ethnic, defence and foreign affairs come after the last section and open the closing
    assert report_2024.of("p3.s10")[-1].text.startswith("强化社会治安整体防控")
    assert not any("依法行政" in t.text for t in report_2024.tasks)
    assert 250 <= len(report_2024.tasks) <= 340
    assert report_2024.of("p3.s2")[0].domain == "科技创新"
    assert report_2024.of("p3.s9")[0].domain == "生态"


def test_work_report_2023_review_of_five_years_is_left_out() -> None:
    run = Run(read_path(CORPUS / "national-government-work-report-2023.txt"))
    assert run.tasks
    # the review (part 一) gives none; the programme and the epilogue after it (政府自身建设,
    # 民族/国防/港澳台/外交) give them
    assert {t.node.split(".")[0] for t in run.tasks} == {"p2", "epilogue"}
    assert [t.verb for t in run.of("p2.s3")[:2]] == ["深化", "坚持"]


def test_heading_only_document_and_no_sentences() -> None:
    run = _text("一、总体要求\n二、主要任务\n")
    assert run.tasks == ()
    document = run.document
    ctx = Context(document, fold(document.text), parse_outline(document).nodes, ())
    assert tasks(ctx) == {"tasks": ()}


def test_tasks_are_ordinary_task_records(dalian: Run) -> None:
    # built through the slots for speed: they must equal, hash and serialise like constructed ones
    t = dalian.tasks[0]
    fields = {f.name: getattr(t, f.name) for f in dataclasses.fields(Task)}
    assert t == Task(**fields)
    assert hash(t) == hash(Task(**fields))
    assert dataclasses.asdict(t) == fields
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.verb = "x"  # type: ignore[misc]


def test_the_analysis_carries_the_tasks() -> None:
    data, name = default_plan_bytes()
    analysis = analyze_bytes(data, name, Settings())
    assert not [w for w in analysis.warnings if "tasks" in w]
    assert len(analysis.tasks) == len(Run(read_bytes(data, name)).tasks)
    first = analysis.to_dict()["tasks"][0]
    assert first["id"] == "p3.t1" and first["verb"] == "坚持" and first["sentence"] == "p3:2"


def test_items_of_an_ordinal_list_and_a_closing_commitment_are_tasks() -> None:
    run = _text(
        "2026年政府工作报告\n\n"
        "一、2026年重点工作\n\n"
        "　　（一）加大民生保障力度\n\n"
        "　　办好民生实事。一是改造建设50个社区养老服务中心。二是支持5000名高校毕业生到基层就业。"
        "三是继续对困难家庭学生给予资助，每人补助5000元。四是免费实施老年人健康体检。"
        "五是开展职工关爱活动。\n\n"
        "　　民生无小事，我们将继续开展结对帮扶工程，让群众得到实惠。\n",
        "report.txt",
    )
    got = [(t.verb, t.object) for t in run.of("p1.s1")]
    assert got == [
        ("改造建设", "50个社区养老服务中心"),
        ("支持", "5000名高校毕业生到基层就业"),
        ("给予", "困难家庭学生"),
        ("实施", "老年人健康体检"),
        ("开展", "职工关爱活动"),
        ("开展", "结对帮扶工程"),
    ]


def test_a_directive_done_for_a_beneficiary_counts_and_a_purpose_does_not_displace_the_verb() -> None:
    run = _text(
        "2026年政府工作报告\n\n"
        "一、2026年重点工作\n\n"
        "　　（一）关爱儿童\n\n"
        "　　健全困境儿童关爱服务体系，加强基层儿童之家建设。为困难儿童免费开展健康筛查。为1万名留守儿童进行心理评估。"
        "为推动教育公平，实施义务教育强基工程。\n",
        "report.txt",
    )
    got = [(t.verb, t.object) for t in run.of("p1.s1")]
    assert got[1:] == [("开展", "健康筛查"), ("进行", "心理评估"), ("实施", "义务教育强基工程")]


def test_manner_adverbs_before_the_verb_and_a_commitment_to_achieve() -> None:
    run = _text(
        "2026年政府工作报告\n\n"
        "一、2026年重点工作\n\n"
        "　　（一）守牢粮食安全底线\n\n"
        "　　稳定粮食播种面积，提高单产水平。纵深推进新一轮找矿突破战略行动，出让矿业权100宗。"
        "分区分类推进盐碱地综合利用。聚力打造新能源装备制造基地，装机规模达到1亿千瓦。"
        "我们要做到焦点不散、力度不减，让兜底更加牢固。\n",
        "report.txt",
    )
    assert run.verbs("p1.s1") == ["稳定", "推进", "推进", "打造", "做到"]


@pytest.mark.parametrize(
    "text",
    [
        "。在《纲要》中提出，",
        "《纲要》提出：一是…",
        "现在《纲要》提出",  # 在 glued to a word before it: no report
        "他在《纲要》提出",
        "《规划》明确了《纲要》提出的任务。\n在《方案》部署",  # a 《 inside an earlier match
        "在在《纲要》提出",
        "《纲要》\n提出",
        "，《没有结尾的书名",
        "",
    ],
)
def test_document_reports_are_where_the_pattern_finds_them(text: str) -> None:
    lex = load_lexicon(None)
    folded = fold(text)
    assert document_reports(folded, lex) == [m.start() for m in lex.document_report.finditer(folded)]


def test_document_reports_in_the_corpus_are_where_the_pattern_finds_them() -> None:
    lex = load_lexicon(None)
    found = 0
    for path in sorted(CORPUS.rglob("*.txt")):
        folded = fold(read_path(path).text)
        expected = [m.start() for m in lex.document_report.finditer(folded)]
        assert document_reports(folded, lex) == expected, path.name
        found += len(expected)
    assert found > 0  # the corpus has reports of documents (《纲要草案》…提出)


def test_markers_are_where_their_trie_regex_finds_them() -> None:
    """The marker automaton finds what the trie regex of the same words finds (the longest word at
    the leftmost start), over every corpus document and over words that nest (五年来 in 十五年来)."""
    lex = load_lexicon(None)
    words = lex.marker_words
    pattern = re.compile(trie_pattern(words))
    texts = [fold(read_path(path).text) for path in sorted(CORPUS.rglob("*.txt"))]
    texts += ["十五年来并不是没有改变，以便从而", "并存并非并不是。展望未来各位代表", ""]
    found = 0
    for folded in texts:
        expected = [(m.start(), m.end(), m.group()) for m in pattern.finditer(folded)]
        got = [(s, e, words[i]) for i, s, e in lex.markers.find_matches_as_indexes(folded)]
        assert got == expected
        found += len(expected)
    assert found > 100
