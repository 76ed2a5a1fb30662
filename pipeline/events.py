"""Matching detections to stored events: new, update or repeat, and the outbox rows they cause.

An article in state ``detected`` carries its detector output (``Article.detections``).
:func:`match_pending` attaches every detection as a :class:`~pipeline.store.Mention`
to the event it reports (SCHEMA.md, "Event identity") or creates that event, and in
the same transaction writes the outbox :class:`~pipeline.store.Alert` rows the
change calls for (SCHEMA.md, "Alert types"):

- ``new``: an event that is not in the baseline and was not alerted before;
- ``update``: a known event moved along :data:`TRANSITIONS` (planned -> occurred, ...);
- nothing for a repeat: the new source is recorded as a mention.

Articles are matched one transaction each, in publication order, so a crash
leaves every article either fully matched (events, mentions, alerts) or still
``detected``; an article whose detections cannot be read is marked ``failed``
and the others go on. Sending the alerts is pipeline/alerts.py's job; this module never
talks to Slack.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, cast

from sqlalchemy import select, text, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from pipeline.config import KINDS, STATUSES, AppConfig, Kind, Status
from pipeline.contacts import Contact
from pipeline.store import Alert, Article, Event, Mention, session_scope, utcnow

log = logging.getLogger(__name__)

# Status changes that are news for analysts (SCHEMA.md). Anything else reported
# about a known event (occurred -> planned, cancelled -> planned, ...) is a repeat.
TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        ("planned", "occurred"),
        ("planned", "cancelled"),
        ("alleged", "occurred"),
        ("cancelled", "occurred"),
    }
)

CONTACT_FIELDS = ("candidate", "leader", "country", "kind", "status", "date", "evidence", "rule")


# ------------------------------------------------------------------ event identity


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Equal, or one a prefix of the other ("2024-09" ~ "2024-09-27"); None matches only None."""
    if a is None or b is None:
        return a is None and b is None
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def date_precision(date: str | None) -> str:
    return {None: "none", 4: "year", 7: "month", 10: "day"}.get(len(date) if date else None, "none")


def more_precise(new: str | None, old: str | None) -> bool:
    return new is not None and (old is None or len(new) > len(old))


def evidence_key(evidence: str) -> str:
    return hashlib.sha256(" ".join(evidence.split()).encode("utf-8")).hexdigest()


def same_identity(session: Session, candidate: str, leader: str, kind: str) -> list[Event]:
    """Stored events of one candidate, leader and kind: the ones a detection can match."""
    query = select(Event).where(Event.candidate == candidate, Event.leader == leader, Event.kind == kind)
    return list(session.scalars(query))


def best_match(events: Iterable[Event], date: str | None, status: str) -> Event | None:
    """The stored event a detection reports, or None.

    Candidates share candidate, leader and kind with compatible dates. When
    several fit (a month-only detection and two exact-day events of that month),
    prefer the exact date, then the same status, then the event the status can
    move from (a planned meeting that now occurred), then the oldest event.
    """
    fits = [e for e in events if dates_compatible(e.date, date)]
    if not fits:
        return None

    def rank(e: Event) -> tuple[int, int, int, int]:
        return (
            0 if e.date == date else 1,
            0 if e.status == status else 1,
            0 if (e.status, status) in TRANSITIONS else 1,
            e.id,
        )

    return min(fits, key=rank)


