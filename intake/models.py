"""The claims database: SQLAlchemy 2 declarative models (portable: SQLite and PostgreSQL).

Schema changes go through an Alembic migration in ``intake/migrations/versions`` (the test
``tests/intake/test_migrations.py`` fails when models and migrations disagree).

Document history: a claim has at most one *current* document per slot (a partial unique
index on ``(claim_id, slot) WHERE NOT superseded``). A new upload into a slot marks the old
row ``superseded`` (with ``superseded_at``) and inserts a new row with a new id, so a job
still running for the old upload can never overwrite the new document's result, and the
old upload, its blob and its OCR result stay available for reviewers and the audit.

Enumerated columns are plain strings checked in Python (``@validates``) against the tuples
below, so a new state needs no table rebuild on SQLite.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates
from sqlalchemy.types import TypeDecorator

from intake.cipher import EncryptedJSON

CLAIM_STATUSES: tuple[str, ...] = ("draft", "submitted", "processing", "verified")
"""Life cycle of a claim."""
DOCUMENT_SLOTS: tuple[str, ...] = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook")
"""The five document slots (same order as ``intake.records.DOC_TYPES``)."""
DOCUMENT_KINDS: tuple[str, ...] = ("jpeg", "png", "bmp", "pdf")
"""File formats accepted by intake (decided by the bytes)."""
DOCUMENT_STATES: tuple[str, ...] = ("queued", "processing", "done", "failed")
"""Processing state of one document."""
VERDICTS: tuple[str, ...] = ("clear", "needs_correction", "needs_review")
"""Contract verdicts."""
BATCH_DEPTHS: tuple[str, ...] = ("matching", "full")
"""``matching``: re-run the rules on stored OCR results; ``full``: OCR the documents again."""
BATCH_STATUSES: tuple[str, ...] = ("queued", "running", "done", "cancelled")
"""Life cycle of a re-verification batch."""
BATCH_ITEM_STATES: tuple[str, ...] = ("queued", "done", "failed")
"""State of one claim within a batch."""
USER_ROLES: tuple[str, ...] = ("reviewer", "admin")
"""Roles of a person using the review pages."""
DECISION_ACTIONS: tuple[str, ...] = ("approve", "request_correction", "reject")
"""What a reviewer decided about a claim."""


def utcnow() -> datetime:
    """The current time, tz-aware UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A new random id: 32 lowercase hex characters (uuid4)."""
    return uuid.uuid4().hex


class UTCDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that always returns tz-aware UTC, also on SQLite.

    Naive datetimes are refused on write (they are almost always a bug). SQLite stores the
    UTC wall time as text (it has no time zone type), PostgreSQL a ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC (naive UTC for SQLite)."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime refused: use a tz-aware UTC datetime")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach / convert to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


JSONType = JSON().with_variant(postgresql.JSONB(), "postgresql")
"""JSON on SQLite, JSONB on PostgreSQL (comparable and indexable there)."""

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a constraint naming convention (stable names for Alembic)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSONType, list[Any]: JSONType}


def _check_choice(name: str, value: str | None, choices: tuple[str, ...], *, nullable: bool = False) -> Any:
    if value is None and nullable:
        return value
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}")
    return value


class Claim(Base):
    """One JHT withdrawal claim: the typed form, its status and the latest report."""

    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    """32 hex characters."""
    branch: Mapped[str] = mapped_column(String(64), index=True)
    """BPJS branch office the claim is filed at (reviewers see their branches only)."""
    status: Mapped[str] = mapped_column(String(16), default="submitted", index=True)
    """One of ``CLAIM_STATUSES``."""
    form: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON("claims.form"))
    """The typed form as submitted, normalised (JSON-safe: dates as ISO strings)."""
    submitted_on: Mapped[date] = mapped_column(Date, index=True)
    """Date the claim was filed (the waiting-period rule uses it)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    verdict: Mapped[str | None] = mapped_column(String(32), index=True)
    """Latest verdict (``VERDICTS``), None until verified."""
    report: Mapped[dict[str, Any] | None] = mapped_column(EncryptedJSON("claims.report"))
    """Latest contract report."""
    rules_version: Mapped[str | None] = mapped_column(Text, index=True)
    """Version of the matching rules that produced ``report``."""
    report_updated_at: Mapped[datetime | None]
    webhook_url: Mapped[str | None] = mapped_column(String(2048))
    """Where the intake service POSTs a signed notice once the report is ready (migration 0002)."""
    webhook_secret: Mapped[str | None] = mapped_column(String(64))
    """HMAC-SHA256 key of the webhook signature, returned once at claim creation."""
    webhook_delivered_at: Mapped[datetime | None]
    """When the webhook receiver last acknowledged the notice (2xx)."""
    assignee_id: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), index=True)
    """``users.id`` of the reviewer working on the claim (migration 0007; None: unassigned).
    No foreign key: users are disabled, never deleted, and adding a constraint to ``claims``
    on SQLite means copying the table, whose drop cascades to documents and decisions."""
    assigned_at: Mapped[datetime | None]
    balance: Mapped[int | None] = mapped_column(BigInteger)
    """The claimant's JHT balance in Rupiah as the branch system gives it (migration 0007; the
    four-eyes rule compares it with ``four_eyes_min_balance``); None: not known."""
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    """The claim's current revision (migration 0005): 1 for the first submission, N+1 for each
    resubmission after a correction. While a correction is open it is the last submitted one."""
    correction: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    """The open correction (migration 0005), None when the claim is not open for correction:
    ``{"slots": [...], "fields": bool, "reason": str | None, "by": actor, "at": iso, "source":
    "verdict" | "reviewer"}``. Only those slots (and the typed fields when ``fields``) may change."""

    documents: Mapped[list[Document]] = relationship(
        back_populates="claim",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Document.queued_at",
    )

    @validates("status")
    def _v_status(self, key: str, value: str) -> str:
        return _check_choice(key, value, CLAIM_STATUSES)

    @validates("verdict")
    def _v_verdict(self, key: str, value: str | None) -> str | None:
        return _check_choice(key, value, VERDICTS, nullable=True)

    @property
    def current_documents(self) -> dict[str, Document]:
        """Slot -> current (not superseded) document."""
        return {d.slot: d for d in self.documents if not d.superseded}


