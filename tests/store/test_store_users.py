"""Users, failed logins, the audit log and application settings, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from planwatch.model import AuditEntry, InputError, NotFoundError
from planwatch.store.engine import session_factory, transaction
from planwatch.store.users import (
    AppSettingRepository,
    AuditFilter,
    AuditRepository,
    LoginAttemptRepository,
    UserRepository,
)

T0 = datetime(2026, 5, 12, 1, 0, tzinfo=UTC)


def _add(engine: Engine, username: str, role: str = "viewer", department: str | None = None) -> None:
    with transaction(engine) as session:
        UserRepository(session).add(
            username, display_name=f"用户{username}", role=role, department=department, password_hash="$h$"
        )


def test_add_and_read_back(engine: Engine) -> None:
    _add(engine, "Zhang.San", "reporter", "大连市教育局")
    with session_factory(engine)() as session:
        repo = UserRepository(session)
        user = repo.get("zhang.san")
        assert user is not None
        assert user.username == "zhang.san"  # stored lower-case
        assert user.display_name == "用户Zhang.San"
        assert (user.role, user.department, user.active) == ("reporter", "大连市教育局", True)
        assert user.created_at.tzinfo is not None
        creds = repo.credentials(" ZHANG.SAN ")
        assert creds is not None and creds.password_hash == "$h$" and creds.session_version == 1
        assert repo.by_id(user.id) == creds
        assert repo.by_id(2**40) is None  # out of the 32-bit range: no query error
        assert repo.get("nobody") is None
        assert repo.count() == 1


def test_usernames_are_unique_whatever_the_case(engine: Engine) -> None:
    _add(engine, "li")
    with pytest.raises(InputError, match="已存在"):
        _add(engine, "LI")
    with session_factory(engine)() as session:
        assert [u.username for u in UserRepository(session).list()] == ["li"]


def test_disabling_and_password_changes_bump_the_session_version(engine: Engine) -> None:
    _add(engine, "wang")
    with transaction(engine) as session:
        repo = UserRepository(session)
        before, after = repo.update("wang", role="planner", display_name="王")
        assert (before.role, after.role, after.display_name) == ("viewer", "planner", "王")
        assert repo.credentials("wang").session_version == 1  # type: ignore[union-attr]
        repo.update("wang", active=False)
        assert repo.credentials("wang").session_version == 2  # type: ignore[union-attr]
        repo.update("wang", active=False)  # already disabled: nothing more to end
        assert repo.credentials("wang").session_version == 2  # type: ignore[union-attr]
        repo.set_password_hash("wang", "$new$")
        creds = repo.credentials("wang")
        assert creds is not None and (creds.password_hash, creds.session_version) == ("$new$", 3)
        repo.set_password_hash("wang", "$rehashed$", end_sessions=False)
        assert repo.credentials("wang").session_version == 3  # type: ignore[union-attr]
        repo.end_sessions(creds.user.id)
        assert repo.credentials("wang").session_version == 4  # type: ignore[union-attr]
        with pytest.raises(NotFoundError):
            repo.update("nobody", active=False)


def test_failed_logins_are_counted_per_username_and_address(engine: Engine) -> None:
    with transaction(engine) as session:
        repo = LoginAttemptRepository(session)
        for minutes in (0, 1, 2):
            repo.record_failure("Zhao", "10.0.0.1", T0 + timedelta(minutes=minutes))
        repo.record_failure("zhao", "10.0.0.2", T0)
        repo.record_failure("qian", "10.0.0.1", T0 + timedelta(minutes=3))
    with transaction(engine) as session:
        repo = LoginAttemptRepository(session)
        assert len(repo.failures(T0, ip="10.0.0.1", username="ZHAO")) == 3
        assert repo.failures(T0 + timedelta(minutes=1), ip="10.0.0.1", username="zhao") == [
            T0 + timedelta(minutes=1),
            T0 + timedelta(minutes=2),
        ]
        assert len(repo.failures(T0, ip="10.0.0.1")) == 4
        repo.clear("zhao", "10.0.0.1")
        assert repo.failures(T0, ip="10.0.0.1", username="zhao") == []
        assert len(repo.failures(T0, ip="10.0.0.2", username="zhao")) == 1
        repo.prune(T0 + timedelta(minutes=2))
        assert len(repo.failures(T0 - timedelta(days=1), ip="10.0.0.1")) == 1


def _entries(engine: Engine, f: AuditFilter, **kwargs: int) -> list[AuditEntry]:
    with session_factory(engine)() as session:
        return AuditRepository(session).query(f, **kwargs)  # type: ignore[arg-type]


def test_audit_entries_round_trip_and_filter(engine: Engine) -> None:
    before = {"lead": "大连市教育局", "cooperating": ["大连市财政局"], "due": "2027"}
    after = {"lead": "大连市科学技术局", "cooperating": [], "due": "持续推进", "ratio": 63.6}
    with transaction(engine) as session:
        repo = AuditRepository(session)
        repo.add("planner1", "assignment.override", "plan:1/task:p3.a7.t2", before, after, at=T0)
        repo.add("admin", "user.add", "user:planner1", None, {"role": "planner"}, at=T0 + timedelta(hours=1))
        repo.add(
            "admin",
            "user.disable",
            "user:100%_x",
            {"active": True},
            {"active": False},
            at=T0 + timedelta(days=1),
        )
    everything = _entries(engine, AuditFilter())
    assert [e.action for e in everything] == [
        "user.disable",
        "user.add",
        "assignment.override",
    ]  # newest first
    override = everything[-1]
    assert override.before == before and override.after == after  # Chinese text and floats unchanged
    assert override.at == T0
    assert everything[1].before is None

    assert [e.action for e in _entries(engine, AuditFilter(username="admin"))] == ["user.disable", "user.add"]
    assert [e.action for e in _entries(engine, AuditFilter(action="user."))] == ["user.disable", "user.add"]
    assert [
        e.action for e in _entries(engine, AuditFilter(action="user"))
    ] == []  # exact unless it ends in "."
    assert [e.target for e in _entries(engine, AuditFilter(target="p3.a7"))] == ["plan:1/task:p3.a7.t2"]
    # LIKE metacharacters in a filter are text, not wildcards
    assert [e.target for e in _entries(engine, AuditFilter(target="100%_"))] == ["user:100%_x"]
    assert _entries(engine, AuditFilter(target="10_")) == []  # as a wildcard, "_" would match "100"
    window = AuditFilter(since=T0 + timedelta(minutes=30), until=T0 + timedelta(days=1))
    assert [e.action for e in _entries(engine, window)] == ["user.add"]
    assert [e.action for e in _entries(engine, AuditFilter(), limit=1, offset=1)] == ["user.add"]
    with session_factory(engine)() as session:
        repo = AuditRepository(session)
        assert repo.count(AuditFilter(username="admin")) == 2
        assert repo.actions() == ["assignment.override", "user.add", "user.disable"]


def test_generated_setting_is_made_once(engine: Engine) -> None:
    with transaction(engine) as session:
        assert AppSettingRepository(session).get("secret_key") is None
        first = AppSettingRepository(session).get_or_create("secret_key", lambda: "one")
    with transaction(engine) as session:
        again = AppSettingRepository(session).get_or_create("secret_key", lambda: "two")
    assert first == again == "one"


def test_concurrent_first_starts_agree_on_one_value(engine: Engine) -> None:
    results: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def worker(n: int) -> None:
        try:
            start.wait()
            with transaction(engine) as session:
                results.append(AppSettingRepository(session).get_or_create("k", lambda: f"value{n}"))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 1 and len(results) == 4
