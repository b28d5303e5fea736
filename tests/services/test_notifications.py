"""Per-user notifications (issue 6): the inbox of a reporter, a planner and a viewer on a fresh
database, and the e-mail digest delivered to a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from sqlalchemy import Engine

from planwatch.model import PlanWatchError
from planwatch.model.page_ref import PageRef
from planwatch.services.admin import users
from planwatch.services.progress import notifications
from planwatch.services.progress import reporting as progress
from planwatch.services.progress.notifications import Notification
from planwatch.settings import Settings
from planwatch.store.engine import transaction
from progress_setup import MIIT, TASK, import_dalian, submit
from smtp_capture import SmtpCapture, free_port, smtp_capture

PASSWORD = "correct-horse-42"
LATE = date(2031, 3, 1)  # after 2030: every unfinished task due by 2030 is red


def test_inbox_reporter_planner_viewer(engine: Engine) -> None:
    view = import_dalian(engine)
    s = Settings()
    with transaction(engine) as session:
        reporter = users.create_user(session, s, "gxj", PASSWORD, "reporter", department=MIIT)
        planner = users.create_user(session, s, "fgw", PASSWORD, "planner")
        viewer = users.create_user(session, s, "guest", PASSWORD, "viewer")
        statuses = progress.task_progress(session, view, LATE)
        mine = {t.task for t in statuses if t.lead == MIIT or MIIT in t.cooperating}
        other = next(t.task for t in statuses if t.lead and t.task not in mine)
        assert TASK in mine
        # the reporter's report is returned; another unit's report waits for review
        submit(session, view, "2026Q1", 30, narrative="开展调研", evidence=["a.pdf"], by="gxj")
        progress.review(session, view, TASK, "2026Q1", False, "请补充数据", "fgw")
        submit(session, view, "2026Q1", 50, task=other, narrative="过半", by="other")

    with transaction(engine) as session:
        got = notifications.inbox(session, view, reporter, LATE)
        planned = notifications.inbox(session, view, planner, LATE)
        assert notifications.inbox(session, view, viewer, LATE) == []

    # reporter: its returned report first, then warnings only for its own tasks
    assert got[0].kind == "returned" and got[0].task_key == TASK
    assert "请补充数据" in got[0].body and "退回" in got[0].title
    assert got[0].page == PageRef.to("task", plan=view.plan.id, task=TASK)
    assert got[0].page.path() == f"/plans/{view.plan.id}/tasks/{TASK}"
    assert {n.kind for n in got} == {"returned", "remind", "warning"}
    # one 催报 reminder gathers the unit's led tasks with an overdue report (2030Q4, due 2031-01-15)
    (remind,) = [n for n in got if n.kind == "remind"]
    led = [t for t in statuses if t.lead == MIIT]
    assert remind.title == f"催报：{MIIT}牵头的 {len(led)} 项任务进展逾期未报送"
    assert remind.body.startswith("2030Q4 进展报告已过报送期限") and TASK in remind.body
    assert remind.page.path() == f"/plans/{view.plan.id}/monitoring/warnings"
    assert {n.task_key for n in got} <= mine
    assert any(n.kind == "warning" and n.task_key == TASK and n.level == "red" for n in got)
    assert not any(n.kind == "review" for n in got)

    # planner: the submitted report to review, and red warnings of every unit; no returned items
    reviews = [n for n in planned if n.kind == "review"]
    assert [n.task_key for n in reviews] == [other]
    assert "待审核" in reviews[0].title and "50%" in reviews[0].body
    warned = [n for n in planned if n.kind == "warning"]
    assert warned and all(n.level == "red" for n in warned)
    assert {n.task_key for n in warned} - mine  # not limited to one department
    assert not any(n.kind == "returned" for n in planned)

    # before anything is due, the reporter only has the returned report
    with transaction(engine) as session:
        early = notifications.inbox(session, view, reporter, date(2026, 2, 1))
    assert [n.kind for n in early if n.kind != "warning"] == ["returned"]


@pytest.fixture
def smtp_server() -> Iterator[tuple[SmtpCapture, int]]:
    with smtp_capture() as server:
        yield server


NOTES = [
    Notification(
        "returned",
        None,
        TASK,
        "进展报告被退回：任务 p3.a6.t1（2026Q1）",
        "请补充数据。",
        PageRef.to("task", plan=1, task="p3.a6.t1"),
    ),
    Notification(
        "warning",
        "red",
        "p3.a7.t1",
        "红色预警：任务 p3.a7.t1",
        "已超过完成时限。",
        PageRef.to("task", plan=1, task="p3.a7.t1"),
    ),
]


def test_send_digest_to_a_real_smtp_server(smtp_server: tuple[SmtpCapture, int]) -> None:
    handler, port = smtp_server
    s = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_from="监测平台 <planwatch@example.org>")
    notifications.send_digest(s, "gxj@example.org", NOTES)
    assert len(handler.messages) == 1
    sender, rcpts, raw = handler.messages[0]
    assert sender == "planwatch@example.org" and rcpts == ["gxj@example.org"]
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    assert msg["Subject"] == "PlanWatch 提醒：预警 1 项，已退回 1 项"
    assert str(msg["From"]) == "监测平台 <planwatch@example.org>"
    part = msg.get_body(("plain",))
    assert part is not None and part.get_content_charset() == "utf-8"
    text = part.get_content()
    assert "您有 2 项提醒" in text and "红色预警：任务 p3.a7.t1" in text and "请补充数据。" in text
    assert "链接：/plans/1/tasks/p3.a6.t1" in text


def test_unreachable_smtp_server_gives_a_chinese_error() -> None:
    s = Settings(smtp_host="127.0.0.1", smtp_port=free_port())  # nothing listens there
    with pytest.raises(PlanWatchError, match="无法连接邮件服务器"):
        notifications.send_digest(s, "gxj@example.org", NOTES)


def test_smtp_not_configured_or_bad_address() -> None:
    with pytest.raises(PlanWatchError, match="未配置邮件服务器"):
        notifications.send_digest(Settings(smtp_host=""), "gxj@example.org", NOTES)
    with pytest.raises(PlanWatchError, match="收件地址"):
        notifications.send_digest(Settings(smtp_host="127.0.0.1"), "nobody", NOTES)
