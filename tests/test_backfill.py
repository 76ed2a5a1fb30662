"""`leaderwatch backfill`: sources (saved pages, news sitemaps, URL lists), date windows, one digest.

Pages and sitemaps are served by a real HTTP server on 127.0.0.1; Slack is the
fake Web API server. The saved pages are written for these tests
(tests/support/savedpages.py).
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.backfill import (
    BackfillError,
    CollectReport,
    collect,
    day_bounds,
    discover,
    parse_sitemap,
    parse_when,
    run_window,
)
from pipeline.cli import main
from pipeline.config import AppConfig
from pipeline.store import Alert, Article, Digest, Event, session_scope
from tests.support import fakeslack
from tests.support.configdir import make_config
from tests.support.fakeslack import FakeSlack
from tests.support.savedpages import PAGES, page_html, write_saved_pages
from tests.support.webserver import CorpusServer

fake_slack = fakeslack.fake_slack  # the fixture

FIRST_TWO_DAYS = ("2024-09-10", "2024-09-11")


@pytest.fixture
def server() -> Iterator[CorpusServer]:
    with CorpusServer() as srv:
        yield srv


def _events(url: str) -> set[tuple[str, str, str, str, bool]]:
    with session_scope(url) as s:
        return {(e.candidate, e.leader, e.kind, e.status, e.in_baseline) for e in s.query(Event)}


def backfill(cfg: AppConfig, first: str, last: str, *rest: str) -> int:
    """``leaderwatch --config DIR backfill --from FIRST --to LAST REST...``; its exit code."""
    return main(["--config", str(cfg.directory), "backfill", "--from", first, "--to", last, *rest])


def _dry_run_lines(path: Path) -> list[dict]:  # type: ignore[type-arg]
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ------------------------------------------------------------------- units


def test_parse_when_reads_w3c_dates_and_days() -> None:
    assert parse_when("2024-09-10") == dt.datetime(2024, 9, 10, 12, tzinfo=dt.UTC)
    assert parse_when("2024-09-10T23:30:00-04:00") == dt.datetime(2024, 9, 11, 3, 30, tzinfo=dt.UTC)
    assert parse_when("2024-09-10T08:00Z") == dt.datetime(2024, 9, 10, 8, tzinfo=dt.UTC)
    assert parse_when("yesterday") is None
    assert parse_when("") is None


def test_day_bounds_is_half_open_and_checks_order() -> None:
    start, end = day_bounds(dt.date(2024, 9, 10), dt.date(2024, 9, 11))
    assert (start, end) == (dt.datetime(2024, 9, 10, tzinfo=dt.UTC), dt.datetime(2024, 9, 12, tzinfo=dt.UTC))
    with pytest.raises(BackfillError, match="before"):
        day_bounds(dt.date(2024, 9, 11), dt.date(2024, 9, 10))


def test_sitemap_with_entity_declarations_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&b;</loc></url></urlset>'
    )
    with pytest.raises(BackfillError, match="not a valid sitemap"):
        parse_sitemap(bomb)


def test_news_sitemap_prefers_publication_date_over_lastmod() -> None:
    kind, entries = parse_sitemap(
        b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://a.example/1</loc><lastmod>2024-09-20</lastmod>
    <news:news><news:publication><news:name>A News</news:name></news:publication>
      <news:publication_date>2024-09-10T10:00:00Z</news:publication_date>
      <news:title>One &amp; two</news:title></news:news></url>
  <url><loc>https://a.example/2</loc></url>
</urlset>"""
    )
    assert kind == "urlset"
    assert entries[0] == (
        "https://a.example/1",
        "2024-09-10T10:00:00Z",
        {"title": "One & two", "outlet": "A News"},
    )
    assert entries[1] == ("https://a.example/2", None, {})


def test_run_window_uses_the_data_interval_or_the_params() -> None:
    start = dt.datetime(2024, 9, 10, tzinfo=dt.UTC)
    context = {
        "params": {"source": "/x"},
        "data_interval_start": start,
        "data_interval_end": start + dt.timedelta(days=1),
    }
    assert run_window(context) == ("/x", start, start + dt.timedelta(days=1))
    context["params"] = {"source": "/x", "date_from": "2024-09-01", "date_to": "2024-09-02"}
    assert run_window(context)[1:] == day_bounds(dt.date(2024, 9, 1), dt.date(2024, 9, 2))
    with pytest.raises(BackfillError, match="no source"):
        run_window({"params": {"source": ""}})


# ------------------------------------------------------------ saved pages


