"""示例数据 (issue 6): the shipped demo data set — a few Dalian indicators with made-up values
(``monitoring.sample.load_sample``) and made-up progress reports on about twenty Dalian tasks — loaded and
removed in one go, so a new user sees charts, warnings and the review workflow at once.

* Every row is marked ``sample`` and every narrative starts with “【示例数据】”; removing deletes
  exactly the sample rows, real data stays as it was.
* Sample reports are never mixed with real ones: a task that already has a real report gets none.
* Tasks are found by article label and a fragment of their text (``data/sample/progress.yaml``), not
  by task id, which changes when extraction changes; a fragment that no longer finds exactly one
  task is skipped with a warning.
* Loading twice changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from importlib import resources
from typing import Any, Literal

import yaml
from sqlalchemy.orm import Session

from planwatch.model import Analysis, InputError, ProgressReport, Task, User
from planwatch.model.monitoring import TASK_STATES
from planwatch.services.admin import audit
from planwatch.services.monitoring import sample as indicator_sample
from planwatch.services.monitoring.indicators import list_indicators
from planwatch.services.plans.records import PlanView, find_plan, load_plan
from planwatch.services.progress import pace
from planwatch.store import progress_sample
from planwatch.store.progress import ProgressRepository

SAMPLE_LABEL = indicator_sample.SAMPLE_LABEL
NARRATIVE_PREFIX = f"【{SAMPLE_LABEL}】"
PROGRESS_FILE = ("data", "sample", "progress.yaml")
REVIEWS: tuple[Literal["approved", "returned", "pending"], ...] = ("approved", "returned", "pending")
_PARENS = str.maketrans({"（": "(", "）": ")", " ": "", "\u3000": ""})


@dataclass(frozen=True, slots=True)
class ProgressSampleResult:
    tasks: int  # tasks that got sample reports
    reports: int  # rows written (each submission and each review is a row)
    skipped: tuple[str, ...] = ()  # Chinese, one line per entry not loaded
    already: bool = False


@dataclass(frozen=True, slots=True)
class SampleResult:
    indicators: indicator_sample.SampleResult
    progress: ProgressSampleResult


@dataclass(frozen=True, slots=True)
class SampleRemoval:
    indicators: int
    observations: int
    reports: int
    names: tuple[str, ...] = field(default=())


def _spec(text: str | None = None) -> Mapping[str, Any]:
    raw = (
        text if text is not None else resources.files("planwatch").joinpath(*PROGRESS_FILE).read_text("utf-8")
    )
    data = yaml.safe_load(raw)
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        raise InputError(
            "示例进展数据文件格式无效：缺少 tasks 列表。", hint="请检查 data/sample/progress.yaml。"
        )
    return data


def _label(text: str) -> str:
    return str(text).translate(_PARENS)


def resolve_task(analysis: Analysis, article: str, fragment: str) -> Task | str:
    """The one task under the node labelled ``article`` (an article “(7)” or a part “三”) whose text
    contains ``fragment``; otherwise a Chinese explanation of why none was chosen."""
    want = _label(article)
    nodes = [n for n in analysis.outline if n.kind in ("article", "part") and _label(n.label) == want]
    where = f"第{article}条" if want.startswith("(") else f"第{article}部分"
    if not nodes:
        return f"{where}：文中没有这个编号，已跳过“{fragment}”"
    node = min(nodes, key=lambda n: n.kind != "article")
    under = {node.id}
    for n in analysis.outline:  # outline order puts parents first
        if n.parent in under:
            under.add(n.id)
    found = [t for t in analysis.tasks if t.node in under and fragment in t.text]
    if not found:
        return f"{where}：没有含“{fragment}”的任务，已跳过"
    if len(found) > 1:
        keys = "、".join(t.id for t in found)
        return f"{where}：含“{fragment}”的任务不止一个（{keys}），已跳过"
    return found[0]


def _period(value: Any) -> str:
    text = str(value).strip().upper()
    if re.fullmatch(r"\d{4}Q[1-4]", text) is None:
        raise InputError(f"示例进展数据中的填报期“{value}”无效。", hint="请写成 2026Q3 这样的季度。")
    return text


def _moment(period: str, days_after: int, now: datetime) -> datetime:
    """A plausible time for a step: some days after the quarter ends, never in the future."""
    year, quarter = pace.parse_period(period)
    end = pace.report_deadline((year, quarter), grace_days=0)
    return min(datetime.combine(end + timedelta(days=days_after), time(9, 30), tzinfo=UTC), now)


def _rows(spec: Mapping[str, Any], task: Task, plan_id: int, now: datetime) -> list[ProgressReport]:
    """The report rows of one sample task, in the order they would have been written."""
    who = str(spec.get("submitted_by") or "示例填报人")
    reviewer = str(spec.get("reviewed_by") or "示例审核人")
    rows: list[ProgressReport] = []
    for step in spec["steps"]:
        period = _period(step["period"])
        state = str(step["state"])
        review = str(step.get("review", "pending"))
        if state not in TASK_STATES or review not in REVIEWS:
            raise InputError(
                f"示例进展数据中任务“{task.id}”的状态“{state}”或审核结果“{review}”无效。",
                hint="状态可选：" + "、".join(TASK_STATES) + "；审核结果可选：" + "、".join(REVIEWS) + "。",
            )
        submitted = ProgressReport(
            id=0,
            plan_id=plan_id,
            task_key=task.id,
            period=period,
            state=state,
            percent=float(step["percent"]),
            narrative=NARRATIVE_PREFIX + str(step.get("narrative", "")).strip(),
            evidence=tuple(str(e) for e in step.get("evidence") or ()),
            status="submitted",
            submitted_by=who,
            submitted_at=_moment(period, 5 + 2 * len(rows), now),
            closes_task=bool(step.get("close", False)),
            sample=True,
        )
        rows.append(submitted)
        if review == "pending":
            continue
        comment = step.get("comment")
        rows.append(
            replace(
                submitted,
                status=review,
                reviewed_by=reviewer,
                reviewed_at=_moment(period, 8 + 2 * len(rows), now),
                review_comment=str(comment).strip() if comment else None,
            )
        )
    return rows


def load_progress_sample(
    session: Session, view: PlanView, *, by: User | str | None, spec_text: str | None = None
) -> ProgressSampleResult:
    """Load the sample progress reports into the plan (``spec_text``: the YAML, for tests)."""
    plan_id = view.plan.id
    have, _ = progress_sample.count_sample(session, plan_id)
    if have:
        return ProgressSampleResult(0, 0, already=True)
    data = _spec(spec_text)
    real = progress_sample.real_task_keys(session, plan_id)
    repo = ProgressRepository(session)
    now = datetime.now(UTC)
    skipped: list[str] = []
    done: list[str] = []
    written = 0
    for entry in data["tasks"]:
        found = resolve_task(view.analysis, str(entry.get("article", "")), str(entry.get("text", "")))
        if isinstance(found, str):
            skipped.append(found)
            continue
        if found.id in real:
            skipped.append(f"任务 {found.id} 已有真实进展报告，示例数据不与真实数据混合，已跳过")
            continue
        if found.id in done:
            skipped.append(f"任务 {found.id} 在示例数据中出现两次，只加载第一次")
            continue
        for row in _rows({**data, **entry}, found, plan_id, now):
            repo.add(row, task_text=found.text)
            written += 1
        done.append(found.id)
    audit.record(
        session,
        by,
        "progress.sample",
        f"plan:{plan_id}/sample",
        None,
        {"tasks": done, "reports": written, "skipped": skipped},
    )
    return ProgressSampleResult(len(done), written, tuple(skipped))


def load_all(session: Session, plan_ref: str, *, by: User | str | None) -> SampleResult:
    """Every part of the sample data set: indicators with values, and task progress reports."""
    view = load_plan(session, plan_ref)
    ind = indicator_sample.load_sample(session, view.plan, by=by)
    return SampleResult(ind, load_progress_sample(session, view, by=by))


def remove_progress_sample(session: Session, plan_id: int, *, by: User | str | None) -> int:
    """Delete exactly the plan's sample progress reports; returns how many rows."""
    removed = progress_sample.delete_sample(session, plan_id)
    if removed:
        audit.record(
            session, by, "progress.sample_remove", f"plan:{plan_id}/sample", {"reports": removed}, None
        )
    return removed


def remove_all(session: Session, plan_ref: str, *, by: User | str | None) -> SampleRemoval:
    """Delete every 示例数据 row of the plan (indicators, their values, progress reports)."""
    plan = find_plan(session, plan_ref)
    ind = indicator_sample.remove_sample(session, plan, by=by)
    reports = remove_progress_sample(session, plan.id, by=by)
    return SampleRemoval(ind.indicators, ind.observations, reports, ind.names)


def sample_counts(session: Session, plan_ref: str) -> dict[str, int]:
    """How much 示例数据 the plan holds now."""
    plan = find_plan(session, plan_ref)
    n_ind = sum(1 for v in list_indicators(session, plan, sample=True))
    rows, tasks = progress_sample.count_sample(session, plan.id)
    return {"indicators": n_ind, "reports": rows, "tasks": tasks}
