"""Migrations bring an empty database to head on SQLite and PostgreSQL, and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from pipeline.store import Base, current_revision, get_engine, upgrade


def _head() -> str:
    from alembic.script import ScriptDirectory

    from pipeline.store import alembic_config

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head
    return head


def test_upgrade_creates_all_tables(database_url: str) -> None:
    tables = set(inspect(get_engine(database_url)).get_table_names())
    assert {"feeds", "articles", "entry_keys", "events", "mentions", "alerts"} <= tables
    assert current_revision(database_url) == _head()


def test_upgrade_is_idempotent(database_url: str) -> None:
    upgrade(database_url)
    upgrade(database_url)
    assert current_revision(database_url) == _head()


def test_migrations_match_models(database_url: str) -> None:
    """A model changed without a migration shows up here as a diff."""
    with get_engine(database_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_db_upgrade_command(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from pipeline.cli import main
    from tests.support.configdir import make_config

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    cfg = make_config(tmp_path, url)
    assert main(["--config", str(cfg.directory), "db", "upgrade"]) == 0
    assert _head() in capsys.readouterr().out
