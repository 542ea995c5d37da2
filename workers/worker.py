"""The RQ worker process: ``eklaim worker``.

:class:`EklaimWorker` warms the OCR model up once before it forks work horses (they inherit
the loaded engine), resets a document whose horse was killed so the retry can take it, and
runs the sweeper as one of its periodic maintenance tasks. It works the intake queue first,
then the batch re-verification queue.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from typing import Any

from rq import Worker
from rq.job import Job
from rq.serializers import JSONSerializer

from intake.db import ensure_schema
from intake.logging import configure_logging, get_logger
from intake.settings import Settings, get_settings
from ocr.engine import warm_up
from workers.jobs import on_horse_killed
from workers.queue import RqDispatcher, batch_queue_name, make_queue, redis_connection, sweep_interval_s
from workers.supervisor import supervise
from workers.sweeper import sweep_locked

log = get_logger(__name__)


class EklaimWorker(Worker):
    """RQ worker that resets killed horses' documents and sweeps lost jobs periodically."""

    @property
    def stop_requested(self) -> bool:
        """A warm shutdown was asked for (SIGTERM/SIGINT) during the work loop."""
        return bool(getattr(self, "_stop_requested", False))

    def handle_work_horse_killed(self, job: Job, retpid: int, ret_val: int, rusage: Any) -> None:
        """The horse died (SIGKILL, OOM): give the document back to the queue or fail it."""
        super().handle_work_horse_killed(job, retpid, ret_val, rusage)
        try:
            on_horse_killed(job)
        except Exception as exc:  # noqa: BLE001 - the sweeper recovers what this misses
            log.warning("horse_killed_handler_failed", job_id=job.id, error=type(exc).__name__)

    def run_maintenance_tasks(self) -> None:
        """RQ's maintenance plus one sweep of the database for lost jobs."""
        super().run_maintenance_tasks()
        try:
            sweep_locked(RqDispatcher(self.connection), connection=self.connection)
        except Exception as exc:  # noqa: BLE001 - never let a sweep kill the worker
            log.warning("sweep_failed", error=type(exc).__name__)


def run_worker(settings: Settings | None = None, *, burst: bool = False, warm: bool = True) -> bool:
    """Run one worker process until stopped (or until the queue is empty with ``burst``).

    Migrates the database, loads and warms the OCR engine (once: horses inherit it), then
    works the intake queue, then the batch re-verification queue (lower priority), with the
    scheduler on (for retry intervals).
    """
    configure_logging()
    settings = settings or get_settings()
    if not settings.redis_url:
        raise SystemExit("EKLAIM_REDIS_URL is not set: there is no queue to work on")
    ensure_schema(settings)
    if warm:
        warm_up(settings)

    conn = redis_connection(settings.redis_url)
    interval = sweep_interval_s(settings)

    def make_worker() -> EklaimWorker:
        # Live intake first; batch re-verification jobs only when no claim is waiting.
        return EklaimWorker(
            [make_queue(conn, settings), make_queue(conn, settings, name=batch_queue_name(settings))],
            connection=conn,
            serializer=JSONSerializer,
            maintenance_interval=interval,
            worker_ttl=interval + 15,  # the blocking dequeue wakes up in time for maintenance
        )

    # A Redis restart or network cut ends RQ's loop: wait for Redis and work again.
    return supervise(make_worker, conn, burst=burst)


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
                log.warning("worker_process_exited", exitcode=p.exitcode, pid=p.pid)
                procs[i] = start()
    return 0
