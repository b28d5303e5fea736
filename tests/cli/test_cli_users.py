"""``planwatch users`` and the first administrator of ``planwatch serve``, as real processes."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from cli_inprocess import run_planwatch

EXE = str(Path(sys.executable).with_name("planwatch"))

Run = Callable[..., subprocess.CompletedProcess[str]]


def _env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}
    env["PLANWATCH_DB_URL"] = db_url
    return env


@pytest.fixture
def db_file(new_db_url: Callable[[str], str]) -> str:
    """The URL of this test's database (a SQLite file unless PLANWATCH_TEST_DB says otherwise)."""
    return new_db_url("users")


@pytest.fixture
def run(tmp_path: Path, db_file: str) -> Run:
    def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return run_planwatch(*args, env={"PLANWATCH_DB_URL": db_file}, cwd=tmp_path, input=stdin)

    return _run


def _rows(db_file: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(db_file)
    try:
        with engine.connect() as c:
            return [tuple(r) for r in c.execute(text(sql))]
    finally:
        engine.dispose()


def test_add_list_passwd_disable(run: Run, db_file: str) -> None:
    r = run(
        "users",
        "add",
        "Zhang",
        "--role",
        "planner",
        "--name",
        "张三",
        "--password-stdin",
        stdin="s3cret-pass\n",
    )
    assert r.returncode == 0, r.stderr
    assert "已新增用户 zhang（张三），角色：规划处" in r.stdout
    r = run(
        "users",
        "add",
        "li",
        "--role",
        "reporter",
        "--department",
        "市教育局",
        "--password-stdin",
        stdin="another-pass",
    )
    assert r.returncode == 0, r.stderr
    assert "所属单位：大连市教育局" in r.stdout  # the catalogue's full name, from a short name

    listed = run("users", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    users = {u["username"]: u for u in json.loads(listed.stdout)}
    assert users["zhang"]["role"] == "planner" and users["zhang"]["display_name"] == "张三"
    assert users["li"]["department"] == "大连市教育局"
    assert all(u["active"] for u in users.values())
    table = run("users", "list")
    assert "张三" in table.stdout and "部门填报员" in table.stdout and "从未" in table.stdout

    (old_hash,) = _rows(db_file, "SELECT password_hash FROM users WHERE username = 'zhang'")[0]
    assert str(old_hash).startswith("$argon2id$")
    r = run("users", "passwd", "ZHANG", "--password-stdin", stdin="brand-new-pass\n")
    assert r.returncode == 0, r.stderr
    assert "会话全部失效" in r.stdout
    (new_hash, version) = _rows(
        db_file, "SELECT password_hash, session_version FROM users WHERE username = 'zhang'"
    )[0]
    assert new_hash != old_hash and str(new_hash).startswith("$argon2id$") and version == 2

    r = run("users", "disable", "li")
    assert r.returncode == 0, r.stderr
    assert "已停用用户 li" in r.stdout
    assert "已停用" in run("users", "list").stdout
    assert run("users", "enable", "li").returncode == 0

    audit = _rows(db_file, "SELECT username, action, target FROM audit_log ORDER BY id")
    assert [a[1] for a in audit] == ["user.add", "user.add", "user.passwd", "user.disable", "user.enable"]
    assert all(str(a[0]).startswith("cli") for a in audit)
    assert audit[2][2] == "user:zhang"
    assert "brand-new-pass" not in json.dumps([list(map(str, a)) for a in audit])


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "viewer"], "short", "密码太短：至少需要 8 个字符"),
        (["--role", "viewer"], "x1\n", "密码太短"),
        (["--role", "boss"], "long-enough-1", "角色“boss”无效"),
        (["--role", "reporter"], "long-enough-1", "部门填报员必须填写所属部门"),
        (["--role", "reporter", "--department", "火星局"], "long-enough-1", "部门目录中没有“火星局”"),
        (
            ["--role", "planner", "--department", "市教育局"],
            "long-enough-1",
            "只有部门填报员需要填写所属部门",
        ),
    ],
)
def test_add_refuses_bad_input(run: Run, args: list[str], stdin: str, message: str) -> None:
    r = run("users", "add", "wang", *args, "--password-stdin", stdin=stdin)
    assert r.returncode == 2, r.stdout + r.stderr
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert "还没有用户" in run("users", "list").stdout


