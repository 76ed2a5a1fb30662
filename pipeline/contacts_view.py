"""What the Contacts page shows: events with their sources and alerts, feed health, the outbox, a timeline.

Plain read-only queries over the leaderwatch store returning dataclasses, so the
page (pipeline/webui.py) only renders and these can be tested with a database
and no web server. Nothing here writes, fetches or talks to Slack.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session, selectinload

from pipeline.config import STATUSES
from pipeline.store import Alert, Article, Event, Feed, Mention

# Any select over Event (whole rows or some columns) keeps its own type through the filters.
SelectT = TypeVar("SelectT", bound=Select)  # type: ignore[type-arg]

MAX_EVENTS = 200
MAX_OUTBOX = 100
OUTBOX_STATES = ("pending", "failed", "sent", "digested", "suppressed")


@dataclass(frozen=True)
class EventFilter:
    """The page's filters; empty fields do not filter. Dates are YYYY, YYYY-MM or YYYY-MM-DD."""

    candidate: str | None = None
    leader: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    @property
    def active(self) -> bool:
        return any((self.candidate, self.leader, self.status, self.date_from, self.date_to))


@dataclass(frozen=True)
class SourceRow:
    url: str
    title: str | None
    outlet: str | None
    published_at: dt.datetime | None
    evidence: str
    status: str
    date: str | None


@dataclass(frozen=True)
class AlertRow:
    id: int
    event_id: int
    candidate: str
    leader: str
    type: str
    change: str
    status: str
    state: str  # pending | failed | sent | digested | suppressed (failed: pending with an error)
    mode: str
    attempts: int
    error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None


@dataclass(frozen=True)
class EventRow:
    id: int
    candidate: str
    leader: str
    country: str | None
    kind: str
    status: str
    date: str | None
    summary: str | None
    in_baseline: bool
    first_seen_at: dt.datetime
    last_seen_at: dt.datetime
    sources: list[SourceRow] = field(default_factory=list)
    alerts: list[AlertRow] = field(default_factory=list)

    @property
    def alert_state(self) -> str:
        """One word for the table: the state of the latest alert, or why there is none."""
        if self.alerts:
            return self.alerts[-1].state
        return "baseline" if self.in_baseline else "none"


@dataclass(frozen=True)
class FeedRow:
    id: int
    name: str | None
    url: str
    enabled: bool
    last_checked_at: dt.datetime | None
    last_success_at: dt.datetime | None
    last_status: int | None
    last_error: str | None
    last_warning: str | None
    consecutive_failures: int
    entries_seen: int

    @property
    def healthy(self) -> bool:
        return self.consecutive_failures == 0 and not self.last_error


@dataclass(frozen=True)
class TimelinePoint:
    candidate: str
    month: str  # YYYY-MM
    count: int
    statuses: dict[str, int]


@dataclass(frozen=True)
class FilterChoices:
    candidates: list[str]
    leaders: list[str]
    statuses: list[str]


def _alert_state(alert: Alert) -> str:
    if alert.state == "pending" and alert.last_error:
        return "failed"
    return alert.state


def _alert_row(alert: Alert, event: Event) -> AlertRow:
    return AlertRow(
        id=alert.id,
        event_id=alert.event_id,
        candidate=event.candidate,
        leader=event.leader,
        type=alert.type,
        change=alert.change,
        status=alert.status,
        state=_alert_state(alert),
        mode=alert.mode,
        attempts=alert.attempts,
        error=alert.last_error,
        created_at=alert.created_at,
        sent_at=alert.sent_at,
    )


def _date_overlaps(date_from: str | None, date_to: str | None) -> list[ColumnElement[bool]]:
    """SQL conditions: the event's (partial) date overlaps [date_from, date_to] (partial too).

    Both sides are compared on their common precision, so an event dated
    "2024-09" matches a range starting 2024-09-15 and an event of 2024-09-19
    matches the range "2024-09".."2024-09"; an undated event never matches a
    date filter.
    """

    def common(bound: str) -> tuple[Any, Any]:
        return func.substr(Event.date, 1, len(bound)), func.substr(bound, 1, func.length(Event.date))

    conditions: list[ColumnElement[bool]] = []
    if date_from:
        event_part, bound_part = common(date_from)
        conditions.append(event_part >= bound_part)
    if date_to:
        event_part, bound_part = common(date_to)
        conditions.append(event_part <= bound_part)
    if conditions:
        conditions.insert(0, Event.date.is_not(None))
    return conditions


def _filtered(query: SelectT, flt: EventFilter) -> SelectT:
    if flt.candidate:
        query = query.where(Event.candidate == flt.candidate)
    if flt.leader:
        query = query.where(Event.leader == flt.leader)
    if flt.status:
        query = query.where(Event.status == flt.status)
    date_conditions = _date_overlaps(flt.date_from, flt.date_to)
    if date_conditions:
        query = query.where(and_(*date_conditions))
    return query


