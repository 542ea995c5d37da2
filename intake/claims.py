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

import hashlib
import io
import json
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import repo
from intake.db import session_scope
from intake.errors import EklaimError, IntakeRejected, Message
from intake.events import record_event
from intake.fields import CLAIM_KEYS, validate_claim
from intake.files import check_file, safe_display_name
from intake.logging import get_logger
from intake.models import Claim, ClaimRevision, Decision, Document, IdempotencyKey, utcnow
from intake.reasons import required_slots
from intake.records import DOC_TYPES, CheckedFile, ClaimValidation, Problem
from intake.settings import Settings, get_settings
from intake.spool import ReceivedFile, receive_upload
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
    """The error for changing a claim that was submitted and is being checked."""
    return Conflict(
        "claim_not_draft",
        Message(
            id="Klaim sudah diajukan dan sedang diperiksa; tunggu hasilnya sebelum mengubahnya.",
            en="The claim has been submitted and is being checked; wait for the result before changing it.",
        ),
    )


CLOSED_MESSAGES: dict[str, Message] = {
    "claim_approved": Message(
        id="Klaim sudah disetujui petugas dan tidak dapat diubah lagi.",
        en="The claim was approved by an officer and can no longer be changed."),
    "claim_rejected": Message(
        id="Klaim sudah ditolak petugas dan tidak dapat diubah lagi. Ajukan klaim baru bila perlu.",
        en="The claim was rejected by an officer and can no longer be changed. File a new claim if needed."),
    "claim_clear": Message(
        id="Semua dokumen dan data klaim sudah sesuai; klaim ditutup dan tidak perlu diubah.",
        en="Every document and detail of the claim matched; the claim is closed and needs no change."),
    "claim_in_review": Message(
        id="Klaim sedang ditinjau petugas; perubahan hanya bisa dilakukan bila petugas memintanya.",
        en="An officer is reviewing the claim; it can only be changed when the officer asks for it."),
    "claim_not_open": Message(
        id="Klaim tidak sedang dibuka untuk perbaikan.",
        en="The claim is not open for correction."),
    "slot_not_open": Message(
        id="Dokumen ini tidak termasuk yang diminta untuk diunggah ulang.",
        en="This document is not one of those you were asked to upload again."),
    "fields_not_open": Message(
        id="Data formulir tidak termasuk yang diminta untuk diperbaiki; unggah ulang dokumen yang diminta.",
        en="The typed form is not part of the correction asked for; upload the requested documents again."),
}
"""The 409 answers that say why a claim cannot be changed."""


class DocumentsMissing(EklaimError):
    """Submit without every document the claim's reason needs (422, ``missing`` lists them)."""

    http_status = 422

    def __init__(self, missing: list[str]) -> None:
        super().__init__("documents_missing", Message(
            id="Dokumen belum lengkap. Unggah dokumen yang belum ada sebelum mengajukan klaim.",
            en="Documents are missing. Upload the missing documents before submitting the claim."))
        self.missing = missing

    def as_dict(self) -> dict[str, object]:
        """The error with the missing slots (``missing``) and a bilingual line per slot."""
        return {**super().as_dict(), "missing": self.missing,
                "problems": [{"field": f"documents.{slot}", "code": "document_missing", "soft": False,
                              "message": {"id": f"Unggah {SLOT_NAMES[slot][0]}.",
                                          "en": f"Upload the {SLOT_NAMES[slot][1]}."}}
                             for slot in self.missing]}


