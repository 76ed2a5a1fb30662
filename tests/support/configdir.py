"""Build a config folder for a test: the repo's watchlist and leaders, test settings and feeds."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from pipeline.config import AppConfig, load_config

REPO_CONFIG = Path(__file__).resolve().parents[2] / "config"


def make_config(
    directory: Path,
    database_url: str,
    feeds: list[dict[str, Any]] | None = None,
    settings: dict[str, Any] | None = None,
    baseline: list[dict[str, Any]] | None = None,
) -> AppConfig:
    """Write a config folder under ``directory`` and load it (env overrides ignored)."""
    cfg_dir = directory / "config"
    cfg_dir.mkdir(parents=True, exist_ok=True)
    for name in ("watchlist.yaml", "leaders.yaml"):
        shutil.copy(REPO_CONFIG / name, cfg_dir / name)
    data: dict[str, Any] = {
        "database_url": database_url,
        "http": {"allow_hosts": ["127.0.0.1"], "connect_timeout": 2, "read_timeout": 3, "deadline": 6},
        "slack": {"mode": "dry-run", "dry_run_file": str(directory / "alerts.jsonl")},
    }
    for key, value in (settings or {}).items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    (cfg_dir / "settings.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (cfg_dir / "feeds.yaml").write_text(yaml.safe_dump({"feeds": feeds or []}), encoding="utf-8")
    if baseline is not None:
        (cfg_dir / "baseline.yaml").write_text(yaml.safe_dump({"baseline": baseline}), encoding="utf-8")
    return load_config(cfg_dir, env={})
