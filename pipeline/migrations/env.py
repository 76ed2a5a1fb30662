"""Alembic environment: runs the leaderwatch migrations against the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool

from pipeline.store import Base, get_engine

config = context.config
target_metadata = Base.metadata


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
            context.run_migrations()
        connection.commit()


_ = pool  # imported for parity with alembic's template; engines come from pipeline.store
if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
