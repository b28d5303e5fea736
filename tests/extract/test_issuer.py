"""The issuer of a document, read from its title, preamble and signature: several document shapes
written here, and the corpus documents when the shared corpus is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.extract.issuer import detect_issuer, issuer_from_config, level_of
from planwatch.model import Issuer
from planwatch.outline import fold
from strict import missing

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

SHAPES = [
    # (text, name, level, words the evidence must hold)
    (
        "中共沈阳市委关于制定沈阳市国民经济和社会发展第十五个五年规划的建议\n\n"
        "中国共产党沈阳市第十四届委员会第九次全体会议……\n一、发展环境\n（1）……",
        "沈阳市",
        "municipal",
        "中共沈阳市委关于",
    ),
    (
        "政府工作报告\n——2026年1月20日在辽宁省第十四届人民代表大会第五次会议上\n"
        "辽宁省人民政府省长 某某\n各位代表：\n现在，我代表省人民政府，向大会报告工作。",
        "辽宁省",
        "provincial",
        "辽宁省人民政府省长",
    ),
    (
        "2026年天津市政府工作报告\n——2026年1月在天津市第十八届人民代表大会第五次会议上\n天津市市长 某某\n",
        "天津市",
        "provincial",
        "天津市市长",
    ),
    (
        "政府工作报告\n——在第十四届全国人民代表大会第四次会议上\n国务院总理 某某\n"
        "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n要坚持党中央、国务院决策部署。",
        "国务院",
        "national",
        "国务院总理",
    ),
    (
        "中共中央关于制定国民经济和社会发展第十五个五年规划的建议\n（2025年10月23日中国共产党第二十届中央委员会第四次全体会议通过）\n",
        "中共中央",
        "national",
        "中共中央关于",
    ),
    (
        "政府工作报告\n在广西壮族自治区第十四届人民代表大会第五次会议上\n自治区主席 某某\n"
        "我代表广西壮族自治区人民政府，向大会报告工作。",
        "广西壮族自治区",
        "provincial",
        "广西壮族自治区人民政府",
    ),
    (
        "长海县国民经济和社会发展第十五个五年规划纲要\n\n第一章 发展基础\n全县……",
        "长海县",
        "county",
        "长海县国民经济",
    ),
    (
        "关于加快建设海洋强市的实施意见\n各区市县人民政府，市政府各部门：\n为了……特制定本意见。\n一、总体要求\n……\n"
        "大连市人民政府\n2025年6月3日",
        "大连市",
        "municipal",
        "大连市人民政府",
    ),
    (
        "中共大连市金州区委关于制定金州区国民经济和社会发展第十五个五年规划的建议\n一、……",
        "大连市金州区",
        "county",
        "金州区委关于",
    ),
]


@pytest.mark.parametrize(("text", "name", "level", "evidence"), SHAPES, ids=[s[1] for s in SHAPES])
def test_issuer_of_each_document_shape(text: str, name: str, level: str, evidence: str) -> None:
    issuer = detect_issuer("", text)
    assert issuer is not None
    assert (issuer.name, issuer.level) == (name, level)
    assert evidence in issuer.evidence
    assert issuer.start is not None and issuer.end is not None
    # the span points at the words it was read from
    assert text[issuer.start : issuer.end] in issuer.evidence


def test_a_place_the_document_only_mentions_is_not_its_issuer() -> None:
    text = (
        "关于推进产业协作的几点思考\n各地要认真落实党中央、国务院决策部署和省委工作安排。\n"
        "加强与四川省、重庆市的合作，学习上海市经验。\n"
    )
    assert detect_issuer("", text) is None


def test_the_strongest_evidence_wins_over_a_place_in_the_title() -> None:
    # the title names 大连市 (what the plan is about); the signature says who speaks
    text = "大连市发展规划研究报告\n——在辽宁省第十四届人民代表大会上\n辽宁省人民政府省长 某某\n"
    issuer = detect_issuer("", text)
    assert issuer is not None and issuer.name == "辽宁省"


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("国务院", "national"),
        ("北京市", "provincial"),
        ("内蒙古自治区", "provincial"),
        ("四川省", "provincial"),
        ("成都市", "municipal"),
        ("延边朝鲜族自治州", "municipal"),
        ("长海县", "county"),
        ("大连市金州区", "county"),
        ("某某", None),
    ],
)
def test_level_from_the_name(name: str, level: str | None) -> None:
    assert level_of(name) == level


def test_an_issuer_set_for_the_plan() -> None:
    set_by_person = issuer_from_config({"name": "四川省", "level": "provincial"})
    assert set_by_person == Issuer("四川省", "provincial", "人工指定", source="override")
    assert issuer_from_config({"name": "四川省", "level": "district"}) is None
    assert issuer_from_config(None) is None


CORPUS_ISSUERS = [
    ("dalian-15th-fyp-recommendation.txt", "大连市", "municipal"),
    ("national-government-work-report-2023.txt", "国务院", "national"),
    ("national-government-work-report-2024.txt", "国务院", "national"),
    *[
        (f"provinces-2026-dev/{name}.txt", name, "provincial")
        for name in (
            "北京市",
            "上海市",
            "广东省",
            "浙江省",
            "江苏省",
            "四川省",
            "湖北省",
            "河南省",
            "陕西省",
            "甘肃省",
        )
    ],
]


@pytest.mark.parametrize(("file", "name", "level"), CORPUS_ISSUERS, ids=[c[0] for c in CORPUS_ISSUERS])
def test_issuer_of_the_corpus_documents(file: str, name: str, level: str) -> None:
    path = CORPUS / file
    if not path.exists():
        missing(f"shared corpus not found: {path}")
    text = path.read_text(encoding="utf-8")
    issuer = detect_issuer("", text)
    assert issuer is not None and (issuer.name, issuer.level) == (name, level), issuer


def test_the_folded_text_handed_in_reads_as_the_text_folded_here() -> None:
    paths = sorted(CORPUS.rglob("*.txt"))
    if not paths:
        missing("the shared corpus")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        alone = detect_issuer("", text)
        assert detect_issuer("", text, fold(text)) == alone, path.name
        # a view that is not of this text (another length) is not trusted: the text is folded again
        assert detect_issuer("", text, fold(text)[:-1]) == alone, path.name


def test_rule_words_are_the_literals_every_unanchored_rule_needs() -> None:
    # a line without any of its rule's words is skipped: each word must be one the pattern spells
    from planwatch.extract.issuer import _RULE_WORDS, _RULES

    assert len(_RULE_WORDS) == len(_RULES)
    for (_, pattern, _), words in zip(_RULES, _RULE_WORDS, strict=True):
        if pattern.pattern.startswith("^"):
            continue
        assert words
        assert all(w in pattern.pattern for w in words)
