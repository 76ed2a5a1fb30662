"""More new alerts at once than slack.flood_threshold: one catch-up digest, not a drip of old news.

A first cycle on an empty baseline (or the end of a long outage) finds dozens
of events. Their `new` alerts go out as one digest (in parts over the Slack
limits), each event listed once, none lost; updates keep their own messages,
and an update of an event only listed in the digest is a top-level message
that says so, under which later updates thread.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import pipeline.alerts
from pipeline.alerts import CATCH_UP_PREFIX, send_pending
from pipeline.config import AppConfig
from pipeline.events import match_pending
from pipeline.store import Alert, Digest, Event, session_scope
from tests.support import fakeslack
from tests.support.detections import add_article, contact
from tests.support.fakeslack import FakeSlack, Message
from tests.test_alerts import MODI, TRUMP, Crash, alert_rows, expire_leases, live_config

fake_slack = fakeslack.fake_slack  # the fixture

LEADER = re.compile(r"Leader \d{3}")


def many_new(url: str, n: int) -> list[str]:
    """``n`` new events (Trump meets Leader 000 ... ), over a few articles; the leaders' names."""
    leaders = [f"Leader {i:03d}" for i in range(n)]
    for start in range(0, n, 10):
        add_article(
            url,
            [contact(TRUMP, name, date="2024-05") for name in leaders[start : start + 10]],
            published="2024-05-20",
            title=f"Summit day {start // 10}",
        )
    return leaders


def text_of(message: Message) -> str:
    return message.text + json.dumps(message.blocks, ensure_ascii=False)


def digest_posts(fake: FakeSlack) -> list[Message]:
    return [m for m in fake.posts() if "digest_part" in ((m.metadata or {}).get("event_payload") or {})]


def event_posts(fake: FakeSlack) -> list[Message]:
    return [m for m in fake.posts() if "alert_id" in ((m.metadata or {}).get("event_payload") or {})]


def listed(fake: FakeSlack) -> Counter[str]:
    """How often each leader is listed over all digest messages."""
    return Counter(name for m in digest_posts(fake) for name in LEADER.findall(json.dumps(m.blocks)))


def flood_config(tmp_path: Path, url: str, fake: FakeSlack, **slack: Any) -> AppConfig:
    return live_config(tmp_path, url, fake, **{"channel": "C0LEADER", "flood_threshold": 25, **slack})


def flood_in_parts(
    tmp_path: Path, url: str, fake: FakeSlack, monkeypatch: pytest.MonkeyPatch, n: int
) -> tuple[AppConfig, list[str]]:
    """``n`` new events waiting, and a block limit low enough that their digest needs several parts."""
    monkeypatch.setattr(pipeline.alerts, "DIGEST_MAX_BLOCKS", 4)
    return flood_config(tmp_path, url, fake), many_new(url, n)


