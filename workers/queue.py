"""Queue wiring: RQ on Redis with the JSON serializer, retry/timeout policy, the worker.

Jobs are sent by dotted name (the API process never imports the OCR stack) with small JSON
arguments (ids). Job ids derive from the ids they work on (``doc-<id>-<attempt>``,
``claim-<id>-verify``, ``claim-<id>-webhook``), so a job can be found and a duplicate seen.

:class:`EklaimWorker` warms the OCR model up once before it forks work horses (they inherit
the loaded engine), resets a document whose horse was killed so the retry can take it, and
runs the sweeper as one of its periodic maintenance tasks.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from typing import Any

from redis import Redis
from rq import Queue, Retry, Worker
from rq.exceptions import NoSuchJobError
from rq.job import Callback, Job, JobStatus
from rq.serializers import JSONSerializer

from intake.settings import Settings, get_settings
from intake.claims import document_job_id, verify_job_id, webhook_job_id

log = logging.getLogger(__name__)

DOCUMENT_RETRY_INTERVALS: list[int] = [5, 30, 120]
"""Seconds before the 1st, 2nd and 3rd retry of a failed document job."""
WEBHOOK_RETRY_INTERVALS: list[int] = [10, 60, 300, 900, 3600]
"""Seconds before each retry of a webhook delivery."""
RESULT_TTL_S = 3600
"""How long RQ keeps a finished job's small JSON result."""
FAILURE_TTL_S = 7 * 24 * 3600
"""How long a failed job stays in RQ's failed registry (the database keeps the code)."""
PENDING_STATUSES = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}

JOB_PROCESS_DOCUMENT = "workers.jobs.process_document_job"
JOB_VERIFY_CLAIM = "workers.jobs.verify_claim_job"
JOB_DELIVER_WEBHOOK = "workers.jobs.deliver_webhook_job"
ON_DOCUMENT_FAILURE = "workers.jobs.on_document_failure"
ON_JOB_FAILURE = "workers.jobs.on_job_failure"


def redis_connection(url: str) -> Redis:
    """A Redis connection for the queue (bytes responses, as RQ expects)."""
    return Redis.from_url(url, health_check_interval=30, socket_keepalive=True)


def make_queue(connection: Redis, settings: Settings | None = None, name: str | None = None) -> Queue:
    """The service's queue with the JSON serializer and the configured job timeout."""
    settings = settings or get_settings()
    return Queue(
        name or settings.queue_name,
        connection=connection,
        serializer=JSONSerializer,
        default_timeout=settings.job_timeout_s,
    )


class RqDispatcher:
    """Sends the service's jobs to RQ."""

    def __init__(self, connection: Redis, settings: Settings | None = None, queue_name: str | None = None) -> None:
        """Use ``connection`` and the settings' queue name (or ``queue_name``)."""
        self.settings = settings or get_settings()
        self.connection = connection
        self.queue = make_queue(connection, self.settings, queue_name)

    def _enqueue(self, func: str, arg: str, job_id: str, retry: Retry, timeout: int | None = None) -> str:
        job = self.queue.enqueue(
            func,
            arg,
            job_id=job_id,
            retry=retry,
            job_timeout=timeout or self.settings.job_timeout_s,
            result_ttl=RESULT_TTL_S,
            failure_ttl=FAILURE_TTL_S,
            on_failure=Callback(ON_DOCUMENT_FAILURE if func == JOB_PROCESS_DOCUMENT else ON_JOB_FAILURE),
            description=job_id,
        )
        return job.id

    def enqueue_document(self, doc_id: str, attempt: int) -> str:
        """Send ``process_document_job`` with ``Retry(max=3, interval=[5, 30, 120])``."""
        return self._enqueue(
            JOB_PROCESS_DOCUMENT, doc_id, document_job_id(doc_id, attempt),
            Retry(max=len(DOCUMENT_RETRY_INTERVALS), interval=DOCUMENT_RETRY_INTERVALS),
        )

    def enqueue_verify(self, claim_id: str) -> str:
        """Send ``verify_claim_job`` unless one is waiting already (it is idempotent anyway)."""
        job_id = verify_job_id(claim_id)
        if self._waiting(job_id):
            return job_id
        return self._enqueue(JOB_VERIFY_CLAIM, claim_id, job_id, Retry(max=3, interval=[5, 30, 120]), timeout=120)

    def enqueue_webhook(self, claim_id: str) -> str:
        """Send ``deliver_webhook_job`` with long back-off retries."""
        job_id = webhook_job_id(claim_id)
        if self._waiting(job_id):
            return job_id
        return self._enqueue(
            JOB_DELIVER_WEBHOOK, claim_id, job_id,
            Retry(max=len(WEBHOOK_RETRY_INTERVALS), interval=WEBHOOK_RETRY_INTERVALS), timeout=60,
        )

    def _status(self, job_id: str) -> Any:
        try:
            return Job.fetch(job_id, connection=self.connection, serializer=JSONSerializer).get_status()
        except NoSuchJobError:
            return None

    def _waiting(self, job_id: str) -> bool:
        """Queued or scheduled, not yet started (a new request would be a duplicate)."""
        return self._status(job_id) in (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED)

    def job_pending(self, job_id: str) -> bool:
        """Whether RQ still holds the job as queued, scheduled, deferred or started."""
        return self._status(job_id) in PENDING_STATUSES

    def queue_depth(self) -> int:
        """Jobs waiting in the queue."""
        return int(self.queue.count)


