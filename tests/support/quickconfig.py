"""An AppConfig per test without re-reading the config folder.

The repo's leaders.yaml (the merged gazetteer) takes seconds to parse and
validate; tests that only vary the database and the settings parse it once per
session and derive their config from it. Use tests/support/configdir.py
instead when a test needs the files on disk (CLI tests).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.config import AppConfig, SlackSettings, load_config

REPO_CONFIG = Path(__file__).resolve().parents[2] / "config"


@cache
def repo_config() -> AppConfig:
    return load_config(REPO_CONFIG, env={})


def config_for(
    database_url: str, tmp_path: Path, slack: dict[str, Any] | None = None, **settings: Any
) -> AppConfig:
    """The repo config with this database, dry-run Slack into ``tmp_path`` unless ``slack`` says
    otherwise, and ``settings`` overrides (e.g. ``alert_statuses=("occurred",)``)."""
    base = repo_config()
    slack_values = {"mode": "dry-run", "dry_run_file": str(tmp_path / "alerts.jsonl"), **(slack or {})}
    updated = base.settings.model_copy(
        update={"database_url": database_url, "slack": SlackSettings(**slack_values), **settings}
    )
    return dataclasses.replace(base, settings=updated, baseline=())
