"""Signing in and out, each in a transaction of its own: the web's login routes call these with the
engine (not with the request's session, which a refused login would roll back with its count of
failures). The checks themselves are ``services/admin/users.py``."""

from __future__ import annotations

from sqlalchemy import Engine

from planwatch.model import User
from planwatch.services.admin import users
from planwatch.settings import Settings
from planwatch.store.engine import transaction


def signing_key(engine: Engine, settings: Settings) -> str:
    """The key that signs session cookies (``users.secret_key``), created on first use."""
    with transaction(engine) as session:
        return users.secret_key(session, settings)


def attempt(
    engine: Engine, settings: Settings, username: str, password: str, ip: str
) -> users.LoginResult | users.LoginFailed:
    """The signed-in user, or the refusal. Committed when the password is wrong too, so that the
    failure counts; ``users.LoginThrottled`` propagates (nothing to count then)."""
    with transaction(engine) as session:
        try:
            return users.authenticate(session, settings, username, password, ip)
        except users.LoginFailed as exc:
            return exc


def end_sessions(engine: Engine, user: User) -> None:
    """End every session of ``user`` in every browser (logout)."""
    with transaction(engine) as session:
        users.end_sessions(session, user)
