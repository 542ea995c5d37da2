"""Small typed repository functions over the claims database (used by CLI, API and workers).

Every function takes an open :class:`~sqlalchemy.orm.Session` and leaves committing to the
caller (``intake.db.session_scope`` commits on success). Unknown ids raise
:class:`intake.errors.NotFound`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from intake.branches import branch_in
from intake.errors import Message, NotFound
from intake.models import (
    AuditEvent,
    Batch,
    BatchItem,
    Claim,
    ClaimRevision,
    Document,
    utcnow,
)
from intake.storage import check_blob_id

PERSONAL_KEYS: frozenset[str] = frozenset(
    {
        "nik",
        "full_name",
        "name",
        "birth_date",
        "birth_date_typed",
        "birth_place",
        "kpj",
        "phone",
        "email",
        "account_number",
        "account_holder",
        "address",
        "members",
        "kk_number",
        "typed",
        "found",
        "password",
        "password_hash",
    }
)
"""Keys refused in audit ``detail`` (the trail must hold no personal data)."""

SETTLED_STATES: tuple[str, ...] = ("done", "failed")
"""Document states after which nothing more will happen without a new job."""


def _jsonable(value: Any) -> Any:
    """A JSON-safe copy: dataclasses to dicts, dates to ISO strings, tuples to lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _not_found(what: str) -> NotFound:
    texts = {
        "claim": ("Klaim tidak ditemukan.", "The claim was not found."),
        "document": ("Dokumen tidak ditemukan.", "The document was not found."),
        "batch": ("Batch verifikasi ulang tidak ditemukan.", "The re-verification batch was not found."),
        "revision": ("Revisi klaim tidak ditemukan atau belum diperiksa.",
                     "The claim revision was not found or has not been verified yet."),
    }
    id_text, en_text = texts[what]
    return NotFound(f"{what}_not_found", Message(id=id_text, en=en_text))


# Claims -----------------------------------------------------------------------------------


def create_claim(
    session: Session,
    form: Mapping[str, Any] | Any,
    branch: str,
    submitted_on: date,
    *,
    status: str = "submitted",
) -> Claim:
    """Insert a new claim.

    Args:
        form: the normalised typed form (a mapping or the ``ClaimForm`` dataclass); stored
            as JSON with dates as ISO strings.
        branch: branch office code.
        submitted_on: the date the claim is filed.
        status: initial status (``submitted``; ``draft`` for a form still being filled).

    Returns:
        The new claim (flushed: its ``id`` is set).
    """
    claim = Claim(form=_jsonable(form), branch=branch, submitted_on=submitted_on, status=status)
    session.add(claim)
    session.flush()
    return claim


def get_claim(session: Session, claim_id: str, *, for_update: bool = False) -> Claim:
    """Return the claim ``claim_id`` (row-locked on PostgreSQL when ``for_update``)."""
    claim = session.get(Claim, claim_id, with_for_update=for_update or None)
    if claim is None:
        raise _not_found("claim")
    return claim


def set_claim_status(session: Session, claim_id: str, status: str) -> Claim:
    """Set the claim's status (one of ``CLAIM_STATUSES``)."""
    claim = get_claim(session, claim_id)
    claim.status = status
    session.flush()
    return claim


def list_claims(
    session: Session,
    *,
    branches: Sequence[str] | None = None,
    status: str | None = None,
    verdict: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Claim]:
    """Claims, newest first, optionally restricted to ``branches`` / ``status`` / ``verdict``."""
    q = select(Claim)
    if branches is not None:
        q = q.where(branch_in(Claim.branch, branches))
    if status is not None:
        q = q.where(Claim.status == status)
    if verdict is not None:
        q = q.where(Claim.verdict == verdict)
    q = q.order_by(Claim.created_at.desc(), Claim.id).limit(limit).offset(offset)
    return list(session.scalars(q))


def save_report(
    session: Session, claim_id: str, report: Mapping[str, Any], verdict: str, rules_version: str | None
) -> Claim:
    """Store the claim's latest report and verdict and mark it ``verified``.

    The report carries the claim's ``revision``, and the revision's row in ``claim_revisions``
    keeps it (earlier revisions' reports stay readable there).
    """
    claim = get_claim(session, claim_id)
    revision = claim.revision or 1
    stored = {**_jsonable(report), "revision": revision}
    now = utcnow()
    claim.report = stored
    claim.verdict = verdict
    claim.rules_version = rules_version
    claim.report_updated_at = now
    claim.status = "verified"
    row = session.scalars(
        select(ClaimRevision).where(ClaimRevision.claim_id == claim_id, ClaimRevision.revision == revision)
    ).one_or_none()
    if row is None:
        docs = {slot: d.id for slot, d in current_documents(session, claim_id).items()}
        row = ClaimRevision(claim_id=claim_id, revision=revision, submitted_at=now, documents=docs,
                            changed_slots=sorted(docs))
        session.add(row)
    row.report = stored
    row.verdict = verdict
    row.rules_version = rules_version
    row.verified_at = now
    session.flush()
    return claim


