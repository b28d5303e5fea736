"""Entities: projects, organisations, places and numbered formulations, on the embedded Dalian plan,
the national work reports and small texts; and the YAML lexicons a user can extend."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from planwatch.extract.entities import extract_entities
from planwatch.extract.lexicon import Lexicons, lexicon_from_text, load_lexicons
from planwatch.ingest import read_bytes, read_path
from planwatch.model import Analysis, Entity, InputError
from planwatch.outline import fold, parse_outline
from planwatch.services.plans.analyze import analyze_bytes, analyze_document, default_plan_bytes
from planwatch.settings import Settings

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold" / "seed_entities_dev.json"


@pytest.fixture(scope="module")
def dalian() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_bytes(data, name, Settings())


def _entities(text: str, lex: Lexicons | None = None) -> list[Entity]:
    document = read_bytes(text.encode("utf-8"), "doc.txt")
    if lex is None:
        return list(analyze_document(document).entities)
    outline = parse_outline(document)
    return extract_entities(
        document.text, fold(document.text), outline.nodes, outline.sentences, document.blocks, lex
    )


def _plan(body: str, title: str = "大连市国民经济和社会发展规划") -> str:
    """A small plan: a title that names the document's own place, one part, one article."""
    return f"{title}\n一、总体要求\n(1)主要任务。{body}\n"


def _found(entities: list[Entity]) -> set[tuple[str, str]]:
    return {(e.kind, e.text) for e in entities}


def _one(entities: list[Entity], text: str) -> Entity:
    matches = [e for e in entities if e.text == text]
    assert len(matches) == 1, f"{text}: {matches}"
    return matches[0]


# ---------------------------------------------------------------- the Dalian plan


def test_every_item_carries_its_span_node_and_sentence(dalian: Analysis) -> None:
    text = dalian.document.text
    sentences = {s.id: s for s in dalian.sentences}
    nodes = {n.id for n in dalian.outline}
    assert len(dalian.entities) > 100
    for e in dalian.entities:
        assert text[e.start : e.end] == e.text
        assert e.node in nodes
        assert e.sentence is not None
        sentence = sentences[e.sentence]
        assert sentence.node == e.node
        assert sentence.start <= e.start < e.end <= sentence.end
        assert e.kind in ("project", "organization", "place", "formulation")
        assert e.source in ("lexicon", "pattern")
    assert [e.start for e in dalian.entities] == sorted(e.start for e in dalian.entities)
    keys = [(e.node, e.text) for e in dalian.entities]
    assert len(keys) == len(set(keys)), "one item per surface string per node"


def test_output_is_deterministic() -> None:
    data, name = default_plan_bytes()
    first = analyze_bytes(data, name, Settings()).entities
    second = analyze_bytes(data, name, Settings()).entities
    assert first == second


def test_named_projects_of_the_dalian_plan(dalian: Analysis) -> None:
    found = {(e.node, e.text): e for e in dalian.entities if e.kind == "project"}
    city = found[("p4.a11", "英歌石科学城")]
    assert (city.subtype, city.source) == ("science city", "pattern")
    assert city.start == 6881 and city.sentence == "p4.a11:3"
    for lab in ("辽宁滨海实验室", "辽宁黄海实验室", "大连凌水湾实验室", "大连星海湾实验室"):
        assert found[("p4.a11", lab)].subtype == "lab"
    assert found[("p1.a1", "长海跨海大桥")].subtype == "bridge or tunnel"
    assert found[("p1.a1", "自由贸易试验区大连片区")].subtype == "zone"
    assert found[("p1.a1", "连超足球比赛")].subtype == "event"
    assert ("p7.a25", "RCEP(大连)国际商务区") in found
    assert ("p7.a25", "大窑湾保税物流中心") in found
    assert ("p12.a51", "大连市黄渤海沿海防护林项目") in found
    assert ("p12.a51", "长山群岛候鸟栖息地申遗") in found
    for event in ("专交会", "海博会", "数交会"):
        assert found[("p10.a41", event)].subtype == "event"


