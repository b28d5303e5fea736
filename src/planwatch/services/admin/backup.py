"""Back up and restore the whole PlanWatch database (``planwatch backup`` / ``planwatch restore``).

SQLite backups are SQLite files made with the online backup API; PostgreSQL backups are ``pg_dump``
custom-format archives. A backup is restored only into the same kind of database. Restoring:

1. reads and checks the whole backup first (a damaged or truncated file is refused, nothing changed);
2. compares its schema revision with this program's migrations: an older one is upgraded after the
   restore (on SQLite inside the staging copy, before anything is replaced), a newer or unknown one
   is refused;
3. refuses to replace a database that holds data unless ``force``;
4. replaces the contents in one transaction, so a failure leaves the old database as it was.
"""

from __future__ import annotations

import errno
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, make_url

from planwatch.model import ErrorCode, InputError, PlanWatchError
from planwatch.services.plans import search as search_service
from planwatch.store import backup_postgresql, backup_sqlite, revisions
from planwatch.store.engine import make_engine, transaction
from planwatch.store.migrate import alembic_config, current_revision, head_revision, upgrade

KINDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class BackupInfo:
    kind: str  # "sqlite" | "postgresql"
    path: Path
    size: int
    revision: str | None


@dataclass(frozen=True)
class RestoreInfo:
    kind: str
    backup_revision: str
    revision: str  # the database's revision after the restore (after any upgrade)
    replaced_tables: tuple[str, ...]  # tables that held data before (only with force)

    @property
    def upgraded(self) -> bool:
        return self.revision != self.backup_revision


def database_kind(url: str) -> str:
    try:
        backend = make_url(url).get_backend_name()
    except Exception as exc:
        raise InputError(
            f"数据库地址“{url}”无法识别：{exc}", hint="请检查 --db 或 PLANWATCH_DB_URL。"
        ) from exc
    if backend not in KINDS:
        raise InputError(f"不支持备份 {backend} 数据库。", hint="PlanWatch 支持 SQLite 和 PostgreSQL。")
    return backend


