"""The baseline: contacts analysts already know, which never raise a `new` alert.

Sources of baseline events: the config folder's optional ``baseline.yaml``
(:func:`seed_config_baseline`, run before every cycle), ``leaderwatch baseline
import FILE`` (YAML or CSV with the scenario baseline's fields: candidate,
leader, kind, status, date, optionally country), and backfills (events created
from digest-mode articles join the baseline; see pipeline/events.py).

Importing is idempotent: an entry that matches a stored event (same identity
rules as matching) marks that event as baseline instead of adding a second one.
``export`` writes every stored event in the same format, so a baseline can be
moved from one deployment to another.
"""

from __future__ import annotations

import argparse
import csv
import logging
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from pipeline.config import AppConfig, BaselineEvent, BaselineFile, ConfigError, _validate
from pipeline.events import advance, best_match, create_event, lock_identities, same_identity
from pipeline.store import Event, session_scope, upgrade

log = logging.getLogger(__name__)

FIELDS = ("candidate", "leader", "kind", "status", "date", "country")


@dataclass
class BaselineReport:
    added: int = 0
    marked: int = 0  # stored events that joined the baseline
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def leader_countries(cfg: AppConfig) -> dict[str, str]:
    return {leader.name: leader.country for leader in cfg.leaders}


def import_baseline(
    database_url: str, entries: Iterable[BaselineEvent], countries: dict[str, str] | None = None
) -> BaselineReport:
    """Store ``entries`` as baseline events (one transaction); idempotent."""
    entries = list(entries)
    countries = countries or {}
    report = BaselineReport()
    with session_scope(database_url) as session:
        lock_identities(session, ((e.candidate, e.leader, e.kind) for e in entries))
        for entry in entries:
            event = best_match(
                same_identity(session, entry.candidate, entry.leader, entry.kind), entry.date, entry.status
            )
            if event is None:
                create_event(
                    session, entry, in_baseline=True, country=entry.country or countries.get(entry.leader)
                )
                report.added += 1
                continue
            # What analysts know moves the event along silently, never backwards.
            before = (event.in_baseline, event.status, event.date)
            event.in_baseline = True
            advance(event, entry.status, entry.date)
            if (event.in_baseline, event.status, event.date) != before:
                report.marked += 1
            else:
                report.unchanged += 1
    return report


def seed_config_baseline(cfg: AppConfig) -> BaselineReport:
    """Load the config folder's baseline.yaml into the store (idempotent; cheap when done)."""
    if not cfg.baseline:
        return BaselineReport()
    return import_baseline(cfg.settings.database_url, cfg.baseline, leader_countries(cfg))


# ----------------------------------------------------------------------- files


def read_baseline_file(path: Path) -> list[BaselineEvent]:
    """Parse a YAML (``baseline:`` list, or a bare list) or CSV baseline; ConfigError names the row."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise ConfigError(f"{path}: file not found")
    if suffix in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: YAML syntax error: {exc}") from exc
        if isinstance(data, list):
            data = {"baseline": data}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: expected a 'baseline:' list of events")
        # Scenario files carry stream and alerts too; only the baseline matters here.
        data = {"baseline": data.get("baseline") or []}
    elif suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            unknown = set(reader.fieldnames or ()) - set(FIELDS)
            if unknown:
                raise ConfigError(f"{path}: unknown columns {sorted(unknown)}; expected {list(FIELDS)}")
            rows = [{k: (v.strip() or None) for k, v in row.items() if k} for row in reader]
        data = {"baseline": [{k: v for k, v in row.items() if v is not None} for row in rows]}
    else:
        raise ConfigError(f"{path}: unknown format {suffix!r}; use .yaml, .yml or .csv")
    baseline: BaselineFile = _validate(BaselineFile, data, path)
    return list(baseline.baseline)


def stored_events(database_url: str) -> list[dict[str, Any]]:
    with session_scope(database_url) as session:
        events = session.scalars(
            select(Event).order_by(Event.candidate, Event.leader, Event.kind, Event.date, Event.id)
        )
        return [{f: getattr(e, f) for f in FIELDS} for e in events]


def write_baseline_file(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        path.write_text(
            yaml.safe_dump({"baseline": list(rows)}, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
    else:
        raise ConfigError(f"{path}: unknown format {suffix!r}; use .yaml, .yml or .csv")


def baseline_command(cfg: AppConfig, args: argparse.Namespace) -> int:
    """``leaderwatch baseline import|export FILE``."""
    path = Path(args.file)
    url = cfg.settings.database_url
    upgrade(url)
    if args.action == "import":
        report = import_baseline(url, read_baseline_file(path), leader_countries(cfg))
        print(
            f"{path}: {report.added} added, {report.marked} joined the baseline, {report.unchanged} unchanged"
        )
        return 0
    rows = stored_events(url)
    write_baseline_file(path, rows)
    print(f"{path}: {len(rows)} events exported", file=sys.stderr)
    return 0
