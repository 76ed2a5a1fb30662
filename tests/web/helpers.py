"""Helpers shared by the web tests: one monitoring cycle over feeds and pages, corpus facts."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from pipeline.articles import pending_article_ids, process_articles
from pipeline.config import AppConfig
from pipeline.feeds import FeedError, poll_feed, sync_feeds
from pipeline.store import Article, Feed, session_scope


@dataclass
class CycleResult:
    feed_ids: list[int]
    new_ids: list[int] = field(default_factory=list)
    processed: list[int] = field(default_factory=list)
    errors: dict[int, FeedError] = field(default_factory=dict)
    poll_seconds: dict[int, float] = field(default_factory=dict)


def run_cycle(cfg: AppConfig, detector: object) -> CycleResult:
    """What the DAG does: every feed (one failing does not stop the others), then the pages."""
    result = CycleResult(feed_ids=sync_feeds(cfg))
    for feed_id in result.feed_ids:
        started = time.monotonic()
        try:
            result.new_ids += poll_feed(cfg, feed_id).new_article_ids
        except FeedError as exc:
            result.errors[feed_id] = exc
        result.poll_seconds[feed_id] = time.monotonic() - started
    pending = pending_article_ids(cfg, limit=1000)
    result.processed = process_articles(cfg, pending, detector=detector)  # type: ignore[arg-type]
    return result


def articles(cfg: AppConfig) -> list[Article]:
    with session_scope(cfg.settings.database_url) as session:
        rows = list(session.scalars(select(Article).order_by(Article.id)))
        session.expunge_all()
        return rows


def feed_by_url(cfg: AppConfig, url: str) -> Feed:
    with session_scope(cfg.settings.database_url) as session:
        feed = session.scalars(select(Feed).where(Feed.url == url)).one()
        session.expunge(feed)
        return feed


def linked_articles(corpus: Path, base: str) -> set[str]:
    """Article URLs the corpus feeds link to, as the server serves them."""
    links: set[str] = set()
    for feed in (corpus / "feeds").glob("*.xml"):
        links |= set(re.findall(r"\{BASE\}(/articles/[\w.-]+\.html)", feed.read_text(encoding="utf-8")))
    return {base + path for path in links}
