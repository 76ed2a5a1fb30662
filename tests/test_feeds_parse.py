"""Feed parsing as a pure function: bytes and headers in, entries and a warning out."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.feeds import FeedParseError, html_to_text, parse_feed

XML = {"content-type": "application/rss+xml"}


def _rss(items: str, namespaces: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"{namespaces}><channel>'
        f"<title>Test desk</title>{items}</channel></rss>"
    ).encode()


def test_entry_fields_and_dates_keep_their_offset() -> None:
    parsed = parse_feed(
        _rss(
            "<item><title>Port talks</title><link>https://news.example/a.html?utm_campaign=x</link>"
            "<guid isPermaLink='false'>id-1</guid><pubDate>Tue, 14 May 2024 21:30:00 -0400</pubDate>"
            "<description>&lt;p&gt;Talks &amp;amp; more &lt;b&gt;today&lt;/b&gt;&lt;/p&gt;</description>"
            "<source url='https://wire.example/rss'>Example Wire</source></item>"
        ),
        XML,
    )
    [entry] = parsed.entries
    assert entry.link == "https://news.example/a.html" and entry.guid == "id-1"
    assert entry.title == "Port talks" and entry.summary == "Talks & more today"
    assert entry.outlet == "Example Wire"
    assert entry.published == dt.datetime(2024, 5, 14, 21, 30, tzinfo=dt.timezone(dt.timedelta(hours=-4)))
    assert parsed.warning is None


def test_links_relative_to_the_feed_and_proxied_links() -> None:
    parsed = parse_feed(
        _rss(
            "<item><title>a</title><link>/news/a.html</link><guid isPermaLink='false'>1</guid></item>"
            "<item><title>b</title><link>https://proxy.example/~r/123</link><guid isPermaLink='false'>2</guid>"
            "<feedburner:origLink>https://news.example/b.html</feedburner:origLink></item>",
            ' xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"',
        ),
        {**XML, "content-location": "https://news.example/feeds/all.xml"},
    )
    assert [e.link for e in parsed.entries] == [
        "https://news.example/news/a.html",
        "https://news.example/b.html",
    ]


def test_entries_without_links_are_skipped_with_a_warning() -> None:
    parsed = parse_feed(
        _rss(
            "<item><title>no link</title></item><item><title>ok</title><link>https://n.example/x</link></item>"
        ),
        XML,
    )
    assert [e.title for e in parsed.entries] == ["ok"] and parsed.skipped == 1
    assert parsed.warning and "without an http(s) link" in parsed.warning
    with pytest.raises(FeedParseError, match="none of the 1 entries"):
        parse_feed(_rss("<item><title>only</title><link>mailto:desk@n.example</link></item>"), XML)


def test_empty_feed_is_a_warning_and_a_web_page_an_error() -> None:
    assert parse_feed(_rss(""), XML).warning == "the feed has no entries"
    with pytest.raises(FeedParseError, match="not a usable feed"):
        parse_feed(b"<html><body><p>Welcome to our site</p></body></html>", {"content-type": "text/html"})


def test_entity_declarations_are_refused() -> None:
    doc = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]><rss version="2.0"/>'
    with pytest.raises(FeedParseError, match="declares XML entities"):
        parse_feed(doc, XML)


def test_feed_served_as_html_still_parses() -> None:
    parsed = parse_feed(
        _rss("<item><title>x</title><link>https://n.example/x</link></item>"), {"content-type": "text/html"}
    )
    assert len(parsed.entries) == 1 and parsed.warning and "NonXMLContentType" in parsed.warning


def test_html_to_text() -> None:
    assert html_to_text("<p>One&nbsp;<i>two</i></p>\n<p>three</p>") == "One two three"
    assert html_to_text("   ") is None and html_to_text(None) is None
