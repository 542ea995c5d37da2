"""The jobs' bodies: process a document, verify a claim, deliver its webhook.

The claim and upload use-cases the API calls live in :mod:`intake.claims`; this module is
what the RQ jobs (``workers.jobs``) and the in-process runner run. The rules that make the
service lose nothing and do nothing twice:

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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select, update

from intake import netguard, repo
from intake.claims import Dispatcher, after_verified, correction_in_progress, maybe_verify, safe_send
from intake.db import rows_changed, session_scope
from intake.errors import EklaimError, Message
from intake.events import event_json, record_event, undelivered_events
from intake.models import ClaimEvent, Decision, Document, utcnow
from intake.page_images import put_page_images
from intake.settings import Settings, get_settings
from intake.storage import get_blob_store
from matching.rules import RULES_VERSION
from ocr.pipeline import PipelineContext
from ocr.pipeline import process_document as run_pipeline
from workers.verify import load_stored, verify

MAX_DOCUMENT_ATTEMPTS = 5
"""A document whose processing was started this many times without finishing is ``failed``
(``too_many_attempts``) instead of re-queued again (a file that kills every worker)."""

WEBHOOK_TIMEOUT_S = 10.0
"""Seconds a webhook receiver has to answer."""


class WebhookFailed(EklaimError):
    """The webhook receiver did not answer with 2xx (the job is retried)."""

    http_status = 502


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
    ctx: PipelineContext | None = None,
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
    payload = result.to_json()
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
        if rows_changed(res) != 1:
            return JobOutcome("stale", {"document_id": doc_id, "attempt": attempt})
        repo.record_audit(
            session, "worker", "document.processed", claim_id,
            {"document_id": doc_id, "slot": slot, "status": result.status, "reason": result.reason,
             "attempt": attempt, "seconds": round(time.perf_counter() - started, 3)},
        )
        # The form can show "KTP OK" before the whole report (issue 16).
        record_event(session, claim_id, "document.read",
                     {"slot": slot, "document_id": doc_id, "status": result.status, "reason": result.reason})
        has_webhook = bool(repo.get_claim(session, claim_id).webhook_url)
    if has_webhook:
        safe_send(lambda: dispatcher.enqueue_webhook(claim_id), "webhook", claim_id)
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
        changed = rows_changed(res) == 1
        claim_id = session.scalar(select(Document.claim_id).where(Document.id == doc_id)) if changed else None
        if changed:
            repo.record_audit(session, "worker", "document.failed" if final else "document.retry", claim_id,
                              {"document_id": doc_id, "code": code, "attempt": attempt})
    if changed and final and claim_id and dispatcher is not None:
        maybe_verify(claim_id, dispatcher, settings=settings)
    return changed


def verify_claim(claim_id: str, dispatcher: Dispatcher | None = None, *, settings: Settings | None = None) -> JobOutcome:
    """Build the claim's report from the stored document results and save it.

    A no-op for a draft or while a document is still being processed (the last one's job
    sends the verify job again). Sends the webhook job when the claim has a webhook URL.
    """
    settings = settings or get_settings()
    with session_scope(settings.resolved_database_url) as session:
        claim = repo.get_claim(session, claim_id, for_update=True)
        if claim.status == "draft":
            return JobOutcome("skipped", {"claim_id": claim_id, "why": "draft"})
        if not repo.claim_documents_settled(session, claim_id):
            return JobOutcome("skipped", {"claim_id": claim_id, "why": "documents_pending"})
        if correction_in_progress(claim):  # the claimant's unsubmitted changes wait for their revision
            return JobOutcome("skipped", {"claim_id": claim_id, "why": "correction_in_progress"})
        report = verify(load_stored(session, claim_id), session=session, settings=settings)
        contract = report.as_contract()
        repo.save_report(session, claim_id, contract, report.verdict, RULES_VERSION)
        repo.record_audit(session, "worker", "claim.verified", claim_id,
                          {"verdict": report.verdict, "rules_version": RULES_VERSION, "revision": claim.revision})
        record_event(session, claim_id, "claim.verified",
                     {"revision": claim.revision, "status": "verified", "verdict": report.verdict,
                      "rules_version": RULES_VERSION, "report_url": f"/v1/claims/{claim_id}/report"})
        after_verified(session, claim)  # a needs_correction verdict opens the claim for correction
        has_webhook = bool(claim.webhook_url)
        verdict = report.verdict
    if has_webhook and dispatcher is not None:
        safe_send(lambda: dispatcher.enqueue_webhook(claim_id), "webhook", claim_id)
    return JobOutcome("done", {"claim_id": claim_id, "verdict": verdict})


# ------------------------------------------------------------------------------------------
# Webhooks
# ------------------------------------------------------------------------------------------


def sign_webhook(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of ``<timestamp>.<body>`` with the claim's secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _post_signed(url: str, secret: str, body: bytes, settings: Settings) -> None:
    ts = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Eklaim-Timestamp": ts,
               "X-Eklaim-Signature": sign_webhook(secret, ts, body), "User-Agent": "eklaim-verify"}
    try:
        resp = netguard.post(url, content=body, headers=headers, timeout=WEBHOOK_TIMEOUT_S,
                             allow_private=settings.webhook_allow_private)
        ok = 200 <= resp.status_code < 300
    except httpx.HTTPError:
        ok = False
    if not ok:
        raise WebhookFailed("webhook_failed", Message(id="Webhook gagal dikirim.", en="The webhook could not be delivered."))


def _deliver_decisions(claim_id: str, settings: Settings) -> int:
    """POST a signed ``claim.decided`` notice for each final decision not yet acknowledged
    (issue 17), oldest first; return how many were delivered.

    The body holds ids, codes and the verdict only: no reason text, no personal data.
    """
    with session_scope(settings.resolved_database_url) as session:
        claim = repo.get_claim(session, claim_id)
        if not claim.webhook_url:
            return 0
        url, secret = claim.webhook_url, claim.webhook_secret or ""
        pending = [
            (d.id, json.dumps({"event": "claim.decided", "claim_id": claim_id, "decision_id": d.id,
                               "revision": d.revision, "action": d.action, "reason_code": d.reason_code,
                               "slots": list(d.slots or []), "verdict": claim.verdict, "at": d.at.isoformat(),
                               "decisions_url": f"/v1/claims/{claim_id}/decisions"},
                              separators=(",", ":")).encode())
            for d in session.scalars(select(Decision).where(
                Decision.claim_id == claim_id, Decision.final.is_(True), Decision.webhook_sent_at.is_(None))
                .order_by(Decision.id))
        ]
    for decision_id, body in pending:
        _post_signed(url, secret, body, settings)
        with session_scope(settings.resolved_database_url) as session:
            row = session.get(Decision, decision_id)
            if row is not None:
                row.webhook_sent_at = utcnow()
            repo.record_audit(session, "worker", "webhook.delivered", claim_id,
                              {"event": "claim.decided", "decision_id": decision_id})
    return len(pending)


def deliver_webhook(claim_id: str, *, settings: Settings | None = None) -> JobOutcome:
    """POST each of the claim's undelivered events, in order, to its webhook URL.

    One POST per event; the body holds ids, codes and the verdict only (no personal data):
    ``{"event", "event_id", "claim_id", "at", ...}`` (``intake.events.event_json``); the
    receiver de-duplicates by ``event_id`` and fetches the report with
    ``GET /v1/claims/{id}/report``. Headers: ``X-Eklaim-Timestamp``, ``X-Eklaim-Signature``
    (:func:`sign_webhook`) and ``X-Eklaim-Event-Id``. Each acknowledged event is marked
    delivered; the first failure stops (the retry resumes from it).

    Raises:
        WebhookFailed: no 2xx answer (the queue retries with back-off).
    """
    settings = settings or get_settings()
    decided = _deliver_decisions(claim_id, settings)
    with session_scope(settings.resolved_database_url) as session:
        claim = repo.get_claim(session, claim_id)
        if not claim.webhook_url:
            return JobOutcome("done" if decided else "skipped", {"claim_id": claim_id, "decisions": decided})
        url, secret = claim.webhook_url, claim.webhook_secret or ""
        pending = [(row.id, json.dumps(event_json(row), separators=(",", ":")).encode())
                   for row in undelivered_events(session, claim_id)]
    if not pending:
        if decided:
            return JobOutcome("done", {"claim_id": claim_id, "decisions": decided})
        return JobOutcome("skipped", {"claim_id": claim_id, "why": "nothing_pending"})
    delivered = 0
    for event_id, body in pending:
        ts = str(int(time.time()))
        headers = {"Content-Type": "application/json", "X-Eklaim-Timestamp": ts,
                   "X-Eklaim-Signature": sign_webhook(secret, ts, body), "X-Eklaim-Event-Id": str(event_id),
                   "User-Agent": "eklaim-verify"}
        try:
            resp = netguard.post(url, content=body, headers=headers, timeout=WEBHOOK_TIMEOUT_S,
                                 allow_private=settings.webhook_allow_private)
            ok = 200 <= resp.status_code < 300
        except httpx.HTTPError:
            ok = False
        if not ok:
            raise WebhookFailed("webhook_failed", Message(id="Webhook gagal dikirim.", en="The webhook could not be delivered."))
        with session_scope(settings.resolved_database_url) as session:
            now = utcnow()
            session.execute(update(ClaimEvent).where(ClaimEvent.id == event_id).values(delivered_at=now)
                            .execution_options(synchronize_session=False))
            claim = repo.get_claim(session, claim_id)
            claim.webhook_delivered_at = now
            repo.record_audit(session, "worker", "webhook.delivered", claim_id, {"event_id": event_id})
        delivered += 1
    return JobOutcome("done", {"claim_id": claim_id, "delivered": delivered})
