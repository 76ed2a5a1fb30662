"""Processing of pending articles: page fetch, extraction, date, fingerprint, near-duplicates, detection.

For each article in state ``pending`` (stored by ``pipeline.feeds``, or by a
backfill with its text already filled in):

1. fetch the page (bounded by ``pipeline.fetch``);
2. extract its text and metadata in a worker with a timeout
   (``pipeline.extract``); when the page cannot be fetched or extracted (403,
   paywall, timeout, refused address, no main text) the feed's summary is used
   instead, ``text_source = "feed_summary"`` and ``page_error`` says why.
   Steps 1 and 2 run a few pages ahead in threads (the worker extracts one page
   at a time; a thread only waits for it), so the extraction of the next pages
   goes on while the calling thread does steps 3 to 5 of this one;
3. choose the publication date (``pipeline.pubdate``) and record its source
   (when nothing dates it, the time a feed first listed it: ``seen``);
4. fingerprint the text and link it to the first near-duplicate already stored
   (``duplicate_of``, following that one's own link to the original);
5. run the detector and store its contacts; state becomes ``detected``.

Each article is written in its own transaction and only while it is still
``pending``, so a re-run or a parallel run does not do it twice. A failure
(no text at all, a detector error) leaves the article ``pending`` with its
error and attempt count; after :data:`MAX_ATTEMPTS` it is ``failed``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from sqlalchemy import Table, bindparam, func, select, update

from pipeline.config import AppConfig
from pipeline.dedup import SketchIndex, is_near_duplicate, simhash, sketch
from pipeline.extract import Extracted, ExtractTimeout, extract_bounded
from pipeline.fetch import FetchError, HttpClient
from pipeline.pubdate import PublishedDate, choose_published, dateline_date, url_date
from pipeline.store import Article, get_engine, session_scope, utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
FETCH_THREADS = 4
FETCH_AHEAD = 2 * FETCH_THREADS
DONE_STATES = frozenset({"detected", "matched"})
# Near-duplicates are looked for among this many most recent articles, within
# this many days of publication of each other.
DUPLICATE_POOL = 5000
DUPLICATE_WINDOW = dt.timedelta(days=30)
PAGE_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "text/plain", "")


class DetectorLike(Protocol):
    def detect(self, text: str, published: dt.date | None, *, title: str | None = None) -> Sequence[Any]: ...


_DETECTORS: dict[str, DetectorLike] = {}


def get_detector(cfg: AppConfig) -> DetectorLike:
    """The detector for this config, built once per process (it loads the gazetteer)."""
    key = str(cfg.directory.resolve())
    if key not in _DETECTORS:
        from pipeline.detect import Detector

        _DETECTORS[key] = Detector.from_config(cfg)
    return _DETECTORS[key]


def pending_article_ids(cfg: AppConfig, limit: int) -> list[int]:
    """Oldest first: articles waiting for processing (new, or left by a failed attempt)."""
    with session_scope(cfg.settings.database_url) as session:
        return list(
            session.scalars(
                select(Article.id).where(Article.state == "pending").order_by(Article.id).limit(limit)
            )
        )


@dataclass
class _Todo:
    id: int
    url: str
    title: str | None
    summary: str | None
    outlet: str | None
    published_at: dt.datetime | None
    published_source: str | None
    text: str | None  # pre-filled (backfill from saved pages): no fetch
    text_source: str | None
    first_seen: dt.datetime | None  # when a feed first listed it (None: not from a feed)


@dataclass
class _Page:
    html: bytes | None = None
    url: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class _Fetched:
    """A page's extraction, or None and why the page gave none."""

    extracted: Extracted | None
    error: str | None


@dataclass
class _Outcome:
    text: str
    text_source: str
    page_error: str | None
    title: str | None
    outlet: str | None
    published: PublishedDate | None
    fingerprint: int | None
    sketch: dict[str, Any] | None
    detections: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Known:
    id: int
    root: int
    published_at: dt.datetime | None
    sketch: dict[str, Any]


