"""``planwatch notify``: a user's warnings and items to review, listed or e-mailed as a digest."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from planwatch.cli.common import DbOpt, PlanArg, out, session_for, settings
from planwatch.cli.progress import LEVEL_STYLES, _today
from planwatch.services import notifications as service
from planwatch.services.plans import load_plan
from planwatch.services.users import get_user

app = typer.Typer(
    help="提醒：某个用户的预警和待处理事项，列出或通过邮件发送。\n\n"
    "Notifications: a user's warnings and items to review, listed or e-mailed.",
    no_args_is_help=True,
)

UserOpt = Annotated[str, typer.Option("--user", "-u", help="用户名。/ Username.")]
TodayOpt = Annotated[
    str | None, typer.Option("--today", help="按哪一天计算（YYYY-MM-DD），默认今天。/ Assess as of this day.")
]


def _inbox(plan: str, user: str, today: str | None, db: str | None) -> list[service.Notification]:
    day = _today(today)
    with session_for(db) as session:
        account = get_user(session, user)
        view = load_plan(session, plan)
        return service.inbox(session, view, account, day)


@app.command("list")
def list_(plan: PlanArg, user: UserOpt, today: TodayOpt = None, db: DbOpt = None) -> None:
    """列出用户的提醒。/ List a user's notifications."""
    items = _inbox(plan, user, today, db)
    if not items:
        out.print(f"用户 {escape(user)} 没有预警或待处理事项。")
        return
    out.print(f"用户 {escape(user)} 有 {len(items)} 项提醒：")
    for n in items:
        style = LEVEL_STYLES.get(n.level or "", "bold")
        out.print(f"[{style}]{escape(n.title)}[/{style}]  [dim]{escape(n.link)}[/dim]")
        out.print(f"    {escape(n.body)}")


@app.command("send")
def send(
    plan: PlanArg,
    user: UserOpt,
    to: Annotated[str, typer.Option("--to", help="收件地址。/ Recipient address.")],
    today: TodayOpt = None,
    db: DbOpt = None,
) -> None:
    """把用户的提醒汇总成一封邮件发送（需配置 PLANWATCH_SMTP_HOST）。/ E-mail a user's digest."""
    items = _inbox(plan, user, today, db)
    service.send_digest(settings(db), to, items)
    out.print(f"已向 {escape(to)} 发送 {len(items)} 项提醒。")
