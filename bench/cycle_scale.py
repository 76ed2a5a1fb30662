"""Monitoring cycles over N generated feeds on 127.0.0.1: all new, nothing changed, a few new items.

Each size gets a fresh SQLite store and its own server. ``run_cycle`` (what
``leaderwatch run`` does) polls every feed, fetches and processes the new pages,
matches and sends alerts to the dry-run sink. The server's request log says
what each cycle asked for: the goal is one conditional request per unchanged
feed and no page fetch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import time
from pathlib import Path
from typing import Any

from bench.feed_site import FEED_PREFIX, PAGE_PREFIX, FeedSite
from bench.harness import Section, Sizes, bench_config, database
from bench.pages import PageGenerator
from tests.support.webserver import CorpusServer


def _requests(server: CorpusServer) -> dict[str, int]:
    log = list(server.log)
    feeds = [r for r in log if r.path.startswith(FEED_PREFIX)]
    return {
        "requests": len(log),
        "feed_requests": len(feeds),
        "conditional": sum(1 for r in feeds if r.if_none_match or r.if_modified_since),
        "not_modified": sum(1 for r in feeds if r.status == 304),
        "page_fetches": sum(1 for r in log if r.path.startswith(PAGE_PREFIX)),
    }


def _cycle(cfg: Any, server: CorpusServer) -> dict[str, Any]:
    from pipeline.cycle import run_cycle

    server.clear()
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # the dry-run sink prints every alert
        report = run_cycle(cfg, dry_run=True)
    seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 2),
        **_requests(server),
        "new_articles": report.new_articles,
        "processed": report.processed_articles,
        "feed_errors": len(report.feed_errors),
        "alerts": report.sent,
    }


def run_cycles(sizes: Sizes, workdir: Path) -> Section:
    from pipeline.extract import shutdown_worker

    section = Section("cycle", "Cycles over N feeds served on 127.0.0.1 (SQLite store)")
    k = sizes.items_per_feed
    for n in sizes.cycle_feeds:
        folder = workdir / f"cycle-{n}"
        with CorpusServer() as server, database("sqlite", folder) as db:
            # Live feeds carry this week's stories: every stored article is a
            # near-duplicate candidate of every new one (the 30-day window).
            generator = PageGenerator(bench_config(folder, db), seed=n, recent=dt.date.today())
            site = FeedSite(generator, server, feeds=n, items=k)
            feeds = [{"name": f"bench {i}", "url": url} for i, url in enumerate(site.feed_urls())]
            cfg = bench_config(folder, db, feeds=feeds)
            try:
                first = _cycle(cfg, server)
                unchanged = _cycle(cfg, server)
                added = site.add_items(every=10)
                some_new = _cycle(cfg, server)
            finally:
                shutdown_worker()
        section.data[str(n)] = {
            "new": first,
            "unchanged": unchanged,
            "some_new": {**some_new, "added": added},
        }
        section.add(
            f"N={n}: first cycle ({n * k} new items)",
            first["seconds"],
            "s",
            goal=f"{n * k} pages fetched",
            passed=first["page_fetches"] == n * k and first["processed"] == n * k,
        )
        section.add(f"N={n}: first cycle requests", first["requests"], "requests")
        ok = (
            unchanged["feed_requests"] == n
            and unchanged["conditional"] == n
            and unchanged["not_modified"] == n
            and unchanged["page_fetches"] == 0
        )
        section.add(
            f"N={n}: unchanged cycle",
            unchanged["seconds"],
            "s",
            goal="1 conditional req/feed, 0 pages",
            passed=ok,
        )
        section.add(
            f"N={n}: unchanged requests / pages",
            f"{unchanged['feed_requests']} ({unchanged['not_modified']} x 304) / {unchanged['page_fetches']}",
        )
        section.add(
            f"N={n}: {added} new items in {len(site.feeds[::10])} feeds",
            some_new["seconds"],
            "s",
            goal=f"{added} pages fetched",
            passed=some_new["page_fetches"] == added and some_new["feed_requests"] == n,
        )
    return section
