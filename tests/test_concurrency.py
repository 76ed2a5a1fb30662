"""Two runs at once on PostgreSQL over overlapping articles: no duplicate article, event, mention or alert.

- Two monitoring cycles in two threads, released together by a barrier, over
  three feeds that share stories (the corpus feeds and a feed of our own
  linking to every corpus page). The result must be what one cycle alone
  gives on a fresh database: the same stories, events and alerts, each once.
- A cycle and a backfill as two ``leaderwatch`` processes at once: the backfill
  reads saved copies of the same pages (canonical link pointing at the served
  URL), so both runs store, process and match the very same articles.
- Three processes bringing a fresh database to head at once (the first runs
  of a new deployment): all succeed, and the schema is created once.
- Two alert senders, one a process held inside chat.postMessage by the fake
  Slack server: the other leaves its alerts to it (the claim is a lease);
  the same process killed mid-post leaves an orphan that is recovered once,
  after the lease, without a second post.

Duplicates are looked for the way the product defines them (SCHEMA.md, event
identity): two events of one candidate, leader and kind with compatible dates
are one event stored twice; one article sentence attached to two events is a
mention stored twice; an alert id posted twice is a duplicate Slack message.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pipeline.alerts import send_pending
from pipeline.config import AppConfig
from pipeline.cycle import CycleReport, run_cycle
from pipeline.events import dates_compatible, match_pending
from pipeline.store import Alert, Article, Event, Mention, session_scope
from tests.support.configdir import make_config
from tests.support.db import (
    create_pg_database,
    drop_pg_database,
    fresh_database,
    skip_or_fail_without_postgres,
)
from tests.support.detections import add_article, contact
from tests.support.fakeslack import FakeSlack
from tests.support.webserver import CorpusServer
from tests.test_alerts import MODI, TRUMP, alert_rows, expire_leases, planned_then_occurred

pytestmark = pytest.mark.postgres

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CANONICAL = re.compile(rb'<link rel="canonical" href="[^"]*">')


@pytest.fixture
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from fresh_database("postgres", tmp_path_factory)


@pytest.fixture
def server() -> Iterator[CorpusServer]:
    if not (CORPUS / "feeds").is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    with CorpusServer(CORPUS) as srv:
        yield srv


def _corpus_pages() -> list[Path]:
    return sorted((CORPUS / "articles").glob("*.html"))


def _feed_urls(server: CorpusServer) -> list[str]:
    """The corpus feeds plus one feed of our own that links to every corpus page (overlapping both)."""
    items = "".join(
        f"<item><title>Copy {n}</title><link>{{BASE}}/articles/{page.name}</link>"
        f"<guid>mirror-{n}</guid><description>A copy of story {n}.</description></item>"
        for n, page in enumerate(_corpus_pages())
    )
    mirror = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Mirror</title>{items}</channel></rss>'
    server.put("/mirror.xml", mirror, "application/rss+xml")
    return [server.url(p) for p in server.corpus_feed_paths()] + [server.url("/mirror.xml")]


def _config(directory: Path, db: str, feed_urls: list[str]) -> AppConfig:
    feeds = [{"url": url, "name": url.rsplit("/", 1)[-1]} for url in feed_urls]
    return make_config(directory, db, feeds=feeds)


# ------------------------------------------------------------------ the checks


def _events(db: str) -> list[Event]:
    with session_scope(db) as session:
        return list(session.scalars(select(Event).order_by(Event.id)))


def assert_no_duplicate_events(db: str) -> None:
    by_identity: dict[tuple[str, str, str], list[Event]] = {}
    for event in _events(db):
        by_identity.setdefault((event.candidate, event.leader, event.kind), []).append(event)
    twice = [
        (ident, a.date, b.date)
        for ident, events in by_identity.items()
        for a, b in combinations(events, 2)
        if dates_compatible(a.date, b.date)
    ]
    assert not twice, f"one event stored twice: {twice}"


def assert_no_duplicate_mentions(db: str) -> None:
    with session_scope(db) as session:
        rows = session.execute(
            select(
                Mention.article_id,
                Mention.evidence_key,
                Event.candidate,
                Event.leader,
                Event.kind,
                func.count(),
            )
            .join(Event, Event.id == Mention.event_id)
            .group_by(Mention.article_id, Mention.evidence_key, Event.candidate, Event.leader, Event.kind)
            .having(func.count() > 1)
        ).all()
    assert not rows, f"one detection attached to several events: {rows}"


def assert_no_duplicate_alerts(db: str, sink: Path) -> None:
    with session_scope(db) as session:
        news = Counter(session.scalars(select(Alert.event_id).where(Alert.change == "new")))
        unsent = session.scalar(select(func.count()).select_from(Alert).where(Alert.state == "pending"))
    assert all(n == 1 for n in news.values()), f"an event announced as new twice: {news}"
    assert unsent == 0, "every alert is delivered by one of the runs"
    posts = [
        record
        for record in map(json.loads, sink.read_text(encoding="utf-8").splitlines())
        if record.get("method") == "chat.postMessage" and "alert_id" in record
    ]
    posted = Counter(record["alert_id"] for record in posts)
    assert all(n == 1 for n in posted.values()), (
        f"alerts posted twice: {[a for a, n in posted.items() if n > 1]}"
    )


def assert_articles_once(db: str) -> None:
    with session_scope(db) as session:
        urls = list(session.scalars(select(Article.url)))
        states = Counter(session.scalars(select(Article.state)))
    assert len(urls) == len(set(urls))
    assert set(states) == {"matched"}, states


def summary(db: str) -> dict[str, Any]:
    """What a run produced, comparable between databases (ids left out)."""
    with session_scope(db) as session:
        articles = sorted(session.scalars(select(Article.url)))
        events = sorted(
            (e.candidate, e.leader, e.kind, e.status, e.date or "") for e in session.scalars(select(Event))
        )
        alerts = sorted(
            (a.change, a.mode, e.candidate, e.leader, e.kind)
            for a, e in session.execute(select(Alert, Event).join(Event, Event.id == Alert.event_id))
        )
        mentions = session.scalar(select(func.count()).select_from(Mention))
    return {"articles": articles, "events": events, "alerts": alerts, "mentions": mentions}


# ------------------------------------------------------------------- the tests


def test_two_cycles_at_once(
    tmp_path: Path, pg_url: str, server: CorpusServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    feed_urls = _feed_urls(server)
    cfg = _config(tmp_path / "concurrent", pg_url, feed_urls)
    barrier = threading.Barrier(2)
    reports: list[CycleReport] = []
    errors: list[BaseException] = []

    def one_cycle() -> None:
        try:
            barrier.wait(timeout=30)
            reports.append(run_cycle(cfg, dry_run=True))
        except BaseException as exc:  # surfaced below, with the other thread's outcome
            errors.append(exc)

    threads = [threading.Thread(target=one_cycle, name=f"cycle-{n}") for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not errors, errors
    assert len(reports) == 2 and all(r.ok and not r.feed_errors for r in reports), [
        r.render() for r in reports
    ]
    # Every new entry was stored by exactly one of the two cycles.
    linked = {
        m.decode()
        for p in CORPUS.glob("feeds/*.xml")
        for m in re.findall(rb"/articles/[\w.-]+", p.read_bytes())
    }
    linked |= {f"/articles/{p.name}" for p in _corpus_pages()}
    assert sum(r.new_articles for r in reports) == len(linked)

    assert_articles_once(pg_url)
    assert_no_duplicate_events(pg_url)
    assert_no_duplicate_mentions(pg_url)
    assert_no_duplicate_alerts(pg_url, Path(cfg.settings.slack.dry_run_file))

    # The same feeds through one cycle on a fresh database: the same outcome.
    with contextmanager(fresh_database)("postgres", tmp_path_factory) as reference_db:
        reference = _config(tmp_path / "reference", reference_db, feed_urls)
        assert run_cycle(reference, dry_run=True).ok
        assert summary(pg_url) == summary(reference_db)


def _saved_pages(folder: Path, server: CorpusServer) -> Path:
    """Copies of the corpus pages, in a temporary folder, whose canonical link is the served URL."""
    folder.mkdir(parents=True)
    for page in _corpus_pages():
        link = f'<link rel="canonical" href="{server.url("/articles/" + page.name)}">'.encode()
        (folder / page.name).write_bytes(CANONICAL.sub(link, page.read_bytes()))
    return folder


def _python(*args: str) -> subprocess.Popen[str]:
    """This Python in a process of its own, without the caller's leaderwatch environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEADERWATCH_", "SLACK_"))}
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _leaderwatch(cfg: AppConfig, *args: str) -> subprocess.Popen[str]:
    return _python("-m", "pipeline", "--config", str(cfg.directory), *args)


