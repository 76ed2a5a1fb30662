"""One whole cycle end to end: the demo feed served on 127.0.0.1 -> store -> dry-run alerts.

Runs on SQLite and on PostgreSQL; a second cycle over the same feed sends nothing again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.cycle import run_cycle
from pipeline.demo.server import serve_in_thread
from pipeline.store import Alert, Article, Event, session_scope
from tests.support.configdir import make_config


@pytest.fixture
def demo_base() -> Iterator[str]:
    server, base = serve_in_thread(0)
    yield base
    server.shutdown()
    server.server_close()


def _alerts(path: Path) -> list[dict]:  # type: ignore[type-arg]
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_demo_cycle_alerts_once(tmp_path: Path, database_url: str, demo_base: str) -> None:
    cfg = make_config(tmp_path, database_url, feeds=[{"name": "demo", "url": f"{demo_base}/feeds/demo.xml"}])
    sink = Path(cfg.settings.slack.dry_run_file)

    first = run_cycle(cfg)
    assert first.ok, first.render()
    assert first.feeds == 1 and not first.feed_errors
    assert first.new_articles == 3
    sent = _alerts(sink)
    found = {(a["candidate"], a["leader"], a["kind"], a["status"]) for a in sent}
    assert ("Kamala Harris", "Shigeru Ishiba", "call", "occurred") in found
    assert ("Donald Trump", "Recep Tayyip Erdoğan", "meeting", "planned") in found
    assert any(c == "Tim Walz" and leader == "Simon Harris" for c, leader, _, _ in found)
    # Simon Harris is the Taoiseach, not the vice president.
    assert not any(c == "Kamala Harris" and leader == "Simon Harris" for c, leader, _, _ in found)
    assert all(a["type"] == "new" for a in sent)

    with session_scope(database_url) as s:
        assert s.query(Article).count() == 3
        assert s.query(Article).filter(Article.state == "matched").count() == 3
        n_events = s.query(Event).count()
        assert s.query(Alert).filter(Alert.state == "pending").count() == 0

    second = run_cycle(cfg)
    assert second.ok, second.render()
    assert second.new_articles == 0
    assert _alerts(sink) == sent, "a second cycle over the same feed must not alert again"
    with session_scope(database_url) as s:
        assert s.query(Event).count() == n_events
        assert s.query(Article).count() == 3
