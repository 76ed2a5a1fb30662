"""The outbox sender: pending alerts to Slack (or the dry-run sink), digests for backfills.

pipeline/events.py writes :class:`~pipeline.store.Alert` rows in the transaction
that changes an event; this module drains them in order. It is the only place
that talks to Slack (through :mod:`pipeline.slack_client`); the messages
themselves come from :mod:`pipeline.slack_render`.

Delivery guarantees
-------------------
- A crash after matching and before sending loses nothing: the row stays
  ``pending`` and the next run sends it.
- Each alert is delivered in small steps, each committed on its own: claim
  (``claimed_at``, committed *before* ``chat.postMessage``), post, record the
  returned ``ts`` (committed right after the post, before anything else), edit
  the thread's first message (updates), mark ``sent``. A retry resumes at the
  first step not recorded, so a recorded post is never repeated.
- The claim is a compare-and-set (of two runs at once, one posts) and a lease
  (``lease_expires_at``, ``slack.claim_lease_seconds``, default 10 minutes):
  while it runs, other runs leave the alert, and the later alerts of its
  event, to the claimer (counted ``deferred``), however long Slack takes to
  answer chat.postMessage; a second run cannot tell a slow post from a dead
  run, so it must not post. The claimer clears the lease when it records the
  ``ts`` or a Slack error. Runs compare the lease with their own clocks, so
  hosts must agree on the time to well within the lease.
- The one unrecorded window is between Slack accepting a post and our commit
  of its ``ts`` (a crash there, e.g. the worker killed mid-task). Every post
  carries message metadata with the alert id; a claimed alert without ``ts``
  whose lease is over or released is an orphan: it is first looked up in the
  channel (``conversations.history`` or the thread's
  ``conversations.replies``) and only re-posted when it is not found or the
  lookup is impossible (no ``channels:history`` scope, channel given by name).
  We chose at-least-once there: a rare duplicate beats a lost alert. A run
  that crashed holding a claim delays that alert (and its event's updates) by
  up to the lease.
- ``ratelimited``, 5xx and network errors leave the alert pending with a
  backoff (``next_attempt_at``; Retry-After when Slack gives one) and stop
  this run, so order is kept. ``invalid_auth``, ``channel_not_found``,
  ``not_in_channel``, ``is_archived`` (and other configuration errors) stop
  the run too, keep the alert pending with no backoff, are logged once, and
  raise :class:`AlertDeliveryError` at the end so the Airflow task fails; the
  alert goes out on the first run after the configuration is fixed.

Floods: catch-up digest
-----------------------
A first cycle on an empty baseline, or the first run after a long outage,
finds dozens or hundreds of events at once; posted one by one (at most
``slack.max_attempts_per_cycle`` a run) they would drip old news into the
channel for hours and bury the live alerts behind them. When more than
``slack.flood_threshold`` (default 25) ``new`` alerts wait in one run, those
that no run has claimed and whose event has no message yet are summarised in
one catch-up digest (:func:`render_digest`, split into threaded parts over
the Slack limits; every event listed) and end ``digested``. They are claimed
into the digest in one statement before anything is posted, so each alert is
in one digest or has its own message, never both, and leased like a claim
(renewed after each part), so no other run posts the digest meanwhile. A
digest cut short is resumed at the first part not posted, before any other
alert, by the next run (Slack down) or the first run after the lease (a
crash); the updates of its events wait for it.
``update`` alerts and the alerts of events already posted keep their own
messages: an analyst needs to know that a planned visit took place. An update
of an event that was only listed in a digest has no thread to reply to: it is
posted at the top level, says that the event was first listed in the digest
of that date, shows the transition and the sources, and the event's later
updates thread under it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pipeline.config import AppConfig
from pipeline.slack_client import SlackFailure, classify, make_client
from pipeline.slack_render import (
    MAX_BLOCKS,
    AlertView,
    DigestItem,
    SlackMessage,
    Source,
    render_alert,
    render_digest,
    summarize,
)
from pipeline.store import Alert, Article, Digest, Event, Mention, session_scope, utcnow

log = logging.getLogger(__name__)

DRY_RUN_CHANNEL = "dry-run"
METADATA_EVENT = "leaderwatch_alert"
MAX_MESSAGE_ATTEMPTS = 8  # a message Slack keeps rejecting is given up after this many tries
BACKOFF_BASE = 60.0
BACKOFF_MAX = 3600.0
# Digest alerts a backfill matched but never summarised (it crashed) are sent
# by the regular cycle after this long.
DIGEST_GRACE = dt.timedelta(hours=1)
# Events listed one by one in a digest (most reported first); the rest are counted.
DIGEST_MAX_LISTED = 1000
DIGEST_MAX_BLOCKS = MAX_BLOCKS  # per message; tests lower it to see a digest split
# Digests of a run with more new alerts than slack.flood_threshold (see module doc).
CATCH_UP_PREFIX = "catch-up-"
CATCH_UP_TITLE = "Catch-up: new events found at once, summarised here instead of one message each"


class AlertDeliveryError(Exception):
    """Slack refuses the configuration (token, channel): alerts stay pending until it is fixed."""


@dataclass
class SendReport:
    mode: str = "dry-run"
    sent: int = 0
    edited: int = 0
    deferred: int = 0  # left pending for a later run (backoff, order, per-run cap)
    failed: int = 0  # given up after MAX_MESSAGE_ATTEMPTS message errors
    digests: int = 0
    pending: int = 0  # still pending at the end of the run
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DigestReport:
    run_id: str = ""
    events: int = 0
    messages: int = 0
    already_sent: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# ------------------------------------------------------------------------ sinks


class Sink(Protocol):
    """Where messages go: Slack (LiveSink) or the dry-run file and stdout (DryRunSink)."""

    channel: str

    def post(
        self, channel: str, message: SlackMessage, thread_ts: str | None, metadata: dict[str, Any] | None
    ) -> tuple[str, str]: ...

    def update(self, channel: str, ts: str, message: SlackMessage) -> None: ...

    def find_posted(
        self, channel: str, alert_id: int, since: dt.datetime, thread_ts: str | None
    ) -> str | None: ...

    def owns(self, channel: str | None) -> bool: ...


class LiveSink:
    def __init__(self, client: Any, channel: str) -> None:
        self.client = client
        self.channel = channel

    def post(
        self, channel: str, message: SlackMessage, thread_ts: str | None, metadata: dict[str, Any] | None
    ) -> tuple[str, str]:
        kwargs: dict[str, Any] = dict(message.payload())
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        if metadata:
            kwargs["metadata"] = metadata
        response = self.client.chat_postMessage(channel=channel, **kwargs)
        return str(response["channel"]), str(response["ts"])

    def update(self, channel: str, ts: str, message: SlackMessage) -> None:
        payload = message.payload()
        self.client.chat_update(channel=channel, ts=ts, text=payload["text"], blocks=payload["blocks"])

    def find_posted(
        self, channel: str, alert_id: int, since: dt.datetime, thread_ts: str | None
    ) -> str | None:
        oldest = f"{since.timestamp() - 60:.6f}"
        try:
            if thread_ts:
                response = self.client.conversations_replies(
                    channel=channel, ts=thread_ts, oldest=oldest, include_all_metadata=True, limit=200
                )
            else:
                response = self.client.conversations_history(
                    channel=channel, oldest=oldest, include_all_metadata=True, limit=200
                )
        except Exception as exc:
            failure = classify(exc)
            if failure is None:
                raise
            log.warning(
                "alert %d may have been posted by a run that crashed; cannot check (%s), posting it again",
                alert_id,
                failure.error,
            )
            return None
        for msg in response.get("messages") or []:
            meta = msg.get("metadata") or {}
            payload = meta.get("event_payload") or {}
            if meta.get("event_type") == METADATA_EVENT and payload.get("alert_id") == alert_id:
                return str(msg["ts"])
        return None

    def owns(self, channel: str | None) -> bool:
        return bool(channel) and channel != DRY_RUN_CHANNEL


def blocks_as_text(record: dict[str, Any]) -> str:
    """A Block Kit message as terminal text: header, fields, sections, context, one per line."""
    head = f"--- {record.get('method', 'message')}" + (
        f" (thread {record['thread_ts']})" if record.get("thread_ts") else ""
    )
    lines = [head]
    for block in record.get("blocks") or []:
        kind = block.get("type")
        if kind == "header":
            lines.append(block["text"]["text"])
        elif kind == "section":
            if block.get("text"):
                lines.append(block["text"]["text"])
            fields = [f["text"].replace("\n", ": ", 1) for f in block.get("fields") or []]
            if fields:
                lines.append(" | ".join(fields))
        elif kind == "context":
            lines.extend(e.get("text", "") for e in block.get("elements") or [])
    if len(lines) == 1:
        lines.append(str(record.get("text", "")))
    return "\n".join(lines)


class DryRunSink:
    """The same messages, printed to stdout and appended as JSON lines to a file."""

    channel = DRY_RUN_CHANNEL

    def __init__(self, path: str | Path, stream: Any = None) -> None:
        self.path = Path(path)
        self.stream = stream

    def _write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
        # A person reads the terminal; the file keeps the exact Block Kit payload.
        print(blocks_as_text(record), file=self.stream or sys.stdout)

    def post(
        self, channel: str, message: SlackMessage, thread_ts: str | None, metadata: dict[str, Any] | None
    ) -> tuple[str, str]:
        payload = dict((metadata or {}).get("event_payload") or {})
        ident = payload.get("alert_id") or payload.get("digest_part") or utcnow().timestamp()
        ts = f"dry-run:{ident}"
        if "alert_id" in payload:
            payload.setdefault("date", None)
        record = {"method": "chat.postMessage", "channel": DRY_RUN_CHANNEL, "ts": ts, "thread_ts": thread_ts}
        # The alert's fields at the top level, so the file reads as a list of alerts.
        self._write({**record, **payload, **message.payload()})
        return DRY_RUN_CHANNEL, ts

    def update(self, channel: str, ts: str, message: SlackMessage) -> None:
        self._write({"method": "chat.update", "channel": DRY_RUN_CHANNEL, "ts": ts, **message.payload()})

    def find_posted(
        self, channel: str, alert_id: int, since: dt.datetime, thread_ts: str | None
    ) -> str | None:
        ts = f"dry-run:{alert_id}"
        if not self.path.exists():
            return None
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                if f'"{ts}"' in line and json.loads(line).get("ts") == ts:
                    return ts
        return None

    def owns(self, channel: str | None) -> bool:
        return channel == DRY_RUN_CHANNEL


def make_sink(cfg: AppConfig, dry_run: bool, client: Any) -> Sink:
    slack = cfg.settings.slack
    can_post = bool(slack.channel) and bool(client is not None or slack.token)
    if dry_run or slack.mode == "dry-run":
        return DryRunSink(slack.dry_run_file)
    if can_post:
        return LiveSink(make_client(slack, client), str(slack.channel))
    if slack.mode == "live":
        raise AlertDeliveryError(
            "slack.mode is 'live' but no Slack token or channel is configured: set SLACK_BOT_TOKEN "
            "(or the Airflow connection) and slack.channel / LEADERWATCH_SLACK_CHANNEL"
        )
    return DryRunSink(slack.dry_run_file)


# ---------------------------------------------------------------- alert views


_LOOKUPS: dict[int, tuple[Any, dict[str, str], dict[str, str]]] = {}


def _country_lookups(cfg: AppConfig) -> tuple[dict[str, str], dict[str, str]]:
    """(leader name -> ISO code, ISO code -> country name), built once per loaded gazetteer."""
    key = id(cfg.leaders_file)
    cached = _LOOKUPS.get(key)
    if cached is None or cached[0] is not cfg.leaders_file:
        cached = (
            cfg.leaders_file,
            {leader.name: leader.country for leader in cfg.leaders},
            {c.code: c.name for c in cfg.countries},
        )
        _LOOKUPS[key] = cached
    return cached[1], cached[2]


def event_country(cfg: AppConfig, event: Event) -> str | None:
    return event.country or _country_lookups(cfg)[0].get(event.leader)


def event_sources(session: Session, event: Event, first_article: int | None) -> tuple[Source, ...]:
    """Distinct articles reporting the event; ``first_article`` first, then in the order seen."""
    rows = session.execute(
        select(Article.id, Article.url, Article.title, Article.outlet, func.min(Mention.id).label("first"))
        .join(Mention, Mention.article_id == Article.id)
        .where(Mention.event_id == event.id)
        .group_by(Article.id, Article.url, Article.title, Article.outlet)
        .order_by("first")
    ).all()
    rows = sorted(rows, key=lambda r: 0 if r.id == first_article else 1)
    return tuple(Source(url=r.url, title=r.title, outlet=r.outlet) for r in rows)


def _evidence(session: Session, event_id: int, article: Article | None, status: str) -> str | None:
    if article is None:
        return None
    mentions = session.scalars(
        select(Mention)
        .where(Mention.event_id == event_id, Mention.article_id == article.id)
        .order_by(Mention.id)
    ).all()
    for mention in mentions:
        if mention.status == status:
            return mention.evidence
    return mentions[0].evidence if mentions else None


def _previous_status(change: str) -> str | None:
    if change.startswith("update:") and "->" in change:
        return change.removeprefix("update:").split("->", 1)[0]
    return None


def alert_view(session: Session, cfg: AppConfig, alert: Alert, event: Event) -> AlertView:
    """Everything one alert message shows, read from the store."""
    article = session.get(Article, alert.article_id) if alert.article_id else None
    evidence = _evidence(session, event.id, article, alert.status)
    country = event_country(cfg, event)
    return AlertView(
        type=alert.type,
        candidate=event.candidate,
        leader=event.leader,
        kind=event.kind,
        status=alert.status,
        date=alert.date or event.date,
        country=country,
        country_name=_country_lookups(cfg)[1].get(country or ""),
        previous_status=_previous_status(alert.change),
        summary=summarize(article.text, evidence, article.title) if article else evidence,
        evidence=evidence,
        sources=event_sources(session, event, alert.article_id),
    )


def parent_view(session: Session, cfg: AppConfig, event: Event, update: Alert) -> AlertView:
    """The thread's first message as it should read now: the first report, the current status."""
    first = session.scalar(select(Alert).where(Alert.event_id == event.id, Alert.change == "new"))
    base = alert_view(session, cfg, first or update, event)
    previous = _previous_status(update.change)
    return replace(
        base,
        type="new",
        status=update.status,
        date=event.date,
        previous_status=None,
        note=f"🔄 Updated: now {update.status}" + (f" (was {previous})" if previous else "") + "; see thread",
    )