def test_a_first_cycle_flood_is_one_digest_and_updates_still_arrive(
    tmp_path: Path, database_url: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg, leaders = flood_in_parts(tmp_path, database_url, fake_slack, monkeypatch, 60)
    # One event also changes status within the same first cycle.
    add_article(
        database_url, [contact(TRUMP, MODI, status="planned", date="2024-05")], published="2024-05-18"
    )
    add_article(
        database_url, [contact(TRUMP, MODI, status="occurred", date="2024-05-19")], published="2024-05-19"
    )
    match_pending(cfg)

    report = send_pending(cfg)
    assert (report.digests, report.sent, report.pending, report.errors) == (1, 1, 0, [])
    parts = digest_posts(fake_slack)
    assert len(parts) > 1, "split over the block limit"
    assert parts[0].thread_ts is None and all(p.thread_ts == parts[0].ts for p in parts[1:])
    assert "Catch-up" in parts[0].text and "61 events found" in parts[0].text
    assert listed(fake_slack) == Counter(leaders), "each event listed once, none missing"
    assert "Narendra Modi" in "".join(json.dumps(p.blocks, ensure_ascii=False) for p in parts)
    # The update of an event only listed in the digest: a top-level message that says so.
    (update,) = event_posts(fake_slack)
    assert fake_slack.posts()[-1] is update, "after the digest"
    assert update.thread_ts is None and "Narendra Modi" in update.text
    body = text_of(update)
    assert "first listed in the digest" in body and "planned → *occurred*" in body
    with session_scope(database_url) as session:
        (digest,) = session.scalars(select(Digest))
        assert digest.run_id.startswith(CATCH_UP_PREFIX) and digest.state == "sent"
        assert digest.alert_count == 61 and len(digest.parts or []) == len(parts)
        states = Counter((a.change, a.state, a.digest_id) for a in session.scalars(select(Alert)))
        assert states == Counter(
            {("new", "digested", digest.id): 61, ("update:planned->occurred", "sent", None): 1}
        )
        modi = session.scalars(select(Event).where(Event.leader == MODI)).one()
        assert modi.slack_ts == update.ts  # later updates thread under it

    assert send_pending(cfg).sent == 0 and len(fake_slack.posts()) == len(parts) + 1  # nothing twice


def test_later_updates_of_a_digested_event(tmp_path: Path, database_url: str, fake_slack: FakeSlack) -> None:
    cfg = flood_config(tmp_path, database_url, fake_slack)
    many_new(database_url, 30)
    add_article(database_url, [contact(TRUMP, "Leader 100", status="planned", date="2024-06")])
    match_pending(cfg)
    assert send_pending(cfg).digests == 1 and event_posts(fake_slack) == []
    assert listed(fake_slack)["Leader 100"] == 1
    # A later cycle: the visit of Leader 100 (only listed in the digest) is cancelled ...
    add_article(database_url, [contact(TRUMP, "Leader 100", status="cancelled", date="2024-06")])
    match_pending(cfg)
    assert send_pending(cfg).sent == 1
    (first,) = event_posts(fake_slack)
    assert first.thread_ts is None and "first listed in the digest" in text_of(first)
    assert "planned → *cancelled*" in text_of(first)
    # ... and then takes place after all: a reply under that message, which is edited.
    add_article(database_url, [contact(TRUMP, "Leader 100", status="occurred", date="2024-06-20")])
    match_pending(cfg)
    report = send_pending(cfg)
    assert (report.sent, report.edited) == (1, 1)
    first, reply = event_posts(fake_slack)
    assert reply.thread_ts == first.ts and "cancelled → *occurred*" in text_of(reply)
    assert first.edits == 1 and "Updated: now occurred (was cancelled)" in text_of(first)


def test_at_the_threshold_each_event_has_its_message(
    tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack
) -> None:
    cfg = flood_config(tmp_path, sqlite_url, fake_slack)
    many_new(sqlite_url, 25)
    match_pending(cfg)
    report = send_pending(cfg)
    assert (report.digests, report.sent) == (0, 25) and digest_posts(fake_slack) == []
    off = flood_config(tmp_path / "off", sqlite_url, fake_slack, flood_threshold=None)
    add_article(sqlite_url, [contact("Kamala Harris", f"Leader {i:03d}", date="2024-07") for i in range(30)])
    match_pending(off)
    assert (send_pending(off).sent, digest_posts(fake_slack)) == (30, [])


def test_a_digest_cut_by_a_crash_resumes_and_its_updates_wait(
    tmp_path: Path, database_url: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slack_sdk import WebClient

    cfg, leaders = flood_in_parts(tmp_path, database_url, fake_slack, monkeypatch, 40)
    add_article(database_url, [contact(TRUMP, "Leader 200", status="planned", date="2024-05")])
    add_article(database_url, [contact(TRUMP, "Leader 200", status="occurred", date="2024-05-30")])
    leaders.append("Leader 200")
    match_pending(cfg)

    class DiesOnSecondPost(WebClient):
        posts = 0

        def chat_postMessage(self, **kwargs: Any) -> Any:  # type: ignore[override]
            DiesOnSecondPost.posts += 1
            if DiesOnSecondPost.posts == 2:
                raise Crash  # the worker dies between two parts
            return super().chat_postMessage(**kwargs)

    client = DiesOnSecondPost(token=fake_slack.token, base_url=fake_slack.base_url)
    with pytest.raises(Crash):
        send_pending(cfg, client=client)
    assert len(fake_slack.posts()) == 1
    with session_scope(database_url) as session:
        digest = session.scalars(select(Digest)).one()
        assert digest.state == "pending" and len(digest.parts or []) == 1
    # Within the lease the dead run looks like a slow one: neither the digest nor the update goes out.
    waiting = send_pending(cfg)
    assert (waiting.digests, waiting.sent, waiting.deferred) == (0, 0, 1) and len(fake_slack.posts()) == 1
    expire_leases(database_url)
    # The next run resumes at the missing part, then sends the update (after its event's digest).
    report = send_pending(cfg)
    assert (report.digests, report.sent, report.pending) == (1, 1, 0)
    parts = digest_posts(fake_slack)
    assert all(p.thread_ts == parts[0].ts for p in parts[1:])
    names = [(p.metadata or {})["event_payload"]["digest_part"] for p in parts]
    assert len(names) == len(set(names)) and len(parts) > 1, "no part twice"
    assert listed(fake_slack) == Counter(leaders)
    (update,) = event_posts(fake_slack)
    assert fake_slack.posts()[-1] is update and "first listed in the digest" in text_of(update)
    assert {r.state for r in alert_rows(database_url)} == {"digested", "sent"}


def test_two_runs_at_once_split_nothing_twice(
    tmp_path: Path, database_url: str, fake_slack: FakeSlack
) -> None:
    cfg = flood_config(tmp_path, database_url, fake_slack)
    leaders = many_new(database_url, 80)
    match_pending(cfg)
    barrier = threading.Barrier(2)

    def run() -> Any:
        barrier.wait(timeout=30)
        return send_pending(cfg)

    with ThreadPoolExecutor(2) as pool:
        reports = [f.result(timeout=120) for f in [pool.submit(run) for _ in range(2)]]
    assert all(r.errors == [] for r in reports) and sum(r.digests for r in reports) >= 1
    assert listed(fake_slack) + Counter(
        m for p in event_posts(fake_slack) for m in LEADER.findall(p.text)
    ) == Counter(leaders), "every event once, in a digest or its own message"
    with session_scope(database_url) as session:
        assert {a.state for a in session.scalars(select(Alert))} <= {"digested", "sent"}


def test_a_digest_being_posted_is_left_to_its_run(
    tmp_path: Path, database_url: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg, leaders = flood_in_parts(tmp_path, database_url, fake_slack, monkeypatch, 40)
    match_pending(cfg)
    fake_slack.delay("chat.postMessage", 3.0, when="after")  # the first part is posted, the answer late
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(send_pending, cfg)
        assert fake_slack.delaying.wait(30), "the first run never posted"
        second = send_pending(cfg)  # sees a pending catch-up digest with one part missing from the store
        assert fake_slack.delaying.is_set(), "the second run must run while the first one is held"
        first = slow.result(timeout=120)
    assert (second.digests, second.sent, second.errors) == (0, 0, [])
    assert (first.digests, first.errors) == (1, [])
    assert listed(fake_slack) == Counter(leaders), "no part posted twice"
    assert {r.state for r in alert_rows(database_url)} == {"digested"}
    assert {r.lease_expires_at for r in alert_rows(database_url)} == {None}


def test_a_first_cycle_over_the_corpus_feeds(tmp_path: Path, sqlite_url: str) -> None:
    """A whole first cycle (fetch, extract, detect, match, send) on an empty baseline, in dry-run."""
    from pipeline.cycle import run_cycle
    from tests.support.configdir import make_config
    from tests.support.webserver import CorpusServer
    from tests.test_concurrency import CORPUS

    if not (CORPUS / "feeds").is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    with CorpusServer(CORPUS) as server:
        feeds = [{"url": server.url(p), "name": p.rsplit("/", 1)[-1]} for p in server.corpus_feed_paths()]
        cfg = make_config(tmp_path, sqlite_url, feeds=feeds, settings={"slack": {"flood_threshold": 10}})
        first = run_cycle(cfg, dry_run=True)
        sink = Path(cfg.settings.slack.dry_run_file)
        records = [json.loads(line) for line in sink.read_text(encoding="utf-8").splitlines()]
        assert run_cycle(cfg, dry_run=True).ok
    assert first.ok and first.sent["digests"] == 1, first.render()
    with session_scope(sqlite_url) as session:
        rows = session.execute(select(Alert, Event).join(Event, Event.id == Alert.event_id)).all()
        news = [(e.candidate, e.leader) for a, e in rows if a.change == "new"]
        assert len(news) > 10 and all(a.state == "digested" for a, _ in rows if a.change == "new")
        updates = sorted(a.id for a, _ in rows if a.type == "update")
    (digest,) = [r for r in records if "digest_part" in r]  # one message: under the block limit
    text = json.dumps(digest["blocks"], ensure_ascii=False)
    assert f"{len(news)} events found" in digest["text"]
    assert all(text.count(f"{c} ⇄ {leader}*") >= 1 for c, leader in news)
    # Only the updates have messages of their own, after the digest, each saying where it was listed.
    per_event = [r for r in records if "alert_id" in r]
    assert sorted(r["alert_id"] for r in per_event) == updates
    assert records.index(digest) == 0 and all(
        "first listed in the digest" in json.dumps(r) for r in per_event
    )
    assert len(sink.read_text(encoding="utf-8").splitlines()) == len(records), "the second cycle sent nothing"
