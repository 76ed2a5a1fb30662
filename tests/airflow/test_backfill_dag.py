"""``dag.test()`` of the backfill DAG over two days of saved pages: each run takes its own day, one digest each."""

from __future__ import annotations

import datetime as dt
import json
import types
from pathlib import Path

import pytest

from pipeline.store import Alert, Article, Digest, Event, session_scope
from tests.airflow.conftest import load_dag
from tests.support import fakeslack
from tests.support.configdir import make_config
from tests.support.fakeslack import FakeSlack
from tests.support.savedpages import write_saved_pages

fake_slack = fakeslack.fake_slack  # the fixture

pytestmark = pytest.mark.airflow


def test_backfill_runs_take_their_own_day_and_send_one_digest_each(
    airflow_db: None, tmp_path: Path, sqlite_url: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_saved_pages(tmp_path / "pages")
    cfg = make_config(tmp_path, sqlite_url, settings={"slack": {"mode": "auto", "channel": "#leaderwatch"}})
    monkeypatch.setenv("LEADERWATCH_CONFIG", str(cfg.directory))
    connection = {
        "conn_type": "slack",
        "password": fake_slack.token,
        "extra": {"base_url": fake_slack.base_url},
    }
    monkeypatch.setenv("AIRFLOW_CONN_SLACK_API_DEFAULT", json.dumps(connection))
    dag = load_dag("leaderwatch_backfill")

    seen: list[set[str]] = []
    # A manual run at midnight covers the day before (the daily interval that just closed),
    # exactly like the runs `airflow backfill create` makes for 2024-09-10 and 2024-09-11.
    for logical_date in (dt.datetime(2024, 9, 11, tzinfo=dt.UTC), dt.datetime(2024, 9, 12, tzinfo=dt.UTC)):
        run = dag.test(logical_date=logical_date, run_conf={"source": str(folder)})
        assert run.state == "success"
        assert run.data_interval_end == logical_date
        with session_scope(sqlite_url) as s:
            seen.append({e.leader for e in s.query(Event)})

    assert seen == [{"Viktor Orbán"}, {"Viktor Orbán", "Justin Trudeau"}], "each run loads only its own day"
    digests = fake_slack.posts()
    assert len(digests) == 2, "one digest per run, no per-event alerts"
    assert "Orbán" in json.dumps(digests[0].blocks, ensure_ascii=False)
    assert "Trudeau" in json.dumps(digests[1].blocks, ensure_ascii=False)
    with session_scope(sqlite_url) as s:
        assert {e.in_baseline for e in s.query(Event)} == {True}, "backfilled events join the baseline"
        assert {a.state for a in s.query(Alert)} == {"digested"}
        assert {a.alert_mode for a in s.query(Article)} == {"digest"}
        runs = sorted(d.run_id for d in s.query(Digest).filter(Digest.state == "sent"))
    assert len(runs) == 2 and all(r.startswith("airflow:leaderwatch_backfill:") for r in runs)

    # Re-running a day (a cleared run) stores, alerts and posts nothing again.
    assert (
        dag.test(logical_date=dt.datetime(2024, 9, 11, tzinfo=dt.UTC), run_conf={"source": str(folder)}).state
        == "success"
    )
    assert len(fake_slack.posts()) == 2


def test_backfill_without_a_source_fails_the_run(
    airflow_db: None,
    tmp_path: Path,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cfg = make_config(tmp_path, sqlite_url)
    monkeypatch.setenv("LEADERWATCH_CONFIG", str(cfg.directory))
    dag = load_dag("leaderwatch_backfill")
    dag.get_task("collect_articles").retries = 0
    run = dag.test(logical_date=dt.datetime(2024, 9, 11, tzinfo=dt.UTC))
    assert run.state == "failed"
    states = {ti.task_id: ti.state for ti in run.get_task_instances()}
    assert states["collect_articles"] == "failed"
    assert states["send_digest"] == "upstream_failed"


def test_scheduled_runs_without_a_source_skip(tmp_path: Path, sqlite_url: str) -> None:
    from airflow.sdk.exceptions import AirflowSkipException

    from pipeline.backfill import BackfillError, collect_for_run

    cfg = make_config(tmp_path, sqlite_url)
    context = {"params": {"source": ""}, "dag_run": types.SimpleNamespace(run_type="scheduled")}
    with pytest.raises(AirflowSkipException):
        collect_for_run(cfg, context)
    # A manual run or a backfill without a source is a mistake, and fails.
    context["dag_run"] = types.SimpleNamespace(run_type="backfill")
    with pytest.raises(BackfillError, match="no source"):
        collect_for_run(cfg, context)
