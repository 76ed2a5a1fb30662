"""Scale-out: the monitor DAG under CeleryExecutor with two workers gives the alerts of a LocalExecutor run.

One Airflow on PostgreSQL (metadata DB, API server, DAG processor) runs the
monitor twice over the same eight feeds served on 127.0.0.1, each run with its
own fresh leaderwatch store and its own fake Slack server:

1. under a scheduler with LocalExecutor: the reference;
2. under a scheduler with CeleryExecutor, the Redis server on 127.0.0.1:6379
   as broker (a test database and a key prefix of this run), the metadata DB
   as result backend, and two ``airflow celery worker`` processes of
   concurrency 2, so that the mapped feed tasks have to spread.

Each worker stands for a machine of its own: its own AIRFLOW_HOME and task
logs, temp folder, working directory, copy of the config folder, log server
port, and host name (``[core] hostname_callable``), so a task that read a file
another task wrote locally would find nothing. The test checks that both runs
succeed, that the mapped ``fetch_feed`` instances ran on both workers (the host
name on the task instance, matched against the Celery task ids each worker
logged), that the alerts posted to Slack are the same in both runs, and that
no process it started is left running.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from pipeline.baseline import stored_events
from pipeline.store import upgrade
from tests.airflow.conftest import RedisBroker
from tests.support import airflow_env
from tests.support.airflow_env import Airflow, RestApi, kill_survivors, wait_for
from tests.support.configdir import make_config
from tests.support.db import create_pg_database, drop_pg_database, skip_or_fail_without_postgres
from tests.support.fakeslack import FakeSlack
from tests.support.screenshot import free_port
from tests.support.webserver import CorpusServer

pytestmark = [pytest.mark.slow, pytest.mark.airflow, pytest.mark.postgres, pytest.mark.timeout(900)]

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
DAG_ID = "leaderwatch_monitor"
RUN_TIMEOUT_S = 420
WORKERS = ("lw-worker-a", "lw-worker-b")
WORKER_CONCURRENCY = 2
# Corpus articles that no corpus feed links to, spread over six more feeds
# (served as plain text, dated from gold.jsonl): with the two corpus feeds, eight feeds.
EXTRA_FEEDS = (
    ("dev-003", "dev-006"),
    ("dev-007", "dev-009"),
    ("dev-011", "dev-012"),
    ("dev-013", "seed-000"),
    ("seed-001",),
    ("seed-002",),
)


def serve_feeds(server: CorpusServer) -> list[dict[str, str]]:
    """The corpus feeds plus :data:`EXTRA_FEEDS`, as feeds.yaml entries."""
    published = {}
    for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            published[item["id"]] = dt.date.fromisoformat(item["published"])
    feeds = [{"name": path.rsplit("/", 1)[1], "url": server.url(path)} for path in server.corpus_feed_paths()]
    for n, ids in enumerate(EXTRA_FEEDS):
        items = []
        for k, article in enumerate(ids):
            headline = (CORPUS / "articles" / f"{article}.txt").read_text(encoding="utf-8").split("\n", 1)[0]
            # Distinct times: the order in which articles are matched is by publication time.
            day = published[article]
            when = dt.datetime(day.year, day.month, day.day, 8 + n, 5 * k, tzinfo=dt.UTC)
            items.append(
                f"<item><title>{html.escape(headline[:200])}</title>"
                f"<link>{server.base}/articles/{article}.txt</link><guid>{article}</guid>"
                f"<pubDate>{format_datetime(when)}</pubDate></item>"
            )
        body = (
            '<?xml version="1.0"?><rss version="2.0"><channel>'
            f"<title>Wire {n}</title><link>{server.base}/</link>{''.join(items)}</channel></rss>"
        )
        feeds.append(
            {"name": f"wire-{n}", "url": server.put(f"/feeds/wire-{n}.xml", body, "application/rss+xml")}
        )
    return feeds


def posted_alerts(slack: FakeSlack) -> Counter[tuple[Any, ...]]:
    """The alerts Slack received, from the metadata every alert message carries."""
    alerts: Counter[tuple[Any, ...]] = Counter()
    for message in slack.posts():
        metadata = message.metadata
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        payload = (metadata or {}).get("event_payload") or {}
        fields = ("candidate", "leader", "kind", "status", "date", "type")
        alerts[tuple(payload.get(f) for f in fields)] += 1
    return alerts


def slack_connection(slack: FakeSlack) -> str:
    return json.dumps({"conn_type": "slack", "password": slack.token, "extra": {"base_url": slack.base_url}})


def celery_workloads(metadata_url: str, run_id: str) -> dict[tuple[str, int], tuple[str, str]]:
    """(task, map index) -> (host name, Celery task id) of a run, from the metadata DB."""
    engine = create_engine(metadata_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT task_id, map_index, hostname, external_executor_id FROM task_instance"
                    " WHERE dag_id = :dag AND run_id = :run"
                ),
                {"dag": DAG_ID, "run": run_id},
            ).all()
    finally:
        engine.dispose()
    return {(r.task_id, r.map_index): (r.hostname, r.external_executor_id) for r in rows}


CELERY = {"AIRFLOW__CORE__EXECUTOR": "CeleryExecutor"}


def start_worker(airflow: Airflow, name: str, machine: Path, config: Path, slack: FakeSlack) -> None:
    """``airflow celery worker`` as if on a machine of its own: nothing on disk shared with other tasks."""
    (machine / "tmp").mkdir(parents=True)
    shutil.copytree(config, machine / "config")
    airflow.start(
        name,
        "celery",
        "worker",
        "--celery-hostname",
        f"{name}-{airflow.marker[:8]}@%h",
        "--concurrency",
        str(WORKER_CONCURRENCY),
        "--pid",
        str(machine / "worker.pid"),
        "--without-mingle",
        "--without-gossip",
        env={
            **CELERY,
            "AIRFLOW_HOME": str(machine / "airflow"),
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(machine / "logs"),
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
            # The name recorded on the task instances this worker runs.
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": "tests.support.worker_host.hostname",
            "LEADERWATCH_TEST_HOSTNAME": name,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            "TMPDIR": str(machine / "tmp"),
            "LEADERWATCH_CONFIG": str(machine / "config"),
            "AIRFLOW_CONN_SLACK_API_DEFAULT": slack_connection(slack),
        },
        cwd=machine,
    )


def run_seconds(api: RestApi, run_id: str) -> float:
    """How long a DAG run took, start to end, as Airflow recorded it."""
    run = api.get(f"/dags/{DAG_ID}/dagRuns/{run_id}")
    start, end = (dt.datetime.fromisoformat(run[k]) for k in ("start_date", "end_date"))
    return (end - start).total_seconds()


@pytest.fixture
def databases() -> Iterator[tuple[str, str, str]]:
    """Throwaway PostgreSQL databases: Airflow's metadata, the store of each run."""
    skip_or_fail_without_postgres()
    with contextlib.ExitStack() as stack:
        urls = []
        for prefix in ("lw_airflow_celery", "lw_store_local", "lw_store_celery"):
            url = create_pg_database(prefix)
            stack.callback(drop_pg_database, url)
            urls.append(url)
        yield urls[0], urls[1], urls[2]


