"""Alembic environment: runs the leaderwatch migrations against the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool, text

from pipeline.store import Base, get_engine

config = context.config
target_metadata = Base.metadata
# Advisory lock key shared by every leaderwatch process that migrates a PostgreSQL store.
MIGRATION_LOCK = 0x6C77_6462


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is not set"
    connectable = config.attributes.get("connection") or get_engine(url)
    with connectable.connect() as connection:
        # render_as_batch: SQLite cannot ALTER most things; batch mode copies tables.
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Two processes migrating a fresh database at once (a first cycle beside
                # a backfill) would both create the tables and one would fail; the
                # second waits here, then reads the version the first committed.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            context.run_migrations()
        connection.commit()


_ = pool  # imported for parity with alembic's template; engines come from pipeline.store
if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