def backup_kind(path: Path) -> str:
    """What a backup file holds, from its first bytes."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except FileNotFoundError as exc:
        raise InputError(f"找不到备份文件：{path}", hint="请检查文件路径。") from exc
    except OSError as exc:
        raise InputError(f"无法读取备份文件：{exc.strerror or exc}", where=str(path)) from exc
    if head.startswith(backup_sqlite.MAGIC):
        return "sqlite"
    if head.startswith(backup_postgresql.MAGIC):
        return "postgresql"
    raise InputError(
        "这不是 PlanWatch 的备份文件（既不是 SQLite 数据库，也不是 pg_dump 自定义格式的备份）。",
        where=str(path),
        hint="请选择 PlanWatch 备份生成的文件；数据库未做任何更改。",
        code=ErrorCode.BACKUP_UNRECOGNISED,
    )


def backup_database(url: str, dest: Path) -> BackupInfo:
    """Write a consistent backup of the database at ``url`` to ``dest`` while it may be in use."""
    kind = database_kind(url)
    try:
        if kind == "sqlite":
            backup_sqlite.backup(backup_sqlite.database_path(url), dest)
            revision = backup_sqlite.revision_of_backup(dest)
        else:
            engine = make_engine(url)
            try:
                revision = current_revision(engine)
                backup_postgresql.dump(engine, url, dest)
            finally:
                engine.dispose()
        return BackupInfo(kind, dest, dest.stat().st_size, revision)
    except OSError as exc:
        raise _unwritable(dest, exc) from exc


def _unwritable(dest: Path, exc: OSError) -> InputError:
    """A precise reason, not “内部错误”, when the backup file cannot be written where asked."""
    reasons = {
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EROFS: "所在文件系统是只读的",
        errno.ENOSPC: "磁盘空间不足",
        errno.ENOTDIR: "路径中有一段不是文件夹",
        errno.EEXIST: "路径中有一段是已有的文件，不是文件夹",
        errno.ENOENT: "路径不存在",
        errno.EISDIR: "这是一个已有的文件夹",
        errno.ENAMETOOLONG: "路径过长",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    where = Path(exc.filename) if isinstance(exc.filename, str) else dest
    return InputError(
        f"无法写入备份文件 {dest}：{reason}（{where}）。数据库未受影响。",
        where=str(dest),
        hint="请换一个有写入权限、空间足够的位置（如 --output ~/planwatch-backup.db），或请管理员开放该目录的写权限。",
    )


def check_revision(revision: str | None, where: Path) -> str:
    """Refuse a backup this program cannot bring to its own schema."""
    if revision is None:
        raise InputError(
            "备份中没有 PlanWatch 的数据库结构版本，不是 PlanWatch 数据库的备份。",
            where=str(where),
            hint="请选择 PlanWatch 备份生成的文件；数据库未做任何更改。",
            code=ErrorCode.BACKUP_UNRECOGNISED,
        )
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if revision not in known:
        raise InputError(
            f"备份来自更新版本的 PlanWatch（数据库结构版本 {revision}），"
            f"本程序只认识到版本 {head_revision()}。",
            where=str(where),
            hint="请先把 PlanWatch 升级到生成该备份的版本或更新版本，再恢复；数据库未做任何更改。",
        )
    return revision


def restore_database(path: Path, url: str, *, force: bool = False) -> RestoreInfo:
    kind = database_kind(url)
    found = backup_kind(path)
    if found != kind:
        raise InputError(
            f"这是 {KINDS[found]} 数据库的备份，不能恢复到 {KINDS[kind]} 数据库。",
            where=str(path),
            hint=f"请恢复到 {KINDS[found]} 数据库（--db），或用同类数据库生成的备份。",
        )
    if kind == "sqlite":
        return _restore_sqlite(path, url, force=force)
    return _restore_postgresql(path, url, force=force)


def _refuse_non_empty(tables: list[str], force: bool) -> tuple[str, ...]:
    if tables and not force:
        shown = "、".join(tables[:5]) + ("等表" if len(tables) > 5 else "表")
        raise InputError(
            f"目标数据库不是空的（{shown} 中有数据），恢复会覆盖其中的全部内容。",
            hint="确认要用备份替换现有数据时，请明确要求覆盖后重新恢复（建议先备份现有数据）。",
            code=ErrorCode.RESTORE_TARGET_NOT_EMPTY,
        )
    return tuple(tables)


def _restore_sqlite(path: Path, url: str, *, force: bool) -> RestoreInfo:
    backup_revision = check_revision(backup_sqlite.revision_of_backup(path), path)
    target = backup_sqlite.database_path(url)
    replaced = _refuse_non_empty(backup_sqlite.user_tables_with_rows(target), force)
    staging = backup_sqlite.staging_copy(path, target)
    try:
        engine = make_engine(f"sqlite:///{staging}")
        try:
            _upgrade(engine)
            revision = current_revision(engine) or backup_revision
        finally:
            engine.dispose()
        backup_sqlite.replace_contents(staging, target)
        _forget_caches(url)
    finally:
        for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm")):
            leftover.unlink(missing_ok=True)
    return RestoreInfo("sqlite", backup_revision, revision, replaced)


def _restore_postgresql(path: Path, url: str, *, force: bool) -> RestoreInfo:
    engine = make_engine(url)
    try:
        with tempfile.TemporaryDirectory(prefix="planwatch-restore-") as tmp:
            sql = Path(tmp) / "restore.sql"
            backup_schema = backup_postgresql.script(path, sql)
            backup_revision = check_revision(backup_postgresql.revision_in_script(sql), path)
            try:
                target_schema = backup_postgresql.current_schema(engine)
            except Exception as exc:
                raise PlanWatchError(
                    f"无法连接数据库 {make_url(url).render_as_string(hide_password=True)}：{exc}",
                    hint="请确认数据库已创建、服务已启动、地址和权限正确。",
                ) from exc
            replaced = _refuse_non_empty(backup_postgresql.user_tables_with_rows(engine), force)
            if backup_schema != target_schema and backup_postgresql.schema_exists(engine, backup_schema):
                raise InputError(
                    f"备份中的模式 {backup_schema} 在目标数据库中已存在，恢复到模式 {target_schema} 会与之冲突。",
                    hint="请恢复到另一个数据库；数据库未做任何更改。",
                )
            backup_postgresql.apply(engine, url, sql, backup_schema, target_schema)
        _upgrade(engine)
        revision = current_revision(engine) or backup_revision
        revisions.bump_engine(engine)  # see _forget_caches
    finally:
        engine.dispose()
    return RestoreInfo("postgresql", backup_revision, revision, replaced)


def _forget_caches(url: str) -> None:
    """A restore replaces everything under the same URL: a new change revision makes every worker's
    cached pages and data stale at once (the restored revision could name what it had cached)."""
    engine = make_engine(url)
    try:
        revisions.bump_engine(engine)
    finally:
        engine.dispose()


def _upgrade(engine: Engine) -> None:
    if current_revision(engine) == head_revision():
        return
    upgrade(engine)
    # versions stored before the search index existed get indexed now, not on their first search
    with transaction(engine) as session:
        search_service.ensure_indexed(session)
