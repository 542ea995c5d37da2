"""The claim and upload use-cases: what the API does to a claim, without the queue or OCR.

Create, update and submit a claim, store an upload and send its job, and the errors they
raise. Only ``intake`` is used here; the jobs are sent through a :class:`Dispatcher` the
caller passes (RQ in ``workers.queue``, threads in ``workers.runner``), so importing this
module pulls in neither the queue nor ``ocr`` nor ``matching``.

The database is the record of truth; the queue only carries ids. An upload is stored (blob,
then the document row) and committed *before* its job is sent; a job that is never
delivered leaves a ``queued`` row the sweeper finds. The claim is verified once it is
submitted and every current document is settled; both the submit and the last document's
job check this (:func:`maybe_verify`) after committing their own write.

Nothing here logs or raises text holding personal data: ids and machine codes only.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy.orm import Session

from intake import repo
from intake.db import session_scope
from intake.errors import EklaimError, IntakeRejected, Message
from intake.fields import CLAIM_KEYS, validate_claim
from intake.files import check_file, safe_display_name
from intake.logging import get_logger
from intake.models import Claim, Document, utcnow
from intake.records import DOC_TYPES, CheckedFile, ClaimValidation, Problem
from intake.settings import Settings, get_settings
from intake.storage import BlobStore, get_blob_store

log = get_logger(__name__)

STATUS_FOR_REASON: dict[str, int] = {"not_an_allowed_format": 415, "file_too_large": 413}
"""HTTP status of an intake refusal by reason code (every other reason is 422)."""


# ------------------------------------------------------------------------------------------
# Errors
# ------------------------------------------------------------------------------------------


class FormRejected(EklaimError):
    """The typed form has blocking problems; ``problems`` lists each field's code and message."""

    http_status = 422

    def __init__(self, problems: list[dict[str, Any]], code: str = "form_invalid") -> None:
        super().__init__(
            code,
            Message(
                id="Formulir klaim belum benar. Periksa kolom yang ditandai.",
                en="The claim form has errors. Please check the marked fields.",
            ),
        )
        self.problems = problems

    def as_dict(self) -> dict[str, object]:
        """The error with every problem (``field``, ``code``, ``message``, ``soft``)."""
        return {**super().as_dict(), "problems": self.problems}


class Conflict(EklaimError):
    """The request does not fit the claim's current status (e.g. upload to a submitted claim)."""

    http_status = 409


class NotReady(EklaimError):
    """The claim's report is not ready yet (202 while processing, 409 for a draft)."""

    http_status = 202


def claim_not_draft() -> Conflict:
    """The error for changing a claim that was already submitted."""
    return Conflict(
        "claim_not_draft",
        Message(
            id="Klaim sudah diajukan dan tidak dapat diubah lagi.",
            en="The claim has already been submitted and can no longer be changed.",
        ),
    )


# ------------------------------------------------------------------------------------------
# Dispatching jobs (RQ or in-process)
# ------------------------------------------------------------------------------------------


def document_job_id(doc_id: str, attempt: int) -> str:
    """Job id of one processing attempt of a document: ``doc-<id>-<attempt>``.

    (RQ allows only letters, digits, ``_`` and ``-`` in job ids, so not ``doc:<id>:<n>``.)
    """
    return f"doc-{doc_id}-{attempt}"


def verify_job_id(claim_id: str) -> str:
    """Job id of the verification of a claim (one pending at a time)."""
    return f"claim-{claim_id}-verify"


def webhook_job_id(claim_id: str) -> str:
    """Job id of the webhook delivery of a claim."""
    return f"claim-{claim_id}-webhook"


class Dispatcher(Protocol):
    """Sends jobs: RQ (``workers.queue.RqDispatcher``) or threads (``workers.runner``)."""

    def enqueue_document(self, doc_id: str, attempt: int) -> str:
        """Send ``process_document_job(doc_id)``; return the job id."""
        ...

    def enqueue_verify(self, claim_id: str) -> str:
        """Send ``verify_claim_job(claim_id)`` unless one is already pending; return the job id."""
        ...

    def enqueue_webhook(self, claim_id: str) -> str:
        """Send ``deliver_webhook_job(claim_id)``; return the job id."""
        ...

    def job_pending(self, job_id: str) -> bool:
        """Whether the job is still waiting or running (False when unknown or finished)."""
        ...