def test_celery_workers_share_the_feeds_and_send_the_alerts_of_a_local_run(
    tmp_path: Path, redis_broker: RedisBroker, databases: tuple[str, str, str]
) -> None:
    if not (CORPUS / "feeds").is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    metadata_url, store_local, store_celery = databases
    started = time.monotonic()
    timings: dict[str, float] = {}
    server = CorpusServer(CORPUS).start()
    slack_local, slack_celery = FakeSlack().start(), FakeSlack().start()
    feeds = serve_feeds(server)
    # Yearly: unpausing the DAG starts one scheduled run (the last 1 January, catchup off)
    # and no other comes while the test runs.
    # Every alert its own message (no catch-up digest however many there are): they are compared.
    slack = {"mode": "live", "channel": "#leaderwatch", "flood_threshold": None}
    settings = {"slack": slack, "schedule": "0 0 1 1 *"}
    configs = {}
    for name, store in (("local", store_local), ("celery", store_celery)):
        upgrade(store)
        configs[name] = make_config(tmp_path / name, store, feeds=feeds, settings=settings).directory

    port = free_port()
    home = tmp_path / "airflow"
    home.mkdir()
    env = {
        **os.environ,
        **airflow_env.server_env(home, metadata_url, port),
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__PARALLELISM": "4",
        # The DAG files do not change during the test: parse them once, not every 30 s.
        "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "3600",
        "AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES": "1",
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
        "AIRFLOW__CELERY__BROKER_URL": redis_broker.url,
        "AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__GLOBAL_KEYPREFIX": redis_broker.prefix,
        "AIRFLOW__CELERY__RESULT_BACKEND": f"db+{metadata_url}",
        "AIRFLOW__CELERY__SYNC_PARALLELISM": "1",
        "LEADERWATCH_CONFIG": str(configs["local"]),
        "AIRFLOW_CONN_SLACK_API_DEFAULT": slack_connection(slack_local),
    }
    for name in ("LEADERWATCH_DATABASE_URL", "SLACK_BOT_TOKEN", "LEADERWATCH_SLACK_CHANNEL"):
        env.pop(name, None)
    airflow = Airflow(home=home, env=env, base=f"http://127.0.0.1:{port}")
    try:
        airflow_env.migrate_metadata(env)
        timings["metadata migrate"] = time.monotonic() - started
        airflow.start(
            "api-server", "api-server", "--port", str(port), "--host", "127.0.0.1", "--workers", "1"
        )
        airflow.start("dag-processor", "dag-processor")
        airflow.start("scheduler-local", "scheduler")
        api = RestApi.login(airflow)
        api.wait_for_dag(DAG_ID)
        timings["dag parsed"] = time.monotonic() - started

        # 1. The reference: the run that unpausing started, under LocalExecutor. The
        # Celery workers start meanwhile; the broker holds nothing for them until the
        # Celery scheduler runs.
        local_run = wait_for("the scheduled run", lambda: api.runs(DAG_ID), 120, airflow)[0]["dag_run_id"]
        for worker in WORKERS:
            start_worker(airflow, worker, tmp_path / worker, configs["celery"], slack_celery)
        local_state = api.wait_for_run(DAG_ID, local_run, RUN_TIMEOUT_S)
        local_tis = api.task_instances(DAG_ID, local_run)
        assert local_state == "success", [(t["task_id"], t["map_index"], t["state"]) for t in local_tis]
        timings["local run"] = time.monotonic() - started
        airflow.stop("scheduler-local")

        # 2. CeleryExecutor, once both workers listen: the feed tasks have two places to go.
        airflow.start("scheduler-celery", "scheduler", env=CELERY)
        for worker in WORKERS:
            wait_for(
                f"Celery worker {worker}",
                lambda w=worker: " ready." in airflow.tail(w, 100_000),
                180,
                airflow,
            )
        timings["workers up"] = time.monotonic() - started
        celery_run = api.trigger(DAG_ID)
        celery_state = api.wait_for_run(DAG_ID, celery_run, RUN_TIMEOUT_S)
        celery_tis = api.task_instances(DAG_ID, celery_run)
        assert {r["dag_run_id"] for r in api.runs(DAG_ID)} == {local_run, celery_run}
        timings["celery run"] = time.monotonic() - started
        logs = "\n".join(f"--- {w}\n{airflow.tail(w, 3000)}" for w in WORKERS)
        assert celery_state == "success", (
            f"{[(t['task_id'], t['map_index'], t['state']) for t in celery_tis]}\n{logs}"
        )
        assert redis_broker.keys(), "the broker's keys are under this run's prefix"

        # Every task ran, and ran on one of the two workers; the feed tasks on both.
        assert {t["state"] for t in celery_tis} <= {"success", "skipped"}
        fetches = [t for t in celery_tis if t["task_id"] == "fetch_feed"]
        assert sorted(t["map_index"] for t in fetches) == list(range(len(feeds)))
        assert {t["hostname"] for t in celery_tis if t["state"] == "success"} <= set(WORKERS)
        hosts = Counter(t["hostname"] for t in fetches)
        assert set(hosts) == set(WORKERS), f"feed tasks per worker: {dict(hosts)}"
        # The host name each task instance reports agrees with the worker that took its
        # Celery task: the id Airflow recorded is in that worker's own log.
        workloads = celery_workloads(metadata_url, celery_run)
        for worker in WORKERS:
            worker_log = airflow.tail(worker, 10_000_000)
            ran_here = [key for key, (host, _) in workloads.items() if host == worker]
            assert ran_here, f"{worker} ran nothing"
            for key in ran_here:
                celery_id = workloads[key][1]
                assert celery_id and re.search(rf"\[{re.escape(celery_id)}\] received", worker_log), key
        # The reference ran on this machine's scheduler, not on a worker.
        assert not {t["hostname"] for t in local_tis} & set(WORKERS)

        # The same alerts, as many of each, in both runs.
        local_alerts, celery_alerts = posted_alerts(slack_local), posted_alerts(slack_celery)
        assert local_alerts, "the feeds hold contacts: the reference run must alert"
        assert all(alert[0] and alert[1] for alert in local_alerts), "every message is one alert"
        assert celery_alerts == local_alerts
        # And the same contact events in both stores.
        local_events = stored_events(store_local)
        assert local_events and stored_events(store_celery) == local_events
        assert all((tmp_path / name / "alerts.jsonl").exists() is False for name in ("local", "celery")), (
            "alerts went to Slack, not to the dry-run file"
        )
        summary = (
            f"feed tasks per worker: {dict(sorted(hosts.items()))}; tasks: "
            + ", ".join(
                f"{t['task_id']}{'' if t['map_index'] < 0 else [t['map_index']]}@{t['hostname']}"
                for t in sorted(celery_tis, key=lambda t: (t["start_date"] or "", t["map_index"]))
            )
            + f"; alerts: {sum(local_alerts.values())}, events: {len(local_events)}"
            + f"; run time local {run_seconds(api, local_run):.0f} s, celery {run_seconds(api, celery_run):.0f} s"
        )
    finally:
        airflow.stop()
        slack_local.stop()
        slack_celery.stop()
        server.stop()
        left = kill_survivors(airflow.marker)
    assert not left, f"processes left running after stop: {left}"
    for name, proc in airflow.procs.items():
        assert proc.poll() is not None, f"airflow {name} still running"
    timings["stopped"] = time.monotonic() - started
    print(
        "celery e2e (s from start): " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items()) + f"; {summary}"
    )
