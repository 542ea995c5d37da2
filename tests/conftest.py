"""Shared fixtures: settings on a temp folder, SQLite / PostgreSQL databases, real Redis.

The services are real (no mocks, no skips): when PostgreSQL or Redis is not reachable the
tests that need it fail with a message saying how to start it (``scripts/services.sh``).

- ``EKLAIM_TEST_POSTGRES_URL``: admin URL used to create and drop one fresh database per
  test (default ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``).
- ``EKLAIM_TEST_REDIS_URL``: Redis URL (default ``redis://127.0.0.1:6379/15``). Under
  pytest-xdist each worker uses its own database number (``gw0`` the given one, ``gw1`` the
  one below, ...), so flushing it never touches another worker's jobs.

Tests using ``postgres_url`` / ``db_url[postgres]`` get the ``postgres`` marker, tests using
``redis_conn`` / ``redis_url`` the ``redis`` marker (select with ``-m``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from intake.settings import Settings, get_settings

DEFAULT_PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
START_HINT = "start the local services with `bash scripts/services.sh`"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark tests by the services their fixtures need."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "postgres_url" in names:
            item.add_marker(pytest.mark.postgres)
        if names & {"redis_conn", "redis_url"}:
            item.add_marker(pytest.mark.redis)


@pytest.fixture(autouse=True)
def _fresh_process_state() -> Iterator[None]:
    """Clear the cached settings before and after each test; close cached DB engines after."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
    from intake.db import dispose_engines

    dispose_engines()


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings on ``tmp_path`` (SQLite, local blobs, no Redis), also what ``get_settings()`` returns."""
    for name in list(os.environ):
        if name.startswith("EKLAIM_") and not name.startswith("EKLAIM_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("EKLAIM_ENVIRONMENT", "test")
    monkeypatch.setenv("EKLAIM_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a SQLite file in the test's temp folder (not yet migrated)."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


def _pg_admin_conninfo() -> tuple[str, Any]:
    url = make_url(os.environ.get("EKLAIM_TEST_POSTGRES_URL", DEFAULT_PG_ADMIN_URL))
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return plain, url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a fresh, uniquely named, empty PostgreSQL database, dropped after the test."""
    import psycopg

    conninfo, admin_url = _pg_admin_conninfo()
    name = f"eklaim_test_{uuid.uuid4().hex[:16]}"
    try:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is not reachable at {admin_url.render_as_string(hide_password=True)} "
            f"(EKLAIM_TEST_POSTGRES_URL): {exc}; {START_HINT}",
            pytrace=False,
        )
    try:
        yield admin_url.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    finally:
        from intake.db import dispose_engines

        dispose_engines()
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """An empty database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def db_engine(db_url: str) -> Engine:
    """The cached engine of ``db_url``, migrated to the newest schema."""
    from intake.db import get_engine, migrate

    migrate(db_url)
    return get_engine(db_url)


@pytest.fixture
def db_session(db_url: str, db_engine: Engine) -> Iterator[Session]:
    """A session on the migrated ``db_engine`` (rolled back and closed after the test)."""
    from intake.db import SessionLocal

    session = SessionLocal(db_url)
    try:
        yield session
    finally:
        session.rollback()
        session.close()


@pytest.fixture
def redis_url() -> str:
    """The Redis URL of this test worker (its own database number under xdist)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(os.environ.get("EKLAIM_TEST_REDIS_URL", DEFAULT_REDIS_URL))
    path_db = parts.path.strip("/")
    base_db = int(path_db) if path_db.isdigit() else 0
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    offset = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
    return urlunsplit(parts._replace(path=f"/{(base_db - offset) % 16}"))


@pytest.fixture
def redis_conn(redis_url: str) -> Iterator[Any]:
    """A real Redis connection on the test database, flushed before and after the test."""
    import redis

    conn = redis.Redis.from_url(redis_url)
    try:
        conn.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Redis is not reachable at {redis_url} (EKLAIM_TEST_REDIS_URL): {exc}; {START_HINT}", pytrace=False)
    conn.flushdb()
    try:
        yield conn
    finally:
        conn.flushdb()
        conn.close()
