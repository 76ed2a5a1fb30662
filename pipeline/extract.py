"""Main-text and metadata extraction from article pages (trafilatura), bounded in time and size.

- :func:`extract_html` turns one page (bytes or str) into an :class:`Extracted`:
  the body text without navigation, related links or comments, and the title,
  author, site name, canonical URL and publication date from the page metadata.
  It runs in the calling process; it is what tests and the peer scorer call.
- :func:`extract_bounded` runs the same in a worker process with a timeout and
  a size cap, so a page that makes the parser hang or a 50 MB document cannot
  stall a cycle: on timeout the worker is killed and :class:`ExtractTimeout`
  raised. Where a process cannot be started (a daemonic parent) it falls back
  to a thread, which bounds the wait but not the CPU.
- :func:`extract_command` is ``leaderwatch extract FILE_OR_URL...``.

Choosing between the page's date and the feed's is ``pipeline.pubdate``'s job;
fetching is ``pipeline.fetch``'s.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import logging
import multiprocessing
import multiprocessing.pool
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.config import AppConfig
from pipeline.pubdate import choose_published, dateline_date, url_date

log = logging.getLogger(__name__)

# Larger inputs are cut before parsing: nothing a news page needs lies that deep.
MAX_HTML_BYTES = 5_000_000
# Worker processes are recycled after this many pages (lxml/trafilatura caches grow).
WORKER_MAX_TASKS = 500
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


class ExtractTimeout(Exception):
    """Extraction of one page took longer than allowed; the worker was stopped."""


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None  # page metadata date (publisher's calendar day)
    published_at: dt.datetime | None = None  # the same with its time when the page gives it
    updated_at: dt.datetime | None = None  # last modification, when the page states it
    live: bool = False  # a live blog: its date is its last update
    sitename: str | None = None
    url: str | None = None  # canonical URL the page declares
    description: str | None = None
    language: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("published", "published_at", "updated_at"):
            if out[key] is not None:
                out[key] = out[key].isoformat()
        return out


def _parse_page_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    for fmt in (_DATE_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        # A bare day is the publisher's calendar day; noon UTC keeps it in every zone.
        return parsed if parsed.tzinfo else parsed.replace(hour=parsed.hour or 12, tzinfo=dt.UTC)
    return None


def _as_bytes_capped(html: bytes | str) -> bytes | str:
    return html[:MAX_HTML_BYTES]


_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "parsely-pub-date",
    "dc.date.issued",
    "sailthru.date",
)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dc.date.modified")


def _parse_timestamp(value: Any) -> dt.datetime | None:
    from dateutil import parser as dateparser

    if not isinstance(value, str) or not re.match(r"^\s*\d{4}-\d\d-\d\d", value):
        return None
    try:
        parsed = dateparser.isoparse(value.strip())
    except (ValueError, OverflowError):
        return None
    if parsed.tzinfo is None:
        return None  # a time without a zone is ambiguous; the day alone comes from htmldate
    return parsed


@dataclass
class PageMeta:
    """What a page's machine-readable metadata says about its dates and kind."""

    published: dt.datetime | None = None
    modified: dt.datetime | None = None
    live: bool = False


def _read_json_ld(node: Any, meta: PageMeta) -> None:
    if isinstance(node, list):
        for item in node:
            _read_json_ld(item, meta)
    elif isinstance(node, dict):
        types = node.get("@type")
        if "LiveBlogPosting" in (types if isinstance(types, list) else [types]):
            meta.live = True
        meta.published = meta.published or _parse_timestamp(node.get("datePublished"))
        meta.modified = meta.modified or _parse_timestamp(node.get("dateModified"))
        for key in ("@graph", "mainEntity"):
            if key in node:
                _read_json_ld(node[key], meta)


