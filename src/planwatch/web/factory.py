"""An app built from the environment's settings, for uvicorn workers (``--factory``)."""

from __future__ import annotations

from fastapi import FastAPI

from planwatch.settings import Settings
from planwatch.web.app import create_app


def app_from_env() -> FastAPI:
    return create_app(Settings())
