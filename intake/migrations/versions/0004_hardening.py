"""Hardening (issue 12): columns sized from the data, encrypted file names, server-side sessions.

- ``documents.model_version`` / ``extractor_version`` and ``claims.rules_version`` become
  ``TEXT``: the OCR model version (package versions plus the pinned model hashes) is about
  110 characters and grows with each model, and ``VARCHAR(64)`` made PostgreSQL refuse every
  processed document (SQLite never enforced the length, which hid it).
- ``documents.engine`` grows to 64 and ``audit_events.actor`` to 160 characters
  (``apikey:`` + a 128-character key name).
- ``documents.display_name`` becomes an encrypted JSON value (``intake.crypto.EncryptedJSON``,
  the same column type as the other encrypted columns): a client's file name can hold a NIK
  and a name. The plaintext names stored before this revision are dropped, not converted (a
  migration has no encryption key; the names were display metadata only).
- ``user_sessions``: a reviewer's session exists on the server, so signing out ends it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("documents") as batch:
        batch.alter_column("engine", existing_type=sa.String(length=32), type_=sa.String(length=64),
                           existing_nullable=True)
        batch.alter_column("model_version", existing_type=sa.String(length=64), type_=sa.Text(),
                           existing_nullable=True)
        batch.alter_column("extractor_version", existing_type=sa.String(length=64), type_=sa.Text(),
                           existing_nullable=True)
        batch.drop_column("display_name")
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("display_name", _JSON, nullable=True))
    with op.batch_alter_table("claims") as batch:
        batch.alter_column("rules_version", existing_type=sa.String(length=64), type_=sa.Text(),
                           existing_nullable=True)
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("actor", existing_type=sa.String(length=128), type_=sa.String(length=160),
                           existing_nullable=False)
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
    )
    op.create_index(op.f("ix_user_sessions_user_id"), "user_sessions", ["user_id"], unique=False)
    op.create_index(op.f("ix_user_sessions_expires_at"), "user_sessions", ["expires_at"], unique=False)


def downgrade() -> None:
    """Revert this revision (file names and sessions are dropped; long versions are cut)."""
    op.drop_index(op.f("ix_user_sessions_expires_at"), table_name="user_sessions")
    op.drop_index(op.f("ix_user_sessions_user_id"), table_name="user_sessions")
    op.drop_table("user_sessions")
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("actor", existing_type=sa.String(length=160), type_=sa.String(length=128),
                           existing_nullable=False)
    with op.batch_alter_table("claims") as batch:
        batch.alter_column("rules_version", existing_type=sa.Text(), type_=sa.String(length=64),
                           existing_nullable=True)
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("display_name")
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("display_name", sa.String(length=255), nullable=True))
        batch.alter_column("extractor_version", existing_type=sa.Text(), type_=sa.String(length=64),
                           existing_nullable=True)
        batch.alter_column("model_version", existing_type=sa.Text(), type_=sa.String(length=64),
                           existing_nullable=True)
        batch.alter_column("engine", existing_type=sa.String(length=64), type_=sa.String(length=32),
                           existing_nullable=True)