SLOT_NAMES: dict[str, tuple[str, str]] = {
    "ktp": ("KTP atau SIM", "KTP or SIM"),
    "kk": ("Kartu Keluarga", "family card (KK)"),
    "bpjs_card": ("kartu BPJS Ketenagakerjaan / Jamsostek", "BPJS Ketenagakerjaan / Jamsostek card"),
    "resignation_letter": ("surat keterangan berhenti bekerja / paklaring",
                           "resignation letter / employer's statement (paklaring)"),
    "passbook": ("buku tabungan halaman pertama", "bank passbook, first page"),
}
"""Each slot's document in Bahasa Indonesia and English (messages to the claimant)."""


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
    """Insert a ``draft`` claim holding whatever has been typed so far (caller commits).

    A draft is saved even with field problems: they come back in the validation (hard ones
    become blocking only at :func:`check_submittable`), so a half-filled form on a flaky
    connection is not lost.

    Returns:
        ``(claim, validation, webhook_secret)``; the secret (None without a webhook URL) is
        shown to the client once, to check the webhook signatures.
    """
    validation = validate_claim(raw)
    form = validation.form
    claim = repo.create_claim(session, form, form.branch or "", form.submitted_on, status="draft")
    secret = None
    if webhook_url:
        secret = secrets.token_hex(32)
        claim.webhook_url = webhook_url
        claim.webhook_secret = secret
    repo.record_audit(session, "api", "claim.created", claim.id, {"status": "draft", "webhook": bool(webhook_url),
                                                                   "problems": len(validation.errors)})
    session.flush()
    return claim, validation, secret


def update_claim(session: Session, claim_id: str, changes: Mapping[str, Any]) -> tuple[Claim, ClaimValidation]:
    """Apply typed changes to a draft's form, or to a claim open for correction (caller commits).

    Field problems do not refuse the change (they block only at submit).

    Args:
        changes: raw field values; a value of None removes the field.

    Raises:
        Conflict: the claim cannot be changed now (the code and message say why).
    """
    claim = repo.get_claim(session, claim_id, for_update=True)
    ensure_editable(session, claim, fields=True)
    raw: dict[str, Any] = form_to_raw(claim.form)
    for key, value in changes.items():
        if value is None:
            raw.pop(key, None)
        else:
            raw[key] = value
    validation = validate_claim(raw)
    form = validation.form
    claim.form = repo._jsonable(form)
    _mark_edited(claim)
    claim.branch = form.branch or ""
    claim.submitted_on = form.submitted_on
    claim.updated_at = utcnow()
    repo.record_audit(session, "api", "claim.updated", claim.id,
                      {"fields": sorted(changes), "revision": claim.revision,
                       "correction": claim.status != "draft"})
    session.flush()
    return claim, validation


# ------------------------------------------------------------------------------------------
# Open / closed: drafts, corrections, decisions
# ------------------------------------------------------------------------------------------


def latest_decision(session: Session, claim_id: str) -> str | None:
    """The claim's latest final reviewer decision (``approve`` / ``reject``; None without one).

    A correction request is not final: it opens the claim (:func:`open_for_correction`)."""
    return session.scalars(
        select(Decision.action).where(Decision.claim_id == claim_id, Decision.action.in_(("approve", "reject")),
                                      Decision.final.is_(True))  # a four-eyes approval still pending decides nothing
        .order_by(Decision.at.desc(), Decision.id.desc()).limit(1)
    ).first()


def closed_reason(session: Session, claim: Claim) -> str:
    """Why a claim that is neither a draft nor open for correction cannot be changed (a code of
    :data:`CLOSED_MESSAGES`, or ``claim_not_draft`` while it is being checked)."""
    decision = latest_decision(session, claim.id)
    if decision == "approve":
        return "claim_approved"
    if decision == "reject":
        return "claim_rejected"
    if claim.status in ("submitted", "processing"):
        return "claim_not_draft"
    if claim.verdict == "clear":
        return "claim_clear"
    if claim.verdict == "needs_review":
        return "claim_in_review"
    return "claim_not_open"


def closed_error(code: str) -> Conflict:
    """The 409 of a closed claim, by :func:`closed_reason` code."""
    if code == "claim_not_draft":
        return claim_not_draft()
    return Conflict(code, CLOSED_MESSAGES[code])


def ensure_editable(session: Session, claim: Claim, *, slot: str | None = None, fields: bool = False) -> None:
    """Raise :class:`Conflict` unless the claim is a draft, or open for correction of ``slot`` /
    the typed fields (``fields=True``)."""
    if claim.status == "draft":
        return
    correction = claim.correction
    if correction is None:
        raise closed_error(closed_reason(session, claim))
    if slot is not None and slot not in (correction.get("slots") or []):
        raise closed_error("slot_not_open")
    if fields and not correction.get("fields"):
        raise closed_error("fields_not_open")


