"""Alembic migrations: empty -> head on SQLite and PostgreSQL, and models == migrations."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from intake.db import MIGRATIONS_DIR, alembic_config, current_revision, get_engine, migrate
from intake.models import Base

REPO_ROOT = Path(__file__).resolve().parents[2]


def _head() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"migrations must have one head, found {heads}"
    return heads[0]


def _diff(url: str) -> list[object]:
    with get_engine(url).connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        return list(compare_metadata(ctx, Base.metadata))


def test_migrations_are_packaged_with_intake() -> None:
    assert MIGRATIONS_DIR == REPO_ROOT / "intake" / "migrations"
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "versions" / "0001_initial.py").is_file()
    assert _head()


def test_upgrade_from_empty_to_head(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the migrations are found from the package, not the CWD
    assert current_revision(db_url) is None
    migrate(db_url)
    assert current_revision(db_url) == _head()
    tables = set(inspect(get_engine(db_url)).get_table_names())
    assert set(Base.metadata.tables) <= tables
    migrate(db_url)  # a second run is a no-op
    assert current_revision(db_url) == _head()


def test_models_and_migrations_agree(db_url: str) -> None:
    """The ``alembic check`` of this project: autogenerate finds nothing to do at head."""
    migrate(db_url)
    assert _diff(db_url) == []


def test_partial_unique_index_exists(db_url: str) -> None:
    migrate(db_url)
    indexes = {ix["name"]: ix for ix in inspect(get_engine(db_url)).get_indexes("documents")}
    current = indexes["uq_documents_current_slot"]
    assert current["unique"] and current["column_names"] == ["claim_id", "slot"]


def test_downgrade_to_base_and_up_again(db_url: str) -> None:
    migrate(db_url)
    cfg = alembic_config(db_url)
    with get_engine(db_url).begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(get_engine(db_url)).get_table_names()) <= {"alembic_version"}
    migrate(db_url)
    assert current_revision(db_url) == _head()
    assert _diff(db_url) == []


def test_concurrent_migrations_do_not_collide(db_url: str) -> None:
    """API and workers may start together: both call migrate on an empty database."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            migrate(db_url)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert current_revision(db_url) == _head()


def test_alembic_command_line_uses_the_packaged_ini(sqlite_url: str, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(REPO_ROOT / "intake" / "alembic.ini"), "-x", f"url={sqlite_url}", "upgrade", "head"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert current_revision(sqlite_url) == _head()
