"""Sentence search on both databases: what it finds, what it refuses to interpret, and the index's
life cycle (indexed at import, backfilled for older versions, cleaned up with its version)."""

from __future__ import annotations

import functools
import threading
from typing import Any

import pytest
from sqlalchemy import Engine, delete, func, inspect, select, text
from sqlalchemy.orm import Session

from planwatch.model import Analysis, InputError, NotFoundError
from planwatch.services.plans import search as search_service
from planwatch.services.plans.analyze import analyze_bytes, default_plan_bytes
from planwatch.services.plans.records import import_analysis
from planwatch.services.plans.search import fold, search, search_page
from planwatch.settings import Settings
from planwatch.store.engine import session_factory, transaction
from planwatch.store.migrate import downgrade, upgrade
from planwatch.store.repositories import PlanRepository
from planwatch.store.search import SEARCH_TABLE, TermQuery, is_search_table
from planwatch.store.search_postgresql import grams_query, lexeme
from planwatch.store.search_sqlite import fts_string, match_expression
from planwatch.store.tables import PlanRow, SearchVersionRow, SentenceRow


@functools.cache
def dalian() -> Analysis:
    data, name = default_plan_bytes()
    return analyze_bytes(data, name, Settings())


def small(body: str, title: str = "测试规划") -> Analysis:
    return analyze_bytes(f"{title}\n一、总体要求\n{body}\n".encode(), f"{title}.txt", Settings())


def _import(engine: Engine, analysis: Analysis, name: str | None = None) -> int:
    with transaction(engine) as session:
        return import_analysis(session, analysis, name).plan.id


@pytest.fixture
def dalian_engine(engine: Engine) -> Engine:
    _import(engine, dalian())
    return engine


def _search(engine: Engine, query: str, plan: str | None = "1", **kw: Any) -> dict[str, Any]:
    with transaction(engine) as session:
        return search_page(session, query, plan, **kw)


def _all_keys(engine: Engine, query: str, plan: str | None = "1") -> list[str]:
    """Every result's sentence key, over as many pages as it takes."""
    keys: list[str] = []
    offset = 0
    while True:
        page = _search(engine, query, plan, limit=100, offset=offset)
        keys += [r["sentence"] for r in page["results"]]
        offset += 100
        if offset >= page["total"]:
            assert len(keys) == page["total"]
            return keys


def _containing(analysis: Analysis, *terms: str) -> set[str]:
    """Brute force: the sentences whose folded text contains every folded term."""
    text_of = analysis.document.text
    return {s.id for s in analysis.sentences if all(fold(t) in fold(text_of[s.start : s.end]) for t in terms)}


def _index_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        count: int = connection.execute(text(f"SELECT count(*) FROM {SEARCH_TABLE}")).scalar_one()
        return count


# -- what it finds --------------------------------------------------------------------------------

# The brief's queries, plus what word segmentation alone gets wrong: part of a word (跨海 in
# 跨海大桥), one character (港), words rjieba joins differently in context (服务 in 服务体系),
# ASCII and full-width forms, Chinese numerals, a substring across two words (经济发).
QUERIES = [
    "海洋经济",
    "研发投入",
    "营商环境",
    "长海跨海大桥",
    "托育",
    "跨海",
    "港",
    "服务",
    "养老",
    "GDP",
    "gdp",
    "ＧＤＰ",
    "5G",
    "十五五",
    "二〇三五年",
    "经济发",
    "东北亚国际航运中心",
]


def test_finds_exactly_the_sentences_containing_the_query(dalian_engine: Engine) -> None:
    # One database for every query: importing the plan is what costs time here.
    for query in QUERIES:
        expected = _containing(dalian(), query)
        assert expected, f"the plan should contain {query!r}"
        found = _all_keys(dalian_engine, query)
        assert len(found) == len(set(found)), query
        assert set(found) == expected, query


def test_the_brief_queries_land_on_the_right_articles(dalian_engine: Engine) -> None:
    def cites(query: str) -> set[str]:
        return {r["cite"] for r in _search(dalian_engine, query)["results"]}

    assert "第34条" in cites("海洋经济")  # 推动海洋经济高质量发展
    assert "第1条" in cites("长海跨海大桥")
    assert {"第16条", "第17条"} <= cites("托育")
    assert "第19条" in cites("营商环境")
    assert "第1条" in cites("研发投入")