def _fetch_page(client: HttpClient, url: str) -> _Page:
    try:
        response = client.get(url, headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"})
    except FetchError as exc:
        return _Page(error=str(exc))
    if response.content_type not in PAGE_TYPES:
        return _Page(url=response.url, error=f"not an HTML page ({response.content_type})")
    return _Page(html=response.content, url=response.url)


def _extract(page: _Page, timeout: float) -> tuple[Extracted | None, str | None]:
    """The page's extraction, or None and the reason it is unusable."""
    if page.html is None:
        return None, page.error
    try:
        extracted = extract_bounded(page.html, url=page.url, timeout=timeout)
    except ExtractTimeout as exc:
        return None, str(exc)
    except Exception as exc:  # a parser crash on one page must not stop the batch
        log.warning("extraction of %s crashed: %r", page.url, exc)
        return None, f"extraction failed: {exc.__class__.__name__}: {exc}"
    if extracted is None:
        return None, "no main text found in the page"
    return extracted, None


def _fetch_and_extract(client: HttpClient, url: str, timeout: float) -> _Fetched:
    """Step 1 and 2 of one article, in a page thread; the page's bytes are dropped once extracted."""
    extracted, error = _extract(_fetch_page(client, url), timeout)
    return _Fetched(extracted, error)


def _choose_text(
    todo: _Todo, extracted: Extracted | None, page_error: str | None
) -> tuple[str, str, str | None]:
    summary = (todo.summary or "").strip()
    if extracted is not None:
        if len(extracted.text) >= len(summary):
            return extracted.text, "page", None
        page_error = "page text shorter than the feed summary (paywall or teaser?)"
    if summary:
        return summary, "feed_summary", page_error
    raise ValueError(f"no text: the page gave none ({page_error}) and the feed has no summary")


def _choose_date(todo: _Todo, extracted: Extracted | None, text: str) -> PublishedDate | None:
    page_date: dt.datetime | None = None
    if extracted is not None:
        page_date = (
            extracted.updated_at if extracted.live and extracted.updated_at else extracted.published_at
        )
    chosen = choose_published(
        page=page_date,
        feed=todo.published_at,
        url=url_date(todo.url) or url_date(extracted.url if extracted else None),
        dateline=dateline_date(text),
    )
    if chosen is not None and chosen.source == "feed" and todo.published_source not in (None, "feed"):
        # A date a backfill stored (sitemap, file) keeps its own label.
        return PublishedDate(chosen.at, todo.published_source)
    if chosen is None and todo.first_seen is not None:
        # Nothing dates the story: a live feed lists it within a cycle of publication,
        # which still anchors "on Tuesday" better than no date at all.
        return PublishedDate(todo.first_seen, "seen")
    return chosen


def _analyse(todo: _Todo, fetched: _Fetched | None, detector: DetectorLike) -> _Outcome:
    if todo.text and fetched is None:
        extracted, page_error = None, None
        text, text_source = todo.text, todo.text_source or "file"
    else:
        assert fetched is not None
        extracted = fetched.extracted
        text, text_source, page_error = _choose_text(todo, extracted, fetched.error)
    title = todo.title or (extracted.title if extracted else None)
    published = _choose_date(todo, extracted, text)
    contacts = detector.detect(text, published.day if published else None, title=title)
    return _Outcome(
        text=text,
        text_source=text_source,
        page_error=page_error,
        title=title,
        outlet=todo.outlet or (extracted.sitename if extracted else None),
        published=published,
        fingerprint=simhash(text),
        sketch=sketch(text),
        detections=[c.to_json(explain=True) for c in contacts],
    )


_Month = tuple[int, int] | None


def _month(when: dt.datetime | None) -> _Month:
    if when is None:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    return when.year, when.month


def _months_around(when: dt.datetime) -> list[_Month]:
    """The months a date within DUPLICATE_WINDOW of ``when`` can fall in, and undated (None)."""
    first, last = _month(when - DUPLICATE_WINDOW), _month(when + DUPLICATE_WINDOW)
    assert first is not None and last is not None
    months: list[_Month] = [None]
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class _KnownPool:
    """The recent processed articles a new one may repeat, by publication month.

    Each month's sketches are indexed by hash (SketchIndex) the first time a
    lookup needs that month, so a lookup reads only the articles of the months
    around its date that share a sketch hash with it, instead of all 5,000 of
    the pool; a backfill batch spread over years indexes only what it touches.
    """

    def __init__(self, rows: Sequence[_Known] = ()) -> None:
        self._months: dict[_Month, list[_Known]] = {}
        self._indexes: dict[_Month, tuple[SketchIndex, dict[int, _Known]]] = {}
        for row in rows:
            self.append(row)

    def append(self, known: _Known) -> None:
        month = _month(known.published_at)
        self._months.setdefault(month, []).append(known)
        built = self._indexes.get(month)
        if built is not None:
            built[0].add(known.id, known.sketch)
            built[1][known.id] = known

    def _index(self, month: _Month) -> tuple[SketchIndex, dict[int, _Known]]:
        built = self._indexes.get(month)
        if built is None:
            index, by_id = SketchIndex(), {}
            for known in self._months[month]:
                index.add(known.id, known.sketch)
                by_id[known.id] = known
            built = self._indexes[month] = (index, by_id)
        return built

    def candidates(self, sketch: dict[str, Any], when: dt.datetime | None) -> list[_Known]:
        """The only stored articles that can be near-duplicates of ``sketch`` published at ``when``.

        A superset of what the date window and the resemblance test keep: undated
        articles, the months around ``when`` (every month when it is undated), and
        there only sketches sharing a hash (see SketchIndex).
        """
        months = list(self._months) if when is None else _months_around(when)
        found: list[_Known] = []
        for month in months:
            if month in self._months:
                index, by_id = self._index(month)
                found += [by_id[key] for key in index.candidates(sketch)]
        return found


def _load_known(db: str) -> _KnownPool:
    with session_scope(db) as session:
        rows = session.execute(
            select(Article.id, Article.duplicate_of, Article.published_at, Article.sketch)
            .where(Article.sketch.is_not(None), Article.state.in_(DONE_STATES))
            .order_by(Article.id.desc())
            .limit(DUPLICATE_POOL)
        ).all()
    return _KnownPool(
        [_Known(r.id, r.duplicate_of or r.id, r.published_at, r.sketch) for r in rows if r.sketch]
    )


def _find_original(outcome: _Outcome, article_id: int, known: _KnownPool) -> int | None:
    """The first stored article telling the same story, or None."""
    if outcome.sketch is None:
        return None
    when = outcome.published.at if outcome.published else None
    matches = [
        k
        for k in known.candidates(outcome.sketch, when)
        if k.id != article_id
        and (when is None or k.published_at is None or abs(k.published_at - when) <= DUPLICATE_WINDOW)
        and is_near_duplicate(outcome.sketch, k.sketch)
    ]
    if not matches:
        return None
    first = min(matches, key=lambda k: k.id)
    return first.root if first.root != article_id else None


_ARTICLES = cast(Table, Article.__table__)
# Built once: a plain Core UPDATE (no ORM load, no session synchronisation, no
# statement to build and cache-key per article), written only while the article
# is pending, which the database checks under the row's write lock, so of two
# runs processing the same article one writes it and the other sees it done.
_WRITE_OUTCOME = (
    update(_ARTICLES)
    .where(_ARTICLES.c.id == bindparam("article_id"), _ARTICLES.c.state == "pending")
    .values(
        {
            name: bindparam(name, type_=_ARTICLES.c[name].type)
            for name in (
                "text",
                "text_source",
                "page_error",
                "title",
                "outlet",
                "published_at",
                "published_source",
                "fingerprint",
                "sketch",
                "duplicate_of",
                "detections",
                "processed_at",
            )
        }
        | {
            "state": "detected",
            "error": None,
            "attempts": func.coalesce(_ARTICLES.c.attempts, 0) + 1,
        }
    )
)
_STATE = select(_ARTICLES.c.state).where(_ARTICLES.c.id == bindparam("article_id"))


def _store_success(db: str, article_id: int, outcome: _Outcome, duplicate_of: int | None) -> bool:
    """Write the outcome if the article is still pending; whether it is done (by this run or another)."""
    published = outcome.published
    # A transaction on a pooled connection, without a Session: there are no ORM
    # objects to track, and a Session's set-up and tear-down cost more than the write.
    with get_engine(db).begin() as conn:
        written = conn.execute(
            _WRITE_OUTCOME,
            {
                "article_id": article_id,
                "text": outcome.text,
                "text_source": outcome.text_source,
                "page_error": outcome.page_error,
                "title": outcome.title,
                "outlet": outcome.outlet,
                "published_at": published.at if published else None,
                "published_source": published.source if published else "none",
                "fingerprint": outcome.fingerprint,
                "sketch": outcome.sketch,
                "duplicate_of": duplicate_of,
                "detections": outcome.detections,
                "processed_at": utcnow(),
            },
        )
        if written.rowcount:
            return True
        # None: the article is gone.
        return conn.scalar(_STATE, {"article_id": article_id}) in DONE_STATES


def _store_failure(db: str, article_id: int, error: str) -> None:
    with session_scope(db) as session:
        article = session.get(Article, article_id, with_for_update=True)
        if article is None or article.state != "pending":
            return
        article.attempts = (article.attempts or 0) + 1
        article.error = error
        if article.attempts >= MAX_ATTEMPTS:
            article.state = "failed"
            log.error("article %s (%s) failed for good: %s", article.id, article.url, error)


def _load_todo(db: str, article_ids: Sequence[int]) -> tuple[list[_Todo], list[int]]:
    with session_scope(db) as session:
        rows = session.scalars(
            select(Article).where(Article.id.in_(list(article_ids))).order_by(Article.id)
        ).all()
        done = [a.id for a in rows if a.state in DONE_STATES]
        todo = [
            _Todo(
                a.id,
                a.url,
                a.title,
                a.summary,
                a.outlet,
                a.published_at,
                a.published_source,
                a.text,
                a.text_source,
                a.created_at if a.feed_id is not None else None,
            )
            for a in rows
            if a.state == "pending"
        ]
    return todo, done


def _result(pending: tuple[_Todo, Future[_Fetched]]) -> tuple[_Todo, _Fetched]:
    return pending[0], pending[1].result()


def process_articles(
    cfg: AppConfig, article_ids: Sequence[int], detector: DetectorLike | None = None
) -> list[int]:
    """Process the given pending articles; return the ids that are done (including ones done before)."""
    if not article_ids:
        return []
    db = cfg.settings.database_url
    todo, done = _load_todo(db, article_ids)
    if not todo:
        return sorted(done)
    detector = detector or get_detector(cfg)
    known = _load_known(db)
    timeout = cfg.settings.http.extract_timeout
    to_fetch = [t for t in todo if not t.text]
    prefilled = [(t, None) for t in todo if t.text]

    def finish(item: _Todo, fetched: _Fetched | None) -> None:
        try:
            outcome = _analyse(item, fetched, detector)
            original = _find_original(outcome, item.id, known)
            if _store_success(db, item.id, outcome, original):
                done.append(item.id)
                if outcome.sketch is not None:
                    when = outcome.published.at if outcome.published else None
                    known.append(_Known(item.id, original or item.id, when, outcome.sketch))
        except Exception as exc:  # one bad article must not stop the others
            log.warning(
                "article %s (%s): %s", item.id, item.url, exc, exc_info=not isinstance(exc, ValueError)
            )
            _store_failure(db, item.id, f"{exc.__class__.__name__}: {exc}")

    for item, fetched in prefilled:
        finish(item, fetched)
    if to_fetch:
        with (
            HttpClient(cfg.settings.http) as client,
            ThreadPoolExecutor(
                max_workers=min(FETCH_THREADS, len(to_fetch)), thread_name_prefix="page"
            ) as pool,
        ):
            # Pages are fetched and extracted a few ahead and finished in id order, so
            # the first stored of two near-duplicates is the one the other points to,
            # and no more than a window of pages is held in memory.
            window: deque[tuple[_Todo, Future[_Fetched]]] = deque()
            for item in to_fetch:
                window.append((item, pool.submit(_fetch_and_extract, client, item.url, timeout)))
                if len(window) >= FETCH_AHEAD:
                    finish(*_result(window.popleft()))
            while window:
                finish(*_result(window.popleft()))
    return sorted(done)
