"""Fixtures for tests that talk HTTP: the corpus server, configs pointing at it, a stand-in detector."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import AppConfig
from pipeline.contacts import Contact
from tests.support.configdir import make_config as make_test_config
from tests.support.webserver import CorpusServer

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.fixture
def corpus_server() -> Iterator[CorpusServer]:
    """A fresh server per test (its own port, log and faults) serving the shared corpus."""
    if not (CORPUS / "feeds").is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    with CorpusServer(CORPUS) as server:
        yield server


def _config_maker(directory: Path, database_url: str) -> Callable[..., AppConfig]:
    def make(feed_urls: list[str], **http: Any) -> AppConfig:
        feeds = [{"url": u, "name": u.rsplit("/", 1)[-1]} for u in feed_urls]
        return make_test_config(
            directory, database_url, feeds=feeds, settings={"http": http} if http else None
        )

    return make


@pytest.fixture
def make_config(tmp_path: Path, database_url: str) -> Callable[..., AppConfig]:
    """A config for ``feed_urls`` on the test database (SQLite, then PostgreSQL); ``http`` overrides."""
    return _config_maker(tmp_path, database_url)


@pytest.fixture
def make_sqlite_config(tmp_path: Path, sqlite_url: str) -> Callable[..., AppConfig]:
    """The same on SQLite only, for tests about the web rather than the store."""
    return _config_maker(tmp_path, sqlite_url)


class StandInDetector:
    """Test-only detector: one 'call' contact per text mentioning the marker word; records its calls."""

    def __init__(self, marker: str = "Netanyahu", fail_on: str | None = None) -> None:
        self.marker = marker
        self.fail_on = fail_on
        self.calls: list[tuple[str, dt.date | None, str | None]] = []

    def detect(self, text: str, published: dt.date | None, *, title: str | None = None) -> list[Contact]:
        self.calls.append((text, published, title))
        if self.fail_on and self.fail_on in text:
            raise RuntimeError("stand-in detector failure")
        if self.marker not in text:
            return []
        sentence = next(s for s in text.split(".") if self.marker in s).strip()
        return [
            Contact(
                candidate="Test Candidate",
                leader=self.marker,
                country="IL",
                kind="call",
                status="occurred",
                date=published.isoformat() if published else None,
                evidence=sentence,
                rule="stand-in",
            )
        ]


@pytest.fixture
def detector() -> StandInDetector:
    return StandInDetector()
