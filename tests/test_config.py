"""Config validation: every bad file gets an error naming the file, the entry and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import ConfigError, load_config

REPO_CONFIG = Path(__file__).resolve().parents[1] / "config"


@pytest.fixture
def cfg_dir(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(REPO_CONFIG, target)
    return target


def test_repo_config_loads() -> None:
    cfg = load_config(REPO_CONFIG, env={})
    names = {c.name for c in cfg.watchlist}
    assert names == {"Donald Trump", "Kamala Harris", "JD Vance", "Tim Walz"}
    assert cfg.feeds and all(f.url.startswith("http") for f in cfg.feeds)
    assert cfg.settings.database_url.startswith("sqlite:////")  # resolved to an absolute path


def test_check_config_ok(cfg_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(cfg_dir), "check-config"]) == 0
    assert "OK" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("file", "content", "expected"),
    [
        (
            "feeds.yaml",
            "feeds:\n  - name: Wire\n    outlet: X\n",
            ["feeds.yaml", "feeds[0] (Wire)", "'url'", "Field required"],
        ),
        (
            "feeds.yaml",
            "feeds:\n  - name: Wire\n    url: ftp://x\n",
            ["feeds.yaml", "feeds[0] (Wire)", "'url'"],
        ),
        (
            "baseline.yaml",
            "baseline:\n  - {candidate: Donald Trump, leader: Viktor Orbán, kind: meeting, status: happened}\n",
            ["baseline.yaml", "baseline[0]", "'status'", "occurred"],
        ),
        (
            "baseline.yaml",
            "baseline:\n  - {candidate: Donald Trump, leader: Viktor Orbán, kind: meeting, status: occurred,"
            " date: '2024-13-01'}\n",
            ["baseline.yaml", "baseline[0]", "'date'", "2024-13-01"],
        ),
        (
            "feeds.yaml",
            "feeds:\n  - url: http://a\n   name: bad indent\n",
            ["feeds.yaml", "YAML syntax error", "line"],
        ),
        ("watchlist.yaml", "", ["watchlist.yaml", "empty"]),
        (
            "watchlist.yaml",
            "candidates:\n  - name: A\n    country: USA\n",
            ["watchlist.yaml", "candidates[0] (A)", "'country'"],
        ),
        ("settings.yaml", "http:\n  max_bytes: -1\n", ["settings.yaml", "'max_bytes'", "greater than 0"]),
        ("settings.yaml", "slack:\n  chanel: '#x'\n", ["settings.yaml", "'chanel'", "unknown field"]),
        (
            "leaders.yaml",
            "leaders:\n  - name: X Y\n    country: ZZZ\n    terms: [{title: president, start: 2020-01-01}]\n",
            ["leaders.yaml", "leaders[0] (X Y)", "'country'"],
        ),
        (
            "leaders.yaml",
            "leaders:\n  - name: X Y\n    country: FR\n    terms: [{title: president, start: 2020-01-01, end: 2019-01-01}]\n",
            ["leaders.yaml", "leaders[0] (X Y)", "terms[0]", "before its start"],
        ),
    ],
)
def test_bad_config_names_file_entry_field(
    cfg_dir: Path, capsys: pytest.CaptureFixture[str], file: str, content: str, expected: list[str]
) -> None:
    (cfg_dir / file).write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(cfg_dir, env={})
    for part in expected:
        assert part in str(info.value), (part, str(info.value))
    # The command exits non-zero with the same message.
    assert main(["--config", str(cfg_dir), "check-config"]) == 2
    err = capsys.readouterr().err
    assert file in err


def test_missing_file_and_folder(tmp_path: Path, cfg_dir: Path) -> None:
    (cfg_dir / "feeds.yaml").unlink()
    with pytest.raises(ConfigError, match=r"feeds\.yaml: file not found"):
        load_config(cfg_dir, env={})
    with pytest.raises(ConfigError, match="config folder not found"):
        load_config(tmp_path / "nowhere", env={})


def test_environment_overrides_secrets(cfg_dir: Path) -> None:
    env = {
        "LEADERWATCH_DATABASE_URL": "postgresql+psycopg2://u@127.0.0.1/x",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "LEADERWATCH_SLACK_CHANNEL": "#alerts",
    }
    cfg = load_config(cfg_dir, env=env)
    assert cfg.settings.database_url == env["LEADERWATCH_DATABASE_URL"]
    assert cfg.settings.slack.token == "xoxb-test"
    assert cfg.settings.slack.is_live
    forced = load_config(cfg_dir, env={**env, "LEADERWATCH_ALERT_MODE": "dry-run"})
    assert not forced.settings.slack.is_live


def test_no_token_means_dry_run(cfg_dir: Path) -> None:
    assert not load_config(cfg_dir, env={}).settings.slack.is_live
