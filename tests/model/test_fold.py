"""Folding full-width forms once (model.fold): the text view keeps offsets, names lose spaces, and
every layer that compares names folds them the same way."""

from __future__ import annotations

from planwatch.model.fold import fold, fold_name
from planwatch.model.indicator_terms import category_of, is_binding
from planwatch.services.monitoring.indicators import fold as fold_cell
from planwatch.services.monitoring.observe_match import parse_unit


def test_fold_keeps_offsets_and_fold_name_drops_spaces() -> None:
    text = "ＧＤＰ　增长（％）１２．５"
    assert fold(text) == "GDP 增长(%)12.5"
    assert len(fold(text)) == len(text)
    assert fold_name(" ＧＤＰ 增长\u00a0（％） ") == "GDP增长(%)"


def test_every_layer_folds_names_alike() -> None:
    # export: a binding indicator written in full-width letters and digits
    assert is_binding("ＰＭ２．５ 平均浓度")
    assert category_of("Ｒ＆Ｄ 经费投入强度") == "创新驱动"
    # services: table cells, with the signs that have no full-width form
    assert fold_cell("≥ １２，３４５．６ ％") == "≥12,345.6%"
    assert fold_cell("−３ ⩽ x") == "-3≤x"
    assert fold_cell("２０２６ｑ３") == "2026Q3"
    # indicator data: a unit typed in full-width form is the same unit
    assert parse_unit("万 元") == parse_unit("万元")
    assert parse_unit("％") == ("%", 1.0)