def test_backfill_of_saved_pages_records_events_and_sends_one_digest(
    tmp_path: Path, database_url: str, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_saved_pages(tmp_path / "pages")
    cfg = make_config(
        tmp_path,
        database_url,
        settings={
            "slack": {
                "mode": "auto",
                "token": fake_slack.token,
                "channel": "#leaderwatch",
                "base_url": fake_slack.base_url,
            }
        },
    )
    assert backfill(cfg, *FIRST_TWO_DAYS, str(folder), "--no-progress") == 0
    out = capsys.readouterr().out
    assert "found: 3, in range: 2, out of range: 1" in out, out

    events = _events(database_url)
    assert ("JD Vance", "Viktor Orbán", "meeting", "occurred", True) in events
    assert ("Tim Walz", "Justin Trudeau", "call", "occurred", True) in events
    assert not any(e[1] == "Andrzej Duda" for e in events), "the third page is outside the window"

    posts = fake_slack.posts()
    assert len(posts) == 1, "a backfill sends one digest, not one message per event"
    digest_text = json.dumps(posts[0].blocks, ensure_ascii=False) + posts[0].text
    assert "Orbán" in digest_text and "Trudeau" in digest_text
    with session_scope(database_url) as s:
        assert {a.state for a in s.query(Alert)} == {"digested"}
        assert {a.alert_mode for a in s.query(Article)} == {"digest"}
        assert {a.text_source for a in s.query(Article)} == {"file"}
        urls = {a.url for a in s.query(Article)}
        assert s.query(Digest).filter(Digest.state == "sent").count() == 1
    assert urls == {PAGES[0].url, PAGES[1].url}, "articles are keyed by the canonical URL the page declares"

    # The same backfill again: nothing new is stored, processed or posted.
    assert backfill(cfg, *FIRST_TWO_DAYS, str(folder), "--no-progress") == 0
    assert "articles: 0 new, 2 already stored" in capsys.readouterr().out
    assert len(fake_slack.posts()) == 1


def test_backfill_dry_run_writes_the_digest_to_the_sink(tmp_path: Path, sqlite_url: str) -> None:
    folder = write_saved_pages(tmp_path / "pages")
    cfg = make_config(tmp_path, sqlite_url)
    assert backfill(cfg, "2024-09-01", "2024-09-30", str(folder), "--dry-run", "--no-progress") == 0
    lines = _dry_run_lines(Path(cfg.settings.slack.dry_run_file))
    assert len(lines) == 1 and str(lines[0]["digest_part"]).endswith(":0"), "one digest message"
    assert len(_events(sqlite_url)) == 3


def test_backfill_reports_a_missing_source(
    tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = make_config(tmp_path, sqlite_url)
    assert backfill(cfg, "2024-09-01", "2024-09-02", str(tmp_path / "nope")) == 2
    assert "no such file, folder or http(s) URL" in capsys.readouterr().err


# ----------------------------------------------------------- sitemaps, URL lists


def _serve_pages(server: CorpusServer) -> list[str]:
    urls = []
    for page in PAGES:
        # Served pages declare their served address as canonical, like a real site.
        html = page_html(page).replace(page.url, server.url(f"/news/{page.name}"))
        urls.append(server.put(f"/news/{page.name}", html))
    return urls


def test_sitemap_index_over_http_takes_only_the_window(
    tmp_path: Path, sqlite_url: str, server: CorpusServer
) -> None:
    urls = _serve_pages(server)
    entries = "".join(
        f"<url><loc>{u}</loc><lastmod>{p.day}T09:00:00+00:00</lastmod></url>"
        for u, p in zip(urls, PAGES, strict=True)
    )
    urlset = (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )
    server.put("/sitemap-2024-09.xml.gz", gzip.compress(urlset.encode()), "application/x-gzip")
    server.put("/sitemap-2023.xml", "<urlset/>", "application/xml")
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>{BASE}/sitemap-2024-09.xml.gz</loc><lastmod>2024-09-30</lastmod></sitemap>"
        "<sitemap><loc>{BASE}/sitemap-2023.xml</loc><lastmod>2023-12-31</lastmod></sitemap>"
        "</sitemapindex>"
    )
    index_url = server.put("/sitemap.xml", index, "application/xml")
    cfg = make_config(tmp_path, sqlite_url)
    start, end = day_bounds(dt.date(2024, 9, 10), dt.date(2024, 9, 11))

    report = collect(cfg, index_url, start, end)
    assert report.kind == "sitemap"
    assert (report.found, report.in_range, report.out_of_range, report.new) == (3, 2, 1, 2)
    assert not server.requests_for("/sitemap-2023.xml"), "a sitemap last changed before the window is skipped"
    with session_scope(sqlite_url) as s:
        rows = {a.url: (a.published_source, a.state, a.alert_mode) for a in s.query(Article)}
    assert rows == {urls[0]: ("sitemap", "pending", "digest"), urls[1]: ("sitemap", "pending", "digest")}


def test_url_list_dates_lines_by_column_url_or_page(
    tmp_path: Path, sqlite_url: str, server: CorpusServer
) -> None:
    urls = _serve_pages(server)
    dated_in_path = server.put("/2024/09/11/walz-in-path.html", page_html(PAGES[1]))
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# historical articles\n"
        f"{urls[0]} 2024-09-10\n"  # dated by the list
        f"{dated_in_path}\n"  # dated by its URL
        f"{urls[2]}\n"  # undated: fetched, dated by the page (2024-09-16, outside)
        "not-a-url\n",
        encoding="utf-8",
    )
    cfg = make_config(tmp_path, sqlite_url)
    report = CollectReport()
    found = list(discover(cfg, str(listing), *day_bounds(dt.date(2024, 9, 10), dt.date(2024, 9, 11)), report))
    assert report.kind == "urls"
    assert [(f.url, f.published_source) for f in found] == [(urls[0], "list"), (dated_in_path, "url")]
    assert report.out_of_range == 1 and server.requests_for("/news/trump-duda.html")
    assert any("not-a-url" in e for e in report.errors)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bars_on_a_terminal_only(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_saved_pages(tmp_path / "pages")
    cfg = make_config(tmp_path, sqlite_url)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert backfill(cfg, "2024-09-01", "2024-09-30", str(folder), "--dry-run") == 0
    bars = terminal.getvalue().replace("\r", "\n")
    assert "reading pages: 100%" in bars and "3/3" in bars
    assert "processing: 100%" in bars

    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert backfill(cfg, "2024-09-01", "2024-09-30", str(folder), "--dry-run", "--no-progress") == 0
    assert "100%" not in quiet.getvalue()
