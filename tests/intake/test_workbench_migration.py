"""Migration 0007 (issue 17) on existing data: the latest decision of each claim becomes its
final one, earlier ones (a claim approved twice) stay as history; then the index holds."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from intake.db import alembic_config, get_engine, migrate


def _upgrade(url: str, target: str) -> None:
    cfg = alembic_config(url)
    with get_engine(url).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def test_existing_decisions_get_one_final_per_claim(db_url: str) -> None:
    _upgrade(db_url, "0004")
    now = "2026-11-01 10:00:00"
    with get_engine(db_url).begin() as conn:
        conn.execute(text("INSERT INTO users (username, password_hash, role, branches, active, created_at) "
                          "VALUES ('rina', 'x', 'reviewer', '[]', true, :t)"), {"t": now})
        uid = conn.execute(text("SELECT id FROM users")).scalar_one()
        for cid in ("a" * 32, "b" * 32):
            conn.execute(text("INSERT INTO claims (id, branch, status, form, submitted_on, created_at, updated_at) "
                              "VALUES (:id, 'BDG', 'verified', '{}', '2026-11-01', :t, :t)"), {"id": cid, "t": now})
        for cid, action in (("a" * 32, "approve"), ("a" * 32, "approve"), ("b" * 32, "reject")):
            conn.execute(text("INSERT INTO decisions (claim_id, user_id, action, at) VALUES (:c, :u, :a, :t)"),
                         {"c": cid, "u": uid, "a": action, "t": now})
    migrate(db_url)
    with get_engine(db_url).begin() as conn:
        rows = conn.execute(text("SELECT claim_id, final, revision FROM decisions ORDER BY id")).all()
    assert [(c[0], bool(f), r) for c, f, r in rows] == [("a", False, 1), ("a", True, 1), ("b", True, 1)]
    with pytest.raises(IntegrityError), get_engine(db_url).begin() as conn:
        conn.execute(text("INSERT INTO decisions (claim_id, user_id, action, at) VALUES (:c, :u, 'reject', :t)"),
                     {"c": "b" * 32, "u": uid, "t": now})  # a second final decision of revision 1


def test_down_to_0004_and_up_again_keeps_the_claims_decisions(db_url: str) -> None:
    migrate(db_url)
    now = "2026-11-01 10:00:00"
    with get_engine(db_url).begin() as conn:
        conn.execute(text("INSERT INTO users (username, password_hash, role, branches, active, created_at) "
                          "VALUES ('rina', 'x', 'reviewer', '[]', true, :t)"), {"t": now})
        uid = conn.execute(text("SELECT id FROM users")).scalar_one()
        conn.execute(text("INSERT INTO claims (id, branch, status, form, submitted_on, created_at, updated_at, "
                          "assignee_id, balance) VALUES (:id, 'BDG', 'verified', '{}', '2026-11-01', :t, :t, :u, 5)"),
                     {"id": "c" * 32, "t": now, "u": uid})
        conn.execute(text("INSERT INTO decisions (claim_id, user_id, action, at, revision, final) "
                          "VALUES (:c, :u, 'approve', :t, 1, true)"), {"c": "c" * 32, "u": uid, "t": now})
    from intake.db import dispose_engines

    dispose_engines()
    command.downgrade(alembic_config(db_url), "0004")  # its own engine, as ``migrate`` (SQLite FKs off)
    with get_engine(db_url).begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM decisions")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM claims")).scalar_one() == 1
    migrate(db_url)
    with get_engine(db_url).begin() as conn:
        assert conn.execute(text("SELECT final FROM decisions")).scalar_one() in (True, 1)


def test_migrate_from_0003_keeps_documents_and_decisions_on_sqlite(sqlite_url: str) -> None:
    """``intake.db.migrate`` runs with SQLite foreign keys off: 0004's batch copy of ``claims``
    used to cascade-delete every decision and document of an existing database."""
    _upgrade(sqlite_url, "0003")
    now = "2026-11-01 10:00:00"
    with get_engine(sqlite_url).begin() as conn:
        conn.execute(text("INSERT INTO users (username, password_hash, role, branches, active, created_at) "
                          "VALUES ('r', 'x', 'reviewer', '[]', 1, :t)"), {"t": now})
        conn.execute(text("INSERT INTO claims (id, branch, status, form, submitted_on, created_at, updated_at) "
                          "VALUES ('c', 'B', 'verified', '{}', '2026-11-01', :t, :t)"), {"t": now})
        conn.execute(text("INSERT INTO decisions (claim_id, user_id, action, at) VALUES ('c', 1, 'approve', :t)"),
                     {"t": now})
        conn.execute(text("INSERT INTO documents (id, claim_id, slot, superseded, blob_id, kind, size, pages, state, "
                          "attempts, created_at, queued_at, updated_at) VALUES ('d', 'c', 'ktp', 0, 'b', 'png', 1, 1, "
                          "'done', 0, :t, :t, :t)"), {"t": now})
    migrate(sqlite_url)
    with get_engine(sqlite_url).begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM decisions")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar_one() == 1
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1  # on again afterwards
