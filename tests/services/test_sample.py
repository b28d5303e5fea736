"""示例数据 (issue 6): the shipped sample set of indicators and task progress reports, loaded and
removed in one go, never mixed with real data; tasks found by article label + text fragment.
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, select

from planwatch.model import InputError, Task
from planwatch.services.plans import sample
from planwatch.services.progress import reporting as progress
from planwatch.store.engine import transaction
from planwatch.store.progress import ProgressRepository
from planwatch.store.tables import AuditRow
from progress_setup import dalian_analysis, import_dalian

# the sample entries by kind, as (article, fragment) in data/sample/progress.yaml
LAGGING_SELF = (("(26)", "东北亚国际航运中心"), ("(55)", "木改钢"))  # reported 滞后
CLOSED = ("(59)", "完善仲裁制度")
RETURNED_ONLY = ("(44)", "扩大普通高中办学资源")
RETURNED_AFTER_APPROVED = ("(48)", "实施城市更新行动")
PENDING = (("(16)", "邮轮旅游中心"), ("(27)", "跨境电商"), ("(50)", "水源地保护与污水收集处理"))


def _task(article: str, fragment: str) -> Task:
    found = sample.resolve_task(dalian_analysis(), article, fragment)
    assert isinstance(found, Task), found
    return found


def test_resolve_task_by_article_and_fragment() -> None:
    analysis = dalian_analysis()
    task = _task("(7)", "半导体与集成电路")
    assert task.node == "p3.a7" and "半导体与集成电路" in task.text
    assert _task("（7）", "半导体与集成电路") == task  # full-width brackets as printed
    assert "没有这个编号" in str(sample.resolve_task(analysis, "(999)", "半导体"))
    assert "没有含“量子引力”的任务" in str(sample.resolve_task(analysis, "(7)", "量子引力"))
    ambiguous = sample.resolve_task(analysis, "(7)", "产业")
    assert isinstance(ambiguous, str) and "不止一个" in ambiguous
    part = sample.resolve_task(analysis, "三", "实体经济上")  # a part's own task
    assert isinstance(part, Task) and part.node == "p3"


def test_load_labels_every_row_and_loading_twice_changes_nothing(engine: Engine) -> None:
    view = import_dalian(engine)
    plan = str(view.plan.id)
    with transaction(engine) as session:
        loaded = sample.load_all(session, plan, by="pytest")
    assert loaded.indicators.indicators > 0 and not loaded.progress.already
    assert loaded.progress.skipped == ()
    assert loaded.progress.tasks == 20  # every entry of progress.yaml found its task
    with transaction(engine) as session:
        rows = ProgressRepository(session).history(view.plan.id)
        assert len(rows) == loaded.progress.reports
        assert all(r.sample and r.narrative.startswith("【示例数据】") for r in rows)
        again = sample.load_all(session, plan, by="pytest")
        assert again.progress.already and again.indicators.already
        assert len(ProgressRepository(session).history(view.plan.id)) == len(rows)
        assert sample.sample_counts(session, plan) == {
            "indicators": loaded.indicators.indicators,
            "reports": len(rows),
            "tasks": 20,
        }

        statuses = {t.task: t for t in progress.task_progress(session, view, date(2027, 3, 31))}
        closed = statuses[_task(*CLOSED).id]
        assert closed.closed and closed.state == "已完成" and closed.reporting is None
        assert closed.report is not None and closed.report.evidence  # 销号 with evidence, approved
        for article, text in LAGGING_SELF:
            t = statuses[_task(article, text).id]
            assert (
                t.warning is not None
                and t.warning.level == "yellow"
                and "填报状态为“滞后”" in t.warning.reason
            )
            assert t.report is not None and t.report.status == "approved" and len(t.report.narrative) > 20
        only_returned = statuses[_task(*RETURNED_ONLY).id]
        assert only_returned.state == "未报送" and only_returned.warning is None
        current = ProgressRepository(session).current_by_period(view.plan.id)
        returned = current[(_task(*RETURNED_AFTER_APPROVED).id, "2026Q3")]
        assert returned.status == "returned" and returned.review_comment
        assert statuses[returned.task_key].report is not None  # the approved 2026Q2 report stands
        for article, text in PENDING:
            assert current[(_task(article, text).id, "2026Q3")].status == "submitted"
        # 20 sample tasks; the one with only a returned report is still 未报送
        unreported = sum(1 for t in statuses.values() if t.state == "未报送")
        assert unreported == len(view.analysis.tasks) - 19


def test_sample_is_never_mixed_with_real_reports_and_remove_deletes_only_samples(engine: Engine) -> None:
    view = import_dalian(engine)
    plan = str(view.plan.id)
    real_task = _task("(7)", "半导体与集成电路").id
    with transaction(engine) as session:
        progress.submit_report(
            session,
            view,
            progress.ReportDraft(
                task_key=real_task,
                period="2026Q3",
                state="推进中",
                percent=33,
                narrative="真实报告",
                evidence=[],
            ),
            by="工信局",
        )
        loaded = sample.load_all(session, plan, by="pytest")
    assert loaded.progress.tasks == 19
    assert any(real_task in s and "真实" in s for s in loaded.progress.skipped)
    with transaction(engine) as session:
        mine = ProgressRepository(session).history(view.plan.id, real_task)
        assert [(r.sample, r.narrative) for r in mine] == [(False, "真实报告")]
        removed = sample.remove_all(session, plan, by="pytest")
    assert removed.reports == loaded.progress.reports and removed.indicators == loaded.indicators.indicators
    with transaction(engine) as session:
        left = ProgressRepository(session).history(view.plan.id)
        assert [(r.task_key, r.sample) for r in left] == [(real_task, False)]
        assert sample.sample_counts(session, plan) == {"indicators": 0, "reports": 0, "tasks": 0}
        actions = set(session.scalars(select(AuditRow.action)))
        assert {"progress.sample", "progress.sample_remove", "indicator.sample_remove"} <= actions
        again = sample.remove_all(session, plan, by="pytest")
        assert (again.reports, again.indicators) == (0, 0)


def test_a_fragment_that_no_longer_matches_is_skipped_not_fatal(engine: Engine) -> None:
    view = import_dalian(engine)
    spec = """
