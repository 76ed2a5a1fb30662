"""Feed polling: conditional GET, parsing, entry identity, new pending articles, feed health.

- :func:`sync_feeds` upserts ``feeds.yaml`` into the ``feeds`` table (by URL) and
  disables feeds that left the config.
- :func:`poll_feed` fetches one feed with its stored ETag / Last-Modified (a 304
  costs one request and nothing else), hands the bytes and headers to
  feedparser, and stores each entry it has not seen as a ``pending`` article.
  A broken feed records its health and raises :class:`FeedError`, naming the
  feed, so the caller (an Airflow mapped task, ``leaderwatch run``) marks that
  feed red and goes on with the others.
- :func:`parse_feed` is the pure part: bytes in, entries and a warning out.

Identity: an entry is known when any of its keys is in ``entry_keys``: its
guid (scoped to its feed: two feeds may both number their items 1, 2, 3) or
its canonical link (global: one story in two feeds, or re-issued under a new
guid, is one article). Dates play no part, so an edited pubDate is not a new
article. Page fetching and extraction are ``pipeline.articles``' job.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import logging
import re
import xml.sax
from dataclasses import dataclass, field
from typing import Any

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.sax import parseString as defused_parse_string
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pipeline.config import AppConfig
from pipeline.dedup import canonical_url
from pipeline.fetch import FetchError, HttpClient
from pipeline.store import Article, EntryKey, Feed, session_scope, utcnow

log = logging.getLogger(__name__)

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
MAX_KEY = 2000  # entry_keys.key is VARCHAR(2048)


class FeedError(Exception):
    """A feed could not be fetched or parsed; its health is already recorded."""

    def __init__(self, message: str, *, feed_id: int, url: str) -> None:
        super().__init__(message)
        self.feed_id = feed_id
        self.url = url


class FeedParseError(Exception):
    """The bytes are not a usable feed (the message says why)."""


@dataclass(frozen=True)
class FeedEntry:
    link: str  # canonical
    guid: str | None
    title: str | None
    summary: str | None
    published: dt.datetime | None
    updated: dt.datetime | None
    author: str | None
    outlet: str | None


@dataclass
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]
    skipped: int = 0  # entries without a usable link
    warning: str | None = None


@dataclass
class PollResult:
    feed_id: int
    status: int | None = None
    not_modified: bool = False
    entries: int = 0
    new_article_ids: list[int] = field(default_factory=list)
    known: int = 0
    skipped: int = 0
    warning: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "feed_id": self.feed_id,
            "status": self.status,
            "not_modified": self.not_modified,
            "entries": self.entries,
            "new": len(self.new_article_ids),
            "known": self.known,
            "skipped": self.skipped,
            "warning": self.warning,
        }


# ----------------------------------------------------------------- parsing


class _StopAtRoot(xml.sax.ContentHandler):
    class Reached(Exception):
        pass

    def startElement(self, name: str, attrs: Any) -> None:
        raise self.Reached

    def startElementNS(self, name: Any, qname: Any, attrs: Any) -> None:
        raise self.Reached


def refuse_entity_declarations(content: bytes) -> None:
    """Raise FeedParseError if the document declares XML entities (billion laughs, XXE).

    Declarations can only sit in the DOCTYPE before the root element, so
    defusedxml's parser stops at the root: the check costs next to nothing. An
    ill-formed document is left to feedparser's lenient parser.
    """
    try:
        defused_parse_string(content, _StopAtRoot(), forbid_dtd=False, forbid_entities=True)
    except _StopAtRoot.Reached:
        return
    except DefusedXmlException as exc:
        raise FeedParseError(
            f"refused: the document declares XML entities ({exc.__class__.__name__}); "
            "entity expansion is an attack vector (billion laughs, external entities)"
        ) from exc
    except (xml.sax.SAXException, ValueError):
        return


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def html_to_text(value: str | None) -> str | None:
    """Plain text of a feed's (already sanitised) HTML summary."""
    if not value:
        return None
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()
    return text or None


def _entry_datetime(entry: Any, name: str) -> dt.datetime | None:
    """The entry's date with its original UTC offset when the raw string has one."""
    from dateutil import parser as dateparser

    # dict.get: feedparser's own get() maps a missing `updated` to `published`, with a warning
    raw = dict.get(entry, name)
    if raw:
        try:
            value = dateparser.parse(raw)
            if value.tzinfo is not None:
                return value
        except (ValueError, OverflowError):
            pass
    parsed = dict.get(entry, f"{name}_parsed")
    if parsed:
        try:
            year, month, day, hour, minute, second = parsed[:6]
            return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
        except (TypeError, ValueError):
            return None
    return None


def _entry_link(entry: Any) -> str | None:
    # FeedBurner-style proxies keep the publisher's own link aside: it is the story's identity.
    candidates = [entry.get("feedburner_origlink"), entry.get("link")]
    candidates += [
        link.get("href") for link in entry.get("links", []) if link.get("rel", "alternate") == "alternate"
    ]
    guid = entry.get("id")
    if guid and entry.get("guidislink"):
        candidates.append(guid)
    for link in candidates:
        if link and re.match(r"^https?://", link.strip(), re.I):
            return canonical_url(link)
    return None


