"""Store articles in state ``detected`` with hand-made detections, as the detector would."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from pipeline.contacts import Contact
from pipeline.store import Article, session_scope

_counter = itertools.count(1)


def contact(
    candidate: str,
    leader: str,
    kind: str = "meeting",
    status: str = "occurred",
    date: str | None = None,
    evidence: str | None = None,
    country: str = "",
) -> dict[str, Any]:
    """One detection as Article.detections stores it (Contact.to_json(explain=True))."""
    evidence = evidence or f"{candidate} and {leader}: {kind} {status} {date or ''}".strip()
    return Contact(
        candidate=candidate,
        leader=leader,
        country=country,
        kind=kind,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        date=date,
        evidence=evidence,
        rule="test",
    ).to_json(explain=True)


def add_article(
    db_url: str,
    detections: list[dict[str, Any]],
    published: str = "2024-09-01",
    title: str = "A test story",
    text: str | None = None,
    duplicate_of: int | None = None,
    alert_mode: str = "per-event",
    outlet: str | None = "Test Outlet",
) -> int:
    """Insert one detected article; return its id."""
    n = next(_counter)
    body = text or " ".join(d["evidence"].rstrip(".") + "." for d in detections) or "Nothing happened."
    with session_scope(db_url) as session:
        article = Article(
            url=f"https://news.test/{n}/{title.lower().replace(' ', '-')}"[:200],
            title=title,
            outlet=outlet,
            published_at=dt.datetime.fromisoformat(published).replace(tzinfo=dt.UTC),
            text=f"{title}\n\n{body}",
            state="detected",
            detections=detections,
            duplicate_of=duplicate_of,
            alert_mode=alert_mode,
        )
        session.add(article)
        session.flush()
        return article.id