def test_a_result_carries_plan_version_node_citation_snippet_and_link(dalian_engine: Engine) -> None:
    data = _search(dalian_engine, "长海跨海大桥", limit=1)
    assert data["total"] == 2 and data["plan"]["id"] == 1 and data["version"]["number"] == 1
    hit = data["results"][0]
    analysis = dalian()
    sentence = next(s for s in analysis.sentences if s.id == hit["sentence"])
    assert (hit["start"], hit["end"], hit["node"]) == (sentence.start, sentence.end, sentence.node)
    assert hit["text"] == analysis.document.text[sentence.start : sentence.end]
    assert hit["plan_id"] == 1 and hit["version"] == 1 and hit["cite"].startswith("第")
    assert hit["url"] == f"/plans/1/text/{sentence.node}#s-{sentence.start}"
    assert "<mark>长海跨海大桥</mark>" in hit["snippet"]
    assert [p["text"] for p in hit["parts"] if p["mark"]] == ["长海跨海大桥"]
    start, end = hit["highlights"][0]
    assert hit["text"][start:end] == "长海跨海大桥"
    assert isinstance(hit["rank"], float)


def test_every_term_of_a_multi_word_query_must_match(dalian_engine: Engine) -> None:
    expected = _containing(dalian(), "海洋", "科技")
    assert expected and expected < _containing(dalian(), "海洋")
    assert set(_all_keys(dalian_engine, "海洋 科技")) == expected
    # A full-width space separates terms as well.
    assert set(_all_keys(dalian_engine, "海洋\u3000科技")) == expected
    page = _search(dalian_engine, "海洋 科技")
    for hit in page["results"]:
        marked = "".join(p["text"] for p in hit["parts"] if p["mark"])
        assert "海洋" in marked and "科技" in marked


def test_results_are_best_first_and_pages_add_up(dalian_engine: Engine) -> None:
    whole = _search(dalian_engine, "服务", limit=100)
    ranks = [r["rank"] for r in whole["results"]]
    assert ranks == sorted(ranks, reverse=True)
    pages = [_search(dalian_engine, "服务", limit=7, offset=o) for o in range(0, whole["total"], 7)]
    paged = [r["sentence"] for page in pages for r in page["results"]]
    assert paged == [r["sentence"] for r in whole["results"]]
    beyond = _search(dalian_engine, "服务", offset=whole["total"] + 5)
    assert beyond["results"] == [] and beyond["total"] == whole["total"]


def test_no_exact_match_falls_back_to_the_words_of_the_query(dalian_engine: Engine) -> None:
    data = _search(dalian_engine, "大连海洋经济发展")
    assert not _containing(dalian(), "大连海洋经济发展")
    assert data["relaxed"] and data["total"] > 0
    assert data["terms"] == ["大连", "海洋", "经济", "发展"]
    assert {r["sentence"] for r in data["results"]} <= _containing(dalian(), "大连", "海洋", "经济", "发展")
    assert "没有完全一致" in data["message"]


def test_nothing_found_says_so_in_chinese(dalian_engine: Engine) -> None:
    data = _search(dalian_engine, "量子引力")
    assert data["total"] == 0 and data["results"] == [] and not data["relaxed"]
    assert data["message"] == "没有找到包含“量子引力”的句子。"


# -- what it refuses to interpret -----------------------------------------------------------------

NASTY = [
    '"',
    '"海洋经济',
    "'",
    "' OR '1'='1",
    "'; DROP TABLE sentences; --",
    "海洋经济'; DELETE FROM sentences; --",
    "海洋 AND 经济",
    "海洋 OR 经济",
    "NOT 海洋",
    "海洋 NEAR 经济",
    "NEAR(海洋 经济, 2)",
    "海洋*",
    "^海洋",
    "words:海洋",
    "grams : 海洋",
    "{words grams}: 海洋",
    "(海洋",
    "海洋)",
    "%",
    "_",
    "%海洋%",
    "海_洋",
    "--",
    ";",
    "\\",
    "海洋 & 经济 | !科技 <-> 港:*",
    "\x00海洋",
    "<script>alert(1)</script>",
    "*",
    "-海洋",
    "+海洋",
]


def test_metacharacters_are_only_text(dalian_engine: Engine) -> None:
    with session_factory(dalian_engine)() as session:
        before = session.scalar(select(func.count()).select_from(SentenceRow))
    for query in NASTY:
        data = _search(dalian_engine, query, limit=100)
        for hit in data["results"]:
            folded = fold(hit["text"])
            assert all(term in folded for term in data["terms"]), query
    with session_factory(dalian_engine)() as session:
        assert session.scalar(select(func.count()).select_from(SentenceRow)) == before
    assert _index_rows(dalian_engine) == before


