"""``planwatch notify`` as a user runs it: real processes on a real SQLite file, the digest delivered
to a real local SMTP server (aiosmtpd) started in the test."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest

from cli_inprocess import run_planwatch
from smtp_capture import SmtpCapture, free_port, smtp_capture

TASK = "p3.a6.t1"  # led by 大连市工业和信息化局
MIIT = "大连市工业和信息化局"
DAY = ("--today", "2027-03-31")  # 2026Q4 reports were due by 2027-01-15


def _run(*args: str, stdin: str | None = None, **env_extra: str) -> subprocess.CompletedProcess[str]:
    return run_planwatch(*args, env=env_extra, input=stdin)


@pytest.fixture(scope="module")
def db(session_db_url: Callable[[str], str]) -> tuple[str, str]:
    """A database with the Dalian plan, a reporter of 工信局 whose report was returned, and a planner."""
    opt = ("--db", session_db_url("notify"))
    assert _run("import", *opt).returncode == 0
    r = _run(
        "users", "add", "gxj", "-r", "reporter", "-d", MIIT, "--password-stdin", *opt, stdin="pw-gxj-12345\n"
    )
    assert r.returncode == 0, r.stderr
    r = _run("users", "add", "fgw", "-r", "planner", "--password-stdin", *opt, stdin="pw-fgw-12345\n")
    assert r.returncode == 0, r.stderr
    r = _run("progress", "submit", "1", TASK, "--state", "推进中", "--percent", "20", "--period", "2026Q4",
             "--narrative", "开展调研", "--user", "gxj", *opt)  # fmt: skip
    assert r.returncode == 0, r.stderr
    r = _run(
        "progress", "review", "1", TASK, "--period", "2026Q4", "--return", "--comment", "请补充数据", *opt
    )
    assert r.returncode == 0, r.stderr
    return opt


def test_inbox_in_text_and_json(db: tuple[str, str]) -> None:
    r = _run("notify", "list", "1", "--user", "gxj", *DAY, *db)
    assert r.returncode == 0, r.stderr
    # The heading names the task by its words, the id and period beside them.
    assert "进展报告被退回：围绕国家重大生产力布局" in r.stdout and f"（{TASK}，2026Q4）" in r.stdout
    assert "请补充数据" in r.stdout
    assert f"催报：{MIIT}牵头的" in r.stdout
    assert "黄色预警" not in r.stdout  # nothing reported is 未报送, not behind pace

    r = _run("notify", "list", "1", "--user", "gxj", *DAY, "--format", "json", *db)
    assert r.returncode == 0, r.stderr
    assert "\\u" not in r.stdout and "催报" in r.stdout  # UTF-8, not escaped
    doc: dict[str, Any] = json.loads(r.stdout)
    assert doc["user"] == "gxj" and doc["today"] == "2027-03-31" and doc["plan"]["id"] == 1
    kinds = [i["kind"] for i in doc["items"]]
    assert kinds == ["returned", "remind"]  # returned first; no pace warnings for unreported tasks
    assert doc["count"] == 2 and doc["counts"]["returned"] == 1 and doc["counts"]["remind"] == 1
    returned = doc["items"][0]
    assert returned["task"] == TASK and returned["link"] == f"/plans/1/tasks/{TASK}"
    assert returned["kind_name"] == "已退回" and "请补充数据" in returned["body"]
    assert doc["items"][1]["link"] == "/plans/1/monitoring/warnings"

    r = _run("notify", "list", "1", "--user", "fgw", *DAY, "--format", "json", *db)
    planner = json.loads(r.stdout)
    assert planner["items"] == []  # the returned report is not the planner's to review

    r = _run("notify", "list", "1", "--user", "gxj", "--format", "xml", *db)
    assert r.returncode == 2 and "不支持的输出格式" in r.stderr


@pytest.fixture
def smtp_server() -> Iterator[tuple[SmtpCapture, int]]:
    with smtp_capture() as server:
        yield server


def test_digest_is_delivered_to_a_local_smtp_server(
    db: tuple[str, str], smtp_server: tuple[SmtpCapture, int]
) -> None:
    handler, port = smtp_server
    smtp = {
        "PLANWATCH_SMTP_HOST": "127.0.0.1",
        "PLANWATCH_SMTP_PORT": str(port),
        "PLANWATCH_SMTP_FROM": "监测平台 <planwatch@example.org>",
    }
    r = _run("notify", "send", "1", "--user", "gxj", "--to", "gxj@example.org", *DAY, *db, **smtp)
    assert r.returncode == 0, r.stderr
    assert "已向 gxj@example.org 发送 2 项提醒" in r.stdout
    assert len(handler.messages) == 1
    sender, rcpts, raw = handler.messages[0]
    assert sender == "planwatch@example.org" and rcpts == ["gxj@example.org"]
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    assert msg["Subject"] == "PlanWatch 提醒：已退回 1 项，催报 1 项"
    assert str(msg["To"]) == "gxj@example.org"
    part = msg.get_body(("plain",))
    assert part is not None and part.get_content_charset() == "utf-8"
    body = part.get_content()
    assert "您有 2 项提醒" in body and "进展报告被退回：围绕国家重大生产力布局" in body
    assert f"（{TASK}，2026Q4）" in body
    assert "退回意见：请补充数据" in body and f"链接：/plans/1/tasks/{TASK}" in body

    r = _run("notify", "send", "1", "--user", "gxj", "--to", "b@example.org", *DAY, "-f", "json", *db, **smtp)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["sent"] is True and doc["to"] == "b@example.org" and doc["subject"] == msg["Subject"]
    assert len(handler.messages) == 2 and handler.messages[1][1] == ["b@example.org"]


def test_bad_smtp_setting_is_a_chinese_error(db: tuple[str, str]) -> None:
    closed = {"PLANWATCH_SMTP_HOST": "127.0.0.1", "PLANWATCH_SMTP_PORT": str(free_port())}
    r = _run("notify", "send", "1", "--user", "gxj", "--to", "gxj@example.org", *DAY, *db, **closed)
    assert r.returncode != 0
    assert "无法连接邮件服务器" in r.stderr and "PLANWATCH_SMTP_PORT" in r.stderr
    assert "Traceback" not in r.stderr
    r = _run("notify", "send", "1", "--user", "gxj", "--to", "gxj@example.org", *DAY, *db)
    assert r.returncode != 0 and "未配置邮件服务器" in r.stderr and "PLANWATCH_SMTP_HOST" in r.stderr
    r = _run("notify", "send", "1", "--user", "nobody", "--to", "gxj@example.org", *DAY, *db, **closed)
    assert r.returncode != 0 and "nobody" in r.stderr
