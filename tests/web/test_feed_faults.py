"""Fault matrix: one broken feed next to the two healthy corpus feeds, one test per fault.

Every case ends the same way: the healthy feeds' articles are all processed from
their pages, the broken feed's health records a clear error (and FeedError names
the feed), and the broken feed costs no more than the configured deadline.
Store behaviour on PostgreSQL is covered by test_feed_cycle; these run on SQLite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from pipeline.config import AppConfig
from tests.support.webserver import CorpusServer
from tests.web.conftest import CORPUS, StandInDetector
from tests.web.helpers import CycleResult, articles, feed_by_url, linked_articles, run_cycle

BROKEN = "/feeds/broken.xml"

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a0 "ha">\n'
    + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">\n' for i in range(1, 10))
    + ']>\n<rss version="2.0"><channel><title>t</title><item><title>&a9;</title>'
    "<link>{BASE}/articles/x.html</link></item></channel></rss>"
)

MISLABELLED = (
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Café desk</title>'
    "<item><title>Résumé of the café talks</title><link>{BASE}/articles/mislabelled.html</link>"
    "<guid>m1</guid><description>Déjà vu at the café.</description></item></channel></rss>"
)


def _private_links_feed() -> str:
    items = "".join(
        f"<item><title>Inside story {i}</title><link>{link}</link><guid>p{i}</guid>"
        f"<description>A summary the fetcher may use instead of the page.</description></item>"
        for i, link in enumerate(
            [
                "http://10.0.0.5/articles/inside.html",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::1]/articles/loopback.html",
            ]
        )
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Leaky</title>{items}</channel></rss>'


@dataclass
class Case:
    fault: str | None = None  # CorpusServer fault kind on BROKEN
    params: dict[str, Any] = field(default_factory=dict)
    body: str | bytes | None = None  # served at BROKEN instead (with content_type)
    content_type: str = "application/rss+xml; charset=utf-8"
    http: dict[str, Any] = field(default_factory=dict)
    error: tuple[str, ...] = ()  # words the recorded error must contain
    status: int | None = None


CASES = {
    "http-500": Case("status", {"code": 500}, error=("HTTP 500",), status=500),
    "http-403": Case("status", {"code": 403}, error=("HTTP 403", "Forbidden"), status=403),
    "http-404": Case("status", {"code": 404}, error=("HTTP 404", "Not Found"), status=404),
    "timeout": Case(
        "hang", {"seconds": 30}, http={"read_timeout": 0.5, "deadline": 5}, error=("read timeout",)
    ),
    "slow-drip": Case(
        "drip",
        {"interval": 0.2, "size": 10_000},
        http={"read_timeout": 1, "deadline": 1.5},
        error=("deadline",),
    ),
    "50MB-declared": Case("huge", {"size": 50_000_000}, error=("exceeds the cap",)),
    "50MB-streamed": Case("huge", {"size": 50_000_000, "declare_length": False}, error=("exceeds the cap",)),
    "invalid-xml": Case(
        body="this is <<< not >>> a feed &&& at all", error=("not a usable feed",), status=200
    ),
    "billion-laughs": Case(body=BILLION_LAUGHS, error=("declares XML entities",), status=200),
    "redirect-loop": Case("redirect", {"location": "/feeds/loop.xml"}, error=("redirect loop",)),
}


def _serve_case(server: CorpusServer, case: Case) -> None:
    if case.body is not None:
        server.put(BROKEN, case.body, case.content_type)
    if case.fault:
        server.fault(BROKEN, case.fault, **case.params)
    # The other half of the redirect loop.
    server.fault("/feeds/loop.xml", "redirect", location=BROKEN)


def _assert_healthy_feeds_processed(cfg: AppConfig, server: CorpusServer, result: CycleResult) -> None:
    stored = {a.url: a for a in articles(cfg)}
    expected = linked_articles(CORPUS, server.base)
    assert expected <= set(stored), "every article of the healthy feeds is stored"
    for url in expected:
        assert stored[url].state == "detected" and stored[url].text_source == "page", url
    for path in server.corpus_feed_paths():
        feed = feed_by_url(cfg, server.url(path))
        assert feed.consecutive_failures == 0 and feed.last_error is None


@pytest.mark.parametrize("name", list(CASES))
def test_broken_feed_is_reported_and_the_others_go_on(
    name: str, corpus_server: CorpusServer, make_sqlite_config: Callable[..., AppConfig]
) -> None:
    case = CASES[name]
    _serve_case(corpus_server, case)
    broken_url = corpus_server.url(BROKEN)
    feeds = [corpus_server.url(p) for p in corpus_server.corpus_feed_paths()]
    cfg = make_sqlite_config([feeds[0], broken_url, feeds[1]], **case.http)

    result = run_cycle(cfg, StandInDetector())

    _assert_healthy_feeds_processed(cfg, corpus_server, result)
    broken = feed_by_url(cfg, broken_url)
    assert list(result.errors) == [broken.id], "only the broken feed fails"
    message = str(result.errors[broken.id])
    assert broken_url in message, "the error names the feed"
    for word in case.error:
        assert word in message and word in (broken.last_error or "")
    assert broken.consecutive_failures == 1 and broken.last_success_at is None
    assert broken.last_status == case.status
    assert result.poll_seconds[broken.id] < cfg.settings.http.deadline + 2, "bounded by the deadline"

    # A second failing cycle counts up; the healthy feeds stay healthy.
    again = run_cycle(cfg, StandInDetector())
    assert list(again.errors) == [broken.id]
    assert feed_by_url(cfg, broken_url).consecutive_failures == 2


def test_mislabelled_charset_is_decoded_with_a_warning(
    corpus_server: CorpusServer, make_sqlite_config: Callable[..., AppConfig]
) -> None:
    body = MISLABELLED.replace("{BASE}", corpus_server.base).encode("latin-1")  # says utf-8, is not
    corpus_server.put(BROKEN, body, "application/rss+xml; charset=utf-8")
    feeds = [corpus_server.url(p) for p in corpus_server.corpus_feed_paths()]
    cfg = make_sqlite_config([*feeds, corpus_server.url(BROKEN)])

    result = run_cycle(cfg, StandInDetector())

    _assert_healthy_feeds_processed(cfg, corpus_server, result)
    assert not result.errors
    feed = feed_by_url(cfg, corpus_server.url(BROKEN))
    assert feed.last_warning and "utf-8" in feed.last_warning.lower()
    story = next(a for a in articles(cfg) if a.url.endswith("/mislabelled.html"))
    assert story.title == "Résumé of the café talks"
    # The page itself is missing (404): the decoded summary stands in for it.
    assert story.text_source == "feed_summary" and story.text == "Déjà vu at the café."
    assert story.page_error and "HTTP 404" in story.page_error


def test_feed_linking_to_private_addresses_never_reaches_them(
    corpus_server: CorpusServer, make_sqlite_config: Callable[..., AppConfig]
) -> None:
    corpus_server.put(BROKEN, _private_links_feed(), "application/rss+xml")
    feeds = [corpus_server.url(p) for p in corpus_server.corpus_feed_paths()]
    cfg = make_sqlite_config([*feeds, corpus_server.url(BROKEN)])

    result = run_cycle(cfg, StandInDetector())

    _assert_healthy_feeds_processed(cfg, corpus_server, result)
    inside = [a for a in articles(cfg) if "Inside story" in (a.title or "")]
    assert len(inside) == 3
    for article in inside:
        assert article.state == "detected" and article.text_source == "feed_summary"
        assert article.page_error and "refused" in article.page_error, article.page_error
    # Only the allow-listed server was contacted, and never for those paths.
    assert not [p for p in corpus_server.paths() if "inside" in p or "meta-data" in p or "loopback" in p]


def test_feed_at_a_private_address_is_refused(
    corpus_server: CorpusServer, make_sqlite_config: Callable[..., AppConfig]
) -> None:
    feeds = [corpus_server.url(p) for p in corpus_server.corpus_feed_paths()]
    private = "http://10.11.12.13/feeds/internal.xml"
    cfg = make_sqlite_config([*feeds, private])

    result = run_cycle(cfg, StandInDetector())

    _assert_healthy_feeds_processed(cfg, corpus_server, result)
    feed = feed_by_url(cfg, private)
    assert list(result.errors) == [feed.id]
    assert "refused" in str(result.errors[feed.id]) and "10.11.12.13" in (feed.last_error or "")


def test_loopback_feed_is_refused_without_the_allow_list(
    corpus_server: CorpusServer, make_sqlite_config: Callable[..., AppConfig]
) -> None:
    cfg = make_sqlite_config([corpus_server.url("/feeds/dev-rss.xml")], allow_hosts=[])
    result = run_cycle(cfg, StandInDetector())
    assert len(result.errors) == 1 and "refused" in str(next(iter(result.errors.values())))
    assert corpus_server.paths() == [], "the guard refuses before connecting"