def safe_send(send: Callable[[], str], what: str, ident: str) -> str | None:
    """Send a job; a broken queue is logged (the sweeper re-sends from the database)."""
    try:
        return send()
    except Exception as exc:  # noqa: BLE001 - the row is committed; the sweeper recovers it
        log.warning("job_not_sent", what=what, id=ident, error=type(exc).__name__)
        return None


# ------------------------------------------------------------------------------------------
# Claims
# ------------------------------------------------------------------------------------------


def form_to_raw(form: Mapping[str, Any]) -> dict[str, str]:
    """The raw ``claim.json`` mapping equivalent to a stored normalised form."""
    raw: dict[str, str] = {}
    for key in CLAIM_KEYS:
        value = form.get("birth_date_typed") if key == "birth_date" else form.get(key)
        if value not in (None, ""):
            raw[key] = str(value)
    return raw


def problems_json(problems: list[Problem]) -> list[dict[str, Any]]:
    """JSON-safe problems."""
    return [p.as_dict() for p in problems]


def validate_or_raise(raw: Mapping[str, Any], today: date | None = None) -> ClaimValidation:
    """Validate a raw form; raise :class:`FormRejected` listing the hard errors."""
    validation = validate_claim(raw, today=today)
    if validation.errors:
        raise FormRejected(problems_json(validation.errors))
    return validation


def create_claim(session: Session, raw: Mapping[str, Any], webhook_url: str | None = None) -> tuple[Claim, ClaimValidation, str | None]:
    """Validate the typed form and insert a ``draft`` claim (caller commits).

    Returns:
        ``(claim, validation, webhook_secret)``; the secret (None without a webhook URL) is
        shown to the client once, to check the webhook signatures.

    Raises:
        FormRejected: a field has a hard error.
    """
    validation = validate_or_raise(raw)
    form = validation.form
    claim = repo.create_claim(session, form, form.branch or "", form.submitted_on, status="draft")
    secret = None
    if webhook_url:
        secret = secrets.token_hex(32)
        claim.webhook_url = webhook_url
        claim.webhook_secret = secret
    repo.record_audit(session, "api", "claim.created", claim.id, {"status": "draft", "webhook": bool(webhook_url)})
    session.flush()
    return claim, validation, secret


def update_claim(session: Session, claim_id: str, changes: Mapping[str, Any]) -> tuple[Claim, ClaimValidation]:
    """Apply typed changes to a draft claim's form (caller commits).

    Args:
        changes: raw field values; a value of None removes the field.

    Raises:
        Conflict: the claim is no longer a draft.
        FormRejected: the changed form has a hard error (nothing is changed).
    """
    claim = repo.get_claim(session, claim_id, for_update=True)
    if claim.status != "draft":
        raise claim_not_draft()
    raw: dict[str, Any] = form_to_raw(claim.form)
    for key, value in changes.items():
        if value is None:
            raw.pop(key, None)
        else:
            raw[key] = value
    validation = validate_or_raise(raw)
    form = validation.form
    claim.form = repo._jsonable(form)
    claim.branch = form.branch or ""
    claim.submitted_on = form.submitted_on
    claim.updated_at = utcnow()
    repo.record_audit(session, "api", "claim.updated", claim.id, {"fields": sorted(changes)})
    session.flush()
    return claim, validation


def claim_validation(claim: Claim) -> ClaimValidation:
    """Validate the stored form again (for the warnings and the report's form problems)."""
    return validate_claim(form_to_raw(claim.form))


def submit_claim(claim_id: str, dispatcher: Dispatcher, *, settings: Settings | None = None) -> str:
    """Submit a draft (idempotent: a submitted claim stays as it is); return the new status.

    Commits, then sends the verify job when every document is already settled.
    """
    url = (settings or get_settings()).resolved_database_url
    with session_scope(url) as session:
        claim = repo.get_claim(session, claim_id, for_update=True)
        if claim.status == "draft":
            claim.status = "submitted"
            claim.updated_at = utcnow()
            docs = repo.current_documents(session, claim_id)
            repo.record_audit(session, "api", "claim.submitted", claim_id, {"documents": sorted(docs)})
    maybe_verify(claim_id, dispatcher, settings=settings)
    with session_scope(url) as session:
        return repo.get_claim(session, claim_id).status


