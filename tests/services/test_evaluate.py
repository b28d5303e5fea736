"""The gold scorer: article assignment, strict vs lenient, multiset matching."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planwatch.model import Analysis, Entity, Quantity
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.services.scoring.gold import article_of_nodes, score
from planwatch.settings import Settings


@pytest.fixture(scope="module")
def dalian() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_bytes(data, name, Settings())


def test_article_assignment_follows_the_gold_convention(dalian: Analysis) -> None:
    arts = article_of_nodes(dalian.outline)
    assert arts["title"] == 0 and arts["preamble"] == 0
    assert arts["p3"] == 6  # a part heading and its intro belong to the part's first article
    assert arts["p3.a7"] == 7
    assert arts["p2.a5.d3"] == 5  # items inside an article belong to it
    assert arts["closing"] == 60


def _entity(dalian: Analysis, node: str, text: str, kind: str = "place") -> Entity:
    n = dalian.node(node)
    assert n is not None
    start = dalian.document.text.index(text, n.start)
    return Entity(kind, text, node, start, start + len(text))


def test_strict_and_lenient(dalian: Analysis) -> None:
    predicted = (
        _entity(dalian, "p1.a1", "西岗区"),  # required: tp
        _entity(dalian, "p1.a1", "长山群岛"),  # not in this tiny gold: fp in both modes
        _entity(dalian, "p3.a9", "大连"),  # optional (nested_in): fp when strict, ignored when lenient
        _entity(dalian, "p1.a2", "东北亚"),  # even article: outside the entity gold, not scored
    )
    gold = {
        "places": [
            {"article": 1, "text": "西岗区"},
            {"article": 9, "text": "大连", "nested_in": "大连某某"},
            {"article": 3, "text": "北京"},  # required and missing: fn
        ]
    }
    s = {x.mode: x for x in score(replace(dalian, entities=predicted), gold)}
    assert (s["strict"].tp, s["strict"].fp, s["strict"].fn) == (1, 2, 1)
    assert (s["lenient"].tp, s["lenient"].fp, s["lenient"].fn) == (1, 1, 1)
    assert s["lenient"].precision == 0.5 and s["lenient"].recall == 0.5
    assert s["lenient"].false_negatives == ((3, "北京"),)


def test_quantities_sharing_one_clause_count_twice(dalian: Analysis) -> None:
    clause = "新增高新技术企业2825家、增长114%"
    start = dalian.document.text.index(clause)
    q = Quantity(clause, "新增高新技术企业", 2825.0, "家", "p1.a1", start, start + len(clause))
    gold = {"quantities": [{"article": 1, "text": clause}, {"article": 1, "text": clause}]}
    one = {x.mode: x for x in score(replace(dalian, quantities=(q,)), gold)}
    two = {x.mode: x for x in score(replace(dalian, quantities=(q, replace(q, value=114.0, unit="%"))), gold)}
    assert (one["strict"].tp, one["strict"].fn) == (1, 1)
    assert (two["strict"].tp, two["strict"].fn, two["strict"].fp) == (2, 0, 0)
