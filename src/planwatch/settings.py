"""One settings object, built by the caller (never at import time). Env prefix ``PLANWATCH_``."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_URL = "sqlite:///planwatch.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLANWATCH_", extra="ignore")

    db_url: str = DEFAULT_DB_URL
    max_file_bytes: int = 50 * 1024 * 1024
    evidence_max_bytes: int = 20 * 1024 * 1024  # one evidence file (佐证材料) of a progress report
    display_timezone: str = "Asia/Shanghai"  # times on pages, exports and the CLI; stored in UTC
    auto_migrate: bool = True
    debug: bool = False
    # a user's department catalogue (YAML) laid over the shipped Dalian one, or used alone
    department_catalogue: Path | None = None
    department_catalogue_replace: bool = False
    plan_end_year: int | None = None
    # -- web: who may see what, sessions, login throttling ------------------------------------------
    # True: anyone may read every page and GET API without logging in; every change still needs a login.
    public_read: bool = True
    # Signs session cookies. Empty: a key generated on first start and kept in the database.
    secret_key: str = ""
    session_max_age: int = 8 * 3600  # seconds a login lasts
    login_max_failures: int = 5  # failed logins per username and address within the window …
    login_max_failures_per_ip: int = 50  # … and per address over all usernames
    login_window_seconds: int = 15 * 60
    # Separation of duties: nobody approves a progress report they submitted themselves (admins and
    # planners included). False only for a one-person office, where no second reviewer exists.
    separate_review_duties: bool = True
    # -- e-mail digests (issue 6); empty smtp_host: e-mail is off ---------------------------------
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = ""  # sender; default "PlanWatch <planwatch@smtp_host>"
    smtp_user: str = ""  # empty: no login
    smtp_password: str = ""
    smtp_starttls: bool = False
