"""Baseline import/export (YAML and CSV), idempotence, config seeding, and its effect on alerts."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from pipeline.baseline import import_baseline, read_baseline_file, seed_config_baseline
from pipeline.config import BaselineEvent, ConfigError
from pipeline.events import match_pending
from pipeline.store import Alert, Event, session_scope
from tests.support.configdir import make_config
from tests.support.detections import add_article, contact
from tests.support.quickconfig import config_for

ENTRIES: list[dict[str, Any]] = [
    {
        "candidate": "Donald Trump",
        "leader": "Viktor Orbán",
        "kind": "meeting",
        "status": "occurred",
        "date": "2019-05",
    },
    {
        "candidate": "Kamala Harris",
        "leader": "Volodymyr Zelenskyy",
        "kind": "call",
        "status": "planned",
        "date": None,
    },
]


def events(url: str) -> list[tuple[str, str, str, str, str | None, str | None, bool]]:
    with session_scope(url) as session:
        rows = session.scalars(select(Event).order_by(Event.id))
        return [(e.candidate, e.leader, e.kind, e.status, e.date, e.country, e.in_baseline) for e in rows]


def test_import_is_idempotent_and_fills_the_country(database_url: str) -> None:
    countries = {"Viktor Orbán": "HU", "Volodymyr Zelenskyy": "UA"}
    first = import_baseline(database_url, [BaselineEvent(**e) for e in ENTRIES], countries)
    again = import_baseline(database_url, [BaselineEvent(**e) for e in ENTRIES], countries)
    assert (first.added, again.added, again.unchanged) == (2, 0, 2)
    assert events(database_url) == [
        ("Donald Trump", "Viktor Orbán", "meeting", "occurred", "2019-05", "HU", True),
        ("Kamala Harris", "Volodymyr Zelenskyy", "call", "planned", None, "UA", True),
    ]


def test_import_refines_and_adopts_known_events(sqlite_url: str, tmp_path: Path) -> None:
    cfg = config_for(sqlite_url, tmp_path)
    add_article(sqlite_url, [contact("Donald Trump", "Viktor Orbán", status="planned", date="2019")])
    match_pending(cfg)
    report = import_baseline(sqlite_url, [BaselineEvent(**ENTRIES[0])])
    assert (report.added, report.marked) == (0, 1)
    assert events(sqlite_url) == [
        ("Donald Trump", "Viktor Orbán", "meeting", "occurred", "2019-05", None, True)
    ]


def test_yaml_and_csv_round_trip(tmp_path: Path, sqlite_url: str) -> None:
    from pipeline.cli import main

    cfg = make_config(tmp_path, sqlite_url)
    src = tmp_path / "known.yaml"
    src.write_text(yaml.safe_dump({"baseline": ENTRIES}, allow_unicode=True), encoding="utf-8")
    args = ["--config", str(cfg.directory), "baseline"]
    assert main([*args, "import", str(src)]) == 0
    assert main([*args, "import", str(src)]) == 0  # idempotent
    assert main([*args, "export", str(tmp_path / "out.csv")]) == 0
    assert main([*args, "export", str(tmp_path / "out.yaml")]) == 0
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["leader"], r["date"], r["country"]) for r in rows] == [
        ("Viktor Orbán", "2019-05", "HU"),
        ("Volodymyr Zelenskyy", "", "UA"),
    ]
    exported = read_baseline_file(tmp_path / "out.yaml")
    assert [e.model_dump(exclude={"country"}) for e in exported] == ENTRIES
    # The CSV goes back in as the same two events.
    other = f"sqlite:///{tmp_path / 'other.db'}"
    cfg2 = make_config(tmp_path / "two", other)
    assert main(["--config", str(cfg2.directory), "baseline", "import", str(tmp_path / "out.csv")]) == 0
    assert events(other) == events(sqlite_url)


def test_bad_files_name_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("candidate,leader,kind,status,date\nDonald Trump,Viktor Orbán,dinner,occurred,2019\n")
    with pytest.raises(ConfigError, match=r"bad\.csv.*baseline\[0\].*kind"):
        read_baseline_file(bad)
    extra = tmp_path / "extra.csv"
    extra.write_text("candidate,leader,kind,status,date,notes\n")
    with pytest.raises(ConfigError, match="unknown columns"):
        read_baseline_file(extra)
    (tmp_path / "x.json").write_text("[]")
    with pytest.raises(ConfigError, match="unknown format"):
        read_baseline_file(tmp_path / "x.json")


def test_config_baseline_seeds_and_silences(tmp_path: Path, sqlite_url: str) -> None:
    cfg = make_config(tmp_path, sqlite_url, baseline=[ENTRIES[0]])
    seed_config_baseline(cfg)
    seed_config_baseline(cfg)
    assert len(events(sqlite_url)) == 1
    add_article(sqlite_url, [contact("Donald Trump", "Viktor Orbán", date="2019-05-13")])
    match_pending(cfg)
    with session_scope(sqlite_url) as session:
        assert session.scalars(select(Alert)).all() == []


def test_scenario_file_reads_as_a_baseline(corpus_dir: Path) -> None:
    entries = read_baseline_file(corpus_dir / "scenario-dev.yaml")
    assert len(entries) >= 3 and all(e.candidate and e.leader for e in entries)
