"""Intake load benchmark: upload latency and throughput, then end-to-end time to a report.

Starts ``eklaim serve`` (uvicorn, one process) on 127.0.0.1 and a random port, with the queue
on Redis (so the API only stores and enqueues), SQLite and local blobs in a temp folder.

1. ``--uploads`` uploads (default 200) of distinct 1-4 MB JPEG files by ``--clients``
   concurrent clients (default 16), spread over claims of five slots: p50/p95/max latency and
   uploads per second.
2. One claim (the committed clean sample) uploaded and submitted with one warm
   ``eklaim worker`` running: seconds from the last upload's answer to the report.

Usage: ``nice .venv/bin/python bench/intake_load.py [--uploads 200] [--clients 16]``.
Uses Redis database 14 by default (``EKLAIM_BENCH_REDIS_URL``) and flushes it.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
SLOTS = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook")
FORM = {
    "nik": "3204110508900002", "full_name": "Siti Aminah", "birth_date": "050890", "kpj": "12345678901",
    "claim_reason": "resign", "phone": "081234567890", "email": "siti@example.com", "bank": "BRI",
    "account_number": "012301000123501", "account_holder": "Siti Aminah",
}


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_files(n: int, seed: int = 1) -> list[bytes]:
    """``n`` distinct JPEG files of 1-4 MB (noise does not compress)."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 256, size=(1900, 1900, 3), dtype=np.uint8)
    files = []
    for i in range(n):
        target = 1_000_000 + (i * 3_000_000) // max(n - 1, 1)
        side = int((target / 1.19) ** 0.5)  # ~1.2 bytes per pixel: quality 95 on noise
        img = base[:side, :side].copy()
        img[0, :8] = np.frombuffer(i.to_bytes(24, "big"), dtype=np.uint8).reshape(8, 3)  # unique bytes
        buf = io.BytesIO()
        Image.fromarray(img).save(buf, format="JPEG", quality=95)
        files.append(buf.getvalue())
    return files


def wait_ready(base: str, timeout: float = 60) -> None:
    """Poll ``/readyz`` until it answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not become ready")


async def load(base: str, files: list[bytes], clients: int) -> tuple[list[float], float, int]:
    """Upload every file (five per claim) with ``clients`` concurrent clients."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        n_claims = (len(files) + len(SLOTS) - 1) // len(SLOTS)
        claims = [(await client.post("/v1/claims", json=FORM)).json()["id"] for _ in range(n_claims)]
        jobs = [(claims[i // len(SLOTS)], SLOTS[i % len(SLOTS)], data) for i, data in enumerate(files)]
        queue: asyncio.Queue[tuple[str, str, bytes]] = asyncio.Queue()
        for job in jobs:
            queue.put_nowait(job)
        latencies: list[float] = []
        errors = 0

        async def worker() -> None:
            nonlocal errors
            while not queue.empty():
                claim_id, slot, data = queue.get_nowait()
                t0 = time.perf_counter()
                r = await client.put(f"/v1/claims/{claim_id}/documents/{slot}",
                                     files={"file": (f"{slot}.jpg", data, "image/jpeg")})
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 201:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return latencies, time.perf_counter() - started, errors


def end_to_end(base: str, env: dict[str, str]) -> tuple[float, str, float]:
    """Seconds from the last upload of a clean claim to its report, with one warm worker."""
    sample = REPO / "samples" / "claims" / "clear-01"
    form = json.loads((sample / "claim.json").read_text(encoding="utf-8"))
    worker = subprocess.Popen([sys.executable, "-m", "api.cli", "worker", "--processes", "1"], env=env, cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import redis

        conn = redis.Redis.from_url(env["EKLAIM_REDIS_URL"])
        deadline = time.monotonic() + 120
        while not conn.smembers("rq:workers") and time.monotonic() < deadline:  # warm: model loaded
            time.sleep(0.2)
        warm_s = 120 - (deadline - time.monotonic())
        with httpx.Client(base_url=base, timeout=60) as client:
            claim_id = client.post("/v1/claims", json=form).json()["id"]
            for slot in SLOTS:
                path = next(p for p in sorted(sample.glob(f"{slot}.*")) if p.stem == slot)
                client.put(f"/v1/claims/{claim_id}/documents/{slot}", files={"file": (path.name, path.read_bytes())})
            t0 = time.perf_counter()
            client.post(f"/v1/claims/{claim_id}/submit")
            while True:
                r = client.get(f"/v1/claims/{claim_id}/report")
                if r.status_code == 200:
                    return time.perf_counter() - t0, r.json()["verdict"], warm_s
                if time.perf_counter() - t0 > 300:
                    raise RuntimeError("no report after 300 s")
                time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--uploads", type=int, default=200)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--skip-e2e", action="store_true")
    args = ap.parse_args(argv)

    redis_url = os.environ.get("EKLAIM_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    tmp = tempfile.mkdtemp(prefix="eklaim-bench-")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EKLAIM_")}
    env.update(EKLAIM_DATA_DIR=tmp, EKLAIM_REDIS_URL=redis_url, EKLAIM_ENVIRONMENT="development",
               EKLAIM_PORT=str(port), PYTHONPATH=str(REPO))
    if os.environ.get("EKLAIM_MODELS_DIR"):
        env["EKLAIM_MODELS_DIR"] = os.environ["EKLAIM_MODELS_DIR"]
    print(f"generating {args.uploads} files of 1-4 MB ...", file=sys.stderr)
    files = make_files(args.uploads)
    mb = sum(len(f) for f in files) / 1e6
    server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], env=env, cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base)
        latencies, elapsed, errors = asyncio.run(load(base, files, args.clients))
        redis.Redis.from_url(redis_url).flushdb()  # the load's jobs are not part of the e2e run
        e2e = end_to_end(base, env) if not args.skip_e2e else None
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
    q = statistics.quantiles(latencies, n=100)
    rows = [
        ("uploads", f"{len(latencies)} ({errors} errors), {mb:.0f} MB, {args.clients} clients"),
        ("upload latency p50", f"{q[49] * 1000:.0f} ms"),
        ("upload latency p95", f"{q[94] * 1000:.0f} ms"),
        ("upload latency max", f"{max(latencies) * 1000:.0f} ms"),
        ("throughput", f"{len(latencies) / elapsed:.1f} uploads/s ({mb / elapsed:.0f} MB/s)"),
    ]
    if e2e is not None:
        rows.append(("worker start (model warm-up)", f"{e2e[2]:.1f} s"))
        rows.append(("last upload -> report (1 worker, 5 docs)", f"{e2e[0]:.2f} s (verdict {e2e[1]})"))
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure'.ljust(width)} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
