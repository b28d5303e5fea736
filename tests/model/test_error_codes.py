"""Every error code has a wording in each front-end (or says it needs none), and every template names
only params its raise sites pass."""

from __future__ import annotations

import string

import pytest

from planwatch.cli.hints import HINTS as CLI_HINTS
from planwatch.model import ErrorCode, InputError, NotFoundError, PlanWatchError
from planwatch.model.error_codes import HintTable
from planwatch.web.hints import HINTS as WEB_HINTS

# The params each code's raise sites pass (a template may name no others).
PARAMS: dict[ErrorCode, set[str]] = {
    ErrorCode.PLAN_SINGLE_VERSION: {"plan"},
    ErrorCode.TASK_NOT_FOUND: {"plan"},
    ErrorCode.ASSIGNMENT_NOT_STALE: {"plan"},
    ErrorCode.PROGRESS_NOT_STALE: {"plan"},
    ErrorCode.INDICATOR_NOT_FOUND: {"plan", "close"},
    ErrorCode.INDICATOR_NAME_TAKEN: {"plan", "name"},
    ErrorCode.INDICATOR_NONE_REAL: {"plan"},
    ErrorCode.INDICATOR_SAMPLE_READONLY: {"plan"},
    ErrorCode.PROPOSAL_NOT_FOUND: {"plan"},
    ErrorCode.REPORT_YEAR_OUT_OF_RANGE: {"first", "last"},
}


@pytest.mark.parametrize(("front_end", "table"), [("cli", CLI_HINTS), ("web", WEB_HINTS)])
def test_every_code_is_worded_or_marked_as_needing_none(front_end: str, table: HintTable) -> None:
    assert set(table) == set(ErrorCode), front_end
    for code, template in table.items():
        if template is None:
            continue
        named = {field for _, field, _, _ in string.Formatter().parse(template) if field}
        assert named <= PARAMS.get(code, set()), (front_end, code, named)


def test_only_the_cli_names_commands() -> None:
    assert all("planwatch" not in (t or "") and " --" not in (t or "") for t in WEB_HINTS.values())
    assert any("planwatch" in (t or "") for t in CLI_HINTS.values())


def test_a_front_end_words_the_hint_from_the_params() -> None:
    exc = NotFoundError("没有。", hint="请核对。", code=ErrorCode.PROPOSAL_NOT_FOUND, params={"plan": "大连"})
    assert exc.hint_in(CLI_HINTS) == "运行 `planwatch observe list 大连` 查看编号。"
    assert exc.hint_in(WEB_HINTS) != exc.hint and "planwatch" not in str(exc.hint_in(WEB_HINTS))
    assert str(exc) == "没有。\n处理建议：请核对。"  # the error's own text stays front-end neutral
    missing = NotFoundError("没有。", hint="请核对。", code=ErrorCode.PROPOSAL_NOT_FOUND)
    assert missing.hint_in(CLI_HINTS) == "请核对。"  # a param left out: the own hint, not a crash


def test_each_class_has_its_code() -> None:
    assert PlanWatchError("x").code is ErrorCode.ERROR
    assert InputError("x").code is ErrorCode.INPUT_INVALID
    assert NotFoundError("x").code is ErrorCode.NOT_FOUND
    assert NotFoundError("x", code=ErrorCode.USER_NOT_FOUND).code is ErrorCode.USER_NOT_FOUND
