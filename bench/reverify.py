"""Benchmark of batch re-verification: claims per minute with one and two worker processes.

    EKLAIM_OCR_THREADS=1 nice python bench/reverify.py [--matching N] [--full N] [--redis URL]

Seeds a fresh SQLite database (a temp folder) with stored claims built from the committed
sample claims (``samples/claims/*``: their ``truth.json`` gives each document's fields and
status, the files are stored as the documents' blobs), then for each depth and worker count
starts real worker processes (``workers.batch.run_batch_worker``, one OCR thread each for full
depth), waits until they listen, starts a batch and times it until every item is finished.
Prints a table (and ``--json``). The seeding helpers are shared with the tests.

Figures depend on the machine and on what else runs on it; ``docs/reverify.md`` records them.
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
from datetime import date
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "samples" / "claims"
"""Committed synthetic sample claims (folder + truth.json)."""

VARIANT_CYCLE = 6
"""Claim ``i`` gets variant ``i % VARIANT_CYCLE``: see :func:`seed_claims`."""


# ------------------------------------------------------------------------------------------
# Seeding stored claims (shared with tests/workers/test_batch.py and tests/api/test_batches.py)
# ------------------------------------------------------------------------------------------


def load_samples(names: list[str] | None = None) -> list[dict[str, Any]]:
    """The sample claims: ``{"name", "dir", "form", "truth"}``, sorted by name."""
    out = []
    for truth_path in sorted(SAMPLES.glob("*/truth.json")):
        folder = truth_path.parent
        if names is not None and folder.name not in names:
            continue
        out.append({
            "name": folder.name,
            "dir": folder,
            "form": json.loads((folder / "claim.json").read_text(encoding="utf-8")),
            "truth": json.loads(truth_path.read_text(encoding="utf-8")),
        })
    return out


def truth_result(slot: str, tdoc: dict[str, Any], versions: dict[str, str]) -> Any:
    """A ``DocumentResult`` as a perfect OCR run would give it (the truth's fields and status)."""
    from ocr.records import DocStatus, DocumentResult, FieldValue

    status = cast(DocStatus, tdoc.get("expected_status") or "accepted")
    fields = {}
    if status == "accepted":
        for name, value in (tdoc.get("fields") or {}).items():
            fields[name] = FieldValue(value=value, confidence=0.97, page=1, box=[[10.0, 10.0], [200.0, 10.0], [200.0, 40.0], [10.0, 40.0]])
    return DocumentResult(
        slot=slot, status=status, reason=tdoc.get("expected_reason"),
        detected_type=tdoc.get("content") if status in ("accepted", "wrong_type") else None,
        pages=int(tdoc.get("pages") or 1), quality={"blur": 250.0}, fields=fields,
        versions={"engine": versions["engine"], "model": versions["model"], "extractor": versions["extractor"]},
    )


@dataclass
class Seeded:
    """What :func:`seed_claims` stored."""

    claim_ids: list[str] = field(default_factory=list)
    variant: dict[str, str] = field(default_factory=dict)
    """Claim id -> ``plain`` / ``field_altered`` / ``old_rules`` / ``stale_model``."""
    sample: dict[str, str] = field(default_factory=dict)
    """Claim id -> sample folder name."""
    branch: dict[str, str] = field(default_factory=dict)


def _file_facts(path: Path, cache: dict[Path, tuple[bytes, str, int]]) -> tuple[bytes, str, int]:
    if path not in cache:
        from intake.errors import EklaimError
        from intake.files import check_file

        data = path.read_bytes()
        try:
            checked = check_file(data)
            cache[path] = (data, checked.kind, checked.pages)
        except EklaimError:  # e.g. the bad-file sample: kept as the (rejected) upload
            cache[path] = (data, "jpeg", 1)
    return cache[path]


def seed_claims(
    n: int,
    *,
    settings: Any = None,
    samples: list[str] | None = None,
    variants: bool = True,
    blobs: bool = True,
) -> Seeded:
    """Store ``n`` verified claims with stored document results and a report.

    Claim ``i`` copies sample ``i % len(samples)`` (form + perfect-OCR results from its truth)
    into branch ``BR<i % 3>``; its report is built from the stored results with the current
    rules and saved. With ``variants`` some claims are then altered so a re-verification
    changes them (``i % 6``):

    * 1 ``field_altered``: the stored KTP NIK result loses a digit match (as a corrected
      re-OCR would change it): ``ktp.nik`` changes, usually to ``mismatch``;
    * 2 ``old_rules``: the stored report is of rules version ``0``, where the waiting-period
      check was a ``mismatch`` and the verdict ``needs_correction``;
    * 3 ``stale_model``: the documents were read by model ``old-model`` (nothing else differs:
      a matching re-run changes no verdict, a full one re-reads them).
    """
    from intake import repo
    from intake.db import ensure_schema, session_scope
    from intake.fields import validate_claim
    from intake.storage import get_blob_store
    from workers.batch import current_versions
    from workers.restore import load_stored_claim, rebuild_report

    url = ensure_schema(settings)
    versions = current_versions(settings)
    pool = load_samples(samples)
    store = get_blob_store(settings) if blobs else None
    facts: dict[Path, tuple[bytes, str, int]] = {}
    blob_ids: dict[Path, str] = {}
    out = Seeded()
    for i in range(n):
        sample = pool[i % len(pool)]
        variant = "plain"
        if variants:
            variant = {1: "field_altered", 2: "old_rules", 3: "stale_model"}.get(i % VARIANT_CYCLE, "plain")
        form = validate_claim(sample["form"], today=date.fromisoformat(sample["form"]["submitted_on"])).form
        branch = f"BR{i % 3}"
        with session_scope(url) as s:
            claim = repo.create_claim(s, form, branch, form.submitted_on, status="submitted")
            cid = claim.id
            for slot, tdoc in sample["truth"]["documents"].items():
                if not tdoc.get("file"):
                    continue
                path = sample["dir"] / tdoc["file"]
                data, kind, pages = _file_facts(path, facts)
                if store is not None:
                    if path not in blob_ids:
                        blob_ids[path] = store.put(data)
                    blob_id = blob_ids[path]
                else:
                    import hashlib

                    blob_id = hashlib.sha256(data).hexdigest()
                doc, _ = repo.put_document(s, cid, slot, blob_id, kind, len(data), pages, tdoc["file"])
                result = truth_result(slot, tdoc, versions)
                model = "old-model" if variant == "stale_model" else versions["model"]
                repo.mark_document(s, doc.id, "done", result=result.to_json(), engine=versions["engine"],
                                   model_version=model, extractor_version=versions["extractor"])
        with session_scope(url) as s:
            report = rebuild_report(load_stored_claim(s, cid))
            contract = report.as_contract()
            verdict, rules = report.verdict, versions["rules"]
            if variant == "old_rules":
                for c in contract["checks"]:
                    if c["check"] == "resignation_letter.waiting_period":
                        c["status"] = "mismatch"
                verdict, rules = "needs_correction", "0"
                contract["verdict"] = verdict
            repo.save_report(s, cid, contract, verdict, rules)
            if variant == "field_altered":
                ktp = repo.current_documents(s, cid).get("ktp")
                if ktp is not None and ktp.result and ktp.result.get("status") == "accepted":
                    res = json.loads(json.dumps(ktp.result))
                    nik = res["fields"]["nik"]["value"]
                    res["fields"]["nik"]["value"] = nik[:-1] + str((int(nik[-1]) + 5) % 10)
                    ktp.result = res
        out.claim_ids.append(cid)
        out.variant[cid] = variant
        out.sample[cid] = sample["name"]
        out.branch[cid] = branch
    return out


# ------------------------------------------------------------------------------------------
# The benchmark
# ------------------------------------------------------------------------------------------

WORKER_CODE = (
    "import sys; from intake.settings import get_settings; from workers.batch import run_batch_worker;"
    "s = get_settings();\n"
    "if sys.argv[1] == 'warm':\n from ocr.engine import warm_up; warm_up(s)\n"
    "run_batch_worker(s, name=sys.argv[2])"
)


def _env(data_dir: Path, redis_url: str, models_dir: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EKLAIM_") or k == "EKLAIM_OCR_THREADS"}
    env.update({"EKLAIM_ENVIRONMENT": "test", "EKLAIM_DATA_DIR": str(data_dir), "EKLAIM_REDIS_URL": redis_url,
                "EKLAIM_QUEUE_NAME": "eklaim-bench", "PYTHONPATH": str(ROOT)})
    env.setdefault("EKLAIM_OCR_THREADS", "1")
    if models_dir is not None:
        env["EKLAIM_MODELS_DIR"] = str(models_dir)
    return env


def run_case(depth: str, workers: int, claims: int, redis_url: str, models_dir: Path | None,
             backend: str | None = None) -> dict[str, Any]:
    """Seed ``claims`` claims, start ``workers`` worker processes, time one batch of ``depth``."""
    import redis

    from intake.settings import get_settings
    from workers.batch import BatchFilters, batch_workers, live_counts, start_batch

    with tempfile.TemporaryDirectory(prefix="eklaim-bench-") as tmp:
        data_dir = Path(tmp)
        env = _env(data_dir, redis_url, models_dir)
        if backend:
            env["EKLAIM_OCR_BACKEND"] = backend
        os.environ.update(env)
        get_settings.cache_clear()
        settings = get_settings()
        conn = redis.Redis.from_url(redis_url)
        conn.flushdb()
        from intake.db import dispose_engines, session_scope

        seeded = seed_claims(claims, settings=settings, samples=None if depth == "matching" else
                             ["clear-01", "clear-02-photo", "clear-03-mixed", "clear-04-muhammad", "nik-typo",
                              "spouse-passbook", "resigned-recently", "missing-document"])
        procs = [subprocess.Popen([sys.executable, "-c", WORKER_CODE, "warm" if depth == "full" else "cold",
                                   f"bench-{depth}-{workers}-{k}-{os.getpid()}"], env=env, cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for k in range(workers)]
        try:
            deadline = time.monotonic() + 300
            while batch_workers(conn, settings) < workers:
                if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                    err = b"".join(p.stderr.read() if p.poll() is not None and p.stderr else b"" for p in procs)
                    raise RuntimeError(f"workers did not start: {err.decode(errors='replace')[-2000:]}")
                time.sleep(0.2)
            t0 = time.perf_counter()
            start = start_batch(BatchFilters(), depth, connection=conn, settings=settings, new=True)
            while True:
                with session_scope(settings.resolved_database_url) as s:
                    counts = live_counts(s, start.batch_id or "")
                if counts["queued"] == 0:
                    break
                time.sleep(0.05)
            wall = time.perf_counter() - t0
        finally:
            for p in procs:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for p in procs:
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
            dispose_engines()
        return {"depth": depth, "workers": workers, "claims": len(seeded.claim_ids), "seconds": round(wall, 2),
                "claims_per_min": round(len(seeded.claim_ids) / wall * 60, 1), "failed": counts["failed"]}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; returns the exit code."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--matching", type=int, default=600, help="claims in the matching-only runs")
    ap.add_argument("--full", type=int, default=8, help="claims in the full-depth runs (0 skips)")
    ap.add_argument("--redis", default=os.environ.get("EKLAIM_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"))
    ap.add_argument("--models-dir", type=Path, default=None, help="provisioned OCR models (default: under ./var)")
    ap.add_argument("--backend", default=None, help="OCR backend for full depth (paddleocr / rapidocr)")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON too")
    args = ap.parse_args(argv)
    models_dir = args.models_dir or (ROOT / "var" / "models")
    rows = []
    for depth, n in (("matching", args.matching), ("full", args.full)):
        if n <= 0:
            continue
        for w in (1, 2):
            rows.append(run_case(depth, w, n, args.redis, models_dir, args.backend))
            print(f"  {depth:8} {w} worker(s): {rows[-1]['claims_per_min']:>8,.1f} claims/min", file=sys.stderr)
    print(f"{'depth':10}{'workers':>8}{'claims':>8}{'seconds':>10}{'claims/min':>12}{'scaling':>9}")
    for r in rows:
        one = next(x for x in rows if x["depth"] == r["depth"] and x["workers"] == 1)
        scale = r["claims_per_min"] / one["claims_per_min"] if one["claims_per_min"] else 0.0
        print(f"{r['depth']:10}{r['workers']:>8}{r['claims']:>8}{r['seconds']:>10.2f}{r['claims_per_min']:>12,.1f}{scale:>8.2f}x")
    if args.json:
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
