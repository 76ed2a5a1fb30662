"""End to end under a real Airflow: scheduler, DAG processor and API server on PostgreSQL, LocalExecutor.

The metadata database and the leaderwatch store are throwaway databases on the
PostgreSQL server at 127.0.0.1:5432. The test triggers the monitor through the
REST API (``/api/v2`` with a JWT from ``/auth/token``), waits for the run to
succeed, checks that the fake Slack server got the demo feed's alerts and that
the Contacts page shows the event to a logged-in user and nothing to an
anonymous one, runs Airflow's own backfill of the backfill DAG over two days of
saved pages (one run and one digest per day), and takes a headless Chromium screenshot of the page into
``artifacts/`` when Chromium is installed. Every process it starts runs in its
own process group and is stopped in ``finally``, also when the test fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pipeline.demo.server import serve_in_thread
from pipeline.store import Alert, Article, Digest, session_scope, upgrade
from tests.support import airflow_env
from tests.support.airflow_env import Airflow, wait_for
from tests.support.configdir import make_config
from tests.support.db import create_pg_database, drop_pg_database, skip_or_fail_without_postgres
from tests.support.fakeslack import FakeSlack
from tests.support.savedpages import write_saved_pages
from tests.support.screenshot import find_chromium, free_port, screenshot

pytestmark = [pytest.mark.slow, pytest.mark.airflow, pytest.mark.postgres, pytest.mark.timeout(1200)]

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"
DAG_ID = "leaderwatch_monitor"
BACKFILL_DAG_ID = "leaderwatch_backfill"
RUN_TIMEOUT_S = 600


@pytest.fixture
def databases() -> Iterator[tuple[str, str]]:
    """Throwaway PostgreSQL databases: Airflow's metadata and the leaderwatch store."""
    skip_or_fail_without_postgres()
    metadata = create_pg_database("lw_airflow_e2e")
    try:
        store = create_pg_database("lw_store_e2e")
        try:
            yield metadata, store
        finally:
            drop_pg_database(store)
    finally:
        drop_pg_database(metadata)


