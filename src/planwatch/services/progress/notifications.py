"""Per-user notifications (issue 6): warnings and items to review, computed on demand (no table),
and an optional e-mail digest through SMTP.

* A reporter sees the pace warnings of tasks its department leads or co-operates on, its
  department's reports that were returned for rework, and one 催报 reminder gathering the tasks it
  leads whose quarterly report is overdue (a task never reported on is 未报送, not a pace warning).
* A planner or admin sees the submitted reports awaiting review, the red warnings, and the reports
  it submitted itself that were returned, and the 调整申请 (reporters' requests to change a task's
  units) awaiting a decision.
* A reporter also sees its own 调整申请 that a planner approved or rejected (with the comment) in
  the last ``adjustments.RESULT_DAYS`` days.
* A viewer (or an inactive user) sees nothing.
* ``inbox_all`` gathers a user's notifications over every plan (the latest version of each).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage

from sqlalchemy.orm import Session

from planwatch.model import PlanWatchError, ProgressReport, User
from planwatch.model.monitoring import WARNING_COLOURS, WarningLevel
from planwatch.model.page_ref import PageRef
from planwatch.services import memo
from planwatch.services.division import adjustments
from planwatch.services.plans.records import PlanView, list_plans, load_plan
from planwatch.services.progress import pace
from planwatch.services.progress.reporting import TaskStatus, task_progress
from planwatch.settings import Settings
from planwatch.store.assignment_requests import APPROVED, AssignmentRequest
from planwatch.store.progress import ProgressRepository

KINDS = ("warning", "review", "returned", "remind", "request", "request_result")
KIND_NAMES = {
    "warning": "预警",
    "review": "待审核",
    "returned": "已退回",
    "remind": pace.REMINDER,
    "request": "调整申请",
    "request_result": "申请结果",
}
_LEVEL_ORDER: dict[WarningLevel | None, int] = {pace.RED: 0, pace.YELLOW: 1, pace.BLUE: 2, None: 3}
_KIND_ORDER = {"returned": 0, "request_result": 0, "review": 1, "request": 1, "remind": 2, "warning": 3}
SMTP_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Notification:
    kind: str  # KINDS
    level: WarningLevel | None  # None for review and returned items
    task_key: str
    title: str  # Chinese, one line
    body: str  # Chinese
    page: PageRef  # the task's page; 催报: the warnings page; 调整申请: its row on the review page


TITLE_CHARS = 20  # a task named in a title: its first words, the id beside it


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _named(text: str, key: str, *also: str) -> str:
    """A task as a title names it: its first words, then its id (and ``also``) in brackets."""
    return f"{_short(text, TITLE_CHARS)}（{'，'.join((key, *also))}）"


def _note(
    view: PlanView,
    kind: str,
    task_key: str,
    title: str,
    body: str,
    *,
    level: WarningLevel | None = None,
    page: PageRef | None = None,
) -> Notification:
    """A notification about ``task_key``, pointing to the task's page unless ``page`` is given."""
    return Notification(
        kind, level, task_key, title, body, page or PageRef.to("task", plan=view.plan.id, task=task_key)
    )


def _warning(view: PlanView, t: TaskStatus) -> Notification:
    assert t.warning is not None
    level = t.warning.level
    title = f"{WARNING_COLOURS[level]}预警：{_named(t.text, t.task)}"
    return _note(view, "warning", t.task, title, f"{_short(t.text)}——{t.warning.reason}", level=level)


def _remind(view: PlanView, unit: str, late: list[TaskStatus]) -> Notification:
    """One reminder for every task the unit leads whose report is overdue (催报)."""
    periods = sorted({t.reporting.period for t in late if t.reporting is not None})
    keys = "、".join(_named(t.text, t.task) for t in late[:5])
    keys += f" 等 {len(late)} 项" if len(late) > 5 else ""
    return _note(
        view,
        "remind",
        late[0].task,
        f"{pace.REMINDER}：{unit}牵头的 {len(late)} 项任务进展逾期未报送",
        f"{'、'.join(periods)} 进展报告已过报送期限，请尽快填报：{keys}。",
        page=PageRef.to("monitoring_warnings", plan=view.plan.id),
    )