# ----------------------------------------------------------------- delivering


def _backoff(alert: Alert, failure: SlackFailure) -> dt.datetime:
    if failure.retry_after is not None:
        delay = max(failure.retry_after, 1.0)
    else:
        delay = min(BACKOFF_BASE * 2 ** max(alert.attempts - 1, 0), BACKOFF_MAX)
    return utcnow() + dt.timedelta(seconds=delay)


class _Stop(Exception):
    """Stop draining: Slack is unavailable (transient) or refuses the configuration."""

    posted = parts = 0  # of a digest interrupted by it: parts posted, parts in all

    def __init__(self, failure: SlackFailure) -> None:
        super().__init__(failure.error)
        self.failure = failure


def _record_failure(url: str, alert_id: int, failure: SlackFailure, report: SendReport) -> None:
    with session_scope(url) as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        alert.last_error = failure.error
        # This run is done with the alert: release the claim's lease so the next
        # run need not wait for it. claimed_at stays: after a 5xx or a timeout
        # the post may have gone through, so the next run looks it up first.
        alert.lease_expires_at = None
        if failure.kind == "transient":
            alert.next_attempt_at = _backoff(alert, failure)
        elif failure.kind == "config":
            # No backoff: the first run after the operator fixes it sends the alert.
            alert.next_attempt_at = None
        else:
            if alert.attempts >= MAX_MESSAGE_ATTEMPTS:
                alert.state = "failed"
                report.failed += 1
                log.error("alert %d given up after %d attempts: %s", alert.id, alert.attempts, failure.error)
            else:
                alert.next_attempt_at = _backoff(alert, failure)


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run one Slack call; Slack and network errors become _Stop or a message-level SlackFailure."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:
        failure = classify(exc)
        if failure is None:
            raise
        if failure.kind in ("transient", "config"):
            raise _Stop(failure) from exc
        raise _MessageFailure(failure) from exc