def parse_feed(content: bytes, headers: dict[str, str] | None = None) -> ParsedFeed:
    """Parse feed bytes; keep what parses, or raise FeedParseError when nothing usable is there."""
    refuse_entity_declarations(content)
    parsed = feedparser.parse(content, response_headers=headers or {}, sanitize_html=True)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    warning = f"{problem.__class__.__name__}: {problem}" if problem else None
    entries: list[FeedEntry] = []
    skipped = 0
    default_outlet = parsed.feed.get("title")
    for entry in parsed.entries:
        link = _entry_link(entry)
        if link is None:
            skipped += 1
            continue
        source = entry.get("source") or {}
        entries.append(
            FeedEntry(
                link=link,
                guid=(entry.get("id") or "").strip() or None,
                title=html_to_text(entry.get("title")),
                summary=html_to_text(entry.get("summary")),
                published=_entry_datetime(entry, "published") or _entry_datetime(entry, "updated"),
                updated=_entry_datetime(entry, "updated"),
                author=entry.get("author"),
                outlet=source.get("title") or default_outlet,
            )
        )
    if not entries:
        if problem is not None or not parsed.get("version"):
            why = warning or "no RSS/Atom structure found"
            raise FeedParseError(f"not a usable feed: {why}")
        if skipped:
            raise FeedParseError(f"none of the {skipped} entries has an http(s) link")
        warning = "the feed has no entries"
    elif skipped:
        note = f"{skipped} entries without an http(s) link skipped"
        warning = f"{warning}; {note}" if warning else note
    return ParsedFeed(title=parsed.feed.get("title"), entries=entries, skipped=skipped, warning=warning)


# ----------------------------------------------------------------- storage


def sync_feeds(cfg: AppConfig) -> list[int]:
    """Upsert the config's feeds (by URL), disable the ones no longer listed; return enabled ids."""
    wanted = {f.url: f for f in cfg.feeds}
    for attempt in range(2):
        try:
            with session_scope(cfg.settings.database_url) as session:
                rows = {row.url: row for row in session.scalars(select(Feed))}
                for url, fc in wanted.items():
                    row = rows.get(url)
                    if row is None:
                        row = Feed(url=url, consecutive_failures=0, entries_seen=0)
                        session.add(row)
                    row.name, row.outlet, row.enabled = fc.name, fc.outlet, fc.enabled
                for url, row in rows.items():
                    if url not in wanted:
                        row.enabled = False
                session.flush()
                return sorted(row.id for row in session.scalars(select(Feed).where(Feed.enabled.is_(True))))
        except IntegrityError:  # another run inserted the same feed first: read again
            if attempt:
                raise
    raise AssertionError("unreachable")


def _key(value: str) -> str:
    if len(value) <= MAX_KEY:
        return value
    return value[:1900] + "#sha256:" + hashlib.sha256(value.encode()).hexdigest()


def entry_keys(feed_id: int, entry: FeedEntry) -> list[str]:
    keys = [_key(f"url:{entry.link}")]
    if entry.guid:
        keys.append(_key(f"guid:{feed_id}:{entry.guid}"))
    return keys


def _store_entry(url: str, feed: Feed, entry: FeedEntry) -> tuple[int, bool]:
    """Store one entry in its own transaction; return (article id, created)."""
    keys = entry_keys(feed.id, entry)
    for attempt in range(2):
        try:
            with session_scope(url) as session:
                found = session.scalars(select(EntryKey).where(EntryKey.key.in_(keys))).all()
                article_id: int | None = found[0].article_id if found else None
                created = False
                if article_id is None:
                    article_id = session.scalar(select(Article.id).where(Article.url == entry.link))
                if article_id is None:
                    article = Article(
                        url=entry.link,
                        guid=entry.guid,
                        feed_id=feed.id,
                        title=entry.title,
                        outlet=entry.outlet or feed.outlet,
                        summary=entry.summary,
                        published_at=entry.published,
                        published_source="feed" if entry.published else None,
                        state="pending",
                        attempts=0,
                    )
                    session.add(article)
                    session.flush()
                    article_id, created = article.id, True
                known = {k.key for k in found}
                for key in keys:
                    if key not in known:
                        session.add(EntryKey(key=key, article_id=article_id))
                return article_id, created
        except IntegrityError:  # a parallel poll stored the same story: look it up again
            log.debug("feed %s: %s was stored meanwhile by a parallel poll", feed.id, entry.link)
            if attempt:
                raise
    raise AssertionError("unreachable")


def _record_failure(url: str, feed_id: int, message: str, status: int | None) -> None:
    with session_scope(url) as session:
        feed = session.get(Feed, feed_id)
        if feed is None:
            return
        feed.last_checked_at = utcnow()
        feed.last_status = status
        feed.last_error = message
        feed.consecutive_failures = (feed.consecutive_failures or 0) + 1


