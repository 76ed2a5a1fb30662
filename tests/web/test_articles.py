"""Article processing: fallbacks to the feed summary, dates, near-duplicates, retries, idempotency."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from email.utils import format_datetime
from pathlib import Path

import pytest

from pipeline.articles import MAX_ATTEMPTS, pending_article_ids, process_articles
from pipeline.config import AppConfig
from pipeline.feeds import poll_feed, sync_feeds
from pipeline.store import Article, session_scope
from tests.support.webserver import CorpusServer
from tests.web.conftest import CORPUS, StandInDetector
from tests.web.helpers import articles, run_cycle

SUMMARY = "A summary written for this test, long enough to stand in for a page that is gone."


def _page_from_txt(name: str) -> str:
    """A bare page for a corpus article that has only a .txt (built at test time, no metadata)."""
    headline, _, body = (CORPUS / "articles" / f"{name}.txt").read_text(encoding="utf-8").partition("\n\n")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return f"<html><head><title>{html.escape(headline)}</title></head><body><article><h1>{html.escape(headline)}</h1>{paragraphs}</article></body></html>"


def _feed(*items: tuple[str, str, dt.datetime | None, str | None]) -> str:
    """RSS with (title, link, pubDate, summary) items."""
    parts = []
    for i, (title, link, published, summary) in enumerate(items):
        date = f"<pubDate>{format_datetime(published)}</pubDate>" if published else ""
        desc = f"<description>{html.escape(summary)}</description>" if summary else ""
        parts.append(
            f"<item><title>{html.escape(title)}</title><link>{link}</link><guid>t{i}</guid>{date}{desc}</item>"
        )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>{"".join(parts)}</channel></rss>'


def _cycle(server: CorpusServer, make: Callable[..., AppConfig], feed: str, **http: object) -> AppConfig:
    cfg = make([server.put("/feeds/test.xml", feed, "application/rss+xml")], **http)
    run_cycle(cfg, StandInDetector())
    return cfg


def test_unusable_pages_fall_back_to_the_feed_summary(
    corpus_server: CorpusServer, make_sqlite_config: Callable[..., AppConfig]
) -> None:
    corpus_server.fault("/articles/forbidden.html", "status", code=403)
    corpus_server.fault("/articles/hanging.html", "hang", seconds=30)
    corpus_server.fault("/articles/huge.html", "huge", size=50_000_000, declare_length=False)
    corpus_server.put(
        "/articles/teaser.html", "<html><body><article><p>Subscribers only.</p></article></body></html>"
    )
    when = dt.datetime(2024, 6, 3, 9, 0, tzinfo=dt.UTC)
    feed = _feed(
        *[
            (name, f"{{BASE}}/articles/{name}.html", when, SUMMARY)
            for name in ("forbidden", "hanging", "huge", "teaser")
        ]
    )
    cfg = _cycle(corpus_server, make_sqlite_config, feed, read_timeout=0.5, deadline=3)

    by_title = {a.title: a for a in articles(cfg)}
    expected = {
        "forbidden": "HTTP 403",
        "hanging": "timeout",
        "huge": "exceeds the cap",
        "teaser": "shorter than the feed summary",
    }
    for title, reason in expected.items():
        article = by_title[title]
        assert article.state == "detected", title
        assert article.text_source == "feed_summary" and article.text == SUMMARY, title
        assert article.page_error and reason in article.page_error, (title, article.page_error)
        assert article.published_at == when and article.published_source == "feed"


def test_page_without_a_summary_to_fall_back_on_is_retried_then_failed(
    corpus_server: CorpusServer, make_sqlite_config: Callable[..., AppConfig]
) -> None:
    corpus_server.fault("/articles/gone.html", "status", code=410)
    cfg = make_sqlite_config(
        [corpus_server.put("/feeds/test.xml", _feed(("gone", "{BASE}/articles/gone.html", None, None)))]
    )
    [feed_id] = sync_feeds(cfg)
    [article_id] = poll_feed(cfg, feed_id).new_article_ids
    detector = StandInDetector()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert pending_article_ids(cfg, 10) == [article_id]
        assert process_articles(cfg, [article_id], detector=detector) == []
        [article] = articles(cfg)
        assert article.attempts == attempt and article.error and "HTTP 410" in article.error
    assert article.state == "failed"
    assert pending_article_ids(cfg, 10) == []
    assert detector.calls == []


def test_detector_failure_keeps_the_article_retryable(
    corpus_server: CorpusServer, make_sqlite_config: Callable[..., AppConfig]
) -> None:
    cfg = make_sqlite_config([corpus_server.url("/feeds/dev-rss.xml")])
    [feed_id] = sync_feeds(cfg)
    ids = poll_feed(cfg, feed_id).new_article_ids
    failing = StandInDetector(fail_on="Netanyahu")
    done = process_articles(cfg, ids, detector=failing)
    stored = {a.id: a for a in articles(cfg)}
    failed = [i for i in ids if stored[i].state == "pending"]
    assert failed and set(done) == set(ids) - set(failed)
    for article_id in failed:
        assert stored[article_id].attempts == 1 and "stand-in detector failure" in (
            stored[article_id].error or ""
        )
    # The next cycle, with a working detector, finishes them; the others are not redone.
    healthy = StandInDetector()
    assert sorted(process_articles(cfg, pending_article_ids(cfg, 100), detector=healthy)) == sorted(failed)
    assert len(healthy.calls) == len(failed)
    assert {a.state for a in articles(cfg)} == {"detected"}


def test_near_duplicate_rewrite_points_to_the_first_story(
    corpus_server: CorpusServer, make_config: Callable[..., AppConfig]
) -> None:
    corpus_server.put("/articles/dev-006.html", _page_from_txt("dev-006"))
    when = dt.datetime(2024, 7, 27, 8, tzinfo=dt.UTC)
    feed = _feed(
        ("wire story", "{BASE}/articles/dev-005.html", when, None),
        ("rewrite", "{BASE}/articles/dev-006.html", when, None),
        ("other story", "{BASE}/articles/dev-004.html", when, None),
    )
    cfg = _cycle(corpus_server, make_config, feed)
    by_title = {a.title: a for a in articles(cfg)}
    assert by_title["rewrite"].duplicate_of == by_title["wire story"].id
    assert by_title["wire story"].duplicate_of is None and by_title["other story"].duplicate_of is None
    # Detection still ran on the copy, so its event gains a source.
    assert by_title["rewrite"].state == "detected" and by_title["rewrite"].detections
    assert all(a.fingerprint is not None and a.sketch for a in by_title.values())


def test_wrong_dateline_does_not_override_the_feed_date(
    corpus_server: CorpusServer, make_sqlite_config: Callable[..., AppConfig]
) -> None:
    corpus_server.put("/articles/dev-012.html", _page_from_txt("dev-012"))
    when = dt.datetime(2024, 11, 15, 14, tzinfo=dt.UTC)
    cfg = make_sqlite_config(
        [corpus_server.put("/feeds/test.xml", _feed(("milei", "{BASE}/articles/dev-012.html", when, None)))]
    )
    detector = StandInDetector()
    run_cycle(cfg, detector)
    [article] = articles(cfg)
    assert article.published_source == "feed" and article.published_at == when
    assert detector.calls[0][1] == dt.date(2024, 11, 15)


def test_undated_story_is_dated_by_when_the_feed_first_listed_it(
    corpus_server: CorpusServer, make_sqlite_config: Callable[..., AppConfig]
) -> None:
    corpus_server.put("/articles/undated.html", _page_from_txt("dev-009"))
    cfg = make_sqlite_config(
        [corpus_server.put("/feeds/test.xml", _feed(("undated", "{BASE}/articles/undated.html", None, None)))]
    )
    detector = StandInDetector()
    run_cycle(cfg, detector)
    [article] = articles(cfg)
    assert article.published_source == "seen" and article.published_at == article.created_at
    assert detector.calls[0][1] == article.created_at.date()


def test_processing_is_idempotent(
    corpus_server: CorpusServer, make_config: Callable[..., AppConfig], detector: StandInDetector
) -> None:
    cfg = make_config([corpus_server.url("/feeds/dev-atom.xml")])
    [feed_id] = sync_feeds(cfg)
    ids = poll_feed(cfg, feed_id).new_article_ids
    first = process_articles(cfg, ids, detector=detector)
    calls = len(detector.calls)
    snapshot = {a.id: (a.state, a.text, a.detections, a.processed_at) for a in articles(cfg)}
    page_requests = len([p for p in corpus_server.paths() if p.startswith("/articles/")])

    assert process_articles(cfg, ids, detector=detector) == first == sorted(ids)
    assert len(detector.calls) == calls
    assert {a.id: (a.state, a.text, a.detections, a.processed_at) for a in articles(cfg)} == snapshot
    assert len([p for p in corpus_server.paths() if p.startswith("/articles/")]) == page_requests


def test_prefilled_text_is_not_fetched(
    make_sqlite_config: Callable[..., AppConfig], detector: StandInDetector, corpus_dir: Path
) -> None:
    cfg = make_sqlite_config([])
    text = (corpus_dir / "articles" / "dev-004.txt").read_text(encoding="utf-8").partition("\n\n")[2]
    with session_scope(cfg.settings.database_url) as session:
        article = Article(
            url="http://10.9.9.9/news/2024/07/26/saved.html", text=text, text_source="file", state="pending"
        )
        session.add(article)
        session.flush()
        article_id = article.id
    assert process_articles(cfg, [article_id], detector=detector) == [article_id]
    [stored] = articles(cfg)
    assert stored.text_source == "file" and stored.page_error is None and stored.state == "detected"
    assert stored.published_source == "url" and stored.published_at is not None
    assert stored.published_at.date() == dt.date(2024, 7, 26)


@pytest.mark.parametrize("ids", [[], [999]])
def test_nothing_to_do(
    make_sqlite_config: Callable[..., AppConfig], detector: StandInDetector, ids: list[int]
) -> None:
    assert process_articles(make_sqlite_config([]), ids, detector=detector) == []
