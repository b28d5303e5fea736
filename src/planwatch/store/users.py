"""Users, failed logins, the audit log and generated application settings.

Like every repository these flush and never commit, and hand out model objects, never rows. Password
hashes leave the store only through :meth:`UserRepository.credentials`, for the login check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planwatch.model import AuditEntry, ErrorCode, InputError, NotFoundError, User
from planwatch.model.user import ROLES
from planwatch.model.vocabulary import one_of
from planwatch.store import postgresql
from planwatch.store.repositories import _valid_id
from planwatch.store.tables import AppSettingRow, AuditRow, LoginAttemptRow, UserRow, utcnow


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=one_of(row.role, ROLES),
        department=row.department,
        active=row.active,
        created_at=row.created_at,
    )


@dataclass(frozen=True, slots=True)
class Credentials:
    user: User
    password_hash: str
    session_version: int


class UserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _row(self, username: str) -> UserRow | None:
        return self._session.scalars(
            select(UserRow).where(UserRow.username == normalise_username(username))
        ).first()

    def _existing(self, username: str) -> UserRow:
        row = self._row(username)
        if row is None:
            raise NotFoundError(f"没有用户“{username}”。", code=ErrorCode.USER_NOT_FOUND)
        return row

    def add(
        self,
        username: str,
        *,
        display_name: str,
        role: str,
        department: str | None,
        password_hash: str,
    ) -> User:
        name = normalise_username(username)
        if self._row(name) is not None:
            raise InputError(f"用户“{name}”已存在。", hint="请换一个用户名。")
        row = UserRow(
            username=name,
            display_name=display_name,
            role=role,
            department=department,
            password_hash=password_hash,
            active=True,
            session_version=1,
            created_at=utcnow(),
        )
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError as exc:  # another request created the same name in between
            raise InputError(f"用户“{name}”已存在。", hint="请换一个用户名。") from exc
        return _user(row)

    def get(self, username: str) -> User | None:
        row = self._row(username)
        return None if row is None else _user(row)

    def credentials(self, username: str) -> Credentials | None:
        row = self._row(username)
        return None if row is None else Credentials(_user(row), row.password_hash, row.session_version)

    def by_id(self, user_id: int) -> Credentials | None:
        row = self._session.get(UserRow, user_id) if _valid_id(user_id) else None
        return None if row is None else Credentials(_user(row), row.password_hash, row.session_version)

    def list(self) -> list[User]:
        return [_user(r) for r in self._session.scalars(select(UserRow).order_by(UserRow.username))]

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(UserRow)) or 0

    def update(
        self,
        username: str,
        *,
        display_name: str | None = None,
        role: str | None = None,
        department: str | None = None,
        clear_department: bool = False,
        active: bool | None = None,
    ) -> tuple[User, User]:
        """Change the given fields; returns (before, after). Deactivating ends every session."""
        row = self._existing(username)
        before = _user(row)
        if display_name is not None:
            row.display_name = display_name
        if role is not None:
            row.role = role
        if clear_department:
            row.department = None
        elif department is not None:
            row.department = department
        if active is not None:
            if row.active and not active:
                row.session_version += 1
            row.active = active
        self._session.flush()
        return before, _user(row)

    def set_password_hash(self, username: str, password_hash: str, *, end_sessions: bool = True) -> User:
        row = self._existing(username)
        row.password_hash = password_hash
        if end_sessions:
            row.session_version += 1
        self._session.flush()
        return _user(row)

    def end_sessions(self, user_id: int) -> None:
        row = self._session.get(UserRow, user_id) if _valid_id(user_id) else None
        if row is not None:
            row.session_version += 1
            self._session.flush()

    def touch_login(self, user_id: int, at: datetime | None = None) -> None:
        row = self._session.get(UserRow, user_id) if _valid_id(user_id) else None
        if row is not None:
            row.last_login_at = at or utcnow()
            self._session.flush()

    def last_logins(self) -> dict[str, datetime | None]:
        rows = self._session.execute(select(UserRow.username, UserRow.last_login_at))
        return {r.username: r.last_login_at for r in rows}


class LoginAttemptRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def lock(self, ip: str) -> None:
        """Serialise the check-and-count of logins from ``ip`` for the rest of the transaction
        (SQLite: the write lock taken by ``transaction()`` does it already)."""
        connection = self._session.connection()
        if postgresql.is_postgresql(connection):
            postgresql.lock_login_address(connection, ip[:64])

    def record_failure(self, username: str, ip: str, at: datetime | None = None) -> None:
        self._session.add(
            LoginAttemptRow(username=normalise_username(username)[:64], ip=ip[:64], at=at or utcnow())
        )
        self._session.flush()

    def failures(self, since: datetime, *, ip: str, username: str | None = None) -> list[datetime]:
        """Times of failures since ``since`` from ``ip`` (for ``username`` only, if given), oldest first."""
        where: list[ColumnElement[bool]] = [LoginAttemptRow.ip == ip[:64], LoginAttemptRow.at >= since]
        if username is not None:
            where.append(LoginAttemptRow.username == normalise_username(username)[:64])
        return list(
            self._session.scalars(select(LoginAttemptRow.at).where(*where).order_by(LoginAttemptRow.at))
        )

    def clear(self, username: str, ip: str) -> None:
        self._session.execute(
            delete(LoginAttemptRow).where(
                LoginAttemptRow.username == normalise_username(username)[:64], LoginAttemptRow.ip == ip[:64]
            )
        )

    def prune(self, before: datetime) -> None:
        """Forget failures too old to count, so the table stays small."""
        self._session.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < before))


@dataclass(frozen=True, slots=True)
class AuditFilter:
    username: str | None = None
    action: str | None = None  # exact, or a prefix ending in "." ("user." = every user change)
    target: str | None = None  # substring
    since: datetime | None = None
    until: datetime | None = None  # exclusive


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        username=row.username,
        action=row.action,
        target=row.target,
        before=row.before,
        after=row.after,
    )


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        username: str,
        action: str,
        target: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        *,
        at: datetime | None = None,
    ) -> AuditEntry:
        row = AuditRow(
            at=at or utcnow(), username=username, action=action, target=target, before=before, after=after
        )
        self._session.add(row)
        self._session.flush()
        return _entry(row)

    @staticmethod
    def _where(f: AuditFilter) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if f.username:
            where.append(AuditRow.username == f.username.strip())
        if f.action:
            action = f.action.strip()
            if action.endswith("."):
                where.append(AuditRow.action.startswith(action, autoescape=True))
            else:
                where.append(AuditRow.action == action)
        if f.target:
            where.append(AuditRow.target.contains(f.target.strip(), autoescape=True))
        if f.since is not None:
            where.append(AuditRow.at >= f.since)
        if f.until is not None:
            where.append(AuditRow.at < f.until)
        return where

    def query(self, f: AuditFilter, *, limit: int | None = 100, offset: int = 0) -> list[AuditEntry]:
        """Newest first."""
        stmt = select(AuditRow).where(*self._where(f)).order_by(AuditRow.at.desc(), AuditRow.id.desc())
        if limit is not None:
            stmt = stmt.limit(limit)
        if offset:
            stmt = stmt.offset(offset)
        return [_entry(r) for r in self._session.scalars(stmt)]

    def count(self, f: AuditFilter) -> int:
        return self._session.scalar(select(func.count()).select_from(AuditRow).where(*self._where(f))) or 0

    def actions(self) -> list[str]:
        return list(self._session.scalars(select(AuditRow.action).distinct().order_by(AuditRow.action)))


class AppSettingRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str) -> str | None:
        row = self._session.get(AppSettingRow, key)
        return None if row is None else row.value

    def get_or_create(self, key: str, make: Callable[[], str]) -> str:
        """The stored value, or ``make()`` stored now. Two processes starting together agree on
        one value: the loser of the insert race reads the winner's."""
        value = self.get(key)
        if value is not None:
            return value
        try:
            with self._session.begin_nested():
                self._session.add(AppSettingRow(key=key, value=make()))
                self._session.flush()
        except IntegrityError:
            pass
        self._session.expire_all()
        stored = self.get(key)
        assert stored is not None
        return stored