class _MessageFailure(Exception):
    posted = parts = 0  # as for _Stop

    def __init__(self, failure: SlackFailure) -> None:
        super().__init__(failure.error)
        self.failure = failure


def _post_with_fallback(
    sink: Sink, channel: str, message: SlackMessage, thread_ts: str | None, metadata: dict[str, Any]
) -> tuple[str, str]:
    try:
        return _call(sink.post, channel, message, thread_ts, metadata)
    except _MessageFailure as exc:
        if exc.failure.error in ("invalid_blocks", "invalid_blocks_format", "msg_too_long"):
            log.warning("Slack rejected the blocks (%s); posting the plain text", exc.failure.error)
            return _call(sink.post, channel, SlackMessage(text=message.text), thread_ts, metadata)
        raise


def _unthreaded_note(session: Session, event: Event) -> str | None:
    """The label of an update that has no thread because its event was only listed in a digest."""
    first = session.scalar(select(Alert).where(Alert.event_id == event.id, Alert.change == "new"))
    if first is None or first.state != "digested":
        return None
    digest = session.get(Digest, first.digest_id) if first.digest_id else None
    when = (digest.sent_at if digest and digest.sent_at else first.sent_at) or first.created_at
    return (
        f"🔄 Status update of an event first listed in the digest of {when:%Y-%m-%d %H:%M} UTC "
        "(it had no message of its own; later updates reply here)"
    )


