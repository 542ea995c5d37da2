"""Queue wiring: RQ on Redis with the JSON serializer, the queues' names, retry/timeout policy.

Jobs are sent by dotted name (the API process never imports the OCR stack) with small JSON
arguments (ids). Job ids derive from the ids they work on (``doc-<id>-<attempt>``,
``claim-<id>-verify``, ``claim-<id>-webhook``), so a job can be found and a duplicate seen.

This is the bottom of ``workers``: it imports no other ``workers`` module. The worker process
(:mod:`workers.worker`), the jobs, the sweeper, the in-process runner and the batch package
build on it.
"""

from __future__ import annotations

from typing import Any

from redis import Redis
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Callback, Job, JobStatus
from rq.serializers import JSONSerializer

from intake.claims import document_job_id, verify_job_id, webhook_job_id
from intake.settings import Settings, get_settings

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


BATCH_QUEUE_SUFFIX = "-batch"
"""The batch re-verification queue is the main queue's name plus this."""


def batch_queue_name(settings: Settings | None = None) -> str:
    """Name of the RQ queue batch jobs go to (``eklaim-batch`` by default)."""
    return (settings or get_settings()).queue_name + BATCH_QUEUE_SUFFIX


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


def sweep_interval_s(settings: Settings) -> int:
    """How often a worker runs the sweeper (a quarter of the deadline, 10 s to 5 min)."""
    return int(min(max(settings.sweep_after_s // 4, 10), 300))