def test_items_of_a_project_list_are_projects_unless_they_are_company_names(dalian: Analysis) -> None:
    a17 = [e for e in dalian.entities if e.node == "p5.a17"]
    projects = [e.text for e in a17 if e.kind == "project"]
    assert projects == [
        "SK海力士三期",
        "恒力船舶海工科技合作创新产业园",
        "泰星能源纯电汽车电池",
        "长海跨海大桥",
        "辽东半岛水资源配置",
        "大石化易地升级改造",
        "中铝北方沿海绿色新材料",
        "恒力精细化工新材料",
        "裕隆一体化绿色循环经济",
        "大船搬迁易地升级改造",
    ]
    # 恒力重工、奇瑞汽车、SK海力士、鼎际得新材料等一批重大产业项目: brands, so companies
    a1 = {e.text: e for e in dalian.entities if e.node == "p1.a1"}
    for company in ("恒力重工", "奇瑞汽车", "SK海力士", "鼎际得新材料"):
        assert (a1[company].kind, a1[company].subtype) == ("organization", "company")


def test_generic_things_and_positionings_are_not_projects(dalian: Analysis) -> None:
    texts = {e.text for e in dalian.entities}
    for generic in (
        "城市地铁",
        "新机场",
        "国家实验室",
        "全国重点实验室",
        "概念验证中心",
        "大学科技园",
        "零碳工厂",
        "东北亚国际航运中心",
        "东北亚国际物流中心",
        "区域性金融中心",
        "国家物流枢纽",
        "全国文明城市",
        "世界一流期货交易所",
    ):
        assert generic not in texts, generic


def test_organizations_of_the_dalian_plan(dalian: Analysis) -> None:
    orgs = {(e.node, e.text) for e in dalian.entities if e.kind == "organization"}
    assert ("title", "中共大连市委") in orgs
    assert ("preamble", "中国共产党大连市第十三届委员会") in orgs
    assert ("preamble", "省委") in orgs
    assert {("p1.a1", "党中央"), ("p1.a1", "市委"), ("p1.a1", "全国人大常委会法工委")} <= orgs
    assert {("p1.a1", "大连英博"), ("p1.a1", "鲲城")} <= orgs
    assert ("p6.a19", "世界银行") in orgs
    assert {("p14.a58", "人民政协"), ("p14.a58", "共青团"), ("p14.a58", "妇联")} <= orgs
    assert {("p4.a12", "大连理工大学"), ("p4.a12", "中国科学院大连化物所")} <= orgs
    texts = {text for _, text in orgs}
    # generic nouns and nested parts of longer names are not listed
    assert not {"党", "党委", "政府", "行业协会", "商会", "综治中心", "中国共产党"} & texts


def test_places_but_not_the_city_itself(dalian: Analysis) -> None:
    places = {(e.node, e.text): e for e in dalian.entities if e.kind == "place"}
    assert places[("p1.a1", "西岗区人民广场街道")].subtype == "township or subdistrict"
    assert {("p1.a1", "长山群岛"), ("p1.a1", "港东五街"), ("p1.a1", "东关街")} <= places.keys()
    assert {("p2.a3", "东北"), ("p2.a3", "辽宁")} <= places.keys()
    assert places[("p7.a29", "沪")].subtype == "municipality"  # 沪连对口合作
    # bays named after the city are places even though the city alone is not
    assert {("p9.a34", "大连湾"), ("p9.a34", "金州湾"), ("p9.a34", "太平湾")} <= places.keys()
    for region in ("京津冀", "长三角", "长江经济带", "粤港澳大湾区", "中西部地区", "辽宁沿海经济带"):
        assert ("p7.a29", region) in places
    # districts and zones listed together are territorial units there
    for unit in (
        "高新区",
        "旅顺口区",
        "金普新区",
        "普兰店区",
        "瓦房店市",
        "长兴岛经济区",
        "太平湾合作创新区",
    ):
        assert ("p6.a22", unit) in places, unit
    # …while the same zone used as a reform platform in (20) is a project
    assert [e.kind for e in dalian.entities if e.text == "太平湾合作创新区" and e.node == "p6.a20"] == [
        "project"
    ]
    texts = {text for _, text in places}
    assert not {"大连", "大连市", "全国", "全省", "世界", "海内外", "主城区", "港"} & texts