def test_punctuation_around_a_term_is_ignored_inside_it_is_not(dalian_engine: Engine) -> None:
    plain = _all_keys(dalian_engine, "海洋经济")
    for quoted in ('"海洋经济"', "“海洋经济”", "(海洋经济)", "海洋经济*", "'海洋经济'", "《海洋经济》"):
        assert _all_keys(dalian_engine, quoted) == plain
    # Operators are words to look for, not operators: no sentence says "and".
    assert _search(dalian_engine, "海洋 AND 经济")["total"] == 0
    # Inside a term, punctuation must be there: 5G+ is, 5G- is not (only its words are).
    exact = _search(dalian_engine, "5G+工业互联网")
    assert exact["total"] == 1 and not exact["relaxed"]
    loose = _search(dalian_engine, "5G-工业互联网")
    assert loose["relaxed"] and loose["terms"] == ["5g", "工业", "互联网"]


def test_empty_or_symbol_only_query_finds_nothing_and_explains(dalian_engine: Engine) -> None:
    for query in ["", "   ", "\t\n", "%_*", "“”《》，。", "--;"]:
        data = _search(dalian_engine, query)
        assert data["results"] == [] and data["total"] == 0, query
        assert data["message"], query


def test_very_long_query_is_cut_not_refused(dalian_engine: Engine) -> None:
    data = _search(dalian_engine, "海洋经济" * 2000)
    # Cut to one very long term no sentence contains; its words then stand in for it.
    assert data["truncated"] and data["relaxed"] and data["terms"] == ["海洋", "经济"]
    many = _search(dalian_engine, " ".join(["海洋"] * 3 + [f"词{i}" for i in range(30)]))
    assert many["truncated"] and len(many["terms"]) == search_service.MAX_TERMS
    words = _search(dalian_engine, " ".join("营商环境" for _ in range(40)))
    assert words["terms"] == ["营商环境"] and words["total"] == len(_containing(dalian(), "营商环境"))


def test_paging_arguments_are_checked(dalian_engine: Engine) -> None:
    with transaction(dalian_engine) as session:
        for kw in ({"limit": 0}, {"limit": 101}, {"offset": -1}):
            with pytest.raises(InputError):
                search(session, "海洋", "1", **kw)
        with pytest.raises(NotFoundError):
            search(session, "海洋", "没有这个规划")
        with pytest.raises(InputError):
            search(session, "海洋", None, version=1)


def test_snippet_escapes_the_document_and_marks_only_matches(engine: Engine) -> None:
    _import(engine, small('（一）加强防护<script>alert("x")</script>&amp海洋经济<b>。'))
    hit = _search(engine, "海洋经济")["results"][0]
    assert hit["text"] == '加强防护<script>alert("x")</script>&amp海洋经济<b>。'
    assert hit["snippet"] == (
        "加强防护&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp<mark>海洋经济</mark>&lt;b&gt;。"
    )
    script = _search(engine, "<script>")
    assert script["terms"] == ["script"]
    assert "<script" not in script["results"][0]["snippet"]


def test_long_sentence_snippet_is_cut_around_the_first_match(engine: Engine) -> None:
    filler = "推进各项工作" * 40
    _import(engine, small(f"（一）{filler}发展托育服务{filler}。"))
    hit = _search(engine, "托育")["results"][0]
    assert len(hit["text"]) > search_service.SNIPPET_CHARS
    parts = hit["parts"]
    assert parts[0]["text"] == "…" and parts[-1]["text"] == "…"
    assert sum(len(p["text"]) for p in parts[1:-1]) == search_service.SNIPPET_CHARS
    assert [p["text"] for p in parts if p["mark"]] == ["托育"]


def test_full_width_and_case_variants_match_and_highlight_the_original(engine: Engine) -> None:
    _import(engine, small("（一）建设５Ｇ基站和ＧＤＰ核算体系。"))
    for query in ("5g", "5G", "５Ｇ", "gdp", "ＧＤＰ", "5G基站", "G基"):
        data = _search(engine, query)
        if query == "G基":
            # ASCII is matched from the start of a word: G inside 5G is not found as typed, only
            # its words are (g in gdp, 基 in 基站).
            assert data["relaxed"] and data["terms"] == ["g", "基"]
            continue
        assert data["total"] == 1, query
        hit = data["results"][0]
        marked = [p["text"] for p in hit["parts"] if p["mark"]]
        assert marked == [
            {"gdp": "ＧＤＰ", "ＧＤＰ": "ＧＤＰ"}.get(query, "５Ｇ基站" if "基" in query else "５Ｇ")
        ]


