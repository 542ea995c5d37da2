"""In-process job execution: ``eklaim serve`` without Redis runs the same jobs on a thread.

One command then gives a working service (the embedded default). The runner keeps the
queue's promises in a smaller form: job ids, no duplicate while one is waiting, the same
retry intervals, failure codes stored on the document, and a periodic sweep of the
database (a restart loses the in-memory queue; the sweeper re-sends what the database says
is unfinished).

:func:`get_dispatcher` returns the process's dispatcher: RQ when ``EKLAIM_REDIS_URL`` is
set, else the in-process runner.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from intake import claims
from intake.logging import get_logger
from intake.settings import Settings, get_settings
from workers import service
from workers.context import failure_code, last_attempt, pipeline_context, record_attempt, reset_attempt
from workers.queue import RqDispatcher, redis_connection, sweep_interval_s
from workers.sweeper import sweep

log = get_logger(__name__)

DOCUMENT_RETRY_INTERVALS: list[float] = [5, 30, 120]
"""Same back-off as the RQ jobs."""


class InProcessRunner:
    """A single-thread job executor with retries and a sweeper thread.

    One thread: the OCR engine is loaded once and used by one job at a time.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        retry_intervals: list[float] | None = None,
        sweep_every_s: float | None = None,
    ) -> None:
        """Create (not yet start) the runner."""
        self.settings = settings or get_settings()
        self.retry_intervals = list(DOCUMENT_RETRY_INTERVALS if retry_intervals is None else retry_intervals)
        self.sweep_every_s = sweep_every_s if sweep_every_s is not None else sweep_interval_s(self.settings)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eklaim-job")
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._timers: set[threading.Timer] = set()
        self._sweeper: threading.Thread | None = None

    # -- Dispatcher ----------------------------------------------------------------------

    def enqueue_document(self, doc_id: str, attempt: int) -> str:
        """Run ``process_document_job(doc_id)`` on the job thread."""
        return self._submit(claims.document_job_id(doc_id, attempt), "document", doc_id, 0)

    def enqueue_verify(self, claim_id: str) -> str:
        """Run ``verify_claim_job(claim_id)`` unless one is waiting."""
        return self._submit(claims.verify_job_id(claim_id), "verify", claim_id, 0)

    def enqueue_webhook(self, claim_id: str) -> str:
        """Run ``deliver_webhook_job(claim_id)`` unless one is waiting."""
        return self._submit(claims.webhook_job_id(claim_id), "webhook", claim_id, 0)

    def job_pending(self, job_id: str) -> bool:
        """Whether the job waits, runs or waits for a retry."""
        with self._lock:
            return job_id in self._pending

    def queue_depth(self) -> int:
        """Jobs waiting or running."""
        with self._lock:
            return len(self._pending)

    # -- Execution -----------------------------------------------------------------------

    def _submit(self, job_id: str, kind: str, ident: str, retry_no: int) -> str:
        with self._lock:
            if job_id in self._pending and retry_no == 0:
                return job_id
            self._pending.add(job_id)
        self._executor.submit(self._run, job_id, kind, ident, retry_no)
        return job_id

    def _run(self, job_id: str, kind: str, ident: str, retry_no: int) -> None:
        funcs: dict[str, Callable[[str], Any]] = {
            "document": self._process_document,
            "verify": lambda claim_id: service.verify_claim(claim_id, self, settings=self.settings),
            "webhook": lambda claim_id: service.deliver_webhook(claim_id, settings=self.settings),
        }
        try:
            funcs[kind](ident)
        except BaseException as exc:  # noqa: BLE001 - a job's failure must not kill the thread
            code = failure_code(type(exc), exc)
            intervals = self.retry_intervals if kind != "webhook" else [10, 60, 300]
            final = retry_no >= len(intervals)
            if kind == "document":
                service.fail_document(ident, last_attempt(), code, final=final, dispatcher=self, settings=self.settings)
            log.warning("in_process_job_failed", job_id=job_id, code=code, final=final)
            if not final and not self._stop.is_set():
                timer = threading.Timer(intervals[retry_no], self._retry, (job_id, kind, ident, retry_no + 1))
                timer.daemon = True
                with self._lock:
                    self._timers.add(timer)
                timer.start()
                return
        with self._lock:
            self._pending.discard(job_id)

    def _process_document(self, doc_id: str) -> None:
        """The document job's body with this runner as the dispatcher of its follow-ups."""
        reset_attempt()
        service.process_document(doc_id, self, settings=self.settings, ctx=pipeline_context(),
                                 on_started=record_attempt)

    def _retry(self, job_id: str, kind: str, ident: str, retry_no: int) -> None:
        if self._stop.is_set():
            return
        self._executor.submit(self._run, job_id, kind, ident, retry_no)

    def _sweep_loop(self) -> None:
        while not self._stop.wait(self.sweep_every_s):
            try:
                sweep(self.settings.sweep_after_s, dispatcher=self, settings=self.settings)
            except Exception as exc:  # noqa: BLE001
                log.warning("sweep_failed", error=type(exc).__name__)

    def start(self) -> InProcessRunner:
        """Start the sweeper thread (jobs run as they are submitted)."""
        if self._sweeper is None:
            self._sweeper = threading.Thread(target=self._sweep_loop, name="eklaim-sweeper", daemon=True)
            self._sweeper.start()
        return self

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Block until no job waits or runs (tests); True when idle."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.queue_depth() == 0:
                return True
            time.sleep(0.05)
        return False

    def shutdown(self, wait: bool = True) -> None:
        """Stop the sweeper and retries; finish (``wait``) or drop the waiting jobs."""
        self._stop.set()
        with self._lock:
            timers = list(self._timers)
        for t in timers:
            t.cancel()
        self._executor.shutdown(wait=wait, cancel_futures=not wait)


_lock = threading.Lock()
_dispatchers: dict[str, Any] = {}


def get_dispatcher(settings: Settings | None = None) -> claims.Dispatcher:
    """The process's dispatcher: RQ on ``settings.redis_url``, else the in-process runner."""
    settings = settings or get_settings()
    key = settings.redis_url or f"inprocess:{settings.resolved_database_url}"
    with _lock:
        d = _dispatchers.get(key)
        if d is None:
            if settings.redis_url:
                d = RqDispatcher(redis_connection(settings.redis_url), settings)
            else:
                d = InProcessRunner(settings).start()
            _dispatchers[key] = d
        return d


def reset_dispatchers() -> None:
    """Shut down and forget the process's dispatchers (tests, app shutdown)."""
    with _lock:
        ds = list(_dispatchers.values())
        _dispatchers.clear()
    for d in ds:
        if isinstance(d, InProcessRunner):
            d.shutdown(wait=False)
