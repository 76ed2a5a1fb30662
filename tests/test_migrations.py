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


def test_lease_revision_downgrades_and_upgrades_keeping_alerts(database_url: str) -> None:
    """0002 adds alerts.lease_expires_at; down to 0001 drops it (SQLite copies the table) and keeps rows."""
    from alembic import command
    from sqlalchemy import text

    from pipeline.store import Alert, Event, alembic_config, session_scope, utcnow

    with session_scope(database_url) as session:
        event = Event(candidate="Donald Trump", leader="Narendra Modi", kind="meeting", status="planned")
        session.add(event)
        session.flush()
        session.add(Alert(event_id=event.id, change="new", type="new", status="planned", claimed_at=utcnow()))

    def columns() -> set[str]:
        get_engine(database_url).dispose()  # SQLite: forget the table layout cached by pooled connections
        return {c["name"] for c in inspect(get_engine(database_url)).get_columns("alerts")}

    assert "lease_expires_at" in columns()
    command.downgrade(alembic_config(database_url), "0001")
    assert current_revision(database_url) == "0001"
    assert "lease_expires_at" not in columns() and "claimed_at" in columns()
    with get_engine(database_url).connect() as conn:
        assert conn.execute(text("SELECT change, state FROM alerts")).all() == [("new", "pending")]
    upgrade(database_url)
    assert current_revision(database_url) == _head() and "lease_expires_at" in columns()
    with session_scope(database_url) as session:
        (alert,) = session.query(Alert).all()
        assert alert.claimed_at is not None and alert.lease_expires_at is None
