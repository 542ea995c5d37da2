"""The batch job: re-verify one claim exactly once, and the workers that run it.

``matching`` depth re-runs the rules on the stored document results (no OCR, milliseconds
per claim) through the one verification path (:mod:`workers.verify`, via
:mod:`workers.restore`); ``full`` first OCRs every current document again with the document
job's body (``workers.service.process_document``, which records the engine, model and
extractor versions). A job finishes its item with a compare-and-set (``state != 'done'``) in
the same transaction that saves the new report, so a claim is counted and re-reported exactly
once even when a job runs twice.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from rq import SimpleWorker, Worker
from rq.serializers import JSONSerializer
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from intake import repo
from intake.db import ensure_schema, rows_changed, session_scope
from intake.errors import EklaimError
from intake.logging import get_logger
from intake.models import BatchItem, utcnow
from intake.settings import Settings, get_settings
from matching.rules import RULES_VERSION
from workers.batch.common import batch_error
from workers.batch.report import diff_checks, diff_signals, refresh_counts
from workers.context import pipeline_context
from workers.queue import batch_queue_name, make_queue, redis_connection
from workers.restore import load_stored_claim, rebuild_report
from workers.service import process_document

log = get_logger(__name__)


# ------------------------------------------------------------------------------------------
# The job
# ------------------------------------------------------------------------------------------


@dataclass
class ReverifyOutcome:
    """What one ``reverify_claim_job`` did (returned to RQ as a small JSON dict)."""

    outcome: str
    """``done``, ``failed``, or ``skipped`` (already done, not in the batch, duplicate run)."""
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {"outcome": self.outcome, **self.detail}


class _NoFollowUps:
    """Dispatcher for the document job run inside a batch job: sends nothing.

    The batch job builds and saves the report itself (after its compare-and-set), so the
    document job must not queue a verify job of its own.
    """

    def enqueue_document(self, doc_id: str, attempt: int) -> str:
        """Nothing is sent."""
        return ""

    def enqueue_verify(self, claim_id: str) -> str:
        """Nothing is sent."""
        return ""

    def enqueue_webhook(self, claim_id: str) -> str:
        """Nothing is sent."""
        return ""

    def job_pending(self, job_id: str) -> bool:
        """No job is pending here."""
        return False


def _reprocess_documents(session_url: str, claim_id: str, settings: Settings) -> list[str]:
    """OCR the claim's current documents again with the document job's body; return outcomes."""
    with session_scope(session_url) as session:
        doc_ids = [d.id for d in repo.current_documents(session, claim_id).values()]
        for doc_id in doc_ids:
            doc = repo.get_document(session, doc_id)
            if doc.state in ("done", "failed"):
                repo.mark_document(session, doc_id, "queued")
    ctx = pipeline_context()
    return [process_document(doc_id, _NoFollowUps(), settings=settings, ctx=ctx).outcome for doc_id in doc_ids]


def _fail_item(url: str, batch_id: str, claim_id: str, code: str) -> None:
    with session_scope(url) as session:
        session.execute(
            update(BatchItem)
            .where(BatchItem.batch_id == batch_id, BatchItem.claim_id == claim_id, BatchItem.state == "queued")
            .values(state="failed", error_code=code[:64], updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        _finish_if_complete(session, batch_id)


def _finish_if_complete(session: Session, batch_id: str) -> None:
    """Store the final counts when no item of the batch is left ``queued``."""
    left = session.scalar(
        select(func.count()).select_from(BatchItem).where(BatchItem.batch_id == batch_id, BatchItem.state == "queued")
    )
    if not left:
        refresh_counts(session, batch_id)


def reverify_claim(batch_id: str, claim_id: str, *, settings: Settings | None = None) -> ReverifyOutcome:
    """Re-verify one claim of a batch exactly once (the body of :func:`reverify_claim_job`).

    Reads the item and the batch's depth; for ``full`` OCRs the documents again; rebuilds the
    report from the stored results; then, in one transaction, finishes the item with a
    compare-and-set (a second run finds it done and writes nothing), saves the report with
    the current rules version and appends a ``claim.reverified`` audit event.
    """
    settings = settings or get_settings()
    url = settings.resolved_database_url
    ids = {"batch_id": batch_id, "claim_id": claim_id}
    with session_scope(url) as session:
        item = session.scalars(
            select(BatchItem).where(BatchItem.batch_id == batch_id, BatchItem.claim_id == claim_id)
        ).one_or_none()
        if item is None:
            return ReverifyOutcome("skipped", {**ids, "why": "not_in_batch"})
        if item.state != "queued":
            return ReverifyOutcome("skipped", {**ids, "why": item.state})
        batch = repo.get_batch(session, batch_id)
        if batch.status == "cancelled":
            return ReverifyOutcome("skipped", {**ids, "why": "cancelled"})
        depth, old_verdict = batch.depth, item.old_verdict
    try:
        if depth == "full":
            _reprocess_documents(url, claim_id, settings)
        with session_scope(url) as session:
            stored = load_stored_claim(session, claim_id)
            report = rebuild_report(stored, session=session, settings=settings)
    except EklaimError as exc:
        _fail_item(url, batch_id, claim_id, exc.code)
        return ReverifyOutcome("failed", {**ids, "code": exc.code})
    except Exception as exc:
        _fail_item(url, batch_id, claim_id, f"error_{type(exc).__name__}")
        raise
    contract = report.as_contract()
    changed = diff_checks(stored.old_report, contract) + diff_signals(stored.old_report, contract)
    with session_scope(url) as session:
        now = utcnow()
        res = session.execute(
            update(BatchItem)
            .where(BatchItem.batch_id == batch_id, BatchItem.claim_id == claim_id, BatchItem.state != "done")
            .values(state="done", new_verdict=report.verdict, changed_checks=changed, error_code=None, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if rows_changed(res) != 1:
            return ReverifyOutcome("skipped", {**ids, "why": "duplicate"})
        repo.save_report(session, claim_id, contract, report.verdict, RULES_VERSION)
        repo.record_audit(
            session, "worker", "claim.reverified", claim_id,
            {"batch_id": batch_id, "depth": depth, "old_verdict": old_verdict, "new_verdict": report.verdict,
             "rules_version": RULES_VERSION, "changed_checks": [c["check"] for c in changed]},
        )
        _finish_if_complete(session, batch_id)
    return ReverifyOutcome("done", {**ids, "old_verdict": old_verdict, "new_verdict": report.verdict,
                                    "changed": len(changed)})


def reverify_claim_job(batch_id: str, claim_id: str) -> dict[str, Any]:
    """RQ job: re-verify one claim of a batch (ids only; a no-op when already done)."""
    outcome = reverify_claim(batch_id, claim_id)
    log.info("reverify_job", batch_id=batch_id, claim_id=claim_id, outcome=outcome.outcome)
    return outcome.as_dict()


def run_inline(batch_id: str, *, settings: Settings | None = None, stop: threading.Event | None = None) -> int:
    """Run the batch's unfinished items in this thread (no Redis: the embedded default).

    Returns:
        How many items this call handled; stops early when ``stop`` is set (resumable).
    """
    settings = settings or get_settings()
    url = ensure_schema(settings)
    with session_scope(url) as session:
        ids = list(session.scalars(
            select(BatchItem.claim_id).where(BatchItem.batch_id == batch_id, BatchItem.state == "queued")
            .order_by(BatchItem.id)
        ))
    n = 0
    for cid in ids:
        if stop is not None and stop.is_set():
            break
        try:
            reverify_claim(batch_id, cid, settings=settings)
        except Exception as exc:  # noqa: BLE001 - recorded on the item as a code
            log.warning("reverify_failed", batch_id=batch_id, claim_id=cid, error=type(exc).__name__)
        n += 1
    if not ids:
        with session_scope(url) as session:
            refresh_counts(session, batch_id)
    return n


# ------------------------------------------------------------------------------------------
# Workers
# ------------------------------------------------------------------------------------------


class BatchWorker(SimpleWorker):
    """RQ worker for the batch queue: runs jobs in its own process (no fork per job).

    A matching-only job takes milliseconds, so a fork per job would cost more than the job;
    a full-depth job reuses the OCR engine this process loaded on its first job.
    """


def run_batch_worker(settings: Settings | None = None, *, burst: bool = False, name: str | None = None) -> bool:
    """Work the batch queue until stopped (or until it is empty with ``burst``)."""
    settings = settings or get_settings()
    if not settings.redis_url:
        raise batch_error("batch_no_queue", "Antrean (Redis) belum diatur.", "EKLAIM_REDIS_URL is not set: no batch queue")
    ensure_schema(settings)
    conn = redis_connection(settings.redis_url)
    worker = BatchWorker([make_queue(conn, settings, batch_queue_name(settings))], connection=conn,
                         serializer=JSONSerializer, name=name)
    return bool(worker.work(burst=burst, logging_level="WARNING"))


def batch_workers(connection: Any, settings: Settings | None = None) -> int:
    """How many RQ workers listen on the batch queue now."""
    return len(Worker.all(queue=make_queue(connection, settings, batch_queue_name(settings))))