def test_monitor_under_a_real_scheduler(tmp_path: Path, databases: tuple[str, str]) -> None:
    metadata_url, store_url = databases
    if os.environ.get("LEADERWATCH_REQUIRE_SCREENSHOT") == "1" and not find_chromium():
        pytest.fail("make screenshot needs Chromium: apt-get install -y chromium")
    started = time.monotonic()
    timings: dict[str, float] = {}
    demo, demo_base = serve_in_thread(0)
    slack = FakeSlack().start()
    port = free_port()
    home = tmp_path / "airflow"
    home.mkdir()
    upgrade(store_url)
    cfg = make_config(
        tmp_path,
        store_url,
        feeds=[{"name": "demo", "url": f"{demo_base}/feeds/demo.xml"}],
        settings={"slack": {"mode": "auto", "channel": "#leaderwatch"}},
    )
    env = {
        **os.environ,
        **airflow_env.server_env(home, metadata_url, port),
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__PARALLELISM": "4",
        "LEADERWATCH_CONFIG": str(cfg.directory),
        "AIRFLOW_CONN_SLACK_API_DEFAULT": json.dumps(
            {"conn_type": "slack", "password": slack.token, "extra": {"base_url": slack.base_url}}
        ),
    }
    env.pop("LEADERWATCH_DATABASE_URL", None)
    airflow = Airflow(home=home, env=env, base=f"http://127.0.0.1:{port}")
    try:
        migrate = subprocess.run(
            [str(airflow_env.VENV_BIN / "airflow"), "db", "migrate"],
            env=env,
            capture_output=True,
            timeout=600,
        )
        assert migrate.returncode == 0, migrate.stderr[-3000:]
        timings["metadata migrate"] = time.monotonic() - started

        airflow.start(
            "api-server", "api-server", "--port", str(port), "--host", "127.0.0.1", "--workers", "1"
        )
        airflow.start("scheduler", "scheduler")
        airflow.start("dag-processor", "dag-processor")
        http = httpx.Client(base_url=airflow.base, timeout=30)
        wait_for(
            "the API server", lambda: http.get("/api/v2/monitor/health").status_code == 200, 240, airflow
        )
        timings["api up"] = time.monotonic() - started

        passwords = home / "passwords.json"
        wait_for("the generated passwords", passwords.exists, 60, airflow, interval=0.5)
        password = json.loads(passwords.read_text())["admin"]
        token = http.post("/auth/token", json={"username": "admin", "password": password}).json()[
            "access_token"
        ]
        auth = {"Authorization": f"Bearer {token}"}
        assert http.get("/api/v2/dags", headers={}).status_code == 401, "the REST API itself needs the JWT"

        wait_for(
            "the DAG to be parsed",
            lambda: http.get(f"/api/v2/dags/{DAG_ID}", headers=auth).status_code == 200,
            300,
            airflow,
        )
        timings["dag parsed"] = time.monotonic() - started
        assert (
            http.patch(f"/api/v2/dags/{DAG_ID}", json={"is_paused": False}, headers=auth).status_code == 200
        )
        created = http.post(f"/api/v2/dags/{DAG_ID}/dagRuns", json={"logical_date": None}, headers=auth)
        assert created.status_code == 200, created.text
        run_id = created.json()["dag_run_id"]

        def finished() -> str | None:
            state = http.get(f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}", headers=auth).json()["state"]
            return state if state in ("success", "failed") else None

        state = wait_for("the monitor run to finish", finished, RUN_TIMEOUT_S, airflow, interval=3)
        timings["run finished"] = time.monotonic() - started
        tis = http.get(f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances", headers=auth).json()
        summary = sorted((ti["task_id"], ti["map_index"], ti["state"]) for ti in tis["task_instances"])
        assert state == "success", f"{summary}\n{airflow.tail('scheduler')}"
        assert ("fetch_feed", 0, "success") in summary and ("send_alerts", -1, "success") in summary

        # Slack got each alert of the run once, through the Airflow connection.
        posted = {m.ts: m.text for m in slack.posts()}
        with session_scope(store_url) as s:
            alerts = {a.slack_ts: (a.state, a.event.leader) for a in s.query(Alert)}
        assert len(alerts) >= 2, "the demo feed has three stories with contacts"
        assert set(posted) == set(alerts) and {state for state, _ in alerts.values()} == {"sent"}
        leader = sorted(leader for _, leader in alerts.values())[0]

        # The Contacts page: data for the logged-in user, nothing for an anonymous one.
        with httpx.Client(base_url=airflow.base, cookies={"_token": token}, timeout=30) as browser:
            page = browser.get("/leaderwatch/")
        assert page.status_code == 200 and leader in page.text
        anonymous = httpx.get(
            f"{airflow.base}/leaderwatch/", headers={"accept": "text/html"}, follow_redirects=False
        )
        assert anonymous.status_code in (302, 303, 307, 401) and leader not in anonymous.text
        assert httpx.get(f"{airflow.base}/leaderwatch/api/events").status_code == 401

        # Airflow's own backfill of the backfill DAG over two days of saved pages:
        # one run per day, each taking its own data interval, one digest each.
        pages = write_saved_pages(tmp_path / "pages")
        # Airflow starts no run of a paused DAG, backfill runs included.
        unpaused = http.patch(f"/api/v2/dags/{BACKFILL_DAG_ID}", json={"is_paused": False}, headers=auth)
        assert unpaused.status_code == 200
        backfill = http.post(
            "/api/v2/backfills",
            json={
                "dag_id": BACKFILL_DAG_ID,
                "from_date": "2024-09-10T00:00:00Z",
                "to_date": "2024-09-11T00:00:00Z",
                "dag_run_conf": {"source": str(pages)},
                "max_active_runs": 1,
            },
            headers=auth,
        )
        assert backfill.status_code == 200, backfill.text

        def backfill_runs() -> list[dict[str, Any]] | None:
            runs = http.get(f"/api/v2/dags/{BACKFILL_DAG_ID}/dagRuns", headers=auth).json()["dag_runs"]
            # Unpausing also starts the DAG's own daily run; it has no source and skips.
            runs = [r for r in runs if r["run_type"] == "backfill"]
            done = [r for r in runs if r["state"] in ("success", "failed")]
            return runs if len(runs) == 2 and len(done) == 2 else None

        runs = wait_for("the two backfill runs", backfill_runs, RUN_TIMEOUT_S, airflow, interval=3)
        timings["backfill finished"] = time.monotonic() - started
        assert {r["state"] for r in runs} == {"success"}, runs
        assert sorted(r["data_interval_start"][:10] for r in runs) == ["2024-09-10", "2024-09-11"]
        with session_scope(store_url) as s:
            digests = {d.run_id: d for d in s.query(Digest)}
            backfilled = {
                a.url: a.published_at for a in s.query(Article).filter(Article.alert_mode == "digest")
            }
        assert len(backfilled) == 2, "the third saved page is outside the two days"
        posted_ts = {m.ts for m in slack.posts()}
        for r in runs:
            digest = digests[f"airflow:{BACKFILL_DAG_ID}:{r['dag_run_id']}"]
            assert digest.state == "sent" and digest.alert_count >= 1
            assert {part["ts"] for part in digest.parts or []} <= posted_ts
        assert len(slack.posts()) == len(alerts) + len(runs), "one digest per run, nothing per event"

        if find_chromium():
            shot = screenshot(
                f"{airflow.base}/leaderwatch/", ARTIFACTS / "contacts.png", cookies={"_token": token}
            )
            assert shot.stat().st_size > 10_000
            # The same page inside the Airflow UI (its nav entry): best effort, the UI is a SPA.
            with contextlib.suppress(Exception):
                screenshot(
                    f"{airflow.base}/plugin/leaderwatch-contacts",
                    ARTIFACTS / "contacts-in-airflow.png",
                    cookies={"_token": token},
                    settle=8,
                )
        timings["total"] = time.monotonic() - started
        print("e2e timings (s from start): " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items()))
    finally:
        airflow.stop()
        slack.stop()
        demo.shutdown()
        demo.server_close()
    for name, proc in airflow.procs.items():
        assert proc.poll() is not None, f"airflow {name} still running"
