"""Intake load benchmark: upload latency and throughput against a bare FastAPI baseline, then
end-to-end time to a report.

1. The baseline: :func:`bare_app`, a minimal FastAPI app whose upload route (the same path,
   the same multipart ``file`` part) streams the file to disk with ``shutil.copyfileobj`` and
   answers 201, served the same way (uvicorn, one process, no access log) on a random port.
2. ``eklaim serve`` (uvicorn, one process) on 127.0.0.1 and a random port, with the queue
   on Redis (so the API only checks, stores and enqueues), SQLite and local blobs in a temp folder.

Each gets the same ``--uploads`` uploads (default 200) of distinct 1-4 MB JPEG files from
``--clients`` concurrent clients (default 16), spread over claims of five slots: p50/p95/max
latency and uploads per second of both, and the ratio of the p95s (issue 14's goal: <= 1.5).
``--rounds N`` repeats the pair (baseline first, then eklaim) N times.

3. One claim (the committed clean sample) uploaded and submitted with one warm
   ``eklaim worker`` running: seconds from the last upload's answer to the report
   (``--skip-e2e`` leaves it out).

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
from typing import Annotated, Any

import httpx
import numpy as np
from fastapi import File, UploadFile
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
SLOTS = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook")
FORM = {
    "nik": "3204110508900002", "full_name": "Siti Aminah", "birth_date": "050890", "kpj": "12345678901",
    "claim_reason": "resign", "phone": "081234567890", "email": "siti@example.com", "bank": "BRI",
    "account_number": "012301000123501", "account_holder": "Siti Aminah",
}


BARE_DIR_ENV = "EKLAIM_BENCH_BARE_DIR"
"""Where :func:`bare_app` writes the uploads."""


def bare_app() -> Any:
    """The baseline: the upload route of a minimal FastAPI app, streaming the file to disk.

    ``POST /v1/claims`` answers a new id, ``PUT /v1/claims/{id}/documents/{slot}`` copies the
    multipart ``file`` part to ``$EKLAIM_BENCH_BARE_DIR/<id>-<slot>`` a chunk at a time, and
    ``GET /readyz`` answers 200. Run it with ``uvicorn bench.intake_load:bare_app --factory``.
    """
    import shutil
    import uuid

    from fastapi import FastAPI, status

    folder = Path(os.environ[BARE_DIR_ENV])
    app = FastAPI()

    @app.get("/readyz")
    def readyz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/claims", status_code=status.HTTP_201_CREATED)
    def create() -> dict[str, str]:
        return {"id": uuid.uuid4().hex}

    @app.put("/v1/claims/{claim_id}/documents/{slot}", status_code=status.HTTP_201_CREATED)
    def upload(claim_id: str, slot: str, file: Annotated[UploadFile, File()]) -> dict[str, Any]:
        target = folder / f"{claim_id}-{slot}"
        with target.open("wb") as out:
            shutil.copyfileobj(file.file, out, 1 << 20)
            size = out.tell()
        return {"id": claim_id, "slot": slot, "size": size}

    return app


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


Load = tuple[list[float], float, int]
"""Latencies (s), elapsed (s), errors of one load run."""


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start a server (output discarded)."""
    return subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM a server and wait for it."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()


def run_bare(files: list[bytes], clients: int, env: dict[str, str]) -> Load:
    """The same load on :func:`bare_app` (uvicorn, one process, a fresh folder)."""
    port = free_port()
    folder = tempfile.mkdtemp(prefix="eklaim-bare-")
    server = start([sys.executable, "-m", "uvicorn", "bench.intake_load:bare_app", "--factory", "--host", "127.0.0.1",
                    "--port", str(port), "--log-level", "warning", "--no-access-log"], {**env, BARE_DIR_ENV: folder})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base)
        return asyncio.run(load(base, files, clients))
    finally:
        stop(server)
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def stats(result: Load) -> dict[str, float]:
    """p50/p95/max (ms) and uploads/s of one load run."""
    latencies, elapsed, _ = result
    q = statistics.quantiles(latencies, n=100)
    return {"p50": q[49] * 1000, "p95": q[94] * 1000, "max": max(latencies) * 1000,
            "rate": len(latencies) / elapsed}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--uploads", type=int, default=200)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=1, help="baseline/eklaim pairs, one after the other")
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
    base = f"http://127.0.0.1:{port}"
    pairs: list[tuple[Load, Load]] = []
    e2e = None
    for rnd in range(args.rounds):
        print(f"round {rnd + 1}: baseline ...", file=sys.stderr)
        bare = run_bare(files, args.clients, env)
        print(f"round {rnd + 1}: eklaim ...", file=sys.stderr)
        server = start([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], env)
        try:
            wait_ready(base)
            ours = asyncio.run(load(base, files, args.clients))
            redis.Redis.from_url(redis_url).flushdb()  # the load's jobs are not part of the e2e run
            if rnd == args.rounds - 1 and not args.skip_e2e:
                e2e = end_to_end(base, env)
        finally:
            stop(server)
        pairs.append((bare, ours))
    print(f"{args.uploads} distinct JPEG uploads, {mb:.0f} MB, {args.clients} concurrent clients, "
          "each server uvicorn with one process")
    print("\n| round | server | errors | p50 | p95 | max | uploads/s | MB/s |\n|---|---|---:|---:|---:|---:|---:|---:|")
    errors = 0
    ratios = []
    for rnd, (bare, ours) in enumerate(pairs, 1):
        for name, result in (("bare FastAPI", bare), ("eklaim", ours)):
            st = stats(result)
            errors += result[2]
            print(f"| {rnd} | {name} | {result[2]} | {st['p50']:.0f} ms | {st['p95']:.0f} ms | {st['max']:.0f} ms "
                  f"| {st['rate']:.1f} | {mb / result[1]:.0f} |")
        ratios.append(stats(ours)["p95"] / stats(bare)["p95"])
    print("\np95 eklaim / p95 bare FastAPI (goal <= 1.5): " + ", ".join(f"{r:.2f}" for r in ratios))
    if e2e is not None:
        print(f"worker start (model warm-up): {e2e[2]:.1f} s; "
              f"last upload -> report (1 worker, 5 docs): {e2e[0]:.2f} s (verdict {e2e[1]})")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
