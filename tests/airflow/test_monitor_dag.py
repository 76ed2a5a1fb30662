"""``dag.test()`` of the monitor: demo feed on 127.0.0.1, a broken feed, Slack through the Airflow connection.

The Slack token and the fake server's address come from the Airflow connection
``slack_api_default`` (an ``AIRFLOW_CONN_*`` variable), not from the settings:
the way an operator configures it in Airflow.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from pipeline.cycle import run_cycle
from pipeline.store import Alert, Article, Feed, session_scope, upgrade
from tests.airflow.conftest import load_dag
from tests.support import fakeslack
from tests.support.configdir import make_config
from tests.support.fakeslack import FakeSlack
from tests.test_cycle import demo_base as _demo_base

fake_slack = fakeslack.fake_slack  # the fixtures
demo_base = _demo_base

pytestmark = pytest.mark.airflow


def closed_port() -> int:
    """A port nothing listens on: a feed there is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def slack_connection(fake: FakeSlack) -> str:
    return json.dumps({"conn_type": "slack", "password": fake.token, "extra": {"base_url": fake.base_url}})


def message_text(message: fakeslack.Message) -> str:
    return message.text + json.dumps(message.blocks, ensure_ascii=False)


def reference_alerts(folder: Path, demo_base: str) -> list[tuple[str, str, str, str]]:
    """The alerts of one in-process cycle (``leaderwatch run``) over the demo feed, in dry-run."""
    cfg = make_config(
        folder,
        f"sqlite:///{folder / 'ref.db'}",
        feeds=[{"name": "demo", "url": f"{demo_base}/feeds/demo.xml"}],
    )
    upgrade(cfg.settings.database_url)
    assert run_cycle(cfg).ok
    lines = Path(cfg.settings.slack.dry_run_file).read_text(encoding="utf-8").splitlines()
    return sorted((a["candidate"], a["leader"], a["kind"], a["status"]) for a in map(json.loads, lines))


def test_monitor_dag_test_posts_the_alerts(
    airflow_db: None,
    tmp_path: Path,
    sqlite_url: str,
    demo_base: str,
    fake_slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = f"http://127.0.0.1:{closed_port()}/feed.xml"
    cfg = make_config(
        tmp_path,
        sqlite_url,
        feeds=[{"name": "demo", "url": f"{demo_base}/feeds/demo.xml"}, {"name": "broken", "url": broken}],
        settings={"slack": {"mode": "auto", "channel": "#leaderwatch", "ops_channel": "#ops"}},
    )
    monkeypatch.setenv("LEADERWATCH_CONFIG", str(cfg.directory))
    monkeypatch.setenv("AIRFLOW_CONN_SLACK_API_DEFAULT", slack_connection(fake_slack))
    dag = load_dag("leaderwatch_monitor")
    # The broken feed would otherwise be retried after retry_delay (30 s).
    dag.get_task("fetch_feed").retries = 0

    run = dag.test()

    # One red box for the broken feed, not a failed run.
    assert run.state == "success"
    states = {(ti.task_id, ti.map_index): ti.state for ti in run.get_task_instances()}
    fetches = sorted(state for (task_id, _), state in states.items() if task_id == "fetch_feed")
    assert fetches == ["failed", "success"]
    assert states[("send_alerts", -1)] == "success"
    assert states[("match_events", -1)] == "success"

    # The DAG alerts exactly what one `leaderwatch run` cycle alerts for the same feed
    # (computed here on its own database), and posts each alert once.
    expected = reference_alerts(tmp_path / "reference", demo_base)
    assert len(expected) >= 2, "the demo feed has three stories with contacts"
    posted = [m for m in fake_slack.posts() if m.channel == fake_slack.channels["#leaderwatch"]]
    with session_scope(sqlite_url) as s:
        sent = {
            (a.event.candidate, a.event.leader, a.event.kind, a.status): a.slack_ts for a in s.query(Alert)
        }
    assert sorted(sent) == expected
    assert sorted(m.ts for m in posted) == sorted(sent.values())
    for message in posted:
        assert message_text(message).startswith("New contact:")
    # The broken feed's failure was reported to the ops channel, naming the DAG and task.
    (ops,) = [m for m in fake_slack.posts() if m.channel == fake_slack.channels["#ops"]]
    assert "leaderwatch_monitor" in ops.text and "fetch_feed" in ops.text

    with session_scope(sqlite_url) as s:
        assert s.query(Article).filter(Article.state == "matched").count() == 3
        assert {a.state for a in s.query(Alert)} == {"sent"}
        health = {f.name: (f.consecutive_failures, f.last_error) for f in s.query(Feed)}
    assert health["demo"] == (0, None)
    assert health["broken"][0] == 1 and health["broken"][1]

    # A second run finds nothing new and posts nothing again.
    before = len(fake_slack.posts())
    assert dag.test().state == "success"
    assert len([m for m in fake_slack.posts() if m.channel == fake_slack.channels["#leaderwatch"]]) == len(
        expected
    )
    assert len(fake_slack.posts()) == before + 1  # only the broken feed's ops notice again