class Reported(Protocol):
    """A detection or a baseline entry: what identifies an event and what it says of it."""

    @property
    def candidate(self) -> str: ...
    @property
    def leader(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def date(self) -> str | None: ...


def create_event(session: Session, item: Reported, in_baseline: bool, country: str | None) -> Event:
    now = utcnow()
    event = Event(
        candidate=item.candidate,
        leader=item.leader,
        country=country,
        kind=item.kind,
        status=item.status,
        date=item.date,
        date_precision=date_precision(item.date),
        in_baseline=in_baseline,
        first_seen_at=now,
        last_seen_at=now,
    )
    session.add(event)
    # Flush so the next detection (or baseline entry) of the same batch matches it.
    session.flush()
    return event


def advance(event: Event, status: str, date: str | None) -> bool:
    """Apply what a report says to a known event: a status transition, a more precise date.

    Returns whether the status changed (never backwards: see TRANSITIONS).
    """
    if more_precise(date, event.date):
        event.date = date
        event.date_precision = date_precision(date)
    if (event.status, status) in TRANSITIONS:
        event.status = status
        return True
    return False


# ------------------------------------------------------------------------ report


@dataclass
class MatchReport:
    articles: int = 0
    mentions: int = 0
    events_created: int = 0
    repeats: int = 0
    alerts_new: int = 0
    alerts_update: int = 0
    alerts_digest: int = 0
    skipped_detections: int = 0
    failed: int = 0  # articles whose detections could not be matched (state "failed")
    article_ids: list[int] = field(default_factory=list)
    alert_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------- matching


def parse_detections(raw: Sequence[dict[str, Any]] | None, where: str) -> list[Contact]:
    """Detector output stored as JSON -> Contacts; a malformed entry is logged and dropped."""
    out: list[Contact] = []
    for k, item in enumerate(raw or []):
        values = {f: item.get(f) for f in CONTACT_FIELDS}
        missing = [f for f in ("candidate", "leader", "kind", "status", "evidence") if not values[f]]
        if missing:
            log.warning("%s: detection %d lacks %s; skipped", where, k, ", ".join(missing))
            continue
        kind, status = str(values["kind"]), str(values["status"])
        if kind not in KINDS or status not in STATUSES:
            log.warning("%s: detection %d has kind %r / status %r; skipped", where, k, kind, status)
            continue
        out.append(
            Contact(
                candidate=str(values["candidate"]),
                leader=str(values["leader"]),
                country=str(values["country"] or ""),
                kind=cast(Kind, kind),
                status=cast(Status, status),
                date=values["date"] or None,
                evidence=str(values["evidence"]),
                rule=str(values["rule"] or ""),
            )
        )
    return out


def lock_identities(session: Session, identities: Iterable[tuple[str, str, str]]) -> None:
    """Serialise event creation per (candidate, leader, kind) across concurrent matchers.

    Event identity is a date-prefix rule, which no unique index can express, so
    two workers matching two copies of one story could both create the event.
    PostgreSQL gets transaction-scoped advisory locks, taken in a fixed order so
    two workers cannot deadlock; SQLite already serialises writers, and the
    article claim (the transaction's first write) takes its write lock.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = sorted(
        {
            int.from_bytes(hashlib.sha256("|".join(ident).encode()).digest()[:8], "big", signed=True)
            for ident in identities
        }
    )
    for key in keys:
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


@dataclass
class _Touched:
    """What one article did to one event, to decide its alert once the article is read."""

    event: Event
    created: bool
    start_status: str
    alert_date: str | None


def _add_mention(session: Session, event: Event, article: Article, contact: Contact) -> bool:
    key = evidence_key(contact.evidence)
    exists = session.scalar(
        select(Mention.id).where(
            Mention.event_id == event.id, Mention.article_id == article.id, Mention.evidence_key == key
        )
    )
    if exists:
        return False
    mention = Mention(
        event_id=event.id,
        article_id=article.id,
        evidence=contact.evidence,
        evidence_key=key,
        status=contact.status,
        date=contact.date,
        rule=(contact.rule or None) and contact.rule[:200],
    )
    try:
        with session.begin_nested():
            session.add(mention)
    except IntegrityError:  # a concurrent matcher recorded it first
        return False
    return True


def _add_alert(session: Session, alert: Alert) -> Alert | None:
    """Insert an outbox row unless this (event, change) was already written; None then."""
    exists = session.scalar(
        select(Alert.id).where(Alert.event_id == alert.event_id, Alert.change == alert.change)
    )
    if exists:
        return None
    try:
        with session.begin_nested():
            session.add(alert)
    except IntegrityError:
        return None
    return alert


def match_article(session: Session, cfg: AppConfig, article: Article, report: MatchReport) -> list[Alert]:
    """Match one article's detections inside the caller's transaction; return the alerts written."""
    contacts = parse_detections(article.detections, f"article {article.id}")
    duplicate = article.duplicate_of is not None
    digest = article.alert_mode == "digest"
    now = utcnow()
    lock_identities(session, ((c.candidate, c.leader, c.kind) for c in contacts))
    touched: dict[int, _Touched] = {}
    for contact in contacts:
        same = same_identity(session, contact.candidate, contact.leader, contact.kind)
        event = best_match(same, contact.date, contact.status)
        if event is None:
            if duplicate:
                # A copy of a story adds sources; what it alone reports is left
                # for an original article to announce.
                report.skipped_detections += 1
                continue
            # Events a backfill learns join the baseline quietly (one digest).
            event = create_event(session, contact, in_baseline=digest, country=contact.country or None)
            report.events_created += 1
            touched[event.id] = _Touched(event, True, contact.status, contact.date)
        else:
            state = touched.get(event.id)
            if state is None:
                state = touched[event.id] = _Touched(event, False, event.status, contact.date)
            if not duplicate:
                if advance(event, contact.status, contact.date):
                    state.alert_date = contact.date
                elif dates_compatible(contact.date, state.alert_date) and more_precise(
                    contact.date, state.alert_date
                ):
                    # The article gives the day further on: the alert says it.
                    state.alert_date = contact.date
                if not event.country and contact.country:
                    event.country = contact.country
            event.last_seen_at = now
        if _add_mention(session, event, article, contact):
            report.mentions += 1
    written: list[Alert] = []
    if not duplicate:
        for state in touched.values():
            if not state.created and state.event.status == state.start_status:
                report.repeats += 1
            alert = _alert_for(session, cfg, article, state)
            if alert is not None and _add_alert(session, alert) is not None:
                written.append(alert)
    for alert in written:
        if alert.mode == "digest":
            report.alerts_digest += 1
        elif alert.type == "new":
            report.alerts_new += 1
        else:
            report.alerts_update += 1
    return written


def _alert_for(session: Session, cfg: AppConfig, article: Article, state: _Touched) -> Alert | None:
    """The outbox row for what this article did to one event, or None for a repeat."""
    event = state.event
    changed = event.status != state.start_status
    alerted = session.scalar(select(Alert.id).where(Alert.event_id == event.id, Alert.change == "new"))
    known = alerted is not None or (event.in_baseline and not state.created)
    if known:
        if not changed:
            return None
        change, kind = f"update:{state.start_status}->{event.status}", "update"
    else:
        # Analysts never heard of this event: it is `new` once its status is one
        # they asked for, whether it was created now or kept silent earlier.
        if event.status not in cfg.settings.alert_statuses or not (state.created or changed):
            return None
        change, kind = "new", "new"
    return Alert(
        event_id=event.id,
        change=change,
        type=kind,
        status=event.status,
        date=state.alert_date,
        article_id=article.id,
        mode="digest" if "digest" in (article.alert_mode, cfg.settings.alert_mode) else "per-event",
    )


def detected_article_ids(session: Session, article_ids: Sequence[int] | None = None) -> list[int]:
    """Articles waiting for matching, in publication order (undated last, then by id)."""
    query = select(Article.id).where(Article.state == "detected")
    if article_ids is not None:
        query = query.where(Article.id.in_(list(article_ids)))
    query = query.order_by(Article.published_at.asc().nulls_last(), Article.id)
    return list(session.scalars(query))


def match_pending(cfg: AppConfig, article_ids: list[int] | None = None) -> MatchReport:
    """Match every detected article (or those of ``article_ids``), one transaction per article."""
    url = cfg.settings.database_url
    report = MatchReport()
    with session_scope(url) as session:
        ids = detected_article_ids(session, article_ids)
    for article_id in ids:
        try:
            alert_ids = _match_one(cfg, url, article_id, report)
        except DBAPIError:
            raise  # the database itself is unwell: fail the task, the retry resumes here
        except Exception as exc:
            # One malformed article must not hold back every later one.
            log.exception("article %d: matching failed; marked failed", article_id)
            _mark_failed(url, article_id, f"matching failed: {exc.__class__.__name__}: {exc}")
            report.failed += 1
            continue
        if alert_ids is None:
            continue  # another worker matched it first
        report.alert_ids.extend(alert_ids)
        report.articles += 1
        report.article_ids.append(article_id)
    if report.articles:
        log.info("matched %d articles: %s", report.articles, report.as_dict())
    return report


def _match_one(cfg: AppConfig, url: str, article_id: int, report: MatchReport) -> list[int] | None:
    """Match one article in its own transaction; None when it was no longer `detected`."""
    with session_scope(url) as session:
        # Claim first: the transaction's first statement is a write, so on
        # SQLite it holds the write lock for the whole match, and on
        # PostgreSQL a second worker on this article waits, then finds it
        # no longer `detected` and skips it.
        result = session.execute(
            update(Article)
            .where(Article.id == article_id, Article.state == "detected")
            .values(state="matched", matched_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if not cast(CursorResult[Any], result).rowcount:
            return None
        article = session.get(Article, article_id)
        assert article is not None
        alerts = match_article(session, cfg, article, report)
        session.flush()
        return [a.id for a in alerts]


def _mark_failed(url: str, article_id: int, error: str) -> None:
    with session_scope(url) as session:
        session.execute(
            update(Article)
            .where(Article.id == article_id, Article.state == "detected")
            .values(state="failed", error=error[:2000])
            .execution_options(synchronize_session=False)
        )