def events(session: Session, flt: EventFilter, limit: int = MAX_EVENTS) -> list[EventRow]:
    """Events matching ``flt``, most recently seen first, each with its sources and alerts."""
    query = select(Event).options(
        selectinload(Event.mentions).selectinload(Mention.article), selectinload(Event.alerts)
    )
    query = _filtered(query, flt)
    query = query.order_by(Event.last_seen_at.desc(), Event.id.desc()).limit(limit)
    rows: list[EventRow] = []
    for event in session.scalars(query):
        sources = [
            SourceRow(
                url=m.article.url,
                title=m.article.title,
                outlet=m.article.outlet,
                published_at=m.article.published_at,
                evidence=m.evidence,
                status=m.status,
                date=m.date,
            )
            for m in sorted(event.mentions, key=lambda m: (m.created_at, m.id))
        ]
        alerts = [_alert_row(a, event) for a in sorted(event.alerts, key=lambda a: (a.created_at, a.id))]
        rows.append(
            EventRow(
                id=event.id,
                candidate=event.candidate,
                leader=event.leader,
                country=event.country,
                kind=event.kind,
                status=event.status,
                date=event.date,
                summary=event.summary,
                in_baseline=event.in_baseline,
                first_seen_at=event.first_seen_at,
                last_seen_at=event.last_seen_at,
                sources=sources,
                alerts=alerts,
            )
        )
    return rows


def filter_choices(session: Session) -> FilterChoices:
    candidates = list(session.scalars(select(Event.candidate).distinct().order_by(Event.candidate)))
    leaders = list(session.scalars(select(Event.leader).distinct().order_by(Event.leader)))
    return FilterChoices(candidates=candidates, leaders=leaders, statuses=list(STATUSES))


def feed_health(session: Session) -> list[FeedRow]:
    """Every feed, failing ones first."""
    query = select(Feed).order_by(Feed.consecutive_failures.desc(), Feed.name, Feed.url)
    return [
        FeedRow(
            id=f.id,
            name=f.name,
            url=f.url,
            enabled=f.enabled,
            last_checked_at=f.last_checked_at,
            last_success_at=f.last_success_at,
            last_status=f.last_status,
            last_error=f.last_error,
            last_warning=f.last_warning,
            consecutive_failures=f.consecutive_failures,
            entries_seen=f.entries_seen,
        )
        for f in session.scalars(query)
    ]


def outbox(session: Session, state: str | None = None, limit: int = MAX_OUTBOX) -> list[AlertRow]:
    """Outbox rows, newest first; ``state`` failed means pending with an error."""
    query = select(Alert, Event).join(Event, Alert.event_id == Event.id)
    if state == "failed":
        query = query.where(Alert.state == "pending", Alert.last_error.is_not(None))
    elif state == "pending":
        query = query.where(Alert.state == "pending", Alert.last_error.is_(None))
    elif state:
        query = query.where(Alert.state == state)
    query = query.order_by(Alert.created_at.desc(), Alert.id.desc()).limit(limit)
    return [_alert_row(alert, event) for alert, event in session.execute(query)]


def outbox_counts(session: Session) -> dict[str, int]:
    """How many alerts are in each outbox state (failed: pending with an error)."""
    errored = Alert.last_error.is_not(None)
    query = select(Alert.state, errored, func.count()).group_by(Alert.state, errored)
    counts: Counter[str] = Counter()
    for state, has_error, n in session.execute(query):
        counts["failed" if state == "pending" and has_error else state] += n
    return {s: counts.get(s, 0) for s in OUTBOX_STATES}


def timeline(session: Session, flt: EventFilter) -> tuple[list[TimelinePoint], int]:
    """Contacts per candidate per month of the event's date, and how many events are undated.

    Undated events are counted, not placed: putting them at the month they
    were first seen would draw them where they did not happen.
    """
    query = _filtered(select(Event.candidate, Event.date, Event.status), flt)
    buckets: dict[tuple[str, str], Counter[str]] = {}
    undated = 0
    for candidate, date, status in session.execute(query):
        if not date:
            undated += 1
            continue
        # A year alone goes to its January rather than off the chart.
        month = date[:7] if len(date) >= 7 else f"{date}-01"
        buckets.setdefault((candidate, month), Counter())[status] += 1
    points = [
        TimelinePoint(candidate=c, month=m, count=sum(s.values()), statuses=dict(s))
        for (c, m), s in sorted(buckets.items())
    ]
    return points, undated


def store_counts(session: Session) -> dict[str, int]:
    return {
        "events": session.scalar(select(func.count()).select_from(Event)) or 0,
        "articles": session.scalar(select(func.count()).select_from(Article)) or 0,
        "feeds": session.scalar(select(func.count()).select_from(Feed)) or 0,
    }
