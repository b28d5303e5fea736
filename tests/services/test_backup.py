"""Backup and restore on real SQLite files and real PostgreSQL databases, compared table by table."""

from __future__ import annotations

import functools
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, make_url, text

from databases import postgres_unavailable, postgres_url
from planwatch.model import Analysis, ErrorCode, InputError
from planwatch.services.admin.backup import backup_database, restore_database
from planwatch.services.admin.users import ensure_first_admin, secret_key
from planwatch.services.plans import search as search_service
from planwatch.services.plans.analyze import analyze_bytes, analyze_path, default_plan_bytes
from planwatch.services.plans.records import import_analysis, list_plans
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.migrate import current_revision, downgrade, head_revision, upgrade
from strict import missing

KINDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@functools.cache
def dalian(variant: int = 0) -> Analysis:
    """The embedded plan; a variant is a different document (stored as its own plan, not a repeat)."""
    if variant == 0:
        return analyze_path(None, Settings())
    data, name = default_plan_bytes()
    return analyze_bytes(data + f"\n（{variant}）推进第{variant}项工作。\n".encode(), name, Settings())


@pytest.fixture(params=KINDS)
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """Three empty databases of one kind: the source, a fresh target and a spare."""
    if request.param == "sqlite":
        yield {
            name: f"sqlite:///{tmp_path / name / 'planwatch.db'}" for name in ("source", "target", "spare")
        }
        return
    reason = postgres_unavailable()
    if reason is not None:
        missing(reason)
    base = make_url(postgres_url())
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    names = {role: f"pw_backup_{role}_{secrets.token_hex(5)}" for role in ("source", "target", "spare")}
    with admin.connect() as c:
        for name in names.values():
            c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield {
            role: base.set(database=name).render_as_string(hide_password=False)
            for role, name in names.items()
        }
    finally:
        with admin.connect() as c:
            for name in names.values():
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def populate(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)
        with transaction(engine) as session:
            import_analysis(session, dalian())
            import_analysis(session, dalian(1), "第二份规划")
            ensure_first_admin(session)
            secret_key(session, Settings())
            search_service.ensure_indexed(session)
    finally:
        engine.dispose()


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (found by reflection), in a canonical order."""
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            tables = inspect(c).get_table_names()
            return {
                t: sorted((tuple(r) for r in c.execute(text(f'SELECT * FROM "{t}"'))), key=repr)
                for t in tables
            }
    finally:
        engine.dispose()


def _data(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """A snapshot without the change revision, which a restore moves on on purpose (issue 18)."""
    return {t: rows for t, rows in tables.items() if t != "change_revisions"}


def _engine(url: str) -> Engine:
    return make_engine(url)


def test_restore_into_a_fresh_database_gives_every_row_back(urls: dict[str, str], tmp_path: Path) -> None:
    populate(urls["source"])
    file = tmp_path / "backups" / "planwatch.backup"
    info = backup_database(urls["source"], file)
    assert info.revision == head_revision()
    assert file.stat().st_size == info.size > 0

    restored = restore_database(file, urls["target"])
    assert (restored.backup_revision, restored.revision, restored.upgraded) == (head_revision(),) * 2 + (
        False,
    )
    assert restored.replaced_tables == ()

    before, after = snapshot(urls["source"]), snapshot(urls["target"])
    assert set(after) == set(before)
    assert {"plans", "nodes", "tasks", "users", "app_settings", "sentence_search", "alembic_version"} <= set(
        before
    )
    for table, rows in _data(before).items():
        assert after[table] == rows, table
    # A restore moves the change revision on: no worker may serve what it cached before (issue 18).
    # (the global row, and the shared one: every plan's pages are rebuilt too)
    rows_before = {scope: (n, t) for scope, n, t in before["change_revisions"]}
    rows_after = {scope: (n, t) for scope, n, t in after["change_revisions"]}
    for scope in ("global", "shared"):
        number_before, token_before = rows_before.get(scope, (0, ""))
        number_after, token_after = rows_after[scope]
        assert number_after == number_before + 1 and token_after != token_before, scope
    assert len(before["plans"]) == 2 and len(before["users"]) == 1 and len(before["tasks"]) > 700

    # the restored database is a working one: ids continue after the restored rows (sequences on PG)
    engine = _engine(urls["target"])
    try:
        with transaction(engine) as session:
            result = import_analysis(session, dalian(2), "恢复后新导入")
            assert result.plan.id == 3
            assert [p.name for p in list_plans(session)][-1] == "恢复后新导入"
    finally:
        engine.dispose()


def test_non_empty_target_needs_force(urls: dict[str, str], tmp_path: Path) -> None:
    populate(urls["source"])
    file = tmp_path / "a.backup"
    backup_database(urls["source"], file)
    engine = _engine(urls["target"])
    try:
        upgrade(engine)
        with transaction(engine) as session:
            ensure_first_admin(session)
    finally:
        engine.dispose()
    target_before = snapshot(urls["target"])

    with pytest.raises(InputError, match="不是空的") as refused:
        restore_database(file, urls["target"])
    assert refused.value.code is ErrorCode.RESTORE_TARGET_NOT_EMPTY  # the CLI words it: add --force
    assert snapshot(urls["target"]) == target_before

    forced = restore_database(file, urls["target"], force=True)
    assert "users" in forced.replaced_tables
    assert _data(snapshot(urls["target"])) == _data(snapshot(urls["source"]))


def test_corrupt_or_truncated_backup_changes_nothing(urls: dict[str, str], tmp_path: Path) -> None:
    populate(urls["source"])
    populate(urls["target"])
    good = tmp_path / "good.backup"
    backup_database(urls["source"], good)
    data = good.read_bytes()
    target_before = snapshot(urls["target"])

    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(data[: len(data) // 3])
    with pytest.raises(InputError, match="备份文件已损坏或不完整") as err:
        restore_database(truncated, urls["target"], force=True)
    assert "数据库未做任何更改" in str(err.value)

    garbage = tmp_path / "garbage.backup"
    garbage.write_bytes(b"\x00not a backup" * 100)
    with pytest.raises(InputError, match="不是 PlanWatch 的备份文件"):
        restore_database(garbage, urls["target"], force=True)
    with pytest.raises(InputError, match="找不到备份文件"):
        restore_database(tmp_path / "missing.backup", urls["target"], force=True)
    assert snapshot(urls["target"]) == target_before


def test_older_backup_is_upgraded_and_newer_one_refused(urls: dict[str, str], tmp_path: Path) -> None:
    engine = _engine(urls["source"])
    try:
        # a database of that time: a plan imported now, taken back to 0005 (the downgrades drop
        # what later revisions added; the current code writes today's schema)
        upgrade(engine)
        with transaction(engine) as session:
            import_analysis(session, dalian())
        downgrade(engine, "0005")
    finally:
        engine.dispose()
    old = tmp_path / "old.backup"
    assert backup_database(urls["source"], old).revision == "0005"
    restored = restore_database(old, urls["target"])
    assert (restored.backup_revision, restored.revision, restored.upgraded) == ("0005", head_revision(), True)
    engine = _engine(urls["target"])
    try:
        assert current_revision(engine) == head_revision()
        with transaction(engine) as session:
            assert [p.name for p in list_plans(session)] == [dalian().document.title]
    finally:
        engine.dispose()

    # a backup from a later PlanWatch (a revision this code does not know) is refused
    engine = _engine(urls["source"])
    try:
        with engine.begin() as c:
            c.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        engine.dispose()
    newer = tmp_path / "newer.backup"
    backup_database(urls["source"], newer)
    spare_before = snapshot(urls["spare"])
    with pytest.raises(InputError, match="备份来自更新版本的 PlanWatch（数据库结构版本 9999）"):
        restore_database(newer, urls["spare"])
    assert snapshot(urls["spare"]) == spare_before


def test_backup_and_restore_refuse_the_other_kind(urls: dict[str, str], tmp_path: Path) -> None:
    populate(urls["source"])
    file = tmp_path / "x.backup"
    kind = backup_database(urls["source"], file).kind
    other = (
        "postgresql+psycopg://postgres@127.0.0.1:1/none"
        if kind == "sqlite"
        else f"sqlite:///{tmp_path / 'o.db'}"
    )
    with pytest.raises(InputError, match="不能恢复到"):
        restore_database(file, other, force=True)
    assert not (tmp_path / "o.db").exists()


def test_sqlite_backup_is_consistent_while_a_writer_is_busy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    populate(url)
    writer = sqlite3.connect(tmp_path / "live.db", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM tasks")  # uncommitted: the backup must not see it, nor wait for it
        backup_database(url, tmp_path / "live.backup")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    copy = sqlite3.connect(tmp_path / "live.backup")
    try:
        assert copy.execute("SELECT count(*) FROM tasks").fetchone()[0] > 700
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        copy.close()
