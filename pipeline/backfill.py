"""Backfill: historical articles of a date range, run through the monitor's stages, then one digest.

A source is one of

- a **news sitemap** or sitemap index (URL or file, gzip allowed): entries are
  dated by ``news:publication_date``, else ``lastmod``; child sitemaps last
  modified before the range are skipped; undated entries are counted, not loaded;
- a **URL list** (a text file, one URL per line, optionally followed by its
  date): undated lines are dated by the URL (``/2024/09/01/``) or, failing
  that, by fetching and extracting the page;
- a **folder of saved HTML pages** (``*.html``, ``*.htm``, recursively): each
  page is extracted here (its text, title and date from the page metadata,
  URL or dateline) and stored with its text, so nothing is fetched again.

Articles published in ``[start, end)`` are stored with ``alert_mode="digest"``
(an article already in the store is reused, never duplicated), processed and
matched exactly like the monitor's, and their alerts are summarised in one
digest (:func:`pipeline.alerts.send_digest`) instead of one message per event;
the events they create join the baseline.

:func:`backfill_command` is ``leaderwatch backfill``; :func:`collect_for_run`
and :func:`digest_for_run` are what the ``leaderwatch_backfill`` DAG's tasks
call, each run taking the articles of its own data interval.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import logging
import sys
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pipeline.config import AppConfig
from pipeline.store import Article, EntryKey, session_scope

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".html", ".htm")
# A sitemap index can point at thousands of sitemaps; a loop or a hostile
# index must not keep a backfill busy forever.
MAX_SITEMAPS = 1000
MAX_URL_CHARS = 2000  # articles.url is VARCHAR(2048)
BATCH_SIZE = 25


class BackfillError(Exception):
    """The source cannot be read or understood; the message names it and says what is expected."""


@dataclass(frozen=True)
class Found:
    """One historical article a source offers, with what the source knows about it."""

    url: str
    published_at: dt.datetime | None
    published_source: str | None  # sitemap | list | url | page | dateline | file
    title: str | None = None
    outlet: str | None = None
    text: str | None = None  # saved pages: extracted here, so processing does not fetch
    text_source: str | None = None


@dataclass
class CollectReport:
    source: str = ""
    kind: str = ""
    found: int = 0
    in_range: int = 0
    out_of_range: int = 0
    undated: int = 0
    new: int = 0
    known: int = 0
    errors: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)


# ------------------------------------------------------------------ date helpers


def day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """``[first 00:00 UTC, last + 1 day 00:00 UTC)``: the inclusive days as a half-open interval."""
    if last < first:
        raise BackfillError(f"--to {last} is before --from {first}")
    start = dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC)
    end = dt.datetime(last.year, last.month, last.day, tzinfo=dt.UTC) + dt.timedelta(days=1)
    return start, end


def parse_when(value: str | None) -> dt.datetime | None:
    """A sitemap/list date (W3C datetime or a bare day) as an aware UTC datetime, or None."""
    from dateutil import parser as dateparser

    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = dateparser.isoparse(text)
    except (ValueError, OverflowError):
        return None
    if len(text) <= 10:
        # A bare day is the publisher's calendar day: noon UTC keeps it on that day
        # (the same rule as pipeline.pubdate).
        return dt.datetime(parsed.year, parsed.month, parsed.day, 12, tzinfo=dt.UTC)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _keep(when: dt.datetime | None, start: dt.datetime, end: dt.datetime, report: CollectReport) -> bool:
    """Whether an article published ``when`` belongs to ``[start, end)``; counts the ones that do not."""
    if when is None:
        report.undated += 1
        return False
    if not start <= when < end:
        report.out_of_range += 1
        return False
    return True


# ----------------------------------------------------------------- reading input


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _read_source(cfg: AppConfig, source: str, client: Any = None) -> bytes:
    """The bytes of a file or URL (fetched with the pipeline's bounded, guarded client)."""
    if _is_url(source):
        from pipeline.fetch import FetchError, HttpClient

        try:
            if client is not None:
                return bytes(client.get(source).content)
            with HttpClient(cfg.settings.http) as own:
                return bytes(own.get(source).content)
        except FetchError as exc:
            raise BackfillError(f"{source}: cannot fetch: {exc}") from exc
    path = Path(source)
    if not path.is_file():
        raise BackfillError(f"{source}: no such file, folder or http(s) URL")
    size_cap = cfg.settings.http.max_bytes
    data = path.read_bytes()
    if len(data) > size_cap:
        raise BackfillError(f"{source}: {len(data)} bytes is over http.max_bytes ({size_cap})")
    return data


def _gunzip(data: bytes, cap: int, source: str) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    # Bounded: a small .gz can expand to gigabytes.
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, cap + 1)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise BackfillError(f"{source}: broken gzip data: {exc}") from exc
    if len(out) > cap:
        raise BackfillError(f"{source}: more than {cap} bytes once decompressed")
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if "}" in tag else tag