def test_formulations_and_their_definitions(dalian: Analysis) -> None:
    forms = {(e.node, e.text): e for e in dalian.entities if e.kind == "formulation"}
    two = forms[("p1", "两先区")]
    assert two.start == 181 and two.definition == "产业结构优化的先导区、经济社会发展的先行区"
    centres = forms[("p1", "三个中心")]
    assert centres.definition == "东北亚国际航运中心、东北亚国际物流中心、区域性金融中心"
    six = forms[("p1.a1", "六个建设")].definition
    assert six is not None and len(six.split("、")) == 6
    assert six.startswith("实体经济发达的现代化产业体系、具有全国影响力的区域科技创新中心")
    for node, text in [
        ("p1.a1", "两个确立"),
        ("p1.a1", "两个维护"),
        ("p1.a1", "中央八项规定"),  # unquoted: from the lexicon
        ("p2.a3", "三个代表"),
        ("p2.a3", "五位一体"),
        ("p2.a3", "四个全面"),
        ("p2.a3", "五大安全"),
        ("p3.a9", "一老一小"),
        ("p4.a11", "双碳"),
        ("p6.a22", "1+5+1"),
        ("p8.a31", "千万工程"),
        ("p13", "五大安全"),
    ]:
        assert (node, text) in forms, text
    texts = {text for _, text in forms}
    assert not {"十四五", "十五五", "厂网一体", "5G+工业互联网", "人工智能+", "一单制", "三次产业"} & texts
    assert forms[("p2.a3", "三个代表")].definition is None


