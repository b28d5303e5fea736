"""A work report's 主要预期目标 become the plan's indicators, and next year's report gives each its
value through ``observe``. Expectations checked by hand against the shared corpus documents:

2023 report (targets for 2023): 国内生产总值增长5%左右；城镇新增就业1200万人左右；城镇调查失业率5.5%左右；
居民消费价格涨幅3%左右；粮食产量保持在1.3万亿斤以上.
2024 report, review of 2023: 国内生产总值…增长5.2%；城镇新增就业1244万人，城镇调查失业率平均为5.2%；
居民消费价格上涨0.2%；粮食产量1.39万亿斤.
2024 report, targets for 2024: the same five, 1200万人以上, and 单位国内生产总值能耗降低2.5%左右; its review of
2023 (国内生产总值126万亿元, 5G用户普及率…) and the plan's second statement of GDP growth
(经济增长预期目标为5%左右) make no indicator.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from planwatch.services.monitoring import observe
from planwatch.services.monitoring.from_quantities import create_from_quantities
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.records import import_analysis, load_plan
from planwatch.settings import Settings
from planwatch.store.engine import transaction
from planwatch.store.monitoring import IndicatorRepository
from strict import missing

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
TARGETS_2023 = {  # name: (unit, target value, target kind)
    "国内生产总值增长": ("%", 5.0, "about"),
    "城镇新增就业": ("万人", 1200.0, "about"),
    "城镇调查失业率": ("%", 5.5, "about"),
    "居民消费价格涨幅": ("%", 3.0, "about"),
    "粮食产量": ("万亿斤", 1.3, "at_least"),
}
VALUES_2023 = {
    "国内生产总值增长": 5.2,
    "城镇新增就业": 1244.0,
    "城镇调查失业率": 5.2,
    "居民消费价格涨幅": 0.2,
    "粮食产量": 1.39,
}
TARGETS_2024 = {**TARGETS_2023, "城镇新增就业": ("万人", 1200.0, "at_least")}
TARGETS_2024["单位国内生产总值能耗降低"] = ("%", 2.5, "about")


def _report(year: int) -> Path:
    path = CORPUS / f"national-government-work-report-{year}.txt"
    if not path.exists():
        missing(f"the shared corpus is not on this machine ({path})")
    return path


def _import(engine: Engine, path: Path) -> tuple[int, list[str]]:
    with transaction(engine) as session:
        plan_id = import_analysis(session, analyze_path(path, Settings())).plan.id
        result = create_from_quantities(session, load_plan(session, str(plan_id)), by="pytest")
        return plan_id, [f"{s.name}：{s.reason}" for s in result.skipped]


def _indicators(engine: Engine, plan_id: int) -> dict[str, object]:
    with transaction(engine) as session:
        return {i.name: i for i in IndicatorRepository(session).indicators(plan_id)}


def test_the_year_s_main_targets_become_indicators_and_past_results_do_not(engine: Engine) -> None:
    plan_id, skipped = _import(engine, _report(2024))
    made = _indicators(engine, plan_id)
    for name, (unit, value, kind) in TARGETS_2024.items():
        ind = made.get(name)
        assert ind is not None, (name, sorted(made))
        assert (ind.unit, ind.target_value, ind.target_kind, ind.target_year) == (unit, value, kind, 2024), (
            name
        )  # type: ignore[attr-defined]
    # last year's results are baselines at most, never targets of 2023
    assert all(i.target_year != 2023 for i in made.values())  # type: ignore[attr-defined]
    assert made["粮食产量"].baseline_value == 1.39 and made["粮食产量"].baseline_year == 2023  # type: ignore[attr-defined]
    for result in ("国内生产总值", "5G用户普及率", "先发行", "启动第二轮土地承包到期后"):
        assert result not in made
    assert "经济增长" not in made
    assert any(s.startswith("经济增长：与指标“国内生产总值增长”是同一目标") for s in skipped), skipped
    assert any("只有往年或上一规划期的实绩" in s for s in skipped)


def test_next_year_s_report_gives_each_target_its_value(engine: Engine) -> None:
    plan_id, _ = _import(engine, _report(2023))
    made = _indicators(engine, plan_id)
    for name, (unit, value, kind) in TARGETS_2023.items():
        ind = made[name]
        assert (ind.unit, ind.target_value, ind.target_kind, ind.target_year) == (unit, value, kind, 2023), (
            name
        )  # type: ignore[attr-defined]
    with transaction(engine) as session:
        observe.run(
            session,
            str(plan_id),
            _report(2024).read_bytes(),
            "national-government-work-report-2024.txt",
            settings=Settings(),
            by="pytest",
            accept_above=0.9,
        )
    with transaction(engine) as session:
        repo = IndicatorRepository(session)
        got = {i.name: {o.period: o.value for o in repo.observations(i.id)} for i in repo.indicators(plan_id)}
    filled = {name: got[name].get("2023") for name in VALUES_2023}
    assert filled == VALUES_2023


@pytest.mark.parametrize("province", ["河南省", "浙江省"])
def test_a_provincial_report_gives_targets_of_its_own_year(engine: Engine, province: str) -> None:
    path = CORPUS / "provinces-2026-dev" / f"{province}.txt"
    if not path.exists():
        missing(f"the shared corpus is not on this machine ({path})")
    plan_id, _ = _import(engine, path)
    made = _indicators(engine, plan_id)
    assert made and all(i.target_value is not None for i in made.values())  # type: ignore[attr-defined]
    assert all(i.target_year >= 2026 for i in made.values())  # type: ignore[attr-defined]
    assert {"城镇新增就业", "居民消费价格涨幅"} <= set(made)
    assert made["城镇新增就业"].target_kind == "at_least" and made["城镇新增就业"].target_year == 2026  # type: ignore[attr-defined]