class Document(Base):
    """One uploaded document file in a claim slot, with its processing state and result."""

    __tablename__ = "documents"
    __table_args__ = (
        Index(
            "uq_documents_current_slot",
            "claim_id",
            "slot",
            unique=True,
            sqlite_where=text("superseded = 0"),
            postgresql_where=text("NOT superseded"),
        ),
        Index("ix_documents_state_queued_at", "state", "queued_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    slot: Mapped[str] = mapped_column(String(32))
    """One of ``DOCUMENT_SLOTS``."""
    superseded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """True once a newer upload replaced this one in its slot."""
    superseded_at: Mapped[datetime | None]
    blob_id: Mapped[str] = mapped_column(String(64), index=True)
    """sha256 hex of the file bytes (the blob store key)."""
    kind: Mapped[str] = mapped_column(String(8))
    """``jpeg``/``png``/``bmp``/``pdf``, decided by the bytes."""
    size: Mapped[int] = mapped_column(BigInteger)
    pages: Mapped[int] = mapped_column(Integer, default=1)
    display_name: Mapped[str | None] = mapped_column(EncryptedJSON("documents.display_name"))
    """The client's file name (sanitised): metadata only, never used as a path, never returned by
    the intake API. Encrypted at rest (migration 0004): a file name can hold a NIK and a name."""
    state: Mapped[str] = mapped_column(String(16), default="queued")
    """One of ``DOCUMENT_STATES``."""
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    """How many times processing was started."""
    error_code: Mapped[str | None] = mapped_column(String(64))
    """Machine code of the last failure."""
    job_id: Mapped[str | None] = mapped_column(String(64))
    """Id of the last queue job (RQ) that was sent for this document."""
    result: Mapped[dict[str, Any] | None] = mapped_column(EncryptedJSON("documents.result"))
    """The contract's document object plus the OCR lines (AES-GCM encrypted at rest)."""
    page_images: Mapped[list[Any] | None] = mapped_column(JSONType)
    """Normalised page images for reviewers (migration 0003): ``[{"page", "blob_id", "width",
    "height", "format"}]``; the field boxes of ``result`` are in these images' pixels."""
    engine: Mapped[str | None] = mapped_column(String(64), index=True)
    """The OCR engine's name (``paddleocr``, ``rapidocr``, test engines)."""
    model_version: Mapped[str | None] = mapped_column(Text, index=True)
    """The engine's version string: package versions plus the pinned model hashes (about 110
    characters today, more with every model added), hence ``Text`` (migration 0004; it was
    ``VARCHAR(64)``, which PostgreSQL refused for every document)."""
    extractor_version: Mapped[str | None] = mapped_column(Text, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="documents")

    @validates("slot")
    def _v_slot(self, key: str, value: str) -> str:
        return _check_choice(key, value, DOCUMENT_SLOTS)

    @validates("kind")
    def _v_kind(self, key: str, value: str) -> str:
        return _check_choice(key, value, DOCUMENT_KINDS)

    @validates("state")
    def _v_state(self, key: str, value: str) -> str:
        return _check_choice(key, value, DOCUMENT_STATES)


class ClaimRevision(Base):
    """One submission of a claim and its report (migration 0005): revisions stay readable."""

    __tablename__ = "claim_revisions"
    __table_args__ = (UniqueConstraint("claim_id", "revision"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    documents: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    """Slot -> document id submitted with this revision."""
    changed_slots: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    """Slots whose document is new in this revision (read again); the others kept their results."""
    verdict: Mapped[str | None] = mapped_column(String(32))
    report: Mapped[dict[str, Any] | None] = mapped_column(EncryptedJSON("claim_revisions.report"))
    """The revision's report (its last verification)."""
    rules_version: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[datetime | None]


class ClaimEvent(Base):
    """A claim's event (migration 0005), streamed over SSE and delivered to the webhook.

    ``id`` is the event id clients de-duplicate by; ``data`` holds ids, codes and statuses only.
    """

    __tablename__ = "claim_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(64))
    """``claim.revision_opened``, ``claim.submitted``, ``document.read``, ``claim.verified``, ``claim.decided``."""
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    """When the webhook receiver acknowledged it (None: not yet, or no webhook)."""


class IdempotencyKey(Base):
    """An ``Idempotency-Key`` already used (migration 0005): a retry returns the same claim."""

    __tablename__ = "idempotency_keys"

    scope: Mapped[str] = mapped_column(String(48), primary_key=True)
    """``create`` or ``submit:<claim id>``."""
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    """sha256 of the request body: the same key with another body is refused."""
    claim_id: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Blob(Base):
    """File bytes of the database blob backend, keyed by their sha256."""

    __tablename__ = "blobs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Batch(Base):
    """A re-verification run over a selection of stored claims."""

    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None]
    created_by: Mapped[str | None] = mapped_column(String(128))
    """Actor (user name or ``cli``)."""
    filters: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    """The claim selection, as given (JSON-safe)."""
    depth: Mapped[str] = mapped_column(String(16), default="matching")
    """One of ``BATCH_DEPTHS``."""
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    """One of ``BATCH_STATUSES``."""
    counts: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    """Summary counters, e.g. ``{"total": 10, "done": 4, "failed": 0, "changed": 1}``."""

    items: Mapped[list[BatchItem]] = relationship(
        back_populates="batch", cascade="all, delete-orphan", passive_deletes=True
    )

    @validates("depth")
    def _v_depth(self, key: str, value: str) -> str:
        return _check_choice(key, value, BATCH_DEPTHS)

    @validates("status")
    def _v_status(self, key: str, value: str) -> str:
        return _check_choice(key, value, BATCH_STATUSES)


class BatchItem(Base):
    """One claim of a batch: its old and new verdict and the checks that changed."""

    __tablename__ = "batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "claim_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), index=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    """One of ``BATCH_ITEM_STATES``."""
    old_verdict: Mapped[str | None] = mapped_column(String(32))
    new_verdict: Mapped[str | None] = mapped_column(String(32))
    changed_checks: Mapped[list[Any] | None] = mapped_column(JSONType)
    """Checks whose status changed: ``[{"check": ..., "old": ..., "new": ...}]``."""
    error_code: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    batch: Mapped[Batch] = relationship(back_populates="items")

    @validates("state")
    def _v_state(self, key: str, value: str) -> str:
        return _check_choice(key, value, BATCH_ITEM_STATES)


class AuditEvent(Base):
    """Append-only audit trail (who viewed or changed what). ``detail`` holds no personal data.

    ``claim_id`` is deliberately not a foreign key: the trail outlives a claim deleted at the
    end of its retention period.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(160), index=True)
    """User name (<= 128), ``apikey:<name>`` (<= 7 + 128), ``worker`` or ``cli``."""
    action: Mapped[str] = mapped_column(String(64), index=True)
    """E.g. ``claim.created``, ``document.viewed``, ``decision.approve``."""
    claim_id: Mapped[str | None] = mapped_column(String(32), index=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class User(Base):
    """A person using the review pages."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(128), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="reviewer")
    """One of ``USER_ROLES``."""
    branches: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    """Branches whose claims this reviewer may see (admins see all)."""
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @validates("role")
    def _v_role(self, key: str, value: str) -> str:
        return _check_choice(key, value, USER_ROLES)


class ApiKey(Base):
    """An API key of an integrating system; only its hash is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(String(128), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Decision(Base):
    """A reviewer's decision about one revision of a claim (migration 0007 adds the columns
    after ``at``).

    At most one *final* decision per claim revision (a partial unique index). Under the
    four-eyes rule the first approval is stored with ``final`` false and the second reviewer's
    decision is the final one.
    """

    __tablename__ = "decisions"
    __table_args__ = (
        Index(
            "uq_decisions_final_revision",
            "claim_id",
            "revision",
            unique=True,
            sqlite_where=text("final = 1"),
            postgresql_where=text("final"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    """One of ``DECISION_ACTIONS``."""
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    """The claim revision decided (1 until the claim is corrected and submitted again)."""
    reason_code: Mapped[str | None] = mapped_column(String(64))
    """One of ``intake.decisions.REASON_CODES[action]``."""
    slots: Mapped[list[Any] | None] = mapped_column(JSONType)
    """Slots the claimant must upload again (``request_correction``)."""
    final: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    """False for a first approval waiting for the second reviewer (four eyes)."""
    verdict: Mapped[str | None] = mapped_column(String(32))
    """The claim's verdict when it was decided (an approval of a claim that is not clear)."""
    webhook_sent_at: Mapped[datetime | None]
    """When the ``claim.decided`` webhook was acknowledged (None: not yet, or no webhook)."""

    @validates("action")
    def _v_action(self, key: str, value: str) -> str:
        return _check_choice(key, value, DECISION_ACTIONS)


class UserSession(Base):
    """A reviewer's signed-in session (migration 0004): the session token names its ``id``.

    A token is accepted only while its row exists, is not revoked and has not expired, so
    signing out (or an admin revoking it) ends the session on the server, not only in the
    browser: an old cookie no longer opens anything.
    """

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    """Random session id (43 urlsafe characters, 256 bits)."""
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    revoked_at: Mapped[datetime | None]
    """Set at sign-out; the session is over from then on."""


class SignalKey(Base):
    """A claim's keyed hashes for the cross-claim signals (issue 15; ``workers.signals``).

    ``kind`` ``nik`` or ``account`` (bank + account number); ``digest`` is an HMAC-SHA256 under
    the signal key, so equal values are found by an index lookup with no plaintext at rest.
    """

    __tablename__ = "signal_keys"
    __table_args__ = (Index("ix_signal_keys_kind_digest", "kind", "digest"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64))


class PageHash(Base):
    """The perceptual hash of one normalised page of a claim's document (``document_reused``).

    ``p64`` (16 hex digits) is split into four 16-bit buckets ``b0``..``b3``, each indexed:
    two hashes within Hamming distance 3 share at least one bucket (multi-index hashing), so
    near-duplicates are found by four index lookups, never a scan. ``p256`` confirms a candidate.
    """

    __tablename__ = "page_hashes"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    slot: Mapped[str] = mapped_column(String(32))
    page: Mapped[int] = mapped_column(Integer)
    p64: Mapped[str] = mapped_column(String(16))
    p256: Mapped[str] = mapped_column(String(64))
    b0: Mapped[int] = mapped_column(Integer, index=True)
    b1: Mapped[int] = mapped_column(Integer, index=True)
    b2: Mapped[int] = mapped_column(Integer, index=True)
    b3: Mapped[int] = mapped_column(Integer, index=True)
