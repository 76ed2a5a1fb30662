"""Shared fixtures: corpus location, throwaway databases on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.db import fresh_database

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
PEER_EXTRACT = SHARED / "peer" / "extract"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "gold.jsonl").exists():
        pytest.skip(f"annotated corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database migrated to head, once on SQLite and once on PostgreSQL."""
    if request.param == "postgres":
        request.applymarker(pytest.mark.postgres)
    yield from fresh_database(request.param, tmp_path_factory)


@pytest.fixture
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from fresh_database("sqlite", tmp_path_factory)
