"""Soak and fault run: documents through real workers on PostgreSQL while Redis and a worker die.

What it does (issue 12, Deliver 4):

1. a fresh PostgreSQL database on the local server and a private ``redis-server`` on a free port
   (the bench kills it; the shared test Redis is never touched);
2. ``eklaim worker --processes W`` (the supervised worker pool) in a child process;
3. claims created, uploaded (the five documents of the committed sample claims, in turn) and
   submitted through the HTTP API (the real app, in-process);
4. while the documents are read: Redis killed with SIGKILL and restarted (twice, at about 25% and
   60% of the documents settled) and one worker process killed with SIGKILL (at about 40%);
5. waits for every claim to be verified (the sweeper re-sends what Redis lost), then prints:
   documents accepted by intake, reports produced (must be equal to the claims), claims verified
   more than once (duplicates, must be 0), documents per state, RSS of each worker over time, and
   upload-to-report latency (p50/p95).

Usage::

    .venv/bin/python -m bench.soak --documents 500 --workers 2

Nothing here is a test: it prints measured figures (docs/security.md keeps the latest).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
SAMPLES = [p for p in sorted((REPO / "samples" / "claims").iterdir()) if p.name.startswith("clear-")]
SLOTS = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook")
PG_ADMIN = os.environ.get("EKLAIM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_redis(port: int, workdir: Path) -> subprocess.Popen[bytes]:
    import redis

    proc = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind", "127.0.0.1",
         "--save", "", "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conn = redis.Redis(port=port)
    for _ in range(100):
        try:
            conn.ping()
            return proc
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def _create_database() -> tuple[str, str]:
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(PG_ADMIN)
    name = f"eklaim_soak_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin.set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return name, admin.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)


def _drop_database(name: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(PG_ADMIN).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sample_files() -> list[tuple[dict[str, Any], dict[str, tuple[str, bytes]]]]:
    out = []
    for folder in SAMPLES:
        form = json.loads((folder / "claim.json").read_text(encoding="utf-8"))
        form.pop("claim_id", None)
        files = {}
        for slot in SLOTS:
            path = next(p for p in sorted(folder.glob(f"{slot}.*")) if p.stem == slot)
            files[slot] = (path.name, path.read_bytes())
        out.append((form, files))
    return out


def _worker_rss(pool: psutil.Process) -> dict[int, float]:
    """MB resident of each worker process (the pool's children, not the work horses' brief forks)."""
    out = {}
    for child in pool.children(recursive=False):
        try:
            if "spawn_main" not in " ".join(child.cmdline()):
                continue  # multiprocessing's resource tracker
            out[child.pid] = child.memory_info().rss / 2**20
        except psutil.Error:
            continue
    return out


def _states(url: str) -> dict[str, int]:
    from sqlalchemy import func, select

    from intake.db import session_scope
    from intake.models import Document

    with session_scope(url) as s:
        return {state: n for state, n in s.execute(select(Document.state, func.count()).group_by(Document.state))}


def _verified(url: str) -> tuple[dict[str, Any], Counter[Any]]:
    from sqlalchemy import select

    from intake.db import session_scope
    from intake.models import AuditEvent, Claim

    with session_scope(url) as s:
        done = {cid: at for cid, at in s.execute(select(Claim.id, Claim.report_updated_at).where(Claim.status == "verified"))}
        events = Counter(s.scalars(select(AuditEvent.claim_id).where(AuditEvent.action == "claim.verified")))
    return done, events


def main(argv: list[str] | None = None) -> int:
    """Run the soak; print the figures; exit 0 when reports == claims and no duplicates."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--documents", type=int, default=500, help="documents to send (5 per claim)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=3600, help="seconds to wait for every report")
    args = ap.parse_args(argv)

    n_claims = max(1, args.documents // len(SLOTS))
    work = Path(tempfile.mkdtemp(prefix="eklaim-soak-"))
    db_name, db_url = _create_database()
    port = _free_port()
    redis_proc = _start_redis(port, work)
    env = {k: v for k, v in os.environ.items() if not k.startswith("EKLAIM_")}
    env.update({
        "EKLAIM_ENVIRONMENT": "development",
        "EKLAIM_DATA_DIR": str(work / "data"),
        "EKLAIM_DATABASE_URL": db_url,
        "EKLAIM_REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "EKLAIM_BLOB_BACKEND": "postgres",
        "EKLAIM_MODELS_DIR": str(REPO / "var" / "models"),
        "EKLAIM_SWEEP_AFTER_S": "60",  # what Redis lost is re-sent after a minute
        "EKLAIM_OCR_THREADS": "1",
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
    pool = subprocess.Popen(
        [sys.executable, "-c", "import sys; from api.cli import main; sys.exit(main())", "worker",
         "--processes", str(args.workers)],
        cwd=REPO, env={**os.environ}, stdout=subprocess.DEVNULL, stderr=(work / "workers.log").open("wb"))
    pool_ps = psutil.Process(pool.pid)
    samples = _sample_files()
    client = TestClient(create_app(settings), raise_server_exceptions=False)
    t0 = time.monotonic()
    accepted = 0
    submitted_at: dict[str, float] = {}
    refused: Counter[str] = Counter()
    for i in range(n_claims):
        form, files = samples[i % len(samples)]
        r = client.post("/v1/claims", json=form)
        if r.status_code != 201:
            refused[f"create {r.status_code}"] += 1
            continue
        cid = r.json()["id"]
        for slot, (name, data) in files.items():
            u = client.put(f"/v1/claims/{cid}/documents/{slot}", files={"file": (name, data, "application/octet-stream")})
            if u.status_code in (200, 201):
                accepted += 1
            else:
                refused[f"upload {u.status_code}"] += 1
        s = client.post(f"/v1/claims/{cid}/submit")
        if s.status_code == 202:
            submitted_at[cid] = time.monotonic()
        else:
            refused[f"submit {s.status_code}"] += 1
    intake_s = time.monotonic() - t0
    print(f"intake: {accepted} documents accepted, {len(submitted_at)} claims submitted in {intake_s:.1f} s; refused {dict(refused)}")

    faults = [(0.25, "redis"), (0.40, "worker"), (0.60, "redis")]
    rss_series: list[tuple[float, dict[int, float]]] = []
    fault_log: list[str] = []
    deadline = time.monotonic() + args.timeout
    last_rss = 0.0
    report_after: dict[str, float] = {}
    """Claim id -> seconds from its submit to its report being seen (polled every 2 s)."""
    while time.monotonic() < deadline:
        try:
            states = _states(db_url)
        except Exception:  # noqa: BLE001 - the database is up; a transient error is retried
            time.sleep(1)
            continue
        settled = states.get("done", 0) + states.get("failed", 0)
        frac = settled / max(1, accepted)
        if faults and frac >= faults[0][0]:
            _, what = faults.pop(0)
            at = time.monotonic() - t0
            if what == "redis":
                redis_proc.kill()
                redis_proc.wait()
                time.sleep(5)
                redis_proc = _start_redis(port, work)
                fault_log.append(f"{at:.0f} s: Redis SIGKILLed at {settled}/{accepted} settled, restarted after 5 s")
            else:
                kids = [p for p in pool_ps.children(recursive=False) if p.pid in _worker_rss(pool_ps)]
                if kids:
                    os.kill(kids[0].pid, signal.SIGKILL)
                    fault_log.append(f"{at:.0f} s: worker process {kids[0].pid} SIGKILLed at {settled}/{accepted} settled")
        if time.monotonic() - last_rss >= 15:
            rss_series.append((time.monotonic() - t0, _worker_rss(pool_ps)))
            last_rss = time.monotonic()
        done, _ = _verified(db_url)
        now = time.monotonic()
        for cid in done:
            if cid in submitted_at and cid not in report_after:
                report_after[cid] = now - submitted_at[cid]
        if len(done) >= len(submitted_at) and not faults:
            break
        time.sleep(2)
    total_s = time.monotonic() - t0
    done, events = _verified(db_url)
    states = _states(db_url)

    lat = sorted(report_after.values())
    pool.send_signal(signal.SIGTERM)
    try:
        pool.wait(timeout=60)
    except subprocess.TimeoutExpired:
        pool.kill()
    redis_proc.kill()
    client.close()

    duplicates = sum(1 for n in events.values() if n > 1)
    print("\n| measure | figure |\n|---|---|")
    print(f"| documents accepted by intake | {accepted} |")
    print(f"| claims submitted | {len(submitted_at)} |")
    print(f"| reports produced | {len(done)} |")
    print(f"| claims verified more than once (duplicates) | {duplicates} |")
    print(f"| documents by state | {json.dumps(states, sort_keys=True)} |")
    if lat:
        p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
        print(f"| submit to report, p50 / p95 (2 s polling) | {statistics.median(lat):.0f} s / {p95:.0f} s |")
    print(f"| wall time, first upload to last report | {total_s:.0f} s |")
    print(f"| documents per minute | {60 * sum(states.get(k, 0) for k in ('done', 'failed')) / max(total_s, 1):.1f} |")
    print("\nfaults: " + "; ".join(fault_log))
    print("\nworker RSS over time (MB, per worker process):")
    for t, rss in rss_series:
        print(f"  {t:6.0f} s  " + "  ".join(f"{v:6.0f}" for v in sorted(rss.values())))
    ok = len(done) == len(submitted_at) and duplicates == 0
    shutil.rmtree(work, ignore_errors=True)
    _drop_database(db_name)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
