"""An isolated Airflow for tests: its own AIRFLOW_HOME and SQLite metadata DB, this repo's DAGs and plugin.

:func:`configure` must run before anything imports ``airflow`` (Airflow reads
its configuration at import time), so the conftest files of ``tests/dags`` and
``tests/airflow`` call it at import. :func:`migrate` brings the metadata DB to
head once per test session (``airflow db migrate``, in a subprocess, so the
test process's own Airflow state is not involved).

End-to-end tests run a whole Airflow in subprocesses: :func:`server_env` is
the environment its API server, scheduler and workers share, :class:`Airflow`
starts and stops the processes (each in its own process group, each marked so
that :func:`kill_survivors` finds anything left behind), :class:`RestApi`
logs in and triggers and follows DAG runs through ``/api/v2``.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent

_state: dict[str, str] = {}


def configure() -> Path:
    """Point Airflow at a throwaway home (idempotent); return it."""
    if "home" in _state:
        return Path(_state["home"])
    home = Path(tempfile.mkdtemp(prefix="lw-airflow-"))
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    _state["home"] = str(home)
    os.environ.update(airflow_env(home, f"sqlite:///{home / 'airflow.db'}"))
    # A config folder of the repo must never be what a test DAG run writes to.
    os.environ.pop("LEADERWATCH_CONFIG", None)
    return home


def airflow_env(home: Path, metadata_url: str) -> dict[str, str]:
    """The environment of an Airflow that runs this repo's DAGs and plugin and nothing else."""
    return {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": metadata_url,
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(REPO / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin,analyst:viewer",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(home / "passwords.json"),
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
        # Airflow's CLI subprocesses must find the venv's `airflow` first.
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def migrate() -> None:
    """``airflow db migrate`` of the configured metadata DB, once per process."""
    if _state.get("migrated"):
        return
    configure()
    result = subprocess.run(
        [str(VENV_BIN / "airflow"), "db", "migrate"],
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ,
    )
    if result.returncode != 0:
        raise RuntimeError(f"airflow db migrate failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    _state["migrated"] = "1"


# --------------------------------------------------------- Airflow processes of an end-to-end test


@dataclass
class Airflow:
    """The Airflow processes of one test, their logs, and how to reach the API.

    Every process runs in its own process group (its task processes and pool
    children are stopped with it) and carries ``marker`` in its environment, so
    :func:`survivors` finds anything it left behind, reparented or not.
    """

    home: Path
    env: dict[str, str]
    base: str
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    stopped: set[str] = field(default_factory=set)
    marker: str = field(default_factory=lambda: uuid.uuid4().hex)

    def start(
        self, name: str, *args: str, env: Mapping[str, str] | None = None, cwd: Path | None = None
    ) -> None:
        """Start ``airflow *args`` as ``name``; ``env`` overrides this Airflow's environment for it."""
        log = (self.home / f"{name}.log").open("wb")
        self.procs[name] = subprocess.Popen(
            [str(VENV_BIN / "airflow"), *args],
            env={**self.env, **(env or {}), MARKER_VAR: self.marker},
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: its workers are stopped with it
        )

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None and name not in self.stopped:
                raise AssertionError(f"airflow {name} exited with {proc.returncode}:\n{self.tail(name)}")

    def tail(self, name: str, chars: int = 4000) -> str:
        path = self.home / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def stop(self, *names: str) -> None:
        """Stop the named processes (all when none is named): SIGTERM, then SIGKILL after 30 s."""
        chosen = {n: p for n, p in self.procs.items() if not names or n in names}
        self.stopped.update(chosen)
        for proc in chosen.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for proc in chosen.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        # Task processes of the LocalExecutor are in the scheduler's group; make sure none is left.
        for proc in chosen.values():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)


MARKER_VAR = "LEADERWATCH_TEST_PROCESS_MARKER"


def kill_survivors(marker: str) -> list[str]:
    """Kill the live processes whose environment carries ``marker``; return what they were.

    After :meth:`Airflow.stop` this must be empty: anything here is a process
    the test's Airflow left behind, whether still in its process group or not.
    """
    found = []
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if proc.environ().get(MARKER_VAR) != marker or proc.status() == psutil.STATUS_ZOMBIE:
                continue
            found.append(f"{proc.pid} {' '.join(proc.cmdline())[:200]}")
            proc.kill()
    return found


def wait_for(what: str, check: Any, timeout: float, airflow: Airflow, interval: float = 2.0) -> Any:
    """Poll ``check`` until it returns something true; fail with the processes' logs after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        airflow.check_alive()
        with contextlib.suppress(httpx.HTTPError, OSError, ValueError, KeyError):
            result = check()
            if result:
                return result
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {n}\n{airflow.tail(n, 2000)}" for n in airflow.procs)
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{logs}")
        time.sleep(interval)


def server_env(home: Path, metadata_url: str, port: int) -> dict[str, str]:
    """:func:`airflow_env` plus what the API server, scheduler and workers of one test share."""
    return {
        **airflow_env(home, metadata_url),
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__API__WORKERS": "1",
        # Where task processes (local or on a worker) report to: the API server's execution API.
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        # The scheduler signs the workloads' tokens and the API server checks them: one secret.
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
        "AIRFLOW__API__SECRET_KEY": secrets.token_urlsafe(32),
        "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
    }


def migrate_metadata(env: Mapping[str, str]) -> None:
    """``airflow db migrate`` of the metadata DB that ``env`` names."""
    result = subprocess.run(
        [str(VENV_BIN / "airflow"), "db", "migrate"], env=env, capture_output=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]


@dataclass
class RestApi:
    """Airflow's REST API (``/api/v2``) as the admin user of the simple auth manager."""

    http: httpx.Client
    headers: dict[str, str]
    airflow: Airflow

    @classmethod
    def login(cls, airflow: Airflow, timeout: float = 240) -> RestApi:
        """Wait for the API server and the generated passwords; get a JWT for ``admin``."""
        http = httpx.Client(base_url=airflow.base, timeout=30)
        wait_for(
            "the API server", lambda: http.get("/api/v2/monitor/health").status_code == 200, timeout, airflow
        )
        passwords = airflow.home / "passwords.json"
        wait_for("the generated passwords", passwords.exists, 60, airflow, interval=0.5)
        password = json.loads(passwords.read_text())["admin"]
        answer = http.post("/auth/token", json={"username": "admin", "password": password})
        token = answer.json()["access_token"]
        return cls(http, {"Authorization": f"Bearer {token}"}, airflow)

    def get(self, path: str) -> Any:
        answer = self.http.get(f"/api/v2{path}", headers=self.headers)
        answer.raise_for_status()
        return answer.json()

    def wait_for_dag(self, dag_id: str, timeout: float = 300) -> None:
        """Wait until the DAG processor has parsed ``dag_id``, then unpause it."""
        url = f"/api/v2/dags/{dag_id}"
        wait_for(
            f"{dag_id} to be parsed",
            lambda: self.http.get(url, headers=self.headers).status_code == 200,
            timeout,
            self.airflow,
        )
        assert self.http.patch(url, json={"is_paused": False}, headers=self.headers).status_code == 200

    def trigger(self, dag_id: str, conf: Mapping[str, Any] | None = None) -> str:
        """Start a manual run now; return its run id."""
        body = {"logical_date": None, "conf": dict(conf or {})}
        created = self.http.post(f"/api/v2/dags/{dag_id}/dagRuns", json=body, headers=self.headers)
        assert created.status_code == 200, created.text
        return str(created.json()["dag_run_id"])

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float = 600) -> str:
        """The final state of a run (success or failed)."""

        def finished() -> str | None:
            state = self.get(f"/dags/{dag_id}/dagRuns/{run_id}")["state"]
            return state if state in ("success", "failed") else None

        return str(
            wait_for(f"run {run_id} of {dag_id} to finish", finished, timeout, self.airflow, interval=2)
        )

    def runs(self, dag_id: str) -> list[dict[str, Any]]:
        return list(self.get(f"/dags/{dag_id}/dagRuns?limit=100")["dag_runs"])

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        return list(self.get(f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances?limit=1000")["task_instances"])