def open_for_correction(
    session: Session,
    claim_id: str,
    *,
    slots: Sequence[str],
    reason: str,
    actor: str,
    fields: bool = False,
) -> Claim:
    """A reviewer's "ask for correction": open the claim for exactly ``slots`` (and the typed
    fields when ``fields``), with ``reason`` shown to the claimant (caller commits).

    The claimant's next submit creates revision N+1; only the re-uploaded documents are read
    again. Records the ``claim.revision_opened`` event and audit entry.

    Raises:
        EklaimError: 422 ``slot_invalid`` (unknown slot), ``correction_empty`` (no slot and not
            the fields), ``reason_required`` (blank reason).
        Conflict: the claim is a draft, being checked, approved or rejected.
    """
    wanted = list(dict.fromkeys(slots))
    unknown = [s for s in wanted if s not in DOC_TYPES]
    if unknown:
        raise EklaimError("slot_invalid", Message(id="Jenis dokumen tidak dikenal.", en="Unknown document slot."),
                          http_status=422)
    if not wanted and not fields:
        raise EklaimError("correction_empty", Message(
            id="Pilih dokumen yang harus diunggah ulang atau data yang harus diperbaiki.",
            en="Choose the documents to upload again or the details to correct."), http_status=422)
    reason = (reason or "").strip()
    if not reason:
        raise EklaimError("reason_required", Message(
            id="Tuliskan alasan untuk permintaan perbaikan.", en="Give a reason when asking for a correction."),
            http_status=422)
    claim = repo.get_claim(session, claim_id, for_update=True)
    if claim.status == "draft":
        raise Conflict("claim_is_draft", Message(id="Klaim masih berupa draf dan belum diajukan.",
                                                 en="The claim is still a draft and was not submitted."))
    code = closed_reason(session, claim)
    if code in ("claim_not_draft", "claim_approved", "claim_rejected"):
        raise closed_error(code)
    ordered = [s for s in DOC_TYPES if s in wanted]
    _open(session, claim, slots=ordered, fields=fields, reason=reason[:2000], actor=actor, source="reviewer")
    return claim


def _open(session: Session, claim: Claim, *, slots: list[str], fields: bool, reason: str | None, actor: str,
          source: str) -> None:
    claim.correction = {"slots": slots, "fields": fields, "reason": reason, "by": actor, "source": source,
                        "at": utcnow().isoformat(), "revision": (claim.revision or 1) + 1}
    claim.updated_at = utcnow()
    detail = {"revision": (claim.revision or 1) + 1, "slots": slots, "fields": fields, "source": source}
    repo.record_audit(session, actor, "claim.revision_opened", claim.id, detail)
    record_event(session, claim.id, "claim.revision_opened", detail)
    session.flush()


def _mark_edited(claim: Claim) -> None:
    """Note that a claim open for correction was changed since its last report (the verify job
    then leaves its report alone until the claimant submits the next revision)."""
    if claim.status != "draft" and claim.correction is not None and not claim.correction.get("edited"):
        claim.correction = {**claim.correction, "edited": True}


def correction_in_progress(claim: Claim) -> bool:
    """True while the claimant has changed a claim open for correction and not submitted it:
    verifying it again now would file unsubmitted changes under the last revision."""
    return claim.status == "verified" and bool((claim.correction or {}).get("edited"))


def after_verified(session: Session, claim: Claim) -> None:
    """Open a freshly verified ``needs_correction`` claim for correction (every slot and the
    typed fields); close an automatic opening the verdict no longer calls for (caller commits).

    A claim a reviewer approved or rejected stays closed.
    """
    decision = latest_decision(session, claim.id)
    if claim.verdict == "needs_correction" and decision not in ("approve", "reject"):
        if claim.correction is None:
            _open(session, claim, slots=list(DOC_TYPES), fields=True, reason=None, actor="system", source="verdict")
    elif claim.correction is not None and claim.correction.get("source") == "verdict":
        claim.correction = None


