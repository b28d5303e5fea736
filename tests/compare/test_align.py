"""Alignment of a plan with another: a reworded upper-level test plan and two national work reports."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from planwatch.compare.align import compare
from planwatch.compare.units import units_of
from planwatch.model import Analysis
from planwatch.model.comparison import PlanRef
from planwatch.services.plans.analyze import analyze_path
from planwatch.settings import Settings

DATA = Path(__file__).parent / "data"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
UPPER = DATA / "upper_plan.txt"

# Which Dalian article each article of the test plan was written from (by construction).
WRITTEN_FROM = {
    "(1)": "(3)", "(3)": "(6)", "(4)": "(7)", "(6)": "(10)", "(7)": "(11)", "(8)": "(12)", "(9)": "(15)",
    "(10)": "(19)", "(12)": "(34)", "(13)": "(50)", "(14)": "(52)", "(16)": "(42)", "(17)": "(44)",
    "(18)": "(45)", "(19)": "(47)", "(20)": "(54)",
}  # fmt: skip


@lru_cache(maxsize=4)
def analysis(path: str | None) -> Analysis:
    return analyze_path(path, Settings())


def test_units_are_articles_or_sections() -> None:
    dalian = units_of(analysis(None))
    assert [u.label for u in dalian] == [f"({n})" for n in range(1, 61)]
    assert dalian[6].title == "培育壮大战略性新兴产业"
    assert not dalian[6].body.startswith("(7)") and dalian[6].body.startswith("培育壮大")
    report = units_of(analysis(str(CORPUS / "national-government-work-report-2024.txt")))
    # part 一 (review, only —— lead items under it), part 二, the ten sections of part 三, and the
    # epilogue after them (政府自身建设, 民族/国防/港澳台/外交)
    assert [u.label for u in report][:3] == ["一、", "二、", "（一）"]
    assert len(report) == 13
    assert (report[-1].id, report[-1].label) == ("epilogue", "其他部署")


def test_reworded_articles_find_the_article_they_were_written_from() -> None:
    upper, dalian = analysis(str(UPPER)), analysis(None)
    result = compare(upper, dalian, PlanRef("upper"), PlanRef("dalian"))
    best = {al.a_label: al.matches[0].b_label for al in result.alignments if al.matches}
    wrong = {a: (best.get(a), b) for a, b in WRITTEN_FROM.items() if best.get(a) != b}
    assert not wrong
    # the shared terms say why: the employment article shares its key words
    employment = next(al for al in result.alignments if al.a_label == "(16)")
    assert "就业" in employment.matches[0].shared_terms
    assert all(m.score >= 0.1 for al in result.alignments for m in al.matches)


def test_coverage_terms_and_quantities() -> None:
    upper, dalian = analysis(str(UPPER)), analysis(None)
    result = compare(upper, dalian, PlanRef("upper"), PlanRef("dalian"))
    covered = {c.b_label for c in result.coverage if c.covered}
    assert {"(6)", "(7)", "(42)", "(44)", "(50)"} <= covered
    # articles on subjects the test plan never mentions are left out
    assert not {"(37)", "(57)", "(58)"} & covered
    assert len(result.coverage) == 60
    assert "黑土地" in result.only_in_a["terms"]
    assert "两先区" in result.only_in_b["formulations"]
    assert "长海跨海大桥" in result.only_in_b["projects"]
    assert "一带一路" in result.shared["formulations"]
    pairs = {(q.subject_a, q.subject_b): (q.value_a, q.value_b) for q in result.quantities}
    assert pairs[("研发经费投入强度", "研发投入强度")] == (3.2, 3.0)
    # different units never pair: 优良天数比率 (%) is not 优良天数 (天)
    assert not any("空气" in a and "空气" in b for a, b in pairs)


def test_json_contract() -> None:
    upper, dalian = analysis(str(UPPER)), analysis(None)
    d = compare(upper, dalian, PlanRef("upper", path="x.txt", units=20), PlanRef("dalian", id=1)).to_dict()
    assert set(d) >= {"a", "b", "alignments", "coverage", "only_in_a", "only_in_b", "quantities"}
    first = d["alignments"][0]
    assert set(first) == {"a", "a_label", "a_title", "matches"}
    assert set(first["matches"][0]) == {"b", "b_label", "b_title", "score", "shared_terms"}
    assert d["coverage"]["total"] == 60 and 0 < d["coverage"]["ratio"] < 1


def test_a_plan_against_itself_matches_every_article_to_itself() -> None:
    dalian = analysis(None)
    result = compare(dalian, dalian, PlanRef("a"), PlanRef("b"))
    assert all(al.matches[0].b == al.a and al.matches[0].score > 0.99 for al in result.alignments)
    assert result.coverage_ratio == 1.0
    assert result.only_in_a == {"formulations": (), "projects": (), "terms": ()}


def test_across_genres_the_science_section_finds_the_science_articles() -> None:
    dalian = analysis(None)
    report = analysis(str(CORPUS / "national-government-work-report-2024.txt"))
    result = compare(report, dalian, PlanRef("report"), PlanRef("dalian"))
    science = next(al for al in result.alignments if al.a_title.startswith("深入实施科教兴国战略"))
    # part 四 of the Dalian plan, articles (11)–(15), is its science, education and talent part
    assert science.matches[0].b_label in {"(11)", "(12)", "(13)", "(14)", "(15)"}
    # and the reverse direction works on the other numbering scheme
    back = compare(dalian, report, PlanRef("dalian"), PlanRef("report"))
    employment = next(al for al in back.alignments if al.a_label == "(42)")
    assert employment.matches and employment.matches[0].b_label == "（十）"