def page_meta(tree: Any) -> PageMeta:
    """Publication/modification times (with their zones) and whether the page is a live blog.

    Reads the standard places of a parsed page (``article:published_time`` and
    friends, JSON-LD ``datePublished``/``dateModified``/``@type``); htmldate,
    which trafilatura uses, often keeps only the day.
    """
    meta = PageMeta()
    for element in tree.iterfind(".//meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        if key in _PUBLISHED_META:
            meta.published = meta.published or _parse_timestamp(element.get("content"))
        elif key in _MODIFIED_META:
            meta.modified = meta.modified or _parse_timestamp(element.get("content"))
        elif key == "og:type" and (element.get("content") or "").lower().startswith("liveblog"):
            meta.live = True
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            _read_json_ld(json.loads(script.text or ""), meta)
        except ValueError:
            continue
    return meta


_POST_BODY_CLASS = re.compile(r"post[-_]?(?:body|content|text)", re.I)


def unfold_live_posts(tree: Any) -> None:
    """Make a live blog's posts read as one story, stamps and post titles included.

    Live blogs mark each post up as an ``<article>`` with a ``<header>`` holding
    its time stamp and title. Left as is, trafilatura takes the post bodies only
    (their class names look like an article body) and drops the headers, the
    stamps that date each entry and the summary at the top. Turning posts into
    plain blocks and stamps into paragraphs lets it keep the whole feed.
    """
    for post in tree.xpath("//article[.//time]"):
        for header in post.iterfind(".//header"):
            header.tag = "div"
        for stamp in post.iterfind(".//time"):
            stamp.tag = "p"
        for element in post.xpath(".//*[@class]"):
            if _POST_BODY_CLASS.search(element.get("class", "")):
                del element.attrib["class"]
        post.tag = "div"


# Lines publishers append to or sprinkle through stories, which trafilatura
# sometimes keeps: calls to subscribe or follow, copyright and reprint notices,
# "Read more:" links. Only short lines are dropped, so a story sentence that
# happens to mention a newsletter survives.
BOILERPLATE_LINE_MAX = 200
BOILERPLATE_LINES = re.compile(
    "|".join(
        [
            r"^(?:subscribe|sign up|sign-up|register)\b",
            r"^\S+(?:\s\S+){0,3}\s+newsletter$",
            r"^(?:read more|related|see also|more from|recommended|also read)\s*:",
            r"^follow\b.{0,80}\b(?:twitter|facebook|instagram|linkedin|telegram|whatsapp)\b",
            r"(?:©|\(c\)|copyright)\s*(?:\d{4}|by\b)",
            r"\ball rights reserved\b",
            r"\bcopyrighted property\b|\bwritten permission must be obtained\b",
            r"\bmay not be (?:published|reproduced|redistributed|republished)\b",
            r"^to (?:view|read) the full (?:story|article)\b|\bsubscribe now\b",
            r"^if you(?:'|’)re (?:seeing|reading) this message\b",
            r"\bdownload the\b.{0,60}\bapps?\b",
            r"^(?:advertisement|sponsored content|story continues below advertisement)$",
        ]
    ),
    re.I,
)


def _tidy(text: str) -> str:
    """One paragraph per line, without indentation, blank lines or publisher boilerplate lines."""
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(
        line
        for line in lines
        if line and not (len(line) <= BOILERPLATE_LINE_MAX and BOILERPLATE_LINES.search(line))
    )


def extract_html(html: bytes | str, url: str | None = None, *, metadata: bool = True) -> Extracted | None:
    """Main text and metadata of one page, or None when it has no extractable main text.

    ``metadata=False`` skips trafilatura's metadata pass (title, author, site
    name, htmldate), which costs about as much as the text itself; the text is
    the same. The page's own dates and live-blog flag are read either way.
    """
    import trafilatura

    html = _as_bytes_capped(html)
    tree = trafilatura.load_html(html) if html else None
    if tree is None:
        return None
    meta = page_meta(tree)
    if meta.live:
        unfold_live_posts(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=metadata,
        include_comments=False,
        include_tables=True,
        include_formatting=False,
        include_images=False,
        include_links=False,
        fast=False,
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "outputformat": _DATE_FORMAT,
            "max_date": (dt.date.today() + dt.timedelta(days=1)).isoformat(),
        },
    )
    if doc is None or isinstance(doc, dict):  # dict only with as_dict=True
        return None
    text = _tidy(doc.text or "")
    if not text:
        return None
    published_at = meta.published or _parse_page_date(doc.date)
    return Extracted(
        text=text,
        title=doc.title or None,
        author=doc.author or None,
        published=published_at.date() if published_at else None,
        published_at=published_at,
        updated_at=meta.modified,
        live=meta.live,
        sitename=doc.sitename or None,
        url=doc.url or None,
        description=doc.description or None,
        language=doc.language or None,
    )


def extract_text(html_bytes: bytes | str) -> str | None:
    """Main text only (the peer extraction benchmark's callable)."""
    extracted = extract_html(html_bytes, metadata=False)
    return extracted.text if extracted else None


# --------------------------------------------------------------- bounded runs


