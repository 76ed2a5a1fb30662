"""The Airflow glue: Slack client from the connection, the ops failure notice, batches, the plan."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from pipeline.airflow_support import (
    OpsFailureNotifier,
    batch_label,
    batches,
    config_dir,
    failure_text,
    plan_cycle,
    slack_client,
)
from tests.support import fakeslack
from tests.support.configdir import make_config
from tests.support.fakeslack import FakeSlack

fake_slack = fakeslack.fake_slack  # the fixture

pytestmark = pytest.mark.airflow


def _context(error: str) -> dict[str, object]:
    ti = types.SimpleNamespace(
        dag_id="leaderwatch_monitor", run_id="scheduled__1", task_id="fetch_feed", map_index=2
    )
    return {"ti": ti, "exception": RuntimeError(error)}


def test_batches_keep_order_drop_repeats_and_cap_size() -> None:
    assert batches([5, 1, 5, 2, 3], size=2) == [[5, 1], [2, 3]]
    assert batches([]) == []
    with pytest.raises(ValueError, match="at least 1"):
        batches([1], size=0)
    assert batch_label([7, 3, 9]) == "3 articles from #3"


def test_plan_refuses_to_run_when_the_feed_list_failed(tmp_path: Path, sqlite_url: str) -> None:
    cfg = make_config(tmp_path, sqlite_url)
    with pytest.raises(RuntimeError, match="list_feeds did not succeed"):
        plan_cycle(cfg, None, [])
    # Failed fetches push no XCom (None); their feeds simply contribute nothing.
    assert plan_cycle(cfg, [1, 2], [[4, 5], None]) == [[4, 5]]


def test_config_dir_is_the_env_or_next_to_dags(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LEADERWATCH_CONFIG", raising=False)
    assert config_dir("/srv/project/dags/x.py") == Path("/srv/project/config")
    monkeypatch.setenv("LEADERWATCH_CONFIG", str(tmp_path))
    assert config_dir("/srv/project/dags/x.py") == tmp_path


def test_slack_client_comes_from_the_airflow_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIRFLOW_CONN_SLACK_API_DEFAULT", raising=False)
    assert slack_client() is None
    connection = {
        "conn_type": "slack",
        "password": "xoxb-test",
        "extra": {"base_url": "http://127.0.0.1:9/api/"},
    }
    monkeypatch.setenv("AIRFLOW_CONN_SLACK_API_DEFAULT", json.dumps(connection))
    client = slack_client()
    assert client.token == "xoxb-test" and client.base_url == "http://127.0.0.1:9/api/"


def test_failure_text_is_escaped_for_slack() -> None:
    text = failure_text(_context("<!channel> bad <http://x|y> & more"))
    assert "leaderwatch_monitor / scheduled__1 / fetch_feed[2] failed" in text
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text and "&amp; more" in text


def test_ops_notice_goes_to_the_ops_channel_when_configured(
    tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    connection = {
        "conn_type": "slack",
        "password": fake_slack.token,
        "extra": {"base_url": fake_slack.base_url},
    }
    monkeypatch.setenv("AIRFLOW_CONN_SLACK_API_DEFAULT", json.dumps(connection))
    quiet = make_config(tmp_path / "quiet", sqlite_url)
    OpsFailureNotifier(quiet.directory)(_context("boom"))
    assert fake_slack.posts() == [], "no ops channel configured: log only"

    loud = make_config(tmp_path / "loud", sqlite_url, settings={"slack": {"ops_channel": "#ops"}})
    # Jinja must not render what the exception says.
    OpsFailureNotifier(loud.directory)(_context("{{ 7 * 7 }} <@U123>"))
    (post,) = fake_slack.posts()
    assert post.channel == fake_slack.channels["#ops"]
    assert "{{ 7 * 7 }}" in post.text and "49" not in post.text and "&lt;@U123&gt;" in post.text


def test_ops_notice_never_raises(
    tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = make_config(tmp_path, sqlite_url, settings={"slack": {"ops_channel": "#ops"}})
    connection = {"conn_type": "slack", "password": "xoxb-wrong", "extra": {"base_url": fake_slack.base_url}}
    monkeypatch.setenv("AIRFLOW_CONN_SLACK_API_DEFAULT", json.dumps(connection))
    OpsFailureNotifier(cfg.directory)(_context("boom"))  # invalid_auth: logged, not raised
    OpsFailureNotifier(tmp_path / "missing")(_context("boom"))  # no config at all
    assert [c.error for c in fake_slack.calls_to("chat.postMessage")] == ["invalid_auth"]


# What a task process looks like to multiprocessing: its __main__ is the `airflow`
# command, and its environment holds an unusable metadata-DB URL.
_TASK_LIKE_MAIN = """
import os, sys
from airflow.__main__ import main  # the real `airflow` script imports this too
if __name__ == "__main__":
    os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = "airflow-db-not-allowed:///"
    from pipeline.airflow_support import make_spawn_safe
    from pipeline.extract import extract_bounded
    make_spawn_safe()
    page = "<html><body><article><h1>T</h1><p>" + "A sentence about a meeting. " * 40 + "</p></article></body></html>"
    print("extracted:", extract_bounded(page, timeout=60) is not None)
"""


def test_extraction_worker_starts_inside_an_airflow_task_process(tmp_path: Path) -> None:
    script = tmp_path / "airflow"
    script.write_text(_TASK_LIKE_MAIN, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=240)
    assert "extracted: True" in result.stdout, result.stderr[-3000:]
