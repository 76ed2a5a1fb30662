"""The outbox sender against the fake Slack Web API: threads, edits, failures, crashes, digests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from pipeline.alerts import AlertDeliveryError, send_digest, send_pending
from pipeline.config import AppConfig
from pipeline.events import match_pending
from pipeline.store import Alert, Digest, session_scope, utcnow
from tests.support import fakeslack
from tests.support.detections import add_article, contact
from tests.support.fakeslack import FakeSlack
from tests.support.quickconfig import config_for

TRUMP, MODI = "Donald Trump", "Narendra Modi"
fake_slack = fakeslack.fake_slack  # the fixture


def live_config(tmp_path: Path, url: str, fake: FakeSlack, **slack: Any) -> AppConfig:
    settings = {
        "token": fake.token,
        "channel": "#leaderwatch",
        "base_url": fake.base_url,
        "mode": "auto",
        **slack,
    }
    return config_for(url, tmp_path, slack=settings)


def planned_then_occurred(url: str) -> None:
    add_article(
        url,
        [contact(TRUMP, MODI, status="planned", date="2024-09", evidence="Trump said Modi would visit.")],
        published="2024-09-18",
        title="Modi to visit",
    )
    add_article(
        url,
        [contact(TRUMP, MODI, status="occurred", date="2024-09-21", evidence="Trump met Modi on Saturday.")],
        published="2024-09-22",
        title="They met",
    )


def alert_rows(url: str) -> list[Alert]:
    with session_scope(url) as session:
        return list(session.scalars(select(Alert).order_by(Alert.id)))


def expire_leases(url: str) -> None:
    """Time passes beyond slack.claim_lease_seconds: the runs holding claims are taken for dead."""
    with session_scope(url) as session:
        for row in session.scalars(select(Alert).where(Alert.lease_expires_at.is_not(None))):
            row.lease_expires_at = utcnow() - dt.timedelta(seconds=1)


def test_new_then_threaded_update_edits_the_first_message(
    tmp_path: Path, database_url: str, fake_slack: FakeSlack
) -> None:
    cfg = live_config(tmp_path, database_url, fake_slack)
    planned_then_occurred(database_url)
    match_pending(cfg)
    report = send_pending(cfg)
    assert (report.mode, report.sent, report.edited, report.pending) == ("live", 2, 1, 0)
    first, reply = fake_slack.posts()
    assert first.thread_ts is None and first.channel == "C0LEADER"
    assert reply.thread_ts == first.ts
    assert "planned → *occurred*" in json.dumps(reply.blocks, ensure_ascii=False)
    # chat.update rewrote the first message to the current status
    (edit,) = fake_slack.updates()
    assert edit.params["ts"] == first.ts and first.edits == 1
    assert "✅ occurred" in json.dumps(first.blocks, ensure_ascii=False)
    assert "Updated: now occurred (was planned)" in json.dumps(first.blocks, ensure_ascii=False)
    post = fake_slack.calls_to("chat.postMessage")[0].params
    assert post["unfurl_links"] is False and post["unfurl_media"] is False and post["text"]
    rows = alert_rows(database_url)
    assert [r.state for r in rows] == ["sent", "sent"]
    assert [r.slack_ts for r in rows] == [first.ts, reply.ts]


def test_same_cycle_run_twice_posts_once(tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack) -> None:
    cfg = live_config(tmp_path, sqlite_url, fake_slack)
    planned_then_occurred(sqlite_url)
    for _ in range(2):
        match_pending(cfg)
        send_pending(cfg)
    assert len(fake_slack.posts()) == 2 and len(fake_slack.updates()) == 1


def test_ratelimited_leaves_pending_with_retry_after(
    tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack
) -> None:
    cfg = live_config(tmp_path, sqlite_url, fake_slack)
    planned_then_occurred(sqlite_url)
    match_pending(cfg)
    # The client retries a 429 once after Retry-After; both attempts are refused.
    fake_slack.fail("chat.postMessage", "ratelimited", times=2, retry_after=1)
    before = utcnow()
    report = send_pending(cfg)
    assert report.sent == 0 and report.pending == 2 and report.errors == ["alert 1: ratelimited"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # first try + one retry, then stop
    first = alert_rows(sqlite_url)[0]
    assert first.state == "pending" and first.next_attempt_at is not None
    assert first.next_attempt_at >= before + dt.timedelta(seconds=1)
    # Not due yet: nothing is tried; the update waits behind its event's first alert.
    assert send_pending(cfg).deferred == 2 and len(fake_slack.calls_to("chat.postMessage")) == 2
    with session_scope(sqlite_url) as session:
        for row in session.scalars(select(Alert)):
            row.next_attempt_at = None
    assert send_pending(cfg).sent == 2
    assert fake_slack.posts()[1].thread_ts == fake_slack.posts()[0].ts


def test_ratelimit_retry_handler_recovers_within_the_run(
    tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack
) -> None:
    cfg = live_config(tmp_path, sqlite_url, fake_slack)
    add_article(sqlite_url, [contact(TRUMP, MODI, date="2024-01")])
    match_pending(cfg)
    fake_slack.fail("chat.postMessage", "ratelimited", times=1, retry_after=0)
    assert send_pending(cfg).sent == 1 and len(fake_slack.posts()) == 1


def test_server_error_backs_off_then_sends(tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack) -> None:
    cfg = live_config(tmp_path, sqlite_url, fake_slack)
    add_article(sqlite_url, [contact(TRUMP, MODI, date="2024-01")])
    match_pending(cfg)
    fake_slack.fail("chat.postMessage", "http_500", times=2)  # the retry handler tries twice
    report = send_pending(cfg)
    assert report.sent == 0 and report.pending == 1
    (row,) = alert_rows(sqlite_url)
    assert row.last_error and "500" in row.last_error
    assert row.next_attempt_at is not None and row.next_attempt_at > utcnow() + dt.timedelta(seconds=30)
    with session_scope(sqlite_url) as session:
        session.scalars(select(Alert)).one().next_attempt_at = None
    assert send_pending(cfg).sent == 1 and len(fake_slack.posts()) == 1


def test_invalid_auth_fails_the_task_then_sends_once_fixed(
    tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    bad = live_config(tmp_path / "bad", sqlite_url, fake_slack, token="xoxb-revoked")
    planned_then_occurred(sqlite_url)
    match_pending(bad)
    with pytest.raises(AlertDeliveryError, match="invalid_auth"):
        send_pending(bad)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # stopped at the first refusal
    assert sum("invalid_auth" in r.getMessage() for r in caplog.records if r.levelname == "ERROR") == 1
    rows = alert_rows(sqlite_url)
    assert [r.state for r in rows] == ["pending", "pending"] and rows[0].next_attempt_at is None
    fixed = live_config(tmp_path / "fixed", sqlite_url, fake_slack)
    report = send_pending(fixed)
    assert report.sent == 2 and len(fake_slack.posts()) == 2


@pytest.mark.parametrize("problem", ["channel_not_found", "not_in_channel", "is_archived"])
def test_channel_problems_are_permanent_until_fixed(
    tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack, problem: str
) -> None:
    channel = "#nowhere" if problem == "channel_not_found" else "#leaderwatch"
    if problem == "not_in_channel":
        fake_slack.remove_bot("#leaderwatch")
    if problem == "is_archived":
        fake_slack.archive("#leaderwatch")
    cfg = live_config(tmp_path, sqlite_url, fake_slack, channel=channel)
    add_article(sqlite_url, [contact(TRUMP, MODI, date="2024-01")])
    match_pending(cfg)
    for _ in range(2):  # every run fails the task; nothing is lost or backed off
        with pytest.raises(AlertDeliveryError, match=problem):
            send_pending(cfg)
    (row,) = alert_rows(sqlite_url)
    assert row.state == "pending" and row.last_error == problem
    fake_slack.archived.clear()
    fake_slack.not_member.clear()
    assert send_pending(live_config(tmp_path / "ok", sqlite_url, fake_slack)).sent == 1


class Crash(BaseException):
    """The worker dies (SIGKILL, OOM): nothing after this point runs."""


class CrashingClient(WebClient):
    def __init__(self, *args: Any, crash: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.crash = crash

    def chat_postMessage(self, **kwargs: Any) -> Any:  # type: ignore[override]
        if self.crash == "before-post":
            raise Crash
        response = super().chat_postMessage(**kwargs)
        if self.crash == "after-post":
            raise Crash
        return response


def test_crash_after_commit_before_post_loses_nothing(
    tmp_path: Path, database_url: str, fake_slack: FakeSlack
) -> None:
    cfg = live_config(tmp_path, database_url, fake_slack)
    add_article(database_url, [contact(TRUMP, MODI, date="2024-01")])
    match_pending(cfg)  # committed: event, mention and outbox row
    client = CrashingClient(token=fake_slack.token, base_url=fake_slack.base_url, crash="before-post")
    with pytest.raises(Crash):
        send_pending(cfg, client=client)
    assert fake_slack.posts() == [] and alert_rows(database_url)[0].state == "pending"
    # The dead run's claim is leased: the next run cannot tell it from a slow one and waits.
    assert send_pending(cfg).deferred == 1 and fake_slack.calls_to("chat.postMessage") == []
    expire_leases(database_url)
    assert send_pending(cfg).sent == 1 and len(fake_slack.posts()) == 1


def test_crash_between_post_and_record_does_not_post_twice(
    tmp_path: Path, database_url: str, fake_slack: FakeSlack
) -> None:
    cfg = live_config(tmp_path, database_url, fake_slack, channel="C0LEADER")
    add_article(database_url, [contact(TRUMP, MODI, date="2024-01")])
    match_pending(cfg)
    client = CrashingClient(token=fake_slack.token, base_url=fake_slack.base_url, crash="after-post")
    with pytest.raises(Crash):
        send_pending(cfg, client=client)
    (posted,) = fake_slack.posts()
    row = alert_rows(database_url)[0]
    assert row.slack_ts is None and row.claimed_at is not None  # the crash window
    assert row.lease_expires_at is not None and row.lease_expires_at > utcnow()
    expire_leases(database_url)
    assert send_pending(cfg).sent == 1
    assert len(fake_slack.posts()) == 1  # found by its metadata, not reposted
    assert alert_rows(database_url)[0].slack_ts == posted.ts


def test_mrkdwn_injection_shows_literally(tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack) -> None:
    cfg = live_config(tmp_path, sqlite_url, fake_slack)
    evil = "Trump met Modi <!channel> & <@U0BOSS> <http://evil.test|read the memo>."
    add_article(
        sqlite_url,
        [contact(TRUMP, MODI, date="2024-01", evidence=evil)],
        title="<!here> Exclusive <http://evil.test|click>",
        outlet="<!everyone>",
        text=f"{evil} More text follows here.",
    )
    match_pending(cfg)
    send_pending(cfg)
    params = fake_slack.calls_to("chat.postMessage")[0].params
    dump = json.dumps({"text": params["text"], "blocks": params["blocks"]}, ensure_ascii=False)
    for raw in ("<!channel>", "<!here>", "<!everyone>", "<@U0BOSS>", "<http://evil.test"):
        assert raw not in dump
    assert "&lt;!channel&gt;" in dump and "&lt;!here&gt;" in dump and "&amp;" in dump


def test_dry_run_sink_writes_the_same_message(
    tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = config_for(sqlite_url, tmp_path)  # no token: dry-run
    planned_then_occurred(sqlite_url)
    match_pending(cfg)
    report = send_pending(cfg)
    assert (report.mode, report.sent, report.edited) == ("dry-run", 2, 1)
    lines = [json.loads(x) for x in Path(cfg.settings.slack.dry_run_file).read_text().splitlines()]
    assert [x["method"] for x in lines] == ["chat.postMessage", "chat.postMessage", "chat.update"]
    assert lines[1]["thread_ts"] == lines[0]["ts"] and lines[2]["ts"] == lines[0]["ts"]
    assert all(x["channel"] == "dry-run" and x["blocks"] and x["text"] for x in lines)
    # The terminal shows each message as text: its header and its evidence quote, escaped as in Slack.
    printed = capsys.readouterr().out
    assert printed.count("--- chat.postMessage") == 2 and printed.count("--- chat.update") == 1
    for line in lines:
        header = next(b["text"]["text"] for b in line["blocks"] if b["type"] == "header")
        assert header in printed
    assert {r.slack_channel for r in alert_rows(sqlite_url)} == {"dry-run"}
    assert send_pending(cfg).sent == 0  # nothing twice


def test_forced_dry_run_with_a_token_posts_nothing(
    tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack
) -> None:
    cfg = live_config(tmp_path, sqlite_url, fake_slack)
    add_article(sqlite_url, [contact(TRUMP, MODI, date="2024-01")])
    match_pending(cfg)
    assert send_pending(cfg, dry_run=True).mode == "dry-run"
    assert fake_slack.calls == []


def test_injected_client_gets_retry_handlers(tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack) -> None:
    """The Airflow hook's client: its own token, our retry handlers, the configured channel."""
    cfg = live_config(tmp_path, sqlite_url, fake_slack, token=None)
    add_article(sqlite_url, [contact(TRUMP, MODI, date="2024-01")])
    match_pending(cfg)
    client = WebClient(token=fake_slack.token, base_url=fake_slack.base_url)
    fake_slack.fail("chat.postMessage", "http_500", times=1)
    assert send_pending(cfg, client=client).sent == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_backfill_digest_is_one_message_and_idempotent(
    tmp_path: Path, database_url: str, fake_slack: FakeSlack
) -> None:
    cfg = live_config(tmp_path, database_url, fake_slack)
    ids = [
        add_article(
            database_url,
            [contact(TRUMP, MODI, date=f"2019-0{n}")],
            alert_mode="digest",
            published=f"2019-0{n}-15",
        )
        for n in range(1, 6)
    ]
    live = add_article(database_url, [contact("Kamala Harris", MODI, kind="call", date="2024-08")])
    report = match_pending(cfg)
    assert report.alerts_digest == 5 and report.alerts_new == 1
    # The cycle sends the live alert only; the backfill's alerts wait for its digest.
    assert send_pending(cfg).sent == 1
    digest = send_digest(cfg, article_ids=ids, title="Backfill 2019")
    assert (digest.events, digest.messages, digest.already_sent) == (5, 1, False)
    assert len(fake_slack.posts()) == 2
    text = json.dumps(fake_slack.posts()[1].blocks, ensure_ascii=False)
    assert "5 events found" in text and "Donald Trump*: 5" in text
    assert send_digest(cfg, article_ids=ids).already_sent
    assert len(fake_slack.posts()) == 2
    states = {r.article_id: r.state for r in alert_rows(database_url)}
    assert [states[i] for i in ids] == ["digested"] * 5 and states[live] == "sent"


