"""Keep a worker process working across Redis outages.

RQ's work loop gives up on a connection error it meets outside the blocking dequeue (a
heartbeat, a maintenance task, the scheduler): ``Worker.work`` returns and, before this module,
``eklaim worker`` exited and nothing restarted it. :func:`supervise` runs the loop again in the
same process (the OCR engine stays loaded) after waiting for Redis to answer, until the worker
was asked to stop (SIGTERM/SIGINT), or the queue is empty in burst mode.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import redis

from intake.logging import get_logger

log = get_logger(__name__)

REDIS_ERRORS: tuple[type[BaseException], ...] = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
"""The errors that mean "Redis is not answering" (a restart, a network cut), not a bug."""


class Pingable(Protocol):
    """What :func:`wait_for_redis` needs of a connection."""

    def ping(self) -> object:
        """Round trip to the server."""


class SupervisedWorker(Protocol):
    """What :func:`supervise` needs of an RQ worker."""

    def work(self, *, burst: bool, with_scheduler: bool, logging_level: str, max_jobs: int | None = None) -> bool:
        """Run the work loop (at most ``max_jobs`` jobs); returns whether any job ran."""

    @property
    def stop_requested(self) -> bool:
        """The worker was asked to stop (warm shutdown)."""


@dataclass(frozen=True)
class Backoff:
    """Waits between Redis connection attempts: ``first`` doubling up to ``cap`` seconds."""

    first: float = 0.5
    cap: float = 5.0

    def delays(self) -> Callable[[], float]:
        """A function returning the next delay each time it is called."""
        state = {"next": self.first}

        def nxt() -> float:
            delay = state["next"]
            state["next"] = min(delay * 2, self.cap)
            return delay

        return nxt


def wait_for_redis(
    conn: Pingable,
    *,
    backoff: Backoff = Backoff(),
    give_up_after_s: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> bool:
    """Block until ``conn`` answers a PING.

    Args:
        conn: the Redis connection.
        backoff: the waits between attempts.
        give_up_after_s: stop trying after this long (``None``: wait for ever).
        sleep: how to wait (tests pass a fake).
        clock: monotonic seconds.

    Returns:
        True once Redis answers; False if ``give_up_after_s`` passed first.
    """
    start = clock()
    nxt = backoff.delays()
    warned = False
    while True:
        try:
            conn.ping()
        except REDIS_ERRORS as exc:
            if give_up_after_s is not None and clock() - start >= give_up_after_s:
                return False
            delay = nxt()
            if not warned:
                log.warning("redis_unavailable", error=type(exc).__name__, retry_in_s=delay)
                warned = True
            sleep(delay)
            continue
        if warned:
            log.warning("redis_back", waited_s=round(clock() - start, 1))
        return True


def _default_signals() -> None:
    """Put back the default SIGTERM/SIGINT handling RQ replaced for its loop.

    Between two loops there is no job to finish, so a stop request ends the process at once
    instead of setting a flag on a worker that is no longer running.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)


def supervise(
    make_worker: Callable[[], SupervisedWorker],
    conn: Pingable,
    *,
    burst: bool = False,
    backoff: Backoff = Backoff(),
    sleep: Callable[[float], None] = time.sleep,
    max_jobs: int | None = None,
) -> bool:
    """Run workers from ``make_worker`` until one stops on request (or empties the queue in burst).

    A work loop that ends because Redis stopped answering (RQ returns from ``work`` or raises a
    connection error) is started again, with a fresh worker, once Redis answers a PING.
    With ``max_jobs``, a worker that ran that many jobs ends it too (the process is recycled:
    its parent, :func:`workers.worker.run_workers`, starts a fresh one).

    Returns:
        Whether any job ran in the last work loop.
    """
    done = 0
    while True:
        wait_for_redis(conn, backoff=backoff, sleep=sleep)
        worker = make_worker()
        limit = {"max_jobs": max_jobs - done} if max_jobs else {}
        try:
            ran = worker.work(burst=burst, with_scheduler=True, logging_level="WARNING", **limit)
        except REDIS_ERRORS as exc:
            _default_signals()
            log.warning("worker_lost_redis", error=type(exc).__name__)
            continue
        _default_signals()
        done += int(getattr(worker, "jobs_done", 0))
        if burst or worker.stop_requested or (max_jobs and done >= max_jobs):
            return bool(ran)
        try:
            conn.ping()
        except REDIS_ERRORS:
            log.warning("worker_loop_ended_redis_down")
            continue
        # The loop ended with Redis up and no stop request: RQ gave up on an error it met
        # (it logged it). Start again after a pause rather than leave the queue unserved.
        log.warning("worker_loop_ended_restarting")
        sleep(backoff.first)