def _looks_like_sitemap(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<?xml") or b"<urlset" in head or b"<sitemapindex" in head


def _child_text(node: Any, name: str) -> str | None:
    for child in node:
        if _local(child.tag) == name and child.text:
            return str(child.text).strip()
    return None


def parse_sitemap(
    data: bytes, source: str = "sitemap"
) -> tuple[str, list[tuple[str, str | None, dict[str, str]]]]:
    """``("urlset" | "sitemapindex", [(loc, date, extra)])`` of one sitemap document.

    For a urlset the date is ``news:publication_date``, else ``lastmod``, and
    ``extra`` may hold the news title and publication name; for an index it is
    the child sitemap's ``lastmod``. Entity declarations are refused (defusedxml).
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException) as exc:
        raise BackfillError(f"{source}: not a valid sitemap: {exc}") from exc
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise BackfillError(f"{source}: XML root is <{kind}>, expected <urlset> or <sitemapindex>")
    entries: list[tuple[str, str | None, dict[str, str]]] = []
    for node in root:
        loc = _child_text(node, "loc")
        if not loc:
            continue
        date = _child_text(node, "lastmod")
        extra: dict[str, str] = {}
        for child in node:
            if _local(child.tag) == "news":
                date = _child_text(child, "publication_date") or date
                title = _child_text(child, "title")
                if title:
                    extra["title"] = title
                for pub in child:
                    if _local(pub.tag) == "publication":
                        name = _child_text(pub, "name")
                        if name:
                            extra["outlet"] = name
        entries.append((loc, date, extra))
    return kind, entries


def _from_sitemap(
    cfg: AppConfig, source: str, data: bytes, start: dt.datetime, end: dt.datetime, report: CollectReport
) -> Iterator[Found]:
    cap = cfg.settings.http.max_bytes
    queue: list[tuple[str, bytes | None]] = [(source, data)]
    seen: set[str] = set()
    while queue:
        where, body = queue.pop(0)
        if where in seen:
            continue
        seen.add(where)
        if len(seen) > MAX_SITEMAPS:
            report.errors.append(f"{source}: more than {MAX_SITEMAPS} sitemaps, stopped")
            return
        try:
            if body is None:
                body = _read_source(cfg, where)
            kind, entries = parse_sitemap(_gunzip(body, cap, where), where)
        except BackfillError as exc:
            if where == source:
                raise
            report.errors.append(str(exc))
            continue
        for loc, date, extra in entries:
            when = parse_when(date)
            if kind == "sitemapindex":
                # A sitemap last changed before the range cannot list articles published in it.
                if when is None or when >= start:
                    queue.append((_resolve(where, loc), None))
                continue
            report.found += 1
            if not _keep(when, start, end, report):
                continue
            yield Found(
                url=loc,
                published_at=when,
                published_source="sitemap",
                title=extra.get("title"),
                outlet=extra.get("outlet"),
            )


def _resolve(parent: str, loc: str) -> str:
    """A child sitemap's location; relative paths in a local index are relative to its folder."""
    if _is_url(loc) or _is_url(parent):
        return loc
    path = Path(loc)
    return str(path if path.is_absolute() else Path(parent).parent / path)


def _from_url_list(
    cfg: AppConfig, source: str, data: bytes, start: dt.datetime, end: dt.datetime, report: CollectReport
) -> Iterator[Found]:
    from pipeline.pubdate import url_date

    undated: list[str] = []
    for number, raw in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.replace(",", " ").replace("\t", " ").split()
        url = parts[0]
        if not _is_url(url):
            report.errors.append(f"{source}:{number}: {url[:80]!r} is not an http(s) URL")
            continue
        report.found += 1
        when = parse_when(parts[1]) if len(parts) > 1 else None
        label = "list"
        if when is None and (day := url_date(url)) is not None:
            when, label = parse_when(day.isoformat()), "url"
        if when is None:
            undated.append(url)
            continue
        if _keep(when, start, end, report):
            yield Found(url=url, published_at=when, published_source=label)
    if undated:
        yield from _fetch_undated(cfg, undated, start, end, report)


def _fetch_undated(
    cfg: AppConfig, urls: Sequence[str], start: dt.datetime, end: dt.datetime, report: CollectReport
) -> Iterator[Found]:
    """Fetch and extract pages whose date nothing else gives; keep their text for processing."""
    from pipeline.fetch import FetchError, HttpClient

    with HttpClient(cfg.settings.http) as client:
        for url in urls:
            try:
                response = client.get(url)
            except FetchError as exc:
                report.errors.append(f"{url}: {exc}")
                continue
            found = _found_in_page(cfg, response.content, response.url, label_source=url)
            if found is not None and _keep(found.published_at, start, end, report):
                yield found
            elif found is None:
                report.errors.append(f"{url}: no article text found in the page")


def _found_in_page(cfg: AppConfig, html: bytes, url: str | None, label_source: str) -> Found | None:
    """Text, title and date of one saved or fetched page; None without main text."""
    from pipeline.dedup import canonical_url
    from pipeline.extract import ExtractTimeout, extract_bounded
    from pipeline.pubdate import choose_published, dateline_date, url_date

    try:
        extracted = extract_bounded(html, url=url, timeout=cfg.settings.http.extract_timeout)
    except ExtractTimeout as exc:
        log.warning("%s: %s", label_source, exc)
        return None
    if extracted is None:
        return None
    page_url = extracted.url if extracted.url and _is_url(extracted.url) else url
    published = choose_published(
        page=extracted.published_at or extracted.published,
        url=url_date(page_url),
        dateline=dateline_date(extracted.text),
    )
    return Found(
        url=canonical_url(page_url) if page_url and _is_url(page_url) else (page_url or label_source),
        published_at=published.at if published else None,
        published_source=published.source if published else None,
        title=extracted.title,
        outlet=extracted.sitename,
        text=extracted.text,
        text_source="file" if not _is_url(label_source) else "page",
    )


def _from_folder(
    cfg: AppConfig, folder: Path, start: dt.datetime, end: dt.datetime, report: CollectReport, progress: bool
) -> Iterator[Found]:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
    if not files:
        raise BackfillError(f"{folder}: no saved pages (*.html, *.htm) in this folder")
    for path in _progress(files, "reading pages", "page", progress):
        report.found += 1
        try:
            html = path.read_bytes()
        except OSError as exc:
            report.errors.append(f"{path}: {exc}")
            continue
        found = _found_in_page(cfg, html, None, label_source=str(path))
        if found is None:
            report.errors.append(f"{path}: no article text found in the page")
            continue
        if found.url == str(path):
            found = replace(found, url=path.resolve().as_uri())
        if _keep(found.published_at, start, end, report):
            yield found


def discover(
    cfg: AppConfig,
    source: str,
    start: dt.datetime,
    end: dt.datetime,
    report: CollectReport | None = None,
    progress: bool = False,
) -> Iterator[Found]:
    """The articles ``source`` offers that were published in ``[start, end)``."""
    report = report if report is not None else CollectReport()
    report.source = source
    if not source or not source.strip():
        raise BackfillError("no source given: a news sitemap, a file of URLs, or a folder of saved pages")
    if not _is_url(source) and Path(source).is_dir():
        report.kind = "pages"
        yield from _from_folder(cfg, Path(source), start, end, report, progress)
        return
    data = _gunzip(_read_source(cfg, source), cfg.settings.http.max_bytes, source)
    if _looks_like_sitemap(data):
        report.kind = "sitemap"
        yield from _from_sitemap(cfg, source, data, start, end, report)
    else:
        report.kind = "urls"
        yield from _from_url_list(cfg, source, data, start, end, report)


# ----------------------------------------------------------------------- storing


def store_found(cfg: AppConfig, found: Found) -> tuple[int, bool]:
    """Store one article for processing in digest mode; reuse it when the store knows it.

    Returns (article id, created). One transaction per article, so a crash
    half-way keeps what was stored and a re-run stores nothing twice.
    """
    from pipeline.dedup import canonical_url

    url = canonical_url(found.url) if _is_url(found.url) else found.url
    if len(url) > MAX_URL_CHARS:
        raise BackfillError(f"{url[:80]}...: URL longer than {MAX_URL_CHARS} characters")
    key = f"url:{url}"
    for attempt in range(2):
        try:
            with session_scope(cfg.settings.database_url) as session:
                existing = session.scalar(select(EntryKey.article_id).where(EntryKey.key == key))
                if existing is None:
                    existing = session.scalar(select(Article.id).where(Article.url == url))
                if existing is not None:
                    return existing, False
                article = Article(
                    url=url,
                    title=found.title,
                    outlet=found.outlet,
                    published_at=found.published_at,
                    published_source=found.published_source,
                    text=found.text,
                    text_source=found.text_source,
                    state="pending",
                    attempts=0,
                    alert_mode="digest",
                )
                session.add(article)
                session.flush()
                session.add(EntryKey(key=key, article_id=article.id))
                return article.id, True
        except IntegrityError:  # stored meanwhile by a parallel run: look it up again
            if attempt:
                raise
    raise AssertionError("unreachable")


def collect(
    cfg: AppConfig, source: str, start: dt.datetime, end: dt.datetime, progress: bool = False
) -> CollectReport:
    """Find the articles of ``[start, end)`` in ``source`` and store them; the report holds their ids."""
    report = CollectReport()
    ids: dict[int, None] = {}
    for found in discover(cfg, source, start, end, report, progress=progress):
        report.in_range += 1
        try:
            article_id, created = store_found(cfg, found)
        except BackfillError as exc:
            report.errors.append(str(exc))
            continue
        report.new += created
        report.known += not created
        ids[article_id] = None
    report.article_ids = list(ids)
    return report


# -------------------------------------------------------------- processing stages


def process_in_batches(
    cfg: AppConfig, article_ids: Sequence[int], progress: bool = False, batch_size: int = BATCH_SIZE
) -> list[int]:
    from pipeline import stages

    done: list[int] = []
    bar = _bar(len(article_ids), "processing", "article", progress)
    try:
        for i in range(0, len(article_ids), batch_size):
            batch = list(article_ids[i : i + batch_size])
            done += stages.process_articles(cfg, batch)
            bar.update(len(batch))
    finally:
        bar.close()
    return done


def digest_title(start: dt.datetime, end: dt.datetime) -> str:
    last = (end - dt.timedelta(microseconds=1)).date()
    if last == start.date():
        return f"Backfill digest {start.date()}"
    return f"Backfill digest {start.date()} to {last}"


# ------------------------------------------------------------------ Airflow tasks


def run_window(context: Mapping[str, Any]) -> tuple[str, dt.datetime, dt.datetime]:
    """Source and ``[start, end)`` of a DAG run: its params, else its own data interval."""
    params = context.get("params") or {}
    source = str(params.get("source") or "").strip()
    if not source:
        raise BackfillError(
            "no source: trigger with param 'source' (sitemap, URL list or folder of saved pages), or "
            "pass --dag-run-conf '{\"source\": ...}' to `airflow backfill create`"
        )
    start = context.get("data_interval_start")
    end = context.get("data_interval_end")
    date_from, date_to = params.get("date_from"), params.get("date_to")
    if date_from or date_to:
        first = dt.date.fromisoformat(str(date_from)) if date_from else (start.date() if start else None)
        if date_to:
            last = dt.date.fromisoformat(str(date_to))
        elif end is not None:
            last = (end - dt.timedelta(microseconds=1)).date()
        else:
            last = None
        if first is None or last is None:
            raise BackfillError("give both date_from and date_to for a run without a data interval")
        start, end = day_bounds(first, last)
    if start is None or end is None:
        raise BackfillError("this run has no data interval: give params date_from and date_to")
    return source, _utc(start), _utc(end)


def _utc(value: dt.datetime) -> dt.datetime:
    # Airflow hands out pendulum datetimes; plain datetimes compare and serialise the same way.
    return dt.datetime.fromtimestamp(value.timestamp(), tz=dt.UTC)


def collect_for_run(cfg: AppConfig, context: Mapping[str, Any]) -> list[int]:
    """The backfill DAG's first task: store the articles of this run's window; return their ids."""
    from pipeline import stages

    dag_run = context.get("dag_run")
    params = context.get("params") or {}
    if getattr(dag_run, "run_type", None) == "scheduled" and not params.get("source"):
        # The DAG is scheduled only so that `airflow backfill create` has daily
        # intervals, and it must be unpaused for backfill runs to start: its own
        # daily runs have nothing to load and end as skipped, not failed.
        from airflow.sdk.exceptions import AirflowSkipException

        raise AirflowSkipException("scheduled run without a source: nothing to backfill")
    source, start, end = run_window(context)
    stages.prepare_store(cfg)
    report = collect(cfg, source, start, end)
    log.info(
        "backfill %s [%s, %s): %s",
        source,
        start.isoformat(),
        end.isoformat(),
        {k: v for k, v in asdict(report).items() if k not in ("article_ids", "errors")},
    )
    for error in report.errors[:50]:
        log.warning("backfill: %s", error)
    return report.article_ids


def digest_for_run(
    cfg: AppConfig, article_ids: Sequence[int], context: Mapping[str, Any], client: Any = None
) -> dict[str, Any]:
    """The backfill DAG's last task: one digest for the run (idempotent per DAG run)."""
    from pipeline.alerts import send_digest

    if not article_ids:
        return {"events": 0, "messages": 0, "skipped": "no articles in this window"}
    _source, start, end = run_window(context)
    dag_run = context.get("dag_run")
    run_id = getattr(dag_run, "run_id", None) or context.get("run_id") or "manual"
    dag_id = getattr(dag_run, "dag_id", None) or "leaderwatch_backfill"
    report = send_digest(
        cfg,
        run_id=f"airflow:{dag_id}:{run_id}",
        article_ids=list(article_ids),
        client=client,
        title=digest_title(start, end),
    )
    return report.as_dict()


# -------------------------------------------------------------------- command line


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(total: int, desc: str, unit: str, enabled: bool) -> Any:
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, dynamic_ncols=True)


