"""Revisions, events and idempotency keys (issue 16).

- ``claims.revision`` (the current revision, 1 for the first submission) and
  ``claims.correction`` (the open correction: which slots, whether the typed fields, the
  reason shown to the claimant; NULL when the claim is not open).
- ``claim_revisions``: every submission of a claim with its report (encrypted), so earlier
  revisions stay readable by reviewers.
- ``claim_events``: the claim's events (SSE ``id:`` and the webhook's ``event_id``).
- ``idempotency_keys``: ``Idempotency-Key`` of create and submit.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("revision", sa.Integer(), server_default=sa.text("1"), nullable=False))
        batch.add_column(sa.Column("correction", _JSON, nullable=True))
    op.create_table(
        "claim_revisions",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("documents", _JSON, nullable=False),
        sa.Column("changed_slots", _JSON, nullable=False),
        sa.Column("verdict", sa.String(length=32), nullable=True),
        sa.Column("report", _JSON, nullable=True),
        sa.Column("rules_version", sa.Text(), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_revisions_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_revisions")),
        sa.UniqueConstraint("claim_id", "revision", name=op.f("uq_claim_revisions_claim_id_revision")),
    )
    op.create_index(op.f("ix_claim_revisions_claim_id"), "claim_revisions", ["claim_id"], unique=False)
    op.create_table(
        "claim_events",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("data", _JSON, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_events_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_events")),
    )
    op.create_index(op.f("ix_claim_events_claim_id"), "claim_events", ["claim_id"], unique=False)
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.String(length=48), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_index(op.f("ix_idempotency_keys_created_at"), "idempotency_keys", ["created_at"], unique=False)


def downgrade() -> None:
    """Revert this revision (revision history, events and keys are dropped)."""
    op.drop_index(op.f("ix_idempotency_keys_created_at"), table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
    op.drop_index(op.f("ix_claim_events_claim_id"), table_name="claim_events")
    op.drop_table("claim_events")
    op.drop_index(op.f("ix_claim_revisions_claim_id"), table_name="claim_revisions")
    op.drop_table("claim_revisions")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("correction")
        batch.drop_column("revision")
