"""RQ job functions: small, importable, JSON-safe arguments (ids), JSON-safe results.

``process_document_job(document_id)`` -> stored result, then (when the claim is submitted
and settled) ``verify_claim_job(claim_id)`` -> stored report, then (with a webhook URL)
``deliver_webhook_job(claim_id)``. The same functions run under RQ workers and in the
in-process runner (``workers.runner``); the bodies live in ``workers.service``.

Failure handling stores a machine code on the document, never exception text:
:func:`on_document_failure` (RQ ``on_failure`` callback, runs in the work horse) and
:func:`on_horse_killed` (runs in the worker when the horse died without a word).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from intake.errors import EklaimError
from intake.settings import get_settings
from intake.claims import Dispatcher
from workers import service

log = logging.getLogger(__name__)

_ctx_lock = threading.Lock()
_ctx: Any = None
_attempt = threading.local()


def pipeline_context() -> Any:
    """The process's ``PipelineContext`` (settings + OCR engine, loaded once)."""
    global _ctx
    from ocr.engine import get_engine
    from ocr.pipeline import PipelineContext

    settings = get_settings()
    engine = get_engine(settings)  # honours set_engine_override (tests, drills)
    with _ctx_lock:
        if _ctx is None or _ctx.settings is not settings or _ctx.engine is not engine:
            _ctx = PipelineContext(settings=settings, engine=engine)
        return _ctx


def current_dispatcher() -> Dispatcher:
    """Where follow-up jobs go: the running RQ job's queue, else the process dispatcher."""
    from rq import get_current_job

    job = get_current_job()
    if job is not None:
        from workers.queue import RqDispatcher

        return RqDispatcher(job.connection, queue_name=job.origin)
    from workers.runner import get_dispatcher

    return get_dispatcher()


def last_attempt() -> int | None:
    """The attempt number the last document job in this thread took (in-process runner)."""
    return getattr(_attempt, "value", None)


def _record_attempt(attempt: int) -> None:
    from rq import get_current_job

    _attempt.value = attempt
    job = get_current_job()
    if job is not None:
        job.meta["attempt"] = attempt
        job.meta["pid"] = os.getpid()  # the work horse, for operators and fault drills
        job.save_meta()


def process_document_job(document_id: str) -> dict[str, Any]:
    """Process one uploaded document (a no-op when another job has done or is doing it)."""
    _attempt.value = None
    outcome = service.process_document(
        document_id, current_dispatcher(), ctx=pipeline_context(), on_started=_record_attempt
    )
    log.info("document job", extra={"document_id": document_id, "outcome": outcome.outcome})
    return outcome.as_dict()


def verify_claim_job(claim_id: str) -> dict[str, Any]:
    """Build and store the claim's report from the stored document results."""
    return service.verify_claim(claim_id, current_dispatcher()).as_dict()


def deliver_webhook_job(claim_id: str) -> dict[str, Any]:
    """POST the signed "report ready" notice (raises to be retried)."""
    return service.deliver_webhook(claim_id).as_dict()


def failure_code(exc_type: type[BaseException] | None, exc: BaseException | None) -> str:
    """A machine code for a failure: the error's code, or the exception class name.

    Never the exception text (it may quote file content or personal data).
    """
    if isinstance(exc, EklaimError):
        return exc.code
    if exc_type is None:
        return "worker_died"
    name = exc_type.__name__
    if name == "JobTimeoutException":
        return "job_timeout"
    return f"error_{name}"[:64]


def _doc_id(job: Any) -> str | None:
    args = list(job.args or [])
    return str(args[0]) if args else None


def _retries_left(job: Any) -> int:
    return int(job.retries_left or 0)


def on_document_failure(job: Any, connection: Any, exc_type: Any, exc: Any, tb: Any) -> None:
    """RQ ``on_failure``: store the code; ``queued`` again when a retry follows, else ``failed``."""
    doc_id = _doc_id(job)
    if doc_id is None:
        return
    attempt = job.meta.get("attempt")
    code = failure_code(exc_type, exc)
    final = _retries_left(job) <= 0
    from workers.queue import RqDispatcher

    service.fail_document(doc_id, attempt, code, final=final, dispatcher=RqDispatcher(connection, queue_name=job.origin))
    log.warning("document job failed", extra={"document_id": doc_id, "code": code, "final": final})


def on_job_failure(job: Any, connection: Any, exc_type: Any, exc: Any, tb: Any) -> None:
    """RQ ``on_failure`` of the claim jobs: log the code (the sweeper re-sends a lost verify)."""
    log.warning("claim job failed", extra={"job_id": job.id, "code": failure_code(exc_type, exc)})


def on_horse_killed(job: Any) -> None:
    """The work horse died mid-job: put its document back to ``queued`` (or fail it for good)."""
    if job.func_name != "workers.jobs.process_document_job":
        return
    doc_id = _doc_id(job)
    if doc_id is None:
        return
    meta = job.get_meta(refresh=True)
    final = _retries_left(job) <= 0
    from workers.queue import RqDispatcher

    service.fail_document(doc_id, meta.get("attempt"), "worker_died", final=final,
                          dispatcher=RqDispatcher(job.connection, queue_name=job.origin))
