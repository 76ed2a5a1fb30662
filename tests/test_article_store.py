"""Writing a processed article: only while it is pending, every field, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from pipeline.articles import _Outcome, _store_success
from pipeline.pubdate import PublishedDate
from pipeline.store import Article, session_scope


def _pending(url: str, db: str, state: str = "pending") -> int:
    with session_scope(db) as session:
        article = Article(url=url, state=state, attempts=0)
        session.add(article)
        session.flush()
        return article.id


def _outcome(text: str, published: PublishedDate | None) -> _Outcome:
    return _Outcome(
        text=text,
        text_source="page",
        page_error=None,
        title="A title",
        outlet="Harbor Courier",
        published=published,
        fingerprint=-42,
        sketch={"n": 2, "h": [1, 2]},
        detections=[{"candidate": "A", "leader": "B", "kind": "call"}],
    )


def test_a_pending_article_gets_every_field_once(database_url: str) -> None:
    first = _pending("https://news.example/first", database_url)
    original = _pending("https://news.example/original", database_url)
    when = dt.datetime(2024, 6, 3, 9, 30, tzinfo=dt.UTC)
    assert _store_success(database_url, first, _outcome("Body.", PublishedDate(when, "page")), original)
    # A second run with another outcome finds it done and writes nothing.
    assert _store_success(database_url, first, _outcome("Other body.", None), None)
    with session_scope(database_url) as session:
        article = session.get(Article, first)
        assert article is not None
        assert (article.state, article.attempts, article.error) == ("detected", 1, None)
        assert (article.text, article.text_source, article.page_error) == ("Body.", "page", None)
        assert (article.title, article.outlet) == ("A title", "Harbor Courier")
        assert (article.published_at, article.published_source) == (when, "page")
        assert (article.fingerprint, article.duplicate_of) == (-42, original)
        assert article.sketch == {"n": 2, "h": [1, 2]}
        assert article.detections == [{"candidate": "A", "leader": "B", "kind": "call"}]
        assert article.processed_at is not None


def test_undated_failed_and_missing_articles(database_url: str) -> None:
    undated = _pending("https://news.example/undated", database_url)
    assert _store_success(database_url, undated, _outcome("Body.", None), None)
    failed = _pending("https://news.example/failed", database_url, state="failed")
    assert not _store_success(database_url, failed, _outcome("Body.", None), None)
    assert not _store_success(database_url, 10_000, _outcome("Body.", None), None)
    with session_scope(database_url) as session:
        article = session.get(Article, undated)
        assert article is not None and (article.published_at, article.published_source) == (None, "none")
        gave_up = session.get(Article, failed)
        assert gave_up is not None and (gave_up.state, gave_up.text, gave_up.attempts) == ("failed", None, 0)
