"""Reviewer workbench (issue 17): assignment, balance, decisions that count.

- ``claims.assignee_id`` / ``assigned_at``: the reviewer working on a claim (worklist
  assign-to-me / release; a ``users.id`` without a foreign key, see below); ``claims.balance``: the JHT balance in Rupiah the branch system
  gives (the four-eyes rule compares it with ``EKLAIM_FOUR_EYES_MIN_BALANCE``).
- ``decisions.revision``, ``reason_code``, ``slots``, ``final``, ``verdict``,
  ``webhook_sent_at``, and a partial unique index: one *final* decision per claim revision.
  Decisions stored before this revision: the latest of each claim is its final one, the
  earlier ones (a claim approved twice) stay in the history as not final.

``claims`` is changed with plain ``ADD COLUMN`` / ``DROP COLUMN`` only: a batch copy of it on
SQLite (foreign keys on) drops the old table, and that drop cascades to every document and
decision of every claim.

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    """Apply this revision."""
    # Plain ADD COLUMN, never a batch copy of ``claims``: on SQLite (foreign keys on) dropping
    # the old ``claims`` table would cascade-delete every document and decision.
    # ``assignee_id`` names a ``users.id`` without a foreign key for the same reason.
    op.add_column("claims", sa.Column("assignee_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                                      nullable=True))
    op.add_column("claims", sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("claims", sa.Column("balance", sa.BigInteger(), nullable=True))
    op.create_index(op.f("ix_claims_assignee_id"), "claims", ["assignee_id"], unique=False)
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("revision", sa.Integer(), server_default=sa.text("1"), nullable=False))
        batch.add_column(sa.Column("reason_code", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("slots", _JSON, nullable=True))
        batch.add_column(sa.Column("final", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("verdict", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("webhook_sent_at", sa.DateTime(timezone=True), nullable=True))
    # The latest decision of each claim is the one that counts; older ones stay as history.
    op.execute("UPDATE decisions SET final = true WHERE id IN (SELECT max(id) FROM decisions GROUP BY claim_id)")
    # New rows are final unless the code says otherwise (the first approval under four eyes).
    with op.batch_alter_table("decisions") as batch:
        batch.alter_column("final", existing_type=sa.Boolean(), server_default=sa.true(), existing_nullable=False)
    op.create_index("uq_decisions_final_revision", "decisions", ["claim_id", "revision"], unique=True,
                    sqlite_where=sa.text("final = 1"), postgresql_where=sa.text("final"))


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("uq_decisions_final_revision", table_name="decisions")
    with op.batch_alter_table("decisions") as batch:
        for name in ("webhook_sent_at", "verdict", "final", "slots", "reason_code", "revision"):
            batch.drop_column(name)
    op.drop_index(op.f("ix_claims_assignee_id"), table_name="claims")
    for name in ("balance", "assigned_at", "assignee_id"):  # native DROP COLUMN (SQLite >= 3.35)
        op.drop_column("claims", name)