def _lease_length(cfg: AppConfig) -> dt.timedelta:
    return dt.timedelta(seconds=cfg.settings.slack.claim_lease_seconds)


def _under_lease(slack_ts: str | None, lease_expires_at: dt.datetime | None, now: dt.datetime) -> bool:
    """A claim another run still holds: not posted yet and its lease not over."""
    return slack_ts is None and lease_expires_at is not None and lease_expires_at > now


def _lease_free(now: dt.datetime) -> Any:
    """SQL condition: nobody holds the alert's lease (none taken, or over)."""
    return Alert.lease_expires_at.is_(None) | (Alert.lease_expires_at <= now)


def deliver_alert(url: str, cfg: AppConfig, sink: Sink, alert_id: int, report: SendReport) -> bool:
    """Deliver one alert through the claim / post / record / edit / sent steps (see module doc).

    False when the alert is left to another run (its claim is under lease, or
    another run claimed it first): the event's later alerts must wait too.
    """
    lease = _lease_length(cfg)
    with session_scope(url) as session:
        alert = session.get(Alert, alert_id)
        if alert is None or alert.state != "pending":
            return True
        if alert.digest_id is not None:
            return False  # in a digest not posted yet: its event's updates wait for it
        if _under_lease(alert.slack_ts, alert.lease_expires_at, utcnow()):
            log.info(
                "alert %d is being posted by another run (claim leased until %s); leaving it to that run",
                alert_id,
                alert.lease_expires_at.isoformat(timespec="seconds"),
            )
            return False
        event = session.get(Event, alert.event_id)
        assert event is not None
        view = alert_view(session, cfg, alert, event)
        parent: tuple[str, str] | None = None
        if alert.type == "update" and event.slack_ts and sink.owns(event.slack_channel):
            parent = (str(event.slack_channel), event.slack_ts)
        elif alert.type == "update":
            view = replace(view, note=_unthreaded_note(session, event))
        message = render_alert(view)
        parent_message = render_alert(parent_view(session, cfg, event, alert)) if parent else None
        posted = alert.slack_ts
        claimed_at = alert.claimed_at
        # Machine-readable copy of the alert in the message (Slack message metadata):
        # lets a retry find a post it could not record, and tools read alerts.
        described = {
            "alert_id": alert.id,
            "event_id": event.id,
            "type": alert.type,
            "candidate": event.candidate,
            "leader": event.leader,
            "country": event_country(cfg, event),
            "kind": event.kind,
            "status": alert.status,
            "date": alert.date,
        }
    channel = parent[0] if parent else sink.channel
    thread_ts = parent[1] if parent else None
    if posted is None:
        ts = None
        if claimed_at is not None:
            ts = sink.find_posted(channel, alert_id, claimed_at, thread_ts)
            if ts is not None:
                log.warning(
                    "alert %d was posted by a run that crashed before recording it; not reposting", alert_id
                )
        if ts is None:
            # Compare-and-set on the claim: of two runs that read the same state
            # (two cycles at once, a cycle beside a backfill), one posts and the
            # other leaves the alert to it. The claim is a lease: until it
            # expires no other run touches the alert, however slow Slack is.
            now = utcnow()
            with session_scope(url) as session:
                won = session.execute(
                    update(Alert)
                    .where(
                        Alert.id == alert_id,
                        Alert.state == "pending",
                        Alert.slack_ts.is_(None),
                        Alert.digest_id.is_(None),
                        Alert.claimed_at.is_(None) if claimed_at is None else Alert.claimed_at == claimed_at,
                        _lease_free(now),
                    )
                    .values(claimed_at=now, lease_expires_at=now + lease, attempts=Alert.attempts + 1)
                    .execution_options(synchronize_session=False)
                ).rowcount
            if not won:
                log.info("alert %d was claimed by another run meanwhile; leaving it to that run", alert_id)
                return False
            payload = {k: v for k, v in described.items() if v is not None}
            metadata = {"event_type": METADATA_EVENT, "event_payload": payload}
            channel, ts = _post_with_fallback(sink, channel, message, thread_ts, metadata)
        # Record the ts at once: from here on a retry never posts this alert again.
        with session_scope(url) as session:
            row = session.get(Alert, alert_id)
            assert row is not None
            row.slack_channel, row.slack_ts = channel, ts
            row.lease_expires_at = None
            event = session.get(Event, row.event_id)
            assert event is not None
            if not sink.owns(event.slack_channel) or not event.slack_ts:
                # The first message about the event: later updates thread under it.
                event.slack_channel, event.slack_ts = channel, ts
    if parent and parent_message:
        try:
            _call(sink.update, parent[0], parent[1], parent_message)
            report.edited += 1
        except _MessageFailure as exc:
            log.warning(
                "alert %d: cannot edit the first message of its thread: %s", alert_id, exc.failure.error
            )
    with session_scope(url) as session:
        row = session.get(Alert, alert_id)
        assert row is not None
        row.state = "sent"
        row.sent_at = utcnow()
        row.last_error = None
        row.next_attempt_at = None
    report.sent += 1
    return True


