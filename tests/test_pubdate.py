"""Choosing the publication date from feed, page, URL and dateline."""

from __future__ import annotations

import datetime as dt

from pipeline.pubdate import choose_published, dateline_date, url_date

NOW = dt.datetime(2024, 11, 20, 12, tzinfo=dt.UTC)
EASTERN = dt.timezone(dt.timedelta(hours=-5))


def test_dateline_dates() -> None:
    assert dateline_date("PORT TOWN, 3 March 2021 (Wire) – The council met.") == dt.date(2021, 3, 3)
    assert dateline_date("RIVERSIDE, Sept. 9, 2022 — Crews cleared the road.") == dt.date(2022, 9, 9)
    assert dateline_date("note 2020-02-29 HILLSIDE (Agency): Snow fell.") == dt.date(2020, 2, 29)
    # A date later in the first sentence belongs to the story, not the dateline.
    assert dateline_date("The council said on March 3, 2021 that it would meet again.") is None
    assert dateline_date("By Staff Writer\nVALLEY, 5 May 2023 – Text.") == dt.date(2023, 5, 5)
    assert dateline_date("") is None and dateline_date(None) is None


def test_url_dates() -> None:
    assert url_date("https://news.example/world/2024/07/26/story-slug") == dt.date(2024, 7, 26)
    assert url_date("https://news.example/story-20240726-slug.html") == dt.date(2024, 7, 26)
    assert url_date("https://news.example/2024/13/45/bad") is None
    assert url_date("https://news.example/story?id=20240726") is None


def test_page_preferred_when_sources_agree() -> None:
    page = dt.datetime(2024, 11, 14, 21, 30, tzinfo=EASTERN)
    chosen = choose_published(page=page, feed=dt.datetime(2024, 11, 15, 3, tzinfo=dt.UTC), now=NOW)
    assert chosen is not None and chosen.source == "page" and chosen.at == page
    assert chosen.day == dt.date(2024, 11, 14), "the publisher's calendar day"


def test_wrong_dateline_is_outvoted() -> None:
    feed = dt.datetime(2024, 11, 15, 10, tzinfo=dt.UTC)
    chosen = choose_published(feed=feed, url=dt.date(2024, 11, 15), dateline=dt.date(2023, 11, 14), now=NOW)
    assert chosen is not None and chosen.source == "feed" and chosen.at == feed
    # Even alone against one other source, the hand-typed dateline ranks last.
    chosen = choose_published(feed=feed, dateline=dt.date(2023, 11, 14), now=NOW)
    assert chosen is not None and chosen.source == "feed"


def test_wild_page_date_is_dropped_when_others_agree() -> None:
    chosen = choose_published(
        page=dt.datetime(2019, 1, 1, tzinfo=dt.UTC),  # a stale template date
        feed=dt.datetime(2024, 11, 15, 10, tzinfo=dt.UTC),
        url=dt.date(2024, 11, 15),
        now=NOW,
    )
    assert chosen is not None and chosen.source == "feed"


def test_future_and_ancient_dates_are_not_trusted() -> None:
    chosen = choose_published(
        page=dt.datetime(2031, 1, 1, tzinfo=dt.UTC),
        feed=dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        url=None,
        now=NOW,
    )
    assert chosen is None
    only_dateline = choose_published(dateline=dt.date(2024, 11, 19), now=NOW)
    assert only_dateline is not None and only_dateline.source == "dateline"
    assert only_dateline.day == dt.date(2024, 11, 19)
