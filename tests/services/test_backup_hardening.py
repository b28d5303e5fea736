"""Backups hold the signing key and password hashes: created 0600 on both databases whatever the
umask, and a backup to a place that cannot be written says exactly why (not “内部错误”)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from planwatch.model import InputError
from planwatch.services.admin.backup import backup_database
from planwatch.services.admin.users import secret_key
from planwatch.settings import Settings
from planwatch.store.engine import transaction


@pytest.fixture
def loose_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_backups_are_readable_by_their_owner_only(
    engine: Engine, db_url: str, tmp_path: Path, loose_umask: None
) -> None:
    with transaction(engine) as session:
        secret_key(session, Settings(db_url=db_url))  # the key a backup must not leak
    dest = tmp_path / "out" / "planwatch.backup"
    info = backup_database(db_url, dest)
    assert info.size > 0
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert [p.name for p in dest.parent.iterdir()] == [dest.name]  # no temporary file left


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        (lambda tmp: tmp / "a-file" / "planwatch.backup", "不是文件夹"),
        (lambda tmp: Path("/sys/planwatch-test.backup"), "没有写入权限"),
    ],
    ids=["under-a-file", "no-permission"],
)
def test_an_unwritable_backup_path_gets_a_precise_message(
    engine: Engine, db_url: str, tmp_path: Path, where: object, reason: str
) -> None:
    (tmp_path / "a-file").write_text("x")
    dest = where(tmp_path)  # type: ignore[operator]
    with pytest.raises(InputError) as info:
        backup_database(db_url, dest)
    message = info.value.message
    assert str(dest) in message and reason in message and "内部错误" not in message, message
    assert info.value.hint and "写入权限" in info.value.hint