def _report_note(view: PlanView, r: ProgressReport, text: str) -> Notification:
    if r.status == "returned":
        comment = f"退回意见：{r.review_comment}" if r.review_comment else "请修改后重新填报"
        title = f"进展报告被退回：{_named(text, r.task_key, r.period)}"
        return _note(view, "returned", r.task_key, title, f"{_short(text)}——{comment}。")
    close = "，申请销号" if r.closes_task else ""
    title = f"待审核进展报告：{_named(text, r.task_key, r.period)}"
    body = f"{_short(text)}——{r.submitted_by or '未知'}填报：{r.state}，{r.percent:g}%{close}。"
    return _note(view, "review", r.task_key, title, body)


def _units(lead: str | None, cooperating: tuple[str, ...] | None) -> str:
    parts = []
    if lead:
        parts.append(f"牵头 {lead}")
    if cooperating is not None:
        parts.append("配合 " + ("、".join(cooperating) or "（无）"))
    return "，".join(parts) or "调整分工"


def _request_note(view: PlanView, r: AssignmentRequest) -> Notification:
    return _note(
        view,
        "request",
        r.task_key,
        f"调整申请：{_short(r.task_text, 30)}",
        f"{r.requested_by}申请{_units(r.lead, r.cooperating)}——理由：{r.reason}",
        page=PageRef.to("reviews", fragment=f"request-{r.id}", plan=view.plan.id),
    )


def _request_result(view: PlanView, r: AssignmentRequest) -> Notification:
    verdict = "已批准" if r.status == APPROVED else "被驳回"
    comment = f"审核意见：{r.comment}" if r.comment else "已按申请调整"
    body = f"您申请{_units(r.lead, r.cooperating)}，{r.decided_by}{verdict.removeprefix('被')}——{comment}。"
    return _note(view, "request_result", r.task_key, f"调整申请{verdict}：{_short(r.task_text, 30)}", body)


def _sort_key(n: Notification) -> tuple[int, int, str]:
    return (_KIND_ORDER[n.kind], _LEVEL_ORDER.get(n.level, 3), n.task_key)


def inbox(session: Session, view: PlanView, user: User, today: date | None = None) -> list[Notification]:
    """The user's notifications for the plan version on ``today``: returned reports first, then
    reports awaiting review, then warnings (red first)."""
    if not user.active or user.role not in ("admin", "planner", "reporter"):
        return []
    if user.role == "reporter" and not user.department:
        return []
    statuses = task_progress(session, view, today)
    texts = {t.task: t.text for t in statuses}
    reports = ProgressRepository(session).current_by_period(view.plan.id, tasks=view.analysis.tasks).values()
    found: list[Notification] = []
    if user.role == "reporter":
        mine = {t.task for t in statuses if user.can_edit_task(t.lead, t.cooperating)}
        found += [_warning(view, t) for t in statuses if t.task in mine and t.warning is not None]
        late = [
            t
            for t in statuses
            if t.lead == user.department and t.reporting is not None and t.reporting.overdue
        ]
        if late and user.department:
            found.append(_remind(view, user.department, late))
        found += [
            _report_note(view, r, texts.get(r.task_key, ""))
            for r in reports
            if r.status == "returned" and r.task_key in mine
        ]
        found += [_request_result(view, r) for r in adjustments.recent_results(session, view, user)]
    else:
        found += [_request_note(view, r) for r in adjustments.pending(session, view)]
        found += [
            _warning(view, t) for t in statuses if t.warning is not None and t.warning.level == pace.RED
        ]
        found += [
            _report_note(view, r, texts.get(r.task_key, ""))
            for r in reports
            if r.task_key in texts
            and (r.status == "submitted" or (r.status == "returned" and r.submitted_by == user.username))
        ]
    return sorted(found, key=_sort_key)