tasks:
  - article: "(7)"
    text: 这段文字已不在规划中
    steps: [{period: 2026Q1, state: 推进中, percent: 10, review: approved}]
  - article: "(7)"
    text: 产业
    steps: [{period: 2026Q1, state: 推进中, percent: 10, review: approved}]
  - article: "(7)"
    text: 半导体与集成电路
    steps:
      - {period: 2026Q1, state: 推进中, percent: 10, narrative: 一, review: returned, comment: 请补充}
      - {period: 2026Q1, state: 推进中, percent: 12, narrative: 二, review: pending}
"""
    with transaction(engine) as session:
        result = sample.load_progress_sample(session, view, by="pytest", spec_text=spec)
        rows = ProgressRepository(session).history(view.plan.id)
    assert (result.tasks, result.reports) == (1, 3)
    assert len(result.skipped) == 2 and "没有含" in result.skipped[0] and "不止一个" in result.skipped[1]
    assert [(r.status, r.percent, r.review_comment) for r in rows] == [
        ("submitted", 10, None),
        ("returned", 10, "请补充"),
        ("submitted", 12, None),
    ]
    assert rows[0].submitted_at < rows[1].reviewed_at  # type: ignore[operator]


def test_bad_sample_spec_is_an_input_error(engine: Engine) -> None:
    view = import_dalian(engine)
    with transaction(engine) as session, pytest.raises(InputError, match="填报期"):
        sample.load_progress_sample(
            session,
            view,
            by="pytest",
            spec_text='tasks: [{article: "(7)", text: 半导体与集成电路, steps: [{period: 2026-07, state: 推进中, '
            "percent: 1}]}]",
        )