def maybe_verify(claim_id: str, dispatcher: Dispatcher, *, settings: Settings | None = None) -> bool:
    """Send the verify job when the claim is submitted and all its documents are settled.

    Moves the claim to ``processing``. Returns True when a job was sent.
    """
    url = (settings or get_settings()).resolved_database_url
    with session_scope(url) as session:
        claim = repo.get_claim(session, claim_id, for_update=True)
        if claim.status not in ("submitted", "processing"):
            return False
        if not repo.claim_documents_settled(session, claim_id):
            return False
        if claim.status != "processing":
            claim.status = "processing"
            claim.updated_at = utcnow()
    return safe_send(lambda: dispatcher.enqueue_verify(claim_id), "verify", claim_id) is not None


# ------------------------------------------------------------------------------------------
# Uploads
# ------------------------------------------------------------------------------------------


@dataclass
class UploadOutcome:
    """What an upload did."""

    document: Document
    """The slot's current document (new, or the existing one for the same bytes)."""
    created: bool
    """False when the same bytes were already the slot's current document."""
    job_id: str | None = None
    """The job sent for a new document (None when none was sent)."""


def ensure_draft(claim_id: str, settings: Settings) -> None:
    """Raise ``NotFound`` / :class:`Conflict` early, before reading a large upload's bytes."""
    with session_scope(settings.resolved_database_url) as session:
        if repo.get_claim(session, claim_id).status != "draft":
            raise claim_not_draft()


def check_upload(data: bytes, settings: Settings) -> CheckedFile:
    """``intake.files.check_file`` with the HTTP status the API answers for each refusal."""
    try:
        # Header, structure and limits only: the pixel decode is the worker's (issue 14).
        return check_file(data, settings=settings, decode=False)
    except IntakeRejected as exc:
        status = STATUS_FOR_REASON.get(exc.code, 422)
        raise IntakeRejected(exc.code, exc.message, http_status=status) from None


def store_upload(
    claim_id: str,
    slot: str,
    data: bytes,
    filename: str | None,
    dispatcher: Dispatcher,
    *,
    settings: Settings | None = None,
    store: BlobStore | None = None,
) -> UploadOutcome:
    """Check, store and queue one uploaded file for a draft claim's slot.

    Idempotent: the same bytes in the same slot return the same document and send no second
    job; other bytes replace the slot's document (the old one is kept, ``superseded``) and a
    job is sent for the new one.

    Raises:
        IntakeRejected: the bytes are not an allowed, valid file (415/413/422).
        Conflict: the claim was submitted. ``NotFound``: no such claim.
    """
    settings = settings or get_settings()
    if slot not in DOC_TYPES:  # pragma: no cover - the API validates the slot
        raise ValueError("unknown slot")
    ensure_draft(claim_id, settings)
    checked = check_upload(data, settings)
    store = store or get_blob_store(settings)
    blob_id = store.put(data)  # before the write transaction (SQLite: one writer)
    display = safe_display_name(filename or "") or None
    with session_scope(settings.resolved_database_url) as session:
        claim = repo.get_claim(session, claim_id, for_update=True)
        if claim.status != "draft":
            raise claim_not_draft()
        doc, created = repo.put_document(
            session, claim_id, slot, blob_id, checked.kind, checked.size, checked.pages, display
        )
        job_id = None
        if created:
            job_id = document_job_id(doc.id, doc.attempts or 0)
            doc.job_id = job_id
            repo.record_audit(
                session, "api", "document.uploaded", claim_id,
                {"slot": slot, "document_id": doc.id, "kind": checked.kind, "size": checked.size},
            )
        claim.updated_at = utcnow()
        session.flush()
    sent = None
    if created:
        sent = safe_send(lambda: dispatcher.enqueue_document(doc.id, doc.attempts or 0), "document", doc.id)
    return UploadOutcome(document=doc, created=created, job_id=sent)
