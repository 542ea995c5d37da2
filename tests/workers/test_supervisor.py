"""A worker survives Redis going away and coming back (issue 12, item 9).

The real-service test runs its own ``redis-server`` on a free port (the shared test Redis must
not be killed) and an ``eklaim`` worker process against it, kills Redis with SIGKILL, starts it
again, and expects the same worker process to run a job sent afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from workers.supervisor import Backoff, supervise, wait_for_redis

ROOT = Path(__file__).resolve().parents[2]
DOWN_S = 3
"""How long Redis stays down."""


class FlakyConn:
    """A connection whose first ``failures`` pings fail."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.pings = 0

    def ping(self) -> bool:
        self.pings += 1
        if self.pings <= self.failures:
            raise redis.exceptions.ConnectionError("down")
        return True


def test_wait_for_redis_backs_off_until_redis_answers() -> None:
    slept: list[float] = []
    conn = FlakyConn(failures=5)
    assert wait_for_redis(conn, backoff=Backoff(first=0.5, cap=2.0), sleep=slept.append) is True
    assert slept == [0.5, 1.0, 2.0, 2.0, 2.0]
    assert conn.pings == 6


def test_wait_for_redis_gives_up_when_asked() -> None:
    now = [0.0]

    def sleep(s: float) -> None:
        now[0] += s

    assert wait_for_redis(FlakyConn(failures=10**6), give_up_after_s=10, sleep=sleep, clock=lambda: now[0]) is False
    assert now[0] >= 10


class FakeWorker:
    """A worker whose loop raises, returns early, or stops on request, as scripted."""

    def __init__(self, outcome: str) -> None:
        self.outcome = outcome
        self.stop_requested = outcome == "stopped"

    def work(self, *, burst: bool, with_scheduler: bool, logging_level: str) -> bool:
        if self.outcome == "raises":
            raise redis.exceptions.ConnectionError("lost")
        return self.outcome == "stopped"


def test_supervise_starts_a_new_loop_after_redis_errors_until_a_stop_request() -> None:
    outcomes = iter(["raises", "ended", "raises", "stopped"])
    made: list[FakeWorker] = []

    def make() -> FakeWorker:
        made.append(FakeWorker(next(outcomes)))
        return made[-1]

    assert supervise(make, FlakyConn(failures=2), sleep=lambda _s: None) is True
    assert [w.outcome for w in made] == ["raises", "ended", "raises", "stopped"]


def test_supervise_returns_in_burst_mode() -> None:
    made: list[FakeWorker] = []

    def make() -> FakeWorker:
        made.append(FakeWorker("ended"))
        return made[-1]

    assert supervise(make, FlakyConn(failures=0), burst=True, sleep=lambda _s: None) is False
    assert len(made) == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_redis(port: int, workdir: Path) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind", "127.0.0.1",
         "--save", "", "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    conn = redis.Redis(port=port)
    for _ in range(100):
        try:
            conn.ping()
            return proc
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    pytest.fail("private redis-server did not start")


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[tuple[int, list[subprocess.Popen[bytes]]]]:
    """A redis-server of this test only (port, [current process]); killed after the test."""
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed; run `bash scripts/services.sh`")
    port = _free_port()
    procs = [_start_redis(port, tmp_path)]
    try:
        yield port, procs
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
            p.wait()


def _wait_job(conn: redis.Redis, job_id: str, timeout_s: float) -> str | None:
    from rq.job import Job
    from rq.serializers import JSONSerializer

    deadline = time.monotonic() + timeout_s
    status = None
    while time.monotonic() < deadline:
        try:
            status = Job.fetch(job_id, connection=conn, serializer=JSONSerializer).get_status()
        except (redis.exceptions.ConnectionError, Exception):
            status = None
        if status == "finished":
            return status
        time.sleep(0.2)
    return status


def _enqueue(port: int, func: str, *args: object) -> tuple[redis.Redis, str]:
    from rq import Queue
    from rq.serializers import JSONSerializer

    conn = redis.Redis(port=port)
    queue = Queue("eklaim", connection=conn, serializer=JSONSerializer)
    job = queue.enqueue(func, *args)
    return conn, job.id


def test_worker_keeps_working_after_redis_is_killed_and_restarted(private_redis: tuple[int, list[subprocess.Popen[bytes]]], tmp_path: Path) -> None:
    port, procs = private_redis
    env = {k: v for k, v in os.environ.items() if not k.startswith("EKLAIM_")}
    env.update({
        "EKLAIM_ENVIRONMENT": "test",
        "EKLAIM_DATA_DIR": str(tmp_path / "data"),
        "EKLAIM_REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "EKLAIM_QUEUE_NAME": "eklaim",
        "PYTHONPATH": str(ROOT),
    })
    log_file = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "-c", "from workers.worker import run_worker; run_worker(warm=False)"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log_file,
    )
    try:
        conn, job_id = _enqueue(port, "os.getpid")
        assert _wait_job(conn, job_id, 60) == "finished", "the worker never ran a job"

        for _ in range(2):  # killed and restarted twice, as the soak run does
            # Redis dies while a job runs: the worker meets it outside RQ's own retry loop.
            _enqueue(port, "time.sleep", 4)
            time.sleep(1.5)
            procs[0].kill()
            procs[0].wait()
            time.sleep(DOWN_S)
            procs[0] = _start_redis(port, tmp_path)
            time.sleep(1)
            assert worker.poll() is None, "the worker exited when Redis went away"
            conn, job_id = _enqueue(port, "os.getpid")
            assert _wait_job(conn, job_id, 60) == "finished", "the worker did not come back after Redis did"
        assert worker.poll() is None
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        log_file.close()