def pending_alert_ids(session: Session, now: dt.datetime) -> tuple[list[tuple[int, int]], int]:
    """(alert id, event id) of the per-event alerts due now, in order; and how many wait."""
    rows = session.execute(
        select(
            Alert.id,
            Alert.event_id,
            Alert.next_attempt_at,
            Alert.slack_ts,
            Alert.lease_expires_at,
            Alert.digest_id,
        )
        .where(Alert.state == "pending", Alert.mode == "per-event")
        .order_by(Alert.id)
    ).all()
    due: list[tuple[int, int]] = []
    waiting_events: set[int] = set()
    deferred = 0
    for row in rows:
        if row.digest_id is not None:
            # In a catch-up digest not posted yet (a run stopped half-way): the
            # digest is resumed first; the event's updates wait for it.
            waiting_events.add(row.event_id)
            continue
        leased = _under_lease(row.slack_ts, row.lease_expires_at, now)
        if leased:
            log.info("alert %d is being posted by another run; leaving it to that run", row.id)
        # An update waits for its event's earlier alerts, so it threads under them.
        if leased or row.event_id in waiting_events or (row.next_attempt_at and row.next_attempt_at > now):
            waiting_events.add(row.event_id)
            deferred += 1
            continue
        due.append((row.id, row.event_id))
    return due, deferred


