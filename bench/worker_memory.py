"""Worker memory over many documents: one worker process, RSS from start to end, recycling.

Issue 14 (Deliver 5): RSS <= 1.5 GB per worker and flat (< 10% growth) over 1,000 documents;
workers recycle after ``EKLAIM_WORKER_MAX_JOBS`` jobs.

What it does:

1. a temporary data folder (SQLite, local blobs), the queue on ``EKLAIM_BENCH_REDIS_URL``
   (default Redis database 9, flushed);
2. ``eklaim worker --processes 1`` with ``EKLAIM_WORKER_MAX_JOBS=--max-jobs`` (0: never
   recycled), started and left to load its model (the RSS "at start");
3. ``--docs`` documents (default 1000: the five documents of the committed ``clear-*`` sample
   claims, in turn, each upload a new document of a new claim) uploaded through the HTTP API
   (the real app, in-process), each one a document job (OCR pipeline in a work horse RQ forks);
4. every ``--interval`` seconds: the RSS of the worker process (the long-lived one holding the
   model; a new pid is a recycle) and of its work horse, against the documents settled so far.

Prints, per worker process and overall: RSS at start (model loaded and registered with RQ, no
job of its own yet), after the warm-up (``--warmup`` documents settled), at the end, the growth
from warm-up to end, the peak RSS and private memory (USS) of a child (the work horse RQ forks
per job shares the model's pages with the worker; its USS is what a job adds), the documents
per minute, and the recycle count.

Usage::

    nice -n 10 .venv/bin/python -m bench.worker_memory --docs 300 --max-jobs 100
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
SLOTS = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook")


@dataclass
class Generation:
    """One worker process (a recycle starts the next one)."""

    pid: int
    samples: list[tuple[int, float]] = field(default_factory=list)
    """(documents settled, worker RSS in MB) at each sample while this process was alive."""
    child_rss_mb: float = 0.0
    """Largest RSS of one of its children (the work horse, the RQ scheduler) in a sample."""
    child_uss_mb: float = 0.0
    """Largest private memory (USS) of one of its children in a sample: what a job adds on top
    of the pages the forked work horse shares with the worker."""


def _sample_files() -> list[tuple[str, str, bytes]]:
    """(slot, file name, bytes) of the five documents of each ``clear-*`` sample claim."""
    out = []
    for folder in sorted((REPO / "samples" / "claims").iterdir()):
        if not folder.name.startswith("clear-"):
            continue
        for slot in SLOTS:
            path = next(p for p in sorted(folder.glob(f"{slot}.*")) if p.stem == slot)
            out.append((slot, path.name, path.read_bytes()))
    return out


def _settled(url: str) -> int:
    """Documents done or failed."""
    from sqlalchemy import func, select

    from intake.db import session_scope
    from intake.models import Document

    with session_scope(url) as s:
        return int(s.scalar(select(func.count()).where(Document.state.in_(("done", "failed")))) or 0)


def _states(url: str) -> dict[str, int]:
    from sqlalchemy import func, select

    from intake.db import session_scope
    from intake.models import Document

    with session_scope(url) as s:
        return {state: n for state, n in s.execute(select(Document.state, func.count()).group_by(Document.state))}


def _worker_process(pool: psutil.Process, recycling: bool) -> psutil.Process | None:
    """The worker process: the started one, or (recycling) the one under its supervising parent
    (None between a recycle and the next start)."""
    if not recycling:
        return pool
    for child in pool.children(recursive=False):
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                return child  # not multiprocessing's resource tracker
        except psutil.Error:
            continue
    return None


def _children_memory(proc: psutil.Process) -> tuple[float, float]:
    """Largest RSS and largest private memory (USS) of ``proc``'s children, in MB (0 when none)."""
    rss = uss = 0.0
    for child in proc.children(recursive=False):
        try:
            info = child.memory_full_info()
        except psutil.Error:
            continue
        rss, uss = max(rss, info.rss / 2**20), max(uss, info.uss / 2**20)
    return rss, uss