class _Worker:
    """One extraction worker process, restarted after a timeout or a crash."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: multiprocessing.pool.Pool | None = None
        self._use_threads = False

    def _ensure_pool(self) -> multiprocessing.pool.Pool | None:
        if self._pool is None and not self._use_threads:
            try:
                ctx = multiprocessing.get_context("spawn")
                self._pool = ctx.Pool(processes=1, maxtasksperchild=WORKER_MAX_TASKS)
            except (AssertionError, OSError) as exc:  # daemonic parent, or no processes allowed
                log.warning("extraction falls back to a thread (no worker process: %s)", exc)
                self._use_threads = True
        return self._pool

    def run(self, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
        """``fn(*args)`` in the worker process; ExtractTimeout (worker killed) after ``timeout`` s."""
        with self._lock:
            pool = self._ensure_pool()
            if pool is None:
                return _run_in_thread(fn, args, timeout)
            pending = pool.apply_async(fn, args)
            try:
                return pending.get(timeout)
            except multiprocessing.TimeoutError as exc:
                pool.terminate()
                pool.join()
                self._pool = None
                raise ExtractTimeout(f"extraction took longer than {timeout:g}s; worker stopped") from exc

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.terminate()
                self._pool.join()
                self._pool = None


def _run_in_thread(fn: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = fn(*args)
        except Exception as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, name="extract", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise ExtractTimeout(f"extraction took longer than {timeout:g}s (left running in a thread)")
    if "error" in box:
        raise box["error"]
    return box.get("result")


_WORKER = _Worker()
# Stop the worker before the interpreter tears modules down; a pool left to its
# finaliser at exit fails there ("Exception ignored in Pool.__del__").
atexit.register(_WORKER.close)


def run_in_worker(fn: Callable[..., Any], *args: Any, timeout: float) -> Any:
    """``fn(*args)`` (a module-level function) in the extraction worker, bounded by ``timeout``."""
    return _WORKER.run(fn, args, timeout)


def extract_bounded(html: bytes | str, url: str | None = None, timeout: float = 20.0) -> Extracted | None:
    """:func:`extract_html` in a worker process, stopped after ``timeout`` seconds."""
    result: Extracted | None = run_in_worker(extract_html, _as_bytes_capped(html), url, timeout=timeout)
    return result


def shutdown_worker() -> None:
    _WORKER.close()


# ------------------------------------------------------------------- command


def _is_url(value: str) -> bool:
    return bool(re.match(r"^https?://", value, re.I))


def _from_text_file(path: Path) -> dict[str, Any]:
    """A .txt article (headline, blank line, body) as the same JSON shape."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    head, sep, body = raw.partition("\n\n")
    title, text = (head.strip(), body.strip()) if sep and "\n" not in head.strip() else (None, raw.strip())
    chosen = choose_published(dateline=dateline_date(text))
    return {
        "input": str(path),
        "title": title,
        "text": text,
        "published": chosen.day.isoformat() if chosen else None,
        "published_source": chosen.source if chosen else None,
    }


def describe(extracted: Extracted, source_url: str | None) -> dict[str, Any]:
    """The JSON line of ``leaderwatch extract``: text, metadata and the chosen date."""
    page_date = extracted.updated_at if extracted.live and extracted.updated_at else extracted.published_at
    chosen = choose_published(
        page=page_date,
        url=url_date(extracted.url or source_url),
        dateline=dateline_date(extracted.text),
    )
    out = extracted.to_json()
    out["published"] = chosen.day.isoformat() if chosen else None
    out["published_source"] = chosen.source if chosen else None
    return out


def extract_command(cfg: AppConfig, args: argparse.Namespace) -> int:
    """``leaderwatch extract FILE_OR_URL...``: one JSON line per input; exit 1 if any failed."""
    from pipeline.fetch import FetchError, HttpClient

    failed = 0
    client: HttpClient | None = None
    timeout = cfg.settings.http.extract_timeout
    try:
        for item in args.inputs:
            record: dict[str, Any]
            try:
                if _is_url(item):
                    client = client or HttpClient(cfg.settings.http)
                    response = client.get(item, headers={"Accept": "text/html,application/xhtml+xml"})
                    extracted = extract_bounded(response.content, url=response.url, timeout=timeout)
                    source_url: str | None = response.url
                else:
                    path = Path(item)
                    if path.suffix.lower() == ".txt":
                        record = _from_text_file(path)
                        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
                        continue
                    extracted = extract_bounded(path.read_bytes(), url=None, timeout=timeout)
                    source_url = None
                if extracted is None:
                    record = {"input": item, "error": "no main text found in the page"}
                else:
                    record = {"input": item, **describe(extracted, source_url)}
            except (FetchError, OSError, ExtractTimeout, ValueError) as exc:
                record = {"input": item, "error": str(exc)}
            if "error" in record:
                failed += 1
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if client is not None:
            client.close()
    return 1 if failed else 0
