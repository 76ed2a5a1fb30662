"""A cycle over the corpus feeds served on 127.0.0.1: every story once, clean text, conditional re-polls.

Runs on SQLite and PostgreSQL. Expected values are computed from the corpus
files at test time (links in the feeds, sentences of the .txt, boilerplate of
the .html), never copied into the repo.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from sqlalchemy import select

from pipeline.config import AppConfig
from pipeline.feeds import feeds_command, poll_feed, sync_feeds
from pipeline.store import EntryKey, session_scope
from tests.support.webserver import CorpusServer
from tests.web.conftest import CORPUS, StandInDetector
from tests.web.helpers import articles, feed_by_url, linked_articles, run_cycle

# Page parts that are not the story: side rail, related links, comments, ads,
# newsletter box. Selected by element and class names of the corpus pages.
BOILERPLATE_XPATH = (
    "//aside | //section[contains(@class, 'comments')] | //*[contains(@class, 'related')]"
    " | //*[contains(@class, 'most-read')] | //*[contains(@class, 'newsletter')] | //nav | //footer"
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _body_sentences(txt: Path) -> list[str]:
    """Sentences of the .txt body, line by line (list bullets dropped: pages mark lists up differently)."""
    _headline, _, body = txt.read_text(encoding="utf-8").partition("\n\n")
    sentences: list[str] = []
    for line in body.splitlines():
        line = _norm(line).lstrip("•*-– ")
        sentences += [
            s for s in re.split(r"(?<=[.!?][\"”’)]) (?=[A-Z“\"])|(?<=[.!?]) (?=[A-Z“\"])", line) if s
        ]
    return sentences


def _boilerplate(html: Path, txt: Path) -> list[str]:
    """Text blocks of the page's rail, related links and comments (absent from the story itself)."""
    story = _norm(txt.read_text(encoding="utf-8"))
    tree = lxml.html.fromstring(html.read_bytes())
    blocks: set[str] = set()
    for element in tree.xpath(BOILERPLATE_XPATH):
        for block in element.xpath(".//p | .//li | .//a | .//h2"):
            text = _norm(block.text_content())
            if len(text) >= 20 and text not in story:
                blocks.add(text)
    return sorted(blocks)


@pytest.fixture
def cycle_config(corpus_server: CorpusServer, make_config: Callable[..., AppConfig]) -> AppConfig:
    return make_config([corpus_server.url(p) for p in corpus_server.corpus_feed_paths()])


def test_every_linked_article_stored_once_with_clean_text(
    corpus_server: CorpusServer, cycle_config: AppConfig, detector: StandInDetector
) -> None:
    result = run_cycle(cycle_config, detector)
    assert not result.errors

    stored = articles(cycle_config)
    expected = linked_articles(CORPUS, corpus_server.base)
    assert sorted(a.url for a in stored) == sorted(expected), "each linked page is one article"
    assert {a.state for a in stored} == {"detected"}
    assert sorted(result.processed) == sorted(a.id for a in stored)

    # The wire story is in both feeds under three guids: one article, found by every key.
    wire = [a for a in stored if a.url.endswith("/dev-005.html")]
    assert len(wire) == 1
    with session_scope(cycle_config.settings.database_url) as session:
        keys = session.scalars(select(EntryKey.key).where(EntryKey.article_id == wire[0].id)).all()
    assert sum(k.startswith("guid:") for k in keys) == 3
    assert sum(k.startswith("url:") for k in keys) == 1

    for article in stored:
        name = article.url.rsplit("/", 1)[1].removesuffix(".html")
        html, txt = CORPUS / "articles" / f"{name}.html", CORPUS / "articles" / f"{name}.txt"
        text = _norm(article.text or "")
        assert article.text_source == "page", (name, article.page_error)
        missing = [s for s in _body_sentences(txt) if s not in text]
        assert not missing, f"{name}: story sentences missing from the extraction: {missing[:3]}"
        leaked = [b for b in _boilerplate(html, txt) if b in text]
        assert not leaked, f"{name}: boilerplate in the extraction: {leaked[:3]}"
        assert article.published_source == "page" and article.published_at is not None
        assert article.outlet and article.title
    # The detector ran once per article and its contacts were stored.
    assert len(detector.calls) == len(stored)
    assert any(a.detections for a in stored)
    assert all(d["rule"] == "stand-in" for a in stored for d in a.detections or [])


def test_live_blog_is_dated_by_its_last_update(cycle_config: AppConfig, detector: StandInDetector) -> None:
    run_cycle(cycle_config, detector)
    live = next(a for a in articles(cycle_config) if a.url.endswith("/dev-010.html"))
    html = (CORPUS / "articles" / "dev-010.html").read_text(encoding="utf-8")
    modified = re.search(r'"dateModified":\s*"([^"]+)"', html)
    assert modified is not None
    assert live.published_at is not None
    assert live.published_at.isoformat().startswith(modified.group(1)[:10]) or (
        live.published_at.date().isoformat() == modified.group(1)[:10]
    )
    day_given = next(c[1] for c in detector.calls if c[2] and c[2] == live.title)
    assert day_given is not None and day_given.isoformat() == modified.group(1)[:10]


