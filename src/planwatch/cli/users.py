"""``planwatch users``: accounts for the web application."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from planwatch.cli.common import DbOpt, operator, out, session_for, settings
from planwatch.cli.output import JSON_OR_TEXT, TextJsonOpt, check_format
from planwatch.model import InputError
from planwatch.model.user import ROLE_NAMES
from planwatch.services.admin import audit
from planwatch.services.admin import users as users_service

app = typer.Typer(
    help="网页用户：新增、列出、改密码、停用。/ Web users: add, list, change password, disable.",
    no_args_is_help=True,
)
PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="从标准输入读取密码（第一行），用于脚本。/ Read the password from the first line of stdin.",
    ),
]
UsernameArg = Annotated[str, typer.Argument(help="用户名。/ Login name.")]


def _password(from_stdin: bool, username: str) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        password = password.removesuffix("\r")
    elif sys.stdin.isatty():
        password = typer.prompt("密码 / Password", hide_input=True)
        users_service.check_password_strength(password, username)  # before asking again
        again = typer.prompt("再次输入密码 / Repeat", hide_input=True)
        if again != password:
            raise InputError("两次输入的密码不一致。", hint="请重新运行命令。")
    else:
        raise InputError(
            "没有终端可以输入密码。", hint="请在终端中运行，或用 --password-stdin 从标准输入提供密码。"
        )
    users_service.check_password_strength(password, username)
    return password


@app.command()
def add(
    username: UsernameArg,
    role: Annotated[str, typer.Option("--role", "-r", help="角色：admin/planner/reporter/viewer。/ Role.")],
    department: Annotated[
        str | None,
        typer.Option("--department", "-d", help="部门填报员所属单位（目录中的名称）。/ A reporter's unit."),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="显示名，默认为用户名。/ Display name.")
    ] = None,
    password_stdin: PasswordStdin = False,
    db: DbOpt = None,
) -> None:
    """新增用户（交互输入两次密码，或 --password-stdin）。/ Add a user."""
    password = _password(password_stdin, username)
    with session_for(db) as session:
        user = users_service.create_user(
            session,
            settings(db),
            username,
            password,
            role,
            department=department,
            display_name=name,
            by=operator(None),
        )
    unit = f"，所属单位：{user.department}" if user.department else ""
    out.print(
        f"已新增用户 {user.username}（{user.display_name}），角色：{ROLE_NAMES[user.role]}{unit}。",
        markup=False,
    )


@app.command("list")
def list_(
    fmt: TextJsonOpt = "text",
    db: DbOpt = None,
) -> None:
    """列出全部用户。/ List users."""
    check_format(fmt, JSON_OR_TEXT)
    with session_for(db) as session:
        users = users_service.list_users(session)
        logins = users_service.last_logins(session)
    if fmt == "json":
        rows = []
        for u in users:
            at = logins.get(u.username)
            rows.append({**users_service.user_dict(u), "last_login_at": at.isoformat() if at else None})
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not users:
        out.print("还没有用户。用 planwatch users add 新增，或运行 planwatch serve 自动创建管理员。")
        return
    table = Table(
        "用户名", "显示名", "角色", "所属单位", "状态", "最近登录", title=f"用户（{len(users)} 个）"
    )
    for u in users:
        at = logins.get(u.username)
        table.add_row(
            u.username,
            u.display_name,
            ROLE_NAMES.get(u.role, u.role),
            u.department or "",
            "正常" if u.active else "已停用",
            audit.local_time(at)[:16] if at else "从未",
        )
    out.print(table)


@app.command()
def passwd(username: UsernameArg, password_stdin: PasswordStdin = False, db: DbOpt = None) -> None:
    """修改用户密码；该用户已登录的会话全部失效。/ Change a password (ends the user's sessions)."""
    with session_for(db) as session:
        user = users_service.get_user(session, username)
    password = _password(password_stdin, user.username)
    with session_for(db) as session:
        users_service.change_password(session, user.username, password, by=operator(None))
    out.print(f"已修改用户 {user.username} 的密码；其已登录的会话全部失效。", markup=False)


@app.command()
def disable(username: UsernameArg, db: DbOpt = None) -> None:
    """停用用户：不能再登录，已登录的会话立即失效。/ Disable a user (ends their sessions)."""
    with session_for(db) as session:
        user = users_service.set_active(session, username, False, by=operator(None))
    out.print(f"已停用用户 {user.username}。", markup=False)


@app.command()
def enable(username: UsernameArg, db: DbOpt = None) -> None:
    """重新启用已停用的用户。/ Enable a disabled user again."""
    with session_for(db) as session:
        user = users_service.set_active(session, username, True, by=operator(None))
    out.print(f"已启用用户 {user.username}。", markup=False)


def announce_first_admin(db: str | None) -> None:
    """For ``planwatch serve``: on a database without users, create ``admin`` and print its password.

    The password is shown this once and stored only as an argon2 hash.
    """
    with session_for(db) as session:
        password = users_service.ensure_first_admin(session)
    if password is None:
        return
    out.print(f"已创建管理员账号：{users_service.DEFAULT_ADMIN}    初始密码：{password}", markup=False)
    out.print(
        "此密码只显示这一次，请妥善保存；可用 planwatch users passwd admin 修改，或登录后在“管理”页重设。",
        markup=False,
    )
