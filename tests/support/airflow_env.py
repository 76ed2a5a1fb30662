"""An isolated Airflow for tests: its own AIRFLOW_HOME and SQLite metadata DB, this repo's DAGs and plugin.

:func:`configure` must run before anything imports ``airflow`` (Airflow reads
its configuration at import time), so the conftest files of ``tests/dags`` and
``tests/airflow`` call it at import. :func:`migrate` brings the metadata DB to
head once per test session (``airflow db migrate``, in a subprocess, so the
test process's own Airflow state is not involved).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

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
