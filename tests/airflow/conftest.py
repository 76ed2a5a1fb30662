"""Airflow tests: a throwaway AIRFLOW_HOME (set before anything imports airflow) and its migrated metadata DB."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support import airflow_env

airflow_env.configure()

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def airflow_db() -> None:
    """The metadata DB at head (``airflow db migrate`` once per session)."""
    airflow_env.migrate()


def load_dag(dag_id: str) -> Any:
    """Parse the DAG file afresh, so it reads LEADERWATCH_CONFIG as the test set it."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(REPO / "dags" / f"{dag_id}.py"))
    assert bag.import_errors == {}, bag.import_errors
    return bag.dags[dag_id]
