"""User accounts: adding and changing them, passwords (argon2), login checks with throttling.

Every change is written to the audit log in the caller's transaction. Password hashes never leave
this module: callers get :class:`planwatch.model.User` objects.
"""

from __future__ import annotations

import functools
import re
import secrets
import string
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.orm import Session

from planwatch.extract.departments import Catalogue
from planwatch.model import ROLES, ErrorCode, InputError, NotFoundError, PlanWatchError, User
from planwatch.model.user import ROLE_NAMES, Role
from planwatch.services.admin import audit
from planwatch.services.catalogue.departments import catalogue_in_force, find_department
from planwatch.services.catalogue.plan import plan_uses
from planwatch.settings import Settings
from planwatch.store.tables import utcnow
from planwatch.store.users import (
    AppSettingRepository,
    LoginAttemptRepository,
    UserRepository,
    normalise_username,
)

MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 takes any length; this only keeps a request from being a CPU sink
USERNAME = re.compile(r"[a-z0-9][a-z0-9_.@-]{1,63}")
DEFAULT_ADMIN = "admin"
SECRET_KEY = "secret_key"

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username does not exist, so a wrong name takes as long as a wrong
    password and does not reveal which names exist."""
    return _hasher.hash(secrets.token_urlsafe(16))


class LoginFailed(InputError):
    """Wrong username or password, or a disabled account: one message for all, so it tells nothing."""

    def __init__(self) -> None:
        super().__init__("用户名或密码错误。", hint="请检查后重试；连续多次错误后将暂时禁止登录。")


class LoginThrottled(PlanWatchError):
    def __init__(self, retry_after: int) -> None:
        minutes = max(1, (retry_after + 59) // 60)
        super().__init__(
            f"登录失败次数过多，请 {minutes} 分钟后再试。",
            hint="如忘记密码，请联系管理员重设。",
        )
        self.retry_after = retry_after


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(password: str, username: str = "") -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"密码太短：至少需要 {MIN_PASSWORD} 个字符。", hint="请使用更长的密码。")
    if len(password) > MAX_PASSWORD:
        raise InputError(f"密码太长：最多 {MAX_PASSWORD} 个字符。")
    if username and password.strip().lower() == normalise_username(username):
        raise InputError("密码不能与用户名相同。")
    if len(set(password)) < 3:
        raise InputError("密码过于简单：请不要只用一两个重复的字符。")


def _username(username: str) -> str:
    name = normalise_username(username)
    if not USERNAME.fullmatch(name):
        raise InputError(
            f"用户名“{username}”无效。",
            hint="用户名为 2–64 个字符，只能包含英文字母、数字和 _ . @ -，以字母或数字开头。",
        )
    return name


def _role(role: str) -> Role:
    r = role.strip().lower()
    if r not in ROLES:
        names = "、".join(f"{k}（{v}）" for k, v in ROLE_NAMES.items())
        raise InputError(f"角色“{role}”无效。", hint=f"可选：{names}。")
    return r


def _department(session: Session, settings: Settings, role: str, department: str | None) -> str | None:
    """A reporter's unit, by its full name in one of the catalogues plans use; other roles have none."""
    if role != "reporter":
        if department:
            raise InputError("只有部门填报员需要填写所属部门。", hint="其他角色请不要填写部门。")
        return None
    if not department or not department.strip():
        raise InputError("部门填报员必须填写所属部门。", hint="请填写部门目录中的单位全称、简称或别名。")
    catalogues = reporter_catalogues(session, settings)
    found: dict[str, str] = {}  # unit name -> the catalogue's place
    for catalogue in catalogues:
        try:
            unit = find_department(catalogue, department)
        except NotFoundError:
            continue
        found.setdefault(unit.name, catalogue.city or "部门目录")
    if len(found) == 1:
        return next(iter(found))
    places = "、".join(dict.fromkeys(c.city or "已加载的目录" for c in catalogues))
    if not found:
        raise InputError(
            f"部门目录中没有“{department.strip()}”：它既不是已加载的部门目录中的单位，"
            "也不是已导入规划所用目录中的单位。",
            where="所属部门",
            hint=f"请填写单位全称、简称或别名；现有规划使用的目录：{places}。"
            "如该单位属于尚未导入的规划，请先导入规划或加载其部门目录。",
        )
    which = "、".join(f"{name}（{place}）" for name, place in found.items())
    raise InputError(
        f"“{department.strip()}”可指不同目录中的多个单位：{which}。",
        where="所属部门",
        hint="请填写单位全称。",
    )