def claim_revisions(session: Session, claim_id: str) -> list[ClaimRevision]:
    """The claim's revisions, oldest first."""
    q = select(ClaimRevision).where(ClaimRevision.claim_id == claim_id).order_by(ClaimRevision.revision)
    return list(session.scalars(q))


# Documents --------------------------------------------------------------------------------


def put_document(
    session: Session,
    claim_id: str,
    slot: str,
    blob_id: str,
    kind: str,
    size: int,
    pages: int,
    display_name: str | None,
    *,
    claim_locked: bool = False,
) -> tuple[Document, bool]:
    """Make ``blob_id`` the current document of ``slot`` in the claim.

    Idempotent: when the slot's current document already has these bytes it is returned
    unchanged with ``created=False``. Otherwise the current document (if any) is marked
    ``superseded`` and a new ``queued`` document row is inserted (``created=True``).
    ``claim_locked``: the caller already read the claim with ``for_update`` in this
    transaction (not read again).

    Returns:
        ``(document, created)``.
    """
    check_blob_id(blob_id)
    if not claim_locked:
        get_claim(session, claim_id, for_update=True)  # serialises uploads to one claim
    current = session.scalars(
        select(Document).where(
            Document.claim_id == claim_id, Document.slot == slot, Document.superseded.is_(False)
        )
    ).one_or_none()
    if current is not None and current.blob_id == blob_id:
        return current, False
    now = utcnow()
    if current is not None:
        current.superseded = True
        current.superseded_at = now
        session.flush()  # free the slot in the partial unique index before the insert
    doc = Document(
        claim_id=claim_id,
        slot=slot,
        blob_id=blob_id,
        kind=kind,
        size=size,
        pages=pages,
        display_name=(display_name or None) and display_name[:255],
        state="queued",
        attempts=0,
        queued_at=now,
        created_at=now,
    )
    session.add(doc)
    session.flush()
    return doc, True


def get_document(session: Session, doc_id: str) -> Document:
    """Return the document ``doc_id`` (current or superseded)."""
    doc = session.get(Document, doc_id)
    if doc is None:
        raise _not_found("document")
    return doc


def current_documents(session: Session, claim_id: str) -> dict[str, Document]:
    """Slot -> current document of the claim (slots without an upload are absent)."""
    docs = session.scalars(
        select(Document).where(Document.claim_id == claim_id, Document.superseded.is_(False))
    )
    return {d.slot: d for d in docs}


def mark_document(
    session: Session,
    doc_id: str,
    state: str,
    *,
    error_code: str | None = None,
    result: Mapping[str, Any] | None = None,
    engine: str | None = None,
    model_version: str | None = None,
    extractor_version: str | None = None,
    job_id: str | None = None,
) -> Document:
    """Move a document to ``state`` and stamp the matching times.

    ``queued`` resets the start/finish times and the error (a re-queue); ``processing``
    counts an attempt; ``done``/``failed`` set ``finished_at``. ``result``, ``engine``,
    versions and ``job_id`` are stored when given (None leaves the stored value).
    """
    doc = get_document(session, doc_id)
    now = utcnow()
    doc.state = state
    if state == "queued":
        doc.queued_at = now
        doc.started_at = None
        doc.finished_at = None
        doc.error_code = None
    elif state == "processing":
        doc.started_at = now
        doc.finished_at = None
        doc.attempts = (doc.attempts or 0) + 1
    else:
        doc.finished_at = now
        doc.error_code = error_code if state == "failed" else None
    if error_code is not None and state != "done":
        doc.error_code = error_code
    if result is not None:
        doc.result = _jsonable(result)
    if engine is not None:
        doc.engine = engine
    if model_version is not None:
        doc.model_version = model_version
    if extractor_version is not None:
        doc.extractor_version = extractor_version
    if job_id is not None:
        doc.job_id = job_id
    doc.updated_at = now
    session.flush()
    return doc