def test_gold_scores(dalian: Analysis) -> None:
    """Lenient F1 against the hand-checked gold (entities cover article 0 and odd articles)."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    article = {}
    for n in dalian.outline:
        if n.kind in ("title", "preamble"):
            article[n.id] = 0
        elif n.kind == "closing":
            article[n.id] = 60
    first_of_part: dict[str, int] = {}
    for n in dalian.outline:
        if n.kind == "article" and n.ordinal is not None and n.parent is not None:
            first_of_part.setdefault(n.parent, n.ordinal)
    for n in dalian.outline:
        if n.id in article:
            continue
        head = n.id.split(".")
        part = head[0]
        art = next((p for p in head if p.startswith("a")), None)
        article[n.id] = int(art[1:]) if art else first_of_part[part]
    covered = {0} | set(range(1, 61, 2))
    for key, kind in (
        ("projects", "project"),
        ("organizations", "organization"),
        ("places", "place"),
        ("formulations", "formulation"),
    ):
        required = {
            (g["article"], g["text"]) for g in gold[key] if not (g.get("borderline") or g.get("nested_in"))
        }
        optional = {(g["article"], g["text"]) for g in gold[key]} - required
        found = {(article[e.node], e.text) for e in dalian.entities if e.kind == kind}
        found = {f for f in found if f[0] in covered} - optional
        tp = len(found & required)
        precision = tp / len(found)
        recall = tp / len(required)
        f1 = 2 * precision * recall / (precision + recall)
        assert f1 >= 0.9, (key, precision, recall, sorted(found ^ required))


# ---------------------------------------------------------------- the national work reports


@pytest.fixture(scope="module")
def report_2024() -> Analysis:
    return analyze_document(read_path(CORPUS / "national-government-work-report-2024.txt"))


def test_work_report_entities(report_2024: Analysis) -> None:
    found = _found(list(report_2024.entities))
    assert {
        ("organization", "国务院"),
        ("organization", "全国人民代表大会"),
        ("organization", "党中央"),
        ("organization", "世贸组织"),
        ("project", "进博会"),
        ("project", "广交会"),
        ("project", "杭州亚运会"),
        ("project", "海南自由贸易港"),
        ("project", "西部陆海新通道"),
        ("place", "香港"),
        ("place", "粤港澳大湾区"),
        ("place", "雄安新区"),
        ("formulation", "一国两制"),
        ("formulation", "两个毫不动摇"),
        ("formulation", "新三样"),
    } <= found
    texts = {text for _, text in found}
    # 人大代表 is a person's role, 中国 the country itself, “港人治港” a slogan
    assert not {"人大代表", "中国", "我国", "港人治港", "十四五"} & texts
    new_three = _one([e for e in report_2024.entities if e.node == "p1"], "新三样")
    assert new_three.definition == "电动汽车、锂电池、光伏产品"
    counts = Counter(e.kind for e in report_2024.entities)
    assert all(counts[k] >= 10 for k in ("project", "organization", "place", "formulation")), counts


# ---------------------------------------------------------------- small texts


def test_names_from_their_suffix_need_a_proper_name() -> None:
    found = _found(
        _entities(
            _plan("加快金州湾国际机场和大连港建设，支持大连理工大学发展，建设国家实验室和概念验证中心。")
        )
    )
    assert {("project", "金州湾国际机场"), ("project", "大连港"), ("organization", "大连理工大学")} <= found
    texts = {t for _, t in found}
    assert not {"国家实验室", "概念验证中心", "大连"} & texts


def test_the_documents_own_place_comes_from_its_title() -> None:
    body = "深化与大连、丹东合作。"
    in_shenyang = {
        t for k, t in _found(_entities(_plan(body, "沈阳市国民经济和社会发展规划"))) if k == "place"
    }
    in_dalian = {t for k, t in _found(_entities(_plan(body))) if k == "place"}
    assert in_shenyang == {"大连", "丹东"}
    assert in_dalian == {"丹东"}


def test_lists_closed_by_a_head_noun() -> None:
    entities = _entities(
        _plan(
            "办好专交会、海博会、数交会等品牌展会。优化青泥洼桥、西安路、华南广场等商圈功能。发挥工会、共青团、妇联等群团组织作用。"
        )
    )
    kinds = {e.text: (e.kind, e.subtype) for e in entities}
    assert kinds["专交会"] == ("project", "event")
    assert kinds["青泥洼桥"] == ("place", "business district")
    assert kinds["西安路"] == ("place", "business district")
    assert kinds["共青团"][0] == "organization"
    # a list whose 等 is followed by a field, not a head noun, names nothing
    assert not _found(_entities(_plan("在双碳、海洋等领域参与国家实验室建设。"))) - {("formulation", "双碳")}


def test_short_forms_only_in_runs_and_never_the_city_itself() -> None:
    places = [
        e
        for e in _entities(_plan("深化沪连对口合作，推进京津冀协同发展。在连高校加快发展。"))
        if e.kind == "place"
    ]
    assert [(e.text, e.source) for e in places] == [("沪", "lexicon"), ("京津冀", "lexicon")]


def test_quoted_formulations_and_definitions() -> None:
    entities = _entities(
        _plan(
            "到二〇三五年基本建成产业结构优化的先导区和经济社会发展的先行区。锚定“两先区”战略定位，两先区建设提速。"
            "推动电动汽车、锂电池、光伏产品“新三样”出口。“十四五”时期，推进“厂网一体”治理和“5G+工业互联网”应用，"
            "落实“1+5+1”系列文件，坚持“一刀切”不可取。"
        )
    )
    forms = [e for e in entities if e.kind == "formulation"]
    assert [(e.text, e.definition) for e in forms] == [
        ("两先区", "产业结构优化的先导区、经济社会发展的先行区"),
        ("新三样", "电动汽车、锂电池、光伏产品"),
        ("1+5+1", None),
    ]
    # the unquoted 两先区 later in the same article is the same item for that node: the first
    assert entities[0].node == forms[0].node and forms[0].start < forms[1].start


def test_a_formulation_seen_quoted_is_found_unquoted_elsewhere() -> None:
    text = "大连市规划\n一、总体要求\n(1)定位。锚定“三个中心”战略定位。\n(2)推进。三个中心功能提升。\n"
    forms = [(e.node, e.text) for e in _entities(text) if e.kind == "formulation"]
    assert forms == [("p1.a1", "三个中心"), ("p1.a2", "三个中心")]


def test_count_must_match_for_a_definition() -> None:
    forms = [e for e in _entities(_plan("推动电动汽车、光伏产品“新三样”出口。")) if e.kind == "formulation"]
    assert [(e.text, e.definition) for e in forms] == [("新三样", None)]


def test_names_inside_document_titles_are_not_mentions() -> None:
    found = _found(_entities(_plan("落实《全面与进步跨太平洋伙伴关系协定》，加强与日本、韩国合作。")))
    assert found == {("place", "日本"), ("place", "韩国")}


def test_full_width_text_keeps_original_offsets() -> None:
    text = _plan("拓展ＲＣＥＰ（大连）国际商务区功能，落实“１＋５＋１”系列文件。")
    document = read_bytes(text.encode("utf-8"), "doc.txt")
    entities = list(analyze_document(document).entities)
    zone = _one(entities, "ＲＣＥＰ（大连）国际商务区")
    assert document.text[zone.start : zone.end] == zone.text and zone.kind == "project"
    assert _one(entities, "１＋５＋１").kind == "formulation"


# ---------------------------------------------------------------- lexicons


def test_shipped_lexicons_load_and_are_cached() -> None:
    lex = load_lexicons()
    assert lex is load_lexicons()
    assert lex.terms["辽宁"].canonical == "辽宁省"
    assert lex.terms["党中央"].kind == "organization"
    assert "全国" in lex.excluded and "全国" not in lex.terms
    assert lex.abbreviations["沪"].canonical == "上海市"
    assert lex.suffix_rule("实验室") is not None


def test_a_user_file_extends_replaces_and_silences(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "kind: place\n"
        "entries:\n"
        "  - term: 青泥洼\n"
        "    subtype: business district\n"
        "  - term: 丹东市\n"
        "    aliases: [丹东]\n"
        "    subtype: border city\n"
        "  - term: 日本\n"
        "    exclude: true\n"
        "suffixes:\n"
        "  - {suffix: 公园, kind: project, subtype: park}\n",
        encoding="utf-8",
    )
    lex = load_lexicons([user])
    assert lex is not load_lexicons()
    entities = _entities(_plan("振兴青泥洼商圈，推进丹东合作和日本交流，建设星海湾公园。"), lex)
    found = {(e.kind, e.text, e.subtype) for e in entities}
    assert {
        ("place", "青泥洼", "business district"),
        ("place", "丹东", "border city"),
        ("project", "星海湾公园", "park"),
    } <= found
    assert "日本" not in {e.text for e in entities}
    # the shipped set is untouched
    assert load_lexicons().terms["丹东"].subtype == "city"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("kind: place\nentries:\n  - term: [unclosed\n", 3, "YAML 格式错误"),
        ("kind: place\nentries:\n  - subtype: city\n", 3, "term"),
        ("entries:\n  - term: 丹东\n", 2, "kind"),
        ("kind: place\nentries:\n  - term: 丹东\n    colour: red\n", 4, "colour"),
        ("kind: village\nentries: []\n", 1, "village"),
        ("kind: place\nsuffixes:\n  - {suffix: 公园, kind: project, anchor: maybe}\n", 3, "anchor"),
        ("kind: place\nentries:\n  - {term: 丹东, abbr: 丹东}\n", 3, "abbr"),
    ],
)
def test_bad_lexicon_files_name_the_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    user = tmp_path / "bad.yaml"
    user.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_lexicons([user])
    assert info.value.where is not None
    assert str(user) in info.value.where and f"第{line}行" in info.value.where
    assert message in str(info.value)


def test_a_missing_lexicon_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_lexicons([tmp_path / "nope.yaml"])
    assert "nope.yaml" in str(info.value)


def test_lexicon_from_text_without_shipped_files() -> None:
    lex = lexicon_from_text("kind: organization\nentries:\n  - term: 鲲城俱乐部\n", with_shipped=False)
    assert list(lex.terms) == ["鲲城俱乐部"]
    entities = _entities(_plan("支持鲲城俱乐部发展。"), lex)
    assert [(e.kind, e.text, e.source) for e in entities] == [("organization", "鲲城俱乐部", "lexicon")]


# ---------------------------------------------------------------- provincial work reports (issue 13)
# Real sentences from 2026 provincial government work reports; the expectations were checked by hand.

_PROVINCE = "2026年江苏省政府工作报告"


def _province(body: str) -> set[tuple[str, str]]:
    return _found(_entities(_plan(body, title=_PROVINCE)))


def test_two_named_projects_joined_by_he_are_two_items() -> None:
    found = _province(
        "高铁路网密度居各省区第一，北沿江、通苏嘉甬、盐泰锡常宜高铁和南京北站、苏州北站综合枢纽等重大工程开工建设。"
    )
    assert ("project", "盐泰锡常宜高铁") in found
    assert ("project", "南京北站") in found
    assert not any("和" in text for _, text in found)


def test_a_bare_phase_before_he_stays_with_the_name_before_it() -> None:
    found = _province(
        "加快建设现代化水网，推进环北部湾广东水资源配置一期、二期和黄茅峡水库、长潭水库扩建等工程建设。"
    )
    assert ("project", "黄茅峡水库") in found
    assert ("project", "二期") not in found
    assert ("project", "二期和黄茅峡水库") not in found


def test_the_first_list_item_starts_after_the_clause_words() -> None:
    found = _province("江苏健儿在奥运会、亚运会、全运会等重大赛事中成绩优异。")
    assert {("project", "奥运会"), ("project", "亚运会"), ("project", "全运会")} <= found
    assert not any(text.startswith("江苏健儿") for _, text in found)


def test_a_name_starts_after_a_verb_the_stop_list_does_not_hold() -> None:
    found = _province("持续释放郑州中欧班列集结中心辐射带动力，推出长江经济带高质量发展84项政策措施。")
    assert ("project", "郑州中欧班列集结中心") in found
    assert ("place", "长江经济带") in found
    assert not any(text.startswith(("释放", "推出")) for _, text in found)


def test_an_item_holding_deng_is_no_place() -> None:
    found = _province(
        "加快中国邮政国际航空枢纽、洛阳等10个国家物流枢纽、商丘等5个国家骨干冷链物流基地建设。"
        "推动东北、西北、西南、东南四个片区内城市共同实施一批重大合作事项。"
    )
    assert not any("等" in text for _, text in found)
    assert ("place", "东南四个片区") not in found


def test_a_general_head_must_be_the_lists_own_noun() -> None:
    # 国家 here is part of 国家战略科技体系, after a verb: the labs are no places
    found = _province("整合规范省级创新平台，支持嵩山实验室、神农实验室等进入国家战略科技体系。")
    assert ("place", "嵩山实验室") not in found
    assert ("project", "嵩山实验室") in found


def test_a_list_of_categories_is_no_project_list() -> None:
    found = _province(
        "推动“两重”、中央预算内投资、新型政策性金融工具等项目按时开工建设。"
        "加快双千兆网络、量子通信等项目建设，完善数字基础设施体系。"
    )
    assert not {k for k, _ in found} & {"project", "organization"}


def test_firm_projects_under_unknown_brands_are_kept() -> None:
    found = _province("推进众擎机器人全球生产制造中心、仕佳光子通信芯片等项目建设，大力发展新兴产业。")
    assert ("project", "众擎机器人全球生产制造中心") in found
    assert ("project", "仕佳光子通信芯片") in found


def test_deng_after_a_name_that_makes_a_word_with_it_still_closes_the_list() -> None:
    # 平高等 reads as 平|高等, but 高等领军企业 is no word: 平高 is the last company of the list
    found = _province("支持超聚变、中创智领、许继、平高等领军企业全面提升产业科技创新能力。")
    assert {("organization", "许继"), ("organization", "平高")} <= found


def test_a_person_acting_for_a_body_is_not_part_of_its_name() -> None:
    found = _province("省长刘小涛代表省人民政府向大会作政府工作报告。")
    assert ("organization", "省人民政府") in found
    assert not any("刘小涛" in text for _, text in found)


def test_an_event_name_starts_after_the_verb_before_its_proper_name() -> None:
    found = _found(
        _entities(
            _plan(
                "通过线上和线下方式出席二十国集团领导人峰会、亚太经合组织领导人非正式会议。",
                title="2023年国务院政府工作报告",
            )
        )
    )
    assert ("project", "二十国集团领导人峰会") in found
    assert not any(text.startswith(("方式", "出席")) for _, text in found)


# ---------------------------------------------------------------- named programmes, networks, venues, events


def test_programmes_named_by_a_place_a_known_project_or_a_quotation() -> None:
    found = _province(
        "推进南水北调后续工程建设，实施黑土地保护工程，组织打好“三北”工程三大标志性战役，"
        "学习运用“千村示范、万村整治”工程经验，深入实施“新强师工程”，改造农村公路危旧桥梁（含“渡改桥”工程）。"
    )
    assert {
        ("project", "南水北调后续工程"),
        ("project", "黑土地保护工程"),
        ("project", "“三北”工程"),
        ("project", "“千村示范、万村整治”工程"),
        ("project", "新强师工程"),
        ("project", "“渡改桥”工程"),
    } <= found


def test_classes_of_programmes_are_no_names() -> None:
    found = _province(
        "加快实施“十四五”规划重大工程项目，实施江苏省重大工程，坚决反对“形象工程”“政绩工程”，"
        "完成城市更新项目投资3696亿元，支持更多企业成为北交所上市公司。"
    )
    assert not any(k == "project" for k, _ in found)
    assert ("organization", "北交所上市公司") not in found


def test_a_numbered_quotation_stays_a_formulation() -> None:
    found = _province("学习运用“千万工程”经验，实施“民生十大工程”。")
    assert ("formulation", "千万工程") in found
    assert not any(k == "project" for k, _ in found)


def test_networks_named_by_the_country_they_span() -> None:
    found = _province("推进国家水网建设，加快构建全国一体化算力网，完善现代化水网。")
    assert {("project", "国家水网"), ("project", "全国一体化算力网")} <= found
    assert ("project", "现代化水网") not in found


def test_venues_and_events_with_their_names() -> None:
    found = _province(
        "扬州中国大运河博物馆成为闪亮名片。建成深圳湾文化广场。出席第十五届全国运动会开幕式，"
        "高质量承办全球公共安全合作论坛，成功举办第三届“一带一路”国际合作高峰论坛，举办全省高质量发展论坛。"
    )
    assert {
        ("project", "扬州中国大运河博物馆"),
        ("project", "深圳湾文化广场"),
        ("project", "全国运动会"),
        ("project", "全球公共安全合作论坛"),
        ("project", "“一带一路”国际合作高峰论坛"),
    } <= found
    assert ("place", "深圳湾文化广场") not in found
    assert not any("高质量发展论坛" in text for _, text in found)


def test_strategic_positionings_of_a_place_are_no_facilities() -> None:
    found = _province(
        "加快建设大湾区国际科技创新中心，支持西安区域科技创新中心建设，长江中游航运中心、宁波舟山国际航运中心加快建设，"
        "大窑湾保税物流中心投入运营，湛江文化中心建成开放。"
    )
    assert not any(text.endswith(("科技创新中心", "航运中心")) for _, text in found)
    assert {("project", "大窑湾保税物流中心"), ("project", "湛江文化中心")} <= found


def test_lists_and_earlier_names_do_not_leak_into_a_name() -> None:
    found = _province(
        "推进紫金山、钟山、云龙湖等实验室建设，北沿江、通苏嘉甬等高铁开工。国家枢纽节点韶关数据中心集群建设扎实推进。"
        "中山大学附属肿瘤医院甘肃医院建设进展顺利。"
    )
    assert not any(text.endswith(("等实验室", "等高铁")) for _, text in found)
    assert ("project", "韶关数据中心") in found
    assert ("organization", "中山大学附属肿瘤医院甘肃医院") in found
    assert ("organization", "甘肃医院") not in found


def test_a_citys_local_aliases_hold_only_in_its_own_documents() -> None:
    body = "推动高新区高质量发展。"
    assert ("place", "高新区") not in _province(body)
    assert ("place", "高新区") in _found(_entities(_plan(body)))


def test_a_line_named_by_short_forms_of_its_ends_is_one_project() -> None:
    found = _province("开工建设南信合高铁、京港高铁阜阳至黄冈段。")
    assert ("project", "京港高铁") in found
    assert ("place", "港") not in found


def test_cut_many_segments_each_text_as_alone() -> None:
    import rjieba

    from planwatch.extract.entity_names import cut_many

    texts = ["工程建设", "国际合作高峰论坛", "行动 计划", "(RCEP)国际商务区", "a", "示范区\r"]
    assert cut_many(texts) == [rjieba.cut(t) for t in texts]
    assert cut_many([]) == []
