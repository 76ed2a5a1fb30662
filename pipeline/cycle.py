"""One monitoring cycle in a single process: what ``leaderwatch run`` does.

The Airflow monitor DAG runs the same stages (pipeline/stages.py) as separate
tasks; this module strings them together for the command line and the tests,
keeping the same failure rule: a broken feed is reported and the others go on.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from pipeline import stages
from pipeline.config import AppConfig

log = logging.getLogger(__name__)


@dataclass
class CycleReport:
    feeds: int = 0
    feed_errors: dict[str, str] = field(default_factory=dict)
    new_articles: int = 0
    processed_articles: int = 0
    matched: dict[str, Any] = field(default_factory=dict)
    sent: dict[str, Any] = field(default_factory=dict)
    delivery_error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """A cycle is healthy when alerts could be delivered; broken feeds are reported, not fatal."""
        return self.delivery_error is None

    def render(self) -> str:
        lines = [
            f"feeds polled: {self.feeds} ({len(self.feed_errors)} failed)",
            f"new articles: {self.new_articles}, processed: {self.processed_articles}",
            f"events: {_fmt(self.matched)}",
            f"alerts: {_fmt(self.sent)}",
        ]
        lines += [f"  feed error: {url}: {err}" for url, err in self.feed_errors.items()]
        if self.delivery_error:
            lines.append(f"  alert delivery error: {self.delivery_error}")
        lines.append(f"cycle took {self.seconds:.1f} s")
        return "\n".join(lines)


def _fmt(counts: dict[str, Any]) -> str:
    # Id lists (article_ids, alert_ids) are for the DAG's XCom; a person reads their length.
    parts = [f"{k} {len(v) if isinstance(v, list | tuple) else v}" for k, v in counts.items()]
    return ", ".join(parts) or "none"


def run_cycle(cfg: AppConfig, dry_run: bool = False, client: Any = None) -> CycleReport:
    from pipeline.alerts import AlertDeliveryError
    from pipeline.feeds import FeedError
    from pipeline.store import Feed, session_scope

    started = time.monotonic()
    report = CycleReport()
    stages.prepare_store(cfg)
    feed_ids = stages.list_feeds(cfg)
    report.feeds = len(feed_ids)
    for feed_id in feed_ids:
        try:
            report.new_articles += len(stages.fetch_feed(cfg, feed_id))
        except FeedError as exc:
            with session_scope(cfg.settings.database_url) as session:
                feed = session.get(Feed, feed_id)
                url = feed.url if feed else str(feed_id)
            report.feed_errors[url] = str(exc)
            log.warning("feed %s failed: %s", url, exc)
    # Pending articles include ones a crashed or failed earlier cycle left behind.
    pending = stages.pending_articles(cfg)
    report.processed_articles = len(stages.process_articles(cfg, pending))
    report.matched = stages.match_events(cfg)
    try:
        report.sent = stages.send_alerts(cfg, dry_run=dry_run, client=client)
    except AlertDeliveryError as exc:
        report.delivery_error = str(exc)
    report.seconds = time.monotonic() - started
    return report
