"""`eklaim worker --processes N` with real processes and real Redis (issue 14, item 5).

A stop (SIGTERM) ends every process it started within its timeout, running jobs included; a
SIGKILLed parent leaves no orphan; a worker is recycled after ``EKLAIM_WORKER_MAX_JOBS`` jobs.
The OCR model is not loaded (``warm=False``): the jobs are plain ``time.sleep`` / ``os.getpid``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from rq import Queue, Worker
from rq.job import Job
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer

REPO = Path(__file__).resolve().parents[2]
SCRIPT = "import sys; from workers.worker import run_workers; sys.exit(run_workers(int(sys.argv[1]), warm=False))"
STOP_TIMEOUT_S = 2.0

pytestmark = pytest.mark.redis


def _wait_for(cond: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _alive(pids: list[int]) -> list[int]:
    out = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                out.append(pid)
        except psutil.NoSuchProcess:
            continue
    return out


@pytest.fixture
def pool(tmp_path: Path, redis_conn: Any, redis_url: str) -> Iterator[Callable[..., tuple[subprocess.Popen[bytes], Queue]]]:
    started: list[subprocess.Popen[bytes]] = []
    tracked: list[int] = []

    def start(processes: int, max_jobs: int = 0) -> tuple[subprocess.Popen[bytes], Queue]:
        queue_name = f"h14-{uuid.uuid4().hex[:8]}"
        env = {**os.environ, "PYTHONPATH": str(REPO), "EKLAIM_REDIS_URL": redis_url,
               "EKLAIM_DATA_DIR": str(tmp_path / "data"), "EKLAIM_QUEUE_NAME": queue_name,
               "EKLAIM_WORKER_STOP_TIMEOUT_S": str(STOP_TIMEOUT_S), "EKLAIM_WORKER_MAX_JOBS": str(max_jobs)}
        proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(processes)], cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started.append(proc)
        return proc, Queue(queue_name, connection=redis_conn, serializer=JSONSerializer)

    def track(pids: list[int]) -> None:
        tracked.extend(pids)

    start.track = track  # type: ignore[attr-defined]
    yield start
    for proc in started:  # never leave a process behind, whatever the test did
        for pid in _alive([c.pid for c in _descendants(proc.pid)] + tracked):
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _started(queue: Queue, n: int) -> Callable[[], bool]:
    return lambda: StartedJobRegistry(queue.name, connection=queue.connection).count >= n


def test_sigterm_stops_every_process_within_the_timeout_even_mid_job(pool: Any) -> None:
    parent, queue = pool(2)
    for _ in range(2):
        queue.enqueue("time.sleep", 120, job_timeout=300)
    _wait_for(_started(queue, 2), 180, "both workers to start a job")
    family = [p.pid for p in _descendants(parent.pid)]
    pool.track(family)
    assert len(family) >= 4, "two workers and their two horses"
    t0 = time.monotonic()
    parent.send_signal(signal.SIGTERM)
    parent.wait(timeout=STOP_TIMEOUT_S + 5.0 + 15.0)
    took = time.monotonic() - t0
    assert parent.returncode == 0, (parent.stderr.read() if parent.stderr else b"").decode(errors="replace")[-2000:]
    _wait_for(lambda: not _alive(family), 10, "every worker, scheduler and horse to be gone")
    assert took < STOP_TIMEOUT_S + 5.0 + 10.0, took


@pytest.mark.parametrize("processes", [1, 2])
def test_sigterm_stops_idle_workers_at_once(pool: Any, processes: int) -> None:
    """An idle worker's SIGTERM is a stop, not a loop to restart (seen by bench/worker_memory:
    the restarted worker outlived the stop and took the next run's first job)."""
    parent, queue = pool(processes)
    _wait_for(lambda: Worker.count(queue=queue) >= processes, 120, "the workers to register")
    time.sleep(1)  # idle in the blocking dequeue
    family = [p.pid for p in _descendants(parent.pid)]
    pool.track(family)
    t0 = time.monotonic()
    parent.send_signal(signal.SIGTERM)
    parent.wait(timeout=30)
    took = time.monotonic() - t0
    stderr = (parent.stderr.read() if parent.stderr else b"").decode(errors="replace")
    assert parent.returncode == 0, stderr[-2000:]
    assert "worker_loop_ended_restarting" not in stderr
    assert took < 10.0, took  # no restart, no cold stop needed: nothing was running
    _wait_for(lambda: not _alive(family), 10, "every worker and scheduler to be gone")


def test_a_killed_parent_leaves_no_orphan(pool: Any) -> None:
    parent, queue = pool(2)
    queue.enqueue("time.sleep", 120, job_timeout=300)
    _wait_for(_started(queue, 1), 180, "a worker to start a job")
    _wait_for(lambda: len(_descendants(parent.pid)) >= 3, 60, "both workers and a horse")
    _kill_and_expect_no_orphan(pool, parent, "the workers and the horse to die with their parent")


def _kill_and_expect_no_orphan(pool: Any, parent: subprocess.Popen[bytes], what: str) -> None:
    """SIGKILL ``parent``; every process under it must be gone within 15 s."""
    family = [p.pid for p in _descendants(parent.pid)]
    pool.track(family)
    parent.kill()
    parent.wait()
    _wait_for(lambda: not _alive(family), 15, what)


def test_a_killed_single_worker_leaves_no_scheduler_behind(pool: Any) -> None:
    """One process without max jobs runs the worker in the started process: its RQ scheduler
    (a fork holding a copy of the worker's Redis socket) dies with it too."""
    parent, queue = pool(1)
    _wait_for(lambda: Worker.count(queue=queue) >= 1, 120, "the worker to register")
    _wait_for(lambda: len(_descendants(parent.pid)) >= 1, 60, "its scheduler")
    _kill_and_expect_no_orphan(pool, parent, "the scheduler to die with the worker")


def test_a_worker_is_recycled_after_max_jobs(pool: Any) -> None:
    parent, queue = pool(1, max_jobs=2)
    jobs = [queue.enqueue("os.getpid") for _ in range(6)]

    def finished() -> bool:
        return all(Job.fetch(j.id, connection=queue.connection, serializer=JSONSerializer).get_status() == "finished"
                   for j in jobs)

    _wait_for(finished, 240, "the six jobs")
    workers = [Job.fetch(j.id, connection=queue.connection, serializer=JSONSerializer).worker_name for j in jobs]
    assert len(set(workers)) == 3, workers  # two jobs per worker process, then a fresh one
    assert parent.poll() is None, "the parent keeps serving"
    pool.track([p.pid for p in _descendants(parent.pid)])
    parent.send_signal(signal.SIGTERM)
    parent.wait(timeout=30)
    assert parent.returncode == 0
