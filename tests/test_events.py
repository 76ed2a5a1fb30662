"""Event matching: identity, new / update / repeat, duplicates, digests, idempotence, concurrency."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from pipeline.config import AppConfig
from pipeline.events import best_match, dates_compatible, match_pending
from pipeline.store import Alert, Article, Event, Mention, session_scope
from tests.support.detections import add_article, contact
from tests.support.quickconfig import config_for

TRUMP, HARRIS = "Donald Trump", "Kamala Harris"
ORBAN, MODI = "Viktor Orbán", "Narendra Modi"


@pytest.fixture
def cfg(tmp_path: Path, database_url: str) -> AppConfig:
    return config_for(database_url, tmp_path)


def alerts(cfg: AppConfig) -> list[tuple[str, str, str, str, str | None, str]]:
    with session_scope(cfg.settings.database_url) as session:
        rows = session.execute(
            select(Alert.type, Event.leader, Event.kind, Alert.status, Alert.date, Alert.mode)
            .join(Event, Event.id == Alert.event_id)
            .order_by(Alert.id)
        ).all()
        return [tuple(r) for r in rows]  # type: ignore[misc]


def count(cfg: AppConfig, model: type) -> int:
    with session_scope(cfg.settings.database_url) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_dates_compatible() -> None:
    assert dates_compatible("2024-09", "2024-09-27")
    assert dates_compatible("2024-09-27", "2024")
    assert dates_compatible(None, None)
    assert not dates_compatible("2024-09", None)
    assert not dates_compatible("2024-09-26", "2024-09-27")
    assert not dates_compatible("2024-1", "2024-10")  # not a real prefix of a date part


def test_best_match_prefers_exact_date_then_status() -> None:
    a = Event(id=1, candidate=TRUMP, leader=ORBAN, kind="meeting", status="occurred", date="2024-03-08")
    b = Event(id=2, candidate=TRUMP, leader=ORBAN, kind="meeting", status="planned", date="2024-03-20")
    c = Event(id=3, candidate=TRUMP, leader=ORBAN, kind="meeting", status="occurred", date="2024-03")
    assert best_match([a, b, c], "2024-03-20", "occurred") is b
    assert best_match([a, b, c], "2024-03", "planned") is c
    assert best_match([a, b], "2024-03", "planned") is b
    assert best_match([a, b], "2024-04", "occurred") is None


def test_new_then_repeat_then_update(cfg: AppConfig) -> None:
    url = cfg.settings.database_url
    add_article(url, [contact(TRUMP, MODI, status="planned", date="2024-09")], published="2024-09-18")
    report = match_pending(cfg)
    assert report.alerts_new == 1 and report.events_created == 1
    # A rewrite, then a follow-up saying it took place on a precise day.
    add_article(url, [contact(TRUMP, MODI, status="planned", date="2024-09", evidence="Modi will come.")])
    add_article(url, [contact(TRUMP, MODI, status="occurred", date="2024-09-21")], published="2024-09-22")
    report = match_pending(cfg)
    assert report.repeats == 1 and report.alerts_update == 1
    assert alerts(cfg) == [
        ("new", MODI, "meeting", "planned", "2024-09", "per-event"),
        ("update", MODI, "meeting", "occurred", "2024-09-21", "per-event"),
    ]
    with session_scope(url) as session:
        event = session.scalars(select(Event)).one()
        assert (event.status, event.date, event.date_precision) == ("occurred", "2024-09-21", "day")
        assert session.scalar(select(func.count(Mention.id))) == 3
        assert set(session.scalars(select(Article.state))) == {"matched"}


def test_occurred_never_goes_back_to_planned(cfg: AppConfig) -> None:
    url = cfg.settings.database_url
    add_article(url, [contact(TRUMP, ORBAN, status="occurred", date="2024-07-11")], published="2024-07-12")
    add_article(url, [contact(TRUMP, ORBAN, status="planned", date="2024-07")], published="2024-07-13")
    add_article(url, [contact(TRUMP, ORBAN, status="cancelled", date="2024-07-11")], published="2024-07-14")
    match_pending(cfg)
    assert [a[0] for a in alerts(cfg)] == ["new"]


def test_cancelled_then_occurred_updates_twice(cfg: AppConfig) -> None:
    url = cfg.settings.database_url
    add_article(
        url, [contact(HARRIS, MODI, kind="call", status="planned", date="2024-10")], published="2024-10-01"
    )
    add_article(
        url, [contact(HARRIS, MODI, kind="call", status="cancelled", date="2024-10")], published="2024-10-02"
    )
    add_article(
        url,
        [contact(HARRIS, MODI, kind="call", status="occurred", date="2024-10-09")],
        published="2024-10-10",
    )
    match_pending(cfg)
    assert [(a[0], a[3]) for a in alerts(cfg)] == [
        ("new", "planned"),
        ("update", "cancelled"),
        ("update", "occurred"),
    ]


def test_one_article_with_plan_and_outcome_sends_one_new(cfg: AppConfig) -> None:
    """A story telling both the plan and the meeting is one new event in its final status."""
    url = cfg.settings.database_url
    add_article(
        url,
        [
            contact(TRUMP, ORBAN, status="planned", date="2024-05", evidence="They were due to meet in May."),
            contact(TRUMP, ORBAN, status="occurred", date="2024-05-02", evidence="They met on Thursday."),
        ],
    )
    match_pending(cfg)
    assert alerts(cfg) == [("new", ORBAN, "meeting", "occurred", "2024-05-02", "per-event")]


def test_alert_carries_the_most_precise_date_the_article_gives(cfg: AppConfig) -> None:
    url = cfg.settings.database_url
    add_article(
        url,
        [
            contact(HARRIS, ORBAN, kind="call", date="2024-05", evidence="They spoke in May."),
            contact(HARRIS, ORBAN, kind="call", date="2024-05-02", evidence="The call was on May 2."),
        ],
    )
    match_pending(cfg)
    assert alerts(cfg) == [("new", ORBAN, "call", "occurred", "2024-05-02", "per-event")]


def test_null_date_matches_only_null(cfg: AppConfig) -> None:
    url = cfg.settings.database_url
    add_article(url, [contact(TRUMP, ORBAN, status="planned", date=None)])
    add_article(url, [contact(TRUMP, ORBAN, status="planned", date="2025")])
    add_article(url, [contact(TRUMP, ORBAN, status="planned", date=None, evidence="They will meet again.")])
    match_pending(cfg)
    assert [(a[0], a[4]) for a in alerts(cfg)] == [("new", None), ("new", "2025")]
    assert count(cfg, Event) == 2


def test_baseline_event_gets_no_new_but_gets_updates(cfg: AppConfig) -> None:
    from pipeline.baseline import import_baseline
    from pipeline.config import BaselineEvent

    url = cfg.settings.database_url
    import_baseline(
        url, [BaselineEvent(candidate=TRUMP, leader=ORBAN, kind="meeting", status="planned", date="2024-12")]
    )
    add_article(url, [contact(TRUMP, ORBAN, status="planned", date="2024-12-07")])
    add_article(url, [contact(TRUMP, ORBAN, status="occurred", date="2024-12-07")], published="2024-12-08")
    match_pending(cfg)
    assert alerts(cfg) == [("update", ORBAN, "meeting", "occurred", "2024-12-07", "per-event")]


def test_duplicate_article_adds_sources_but_never_alerts(cfg: AppConfig) -> None:
    url = cfg.settings.database_url
    original = add_article(url, [contact(TRUMP, MODI, status="planned", date="2024-09")])
    match_pending(cfg)
    add_article(
        url,
        [
            contact(TRUMP, MODI, status="occurred", date="2024-09-21", evidence="Copy: they met."),
            contact(HARRIS, MODI, kind="call", status="occurred", date="2024-08", evidence="Copy: a call."),
        ],
        duplicate_of=original,
    )
    report = match_pending(cfg)
    assert report.mentions == 1 and report.skipped_detections == 1 and report.alert_ids == []
    assert [a[0] for a in alerts(cfg)] == ["new"]
    with session_scope(url) as session:
        assert session.scalars(select(Event.status)).all() == ["planned"]


def test_digest_articles_join_baseline_and_alert_as_digest(cfg: AppConfig) -> None:
    url = cfg.settings.database_url
    add_article(url, [contact(TRUMP, MODI, date="2019-09")], alert_mode="digest", published="2019-09-23")
    match_pending(cfg)
    assert alerts(cfg) == [("new", MODI, "meeting", "occurred", "2019-09", "digest")]
    # The live stream repeating the old meeting is a repeat: the backfill taught the baseline.
    add_article(url, [contact(TRUMP, MODI, date="2019-09-22")], published="2024-09-01")
    match_pending(cfg)
    assert len(alerts(cfg)) == 1
    with session_scope(url) as session:
        assert session.scalars(select(Event.in_baseline)).all() == [True]


def test_alert_statuses_filter_new_only(tmp_path: Path, sqlite_url: str) -> None:
    cfg = config_for(sqlite_url, tmp_path, alert_statuses=("occurred",))
    add_article(sqlite_url, [contact(TRUMP, MODI, status="planned", date="2024-09")], published="2024-09-01")
    match_pending(cfg)
    assert alerts(cfg) == []
    # Once it occurs, analysts hear of it for the first time: a `new`, not an update.
    add_article(
        sqlite_url, [contact(TRUMP, MODI, status="occurred", date="2024-09-21")], published="2024-09-22"
    )
    match_pending(cfg)
    assert alerts(cfg) == [("new", MODI, "meeting", "occurred", "2024-09-21", "per-event")]


def test_publication_order_and_rerun_is_idempotent(cfg: AppConfig) -> None:
    url = cfg.settings.database_url
    # Stored out of order: the later story first.
    add_article(url, [contact(TRUMP, MODI, status="occurred", date="2024-09-21")], published="2024-09-22")
    add_article(url, [contact(TRUMP, MODI, status="planned", date="2024-09")], published="2024-09-18")
    match_pending(cfg)
    assert [a[0] for a in alerts(cfg)] == ["new", "update"]
    with session_scope(url) as session:
        session.execute(update(Article).values(state="detected"))
    match_pending(cfg)  # a task retry after a crash that lost the state change
    assert len(alerts(cfg)) == 2 and count(cfg, Mention) == 2 and count(cfg, Event) == 1


def test_concurrent_matchers_create_one_event(cfg: AppConfig) -> None:
    """Two workers matching two copies of one story at once: one event, one alert."""
    url = cfg.settings.database_url
    for n in range(6):
        add_article(url, [contact(TRUMP, ORBAN, date="2024-03-08", evidence=f"Copy {n}: they dined.")])
    errors: list[BaseException] = []

    def work() -> None:
        try:
            match_pending(cfg)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert count(cfg, Event) == 1 and len(alerts(cfg)) == 1 and count(cfg, Mention) == 6


def test_a_malformed_article_fails_alone(cfg: AppConfig) -> None:
    url = cfg.settings.database_url
    bad = add_article(url, [contact(TRUMP, MODI, date="2024-01")], published="2024-01-01")
    with session_scope(url) as session:
        session.execute(update(Article).where(Article.id == bad).values(detections={"not": "a list"}))
    good = add_article(url, [contact(TRUMP, ORBAN, date="2024-02")], published="2024-02-01")
    report = match_pending(cfg)
    assert (report.failed, report.article_ids) == (1, [good])
    with session_scope(url) as session:
        article = session.get(Article, bad)
        assert (
            article is not None and article.state == "failed" and "matching failed" in (article.error or "")
        )
    assert [a[1] for a in alerts(cfg)] == [ORBAN]