def record_decision(session: Session, claim_id: str, action: str, actor: str, decision_id: int | None = None) -> None:
    """After a reviewer's decision: approve/reject close an open correction; record the
    ``claim.decided`` event (caller commits). ``request_correction`` opens the claim through
    :func:`open_for_correction`."""
    claim = repo.get_claim(session, claim_id, for_update=True)
    if action in ("approve", "reject"):
        claim.correction = None
    record_event(session, claim_id, "claim.decided", {"action": action, "decision_id": decision_id,
                                                      "revision": claim.revision})
    session.flush()


def claim_validation(claim: Claim) -> ClaimValidation:
    """Validate the stored form again (for the warnings and the report's form problems)."""
    return validate_claim(form_to_raw(claim.form))


def submittable(claim: Claim) -> bool:
    """Whether a submit would submit (a draft, or a claim open for correction)."""
    return claim.status == "draft" or claim.correction is not None


def check_submittable(session: Session, claim: Claim, *, allow_missing: bool = False) -> None:
    """Refuse a submit that cannot be verified yet: blocking field problems (422
    ``form_invalid``) or documents the claim's reason needs that were never uploaded (422
    ``documents_missing``; unless ``allow_missing``: an integrator that files an incomplete
    claim on purpose gets those slots reported ``missing``). A claim that is not submittable
    passes (submit is a no-op)."""
    if not submittable(claim):
        return
    validation = claim_validation(claim)
    if validation.errors:
        raise FormRejected(problems_json(validation.errors))
    present = set(repo.current_documents(session, claim.id))
    missing = [slot for slot in required_slots(str((claim.form or {}).get("claim_reason") or "")) if slot not in present]
    if missing and not allow_missing:
        raise DocumentsMissing(missing)


def submit_claim(claim_id: str, dispatcher: Dispatcher, *, settings: Settings | None = None) -> str:
    """Submit a draft, or a claim open for correction as its next revision; return the status.

    Idempotent: a claim already submitted (or closed) stays as it is. A resubmission makes
    ``revision`` N+1 and records which slots got a new document (only those are read again;
    the others keep their results). Commits, then sends the verify job when every document
    is already settled. The caller checks :func:`check_submittable` first.
    """
    url = (settings or get_settings()).resolved_database_url
    with session_scope(url) as session:
        claim = repo.get_claim(session, claim_id, for_update=True)
        if submittable(claim):
            resubmit = claim.status != "draft"
            if resubmit:
                claim.revision = (claim.revision or 1) + 1
                claim.correction = None
            claim.status = "submitted"
            claim.updated_at = utcnow()
            docs = {slot: d.id for slot, d in repo.current_documents(session, claim_id).items()}
            previous = repo.claim_revisions(session, claim_id)
            before = previous[-1].documents if previous and resubmit else {}
            changed = sorted(slot for slot, doc_id in docs.items() if before.get(slot) != doc_id)
            session.add(ClaimRevision(claim_id=claim_id, revision=claim.revision, submitted_at=utcnow(),
                                      documents=docs, changed_slots=changed))
            detail = {"documents": sorted(docs), "revision": claim.revision, "changed": changed}
            repo.record_audit(session, "api", "claim.submitted", claim_id, detail)
            record_event(session, claim_id, "claim.submitted", {"revision": claim.revision, "changed": changed})
    maybe_verify(claim_id, dispatcher, settings=settings)
    with session_scope(url) as session:
        return repo.get_claim(session, claim_id).status


# ------------------------------------------------------------------------------------------
# Idempotency keys
# ------------------------------------------------------------------------------------------


IDEMPOTENCY_KEY_MAX = 128
"""Longest ``Idempotency-Key``."""