def test_second_cycle_over_unchanged_feeds_is_one_conditional_request_per_feed(
    corpus_server: CorpusServer, cycle_config: AppConfig, detector: StandInDetector
) -> None:
    run_cycle(cycle_config, detector)
    first_count = len(articles(cycle_config))
    corpus_server.clear()

    second = run_cycle(cycle_config, detector)

    feeds = corpus_server.corpus_feed_paths()
    assert sorted(corpus_server.paths()) == sorted(feeds), "one request per feed and no page fetched"
    for entry in corpus_server.log:
        assert entry.status == 304
        assert entry.if_none_match, "the stored ETag is sent back"
        assert entry.user_agent == cycle_config.settings.http.user_agent
    assert second.new_ids == [] and second.processed == []
    assert len(articles(cycle_config)) == first_count
    for path in feeds:
        feed = feed_by_url(cycle_config, corpus_server.url(path))
        assert feed.last_status == 304 and feed.consecutive_failures == 0 and feed.last_success_at


RSS_TEMPLATE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test desk</title><link>{{BASE}}/</link><description>d</description>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>{link}</link><guid isPermaLink="false">{guid}</guid>
<pubDate>{date}</pubDate><description>{summary}</description></item>"""


def _rss(*items: dict[str, str]) -> str:
    return RSS_TEMPLATE.format(items="\n".join(ITEM.format(**i) for i in items))


def test_new_guid_same_link_tracking_params_and_edited_date_are_not_new_articles(
    corpus_server: CorpusServer, make_config: Callable[..., AppConfig]
) -> None:
    first = {
        "title": "Harbour talks",
        "link": "{BASE}/articles/dev-001.html",
        "guid": "desk-1",
        "date": "Mon, 01 Jul 2024 10:00:00 GMT",
        "summary": "Two officials met at the harbour.",
    }
    url = corpus_server.put("/feeds/desk.xml", _rss(first), "application/rss+xml")
    cfg = make_config([url])
    [feed_id] = sync_feeds(cfg)
    assert len(poll_feed(cfg, feed_id).new_article_ids) == 1

    reissued = {
        **first,
        "guid": "desk-1-r2",
        "link": "{BASE}/articles/dev-001.html?utm_source=rss&amp;utm_medium=feed#top",
        "date": "Mon, 01 Jul 2024 12:30:00 GMT",
        "title": "UPDATED: Harbour talks",
    }
    corpus_server.put("/feeds/desk.xml", _rss(reissued, {**first, "date": "Tue, 02 Jul 2024 08:00:00 GMT"}))
    again = poll_feed(cfg, feed_id)
    assert again.new_article_ids == [] and again.known == 2
    assert len(articles(cfg)) == 1


def test_bozo_feed_keeps_what_parses_and_records_the_warning(
    corpus_server: CorpusServer, make_config: Callable[..., AppConfig]
) -> None:
    items = [
        {
            "title": f"Story {i}",
            "link": f"{{BASE}}/articles/story-{i}.html",
            "guid": f"s{i}",
            "date": "Mon, 01 Jul 2024 10:00:00 GMT",
            "summary": "A short summary.",
        }
        for i in range(3)
    ]
    # An unescaped ampersand makes the XML ill-formed; the entries are still readable.
    broken = _rss(*items).replace("Story 1", "Story 1 & more")
    url = corpus_server.put("/feeds/bozo.xml", broken, "application/rss+xml")
    cfg = make_config([url])
    [feed_id] = sync_feeds(cfg)
    result = poll_feed(cfg, feed_id)
    assert len(result.new_article_ids) == 3
    feed = feed_by_url(cfg, url)
    assert feed.last_warning and "well-formed" in feed.last_warning
    assert feed.consecutive_failures == 0 and feed.last_error is None


def test_feeds_command_prints_health_table(
    corpus_server: CorpusServer,
    make_config: Callable[..., AppConfig],
    capsys: pytest.CaptureFixture[str],
) -> None:
    corpus_server.fault("/feeds/gone.xml", "status", code=404)
    cfg = make_config([corpus_server.url("/feeds/dev-rss.xml"), corpus_server.url("/feeds/gone.xml")])
    run_cycle(cfg, StandInDetector())
    assert feeds_command(cfg, None) == 0  # type: ignore[arg-type]
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["ID", "FEED", "STATE", "HTTP"]
    healthy = next(line for line in lines if "dev-rss.xml" in line)
    broken = next(line for line in lines if "gone.xml" in line)
    assert " ok " in healthy and " 200 " in healthy
    assert "FAILING" in broken and "HTTP 404" in broken and "never" in broken


def test_parallel_polls_of_feeds_sharing_stories_store_each_story_once(
    corpus_server: CorpusServer, make_config: Callable[..., AppConfig]
) -> None:
    """Airflow polls feeds in parallel tasks; one story in two feeds must still be one article."""
    shared = [
        {
            "title": f"Shared {i}",
            "link": f"{{BASE}}/articles/shared-{i}.html",
            "guid": f"g{i}",
            "date": "Mon, 01 Jul 2024 10:00:00 GMT",
            "summary": "s",
        }
        for i in range(25)
    ]
    urls = [
        corpus_server.put(f"/feeds/mirror-{n}.xml", _rss(*shared[n::1] + shared[:n]), "application/rss+xml")
        for n in range(3)
    ]
    cfg = make_config(urls)
    feed_ids = sync_feeds(cfg)
    barrier = threading.Barrier(len(feed_ids))
    new_ids: list[int] = []
    errors: list[BaseException] = []

    def poll(feed_id: int) -> None:
        try:
            barrier.wait()
            new_ids.extend(poll_feed(cfg, feed_id).new_article_ids)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=poll, args=(f,)) for f in feed_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(articles(cfg)) == 25 and sorted(new_ids) == sorted(a.id for a in articles(cfg))
