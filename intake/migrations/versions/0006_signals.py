"""Signals (issue 15): keyed hashes of NIK / bank account and perceptual page hashes per claim.

- ``signal_keys``: ``(claim_id, kind, digest)``, ``digest`` an HMAC-SHA256 of the NIK or of
  bank + account number under the signal key (no plaintext at rest), indexed on
  ``(kind, digest)``.
- ``page_hashes``: the 64-bit perceptual hash of each normalised page split into four indexed
  16-bit buckets (multi-index hashing: near-duplicates within Hamming distance 3 share a
  bucket), and the 256-bit hash that confirms a candidate.

Existing claims get rows when they are next verified (a batch re-verification fills them).

Revision ID: 0006
Revises: 0007
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "signal_keys",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_signal_keys_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_keys")),
    )
    op.create_index(op.f("ix_signal_keys_claim_id"), "signal_keys", ["claim_id"], unique=False)
    op.create_index("ix_signal_keys_kind_digest", "signal_keys", ["kind", "digest"], unique=False)
    op.create_table(
        "page_hashes",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("slot", sa.String(length=32), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("p64", sa.String(length=16), nullable=False),
        sa.Column("p256", sa.String(length=64), nullable=False),
        sa.Column("b0", sa.Integer(), nullable=False),
        sa.Column("b1", sa.Integer(), nullable=False),
        sa.Column("b2", sa.Integer(), nullable=False),
        sa.Column("b3", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_page_hashes_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_hashes")),
    )
    op.create_index(op.f("ix_page_hashes_claim_id"), "page_hashes", ["claim_id"], unique=False)
    for b in ("b0", "b1", "b2", "b3"):
        op.create_index(op.f(f"ix_page_hashes_{b}"), "page_hashes", [b], unique=False)


def downgrade() -> None:
    """Revert this revision (the signal index is dropped; it is rebuilt by re-verifying)."""
    for b in ("b0", "b1", "b2", "b3"):
        op.drop_index(op.f(f"ix_page_hashes_{b}"), table_name="page_hashes")
    op.drop_index(op.f("ix_page_hashes_claim_id"), table_name="page_hashes")
    op.drop_table("page_hashes")
    op.drop_index("ix_signal_keys_kind_digest", table_name="signal_keys")
    op.drop_index(op.f("ix_signal_keys_claim_id"), table_name="signal_keys")
    op.drop_table("signal_keys")
