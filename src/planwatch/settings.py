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
    # -- limits on what a request may send (issue 17); refused with 413 / 422 in Chinese --------------
    max_request_bytes: int = 64 * 1024 * 1024  # any request body, multipart uploads included
    max_json_bytes: int = 32 * 1024 * 1024  # a JSON or plain form body (JSON evidence travels as Base64)
    max_narrative_chars: int = 20_000  # the 进展情况 text of one progress report
    max_comment_chars: int = 2_000  # a review comment
    max_list_items: int = 50  # evidence names, kept file ids and such lists in one request
    # -- limits on what a document may expand to ---------------------------------------------------
    zip_max_inflated_bytes: int = 256 * 1024 * 1024  # all members of a docx/xlsx/zip, as inflated
    zip_max_member_bytes: int = 64 * 1024 * 1024  # one member (an XML part is parsed in memory)
    zip_max_members: int = 10_000
    max_document_chars: int = 2_000_000  # characters of text extracted from one document
    text_page_chars: int = 100_000  # the text reader shows a longer document or node page by page
    # SQLite: how long a write waits for another writer before the request is refused with 503
    db_busy_timeout_seconds: float = 10.0
    # -- background jobs (issue 18): imports and large exports run off the request path ----------------
    job_threads: int = 2  # jobs one server process runs at a time (each process runs those it queued)
    job_result_max_bytes: int = 200 * 1024 * 1024  # a job's result file kept in the database
    job_result_hours: int = 24  # how long a result file stays downloadable
    export_job_min_tasks: int = 2000  # task exports of more rows than this run as a job
    # -- e-mail digests (issue 6); empty smtp_host: e-mail is off ---------------------------------
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = ""  # sender; default "PlanWatch <planwatch@smtp_host>"
    smtp_user: str = ""  # empty: no login
    smtp_password: str = ""
    smtp_starttls: bool = False