def _registered_pids(conn: Any) -> set[int]:
    """Pids of the RQ workers registered in Redis (a worker registers once its model is loaded)."""
    pids = set()
    for key in conn.smembers("rq:workers"):
        pid = conn.hget(key, "pid")
        if pid:
            pids.add(int(pid))
    return pids


def _left_over(data_dir: Path) -> list[psutil.Process]:
    """Processes still running with this run's data dir in their environment (after the stop)."""
    mine = f"EKLAIM_DATA_DIR={data_dir}".encode()
    found = []
    for proc in psutil.process_iter():
        try:
            with open(f"/proc/{proc.pid}/environ", "rb") as fh:
                if mine in fh.read().split(b"\0"):
                    found.append(proc)
        except OSError:
            continue
    return [p for p in found if p.pid != os.getpid()]


def _rss(proc: psutil.Process) -> float | None:
    try:
        return float(proc.memory_info().rss / 2**20)
    except psutil.Error:
        return None


def _at(samples: list[tuple[int, float]], settled: int) -> float:
    """The RSS of the first sample with at least ``settled`` documents settled (else the last)."""
    return next((mb for n, mb in samples if n >= settled), samples[-1][1])


def main(argv: list[str] | None = None) -> int:
    """Run the bench; print the figures; exit 0 when every document settled."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="documents to read (default 1000)")
    ap.add_argument("--max-jobs", type=int, default=250, help="EKLAIM_WORKER_MAX_JOBS (0: never recycle)")
    ap.add_argument("--warmup", type=int, default=10, help="documents settled before the warm-up RSS")
    ap.add_argument("--interval", type=float, default=1.0, help="seconds between RSS samples")
    ap.add_argument("--timeout", type=float, default=3600)
    args = ap.parse_args(argv)

    import redis

    redis_url = os.environ.get("EKLAIM_BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
    redis.Redis.from_url(redis_url).flushdb()
    work = Path(tempfile.mkdtemp(prefix="eklaim-mem-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("EKLAIM_")}
    env.update({
        "EKLAIM_ENVIRONMENT": "development",
        "EKLAIM_DATA_DIR": str(work),
        "EKLAIM_REDIS_URL": redis_url,
        "EKLAIM_MODELS_DIR": os.environ.get("EKLAIM_MODELS_DIR", str(REPO / "var" / "models")),
        "EKLAIM_WORKER_MAX_JOBS": str(args.max_jobs),
        "PYTHONPATH": str(REPO),
    })
    os.environ.update(env)
    from fastapi.testclient import TestClient

    from api.app import create_app
    from intake.db import ensure_schema
    from intake.settings import get_settings

    get_settings.cache_clear()
    settings = get_settings()
    ensure_schema(settings)
    url = settings.resolved_database_url
    # With max jobs, a supervising parent starts the worker process (a recycle is a new pid);
    # without, the one worker runs in the started process itself.
    cmd = [sys.executable, "-c", "import sys; from api.cli import main; sys.exit(main())", "worker", "--processes", "1"]
    pool = subprocess.Popen(cmd, cwd=REPO, env={**os.environ}, stdout=subprocess.DEVNULL,
                            stderr=(work / "worker.log").open("wb"))
    pool_ps = psutil.Process(pool.pid)
    conn = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + 180
    while not conn.smembers("rq:workers") and time.monotonic() < deadline:  # model loaded, registered
        time.sleep(0.2)
    generations: list[Generation] = []

    def sample(settled: int) -> None:
        worker = _worker_process(pool_ps, args.max_jobs > 0)
        if worker is None or worker.pid not in _registered_pids(conn):
            return  # between a recycle and the new process's model being loaded
        mb = _rss(worker)
        if mb is None:
            return
        if not generations or generations[-1].pid != worker.pid:
            generations.append(Generation(worker.pid))
        gen = generations[-1]
        gen.samples.append((settled, mb))
        child_rss, child_uss = _children_memory(worker)
        gen.child_rss_mb, gen.child_uss_mb = max(gen.child_rss_mb, child_rss), max(gen.child_uss_mb, child_uss)

    sample(0)  # at start: model loaded, no job yet
    files = _sample_files()
    client = TestClient(create_app(settings), raise_server_exceptions=False)
    form = json.loads((REPO / "samples" / "claims" / "clear-01" / "claim.json").read_text(encoding="utf-8"))
    form.pop("claim_id", None)
    t0 = time.monotonic()
    uploaded = 0
    claim_id = None
    for i in range(args.docs):
        slot, name, data = files[i % len(files)]
        if i % len(SLOTS) == 0:
            claim_id = client.post("/v1/claims", json=form).json()["id"]
        r = client.put(f"/v1/claims/{claim_id}/documents/{slot}", files={"file": (name, data)})
        uploaded += r.status_code in (200, 201)
        if i % 25 == 0:
            sample(_settled(url))
    client.close()
    print(f"{uploaded} documents uploaded in {time.monotonic() - t0:.0f} s", file=sys.stderr)
    settled = 0
    last_print = 0.0
    while time.monotonic() - t0 < args.timeout:
        settled = _settled(url)
        sample(settled)
        if time.monotonic() - last_print > 30:
            print(f"  {time.monotonic() - t0:5.0f} s: {settled}/{uploaded} settled", file=sys.stderr)
            last_print = time.monotonic()
        if settled >= uploaded:
            break
        time.sleep(args.interval)
    elapsed = time.monotonic() - t0
    sample(settled)
    pool.send_signal(signal.SIGTERM)
    try:
        pool.wait(timeout=60)
    except subprocess.TimeoutExpired:
        pool.kill()
    time.sleep(2)
    stray = _left_over(work)
    for proc in stray:  # this run's own processes only (its data dir), after the stop
        proc.kill()

    print(f"\n{settled} of {uploaded} documents settled ({json.dumps(_states(url), sort_keys=True)}) in "
          f"{elapsed:.0f} s ({60 * settled / max(elapsed, 1):.1f} documents/min); one worker process, "
          f"EKLAIM_WORKER_MAX_JOBS={args.max_jobs}; warm-up = {args.warmup} documents")
    print("\n| worker process | documents | RSS at start | after warm-up | at the end | growth (warm-up -> end) "
          "| child RSS / USS peak |\n|---|---:|---:|---:|---:|---:|---:|")
    for k, gen in enumerate(generations, 1):
        first_n = gen.samples[0][0]
        last_n = gen.samples[-1][0]
        warm = _at(gen.samples, first_n + args.warmup)
        end = gen.samples[-1][1]
        print(f"| {k} | {first_n}-{last_n} | {gen.samples[0][1]:.0f} MB | {warm:.0f} MB | {end:.0f} MB "
              f"| {100 * (end - warm) / warm:+.1f}% | {gen.child_rss_mb:.0f} / {gen.child_uss_mb:.0f} MB |")
    first = generations[0]
    start_mb = first.samples[0][1]
    warm_mb = _at(first.samples, args.warmup)
    end_mb = generations[-1].samples[-1][1]
    peak = max(mb for g in generations for _, mb in g.samples)
    print(f"\noverall: RSS at start {start_mb:.0f} MB, after warm-up {warm_mb:.0f} MB, at the end {end_mb:.0f} MB "
          f"(growth {100 * (end_mb - warm_mb) / warm_mb:+.1f}%), worker peak {peak:.0f} MB, "
          f"child (work horse) peak RSS {max(g.child_rss_mb for g in generations):.0f} MB "
          f"(USS {max(g.child_uss_mb for g in generations):.0f} MB), "
          f"recycles {len(generations) - 1}")
    if stray:
        print(f"\nWARNING: {len(stray)} process(es) of this run still ran 2 s after the worker's stop "
              f"(killed): {[p.pid for p in stray]}")
    import shutil

    shutil.rmtree(work, ignore_errors=True)
    return 0 if settled >= uploaded else 1


if __name__ == "__main__":
    sys.exit(main())