def try_start_document(session: Session, doc_id: str, *, stale_after: timedelta | None = None) -> Document | None:
    """Atomically take a document for processing (compare-and-set, safe across workers).

    Succeeds when the document is current and ``queued`` (or ``processing`` but started
    longer than ``stale_after`` ago: its worker died). Counts an attempt.

    Returns:
        The document now ``processing``, or None when another worker has it, it is finished
        or it was superseded.
    """
    now = utcnow()
    takeable = Document.state == "queued"
    if stale_after is not None:
        takeable = or_(takeable, and_(Document.state == "processing", Document.started_at < now - stale_after))
    res = session.execute(
        update(Document)
        .where(Document.id == doc_id, Document.superseded.is_(False), takeable)
        .values(
            state="processing",
            started_at=now,
            finished_at=None,
            attempts=Document.attempts + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if (res.rowcount or 0) != 1:  # type: ignore[attr-defined]
        return None
    return session.get(Document, doc_id, populate_existing=True)


def documents_stuck(session: Session, older_than: timedelta) -> list[Document]:
    """Current documents whose job seems lost: ``queued`` or ``processing`` for too long.

    A document is stuck when it was queued more than ``older_than`` ago and never started,
    or started more than ``older_than`` ago and never finished. Oldest first.
    """
    cutoff = utcnow() - older_than
    q = (
        select(Document)
        .where(
            Document.superseded.is_(False),
            or_(
                and_(Document.state == "queued", Document.queued_at < cutoff),
                and_(Document.state == "processing", Document.started_at < cutoff),
            ),
        )
        .order_by(Document.queued_at, Document.id)
    )
    return list(session.scalars(q))


def claim_documents_settled(session: Session, claim_id: str) -> bool:
    """True when every current document of the claim is ``done`` or ``failed``."""
    pending = session.scalar(
        select(func.count())
        .select_from(Document)
        .where(
            Document.claim_id == claim_id,
            Document.superseded.is_(False),
            Document.state.not_in(SETTLED_STATES),
        )
    )
    return pending == 0


# Audit ------------------------------------------------------------------------------------


def _personal_keys(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, Mapping):
        for k, v in value.items():
            if str(k).lower() in PERSONAL_KEYS:
                found.add(str(k))
            found |= _personal_keys(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            found |= _personal_keys(v)
    return found


def record_audit(
    session: Session,
    actor: str,
    action: str,
    claim_id: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit event.

    Raises:
        ValueError: ``detail`` has a key that names personal data (``PERSONAL_KEYS``).
    """
    detail_json = _jsonable(detail) if detail is not None else None
    bad = _personal_keys(detail_json)
    if bad:
        raise ValueError(f"audit detail must hold no personal data (keys: {', '.join(sorted(bad))})")
    event = AuditEvent(actor=actor, action=action, claim_id=claim_id, detail=detail_json, at=utcnow())
    session.add(event)
    session.flush()
    return event


def audit_events(session: Session, *, claim_id: str | None = None, limit: int = 200) -> list[AuditEvent]:
    """Audit events, oldest first, optionally of one claim."""
    q = select(AuditEvent)
    if claim_id is not None:
        q = q.where(AuditEvent.claim_id == claim_id)
    return list(session.scalars(q.order_by(AuditEvent.at, AuditEvent.id).limit(limit)))


# Re-verification batches ------------------------------------------------------------------


def select_claim_ids(
    session: Session,
    *,
    branch: str | None = None,
    verdict: str | None = None,
    rules_version: str | None = None,
    engine: str | None = None,
    model_version: str | None = None,
    extractor_version: str | None = None,
    submitted_from: date | None = None,
    submitted_to: date | None = None,
    limit: int | None = None,
) -> list[str]:
    """Ids of claims matching every given filter (oldest first).

    ``engine`` / ``model_version`` / ``extractor_version`` match claims with at least one
    current document processed by that engine / version.
    """
    q = select(Claim.id)
    if branch is not None:
        q = q.where(Claim.branch == branch)
    if verdict is not None:
        q = q.where(Claim.verdict == verdict)
    if rules_version is not None:
        q = q.where(Claim.rules_version == rules_version)
    if submitted_from is not None:
        q = q.where(Claim.submitted_on >= submitted_from)
    if submitted_to is not None:
        q = q.where(Claim.submitted_on <= submitted_to)
    doc_filters = []
    if engine is not None:
        doc_filters.append(Document.engine == engine)
    if model_version is not None:
        doc_filters.append(Document.model_version == model_version)
    if extractor_version is not None:
        doc_filters.append(Document.extractor_version == extractor_version)
    if doc_filters:
        sub = select(Document.claim_id).where(Document.superseded.is_(False), *doc_filters)
        q = q.where(Claim.id.in_(sub))
    q = q.order_by(Claim.created_at, Claim.id)
    if limit is not None:
        q = q.limit(limit)
    return list(session.scalars(q))


def create_batch(
    session: Session,
    filters: Mapping[str, Any],
    depth: str,
    claim_ids: Iterable[str],
    *,
    created_by: str | None = None,
) -> Batch:
    """Create a batch with one ``queued`` item per claim (each remembering its old verdict)."""
    ids = list(dict.fromkeys(claim_ids))
    batch = Batch(
        filters=_jsonable(filters),
        depth=depth,
        status="queued",
        created_by=created_by,
        counts={"total": len(ids), "done": 0, "failed": 0, "changed": 0},
    )
    session.add(batch)
    session.flush()
    verdicts: dict[str, str | None] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.execute(select(Claim.id, Claim.verdict).where(Claim.id.in_(chunk))).all()
        verdicts.update({claim_id: verdict for claim_id, verdict in rows})
    missing = [i for i in ids if i not in verdicts]
    if missing:
        raise _not_found("claim")
    session.add_all(
        BatchItem(batch_id=batch.id, claim_id=cid, state="queued", old_verdict=verdicts[cid]) for cid in ids
    )
    session.flush()
    return batch


def get_batch(session: Session, batch_id: str) -> Batch:
    """Return the batch ``batch_id``."""
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise _not_found("batch")
    return batch


def resolve_batch_id(session: Session, text: str) -> str:
    """The full id of the batch named by ``text``: its whole id or a unique prefix of at least
    4 characters (the short form ``eklaim reverify`` prints on its progress bar).

    Raises:
        NotFound: no batch, or the prefix names more than one (the message says so).
    """
    key = text.strip().lower()
    if len(key) >= 32 or not key or any(ch not in "0123456789abcdef" for ch in key):
        return get_batch(session, key).id
    if len(key) < 4:
        raise NotFound("batch_id_too_short", Message(id="Awal id batch terlalu pendek (minimal 4 karakter).",
                                                     en="The batch id prefix is too short (at least 4 characters)."))
    ids = list(session.scalars(select(Batch.id).where(Batch.id.startswith(key)).limit(3)))
    if not ids:
        raise _not_found("batch")
    if len(ids) > 1:
        raise NotFound("batch_id_ambiguous", Message(id="Awal id batch cocok dengan beberapa batch; tulis lebih panjang.",
                                                     en="The batch id prefix matches several batches; give more of it."))
    return ids[0]


def finish_batch_item(
    session: Session,
    batch_id: str,
    claim_id: str,
    state: str,
    *,
    new_verdict: str | None = None,
    changed_checks: Sequence[Mapping[str, Any]] | None = None,
    error_code: str | None = None,
) -> BatchItem:
    """Record the outcome of one claim of a batch (``done`` or ``failed``)."""
    item = session.scalars(
        select(BatchItem).where(BatchItem.batch_id == batch_id, BatchItem.claim_id == claim_id)
    ).one_or_none()
    if item is None:
        raise _not_found("batch")
    item.state = state
    item.new_verdict = new_verdict
    item.changed_checks = _jsonable(list(changed_checks)) if changed_checks is not None else None
    item.error_code = error_code
    item.updated_at = utcnow()
    session.flush()
    return item


def batch_counts(session: Session, batch_id: str) -> dict[str, int]:
    """Recount a batch's items, store the counts on the batch (``done`` when none is queued).

    Returns:
        ``{"total", "queued", "done", "failed", "changed"}``; ``changed`` counts done items
        whose verdict or checks changed.
    """
    batch = get_batch(session, batch_id)
    rows = session.execute(
        select(BatchItem.state, BatchItem.old_verdict, BatchItem.new_verdict, BatchItem.changed_checks).where(
            BatchItem.batch_id == batch_id
        )
    ).all()
    counts = {"total": len(rows), "queued": 0, "done": 0, "failed": 0, "changed": 0}
    for state, old, new, changed in rows:
        counts[state] += 1
        if state == "done" and (old != new or bool(changed)):
            counts["changed"] += 1
    batch.counts = counts
    if counts["queued"] == 0 and batch.status in ("queued", "running"):
        batch.status = "done"
        batch.finished_at = utcnow()
    elif counts["queued"] < counts["total"] and batch.status == "queued":
        batch.status = "running"
    session.flush()
    return counts
