"""Proposed assignments: lead and cooperating units with readable reasons, due dates, the plan's end
year, the pipeline component, and determinism — on hand-written tasks and on the embedded plan."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from planwatch.extract import remit
from planwatch.extract.assign import STANDING, UNKNOWN_DUE, assign, plan_end_year, propose
from planwatch.extract.departments import Catalogue, load_catalogue
from planwatch.extract.pipeline import Context, Pipeline
from planwatch.extract.remit import outside_remit, outside_remit_many
from planwatch.extract.tasks import tasks as tasks_component
from planwatch.ingest import read_bytes
from planwatch.model import Analysis, Assignment, Department, Node, Task
from planwatch.outline import parse_outline
from planwatch.services.plans.analyze import analyze_document, default_plan_bytes

ARTICLE = "p11.a44"
TITLES = {"p11": "坚持在发展中保障和改善民生,扎实推进共同富裕", ARTICLE: "办好人民满意的教育"}


def tasks_of(
    sentences: Sequence[str], *, node: str = ARTICLE, domain: str | None = None
) -> tuple[list[Task], str]:
    """Tasks cut from a small document made of ``sentences`` (one paragraph), with true spans."""
    text = ""
    out = []
    for i, sentence in enumerate(sentences, 1):
        start = len(text)
        text += sentence + "。"
        out.append(Task(f"{node}.t{i}", sentence, "", "", node, start, start + len(sentence), domain=domain))
    return out, text


def propose_for(
    sentences: Sequence[str],
    *,
    node: str = ARTICLE,
    titles: dict[str, str] | None = None,
    domain: str | None = None,
    end: int | None = 2030,
    catalogue: Catalogue | None = None,
) -> list[Assignment]:
    tasks, text = tasks_of(sentences, node=node, domain=domain)
    return propose(
        tasks,
        catalogue or load_catalogue(),
        node_titles=titles if titles is not None else {},
        plan_end_year=end,
        text=text,
    )


def short(name: str | None) -> str | None:
    if name is None:
        return None
    d = load_catalogue().get(name)
    assert d is not None
    return d.short


def lead_of(a: Assignment) -> str | None:
    return short(a.lead.department) if a.lead else None


def cooperating_of(a: Assignment) -> list[str | None]:
    return [short(u.department) for u in a.cooperating]


# ---------------------------------------------------------------- leads and reasons


def test_education_task_goes_to_the_education_bureau_with_a_reason() -> None:
    [a] = propose_for(["推进学前教育优质普惠发展,提升职业教育办学水平"], titles=TITLES, domain="民生")
    assert lead_of(a) == "市教育局"
    assert a.lead is not None and a.lead.score > 0
    reason = a.lead.reason
    assert "“学前教育”" in reason and "“职业教育”" in reason and "市教育局" in reason
    assert "办好人民满意的教育" in reason  # the article title spoke for it too
    assert a.source == "proposed" and a.task == "p11.a44.t1"


@pytest.mark.parametrize(
    ("sentence", "lead"),
    [
        ("加强大气污染治理,推进细颗粒物和臭氧协同控制", "市生态环境局"),
        ("完善分级诊疗体系,加强疾控体系建设", "市卫生健康委"),
        ("健全多层次医疗保障体系,落实大病保险和医疗救助制度", "市医保局"),
        ("稳定和扩大高校毕业生、农民工等重点群体就业", "市人力资源社会保障局"),
        ("加强高标准农田建设,实施种业振兴行动", "市农业农村局"),
        ("严格落实安全生产责任制,加强危险化学品安全治理", "市应急局"),
        ("深化零基预算改革,加强预算绩效管理", "市财政局"),
        ("健全社会救助体系,完善养老服务网络", "市民政局"),
        ("推进文明城市创建,加强公民道德建设", "市委宣传部"),
        ("打击电信网络诈骗,健全扫黑除恶常态化机制", "市公安局"),
    ],
)
def test_clear_tasks_go_to_the_unit_whose_duties_they_name(sentence: str, lead: str) -> None:
    [a] = propose_for([sentence], titles={}, node="p1.a1")
    assert lead_of(a) == lead, a.lead


def test_a_unit_named_in_the_task_leads_and_named_units_cooperate() -> None:
    [a] = propose_for(["由市卫生健康委会同市教育局加强学校食品安全和传染病防控"], node="p1.a1")
    assert lead_of(a) == "市卫生健康委"
    assert "市教育局" in cooperating_of(a)
    assert a.lead is not None and "任务点名“市卫生健康委”" in a.lead.reason


def test_a_task_naming_a_district_brings_it_in() -> None:
    [a, b, c] = propose_for(
        [
            "支持金州区建设汽车零部件产业园,推动制造业智能化改造",
            "推进金州区与普兰店区协同发展",
            "加快推进庄河核电、海上风电和新型储能项目建设",
        ],
        node="p1.a1",
    )
    assert "金州区" in [lead_of(a), *cooperating_of(a)]
    assert "市工业和信息化局" in [lead_of(a), *cooperating_of(a)]
    reason = next(u.reason for u in (a.lead, *a.cooperating) if u and short(u.department) == "金州区")
    assert "任务点名“金州区”" in reason
    assert lead_of(b) in ("金州区", "普兰店区") and {"金州区", "普兰店区"} <= {lead_of(b), *cooperating_of(b)}
    # a clear remit outweighs a place named in passing: the body leads, the city joins
    assert lead_of(c) == "市发展改革委" and "庄河市" in cooperating_of(c)


def test_a_district_leads_only_when_named() -> None:
    # 海参 and 扇贝 are 长海县's specialities, yet a city-wide task goes to the body with the remit
    [a] = propose_for(["强化农业品牌建设,提升海参、扇贝等特色品牌知名度"], node="p1.a1")
    assert lead_of(a) == "市农业农村局"
    assert "长海县" in cooperating_of(a)


def test_place_words_alone_never_make_a_territory_lead() -> None:
    # Every evidence word here is a place duty of one territory only (catalogue dalian.yaml:
    # 长海县 holds 长山群岛/海岛旅游/獐子岛/广鹿岛/海珍品, 金普新区 holds 大窑湾/小窑湾/董家沟), and
    # neither is named: no unit leads. Naming the territory makes it lead.
    unnamed_county, unnamed_park, named = propose_for(
        [
            "推进长山群岛海岛旅游发展,建设獐子岛、广鹿岛海珍品养殖基地",
            "提升大窑湾、小窑湾和董家沟的开发水平",
            "支持长海县发展海岛旅游",
        ],
        node="p1.a1",
    )
    assert unnamed_county.lead is None and unnamed_park.lead is None
    assert lead_of(named) == "长海县"
    assert named.lead is not None and "任务点名“长海县”" in named.lead.reason


def test_cooperating_units_are_few_and_distinct() -> None:
    [a] = propose_for(
        [
            "统筹教育、医疗、养老、就业、住房、交通、文化、体育等公共服务设施布局,加强社会救助和退役军人服务保障"
        ],
        node="p1.a1",
    )
    units = [u.department for u in ((a.lead,) if a.lead else ()) + a.cooperating]
    assert a.lead is not None and 1 <= len(a.cooperating) <= 4
    assert len(units) == len(set(units))
    assert all(u.reason for u in a.cooperating)
    assert len(a.cooperating) == 4  # many units have a say; only the best four are proposed
    assert a.lead.score >= max(u.score for u in a.cooperating)


def test_neutral_phrases_do_not_count_as_duties() -> None:
    [a] = propose_for(["推动平台经济创新和健康发展"], node="p1.a1")
    assert lead_of(a) != "市卫生健康委"
    assert "市卫生健康委" not in cooperating_of(a)


def test_no_evidence_and_no_domain_gives_no_lead() -> None:
    [a] = propose_for(["坚定信心,真抓实干,一张蓝图绘到底"], node="p1.a1")
    assert a.lead is None and a.cooperating == ()


def test_the_domain_alone_gives_a_weak_lead_that_says_so() -> None:
    [a] = propose_for(["坚定信心,真抓实干,一张蓝图绘到底"], node="p1.a1", domain="海洋")
    assert lead_of(a) == "市海洋发展局"
    assert a.lead is not None and "仅按任务领域“海洋”推断" in a.lead.reason


def test_the_paragraph_opening_steers_the_directives_after_it() -> None:
    tasks, text = tasks_of(
        ["提升东北亚国际物流中心功能", "打造国际快速冷链通道,培育多式联运品牌线路"], node="p7.a26"
    )
    [_, b] = propose(
        tasks, load_catalogue(), node_titles={"p7.a26": "提升“三个中心”功能"}, plan_end_year=2030, text=text
    )
    assert b.lead is not None and "段首句“提升东北亚国际物流中心功能”" in (
        b.lead.reason + "".join(u.reason for u in b.cooperating)
    )


def test_tasks_without_true_spans_are_read_from_their_own_text() -> None:
    task = Task("x.t1", "加强大气污染治理", "", "", "x", 0, 8)
    [a] = propose([task], load_catalogue(), node_titles={}, plan_end_year=2030, text="完全不同的文字")
    assert lead_of(a) == "市生态环境局"


def test_a_custom_catalogue_is_used() -> None:
    catalogue = Catalogue(
        departments=(
            Department("甲市科学城管委会", "科学城管委会", "government", duties=("科学城", "大科学装置")),
            Department("甲市教育局", "甲教育局", "government", duties=("教育", "学校")),
        )
    )
    [a, b] = propose_for(["建设大科学装置和科学城", "办好每一所学校"], catalogue=catalogue, node="p1.a1")
    assert a.lead is not None and a.lead.department == "甲市科学城管委会"
    assert b.lead is not None and b.lead.department == "甲市教育局"


# ---------------------------------------------------------------- due dates


@pytest.mark.parametrize(
    ("sentence", "due", "says"),
    [
        ("到2027年建成全市统一的数据共享平台", "2027", "到2027年"),
        ("二〇二八年前完成老旧小区改造", "2028", "二〇二八年"),
        ("2026年启动、2028年完成城市更新试点", "2028", "2028年"),
        ("“十五五”期间建成一批零碳园区", "2030", "十五五"),
        ("建成国家物流枢纽", "2030", "建成"),
        ("加强高标准农田建设", "2030", "规划期末"),
        ("坚持教育优先发展", STANDING, "坚持"),
        ("健全就业促进机制", STANDING, "健全…机制"),
        ("健全覆盖全人群的服务体系", "2030", "未写明时限"),
        ("推进作风建设常态化长效化", STANDING, "常态化"),
        ("完善监督体系,实现全覆盖", "2030", "实现"),
    ],
)
def test_due_dates(sentence: str, due: str, says: str) -> None:
    [a] = propose_for([sentence], node="p1.a1")
    assert a.due == due
    assert says in a.due_reason


def test_due_dates_without_a_plan_end_year() -> None:
    finite, standing, dated = propose_for(
        ["建成国家物流枢纽", "坚持教育优先发展", "到2027年完成改造"], end=None
    )
    assert finite.due == UNKNOWN_DUE and "不明" in finite.due_reason
    assert standing.due == STANDING
    assert dated.due == "2027"


def test_a_past_plan_period_sets_no_deadline() -> None:
    [a] = propose_for(["巩固“十四五”期间改革成果,建成统一平台"], node="p1.a1")
    assert a.due == "2030"


# ---------------------------------------------------------------- the plan's end year


def test_plan_end_year_from_the_title() -> None:
    assert plan_end_year("中共大连市委关于制定大连市国民经济和社会发展第十五个五年规划的建议") == 2030
    assert plan_end_year("大连市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要") == 2025
    assert plan_end_year("“十五五”生态环境保护规划") == 2030
    assert plan_end_year("大连市促进数字经济发展行动计划(2024—2027年)") == 2027
    assert plan_end_year("关于加强社区治理的意见") is None


def test_plan_end_year_from_the_goals_section() -> None:
    text = "某市发展纲要\n一、主要目标\n到2028年,基本建成。到2028年,全面完成。到2035年,基本实现现代化。\n"
    start = text.index("一、")
    nodes = (Node("p1", None, "part", "一", 1, "主要目标", start, len(text)),)
    assert plan_end_year("某市发展纲要", nodes, text) == 2028  # the vision year 2035 is not the end


# ---------------------------------------------------------------- the embedded plan


@pytest.fixture(scope="module")
def dalian() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_document(read_bytes(data, name))


def plan_tasks(analysis: Analysis) -> list[Task]:
    """The extractor's tasks, or — while it yields none — every sentence of the plan's articles."""
    if analysis.tasks:
        return list(analysis.tasks)
    kinds = {n.id: n.kind for n in analysis.outline}
    out = []
    for s in analysis.sentences:
        if kinds.get(s.node) == "article":
            text = analysis.text_of(s.start, s.end).rstrip("。")
            out.append(Task(s.id.replace(":", ".s"), text, "", "", s.node, s.start, s.start + len(text)))
    return out


def propose_plan(analysis: Analysis, tasks: Sequence[Task]) -> list[Assignment]:
    return propose(
        tasks,
        load_catalogue(),
        node_titles={n.id: n.title for n in analysis.outline},
        node_parents={n.id: n.parent for n in analysis.outline},
        plan_end_year=plan_end_year(analysis.document.title, analysis.outline, analysis.document.text),
        text=analysis.document.text,
    )


def test_the_embedded_plan(dalian: Analysis) -> None:
    tasks = plan_tasks(dalian)
    assignments = propose_plan(dalian, tasks)
    assert [a.task for a in assignments] == [t.id for t in tasks]
    assert plan_end_year(dalian.document.title) == 2030

    def majority(article: str) -> str | None:
        leads = Counter(
            lead_of(a)
            for t, a in zip(tasks, assignments, strict=True)
            if t.node.startswith(article) and a.lead
        )
        return leads.most_common(1)[0][0]

    assert majority("p11.a44") == "市教育局"
    assert majority("p11.a45") == "市卫生健康委"
    assert majority("p11.a42") == "市人力资源社会保障局"
    assert majority("p12.a50") == "市生态环境局"
    assert sum(a.lead is not None for a in assignments) >= 0.9 * len(assignments)
    assert all(a.due.isdigit() or a.due == STANDING for a in assignments)
    assert all(len(a.cooperating) <= 4 for a in assignments)


def test_the_component_in_a_pipeline(tmp_path: Path) -> None:
    data, name = default_plan_bytes()
    document = read_bytes(data, name)
    outline = parse_outline(document)
    ctx = Context(document, outline.folded, outline.nodes, outline.sentences)
    assert Pipeline([tasks_component, assign]).run(ctx) == []
    produced = ctx.results["assignments"]
    assert [a.task for a in produced] == [t.id for t in ctx.results["tasks"]]

    own = tmp_path / "own.yaml"
    own.write_text(
        "departments:\n  - name: 大连市教育局\n    short: 市教育局\n    kind: government\n    duties: [职业学校]\n",
        encoding="utf-8",
    )
    ctx2 = Context(
        document,
        outline.folded,
        outline.nodes,
        outline.sentences,
        {"catalogue": str(own), "plan_end_year": 2029},
    )
    Pipeline([tasks_component, assign]).run(ctx2)
    assert all(a.due in ("2029", STANDING) for a in ctx2.results["assignments"])


# ---------------------------------------------------------------- determinism


SCRIPT = """
import json
from dataclasses import asdict
from planwatch.extract.assign import propose, plan_end_year
from planwatch.extract.departments import load_catalogue
from planwatch.ingest import read_bytes
from planwatch.model import Task
from planwatch.services.plans.analyze import analyze_document, default_plan_bytes
data, name = default_plan_bytes()
a = analyze_document(read_bytes(data, name))
# sentences as tasks: the check is about assignment, whatever state the tasks extractor is in
kinds = {n.id: n.kind for n in a.outline}
tasks = [Task(s.id, a.text_of(s.start, s.end), "", "", s.node, s.start, s.end) for s in a.sentences
         if kinds.get(s.node) == "article"]