def reporter_catalogues(session: Session, settings: Settings) -> list[Catalogue]:
    """The catalogues a reporter's unit may come from: the one in force (loaded, configured or
    shipped) and every catalogue a stored plan uses (an issuer's generated one, the central one)."""
    out = [catalogue_in_force(session, settings)]
    for use in plan_uses(session, settings):
        if use.catalogue is not None and all(use.catalogue is not c for c in out):
            out.append(use.catalogue)
    return out


def _display_name(display_name: str | None, username: str) -> str:
    name = (display_name or "").strip() or username
    if len(name) > 100:
        raise InputError("显示名过长（上限 100 个字符）。")
    if any(ord(c) < 32 for c in name):
        raise InputError("显示名不能包含控制字符。")
    return name


def _public(user: User) -> dict[str, Any]:
    """What the audit log keeps of a user: never the password hash."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "department": user.department,
        "active": user.active,
    }


def user_dict(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        **_public(user),
        "role_name": ROLE_NAMES.get(user.role, user.role),
        "created_at": user.created_at.isoformat(),
    }


def create_user(
    session: Session,
    settings: Settings,
    username: str,
    password: str,
    role: str,
    *,
    department: str | None = None,
    display_name: str | None = None,
    by: User | str | None = None,
) -> User:
    name = _username(username)
    r = _role(role)
    dept = _department(session, settings, r, department)
    check_password_strength(password, name)
    user = UserRepository(session).add(
        name,
        display_name=_display_name(display_name, name),
        role=r,
        department=dept,
        password_hash=hash_password(password),
    )
    audit.record(session, by, "user.add", f"user:{user.username}", None, _public(user))
    return user


def list_users(session: Session) -> list[User]:
    return UserRepository(session).list()


def get_user(session: Session, username: str) -> User:
    user = UserRepository(session).get(username)
    if user is None:
        raise NotFoundError(f"没有用户“{username}”。", code=ErrorCode.USER_NOT_FOUND)
    return user


def last_logins(session: Session) -> dict[str, datetime | None]:
    return UserRepository(session).last_logins()


def _other_active_admins(session: Session, username: str) -> int:
    name = normalise_username(username)
    return sum(1 for u in list_users(session) if u.role == "admin" and u.active and u.username != name)


def update_user(
    session: Session,
    settings: Settings,
    username: str,
    *,
    role: str | None = None,
    department: str | None = None,
    display_name: str | None = None,
    by: User | str | None = None,
) -> User:
    """Change role, department and/or display name. A role other than reporter drops the department."""
    current = get_user(session, username)
    new_role = _role(role) if role is not None else current.role
    if current.role == "admin" and new_role != "admin" and not _other_active_admins(session, username):
        raise InputError("不能更改最后一个管理员的角色。", hint="请先指定另一位管理员。")
    dept_in = (
        department if department is not None else (current.department if new_role == "reporter" else None)
    )
    dept = _department(session, settings, new_role, dept_in or None)
    before, after = UserRepository(session).update(
        username,
        role=new_role,
        department=dept,
        clear_department=dept is None,
        display_name=_display_name(display_name, current.username) if display_name is not None else None,
    )
    if before != after:
        audit.record(session, by, "user.update", f"user:{after.username}", _public(before), _public(after))
    return after


def set_active(session: Session, username: str, active: bool, *, by: User | str | None = None) -> User:
    """Disable (ending every session) or enable an account."""
    current = get_user(session, username)
    if (
        not active
        and current.role == "admin"
        and current.active
        and not _other_active_admins(session, username)
    ):
        raise InputError("不能停用最后一个管理员。", hint="请先指定另一位管理员。")
    before, after = UserRepository(session).update(username, active=active)
    if before != after:
        action = "user.enable" if active else "user.disable"
        audit.record(
            session, by, action, f"user:{after.username}", {"active": before.active}, {"active": active}
        )
    return after


def change_password(session: Session, username: str, password: str, *, by: User | str | None = None) -> User:
    """Set a new password and end every session of the account."""
    current = get_user(session, username)
    check_password_strength(password, current.username)
    user = UserRepository(session).set_password_hash(current.username, hash_password(password))
    # The audit log says that it changed, never what to.
    audit.record(session, by, "user.passwd", f"user:{user.username}", None, {"password": "已修改"})
    return user


def end_sessions(session: Session, user: User) -> None:
    UserRepository(session).end_sessions(user.id)


def session_user(session: Session, user_id: int, session_version: int) -> User | None:
    """The user a session cookie names, if the account is active and the session still current."""
    found = UserRepository(session).by_id(user_id)
    if found is None or not found.user.active or found.session_version != session_version:
        return None
    return found.user


def session_version(session: Session, user: User) -> int:
    found = UserRepository(session).by_id(user.id)
    return 0 if found is None else found.session_version


@dataclass(frozen=True, slots=True)
class LoginResult:
    user: User
    session_version: int


def _retry_after(failures: list[datetime], limit: int, window: timedelta, now: datetime) -> int | None:
    """Seconds until fewer than ``limit`` failures remain in the window, or None when not throttled."""
    if len(failures) < limit:
        return None
    frees_at = failures[len(failures) - limit] + window
    return max(1, int((frees_at - now).total_seconds() + 0.999))


def throttled_for(session: Session, settings: Settings, username: str, ip: str) -> int | None:
    now = utcnow()
    window = timedelta(seconds=settings.login_window_seconds)
    repo = LoginAttemptRepository(session)
    waits = [
        _retry_after(
            repo.failures(now - window, ip=ip, username=username), settings.login_max_failures, window, now
        ),
        _retry_after(repo.failures(now - window, ip=ip), settings.login_max_failures_per_ip, window, now),
    ]
    found = [w for w in waits if w is not None]
    return max(found) if found else None


def authenticate(session: Session, settings: Settings, username: str, password: str, ip: str) -> LoginResult:
    """Check a login. Raises LoginThrottled after too many failures from this address (for this
    username, or at all) within the window, without looking at the password; LoginFailed otherwise.

    The caller must commit even when this raises LoginFailed, or the failure is not counted.
    """
    attempts = LoginAttemptRepository(session)
    attempts.lock(ip)
    wait = throttled_for(session, settings, username, ip)
    if wait is not None:
        raise LoginThrottled(wait)
    users = UserRepository(session)
    found = users.credentials(username) if username.strip() and len(username) <= 64 else None
    try:
        _hasher.verify(found.password_hash if found else _dummy_hash(), password[:MAX_PASSWORD])
        ok = found is not None and found.user.active
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or found is None:
        attempts.record_failure(username or "-", ip)
        attempts.prune(utcnow() - timedelta(seconds=settings.login_window_seconds) * 2)
        raise LoginFailed()
    attempts.clear(username, ip)
    if _hasher.check_needs_rehash(found.password_hash):
        users.set_password_hash(found.user.username, hash_password(password), end_sessions=False)
    users.touch_login(found.user.id)
    return LoginResult(found.user, found.session_version)


def ensure_first_admin(session: Session) -> str | None:
    """On a database without users, create ``admin`` with a random password and return it (shown
    once, never stored in clear); None when there are users already."""
    if UserRepository(session).count():
        return None
    # Letters and digits only: easy to copy from a terminal, no leading "-" to confuse a shell.
    password = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16))
    user = UserRepository(session).add(
        DEFAULT_ADMIN,
        display_name="系统管理员",
        role="admin",
        department=None,
        password_hash=hash_password(password),
    )
    audit.record(session, audit.SYSTEM, "user.add", f"user:{user.username}", None, _public(user))
    return password


def secret_key(session: Session, settings: Settings) -> str:
    """The session signing key: the configured one, else one generated once and kept in the database
    (so sessions survive restarts and every worker process signs alike)."""
    if settings.secret_key:
        return settings.secret_key
    return AppSettingRepository(session).get_or_create(SECRET_KEY, lambda: secrets.token_urlsafe(48))


def users_page(session: Session, settings: Settings) -> dict[str, Any]:
    """The 管理 page's users and its JSON twin: every account, the roles, the units a reporter may have."""
    logins = last_logins(session)
    rows = []
    for u in list_users(session):
        at = logins.get(u.username)
        rows.append(
            {
                **user_dict(u),
                "last_login_at": at.isoformat() if at else None,
                "last_login_local": audit.local_time(at)[:16] if at else None,
            }
        )
    return {
        "users": rows,
        "roles": [{"role": r, "name": ROLE_NAMES[r]} for r in ROLES],
        "departments": list(dict.fromkeys(d.name for c in reporter_catalogues(session, settings) for d in c)),
        "min_password": MIN_PASSWORD,
    }
