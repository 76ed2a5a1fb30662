"""The claim of an alert is a lease: a slow post is left to its run, a dead run's claim is recovered once.

Two senders at once against the fake Slack server, on SQLite and PostgreSQL:
the first is held inside chat.postMessage (Slack slow to answer, before or
after it applied the post); the second must neither look the alert up nor
post it. A run that died holding a claim is waited for until the lease ends;
then two runs recovering at once post (or find) the alert exactly once.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.alerts import SendReport, send_pending
from pipeline.events import match_pending
from pipeline.store import Alert, session_scope, utcnow
from tests.support import fakeslack
from tests.support.detections import add_article, contact
from tests.support.fakeslack import FakeSlack
from tests.test_alerts import (
    MODI,
    TRUMP,
    Crash,
    CrashingClient,
    alert_rows,
    expire_leases,
    live_config,
    planned_then_occurred,
)

fake_slack = fakeslack.fake_slack  # the fixture


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_slow_post_is_left_to_the_run_that_claimed_it(
    tmp_path: Path, database_url: str, fake_slack: FakeSlack, when: str
) -> None:
    cfg = live_config(tmp_path, database_url, fake_slack, channel="C0LEADER")
    planned_then_occurred(database_url)  # a new alert and its update: one event
    match_pending(cfg)
    # Slack holds the first post 3 s, before accepting it or after (accepted, answer late).
    fake_slack.delay("chat.postMessage", 3.0, when=when)
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(send_pending, cfg)
        assert fake_slack.delaying.wait(30), "the first run never reached chat.postMessage"
        (row, _) = alert_rows(database_url)
        assert row.claimed_at is not None and row.slack_ts is None  # claimed, post in flight
        second = send_pending(cfg)
        assert fake_slack.delaying.is_set(), "the second run must run while the first one is held"
        first = slow.result(timeout=120)
    # The second run left both alone: the claimed one, and the update that must thread under it.
    assert (second.sent, second.deferred, second.errors) == (0, 2, [])
    assert fake_slack.calls_to("conversations.history") == []
    assert (first.sent, first.edited) == (2, 1)
    top, reply = fake_slack.posts()
    assert reply.thread_ts == top.ts
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    rows = alert_rows(database_url)
    assert [(r.state, r.slack_ts, r.lease_expires_at) for r in rows] == [
        ("sent", top.ts, None),
        ("sent", reply.ts, None),
    ]


def _at_once(runs: int, fn, *args):  # type: ignore[no-untyped-def]
    """Call ``fn(*args)`` in ``runs`` threads released together; their results."""
    barrier = threading.Barrier(runs)

    def one() -> SendReport:
        barrier.wait(timeout=30)
        return fn(*args)

    with ThreadPoolExecutor(runs) as pool:
        futures = [pool.submit(one) for _ in range(runs)]
        return [f.result(timeout=120) for f in futures]


@pytest.mark.parametrize("crash", ["before-post", "after-post"])
def test_a_dead_runs_claim_is_recovered_once_after_the_lease(
    tmp_path: Path, database_url: str, fake_slack: FakeSlack, crash: str
) -> None:
    cfg = live_config(tmp_path, database_url, fake_slack, channel="C0LEADER")
    add_article(database_url, [contact(TRUMP, MODI, date="2024-01")])
    match_pending(cfg)
    client = CrashingClient(token=fake_slack.token, base_url=fake_slack.base_url, crash=crash)
    with pytest.raises(Crash):
        send_pending(cfg, client=client)
    in_slack = len(fake_slack.posts())
    assert in_slack == (1 if crash == "after-post" else 0)
    # Within the lease the dead run looks like a slow one: left alone, not looked up.
    assert send_pending(cfg).deferred == 1
    assert len(fake_slack.posts()) == in_slack and fake_slack.calls_to("conversations.history") == []
    expire_leases(database_url)
    # Two runs take it up at once: one claim wins (or both find the orphaned post).
    reports = _at_once(2, send_pending, cfg)
    assert sum(r.sent for r in reports) >= 1 and all(r.errors == [] for r in reports)
    (posted,) = fake_slack.posts()
    (row,) = alert_rows(database_url)
    assert (row.state, row.slack_ts, row.lease_expires_at) == ("sent", posted.ts, None)
    assert send_pending(cfg).sent == 0 and len(fake_slack.posts()) == 1


def test_a_failed_post_releases_the_lease(tmp_path: Path, database_url: str, fake_slack: FakeSlack) -> None:
    """Slack answered with an error: the run is done with the alert, the next run need not wait."""
    cfg = live_config(tmp_path, database_url, fake_slack, channel="C0LEADER")
    add_article(database_url, [contact(TRUMP, MODI, date="2024-01")])
    match_pending(cfg)
    fake_slack.fail("chat.postMessage", "http_500", times=2)  # the try and the client's retry
    assert send_pending(cfg).errors
    (row,) = alert_rows(database_url)
    assert row.claimed_at is not None and row.lease_expires_at is None
    with session_scope(database_url) as session:
        session.scalars(select(Alert)).one().next_attempt_at = None  # the backoff is over
    # Not leased: looked up (a 500 may hide an accepted post), not found, posted.
    assert send_pending(cfg).sent == 1
    assert len(fake_slack.calls_to("conversations.history")) == 1 and len(fake_slack.posts()) == 1
    sent_at = alert_rows(database_url)[0].sent_at
    assert sent_at is not None and sent_at <= utcnow()


@pytest.mark.parametrize(("seconds", "ok"), [(119, False), (120, True), (600, True)])
def test_a_lease_shorter_than_a_slow_post_is_refused(seconds: int, ok: bool) -> None:
    from pydantic import ValidationError

    from pipeline.config import SlackSettings

    if ok:
        assert SlackSettings(claim_lease_seconds=seconds).claim_lease_seconds == seconds
    else:
        with pytest.raises(ValidationError, match="claim_lease_seconds"):
            SlackSettings(claim_lease_seconds=seconds)
    assert SlackSettings().claim_lease_seconds == 600 and SlackSettings().flood_threshold == 25