out = propose(tasks, load_catalogue(), node_titles={n.id: n.title for n in a.outline},
              plan_end_year=plan_end_year(a.document.title), text=a.document.text)
print(json.dumps([asdict(x) for x in out], ensure_ascii=False, default=str))
"""


def test_same_input_same_output(dalian: Analysis) -> None:
    tasks = plan_tasks(dalian)
    assert propose_plan(dalian, tasks) == propose_plan(dalian, tasks)


def test_same_output_in_processes_with_different_hash_seeds() -> None:
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True
        )
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 100 and sum(1 for row in outputs[0] if row["lead"]) > 100


REMIT_TEXTS = [
    "推进国防和军队现代化建设",
    "做好双拥工作，支持军队建设",  # local support beside the army: stays with its units
    "稳健实施货币政策",  # a central prerogative: marked in a local document only
    "自觉接受人大依法监督",
    "自觉接受",  # the supervision rule's words run into the next text …
    "人大监督",  # … which alone says nothing the rule reads
    "建设现代化产业体系",
    "",
    "接受政协民主监督和社会舆论监督，强军",
]


@pytest.mark.parametrize("level", [None, "national", "municipal"])
def test_remit_marks_read_together_are_those_read_alone(level: str | None) -> None:
    alone = [outside_remit(t, level) for t in REMIT_TEXTS]
    assert outside_remit_many(REMIT_TEXTS, level) == alone
    assert sum(mark is not None for mark in alone) >= 3
    assert outside_remit_many([], level) == []


def test_remit_scan_finds_what_each_rule_finds() -> None:
    """The rules' alternatives are joined flat for speed: that finds what the rules, each in a group
    of its own, find (it would not if a rule were more than a plain alternation)."""
    rules = (remit._MILITARY, remit._CENTRAL, remit._SUPERVISED)
    grouped = re.compile("|".join(f"(?:{p.pattern})" for p in rules))
    text = "\n".join([*REMIT_TEXTS, "加快武器装备现代化，稳妥推进外交工作，自觉接受人大监督和政协民主监督"])
    spans = [m.span() for m in grouped.finditer(text)]
    assert [m.span() for m in remit._ANY.finditer(text)] == spans
    assert len(spans) >= 6
