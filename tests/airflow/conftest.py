"""Airflow tests: a throwaway AIRFLOW_HOME (set before anything imports airflow), its migrated metadata DB, a Redis broker."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
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


REDIS_URL = os.environ.get("LEADERWATCH_TEST_REDIS", "redis://127.0.0.1:6379")
# The Redis database the tests' Celery brokers use; each test run keeps to its own key prefix in it.
REDIS_TEST_DB = int(os.environ.get("LEADERWATCH_TEST_REDIS_DB", "13"))


@dataclass(frozen=True)
class RedisBroker:
    """A Celery broker of one test: a Redis database and a key prefix nobody else uses."""

    url: str
    prefix: str

    def keys(self) -> list[bytes]:
        import redis

        with redis.Redis.from_url(self.url) as client:
            return list(client.scan_iter(match=f"{self.prefix}*", count=1000))


@pytest.fixture
def redis_broker() -> Iterator[RedisBroker]:
    """The Redis server on 127.0.0.1:6379 as a broker; its keys are deleted afterwards.

    Skipped with the reason where no server answers, failed instead in CI
    (CI=true or LEADERWATCH_REQUIRE_POSTGRES=1, as the PostgreSQL tests do).
    """
    import redis

    url = f"{REDIS_URL}/{REDIS_TEST_DB}"
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=3) as client:
            client.ping()
    except redis.RedisError as exc:
        reason = f"Redis at {url} does not answer: {exc.__class__.__name__}: {exc}"[:300]
        if os.environ.get("CI") == "true" or os.environ.get("LEADERWATCH_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    broker = RedisBroker(url, f"lw-test-{uuid.uuid4().hex[:12]}:")
    try:
        yield broker
    finally:
        leftovers = broker.keys()
        if leftovers:
            with redis.Redis.from_url(url) as client:
                client.delete(*leftovers)
