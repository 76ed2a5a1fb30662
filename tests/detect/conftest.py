"""A detector over the real config folder (gazetteer and watchlist), built once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.detect import Detector

CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture(scope="session")
def detector() -> Detector:
    return Detector.from_config(load_config(CONFIG, env={}))


@pytest.fixture(scope="session")
def contacts(detector: Detector):
    """detect(text, published) -> set of (candidate, leader, kind, status, date)."""

    def run(text: str, published: str = "2024-09-18") -> set[tuple[str, str, str, str, str | None]]:
        day = dt.date.fromisoformat(published)
        return {(c.candidate, c.leader, c.kind, c.status, c.date) for c in detector.detect(text, day)}

    return run
