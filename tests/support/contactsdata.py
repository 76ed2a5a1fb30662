"""Rows for the Contacts page tests: two events with sources and alerts, two feeds, hostile strings."""

from __future__ import annotations

import datetime as dt

from pipeline.store import Alert, Article, Event, Feed, Mention, session_scope

# Markup a feed could carry: the page must show it as text.
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def seed(url: str) -> None:
    at = dt.datetime(2024, 9, 20, 12, tzinfo=dt.UTC)
    with session_scope(url) as s:
        good = Feed(url="http://127.0.0.1:9/good.xml", name="Good wire", last_status=200, last_success_at=at)
        bad = Feed(
            url="http://127.0.0.1:9/bad.xml",
            name="Bad wire",
            last_status=500,
            consecutive_failures=3,
            last_error=f"HTTP 500 {HOSTILE}",
        )
        s.add_all([good, bad])
        s.flush()
        article = Article(
            url="https://news.example.org/2024/09/19/vance-orban",
            title=f"Vance meets Orban {HOSTILE}",
            outlet="Example News",
            feed_id=good.id,
            published_at=at,
            state="matched",
        )
        sneaky = Article(url="javascript:alert(1)", title="sneaky link", state="matched", published_at=at)
        s.add_all([article, sneaky])
        s.flush()
        vance = Event(
            candidate="JD Vance",
            leader="Viktor Orbán",
            country="HU",
            kind="meeting",
            status="occurred",
            date="2024-09-19",
            date_precision="day",
            summary=f"They met in Budapest. {HOSTILE}",
            first_seen_at=at,
            last_seen_at=at,
        )
        walz = Event(
            candidate="Tim Walz",
            leader="Justin Trudeau",
            country="CA",
            kind="call",
            status="planned",
            date="2024-10",
            date_precision="month",
            first_seen_at=at,
            last_seen_at=at - dt.timedelta(days=1),
        )
        s.add_all([vance, walz])
        s.flush()
        s.add_all(
            [
                Mention(
                    event_id=vance.id,
                    article_id=article.id,
                    evidence=f"Vance met Orbán. {HOSTILE}",
                    evidence_key="a",
                    status="occurred",
                    date="2024-09-19",
                ),
                Mention(
                    event_id=walz.id,
                    article_id=sneaky.id,
                    evidence="Walz will call Trudeau in October.",
                    evidence_key="b",
                    status="planned",
                    date="2024-10",
                ),
                Alert(
                    event_id=vance.id, change="new", type="new", status="occurred", state="sent", sent_at=at
                ),
                Alert(
                    event_id=walz.id,
                    change="new",
                    type="new",
                    status="planned",
                    state="pending",
                    attempts=2,
                    last_error="channel_not_found",
                ),
            ]
        )