# -- plans and versions ---------------------------------------------------------------------------


def test_all_plans_means_the_latest_version_of_each(engine: Engine) -> None:
    a = _import(engine, small("（一）坚持旧提法。推进共同任务。", "甲规划"))
    _import(engine, small("（一）坚持新提法。推进共同任务。", "甲规划"), "甲规划")
    b = _import(engine, small("（一）落实新提法。", "乙规划"))
    everywhere = _search(engine, "新提法", None)
    assert everywhere["plan"] is None and everywhere["version"] is None
    assert {(r["plan_id"], r["version"]) for r in everywhere["results"]} == {(a, 2), (b, 1)}
    assert _search(engine, "旧提法", None)["total"] == 0
    assert _search(engine, "旧提法", str(a))["total"] == 0
    old = _search(engine, "旧提法", str(a), version=1)
    assert old["total"] == 1 and old["version"]["number"] == 1
    assert old["results"][0]["url"].startswith(f"/plans/{a}/text/")
    assert _search(engine, "共同任务", "乙规划")["total"] == 0
    assert _search(engine, "共同任务", "甲规划")["total"] == 1


def test_versions_are_indexed_at_import(engine: Engine) -> None:
    _import(engine, dalian())
    with session_factory(engine)() as session:
        rows = session.scalars(select(SearchVersionRow)).all()
    assert [(r.scheme, r.sentences) for r in rows] == [(search_service.SCHEME, len(dalian().sentences))]
    assert _index_rows(engine) == len(dalian().sentences)


def test_index_goes_with_its_plan(engine: Engine) -> None:
    keep = _import(engine, small("（一）保留的句子提到托育。", "保留"))
    drop = _import(engine, small("（一）删除的句子提到托育。", "删除"))
    per_plan = len(small("（一）保留的句子提到托育。").sentences)
    assert _index_rows(engine) == 2 * per_plan
    with transaction(engine) as session:
        session.execute(delete(PlanRow).where(PlanRow.id == drop))
    assert _index_rows(engine) == per_plan
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(SearchVersionRow)) == 1
    # A later import may reuse the deleted rows' ids; it must not inherit their index entries.
    _import(engine, small("（一）新的句子没有那个词。", "新"))
    data = _search(engine, "托育", None)
    assert [(r["plan_id"], r["text"]) for r in data["results"]] == [(keep, "保留的句子提到托育。")]


