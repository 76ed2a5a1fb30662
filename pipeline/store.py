"""Storage: SQLAlchemy 2 models, engine and sessions, Alembic upgrades.

One schema serves SQLite (embedded default) and PostgreSQL (production). Every
stage of the pipeline reads the previous stage's rows and writes its own, so a
task can be retried without side effects; uniqueness lives in the database
(unique constraints), not in Python sets, so two concurrent runs cannot create
the same article, event, mention or alert twice.

Schema changes go through Alembic (``pipeline/migrations``); :func:`upgrade`
brings any database to head. Nothing here fetches, parses or detects.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on both backends (SQLite stores naive values).

    A TypeDecorator, not a DateTime subclass: SQLite adapts DateTime subclasses to
    its own DATETIME type and would skip processors defined on the subclass.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
        return value


class Base(DeclarativeBase):
    pass


class Feed(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    name: Mapped[str | None] = mapped_column(String(300))
    outlet: Mapped[str | None] = mapped_column(String(300))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_success_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_warning: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    entries_seen: Mapped[int] = mapped_column(Integer, default=0)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)  # canonical URL
    guid: Mapped[str | None] = mapped_column(String(2048))
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # feed | page | dateline | url | file | seen (first listed) | none: where published_at came from
    published_source: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)
    # page | feed_summary | file: where the text came from
    text_source: Mapped[str | None] = mapped_column(String(20))
    # why the page's own text was not used (HTTP 403, timeout, refused address, ...)
    page_error: Mapped[str | None] = mapped_column(Text)
    fingerprint: Mapped[int | None] = mapped_column(BigInteger)  # SimHash of the text
    # MinHash sketch of the text ({"n": shingles, "h": [hashes]}): near-duplicate decisions
    sketch: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    # pending -> extracted -> detected -> matched; failed keeps the error
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    detections: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # per-event (live) or digest (backfill): how this article's events alert
    alert_mode: Mapped[str] = mapped_column(String(20), default="per-event")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    processed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    matched_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    mentions: Mapped[list[Mention]] = relationship(back_populates="article")


class EntryKey(Base):
    """Every identity a feed entry was seen under (guid, canonical link) -> one article.

    A publisher that regenerates guids, or one story in two feeds, still maps
    to the one article that was stored first.
    """

    __tablename__ = "entry_keys"

    key: Mapped[str] = mapped_column(String(2048), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate: Mapped[str] = mapped_column(String(200), index=True)
    leader: Mapped[str] = mapped_column(String(200), index=True)
    country: Mapped[str | None] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    date: Mapped[str | None] = mapped_column(String(10))
    # year | month | day | none
    date_precision: Mapped[str] = mapped_column(String(10), default="none")
    summary: Mapped[str | None] = mapped_column(Text)
    in_baseline: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    slack_channel: Mapped[str | None] = mapped_column(String(100))
    slack_ts: Mapped[str | None] = mapped_column(String(50))

    mentions: Mapped[list[Mention]] = relationship(back_populates="event", cascade="all, delete-orphan")
    alerts: Mapped[list[Alert]] = relationship(back_populates="event", cascade="all, delete-orphan")


class Mention(Base):
    __tablename__ = "mentions"
    __table_args__ = (UniqueConstraint("event_id", "article_id", "evidence_key", name="uq_mention"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    evidence: Mapped[str] = mapped_column(Text)
    # a short hash of the evidence keeps the unique index small on PostgreSQL
    evidence_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    date: Mapped[str | None] = mapped_column(String(10))
    rule: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[Event] = relationship(back_populates="mentions")
    article: Mapped[Article] = relationship(back_populates="mentions")


class Alert(Base):
    """The outbox: written in the transaction that changes the event, sent later."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("event_id", "change", name="uq_alert_change"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # "new" or "update:<old>-><new>": one alert per real change of the event
    change: Mapped[str] = mapped_column(String(60))
    type: Mapped[str] = mapped_column(String(20))  # new | update
    status: Mapped[str] = mapped_column(String(20))  # event status the alert announces
    date: Mapped[str | None] = mapped_column(String(10))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    # pending | sent | digested | suppressed
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    mode: Mapped[str] = mapped_column(String(20), default="per-event")  # per-event | digest
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set (and committed) just before chat.postMessage: a row with claimed_at but
    # no slack_ts may have been posted by a run that crashed before recording it.
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Until then the claim belongs to the run that made it (it may still be
    # posting); cleared once that run records the ts or a Slack error. A claim
    # without ts whose lease is over or cleared is an orphan: look up, re-post.
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    slack_channel: Mapped[str | None] = mapped_column(String(100))
    slack_ts: Mapped[str | None] = mapped_column(String(50))
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("digests.id", ondelete="SET NULL"), index=True)

    event: Mapped[Event] = relationship(back_populates="alerts")


class Digest(Base):
    """One digest (a backfill's summary), possibly split over several Slack messages."""

    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(200), unique=True)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending | sent
    alert_count: Mapped[int] = mapped_column(Integer, default=0)
    # [{"channel": ..., "ts": ...}] per message part already posted, in order
    parts: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


# ------------------------------------------------------------------ engine/session


@lru_cache(maxsize=16)
def get_engine(url: str) -> Engine:
    """One engine per URL per process (engines pool connections; build them once)."""
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # WAL lets the Airflow UI read while a task writes; foreign keys
            # are off by default in SQLite.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url:
                cur.execute("PRAGMA journal_mode=WAL")
                # In WAL mode NORMAL syncs at checkpoints, not at every commit:
                # a crashed process loses nothing committed and the file cannot
                # corrupt; only a power cut may drop the last commits, which the
                # next cycle re-derives (articles stay pending, posted alerts are
                # found again by their message metadata). FULL waited on the disk
                # at every article commit (about 12 ms each under load).
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

    return engine


@lru_cache(maxsize=16)
def session_factory(url: str) -> sessionmaker[Session]:
    # Built once per URL like its engine: a sessionmaker defines a Session subclass,
    # which SQLAlchemy's event system registers, about a millisecond of CPU per
    # call when every transaction made its own.
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A transaction: commit on success, roll back on any error."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


# Alembic installs its `context` and `op` proxies as module globals for the length
# of a command: two upgrades in two threads of one process (two cycles, the web UI)
# tear each other's proxies down (KeyError: 'config'). One at a time per process.
_UPGRADE_LOCK = threading.Lock()


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (default: head)."""
    from alembic import command

    with _UPGRADE_LOCK:
        command.upgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
