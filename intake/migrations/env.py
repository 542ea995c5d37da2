"""Alembic environment of eklaim-verify (online mode only; SQLite and PostgreSQL).

The connection comes, in order, from ``config.attributes["connection"]`` (set by
``intake.db.migrate``), ``config.attributes["database_url"]``, ``-x url=...``, the ini's
``sqlalchemy.url``, and finally the service settings.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from intake.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("database_url") or context.get_x_argument(as_dictionary=True).get("url")
    url = url or config.get_main_option("sqlalchemy.url")
    if not url:
        from intake.settings import get_settings

        url = get_settings().resolved_database_url
    return str(url)


def _configure(connection: Connection) -> None:
    opts: dict[str, Any] = {
        "connection": connection,
        "target_metadata": target_metadata,
        "compare_type": True,
        "compare_server_default": False,
        # SQLite cannot ALTER most things: later migrations use batch ("move and copy") mode.
        "render_as_batch": connection.dialect.name == "sqlite",
    }
    context.configure(**opts)


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on a fresh engine for the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return

    from intake.db import make_engine

    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
            if raw is not None:  # as intake.db.migrate: a batch table copy must not cascade
                raw.execute("PRAGMA foreign_keys = OFF")
            with conn.begin():
                _configure(conn)
                with context.begin_transaction():
                    context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run them against a database")
run_migrations_online()
