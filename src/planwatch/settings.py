"""One settings object, built by the caller (never at import time). Env prefix ``PLANWATCH_``."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_URL = "sqlite:///planwatch.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLANWATCH_", extra="ignore")

    db_url: str = DEFAULT_DB_URL
    max_file_bytes: int = 50 * 1024 * 1024
    auto_migrate: bool = True
    debug: bool = False
    # a user's department catalogue (YAML) laid over the shipped Dalian one, or used alone
    department_catalogue: Path | None = None
    department_catalogue_replace: bool = False
    plan_end_year: int | None = None