@dataclass(frozen=True, slots=True)
class PlanNotification:
    plan_id: int
    plan_name: str
    notification: Notification


def inbox_all(session: Session, user: User, today: date | None = None) -> list[PlanNotification]:
    """The user's notifications over every stored plan, plan by plan. Computed once per change
    revision and user (every page polls the count: services.memo); the list is the caller's."""
    key = (user, today)
    return list(memo.cached(session, "inbox_all", key, lambda: _inbox_all(session, user, today)))


def _inbox_all(session: Session, user: User, today: date | None) -> list[PlanNotification]:
    if not user.active or user.role not in ("admin", "planner", "reporter"):
        return []
    found: list[PlanNotification] = []
    for info in list_plans(session):
        view = load_plan(session, str(info.id))
        found += [PlanNotification(info.id, info.name, n) for n in inbox(session, view, user, today)]
    return found


def digest_subject(notifications: list[Notification] | tuple[Notification, ...]) -> str:
    counts = {k: sum(1 for n in notifications if n.kind == k) for k in KINDS}
    parts = [f"{KIND_NAMES[k]} {counts[k]} 项" for k in KINDS if counts[k]]
    return "PlanWatch 提醒：" + ("，".join(parts) if parts else "暂无待办事项")


def digest_body(notifications: list[Notification] | tuple[Notification, ...]) -> str:
    if not notifications:
        return "您目前没有预警或待处理事项。\n"
    lines = [f"您有 {len(notifications)} 项提醒：", ""]
    for i, n in enumerate(notifications, 1):
        lines += [f"{i}. {n.title}", f"   {n.body}", f"   链接：{n.page.path()}", ""]
    return "\n".join(lines)


def smtp_configured(settings: Settings) -> bool:
    return bool(settings.smtp_host)


def send_digest(
    settings: Settings, user_email: str, notifications: list[Notification] | tuple[Notification, ...]
) -> None:
    """E-mail the notifications as one UTF-8 message through the configured SMTP server."""
    if not settings.smtp_host:
        raise PlanWatchError(
            "未配置邮件服务器，无法发送邮件。", hint="请设置 PLANWATCH_SMTP_HOST（及端口、发件人等）。"
        )
    to = user_email.strip()
    if "@" not in to or any(c in to for c in "\r\n"):
        raise PlanWatchError(f"收件地址“{user_email}”无效。", hint="请填写形如 name@example.com 的地址。")
    msg = EmailMessage()
    msg["Subject"] = digest_subject(notifications)
    msg["From"] = settings.smtp_from or str(Address("PlanWatch", addr_spec=f"planwatch@{settings.smtp_host}"))
    msg["To"] = to
    msg.set_content(digest_body(notifications), charset="utf-8")
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise PlanWatchError(
            f"邮件服务器拒绝登录（{exc.smtp_code}）。", where=where, hint="请检查 SMTP 用户名和密码。"
        ) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise PlanWatchError(f"邮件服务器拒绝收件人“{to}”。", where=where) from exc
    except smtplib.SMTPResponseException as exc:
        error = exc.smtp_error
        reason = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
        raise PlanWatchError(f"邮件服务器拒绝了邮件（{exc.smtp_code}）：{reason}", where=where) from exc
    except smtplib.SMTPException as exc:
        raise PlanWatchError(f"邮件发送失败：{exc}", where=where) from exc
    except OSError as exc:
        raise PlanWatchError(
            f"无法连接邮件服务器：{exc.strerror or exc}",
            where=where,
            hint="请检查 PLANWATCH_SMTP_HOST 和 PLANWATCH_SMTP_PORT，以及服务器是否在运行。",
        ) from exc


__all__ = [
    "KINDS",
    "Notification",
    "PlanNotification",
    "digest_body",
    "digest_subject",
    "inbox",
    "inbox_all",
    "send_digest",
    "smtp_configured",
]