# ------------------------------------------------------------------------------------------
# The worker process
# ------------------------------------------------------------------------------------------


def sweep_interval_s(settings: Settings) -> int:
    """How often a worker runs the sweeper (a quarter of the deadline, 10 s to 5 min)."""
    return int(min(max(settings.sweep_after_s // 4, 10), 300))


class EklaimWorker(Worker):
    """RQ worker that resets killed horses' documents and sweeps lost jobs periodically."""

    def handle_work_horse_killed(self, job: Job, retpid: int, ret_val: int, rusage: Any) -> None:
        """The horse died (SIGKILL, OOM): give the document back to the queue or fail it."""
        super().handle_work_horse_killed(job, retpid, ret_val, rusage)
        try:
            from workers.jobs import on_horse_killed

            on_horse_killed(job)
        except Exception as exc:  # noqa: BLE001 - the sweeper recovers what this misses
            self.log.warning("horse-killed handler failed: %s", type(exc).__name__)

    def run_maintenance_tasks(self) -> None:
        """RQ's maintenance plus one sweep of the database for lost jobs."""
        super().run_maintenance_tasks()
        try:
            from workers.sweeper import sweep_locked

            sweep_locked(RqDispatcher(self.connection), connection=self.connection)
        except Exception as exc:  # noqa: BLE001 - never let a sweep kill the worker
            self.log.warning("sweep failed: %s", type(exc).__name__)


def run_worker(settings: Settings | None = None, *, burst: bool = False, warm: bool = True) -> bool:
    """Run one worker process until stopped (or until the queue is empty with ``burst``).

    Migrates the database, loads and warms the OCR engine (once: horses inherit it), then
    works the intake queue, then the batch re-verification queue (lower priority), with the
    scheduler on (for retry intervals).
    """
    from intake.db import ensure_schema
    from intake.logging import configure_logging

    configure_logging()
    settings = settings or get_settings()
    if not settings.redis_url:
        raise SystemExit("EKLAIM_REDIS_URL is not set: there is no queue to work on")
    ensure_schema(settings)
    if warm:
        from ocr.engine import warm_up

        warm_up(settings)
    from workers.batch import batch_queue_name

    conn = redis_connection(settings.redis_url)
    interval = sweep_interval_s(settings)
    # Live intake first; batch re-verification jobs only when no claim is waiting.
    worker = EklaimWorker(
        [make_queue(conn, settings), make_queue(conn, settings, name=batch_queue_name(settings))],
        connection=conn,
        serializer=JSONSerializer,
        maintenance_interval=interval,
        worker_ttl=interval + 15,  # the blocking dequeue wakes up in time for maintenance
    )
    return bool(worker.work(burst=burst, with_scheduler=True, logging_level="WARNING"))


def _child(burst: bool) -> None:
    get_settings.cache_clear()
    run_worker(burst=burst)


def run_workers(processes: int, *, burst: bool = False) -> int:
    """Run ``processes`` worker processes; restart one that dies; stop all on SIGTERM/SIGINT.

    Returns:
        The exit code (0).
    """
    if processes <= 1:
        run_worker(burst=burst)
        return 0
    ctx = multiprocessing.get_context("spawn")
    stopping = False
    procs: list[multiprocessing.process.BaseProcess] = []

    def start() -> multiprocessing.process.BaseProcess:
        p = ctx.Process(target=_child, args=(burst,), daemon=False)
        p.start()
        return p

    def stop(_sig: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for p in procs:
            if p.is_alive() and p.pid:
                os.kill(p.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    procs.extend(start() for _ in range(processes))
    while procs:
        time.sleep(1.0)
        for i, p in enumerate(list(procs)):
            if p.is_alive():
                continue
            p.join()
            if stopping or burst:
                procs.remove(p)
            else:
                log.warning("worker process exited; restarting", extra={"exitcode": p.exitcode})
                procs[i] = start()
    return 0
