"""RQ job functions: small, importable, JSON-safe arguments (ids), JSON-safe results.

``process_document_job(document_id)`` -> stored result, then (when the claim is submitted
and settled) ``verify_claim_job(claim_id)`` -> stored report, then (with a webhook URL)
``deliver_webhook_job(claim_id)``. The bodies live in :mod:`workers.service`; the in-process
runner (:mod:`workers.runner`) calls those bodies directly with itself as the dispatcher.

Failure handling stores a machine code on the document, never exception text:
:func:`on_document_failure` (RQ ``on_failure`` callback, runs in the work horse) and
:func:`on_horse_killed` (runs in the worker when the horse died without a word).
"""

from __future__ import annotations

from typing import Any

from rq import get_current_job
from rq.job import Job

from intake.logging import get_logger
from intake.settings import get_settings
from workers import service
from workers.context import failure_code, pipeline_context, record_attempt, reset_attempt
from workers.queue import JOB_PROCESS_DOCUMENT, RqDispatcher, redis_connection

log = get_logger(__name__)


def current_dispatcher() -> RqDispatcher:
    """Where follow-up jobs go: the running RQ job's queue (else the configured Redis queue)."""
    job = get_current_job()
    if job is not None:
        return RqDispatcher(job.connection, queue_name=job.origin)
    settings = get_settings()
    if not settings.redis_url:
        raise RuntimeError("an RQ job function ran outside RQ without EKLAIM_REDIS_URL (use workers.runner)")
    return RqDispatcher(redis_connection(settings.redis_url), settings)


def process_document_job(document_id: str) -> dict[str, Any]:
    """Process one uploaded document (a no-op when another job has done or is doing it)."""
    reset_attempt()
    outcome = service.process_document(
        document_id, current_dispatcher(), ctx=pipeline_context(), on_started=record_attempt
    )
    log.info("document_job", document_id=document_id, outcome=outcome.outcome)
    return outcome.as_dict()


def verify_claim_job(claim_id: str) -> dict[str, Any]:
    """Build and store the claim's report from the stored document results."""
    return service.verify_claim(claim_id, current_dispatcher()).as_dict()


def deliver_webhook_job(claim_id: str) -> dict[str, Any]:
    """POST the signed "report ready" notice (raises to be retried)."""
    return service.deliver_webhook(claim_id).as_dict()


def _doc_id(job: Job) -> str | None:
    args = list(job.args or [])
    return str(args[0]) if args else None


def _retries_left(job: Job) -> int:
    return int(job.retries_left or 0)


def on_document_failure(job: Job, connection: Any, exc_type: Any, exc: Any, tb: Any) -> None:
    """RQ ``on_failure``: store the code; ``queued`` again when a retry follows, else ``failed``."""
    doc_id = _doc_id(job)
    if doc_id is None:
        return
    attempt = job.meta.get("attempt")
    code = failure_code(exc_type, exc)
    final = _retries_left(job) <= 0
    service.fail_document(doc_id, attempt, code, final=final, dispatcher=RqDispatcher(connection, queue_name=job.origin))
    log.warning("document_job_failed", document_id=doc_id, job_id=job.id, code=code, final=final)


def on_job_failure(job: Job, connection: Any, exc_type: Any, exc: Any, tb: Any) -> None:
    """RQ ``on_failure`` of the claim jobs: log the code (the sweeper re-sends a lost verify)."""
    log.warning("claim_job_failed", job_id=job.id, code=failure_code(exc_type, exc))


def on_horse_killed(job: Job) -> None:
    """The work horse died mid-job: put its document back to ``queued`` (or fail it for good)."""
    if job.func_name != JOB_PROCESS_DOCUMENT:
        return
    doc_id = _doc_id(job)
    if doc_id is None:
        return
    meta = job.get_meta(refresh=True)
    final = _retries_left(job) <= 0
    service.fail_document(doc_id, meta.get("attempt"), "worker_died", final=final,
                          dispatcher=RqDispatcher(job.connection, queue_name=job.origin))
    log.warning("document_job_horse_killed", document_id=doc_id, job_id=job.id, final=final)