def poll_feed(cfg: AppConfig, feed_id: int, client: HttpClient | None = None) -> PollResult:
    """Poll one feed; store new entries as pending articles; raise FeedError when it is broken."""
    db = cfg.settings.database_url
    with session_scope(db) as session:
        feed = session.get(Feed, feed_id)
        if feed is None:
            raise FeedError(
                f"feed id {feed_id} is not in the store (run sync_feeds first)", feed_id=feed_id, url=""
            )
        session.expunge(feed)
    label = f"feed {feed.name!r} ({feed.url})" if feed.name else f"feed {feed.url}"
    headers = {"Accept": FEED_ACCEPT}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified

    own_client = client is None
    http = client or HttpClient(cfg.settings.http)
    try:
        response = http.get(feed.url, headers=headers)
    except FetchError as exc:
        message = f"{label}: {exc}"
        _record_failure(db, feed_id, message, exc.status)
        raise FeedError(message, feed_id=feed_id, url=feed.url) from exc
    finally:
        if own_client:
            http.close()

    result = PollResult(feed_id=feed_id, status=response.status)
    if response.status == 304:
        result.not_modified = True
    else:
        try:
            # Content-Location lets feedparser resolve relative links against the final URL.
            parsed = parse_feed(response.content, {**response.headers, "content-location": response.url})
        except FeedParseError as exc:
            message = f"{label}: {exc}"
            _record_failure(db, feed_id, message, response.status)
            raise FeedError(message, feed_id=feed_id, url=feed.url) from exc
        result.entries, result.skipped, result.warning = len(parsed.entries), parsed.skipped, parsed.warning
        for entry in parsed.entries:
            article_id, created = _store_entry(db, feed, entry)
            if created:
                result.new_article_ids.append(article_id)
            else:
                result.known += 1

    with session_scope(db) as session:
        row = session.get(Feed, feed_id)
        assert row is not None
        now = utcnow()
        row.last_checked_at = row.last_success_at = now
        row.last_status = response.status
        row.last_error = None
        row.consecutive_failures = 0
        if not result.not_modified:
            row.last_warning = result.warning
            row.entries_seen = result.entries
        # Validators only after a successful parse: a feed that failed to parse is
        # fetched in full next time instead of answering 304 to a broken copy.
        row.etag = response.headers.get("etag") or (row.etag if result.not_modified else None)
        row.last_modified = response.headers.get("last-modified") or (
            row.last_modified if result.not_modified else None
        )
    if result.warning:
        log.warning("%s: %s", label, result.warning)
    log.info("%s: %s", label, result.as_dict())
    return result


# ------------------------------------------------------------------- command


def _age(value: dt.datetime | None, now: dt.datetime) -> str:
    if value is None:
        return "never"
    seconds = int((now - value).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return f"{max(seconds, 0)}s ago"


def feed_health_rows(cfg: AppConfig) -> list[dict[str, Any]]:
    """Per-feed health as plain dicts (the CLI table, and the UI later)."""
    with session_scope(cfg.settings.database_url) as session:
        return [
            {
                "id": f.id,
                "name": f.name,
                "url": f.url,
                "enabled": f.enabled,
                "last_checked_at": f.last_checked_at,
                "last_success_at": f.last_success_at,
                "last_status": f.last_status,
                "consecutive_failures": f.consecutive_failures,
                "entries_seen": f.entries_seen,
                "last_error": f.last_error,
                "last_warning": f.last_warning,
            }
            for f in session.scalars(select(Feed).order_by(Feed.id))
        ]


def feeds_command(cfg: AppConfig, args: argparse.Namespace) -> int:
    """``leaderwatch feeds``: a table of per-feed health."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        rows = feed_health_rows(cfg)
    except (OperationalError, ProgrammingError) as exc:
        print(
            f"cannot read feed health from the store ({exc.__class__.__name__}); run `leaderwatch db upgrade`"
        )
        return 1
    if not rows:
        print("no feeds in the store yet (they are added by the first `leaderwatch run`)")
        return 0
    now = utcnow()
    table = [("ID", "FEED", "STATE", "HTTP", "LAST SUCCESS", "FAILS", "ENTRIES", "PROBLEM")]
    for r in rows:
        if not r["enabled"]:
            state = "disabled"
        elif r["last_checked_at"] is None:
            state = "new"
        else:
            state = "FAILING" if r["consecutive_failures"] else ("warning" if r["last_warning"] else "ok")
        problem = r["last_error"] if r["consecutive_failures"] else (r["last_warning"] or "")
        table.append(
            (
                str(r["id"]),
                (r["name"] or r["url"])[:40],
                state,
                str(r["last_status"] or "-"),
                _age(r["last_success_at"], now),
                str(r["consecutive_failures"]),
                str(r["entries_seen"]),
                (problem or "")[:100],
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1])
    return 0
