"""DAG integrity: every DAG imports, keeps heavy work out of parse time, retries with backoff, reports failures, is wired right."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from pipeline.airflow_support import OpsFailureNotifier
from tests.support.configdir import make_config

REPO = Path(__file__).resolve().parents[2]
DAG_FILES = sorted((REPO / "dags").glob("*.py"))
DAG_IDS = ("leaderwatch_monitor", "leaderwatch_backfill")
# What a DAG file must not import at parse time: the DAG processor re-parses every
# file every few seconds, and these cost tens to hundreds of milliseconds to load.
# Tasks import them when they run. (The parse-time figure itself is measured by
# `make bench`, section dag_parse, not asserted here.)
HEAVY_MODULES = (
    "trafilatura",
    "lxml",
    "feedparser",
    "slack_sdk",
    "ahocorasick",
    "pipeline.detect",
    "pipeline.store",
    "pipeline.stages",
)


def _dagbag(folder: Path | str) -> Any:
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(folder))


@pytest.fixture(scope="module")
def dagbag() -> Any:
    return _dagbag(REPO / "dags")


def test_no_import_errors(dagbag: Any) -> None:
    assert dagbag.import_errors == {}
    assert sorted(dagbag.dag_ids) == sorted(DAG_IDS)
    assert [p.name for p in DAG_FILES] == ["leaderwatch_backfill.py", "leaderwatch_monitor.py"]


@pytest.mark.parametrize("dag_id", DAG_IDS)
def test_dag_defaults(dagbag: Any, dag_id: str) -> None:
    dag = dagbag.dags[dag_id]
    assert "leaderwatch" in dag.tags and len(dag.tags) >= 2
    assert dag.doc_md and dag.doc_md.strip().startswith("###")
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert isinstance(dag.on_failure_callback, OpsFailureNotifier)
    for task in dag.tasks:
        assert task.retries >= 1, f"{dag_id}.{task.task_id} has no retries"
        assert task.retry_exponential_backoff > 1, f"{dag_id}.{task.task_id} retries without backoff"
        assert task.max_retry_delay is not None
        assert task.execution_timeout is not None
        callbacks = task.on_failure_callback
        callbacks = callbacks if isinstance(callbacks, list) else [callbacks]
        assert any(isinstance(cb, OpsFailureNotifier) for cb in callbacks), f"{dag_id}.{task.task_id}"


def test_monitor_wiring(dagbag: Any) -> None:
    dag = dagbag.dags["leaderwatch_monitor"]
    tasks = {t.task_id: t for t in dag.tasks}
    assert list(tasks) == [
        "list_feeds",
        "fetch_feed",
        "plan_batches",
        "process_batch",
        "match_events",
        "send_alerts",
    ]
    # One task instance per feed and per batch.
    assert tasks["fetch_feed"].is_mapped and tasks["process_batch"].is_mapped
    # A failed feed must not stop the plan; anything else failing stops the run.
    assert tasks["plan_batches"].trigger_rule == "all_done"
    assert tasks["plan_batches"].upstream_task_ids == {"list_feeds", "fetch_feed"}
    assert tasks["match_events"].trigger_rule == "none_failed_min_one_success"
    assert tasks["match_events"].upstream_task_ids == {"plan_batches", "process_batch"}
    assert tasks["send_alerts"].upstream_task_ids == {"match_events"}
    assert tasks["send_alerts"].trigger_rule == "all_success"
    assert dag.timetable.expression == "*/15 * * * *"


def test_backfill_has_an_interval_timetable_and_params(dagbag: Any) -> None:
    dag = dagbag.dags["leaderwatch_backfill"]
    assert type(dag.timetable).__name__ == "CronDataIntervalTimetable"
    assert dag.is_paused_upon_creation is True
    assert set(dag.params.keys()) == {"source", "date_from", "date_to"}
    tasks = {t.task_id: t for t in dag.tasks}
    assert tasks["process_batch"].is_mapped
    assert tasks["send_digest"].upstream_task_ids == {"match_events", "collect_articles"}


def test_monitor_schedule_comes_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = make_config(tmp_path, f"sqlite:///{tmp_path / 'lw.db'}", settings={"schedule": "*/5 * * * *"})
    monkeypatch.setenv("LEADERWATCH_CONFIG", str(cfg.directory))
    bag = _dagbag(REPO / "dags" / "leaderwatch_monitor.py")
    assert bag.import_errors == {}
    assert bag.dags["leaderwatch_monitor"].timetable.expression == "*/5 * * * *"


def test_a_broken_settings_file_is_an_import_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = make_config(tmp_path, f"sqlite:///{tmp_path / 'lw.db'}")
    (cfg.directory / "settings.yaml").write_text("schedule: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("LEADERWATCH_CONFIG", str(cfg.directory))
    bag = _dagbag(REPO / "dags" / "leaderwatch_monitor.py")
    (error,) = bag.import_errors.values()
    assert "settings.yaml" in error and "YAML syntax error" in error


# Airflow's own lazy imports (decorators, croniter, params) are paid by the first
# DAG any process parses; a warm-up DAG pays them so each file is timed on its own.
_PARSE_TIMER = textwrap.dedent(
    """
    import json, sys, datetime as dt
    from pathlib import Path
    from airflow.dag_processing.dagbag import DagBag

    warm = Path(sys.argv[1]) / "warmup_dag.py"
    warm.write_text('''
    import datetime as dt
    from airflow.sdk import CronDataIntervalTimetable, Param, dag, task

    @dag(schedule="*/15 * * * *", start_date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
         params={"p": Param(None, type=["null", "string"], format="date")}, default_args={"retries": 1})
    def warmup():
        @task(map_index_template="{{ x }}")
        def a(x: int) -> int:
            return x

        @task(trigger_rule="all_done")
        def b(xs):
            return xs

        b(a.expand(x=[1]))

    warmup()

    @dag(schedule=CronDataIntervalTimetable("@daily", timezone="UTC"), start_date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    def warmup2():
        pass

    warmup2()
    ''')
    assert not DagBag(dag_folder=str(warm)).import_errors
    heavy = json.loads(sys.argv[2])
    out = {}
    for path in sys.argv[3:]:
        before = set(sys.modules)
        bag = DagBag(dag_folder=path)
        assert not bag.import_errors, bag.import_errors
        new = set(sys.modules) - before
        loaded = sorted(m for m in new if any(m == h or m.startswith(h + ".") for h in heavy))
        out[Path(path).name] = {"seconds": bag.dagbag_stats[0].duration.total_seconds(), "heavy": loaded}
    print(json.dumps(out))
    """
)


def test_dag_files_leave_heavy_imports_to_the_tasks(tmp_path: Path) -> None:
    """Parsing each DAG file in a fresh process loads none of the heavy modules (what keeps parsing cheap)."""
    # A fresh process per file, so a module one file loaded cannot hide behind the other.
    for dag_file in DAG_FILES:
        result = subprocess.run(
            [sys.executable, "-c", _PARSE_TIMER, str(tmp_path), json.dumps(HEAVY_MODULES), str(dag_file)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ},
        )
        assert result.returncode == 0, result.stderr[-3000:]
        found = json.loads(result.stdout.strip().splitlines()[-1])[dag_file.name]
        print(f"{dag_file.name}: parsed in {found['seconds']:.3f} s")
        assert found["heavy"] == [], f"{dag_file.name} imports at parse time: {found['heavy']}"
