"""Throwaway databases for tests: a fresh SQLite file, and a fresh PostgreSQL database.

The PostgreSQL server of this machine (127.0.0.1:5432, user postgres, trust auth)
gets one randomly named database per test session, dropped at the end. Where no
server answers, PostgreSQL cases are skipped with a visible reason; in CI they
must not be skipped silently (LEADERWATCH_REQUIRE_POSTGRES=1 turns the skip into a failure).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

PG_ADMIN_URL = os.environ.get("LEADERWATCH_TEST_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")


def postgres_available() -> str | None:
    """None if the server answers, else the reason it does not."""
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any driver error means: no usable server
        return f"PostgreSQL at {PG_ADMIN_URL} does not answer: {exc.__class__.__name__}: {exc}"[:300]


def create_pg_database(prefix: str = "lw_test") -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_pg_database(url: str) -> None:
    from pipeline.store import get_engine

    name = url.rsplit("/", 1)[1]
    # Close pooled connections of this process first, or DROP waits on them.
    get_engine(url).dispose()
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def skip_or_fail_without_postgres() -> None:
    reason = postgres_available()
    if reason:
        if os.environ.get("LEADERWATCH_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def fresh_database(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Yield the URL of an empty database of ``kind`` (sqlite | postgres), migrated to head."""
    from pipeline.store import upgrade

    if kind == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'leaderwatch.db'}"
        upgrade(url)
        yield url
        return
    skip_or_fail_without_postgres()
    url = create_pg_database()
    try:
        upgrade(url)
        yield url
    finally:
        drop_pg_database(url)
