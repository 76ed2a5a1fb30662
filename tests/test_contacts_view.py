"""The Contacts page's queries and rendering, on SQLite and PostgreSQL, without a web server."""

from __future__ import annotations

import pytest

from pipeline import contacts_view as view
from pipeline.store import session_scope
from pipeline.webui import render_page, timeline_svg
from tests.support.contactsdata import HOSTILE, seed


@pytest.fixture
def seeded(database_url: str) -> str:
    seed(database_url)
    return database_url


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (view.EventFilter(), ["Viktor Orbán", "Justin Trudeau"]),
        (view.EventFilter(candidate="Tim Walz"), ["Justin Trudeau"]),
        (view.EventFilter(leader="Viktor Orbán"), ["Viktor Orbán"]),
        (view.EventFilter(status="planned"), ["Justin Trudeau"]),
        # Partial dates overlap the range: "2024-10" is inside [2024-10-15, ...).
        (view.EventFilter(date_from="2024-10-15"), ["Justin Trudeau"]),
        (view.EventFilter(date_from="2024-09", date_to="2024-09"), ["Viktor Orbán"]),
        (view.EventFilter(date_from="2024-09-20"), ["Justin Trudeau"]),
        (view.EventFilter(date_to="2024"), ["Viktor Orbán", "Justin Trudeau"]),
        (view.EventFilter(date_from="2025-01-01"), []),
    ],
)
def test_event_filters(seeded: str, flt: view.EventFilter, expected: list[str]) -> None:
    with session_scope(seeded) as s:
        assert [e.leader for e in view.events(s, flt)] == expected


def test_events_carry_sources_and_alert_state(seeded: str) -> None:
    with session_scope(seeded) as s:
        vance, walz = view.events(s, view.EventFilter())
        assert vance.alert_state == "sent" and walz.alert_state == "failed"
        assert vance.sources[0].url.startswith("https://news.example.org/")
        assert HOSTILE in vance.sources[0].evidence
        assert view.outbox_counts(s) == {"pending": 0, "failed": 1, "sent": 1, "digested": 0, "suppressed": 0}
        assert [a.error for a in view.outbox(s, "failed")] == ["channel_not_found"]
        assert [a.state for a in view.outbox(s, "sent")] == ["sent"]
        assert view.outbox(s, "pending") == []
        feeds = view.feed_health(s)
        assert [(f.name, f.healthy) for f in feeds] == [("Bad wire", False), ("Good wire", True)]
        points, undated = view.timeline(s, view.EventFilter())
    assert [(p.candidate, p.month, p.count) for p in points] == [
        ("JD Vance", "2024-09", 1),
        ("Tim Walz", "2024-10", 1),
    ]
    assert undated == 0


def test_timeline_counts_undated_events_apart(database_url: str) -> None:
    from pipeline.store import Event

    with session_scope(database_url) as s:
        for date in (None, "2024", "2024-03-05"):
            s.add(
                Event(candidate="JD Vance", leader="Viktor Orbán", kind="call", status="alleged", date=date)
            )
    with session_scope(database_url) as s:
        points, undated = view.timeline(s, view.EventFilter())
    assert undated == 1
    assert [(p.month, p.count) for p in points] == [("2024-01", 1), ("2024-03", 1)]


def test_timeline_svg_escapes_labels_and_scales_dots() -> None:
    points = [
        view.TimelinePoint(candidate=HOSTILE, month="2024-01", count=1, statuses={"planned": 1}),
        view.TimelinePoint(
            candidate=HOSTILE, month="2024-06", count=4, statuses={"occurred": 3, "alleged": 1}
        ),
    ]
    svg = timeline_svg(points)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<circle") == 2
    assert "4 contacts (1 alleged, 3 occurred)" in svg
    assert timeline_svg([]) == ""


def test_page_renders_without_tables() -> None:
    html = render_page({"not_ready": True, "user": "x", "filter": view.EventFilter(), "outbox_state": None})
    assert "no tables yet" in html
