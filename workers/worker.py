"""The RQ worker process: ``eklaim worker``.

:class:`EklaimWorker` warms the OCR model up once before it forks work horses (they inherit
the loaded engine), resets a document whose horse was killed so the retry can take it, and
runs the sweeper as one of its periodic maintenance tasks. It works the intake queue first,
then the batch re-verification queue.

``eklaim worker --processes N`` (:func:`run_workers`) is a parent that starts N worker
processes, replaces one that exits (crashed, or recycled after ``settings.worker_max_jobs``
jobs) and, on SIGTERM/SIGINT, stops them within ``settings.worker_stop_timeout_s``: a warm
stop first (running jobs finish), then a cold one (RQ kills the work horse), then SIGKILL of
each worker's process group. Nothing outlives it: every worker process runs in its own process
group, and workers, their RQ schedulers and their work horses get SIGKILL from the kernel
when their parent dies (``PR_SET_PDEATHSIG``), so even a SIGKILLed parent leaves no orphan.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.util
import os
import signal
import sys
import time
from typing import Any

from rq import Worker
from rq.job import Job
from rq.serializers import JSONSerializer

from intake.db import ensure_schema
from intake.logging import configure_logging, get_logger
from intake.settings import Settings, get_settings
from ocr.engine import warm_up
from ocr.pipeline import prepare_readers
from workers.jobs import on_horse_killed
from workers.queue import RqDispatcher, batch_queue_name, make_queue, redis_connection, sweep_interval_s
from workers.supervisor import supervise
from workers.sweeper import sweep_locked

log = get_logger(__name__)

_PR_SET_PDEATHSIG = 1
COLD_STOP_GRACE_S = 5.0
"""After the cold stop, seconds before the parent SIGKILLs what is left of a worker's group."""


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; a no-op elsewhere).

    If the parent died already (between the fork and this call), exit now.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl
        return
    if parent == 1 or os.getppid() != parent:
        os._exit(1)


class EklaimWorker(Worker):
    """RQ worker that resets killed horses' documents and sweeps lost jobs periodically."""

    jobs_done = 0
    """Jobs this worker ran (the recycle count, ``settings.worker_max_jobs``)."""

    def execute_job(self, job: Job, queue: Any) -> None:
        """Run one job (in a forked horse) and count it."""
        try:
            super().execute_job(job, queue)
        finally:
            self.jobs_done += 1

    def main_work_horse(self, job: Job, queue: Any) -> None:
        """The horse: dies with its worker (it runs in its own process group, see RQ)."""
        die_with_parent()
        super().main_work_horse(job, queue)

    @property
    def stop_requested(self) -> bool:
        """A warm shutdown was asked for (SIGTERM/SIGINT) during the work loop.

        RQ marks ``_stop_requested`` only for a worker that is busy; an idle one just leaves
        its loop (``StopRequested``), with ``_shutdown_requested_date`` set in both cases.
        Without the date an idle worker's SIGTERM read as "the loop ended by itself" and the
        supervisor started a new worker instead of stopping.
        """
        return bool(getattr(self, "_stop_requested", False) or getattr(self, "_shutdown_requested_date", None))

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
    # The RQ scheduler is a multiprocessing fork of this process: it dies with it too, in every
    # mode. (Without it, a killed single worker left its scheduler behind, holding a copy of the
    # worker's Redis socket with a blocking dequeue pending: the next job pushed was lost to it.)
    multiprocessing.util.register_after_fork(die_with_parent, lambda _f: die_with_parent())
    ensure_schema(settings)
    if warm:
        warm_up(settings)
        prepare_readers()  # before RQ forks a work horse per job

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
    # After worker_max_jobs jobs the loop ends and the process exits (its parent starts a fresh one).
    return supervise(make_worker, conn, burst=burst, max_jobs=settings.worker_max_jobs or None)


RECYCLED_EXIT = 0
"""Exit code of a worker process that ran its ``worker_max_jobs`` (the parent replaces it)."""


def _child(burst: bool, warm: bool) -> None:
    """A worker process of :func:`run_workers`: its own process group, dies with the parent."""
    os.setpgrp()  # the parent can SIGKILL this worker and its RQ scheduler together
    die_with_parent()
    get_settings.cache_clear()
    run_worker(burst=burst, warm=warm)
    sys.exit(RECYCLED_EXIT)


def _kill_group(pid: int, sig: int, *, alive: bool) -> None:
    """Signal a worker's process group (the group id is the worker's pid).

    ``alive``: the worker itself is still running (not reaped), so when its group does not exist
    yet (it has not called ``setpgrp``) the process itself is signalled. A reaped worker's pid
    may be reused: then only its group is signalled.
    """
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        if alive:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass


def run_workers(processes: int, *, burst: bool = False, warm: bool = True, settings: Settings | None = None) -> int:
    """Run ``processes`` worker processes; replace one that exits; stop all on SIGTERM/SIGINT.

    A single process without ``worker_max_jobs`` runs in this process; otherwise this process
    only supervises (so a recycled worker can be replaced). On SIGTERM/SIGINT: a warm stop
    (running jobs may finish) for ``worker_stop_timeout_s``, then a cold stop (RQ kills the
    horse), then SIGKILL of what is left of each worker's process group.

    Returns:
        The exit code (0).
    """
    settings = settings or get_settings()
    if processes <= 1 and not settings.worker_max_jobs:
        run_worker(burst=burst, warm=warm)
        return 0
    ctx = multiprocessing.get_context("spawn")
    stop_at: float | None = None
    procs: list[multiprocessing.process.BaseProcess] = []
    escalated: set[int] = set()

    def start() -> multiprocessing.process.BaseProcess:
        p = ctx.Process(target=_child, args=(burst, warm), daemon=False)
        p.start()
        return p

    def stop(_sig: int, _frame: Any) -> None:
        nonlocal stop_at
        if stop_at is None:
            stop_at = time.monotonic() + settings.worker_stop_timeout_s
            log.warning("workers_stopping", processes=len(procs), timeout_s=settings.worker_stop_timeout_s)
        for p in procs:
            if p.is_alive() and p.pid:
                os.kill(p.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    procs.extend(start() for _ in range(processes))
    while procs:
        time.sleep(0.2)
        if stop_at is not None:
            overdue = time.monotonic() - stop_at
            for p in procs:
                if p.pid and p.is_alive() and overdue >= 0 and p.pid not in escalated:
                    escalated.add(p.pid)
                    log.warning("worker_cold_stop", pid=p.pid)
                    os.kill(p.pid, signal.SIGTERM)  # the second one: RQ kills the horse and exits
                elif p.pid and p.is_alive() and overdue >= COLD_STOP_GRACE_S:
                    log.warning("worker_killed", pid=p.pid)
                    _kill_group(p.pid, signal.SIGKILL, alive=True)
        for p in list(procs):
            if p.is_alive():
                continue
            p.join()
            if p.pid:
                _kill_group(p.pid, signal.SIGKILL, alive=False)  # a scheduler left behind in its group
            if stop_at is not None or burst:
                procs.remove(p)
                continue
            if p.exitcode == RECYCLED_EXIT:
                log.info("worker_recycled", pid=p.pid, max_jobs=settings.worker_max_jobs)
            else:
                log.warning("worker_process_exited", exitcode=p.exitcode, pid=p.pid)
            procs[procs.index(p)] = start()
    return 0
