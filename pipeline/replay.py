"""``leaderwatch replay``: run a scenario's article stream through detection and matching.

A scenario (SCHEMA.md, "scenario*.yaml") lists a starting baseline, a stream of
article ids in publication order and the alerts a correct system sends.
:func:`replay` starts from an empty temporary SQLite store seeded with the
baseline, runs the detector on each stream article's ``.txt`` and matches the
detections with the same code as the monitoring cycle
(:func:`pipeline.events.match_pending`), collecting the alerts each article
raises. From ``gold.jsonl`` it reads only ``id``, ``file`` and ``published``:
never the gold contacts.

:func:`score_alerts` compares produced alerts with the scenario's, scored as
SCHEMA.md says: optional alerts are free, order within one article is free.
Nothing is sent anywhere; the temporary store is deleted afterwards.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from pipeline.baseline import import_baseline, leader_countries, read_baseline_file
from pipeline.config import AppConfig, BaselineEvent, ConfigError
from pipeline.contacts import Contact
from pipeline.events import dates_compatible, match_pending
from pipeline.store import Alert, Article, Event, get_engine, session_scope, upgrade

ALERT_FIELDS = ("after", "type", "candidate", "leader", "kind", "status", "date")


@dataclass(frozen=True)
class StreamArticle:
    id: str
    path: Path
    published: dt.date


@dataclass(frozen=True)
class Scenario:
    baseline: tuple[BaselineEvent, ...]
    stream: tuple[str, ...]
    alerts: tuple[dict[str, Any], ...]


Detect = Callable[[str, dt.date, str | None], Sequence[Contact]]


def load_scenario(path: Path) -> Scenario:
    if not path.exists():
        raise ConfigError(f"{path}: scenario file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: YAML syntax error: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("stream"), list):
        raise ConfigError(f"{path}: expected a mapping with a 'stream' list of article ids")
    return Scenario(
        baseline=tuple(read_baseline_file(path)),
        stream=tuple(str(a) for a in data["stream"]),
        alerts=tuple(data.get("alerts") or ()),
    )


def read_stream(corpus: Path, ids: Sequence[str]) -> list[StreamArticle]:
    """The stream's articles from gold.jsonl: only id, file and published are read."""
    gold = corpus / "gold.jsonl"
    if not gold.exists():
        raise ConfigError(f"{gold}: not found (is {corpus} a corpus folder?)")
    index: dict[str, StreamArticle] = {}
    with gold.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                index[row["id"]] = StreamArticle(
                    id=row["id"], path=corpus / row["file"], published=dt.date.fromisoformat(row["published"])
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(
                    f"{gold}: line {n}: needs id, file and published (YYYY-MM-DD): {exc}"
                ) from exc
    missing = [i for i in ids if i not in index]
    if missing:
        raise ConfigError(f"{gold}: stream ids not found: {', '.join(missing)}")
    return [index[i] for i in ids]


def split_headline(text: str) -> tuple[str | None, str]:
    """(headline, text): line 1 is the headline when a blank line follows it (SCHEMA.md)."""
    first, sep, rest = text.partition("\n")
    if sep and rest.startswith("\n") and 0 < len(first.strip()) <= 300:
        return first.strip(), text
    return None, text


def default_detector(cfg: AppConfig) -> Detect:
    from pipeline.detect import Detector

    detector = Detector.from_config(cfg)

    def detect(text: str, published: dt.date, title: str | None) -> Sequence[Contact]:
        return detector.detect(text, published, title=title)

    return detect


def replay(
    cfg: AppConfig, corpus: Path, scenario: Scenario, detect: Detect | None = None
) -> list[dict[str, Any]]:
    """The alerts the stream raises, in order, as ``{after, type, candidate, leader, kind, status, date}``."""
    articles = read_stream(corpus, scenario.stream)
    detect = detect or default_detector(cfg)
    with tempfile.TemporaryDirectory(prefix="leaderwatch-replay-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'replay.db'}"
        settings = cfg.settings.model_copy(update={"database_url": url})
        replay_cfg = dataclasses.replace(cfg, settings=settings, baseline=())
        try:
            upgrade(url)
            import_baseline(url, scenario.baseline, leader_countries(cfg))
            return [alert for art in articles for alert in _replay_article(replay_cfg, url, art, detect)]
        finally:
            get_engine(url).dispose()


def _replay_article(cfg: AppConfig, url: str, art: StreamArticle, detect: Detect) -> list[dict[str, Any]]:
    try:
        text = art.path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{art.path}: cannot read article {art.id}: {exc}") from exc
    title, text = split_headline(text)
    # The detector finds the headline itself (as `leaderwatch detect` does with a
    # .txt); passing it as `title` too would prepend it a second time.
    contacts = detect(text, art.published, None)
    with session_scope(url) as session:
        article = Article(
            url=f"replay:{art.id}",
            title=title,
            text=text,
            published_at=dt.datetime.combine(art.published, dt.time(12), tzinfo=dt.UTC),
            published_source="file",
            text_source="file",
            state="detected",
            detections=[c.to_json(explain=True) for c in contacts],
        )
        session.add(article)
        session.flush()
        article_id = article.id
    report = match_pending(cfg, [article_id])
    with session_scope(url) as session:
        rows = session.execute(
            select(Alert, Event).join(Event, Event.id == Alert.event_id).where(Alert.id.in_(report.alert_ids))
        ).all()
        return [
            {
                "after": art.id,
                "type": alert.type,
                "candidate": event.candidate,
                "leader": event.leader,
                "kind": event.kind,
                "status": alert.status,
                "date": alert.date,
            }
            for alert, event in sorted(rows, key=lambda r: r[0].id)
        ]


# ------------------------------------------------------------------------ score


@dataclass
class AlertScore:
    """Produced vs expected alerts; optional expected alerts are neither rewarded nor penalised."""

    matched: int = 0
    expected: int = 0  # non-optional expected alerts
    produced: int = 0
    optional_matched: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    extra: list[dict[str, Any]] = field(default_factory=list)
    duplicate_new: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        scored = self.produced - self.optional_matched
        return self.matched / scored if scored else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def perfect(self) -> bool:
        return not self.missed and not self.extra and not self.duplicate_new

    def as_dict(self) -> dict[str, Any]:
        return {
            "matched": self.matched,
            "expected": self.expected,
            "produced": self.produced,
            "optional_matched": self.optional_matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "duplicate_new": len(self.duplicate_new),
            "missed": self.missed,
            "extra": self.extra,
        }


def _same_alert(expected: dict[str, Any], produced: dict[str, Any]) -> bool:
    keys = [k for k in ALERT_FIELDS if k != "date" or "date" in expected]
    return all(expected.get(k) == produced.get(k) for k in keys)


def score_alerts(expected: Sequence[dict[str, Any]], produced: Sequence[dict[str, Any]]) -> AlertScore:
    """Match alerts article by article (order within an article is free), one to one."""
    score = AlertScore(produced=len(produced))
    score.expected = sum(1 for e in expected if not e.get("optional"))
    unused = list(produced)
    # Required alerts first, so an optional one cannot take a produced alert a required one needs.
    for exp in sorted(expected, key=lambda e: bool(e.get("optional"))):
        hit = next((p for p in unused if _same_alert(exp, p)), None)
        if hit is None:
            if not exp.get("optional"):
                score.missed.append(dict(exp))
            continue
        unused.remove(hit)
        if exp.get("optional"):
            score.optional_matched += 1
        else:
            score.matched += 1
    score.extra = [dict(p) for p in unused]
    seen: list[dict[str, Any]] = []
    for p in produced:
        if p.get("type") != "new":
            continue
        if any(
            (s["candidate"], s["leader"], s["kind"]) == (p["candidate"], p["leader"], p["kind"])
            and dates_compatible(s.get("date"), p.get("date"))
            for s in seen
        ):
            score.duplicate_new.append(dict(p))
        seen.append(p)
    return score


def replay_command(cfg: AppConfig, args: argparse.Namespace) -> int:
    """``leaderwatch replay CORPUS_DIR --scenario FILE``: alerts as JSON lines on stdout."""
    scenario = load_scenario(Path(args.scenario))
    alerts = replay(cfg, Path(args.corpus), scenario)
    for alert in alerts:
        sys.stdout.write(json.dumps({k: alert[k] for k in ALERT_FIELDS}, ensure_ascii=False) + "\n")
    if getattr(args, "score", False):
        score = score_alerts(scenario.alerts, alerts)
        print(json.dumps(score.as_dict(), ensure_ascii=False), file=sys.stderr)
        return 0 if score.perfect else 1
    return 0