def test_digest_interrupted_resumes_at_the_missing_part(
    tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.alerts

    monkeypatch.setattr(pipeline.alerts, "DIGEST_MAX_BLOCKS", 4)  # a few events already need parts
    cfg = live_config(tmp_path, sqlite_url, fake_slack)
    leaders = [f"Leader {n:02d} " + "x" * 150 for n in range(40)]
    ids = [
        add_article(
            sqlite_url,
            [contact(TRUMP, name, date="2018") for name in leaders],
            alert_mode="digest",
            published="2018-06-01",
        )
    ]
    match_pending(cfg)
    # The first part goes out, then Slack fails (the client's own retry included).
    posted_first = {"n": 0}
    real_handle = fake_slack.handle

    def flaky(method: str, params: dict[str, Any], token: str | None) -> Any:
        if method == "chat.postMessage":
            posted_first["n"] += 1
            if posted_first["n"] > 1:
                return 500, {}, "<html>down</html>"
        return real_handle(method, params, token)

    monkeypatch.setattr(fake_slack, "handle", flaky)
    with pytest.raises(AlertDeliveryError, match=r"1 of \d+ parts posted"):
        send_digest(cfg, run_id="bf-1", article_ids=ids)
    monkeypatch.setattr(fake_slack, "handle", real_handle)
    report = send_digest(cfg, run_id="bf-1", article_ids=ids)
    parts = fake_slack.posts()
    assert report.events == 40 and report.messages == len(parts) - 1 and len(parts) > 2
    assert all(p.thread_ts == parts[0].ts for p in parts[1:])
    with session_scope(sqlite_url) as session:
        digest = session.scalars(select(Digest)).one()
        assert digest.state == "sent" and len(digest.parts or []) == len(parts)
