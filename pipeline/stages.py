"""The stages of one monitoring cycle, as the DAG tasks and ``leaderwatch run`` call them.

Each stage takes the config and plain ids, reads the previous stage's rows from
the store and writes its own, so any stage can be retried or re-run on its own
(Airflow "tasks are transactions"). Stages pass ids, never article bodies.

    list_feeds -> fetch_feed (one per feed) -> process_articles (batches)
               -> match_events -> send_alerts

This module only wires the stage owners together: feeds.py, articles.py,
events.py and alerts.py hold the work.
"""

from __future__ import annotations

from typing import Any

from pipeline.config import AppConfig


def prepare_store(cfg: AppConfig) -> None:
    """Bring the database to head and load the config's baseline (idempotent)."""
    from pipeline.baseline import seed_config_baseline
    from pipeline.store import upgrade

    upgrade(cfg.settings.database_url)
    seed_config_baseline(cfg)


def list_feeds(cfg: AppConfig) -> list[int]:
    """Sync feeds.yaml into the store; return the ids of enabled feeds."""
    from pipeline.feeds import sync_feeds

    return sync_feeds(cfg)


def fetch_feed(cfg: AppConfig, feed_id: int) -> list[int]:
    """Poll one feed (conditional GET); store new entries as pending articles; return their ids.

    Raises FeedError when the feed is broken, after recording its health, so the
    Airflow task instance of that feed turns red and the others go on.
    """
    from pipeline.feeds import poll_feed

    return poll_feed(cfg, feed_id).new_article_ids


def pending_articles(cfg: AppConfig, limit: int | None = None) -> list[int]:
    """Ids of articles not yet processed (new ones and ones left by a failed run)."""
    from pipeline.articles import pending_article_ids

    return pending_article_ids(cfg, limit=limit or cfg.settings.max_articles_per_cycle)


def process_articles(cfg: AppConfig, article_ids: list[int]) -> list[int]:
    """Fetch, extract, date, fingerprint and run detection on each article; return the ids done."""
    from pipeline.articles import process_articles as _process

    return _process(cfg, article_ids)


def match_events(cfg: AppConfig, article_ids: list[int] | None = None) -> dict[str, Any]:
    """Turn detections into mentions/events and outbox alerts; return counts."""
    from pipeline.events import match_pending

    return match_pending(cfg, article_ids).as_dict()


def send_alerts(cfg: AppConfig, dry_run: bool = False, client: Any = None) -> dict[str, Any]:
    """Drain the outbox to Slack (or the dry-run sink); return counts.

    Raises AlertDeliveryError when a permanent Slack error (bad token, unknown
    channel) keeps alerts pending, so the operator sees a failed task.
    """
    from pipeline.alerts import send_pending

    return send_pending(cfg, dry_run=dry_run, client=client).as_dict()
