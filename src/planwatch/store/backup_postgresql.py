"""PostgreSQL backups with pg_dump / pg_restore / psql (the server's own tools, matching its version).

* Backup: ``pg_dump -Fc`` of the schema PlanWatch uses (``current_schema()`` of the URL, ``public``
  unless the URL sets a search_path), from one consistent snapshot while the application runs.
* Restore: ``pg_restore`` first turns the whole archive into a SQL script — reading every byte, so a
  truncated or damaged file fails here, before the database is touched — then ``psql
  --single-transaction`` drops the old schema and runs the script in one transaction: the database
  ends up fully restored or exactly as it was.

Passwords travel in ``PGPASSWORD``, never on a command line other users can see in ``ps``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import Engine, make_url, text

from planwatch.model import InputError, PlanWatchError

MAGIC = b"PGDMP"
TOOLS = ("pg_dump", "pg_restore", "psql")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise PlanWatchError(
            f"找不到 PostgreSQL 工具 {name}。",
            hint="请安装与服务器版本一致的 PostgreSQL 客户端（Debian：apt-get install postgresql-client）。",
        )
    return found


def libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection URI for the tools, and the environment carrying the password."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run(args, env=env, capture_output=True, check=False)
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PlanWatchError(
            f"{what}失败：{detail[-1] if detail else f'退出状态 {done.returncode}'}",
            hint="请确认数据库服务可以连接、账号有足够权限；详细信息见上面的工具输出。",
        )
    return done


def current_schema(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.execute(text("SELECT current_schema()")).scalar_one())


def dump(engine: Engine, url: str, dest: Path) -> None:
    """``pg_dump -Fc`` of PlanWatch's schema into ``dest`` (written beside it, then renamed)."""
    conninfo, env = libpq(url)
    schema = current_schema(engine)
    dest.parent.mkdir(parents=True, exist_ok=True)
    # The file exists, empty and readable by its owner only (it holds the signing key and password
    # hashes), before pg_dump writes into it: pg_dump would create it under the umask (0644).
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", f"--schema={schema}",
             f"--file={tmp}", f"--dbname={conninfo}"],
            env, "pg_dump 备份",
        )  # fmt: skip
        os.chmod(tmp, 0o600)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def _corrupt(path: Path, detail: str) -> InputError:
    return InputError(
        f"备份文件已损坏或不完整（{detail}）",
        where=str(path),
        hint="请换用另一份备份；数据库未做任何更改。",
    )


def script(archive: Path, sql: Path) -> str:
    """Turn ``archive`` into a SQL script at ``sql``; returns the archive's schema name.

    Reading the whole archive here is what proves it complete before anything is dropped.
    """
    pg_restore = _tool("pg_restore")
    listing = subprocess.run([pg_restore, "--list", str(archive)], capture_output=True, check=False)
    if listing.returncode != 0:
        raise _corrupt(archive, _last_line(listing.stderr))
    schemas = set(re.findall(rb"^\d+; \d+ \d+ TABLE (?!DATA )(\S+) ", listing.stdout, re.MULTILINE))
    if len(schemas) != 1:
        raise _corrupt(archive, "备份中没有数据表，或包含多个模式")
    whole = subprocess.run(
        [pg_restore, "--no-owner", "--no-acl", f"--file={sql}", str(archive)],
        capture_output=True,
        check=False,
    )
    if whole.returncode != 0:
        raise _corrupt(archive, _last_line(whole.stderr))
    return str(schemas.pop().decode())


def revision_in_script(sql: Path) -> str | None:
    """The alembic_version row in a script from :func:`script`."""
    pattern = re.compile(
        r"^COPY \S+\.alembic_version \(version_num\) FROM stdin;\n([^\n\\]+)\n", re.MULTILINE
    )
    with sql.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("COPY ") and ".alembic_version " in line:
                found = pattern.match(line + fh.readline())
                return found.group(1) if found else None
    return None


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "无法读取"


def user_tables_with_rows(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        names = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        ).scalars()
        found = []
        for name in names:
            if name == "alembic_version":
                continue
            quoted = name.replace('"', '""')
            if connection.execute(text(f'SELECT EXISTS (SELECT 1 FROM "{quoted}")')).scalar_one():
                found.append(str(name))
        return found


def schema_exists(engine: Engine, schema: str) -> bool:
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_namespace WHERE nspname = :name"), {"name": schema}
        ).first()
        return found is not None


def apply(engine: Engine, url: str, sql: Path, backup_schema: str, target_schema: str) -> None:
    """Replace ``target_schema`` with the script's contents in one transaction (psql -1)."""
    conninfo, env = libpq(url)

    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    pre = sql.with_name(sql.name + ".pre.sql")
    post = sql.with_name(sql.name + ".post.sql")
    # the script itself creates the backup's schema (public included), so the old one goes first
    pre.write_text(
        f"DROP SCHEMA IF EXISTS {quote(target_schema)} CASCADE;\n"
        + (
            f"DROP SCHEMA IF EXISTS {quote(backup_schema)} CASCADE;\n"
            if backup_schema != target_schema
            else ""
        ),
        encoding="utf-8",
    )
    post.write_text(
        f"ALTER SCHEMA {quote(backup_schema)} RENAME TO {quote(target_schema)};\n"
        if backup_schema != target_schema
        else "",
        encoding="utf-8",
    )
    engine.dispose()  # our own pooled connections would otherwise hold locks the DROP waits on
    try:
        _run(
            [_tool("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
             f"--file={pre}", f"--file={sql}", f"--file={post}", f"--dbname={conninfo}"],
            env, "恢复 PostgreSQL 数据库",
        )  # fmt: skip
    finally:
        pre.unlink(missing_ok=True)
        post.unlink(missing_ok=True)