def test_bad_usernames_and_duplicates(run: Run) -> None:
    for bad in ("a", "张三", "_x", "a b", "x" * 65):
        r = run("users", "add", bad, "--role", "viewer", "--password-stdin", stdin="long-enough-1")
        assert r.returncode == 2, bad
        assert "用户名" in r.stderr and "无效" in r.stderr
    assert (
        run("users", "add", "wang", "--role", "viewer", "--password-stdin", stdin="long-enough-1").returncode
        == 0
    )
    r = run("users", "add", "WANG", "--role", "viewer", "--password-stdin", stdin="long-enough-1")
    assert r.returncode == 2 and "已存在" in r.stderr


def test_without_a_terminal_the_password_must_come_from_stdin(run: Run) -> None:
    r = run("users", "add", "wang", "--role", "viewer")  # stdin is /dev/null, not a terminal
    assert r.returncode == 2
    assert "--password-stdin" in r.stderr


def test_unknown_user_and_last_admin(run: Run) -> None:
    r = run("users", "disable", "ghost")
    assert r.returncode == 2 and "没有用户“ghost”" in r.stderr
    assert "用 planwatch users list 查看全部用户。" in r.stderr  # the CLI's own wording (cli/hints.py)
    r = run("users", "passwd", "ghost", "--password-stdin", stdin="long-enough-1")
    assert r.returncode == 2 and "没有用户“ghost”" in r.stderr
    assert (
        run("users", "add", "root1", "--role", "admin", "--password-stdin", stdin="long-enough-1").returncode
        == 0
    )
    r = run("users", "disable", "root1")
    assert r.returncode == 2 and "不能停用最后一个管理员" in r.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(tmp_path: Path, db_url: str, while_up: Callable[[str, str], None]) -> str:
    """Run ``planwatch serve``, call ``while_up(base_url, output so far)`` once it answers, stop it;
    returns everything it printed."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / f"serve-{port}.log"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [EXE, "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=_env(db_url),
            cwd=tmp_path,
        )
        try:
            deadline = time.monotonic() + 90
            while True:
                assert proc.poll() is None, log.read_text(encoding="utf-8")
                try:
                    if httpx.get(f"{base}/api/v1/me", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "planwatch serve did not start"
                time.sleep(0.2)
            while_up(base, log.read_text(encoding="utf-8"))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return log.read_text(encoding="utf-8")


def test_serve_creates_the_first_admin_and_shows_the_password_once(tmp_path: Path, db_file: str) -> None:
    url = db_file
    seen: list[str] = []

    def log_in_as_admin(base: str, output: str) -> None:
        found = re.search(r"已创建管理员账号：admin\s+初始密码：([A-Za-z0-9]{16})", output)
        assert found, output
        seen.append(found.group(1))
        with httpx.Client(base_url=base) as client:
            token = client.get("/api/v1/me").json()["csrf_token"]
            r = client.post(
                "/login",
                data={"username": "admin", "password": found.group(1), "csrf_token": token},
                headers={"Accept": "application/json"},
            )
            assert r.status_code == 200, r.text
            assert r.json()["user"]["role"] == "admin"
            assert client.get("/admin").status_code == 200

    first = _serve(tmp_path, url, log_in_as_admin)
    assert "只显示这一次" in first
    password = seen[0]
    (stored,) = _rows(db_file, "SELECT password_hash FROM users WHERE username = 'admin'")[0]
    assert password not in str(stored) and str(stored).startswith("$argon2id$")

    second = _serve(tmp_path, url, lambda base, output: None)
    assert "初始密码" not in second and password not in second
    assert "PlanWatch 已启动" in second
    assert [r[0] for r in _rows(db_file, "SELECT username FROM users")] == ["admin"]
