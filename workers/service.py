"""Intake service logic shared by the API, the RQ jobs and the in-process runner.

The database is the record of truth; the queue only carries ids. Every function here opens
its own short transactions (``intake.db.session_scope``) or works in the caller's session and
says so. The rules that make the service lose nothing and do nothing twice:

* An upload is stored (blob, then the document row) and committed *before* its job is sent;
  a job that is never delivered leaves a ``queued`` row the sweeper finds.
* A job takes its document with a compare-and-set (``repo.try_start_document``) that counts
  an attempt; its result is written only while the row is still ``processing`` with that
  attempt number (a fenced write). A duplicate or late job is therefore a no-op.
* The claim is verified once it is submitted and every current document is settled; both the
  submit and the last document's job check this after committing their own write, so at
  least one of them sees the other and sends the verify job (which is idempotent).

Nothing here logs or raises text holding personal data: ids and machine codes only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from intake import repo
from intake.db import session_scope
from intake.errors import EklaimError, IntakeRejected, Message
from intake.fields import CLAIM_KEYS, validate_claim
from intake.files import check_file, safe_display_name
from intake.models import Claim, Document, utcnow
from intake.records import DOC_TYPES, ClaimValidation, Problem
from intake.settings import Settings, get_settings
from intake.storage import BlobStore, get_blob_store

log = logging.getLogger(__name__)

MAX_DOCUMENT_ATTEMPTS = 5
"""A document whose processing was started this many times without finishing is ``failed``
(``too_many_attempts``) instead of re-queued again (a file that kills every worker)."""

STATUS_FOR_REASON: dict[str, int] = {"not_an_allowed_format": 415, "file_too_large": 413}
"""HTTP status of an intake refusal by reason code (every other reason is 422)."""

WEBHOOK_TIMEOUT_S = 10.0
"""Seconds a webhook receiver has to answer."""


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


class WebhookFailed(EklaimError):
    """The webhook receiver did not answer with 2xx (the job is retried)."""

    http_status = 502


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


def _safe_send(send: Callable[[], str], what: str, ident: str) -> str | None:
    """Send a job; a broken queue is logged (the sweeper re-sends from the database)."""
    try:
        return send()
    except Exception as exc:  # noqa: BLE001 - the row is committed; the sweeper recovers it
        log.warning("job not sent", extra={"what": what, "id": ident, "error": type(exc).__name__})
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
    claim.form = repo._jsonable(form)  # noqa: SLF001 - the repository's JSON encoder
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
    return _safe_send(lambda: dispatcher.enqueue_verify(claim_id), "verify", claim_id) is not None


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


def check_upload(data: bytes, settings: Settings) -> Any:
    """``intake.files.check_file`` with the HTTP status the API answers for each refusal."""
    try:
        return check_file(data, settings=settings)
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
        sent = _safe_send(lambda: dispatcher.enqueue_document(doc.id, doc.attempts or 0), "document", doc.id)
    return UploadOutcome(document=doc, created=created, job_id=sent)


# ------------------------------------------------------------------------------------------
# Document results (stored JSON <-> DocumentResult)
# ------------------------------------------------------------------------------------------


def result_to_json(result: Any) -> dict[str, Any]:
    """The contract's document object plus what rebuilding the ``DocumentResult`` needs."""
    out = result.as_contract()
    out["slot"] = result.slot
    out["versions"] = dict(result.versions)
    out["field_details"] = {
        name: {"confidence": float(fv.confidence), "char_confidences": fv.char_confidences}
        for name, fv in result.fields.items()
    }
    return out


def result_from_json(data: Mapping[str, Any], slot: str) -> Any:
    """Rebuild a ``DocumentResult`` from :func:`result_to_json`'s output."""
    from ocr.records import DocumentResult, FieldValue, Signal

    details = data.get("field_details") or {}
    fields = {}
    for name, fv in (data.get("fields") or {}).items():
        extra = details.get(name) or {}
        fields[name] = FieldValue(
            value=fv.get("value"),
            confidence=float(extra.get("confidence", fv.get("confidence", 0.0))),
            page=int(fv.get("page", 1)),
            box=fv.get("box"),
            char_confidences=extra.get("char_confidences"),
        )
    msg = data.get("message")
    return DocumentResult(
        slot=data.get("slot", slot),
        status=data["status"],
        reason=data.get("reason"),
        message=Message(id=msg["id"], en=msg["en"]) if msg else None,
        detected_type=data.get("detected_type"),
        pages=int(data.get("pages") or 0),
        quality=dict(data.get("quality") or {}),
        fields=fields,
        versions=dict(data.get("versions") or {}),
        signals=[Signal.from_dict(s) for s in data.get("signals") or []],
    )