def test_version_stored_before_the_index_existed_is_indexed_on_first_search(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    with transaction(empty_engine) as session:
        # What an import did before revision 0005: the repository alone, no index.
        PlanRepository(session).add_version("旧库规划", dalian())
    downgrade(empty_engine, "0004")  # what a version stored at 0004 left: no index tables
    upgrade(empty_engine)
    assert _index_rows(empty_engine) == 0
    assert set(_all_keys(empty_engine, "托育")) == _containing(dalian(), "托育")
    assert _index_rows(empty_engine) == len(dalian().sentences)
    with transaction(empty_engine) as session:
        assert search_service.ensure_indexed(session) == []


def test_a_new_segmentation_scheme_reindexes(dalian_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    with transaction(dalian_engine) as session:
        assert search_service.ensure_indexed(session) == []
    monkeypatch.setattr(search_service, "SCHEME", search_service.SCHEME + 1)
    assert _search(dalian_engine, "托育")["total"] == 3  # searching reindexes the stale version first
    with transaction(dalian_engine) as session:
        assert search_service.ensure_indexed(session) == []
        assert session.scalar(select(SearchVersionRow.scheme)) == search_service.SCHEME
    assert _index_rows(dalian_engine) == len(dalian().sentences)


def test_reindex_rebuilds_everything_in_place(dalian_engine: Engine) -> None:
    before = _all_keys(dalian_engine, "营商环境")
    with transaction(dalian_engine) as session:
        assert search_service.reindex(session) == len(dalian().sentences)
        assert search_service.reindex(session) == len(dalian().sentences)
    assert _index_rows(dalian_engine) == len(dalian().sentences)
    assert _all_keys(dalian_engine, "营商环境") == before


def test_downgrade_drops_the_index_and_upgrade_restores_search(dalian_engine: Engine) -> None:
    downgrade(dalian_engine, "0004")
    names = set(inspect(dalian_engine).get_table_names())
    assert not {n for n in names if is_search_table(n)} and "search_versions" not in names
    upgrade(dalian_engine)
    assert set(_all_keys(dalian_engine, "托育")) == _containing(dalian(), "托育")


def test_a_plan_searched_before_its_index_was_dropped_is_indexed_again(dalian_engine: Engine) -> None:
    # Searching one plan remembers its version as indexed (no check per search after that); an
    # index dropped all the same must not leave the search empty.
    before = _search(dalian_engine, "托育")["total"]
    assert before == 3
    downgrade(dalian_engine, "0004")
    upgrade(dalian_engine)
    assert _index_rows(dalian_engine) == 0
    assert _search(dalian_engine, "托育")["total"] == before
    assert _index_rows(dalian_engine) == len(dalian().sentences)


def test_the_search_table_is_dialect_specific(engine: Engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert SEARCH_TABLE in names
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            sql = connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = ?", (SEARCH_TABLE,)
            ).scalar_one()
            assert "fts5" in sql.lower()
        else:
            types = {c["name"]: str(c["type"]) for c in inspect(connection).get_columns(SEARCH_TABLE)}
            assert types["grams"] == "TSVECTOR"
            indexes = {i["name"] for i in inspect(connection).get_indexes(SEARCH_TABLE)}
            assert "ix_sentence_search_grams" in indexes


# -- query building, without a database -----------------------------------------------------------


def test_fts5_strings_quote_everything() -> None:
    assert fts_string('a"b') == '"a""b"'
    expr = match_expression(
        [TermQuery(("海洋", "经济"), ("海洋", "洋经", "经济")), TermQuery(("港",), ("港",), True)]
    )
    assert expr == (
        '(words : ("海洋" + "经济") OR grams : ("海洋" + "洋经" + "经济")) AND '
        '(words : ("港") OR grams : ("港" *))'
    )


def test_tsquery_lexemes_are_quoted() -> None:
    assert lexeme("a'b\\c") == "'a''b\\\\c'"
    assert grams_query([TermQuery((), ("5g", "基"), True)]) == "('5g' <-> '基':*)"


def test_terms_become_gram_phrases_that_meet_the_sentence_tokens() -> None:
    def term(raw: str) -> tuple[str, tuple[str, ...], bool]:
        parsed = search_service.parse_query(raw).terms[0]
        return parsed.text, parsed.query.grams, parsed.query.prefix

    assert search_service.grams("海洋经济") == ["海洋", "洋经", "经济", "济"]
    assert term("海洋经济") == ("海洋经济", ("海洋", "洋经", "经济"), False)
    assert term("港") == ("港", ("港",), True)
    assert term("“５Ｇ+工业”") == ("5g+工业", ("5g", "工业"), False)
    assert term("建设5G") == ("建设5g", ("建设", "设", "5g"), True)
    assert fold("海洋 经济 GDP  Growth\n") == "海洋经济gdp growth"


def test_highlights_map_back_through_folding() -> None:
    assert search_service.highlight_spans("建设５Ｇ基站", ["5g"]) == [(2, 4)]
    assert search_service.highlight_spans("海洋\n经济和海洋", ["海洋经济", "海洋"]) == [(0, 5), (6, 8)]


def test_session_type_is_what_services_expect(engine: Engine) -> None:
    # search_page needs only a Session; a plain one (the web's per-request session) works too.
    _import(engine, small("（一）发展托育服务。"))
    with session_factory(engine)() as session:
        assert isinstance(session, Session)
        assert search_page(session, "托育", "1")["total"] == 1
        session.commit()


def test_two_first_searches_at_once_both_succeed(dalian_engine: Engine) -> None:
    # Forget the index, as for a version stored before revision 0005; then two requests search it at
    # once, each in its own session as the web app has them, and both index it.
    with transaction(dalian_engine) as session:
        session.execute(delete(SearchVersionRow))
        session.execute(text(f"DELETE FROM {SEARCH_TABLE}"))
    barrier = threading.Barrier(2)
    totals: list[int] = []
    errors: list[BaseException] = []

    def request() -> None:
        try:
            with session_factory(dalian_engine)() as session:
                barrier.wait(timeout=10)
                totals.append(search_page(session, "托育", "1")["total"])
                session.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=request) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and totals == [3, 3]
    assert _index_rows(dalian_engine) == len(dalian().sentences)
