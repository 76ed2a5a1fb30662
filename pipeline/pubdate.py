"""Choosing an article's publication date from the feed, the page metadata, the dateline and the URL.

Each source can be wrong: feeds of aggregators carry their own times, pages
carry stale templates, datelines are typed by hand (the corpus has a story
dated a year early in its dateline), URLs carry the date a slug was made. The
rule, applied the same way everywhere (live polling, backfill, ``extract``):

1. Drop dates in the future (more than a day ahead of now) and before 1995.
2. A date is corroborated when another source agrees within
   :data:`AGREE_DAYS`. When some dates are corroborated, drop every date more
   than :data:`WILD_DAYS` away from all corroborated ones.
3. Of what is left, take the first by source priority: page metadata, feed,
   URL, dateline (the publisher's machine-written statement first, the
   hand-typed one last).

For a live blog the time of the last update is its publication time (the
corpus' policy), so callers pass the updated time as the page/feed date.

:func:`dateline_date` and :func:`url_date` read a date out of the text's
opening and the URL path. The result keeps the source's own UTC offset, so
:attr:`PublishedDate.day` is the calendar day the publisher meant.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PRIORITY = ("page", "feed", "url", "dateline")
AGREE_DAYS = 2
WILD_DAYS = 7
EARLIEST = dt.date(1995, 1, 1)

# Month names in English news datelines, matched on their first three letters.
_MONTH_ABBR = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATELINE_PATTERNS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(_MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
)
_URL_PATTERNS = (
    re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)(?:/|$)"),
    re.compile(r"[/_-](?P<year>(?:19|20)\d\d)-?(?P<mnum>[01]\d)-?(?P<day>[0-3]\d)(?:[/_.-]|$)"),
)
# A dateline opens the body and ends with a dash or colon within this many
# characters: "CITY, 14 November 2023 (Agency) – ...". Dates later in the
# sentence are the story's, not the dateline's.
DATELINE_CHARS = 120
_DATELINE_END = re.compile(r"\s[—–-]\s|:\s")


@dataclass(frozen=True)
class PublishedDate:
    at: dt.datetime  # timezone-aware
    source: str  # page | feed | url | dateline

    @property
    def day(self) -> dt.date:
        """The calendar day in the source's own time zone."""
        return self.at.date()


def _match_to_date(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTH_ABBR.index(groups["month"][:3].lower()) + 1
    try:
        return dt.date(int(groups["year"]), month, int(groups["day"]))
    except (TypeError, ValueError):
        return None


def _first_date(patterns: tuple[re.Pattern[str], ...], text: str) -> dt.date | None:
    for pattern in patterns:
        for m in pattern.finditer(text):
            found = _match_to_date(m)
            if found:
                return found
    return None


def dateline_date(text: str | None) -> dt.date | None:
    """A date written in the dateline (the opening of the body), if any."""
    if not text:
        return None
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    # A byline may come first; the dateline opens the first paragraph of the body.
    for line in lines[:3]:
        end = _DATELINE_END.search(line[:DATELINE_CHARS])
        if end is None:
            continue
        found = _first_date(_DATELINE_PATTERNS, line[: end.start()])
        if found:
            return found
    return None


def url_date(url: str | None) -> dt.date | None:
    """A date in the URL path (``/2024/07/26/``, ``-20240726-``), if any."""
    if not url:
        return None
    return _first_date(_URL_PATTERNS, re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I).split("?", 1)[0])


def _as_datetime(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    # Noon UTC keeps a bare date on the same calendar day in every US/European zone.
    return dt.datetime(value.year, value.month, value.day, 12, tzinfo=dt.UTC)


def choose_published(
    *,
    page: dt.datetime | dt.date | None = None,
    feed: dt.datetime | dt.date | None = None,
    url: dt.datetime | dt.date | None = None,
    dateline: dt.datetime | dt.date | None = None,
    now: dt.datetime | None = None,
) -> PublishedDate | None:
    """The publication date the sources support best, with where it came from (see module doc)."""
    now = now or dt.datetime.now(dt.UTC)
    given = {"page": page, "feed": feed, "url": url, "dateline": dateline}
    candidates = {
        name: _as_datetime(value)
        for name, value in given.items()
        if value is not None
        and _as_datetime(value).date() >= EARLIEST
        and _as_datetime(value) <= now + dt.timedelta(days=1)
    }
    if not candidates:
        return None

    def days_apart(a: str, b: str) -> float:
        return abs((candidates[a] - candidates[b]).total_seconds()) / 86400

    corroborated = {
        a for a in candidates if any(b != a and days_apart(a, b) <= AGREE_DAYS for b in candidates)
    }
    if corroborated:
        candidates = {
            a: v
            for a, v in candidates.items()
            if a in corroborated or any(days_apart(a, b) <= WILD_DAYS for b in corroborated)
        }
    for name in PRIORITY:
        if name in candidates:
            return PublishedDate(candidates[name], name)
    return None