PROCESSING_FAILED = Message(
    id="Dokumen belum dapat diproses oleh sistem. Petugas akan memeriksanya.",
    en="The system could not process the document. An officer will check it.",
)


def failed_result(slot: str, code: str | None) -> Any:
    """The result of a document whose processing failed for good (a person must look)."""
    from ocr.records import DocumentResult

    return DocumentResult(slot=slot, status="unreadable", reason=code or "processing_failed", message=PROCESSING_FAILED)


# ------------------------------------------------------------------------------------------
# Jobs' bodies
# ------------------------------------------------------------------------------------------


@dataclass
class JobOutcome:
    """What a job did (returned to RQ as a small JSON dict)."""

    outcome: str
    """``done``, ``skipped`` (duplicate / late / superseded), ``stale`` (lost its lease)."""
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {"outcome": self.outcome, **self.detail}


def stale_after(settings: Settings) -> timedelta:
    """How long a ``processing`` document may run before another job may take it over."""
    return timedelta(seconds=settings.job_timeout_s + 60)


def process_document(
    doc_id: str,
    dispatcher: Dispatcher,
    *,
    settings: Settings | None = None,
    ctx: Any = None,
    on_started: Callable[[int], None] | None = None,
) -> JobOutcome:
    """Process one document exactly once: take it, run the pipeline, store the result.

    Args:
        doc_id: the document row id.
        dispatcher: where the follow-up verify job goes.
        ctx: ``ocr.pipeline.PipelineContext`` (the process's loaded engine when None).
        on_started: called with the attempt number once the document is taken (the RQ job
            records it for its failure callback).
    """
    from ocr.pipeline import PipelineContext
    from intake.page_images import put_page_images
    from ocr.pipeline import process_document as run_pipeline

    settings = settings or get_settings()
    url = settings.resolved_database_url
    with session_scope(url) as session:
        doc = repo.try_start_document(session, doc_id, stale_after=stale_after(settings))
        if doc is None:
            return JobOutcome("skipped", {"document_id": doc_id})
        attempt, slot, blob_id, claim_id = doc.attempts, doc.slot, doc.blob_id, doc.claim_id
    if on_started is not None:
        on_started(attempt)
    started = time.perf_counter()
    data = get_blob_store(settings).get(blob_id)
    ctx = ctx or PipelineContext.default(settings)
    processed = run_pipeline(slot, data, ctx)
    # Blobs first (SQLite allows one writer at a time), listed in the same update as the result.
    page_images = put_page_images(processed.images, settings=settings)
    result = processed.result
    payload = result_to_json(result)
    payload["ocr"] = processed.ocr_json()
    ver = result.versions or {}
    with session_scope(url) as session:
        now = utcnow()
        res = session.execute(
            update(Document)
            .where(Document.id == doc_id, Document.state == "processing", Document.attempts == attempt)
            .values(
                state="done", result=payload, error_code=None, finished_at=now, updated_at=now,
                page_images=page_images,
                engine=ver.get("engine"), model_version=ver.get("model"), extractor_version=ver.get("extractor"),
            )
            .execution_options(synchronize_session=False)
        )
        if (res.rowcount or 0) != 1:
            return JobOutcome("stale", {"document_id": doc_id, "attempt": attempt})
        repo.record_audit(
            session, "worker", "document.processed", claim_id,
            {"document_id": doc_id, "slot": slot, "status": result.status, "reason": result.reason,
             "attempt": attempt, "seconds": round(time.perf_counter() - started, 3)},
        )
    maybe_verify(claim_id, dispatcher, settings=settings)
    return JobOutcome("done", {"document_id": doc_id, "status": result.status, "attempt": attempt})


def fail_document(
    doc_id: str,
    attempt: int | None,
    code: str,
    *,
    final: bool,
    dispatcher: Dispatcher | None = None,
    settings: Settings | None = None,
) -> bool:
    """Record a failed attempt: back to ``queued`` (a retry follows) or ``failed`` for good.

    Fenced: only changes the row while it is ``processing`` with ``attempt`` (any attempt
    when None). A final failure may complete the claim, so the verify check runs after it.

    Returns:
        True when the row was changed.
    """
    settings = settings or get_settings()
    now = utcnow()
    cond = [Document.id == doc_id, Document.state == "processing"]
    if attempt is not None:
        cond.append(Document.attempts == attempt)
    values: dict[str, Any] = {"error_code": code[:64], "updated_at": now}
    if final:
        values.update(state="failed", finished_at=now)
    else:
        values.update(state="queued", queued_at=now, started_at=None, finished_at=None)
    with session_scope(settings.resolved_database_url) as session:
        res = session.execute(update(Document).where(*cond).values(**values).execution_options(synchronize_session=False))
        changed = (res.rowcount or 0) == 1
        claim_id = session.scalar(select(Document.claim_id).where(Document.id == doc_id)) if changed else None
        if changed:
            repo.record_audit(session, "worker", "document.failed" if final else "document.retry", claim_id,
                              {"document_id": doc_id, "code": code, "attempt": attempt})
    if changed and final and claim_id and dispatcher is not None:
        maybe_verify(claim_id, dispatcher, settings=settings)
    return changed


