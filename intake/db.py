"""Database engines, sessions and schema migrations (SQLite by default, PostgreSQL by URL).

Entry points (CLI, API, workers) call :func:`ensure_schema` once at start; code then opens
short transactions with :func:`session_scope`::

    with session_scope() as session:
        claim = repo.get_claim(session, claim_id)

SQLite connections run in WAL mode with foreign keys on and a busy timeout, and every
transaction starts with ``BEGIN IMMEDIATE``: several worker processes can share the file
without the "database is locked" errors a read-then-write transaction otherwise hits.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Result, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from intake.settings import Settings, get_settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite connection waits for a lock before failing."""

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
"""The packaged Alembic scripts (found from the package, never from the CWD)."""

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"

_MIGRATION_LOCK_ID = 0x454B4C41  # "EKLA": PostgreSQL advisory lock serialising migrations

_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_factories: dict[str, sessionmaker[Session]] = {}
_migrated: set[str] = set()


def _is_memory_sqlite(url: str) -> bool:
    u = make_url(url)
    return u.get_backend_name() == "sqlite" and u.database in (None, "", ":memory:")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine configured for this service.

    Args:
        url: SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://...``).
        **kwargs: extra ``create_engine`` arguments.

    Returns:
        A new engine. SQLite: WAL, foreign keys, busy timeout, ``BEGIN IMMEDIATE``;
        PostgreSQL: ``pool_pre_ping`` (survives server restarts).
    """
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        memory = _is_memory_sqlite(url)
        opts: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}}
        if memory:
            opts["poolclass"] = StaticPool
        else:
            Path(u.database or "").parent.mkdir(parents=True, exist_ok=True)
        opts.update(kwargs)
        engine = create_engine(u, **opts)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy (not the sqlite3 module) decide when transactions begin.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            try:
                cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
                cur.execute("PRAGMA foreign_keys = ON")
                if not memory:
                    cur.execute("PRAGMA journal_mode = WAL")
                    cur.execute("PRAGMA synchronous = NORMAL")
            finally:
                cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine

    opts = {"pool_pre_ping": True, "future": True}
    opts.update(kwargs)
    return create_engine(u, **opts)


def _url_or_settings(url: str | None) -> str:
    return url if url is not None else get_settings().resolved_database_url


def get_engine(url: str | None = None) -> Engine:
    """Return the process-wide engine for ``url`` (default: the settings' database URL).

    Engines are cached per URL; :func:`dispose_engines` closes them (tests, after fork).
    """
    key = _url_or_settings(url)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = make_engine(key)
        return engine


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    """Return the cached session factory bound to :func:`get_engine` (``expire_on_commit=False``)."""
    key = _url_or_settings(url)
    engine = get_engine(key)
    with _lock:
        factory = _factories.get(key)
        if factory is None:
            factory = _factories[key] = sessionmaker(bind=engine, expire_on_commit=False)
        return factory


def SessionLocal(url: str | None = None) -> Session:
    """A new session on the configured database (the caller commits and closes it).

    ``with SessionLocal() as session: ...`` closes it; prefer :func:`session_scope`, which
    also commits or rolls back.
    """
    return session_factory(url)()


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """Open a session in a transaction: commit on success, roll back on error, then close."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def dispose_engines() -> None:
    """Close every cached engine and forget them (and which URLs were migrated)."""
    with _lock:
        engines = list(_engines.values())
        _engines.clear()
        _factories.clear()
        _migrated.clear()
    for engine in engines:
        engine.dispose()


def _dispose_in_child() -> None:
    # A forked process (an RQ work horse) must not reuse its parent's pooled connections.
    for engine in list(_engines.values()):
        engine.dispose(close=False)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_dispose_in_child)


def alembic_config(url: str | None = None) -> Any:
    """An Alembic ``Config`` pointing at the packaged migrations (for tools and tests)."""
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI)) if ALEMBIC_INI.exists() else Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        cfg.attributes["database_url"] = url
    return cfg


def migrate(url: str | None = None, revision: str = "head") -> None:
    """Run ``alembic upgrade <revision>`` on ``url`` with the packaged migrations.

    Safe to call from several processes at once: PostgreSQL takes an advisory lock for the
    duration, SQLite's ``BEGIN IMMEDIATE`` serialises the writers.
    """
    from alembic import command

    key = _url_or_settings(url)
    engine = get_engine(key)
    cfg = alembic_config(key)
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.driver_connection if sqlite else None
        if raw is not None:
            # Foreign keys off for the migration (outside the transaction, where SQLite honours
            # it): a batch ("move and copy") migration drops the old table, and with foreign
            # keys on that drop cascades, e.g. 0004 copying ``claims`` deleted every document
            # and decision of an existing database (issue 17).
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK_ID})
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")


def current_revision(url: str | None = None) -> str | None:
    """The Alembic revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def ensure_schema(settings: Settings | None = None) -> str:
    """Bring the configured database to the newest schema (once per process and URL).

    Creates ``data_dir`` for the SQLite default. Returns the database URL used.
    """
    settings = settings or get_settings()
    url = settings.resolved_database_url
    if url in _migrated:
        return url
    if make_url(url).get_backend_name() == "sqlite":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(url)
    with _lock:
        _migrated.add(url)
    return url


def rows_changed(result: Result[Any]) -> int:
    """Rows an UPDATE/DELETE statement matched (its ``CursorResult.rowcount``; 0 when unknown)."""
    return int(getattr(result, "rowcount", 0) or 0)