def _flood_run_id(now: dt.datetime) -> str:
    return f"{CATCH_UP_PREFIX}{now.strftime('%Y%m%dT%H%M%S%f')}"


def _claim_flood(url: str, threshold: int | None, lease: dt.timedelta) -> tuple[int, str, int] | None:
    """Put the waiting `new` alerts in one catch-up digest when there are more than ``threshold``.

    Only alerts no run has claimed (nothing of them can be in Slack) and whose
    event has no message yet; updates and alerts of posted events keep their
    own messages. The alerts are leased to this run as a per-event claim is
    (see :func:`_lease_digest`). (digest id, run id, alerts) or None below
    the threshold.
    """
    if threshold is None:
        return None
    floodable = (
        Alert.state == "pending",
        Alert.mode == "per-event",
        Alert.change == "new",
        Alert.digest_id.is_(None),
        Alert.claimed_at.is_(None),
        Alert.slack_ts.is_(None),
        Alert.event_id.in_(select(Event.id).where(Event.slack_ts.is_(None))),
    )
    with session_scope(url) as session:
        waiting = session.scalar(select(func.count(Alert.id)).where(*floodable)) or 0
        if waiting <= threshold:
            return None
        run_id = _flood_run_id(utcnow())
        digest = Digest(run_id=run_id, parts=[])
        session.add(digest)
        session.flush()
        # One statement claims them all: a concurrent run's claim (per-event or
        # its own catch-up) wins row by row, and each alert ends in one place.
        claimed = session.execute(
            update(Alert)
            .where(*floodable)
            .values(digest_id=digest.id, lease_expires_at=utcnow() + lease)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed <= threshold:
            # Another run took most of them meanwhile: no digest for a handful.
            session.rollback()
            return None
        return digest.id, run_id, claimed


def _lease_digest(url: str, digest_id: int, lease: dt.timedelta | None, take: bool = False) -> bool:
    """Lease the alerts of a catch-up digest to this run (``take``: only if no run holds them),
    renew the lease (after each part), or release it (``lease`` None). False: another run holds it.

    The lease lives on the digest's alerts, as for per-event claims: a digest is
    resumed by another run only once the run posting it is taken for dead.
    """
    now = utcnow()
    query = update(Alert).where(Alert.digest_id == digest_id, Alert.state == "pending")
    if take:
        query = query.where(_lease_free(now))
    with session_scope(url) as session:
        changed = session.execute(
            query.values(lease_expires_at=now + lease if lease else None).execution_options(
                synchronize_session=False
            )
        ).rowcount
    return bool(changed)


def _send_catch_up(cfg: AppConfig, sink: Sink, report: SendReport) -> None:
    """Post the catch-up digests: unfinished ones a stopped run left, then this run's, if any."""
    url = cfg.settings.database_url
    lease = _lease_length(cfg)
    with session_scope(url) as session:
        unfinished = list(
            session.execute(
                select(Digest.id, Digest.run_id)
                .where(Digest.state == "pending", Digest.run_id.startswith(CATCH_UP_PREFIX))
                .order_by(Digest.id)
            )
        )
    todo = []
    for row in unfinished:
        if _lease_digest(url, row.id, lease, take=True):
            todo.append((row.id, row.run_id))
        else:
            log.info("catch-up digest %s is being posted by another run; leaving it to that run", row.run_id)
    flood = _claim_flood(url, cfg.settings.slack.flood_threshold, lease)
    if flood is not None:
        digest_id, run_id, claimed = flood
        log.warning(
            "%d new alerts at once (over slack.flood_threshold %d): one catch-up digest instead",
            claimed,
            cfg.settings.slack.flood_threshold,
        )
        todo.append((digest_id, run_id))
    for digest_id, run_id in todo:
        if _post_digest(cfg, sink, digest_id, run_id, CATCH_UP_TITLE, lease).messages:
            report.digests += 1


def send_pending(cfg: AppConfig, dry_run: bool = False, client: Any = None) -> SendReport:
    """Drain the outbox to Slack (live) or the dry-run sink; see the module doc for failures."""
    url = cfg.settings.database_url
    sink = make_sink(cfg, dry_run, client)
    report = SendReport(mode="dry-run" if isinstance(sink, DryRunSink) else "live")
    cap = cfg.settings.slack.max_attempts_per_cycle
    config_failure: SlackFailure | None = None
    slack_down = False
    try:
        _send_catch_up(cfg, sink, report)
    except _Stop as exc:
        # Slack is down or refuses us: nothing else goes out this run either.
        report.errors.append(f"catch-up digest: {exc.failure.error}")
        slack_down, cap = True, 0
        if exc.failure.kind == "config":
            config_failure = exc.failure
        else:
            log.warning("catch-up digest stopped (%s); resumed by a later run", exc.failure.error)
    except _MessageFailure as exc:
        # Only this digest is refused; its events' updates wait, the rest goes out.
        report.errors.append(f"catch-up digest: {exc.failure.error}")
        log.error("catch-up digest refused by Slack: %s", exc.failure.error)
    with session_scope(url) as session:
        due, report.deferred = pending_alert_ids(session, utcnow())
    blocked: set[int] = set()  # events whose earlier alert another run holds
    for n, (alert_id, event_id) in enumerate(due):
        if n >= cap:
            report.deferred += len(due) - n
            break
        if event_id in blocked:
            report.deferred += 1
            continue
        try:
            if not deliver_alert(url, cfg, sink, alert_id, report):
                blocked.add(event_id)
                report.deferred += 1
        except _MessageFailure as exc:
            _record_failure(url, alert_id, exc.failure, report)
            report.errors.append(f"alert {alert_id}: {exc.failure.error}")
        except _Stop as exc:
            _record_failure(url, alert_id, exc.failure, report)
            report.deferred += len(due) - n
            report.errors.append(f"alert {alert_id}: {exc.failure.error}")
            slack_down = True
            if exc.failure.kind == "config":
                config_failure = exc.failure
            else:
                log.warning(
                    "Slack unavailable (%s); %d alerts left for a later run", exc.failure.error, len(due) - n
                )
            break
    if not slack_down:
        report.digests += _send_overdue_digests(cfg, dry_run, client, sink)
    with session_scope(url) as session:
        report.pending = session.scalar(select(func.count(Alert.id)).where(Alert.state == "pending")) or 0
    if config_failure is not None:
        message = (
            f"Slack refused the configuration ({config_failure.error}) for channel "
            f"{cfg.settings.slack.channel!r}; {report.pending} alerts stay pending and go out on the first "
            "run after the token or channel is fixed"
        )
        log.error(message)
        raise AlertDeliveryError(message)
    return report


# ----------------------------------------------------------------------- digest


def _digest_run_id(article_ids: Sequence[int] | None) -> str:
    if article_ids:
        digest = hashlib.sha256(",".join(map(str, sorted(set(article_ids)))).encode()).hexdigest()[:16]
        return f"articles-{digest}"
    return f"pending-{utcnow().strftime('%Y%m%dT%H%M%S%f')}"


def _get_digest(url: str, run_id: str) -> int:
    with session_scope(url) as session:
        found = session.scalar(select(Digest.id).where(Digest.run_id == run_id))
        if found is not None:
            return found
        digest = Digest(run_id=run_id, parts=[])
        try:
            with session.begin_nested():
                session.add(digest)
        except IntegrityError:  # a concurrent sender created it
            found = session.scalar(select(Digest.id).where(Digest.run_id == run_id))
            assert found is not None
            return found
        session.flush()
        return digest.id


def _claim_for_digest(
    url: str, digest_id: int, article_ids: Sequence[int] | None, older_than: dt.datetime | None
) -> None:
    with session_scope(url) as session:
        query = select(Alert).where(
            Alert.state == "pending", Alert.mode == "digest", Alert.digest_id.is_(None)
        )
        if article_ids is not None:
            query = query.where(Alert.article_id.in_(list(article_ids)))
        if older_than is not None:
            query = query.where(Alert.created_at <= older_than)
        for alert in session.scalars(query.with_for_update(skip_locked=True)):
            alert.digest_id = digest_id


def _digest_items(session: Session, cfg: AppConfig, digest_id: int) -> list[DigestItem]:
    """The digest's alerts as DigestItems, in a few queries whatever the digest's size."""
    in_digest = select(Alert.event_id).where(Alert.digest_id == digest_id)
    source_counts = dict(
        session.execute(
            select(Mention.event_id, func.count(func.distinct(Mention.article_id)))
            .where(Mention.event_id.in_(in_digest))
            .group_by(Mention.event_id)
        ).all()
    )
    articles = {
        row.id: row
        for row in session.execute(
            select(Article.id, Article.url, Article.title).where(
                Article.id.in_(select(Alert.article_id).where(Alert.digest_id == digest_id))
            )
        )
    }
    rows = session.execute(
        select(Alert, Event)
        .join(Event, Event.id == Alert.event_id)
        .where(Alert.digest_id == digest_id)
        .order_by(Alert.id)
    ).all()
    items = []
    for alert, event in rows:
        article = articles.get(alert.article_id) if alert.article_id else None
        items.append(
            DigestItem(
                candidate=event.candidate,
                leader=event.leader,
                kind=event.kind,
                status=alert.status,
                date=alert.date or event.date,
                country=event_country(cfg, event),
                type=alert.type,
                sources=max(source_counts.get(event.id, 0), 1),
                url=article.url if article else None,
                title=article.title if article else None,
            )
        )
    return items


def send_digest(
    cfg: AppConfig,
    run_id: str | None = None,
    article_ids: Sequence[int] | None = None,
    dry_run: bool = False,
    client: Any = None,
    title: str = "Backfill digest",
    claim: bool = True,
    _older_than: dt.datetime | None = None,
    _sink: Sink | None = None,
) -> DigestReport:
    """Summarise the digest-mode alerts of a backfill in one digest (one or more messages).

    The digest takes the pending digest alerts of ``article_ids``, or all
    pending digest alerts not yet in a digest when only ``run_id`` is given.
    Idempotent per ``run_id`` (default: derived from ``article_ids``): a digest
    already sent is not sent again, a digest interrupted half-way resumes at
    the first part not posted. The summarised alerts end ``digested``.
    """
    url = cfg.settings.database_url
    run_id = run_id or _digest_run_id(article_ids)
    sink = _sink or make_sink(cfg, dry_run, client)
    digest_id = _get_digest(url, run_id)
    if claim:
        _claim_for_digest(url, digest_id, article_ids, _older_than)
    try:
        return _post_digest(cfg, sink, digest_id, run_id, title)
    except (_Stop, _MessageFailure) as exc:
        raise AlertDeliveryError(
            f"digest {run_id}: Slack error {exc.failure.error}; {exc.posted} of {exc.parts} parts posted, "
            "run again to resume"
        ) from exc


def _post_digest(
    cfg: AppConfig,
    sink: Sink,
    digest_id: int,
    run_id: str,
    title: str,
    lease: dt.timedelta | None = None,
) -> DigestReport:
    """Post the digest's parts not yet posted, then mark it and its alerts sent / digested.

    A Slack error leaves the digest pending (resumed at the first part not
    posted) and raises _Stop or _MessageFailure with ``posted`` and ``parts``.
    With ``lease`` (catch-up digests) the lease on its alerts is renewed after
    each part and released on a Slack error.
    """
    url = cfg.settings.database_url
    report = DigestReport(run_id=run_id)
    with session_scope(url) as session:
        digest = session.get(Digest, digest_id)
        assert digest is not None
        if digest.state == "sent":
            report.already_sent = True
            return report
        items = _digest_items(session, cfg, digest_id)
        parts = list(digest.parts or [])
    report.events = len(items)
    if items:
        messages = render_digest(
            items, title=title, max_listed=DIGEST_MAX_LISTED, max_blocks=DIGEST_MAX_BLOCKS
        )
        for n, message in enumerate(messages):
            if n < len(parts):
                continue  # posted before an interruption
            thread_ts = parts[0]["ts"] if parts else None
            metadata = {"event_type": METADATA_EVENT, "event_payload": {"digest_part": f"{run_id}:{n}"}}
            try:
                channel, ts = _call(
                    sink.post, parts[0]["channel"] if parts else sink.channel, message, thread_ts, metadata
                )
            except (_Stop, _MessageFailure) as exc:
                with session_scope(url) as session:
                    row = session.get(Digest, digest_id)
                    assert row is not None
                    row.last_error = exc.failure.error
                if lease is not None:
                    _lease_digest(url, digest_id, None)
                exc.posted, exc.parts = n, len(messages)
                raise
            parts.append({"channel": channel, "ts": ts})
            with session_scope(url) as session:
                row = session.get(Digest, digest_id)
                assert row is not None
                row.parts = list(parts)
            if lease is not None:
                _lease_digest(url, digest_id, lease)
            report.messages += 1
    with session_scope(url) as session:
        row = session.get(Digest, digest_id)
        assert row is not None
        row.state = "sent"
        row.sent_at = utcnow()
        row.alert_count = len(items)
        row.last_error = None
        for alert in session.scalars(select(Alert).where(Alert.digest_id == digest_id)):
            alert.state = "digested"
            alert.sent_at = row.sent_at
            alert.lease_expires_at = None
    return report


def _send_overdue_digests(cfg: AppConfig, dry_run: bool, client: Any, sink: Sink) -> int:
    """Resume digests a crashed backfill left half-done, and summarise its orphaned alerts."""
    url = cfg.settings.database_url
    with session_scope(url) as session:
        unfinished = list(
            session.scalars(
                select(Digest.run_id).where(
                    Digest.state == "pending", ~Digest.run_id.startswith(CATCH_UP_PREFIX)
                )
            )
        )
        cutoff = None if cfg.settings.alert_mode == "digest" else utcnow() - DIGEST_GRACE
        query = select(func.count(Alert.id)).where(
            Alert.state == "pending", Alert.mode == "digest", Alert.digest_id.is_(None)
        )
        if cutoff is not None:
            query = query.where(Alert.created_at <= cutoff)
        orphans = session.scalar(query) or 0
    sent = 0
    for run_id in unfinished:
        sent += bool(send_digest(cfg, run_id=run_id, claim=False, _sink=sink).messages)
    if orphans:
        title = "Digest" if cfg.settings.alert_mode == "digest" else "Backfill digest (resumed)"
        sent += bool(send_digest(cfg, title=title, _older_than=cutoff, _sink=sink).messages)
    return sent