def document_results(session: Session, claim_id: str) -> dict[str, Any]:
    """Slot -> ``DocumentResult`` of the claim's current documents (missing slots absent)."""
    out: dict[str, Any] = {}
    for slot, doc in repo.current_documents(session, claim_id).items():
        if doc.state == "done" and doc.result:
            out[slot] = result_from_json(doc.result, slot)
        elif doc.state == "failed":
            out[slot] = failed_result(slot, doc.error_code)
    return out


def verify_claim(claim_id: str, dispatcher: Dispatcher | None = None, *, settings: Settings | None = None) -> JobOutcome:
    """Build the claim's report from the stored document results and save it.

    A no-op for a draft or while a document is still being processed (the last one's job
    sends the verify job again). Sends the webhook job when the claim has a webhook URL.
    """
    from matching.rules import RULES_VERSION
    from matching.verdict import build_report
    from ocr.pipeline import missing_document

    settings = settings or get_settings()
    with session_scope(settings.resolved_database_url) as session:
        claim = repo.get_claim(session, claim_id, for_update=True)
        if claim.status == "draft":
            return JobOutcome("skipped", {"claim_id": claim_id, "why": "draft"})
        if not repo.claim_documents_settled(session, claim_id):
            return JobOutcome("skipped", {"claim_id": claim_id, "why": "documents_pending"})
        docs = document_results(session, claim_id)
        for slot in DOC_TYPES:
            docs.setdefault(slot, missing_document(slot))
        validation = claim_validation(claim)
        report = build_report(claim_id, validation.form, docs, form_problems=validation.problems)
        contract = report.as_contract()
        repo.save_report(session, claim_id, contract, report.verdict, RULES_VERSION)
        repo.record_audit(session, "worker", "claim.verified", claim_id,
                          {"verdict": report.verdict, "rules_version": RULES_VERSION})
        has_webhook = bool(claim.webhook_url)
        verdict = report.verdict
    if has_webhook and dispatcher is not None:
        _safe_send(lambda: dispatcher.enqueue_webhook(claim_id), "webhook", claim_id)
    return JobOutcome("done", {"claim_id": claim_id, "verdict": verdict})


# ------------------------------------------------------------------------------------------
# Webhooks
# ------------------------------------------------------------------------------------------


def sign_webhook(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of ``<timestamp>.<body>`` with the claim's secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def deliver_webhook(claim_id: str, *, settings: Settings | None = None) -> JobOutcome:
    """POST the signed "report ready" notice to the claim's webhook URL.

    The body holds ids and the verdict only (no personal data): the receiver fetches the
    report with ``GET /v1/claims/{id}/report``. Headers: ``X-Eklaim-Timestamp`` and
    ``X-Eklaim-Signature`` (:func:`sign_webhook`).

    Raises:
        WebhookFailed: no 2xx answer (the queue retries with back-off).
    """
    import httpx

    settings = settings or get_settings()
    with session_scope(settings.resolved_database_url) as session:
        claim = repo.get_claim(session, claim_id)
        if not claim.webhook_url or claim.status != "verified":
            return JobOutcome("skipped", {"claim_id": claim_id})
        url, secret = claim.webhook_url, claim.webhook_secret or ""
        body = json.dumps(
            {"event": "claim.report_ready", "claim_id": claim_id, "status": claim.status,
             "verdict": claim.verdict, "rules_version": claim.rules_version,
             "report_url": f"/v1/claims/{claim_id}/report"},
            separators=(",", ":"),
        ).encode()
    ts = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Eklaim-Timestamp": ts,
               "X-Eklaim-Signature": sign_webhook(secret, ts, body), "User-Agent": "eklaim-verify"}
    try:
        resp = httpx.post(url, content=body, headers=headers, timeout=WEBHOOK_TIMEOUT_S, follow_redirects=False)
        ok = 200 <= resp.status_code < 300
    except httpx.HTTPError:
        ok = False
    if not ok:
        raise WebhookFailed("webhook_failed", Message(id="Webhook gagal dikirim.", en="The webhook could not be delivered."))
    with session_scope(settings.resolved_database_url) as session:
        claim = repo.get_claim(session, claim_id)
        claim.webhook_delivered_at = utcnow()
        repo.record_audit(session, "worker", "webhook.delivered", claim_id, {})
    return JobOutcome("done", {"claim_id": claim_id})