def test_cycle_and_backfill_at_once(tmp_path: Path, pg_url: str, server: CorpusServer) -> None:
    cfg = _config(tmp_path, pg_url, _feed_urls(server))
    pages = _saved_pages(tmp_path / "saved", server)
    # Both commands migrate the store first; do it once so they start on equal terms.
    from pipeline.stages import prepare_store

    prepare_store(cfg)
    runs = [
        _leaderwatch(cfg, "run", "--dry-run"),
        _leaderwatch(cfg, "backfill", "--from", "2024-01-01", "--to", "2024-12-31", str(pages), "--dry-run"),
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, f"{run.args}\n{out[-2000:]}\n{err[-3000:]}"
    backfill_out = outputs[1][0]
    assert f"found: {len(_corpus_pages())}" in backfill_out, backfill_out[-2000:]

    assert_articles_once(pg_url)
    assert_no_duplicate_events(pg_url)
    assert_no_duplicate_mentions(pg_url)
    with session_scope(pg_url) as session:
        served = {server.url(f"/articles/{p.name}") for p in _corpus_pages()}
        stored = set(session.scalars(select(Article.url).where(Article.url.in_(served))))
    assert stored == served, "the saved copies and the feed entries are the same articles"
    sink = Path(cfg.settings.slack.dry_run_file)
    posted = Counter(
        record["alert_id"]
        for record in map(json.loads, sink.read_text(encoding="utf-8").splitlines())
        if record.get("method") == "chat.postMessage" and "alert_id" in record
    )
    assert all(n == 1 for n in posted.values()), posted


def test_processes_migrate_a_fresh_database_at_once() -> None:
    skip_or_fail_without_postgres()
    url = create_pg_database()
    try:
        code = f"from pipeline.store import upgrade; upgrade({url!r})"
        runs = [
            subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        errors = [run.communicate(timeout=300)[1] for run in runs]
        assert [run.returncode for run in runs] == [0, 0, 0], [e[-1500:] for e in errors]
        from pipeline.store import current_revision

        assert current_revision(url) is not None
    finally:
        drop_pg_database(url)


def _sender_process(cfg: AppConfig) -> subprocess.Popen[str]:
    """``send_pending`` in a process of its own (its own connections), printing its report."""
    code = (
        "import json; from pipeline.alerts import send_pending; from pipeline.config import load_config; "
        f"print(json.dumps(send_pending(load_config({str(cfg.directory)!r}, env={{}})).as_dict()))"
    )
    return _python("-c", code)


def _live(directory: Path, db: str, fake: FakeSlack) -> AppConfig:
    slack = {"mode": "auto", "token": fake.token, "channel": "C0LEADER", "base_url": fake.base_url}
    return make_config(directory, db, settings={"slack": slack})


def test_sender_process_slow_in_post_keeps_its_alerts(tmp_path: Path, pg_url: str) -> None:
    with FakeSlack() as fake:
        cfg = _live(tmp_path, pg_url, fake)
        planned_then_occurred(pg_url)
        match_pending(cfg)
        fake.delay("chat.postMessage", 4.0)  # Slack takes 4 s to accept the first post
        slow = _sender_process(cfg)
        try:
            assert fake.delaying.wait(120), slow.stderr.read() if slow.poll() is not None else "no post"
            second = send_pending(cfg)
            assert fake.delaying.is_set(), "the second sender must run while the first is held"
            out, err = slow.communicate(timeout=120)
        finally:
            if slow.poll() is None:
                slow.kill()
        assert slow.returncode == 0, err[-3000:]
    assert (second.sent, second.deferred, second.errors) == (0, 2, [])
    assert json.loads(out.splitlines()[-1])["sent"] == 2
    top, reply = fake.posts()
    assert reply.thread_ts == top.ts and len(fake.calls_to("chat.postMessage")) == 2
    assert [(r.state, r.slack_ts) for r in alert_rows(pg_url)] == [("sent", top.ts), ("sent", reply.ts)]


def test_sender_process_killed_mid_post_is_recovered_once(tmp_path: Path, pg_url: str) -> None:
    import signal

    with FakeSlack() as fake:
        cfg = _live(tmp_path, pg_url, fake)
        add_article(pg_url, [contact(TRUMP, MODI, date="2024-01")])
        match_pending(cfg)
        fake.delay("chat.postMessage", 3.0)
        doomed = _sender_process(cfg)
        try:
            assert fake.delaying.wait(120), "the sender never reached chat.postMessage"
        finally:
            doomed.send_signal(signal.SIGKILL)  # the worker dies; Slack still accepts the post
            doomed.communicate(timeout=60)
        for _ in range(100):  # the held post lands after the sender died
            if fake.posts():
                break
            time.sleep(0.1)
        (posted,) = fake.posts()
        (row,) = alert_rows(pg_url)
        assert row.slack_ts is None and row.lease_expires_at is not None  # claimed, never recorded
        # Within the lease a dead sender looks like a slow one: left alone.
        assert send_pending(cfg).deferred == 1 and fake.calls_to("conversations.history") == []
        expire_leases(pg_url)
        recovered = send_pending(cfg)
        assert recovered.sent == 1 and fake.posts() == [posted], "found by its metadata, not re-posted"
    (row,) = alert_rows(pg_url)
    assert (row.state, row.slack_ts, row.lease_expires_at) == ("sent", posted.ts, None)
