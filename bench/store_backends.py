"""The store-heavy steps on SQLite and PostgreSQL side by side, on the same generated articles.

Per backend, on a fresh database:

1. ``poll_feed`` of one feed of M new items (served on 127.0.0.1): M pending
   articles and their entry keys, one transaction per entry (the feed's XML
   parse is timed apart, so the rest is the store's share);
2. ``backfill.store_found`` of M saved articles with their text: M pending
   articles in digest mode;
3. ``stages.process_articles`` on those M (text already there: no fetch, no
   extraction): date, fingerprint, near-duplicate lookup, detection, storage;
4. ``stages.match_events`` on them: events, mentions and digest alerts.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from bench.feed_site import FeedSite
from bench.harness import Section, Sizes, bench_config, database, postgres_reason
from bench.pages import PageGenerator
from tests.support.webserver import CorpusServer

BACKENDS = ("sqlite", "postgres")


def _texts(cfg: Any, count: int) -> list[Any]:
    """Saved articles (with their text, as a backfill of a folder finds them)."""
    import trafilatura

    from pipeline.backfill import Found

    out = []
    for page in PageGenerator(cfg, seed=5).pages(count):
        text = trafilatura.extract(page.html)
        if not text:
            continue
        published = dt.datetime(
            page.published.year, page.published.month, page.published.day, 12, tzinfo=dt.UTC
        )
        out.append(
            Found(
                url=f"https://archive.test/{page.slug}",
                published_at=published,
                published_source="page",
                title=page.title,
                outlet=page.outlet,
                text=text,
                text_source="file",
            )
        )
    return out


def _run_backend(kind: str, sizes: Sizes, workdir: Path, found: list[Any]) -> dict[str, Any]:
    from pipeline import stages
    from pipeline.backfill import store_found
    from pipeline.feeds import parse_feed, poll_feed, sync_feeds

    m = sizes.store_articles
    figures: dict[str, Any] = {}
    folder = workdir / f"store-{kind}"
    with CorpusServer() as server, database(kind, folder) as db:
        generator = PageGenerator(bench_config(folder, db), seed=3)
        site = FeedSite(generator, server, feeds=1, items=m)
        cfg = bench_config(folder, db, feeds=[{"name": "bench", "url": site.feed_urls()[0]}])
        stages.prepare_store(cfg)
        (feed_id,) = sync_feeds(cfg)
        feed_bytes = server.content(site.feeds[0].path).body  # type: ignore[union-attr]
        start = time.perf_counter()
        parse_feed(feed_bytes)
        parse_seconds = time.perf_counter() - start
        start = time.perf_counter()
        polled = poll_feed(cfg, feed_id)
        poll_seconds = time.perf_counter() - start
        figures["poll_feed"] = {
            "seconds": poll_seconds,
            "parse_seconds": parse_seconds,
            "store_seconds": poll_seconds - parse_seconds,
            "new": len(polled.new_article_ids),
        }

        start = time.perf_counter()
        ids = [store_found(cfg, f)[0] for f in found]
        figures["store_found"] = {"seconds": time.perf_counter() - start, "articles": len(ids)}

        stages.process_articles(cfg, ids[:1])  # builds the detector outside the timing
        start = time.perf_counter()
        done = stages.process_articles(cfg, ids)
        figures["process_prefilled"] = {"seconds": time.perf_counter() - start, "done": len(done)}

        start = time.perf_counter()
        matched = stages.match_events(cfg, ids)
        figures["match_events"] = {"seconds": time.perf_counter() - start, **matched}
        figures["match_events"].pop("article_ids", None)
        figures["match_events"].pop("alert_ids", None)
    return figures


def run_store(sizes: Sizes, workdir: Path) -> Section:
    section = Section("store", "Store-heavy steps, SQLite vs PostgreSQL (same articles)")
    m = sizes.store_articles
    found = _texts(bench_config(workdir / "store-texts", "sqlite:///:memory:"), m)
    results: dict[str, dict[str, Any]] = {}
    pg_missing = postgres_reason()
    for kind in BACKENDS:
        if kind == "postgres" and pg_missing:
            section.notes.append(f"PostgreSQL skipped: {pg_missing}")
            continue
        results[kind] = _run_backend(kind, sizes, workdir, found)
    section.data = results

    def rate(kind: str, step: str, count: int) -> str:
        if kind not in results:
            return "n/a"
        seconds = results[kind][step]["seconds"]
        return f"{count / seconds:,.0f}/s ({seconds:.2f} s)"

    n_found = len(found)
    for step, label, count in (
        ("poll_feed", f"poll_feed: store {m} new feed entries", m),
        ("store_found", f"backfill store_found: {n_found} articles", n_found),
        ("process_prefilled", f"process_articles, text given: {n_found}", n_found),
        ("match_events", f"match_events: {n_found} articles", n_found),
    ):
        section.add(f"{label} [SQLite]", rate("sqlite", step, count), "articles/s")
        section.add(f"{label} [PostgreSQL]", rate("postgres", step, count), "articles/s")
    if "sqlite" in results:
        parse = results["sqlite"]["poll_feed"]["parse_seconds"]
        section.add(f"feed parse alone ({m} items, feedparser)", round(parse, 2), "s")
    return section