def _progress(items: Sequence[Path], desc: str, unit: str, enabled: bool) -> Iterator[Path]:
    bar = _bar(len(items), desc, unit, enabled)
    try:
        for item in items:
            yield item
            bar.update(1)
    finally:
        bar.close()


def _parse_day(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BackfillError(f"{option} {value!r}: expected a day as YYYY-MM-DD") from exc


def backfill_command(cfg: AppConfig, args: argparse.Namespace) -> int:
    """``leaderwatch backfill --from D --to D SOURCE [--dry-run] [--no-progress]``."""
    from pipeline import stages
    from pipeline.alerts import AlertDeliveryError, send_digest

    progress = not args.no_progress and sys.stderr.isatty()
    try:
        start, end = day_bounds(_parse_day(args.date_from, "--from"), _parse_day(args.date_to, "--to"))
        stages.prepare_store(cfg)
        report = collect(cfg, args.source, start, end, progress=progress)
    except BackfillError as exc:
        print(f"backfill: {exc}", file=sys.stderr)
        return 2
    for error in report.errors:
        print(f"  skipped: {error}", file=sys.stderr)
    ids = report.article_ids
    processed = process_in_batches(cfg, ids, progress=progress)
    matched = stages.match_events(cfg, ids) if ids else {}
    digest: dict[str, Any] = {"events": 0, "messages": 0}
    status = 0
    if ids:
        try:
            digest = send_digest(
                cfg, article_ids=ids, dry_run=args.dry_run, title=digest_title(start, end)
            ).as_dict()
        except AlertDeliveryError as exc:
            print(f"backfill: digest not sent: {exc}", file=sys.stderr)
            status = 1
    print(
        f"source: {report.source} ({report.kind})\n"
        f"window: {start.date()} to {(end - dt.timedelta(days=1)).date()}\n"
        f"found: {report.found}, in range: {report.in_range}, out of range: {report.out_of_range}, "
        f"undated: {report.undated}, errors: {len(report.errors)}\n"
        f"articles: {report.new} new, {report.known} already stored; processed: {len(processed)}\n"
        f"events: {', '.join(f'{k} {v}' for k, v in matched.items()) or 'none'}\n"
        f"digest: {digest.get('events', 0)} events in {digest.get('messages', 0)} message(s)"
        + (" (already sent)" if digest.get("already_sent") else "")
    )
    return status