def idempotency_fingerprint(body: Mapping[str, Any] | None) -> str:
    """sha256 hex of the request body (canonical JSON): a key reused with another body is refused."""
    text = json.dumps(body or {}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def check_idempotency_key(key: str) -> str:
    """The key as given, or 422 ``idempotency_key_invalid`` (1-128 visible ASCII characters)."""
    if not 1 <= len(key) <= IDEMPOTENCY_KEY_MAX or not all(33 <= ord(c) <= 126 for c in key):
        raise EklaimError("idempotency_key_invalid", Message(
            id="Header Idempotency-Key tidak sah (1-128 karakter ASCII tanpa spasi).",
            en="The Idempotency-Key header is invalid (1-128 visible ASCII characters)."), http_status=422)
    return key


def find_idempotent(session: Session, scope: str, key: str, fingerprint: str) -> IdempotencyKey | None:
    """The earlier use of ``key`` in ``scope`` (None when new).

    Raises:
        EklaimError: 422 ``idempotency_key_reused``: the key came with another request body.
    """
    row = session.get(IdempotencyKey, (scope, key))
    if row is not None and row.fingerprint != fingerprint:
        raise EklaimError("idempotency_key_reused", Message(
            id="Idempotency-Key ini sudah dipakai untuk permintaan lain.",
            en="This Idempotency-Key was already used for another request."), http_status=422)
    return row


def remember_idempotent(session: Session, scope: str, key: str, fingerprint: str, claim_id: str,
                        revision: int | None = None) -> None:
    """Record the key's use (caller commits; a concurrent twin fails on the primary key)."""
    session.add(IdempotencyKey(scope=scope, key=key, fingerprint=fingerprint, claim_id=claim_id,
                               revision=revision, created_at=utcnow()))
    session.flush()


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


def check_upload(data: bytes | ReceivedFile, settings: Settings) -> CheckedFile:
    """``intake.files.check_file`` with the HTTP status the API answers for each refusal."""
    try:
        # Header, structure and limits only: the pixel decode is the worker's (issue 14).
        if isinstance(data, ReceivedFile):
            return check_file(data.data, settings=settings, decode=False, sha256=data.sha256)
        return check_file(data, settings=settings, decode=False)
    except IntakeRejected as exc:
        status = STATUS_FOR_REASON.get(exc.code, 422)
        raise IntakeRejected(exc.code, exc.message, http_status=status) from None


def store_upload(
    claim_id: str,
    slot: str,
    data: bytes | BinaryIO,
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

    ``data`` (the file's bytes or a stream of them, read to its end) is used where it was
    received (:func:`intake.spool.receive_upload`: Starlette's temporary file mapped, refused at
    once when over the limit, hashed in one pass; a stream with no file behind it is spooled),
    checked in place and encrypted into the blob store a chunk at a time. Then ONE write
    transaction checks the claim (status and slot, row-locked), writes the document row and its
    audit entry. A refused upload (no such claim, a closed claim) may leave its blob stored with
    no document: encrypted, unreachable, and removed by the purge's orphan sweep
    (:func:`intake.retention.purge`, ``sweep_orphans``); SQLite's one writer is not held while
    a blob is encrypted and synced.

    Raises:
        IntakeRejected: the bytes are not an allowed, valid file (415/413/422).
        Conflict: the claim was submitted. ``NotFound``: no such claim.
    """
    settings = settings or get_settings()
    if slot not in DOC_TYPES:  # pragma: no cover - the API validates the slot
        raise ValueError("unknown slot")
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    with receive_upload(source, settings) as received:
        checked = check_upload(received, settings)
        store = store or get_blob_store(settings)
        # Before the write transaction (SQLite: one writer).
        blob_id = store.put_reader(received.sha256, received.open)
    display = safe_display_name(filename or "") or None
    with session_scope(settings.resolved_database_url) as session:
        claim = repo.get_claim(session, claim_id, for_update=True)
        ensure_editable(session, claim, slot=slot)
        doc, created = repo.put_document(
            session, claim_id, slot, blob_id, checked.kind, checked.size, checked.pages, display,
            claim_locked=True,
        )
        job_id = None
        if created:
            _mark_edited(claim)
            job_id = document_job_id(doc.id, doc.attempts or 0)
            doc.job_id = job_id
            repo.record_audit(
                session, "api", "document.uploaded", claim_id,
                {"slot": slot, "document_id": doc.id, "kind": checked.kind, "size": checked.size,
                 "correction": claim.status != "draft"},
            )
        claim.updated_at = utcnow()
        session.flush()
    sent = None
    if created:
        sent = safe_send(lambda: dispatcher.enqueue_document(doc.id, doc.attempts or 0), "document", doc.id)
    return UploadOutcome(document=doc, created=created, job_id=sent)
