from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
DALIAN = CORPUS / "dalian-15th-fyp-recommendation.txt"


def _dalian_path() -> Path:
    if DALIAN.exists():
        return DALIAN
    # The package embeds the same plan; CI machines without shared/ still have it.
    return Path(__file__).resolve().parents[2] / "src" / "planwatch" / "data" / DALIAN.name


@pytest.fixture(scope="session")
def dalian_bytes() -> bytes:
    return _dalian_path().read_bytes()


@pytest.fixture(scope="session")
def dalian_text(dalian_bytes: bytes) -> str:
    return dalian_bytes.decode("utf-8")


@pytest.fixture(scope="session")
def dalian_lines(dalian_text: str) -> list[str]:
    return [line for line in dalian_text.split("\n") if line.strip()]
