"""A generated news site for the cycle benchmark: N RSS feeds whose items link to generated pages.

Served on 127.0.0.1 by the tests' threaded HTTP server
(``tests.support.webserver.CorpusServer``): it answers conditional requests with
``304 Not Modified`` (ETag and Last-Modified), like a well-behaved publisher,
and logs every request, so the benchmark can count what a cycle asked for.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from email.utils import format_datetime

from bench.pages import GeneratedPage, PageGenerator
from tests.support.webserver import CorpusServer

FEED_PREFIX = "/feeds/"
PAGE_PREFIX = "/pages/"


@dataclass
class GeneratedFeed:
    path: str
    items: list[GeneratedPage] = field(default_factory=list)


class FeedSite:
    """``feeds`` feeds of ``items`` items each; :meth:`add_items` publishes more."""

    def __init__(self, generator: PageGenerator, server: CorpusServer, feeds: int, items: int) -> None:
        self.generator = generator
        self.server = server
        self._next_page = 0
        self.feeds = [GeneratedFeed(f"{FEED_PREFIX}feed-{n:04d}.xml") for n in range(feeds)]
        for feed in self.feeds:
            for _ in range(items):
                self._add_item(feed)
            self._publish(feed)

    def _add_item(self, feed: GeneratedFeed) -> None:
        page = self.generator.page(self._next_page)
        self._next_page += 1
        self.server.put(f"{PAGE_PREFIX}{page.slug}.html", page.html)
        feed.items.insert(0, page)

    def _publish(self, feed: GeneratedFeed) -> None:
        self.server.put(feed.path, render_feed(self.server.base, feed), "application/rss+xml; charset=utf-8")

    def add_items(self, every: int = 10, count: int = 1) -> int:
        """Publish ``count`` new items in every ``every``-th feed; return how many pages that adds."""
        added = 0
        for feed in self.feeds[::every]:
            for _ in range(count):
                self._add_item(feed)
                added += 1
            self._publish(feed)
        return added

    def feed_urls(self) -> list[str]:
        return [self.server.url(feed.path) for feed in self.feeds]


def render_feed(base: str, feed: GeneratedFeed) -> str:
    esc = html.escape
    items = []
    for page in feed.items:
        when = format_datetime(_noon(page), usegmt=True)
        items.append(
            f"<item><title>{esc(page.title)}</title>"
            f"<link>{base}{PAGE_PREFIX}{page.slug}.html</link>"
            f'<guid isPermaLink="false">bench:{page.slug}</guid>'
            f"<pubDate>{when}</pubDate>"
            f"<description>{esc(page.title)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>bench {esc(feed.path)}</title><link>{base}/</link><description>generated</description>"
        + "".join(items)
        + "</channel></rss>\n"
    )


def _noon(page: GeneratedPage) -> dt.datetime:
    return dt.datetime(page.published.year, page.published.month, page.published.day, 12, tzinfo=dt.UTC)
