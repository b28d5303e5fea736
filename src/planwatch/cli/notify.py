"""``planwatch notify``: a user's warnings and items to review, listed or e-mailed as a digest.

``--format json`` prints the items with the keys of the web inbox's JSON twin (``/api/v1/inbox``),
for one plan.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.markup import escape

from planwatch.cli.common import DbOpt, PlanArg, out, session_for, settings
from planwatch.cli.output import FormatOpt, check_format, emit_json
from planwatch.cli.progress import LEVEL_STYLES, _today
from planwatch.model.monitoring import WARNING_COLOURS
from planwatch.services.admin.users import get_user
from planwatch.services.plans.records import load_plan
from planwatch.services.progress import notifications as service
from planwatch.services.views.common import plan_info

app = typer.Typer(
    help="提醒：某个用户的预警和待处理事项，列出或通过邮件发送。\n\n"
    "Notifications: a user's warnings and items to review, listed or e-mailed.",
    no_args_is_help=True,
)

UserOpt = Annotated[str, typer.Option("--user", "-u", help="用户名。/ Username.")]
TodayOpt = Annotated[
    str | None, typer.Option("--today", help="按哪一天计算（YYYY-MM-DD），默认今天。/ Assess as of this day.")
]


def _inbox(
    plan: str, user: str, day: date, db: str | None
) -> tuple[dict[str, Any], list[service.Notification]]:
    with session_for(db) as session:
        account = get_user(session, user)
        view = load_plan(session, plan)
        return plan_info(view.plan), service.inbox(session, view, account, day)


def _document(
    plan: dict[str, Any], user: str, day: date, items: list[service.Notification]
) -> dict[str, Any]:
    rows = [
        {
            "plan_id": plan["id"],
            "plan_name": plan["name"],
            "kind": n.kind,
            "kind_name": service.KIND_NAMES[n.kind],
            "level": n.level,
            "level_name": WARNING_COLOURS[n.level] if n.level else None,
            "task": n.task_key,
            "title": n.title,
            "body": n.body,
            "link": n.page.path(),
        }
        for n in items
    ]
    counts = {k: sum(1 for r in rows if r["kind"] == k) for k in service.KIND_NAMES}
    return {
        "plan": plan,
        "user": user,
        "today": day.isoformat(),
        "count": len(rows),
        "counts": counts,
        "kind_names": service.KIND_NAMES,
        "items": rows,
    }


@app.command("list")
def list_(
    plan: PlanArg, user: UserOpt, today: TodayOpt = None, fmt: FormatOpt = "text", db: DbOpt = None
) -> None:
    """列出用户的提醒。/ List a user's notifications."""
    day = _today(today)
    as_json = check_format(fmt)
    info, items = _inbox(plan, user, day, db)
    if as_json:
        emit_json(_document(info, user, day, items))
        return
    if not items:
        out.print(f"用户 {escape(user)} 没有预警或待处理事项。")
        return
    out.print(f"用户 {escape(user)} 有 {len(items)} 项提醒：")
    for n in items:
        style = LEVEL_STYLES[n.level] if n.level else "bold"
        out.print(f"[{style}]{escape(n.title)}[/{style}]  [dim]{escape(n.page.path())}[/dim]")
        out.print(f"    {escape(n.body)}")


@app.command("send")
def send(
    plan: PlanArg,
    user: UserOpt,
    to: Annotated[str, typer.Option("--to", help="收件地址。/ Recipient address.")],
    today: TodayOpt = None,
    fmt: FormatOpt = "text",
    db: DbOpt = None,
) -> None:
    """把用户的提醒汇总成一封邮件发送（需配置 PLANWATCH_SMTP_HOST）。/ E-mail a user's digest."""
    day = _today(today)
    as_json = check_format(fmt)
    info, items = _inbox(plan, user, day, db)
    service.send_digest(settings(db), to, items)
    if as_json:
        emit_json(
            {
                **_document(info, user, day, items),
                "sent": True,
                "to": to,
                "subject": service.digest_subject(items),
            }
        )
        return
    out.print(f"已向 {escape(to)} 发送 {len(items)} 项提醒。")
