"""Batch re-verification: real Redis, real worker processes, stored claims (no OCR unless asked)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bench.reverify import Seeded, seed_claims
from intake import repo
from intake.db import ensure_schema, session_scope
from intake.models import AuditEvent, Batch, BatchItem, Claim, Document
from intake.settings import Settings
from matching.rules import RULES_VERSION
from tests.api.conftest import env_for_subprocess
from workers.batch import (
    BatchError,
    BatchFilters,
    BatchWorker,
    batch_queue_name,
    batch_report,
    current_versions,
    diff_checks,
    expected_model_version,
    live_counts,
    report_csv,
    select_claims,
    start_batch,
    summarise,
)
from workers.batch.report import diff_signals

WORKER = """
import sys, time
import workers.batch.jobs as b
delay = float(sys.argv[1])
if delay:  # fault drill: slow each claim down so the test can kill the worker mid-batch
    orig = b.reverify_claim
    def slow(*a, **k):
        time.sleep(delay)
        return orig(*a, **k)
    b.reverify_claim = slow
b.run_batch_worker(burst=True, name=sys.argv[2])
"""

CLEAR_SAMPLES = {"clear-01", "clear-02-photo", "clear-03-mixed", "clear-04-muhammad"}


def _worker(name: str, delay: float = 0.0) -> subprocess.Popen[bytes]:
    name = f"{name}-{os.getpid()}-{time.monotonic_ns()}"
    return subprocess.Popen([sys.executable, "-c", WORKER, str(delay), name], env=env_for_subprocess(),
                            cwd=Path(__file__).resolve().parents[2], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(procs: list[subprocess.Popen[bytes]], timeout: float = 90) -> None:
    for p in procs:
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            raise
        assert p.returncode == 0, (p.stderr.read() if p.stderr else b"").decode(errors="replace")[-3000:]


def _reports(url: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    with session_scope(url) as s:
        return {c.id: json.loads(json.dumps(c.report)) for c in s.scalars(select(Claim).where(Claim.id.in_(ids)))}


def _reverified_events(url: str) -> Counter[str]:
    with session_scope(url) as s:
        rows = s.scalars(select(AuditEvent.claim_id).where(AuditEvent.action == "claim.reverified"))
        return Counter(rows)


def _check_outcome(url: str, batch_id: str, seeded: Seeded, before: dict[str, dict[str, Any]]) -> None:
    """Every claim done once, diffs right, counts equal to the items, rules version current."""
    after = _reports(url, seeded.claim_ids)
    with session_scope(url) as s:
        summary = summarise(s, batch_id)
        changed_rows = batch_report(s, batch_id, "json")["changed"]  # type: ignore[index]
        items = {i.claim_id: i for i in s.scalars(select(BatchItem).where(BatchItem.batch_id == batch_id))}
        rules = dict(s.execute(select(Claim.id, Claim.rules_version)).all())
    n = len(seeded.claim_ids)
    assert summary["total"] == summary["done"] == n and summary["queued"] == summary["failed"] == 0
    assert _reverified_events(url) == Counter({cid: 1 for cid in seeded.claim_ids})
    assert all(rules[cid] == RULES_VERSION for cid in seeded.claim_ids)
    expected_changed = {}
    for cid in seeded.claim_ids:
        diff = diff_checks(before[cid], after[cid])
        new_signals = diff_signals(before[cid], after[cid])
        assert items[cid].changed_checks == diff + new_signals
        # the seeded claims repeat their samples (the same NIK): only that info signal is new
        assert all(e == {"check": "signal:nik_open_claims", "old": None, "new": "info"} for e in new_signals)
        assert items[cid].old_verdict == before[cid]["verdict"] and items[cid].new_verdict == after[cid]["verdict"]
        variant, sample = seeded.variant[cid], seeded.sample[cid]
        if variant in ("plain", "stale_model"):
            assert diff == [] and after[cid]["verdict"] == before[cid]["verdict"], (variant, sample)
        if variant == "field_altered" and sample in CLEAR_SAMPLES:
            assert diff == [{"check": "ktp.nik", "old": "match", "new": "mismatch"}]
            assert (before[cid]["verdict"], after[cid]["verdict"]) == ("clear", "needs_correction")
        if variant == "old_rules" and sample in CLEAR_SAMPLES:
            assert diff == [{"check": "resignation_letter.waiting_period", "old": "mismatch", "new": "match"}]
            assert (before[cid]["verdict"], after[cid]["verdict"]) == ("needs_correction", "clear")
        if diff or new_signals or before[cid]["verdict"] != after[cid]["verdict"]:
            expected_changed[cid] = (before[cid]["verdict"], after[cid]["verdict"])
    assert expected_changed, "the seeded variants must change some claims"
    assert {r["claim_id"]: (r["old_verdict"], r["new_verdict"]) for r in changed_rows} == expected_changed
    assert summary["changed"] == len(expected_changed)
    transitions = Counter(f"{o}->{n}" for o, n in expected_changed.values() if o != n)
    assert summary["verdict_changes"] == dict(transitions)


def test_two_worker_processes_finish_a_batch_with_the_right_counts_and_diff(
    service_settings: Settings, redis_conn: Any
) -> None:
    url = ensure_schema(service_settings)
    seeded = seed_claims(60, settings=service_settings, blobs=False)
    before = _reports(url, seeded.claim_ids)
    start = start_batch(BatchFilters(), "matching", connection=redis_conn, settings=service_settings)
    assert (start.total, start.enqueued, start.resumed) == (60, 60, False)
    _wait([_worker("w1"), _worker("w2")])
    _check_outcome(url, start.batch_id or "", seeded, before)
    with session_scope(url) as s:
        batch = repo.get_batch(s, start.batch_id or "")
        assert batch.status == "done" and batch.finished_at is not None
        assert batch.counts["done"] == 60 and batch.counts["changed"] == summarise(s, batch.id)["changed"]
    # The same filters and versions are the same batch: nothing left to do, nothing sent.
    again = start_batch(BatchFilters(), "matching", connection=redis_conn, settings=service_settings)
    assert (again.batch_id, again.resumed, again.enqueued, again.added) == (start.batch_id, True, 0, 0)


def test_killing_a_worker_mid_batch_loses_nothing(service_settings: Settings, redis_conn: Any) -> None:
    url = ensure_schema(service_settings)
    seeded = seed_claims(60, settings=service_settings, blobs=False)
    before = _reports(url, seeded.claim_ids)
    start = start_batch(BatchFilters(), "matching", connection=redis_conn, settings=service_settings)
    batch_id = start.batch_id or ""
    victim = _worker("victim", delay=0.05)
    deadline = time.monotonic() + 60
    while True:
        with session_scope(url) as s:
            done = live_counts(s, batch_id)["done"]
        if done >= 8:
            break
        assert time.monotonic() < deadline and victim.poll() is None
        time.sleep(0.01)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=10)
    with session_scope(url) as s:
        counts = live_counts(s, batch_id)
    assert 0 < counts["queued"] < 60, counts
    # Running the same filters again continues the batch: jobs still waiting are not sent
    # twice, the job lost with the killed worker is sent again.
    resumed = start_batch(BatchFilters(), "matching", connection=redis_conn, settings=service_settings)
    assert resumed.batch_id == batch_id and resumed.resumed
    from workers.queue import make_queue

    queue = make_queue(redis_conn, service_settings, batch_queue_name(service_settings))
    waiting = [j for j in queue.get_job_ids() if j.startswith(f"reverify-{batch_id}-")]
    with session_scope(url) as s:
        queued_items = live_counts(s, batch_id)["queued"]
    assert len(waiting) == queued_items  # one job per unfinished claim, no duplicates
    _wait([_worker("rescuer")])
    _check_outcome(url, batch_id, seeded, before)


def test_dry_run_enqueues_nothing(service_settings: Settings, redis_conn: Any) -> None:
    url = ensure_schema(service_settings)
    seeded = seed_claims(12, settings=service_settings, blobs=False)
    start = start_batch(BatchFilters(branch="BR1"), "matching", dry_run=True, connection=redis_conn,
                        settings=service_settings, sample_size=3)
    assert start.dry_run and start.batch_id is None
    assert start.selected == sum(1 for b in seeded.branch.values() if b == "BR1") == 4
    assert len(start.sample) == 3 and set(start.sample) <= set(seeded.claim_ids)
    assert redis_conn.keys("rq:job:*") == [] and redis_conn.llen(f"rq:queue:{batch_queue_name(service_settings)}") == 0
    with session_scope(url) as s:
        assert s.scalar(select(func.count()).select_from(Batch)) == 0


def test_stale_selection_picks_only_old_versions(settings: Settings) -> None:
    url = ensure_schema(settings)
    seeded = seed_claims(24, settings=settings, blobs=False)
    versions = current_versions(settings)
    with session_scope(url) as s:
        stale = set(select_claims(s, BatchFilters(stale=True), versions))
    assert stale == {c for c, v in seeded.variant.items() if v in ("old_rules", "stale_model")}
    # A matching-only batch brings the rules version up to date, not the OCR model version.
    start = start_batch(BatchFilters(stale=True), "matching", settings=settings)
    from workers.batch import run_inline

    assert run_inline(start.batch_id or "", settings=settings) == len(stale)
    with session_scope(url) as s:
        still = set(select_claims(s, BatchFilters(stale=True), versions))
        models = set(s.scalars(select(Document.model_version).where(Document.claim_id.in_(still))))
    assert still == {c for c, v in seeded.variant.items() if v == "stale_model"}
    assert models == {"old-model"}


def test_filters_select_the_right_claims(settings: Settings) -> None:
    url = ensure_schema(settings)
    seeded = seed_claims(12, settings=settings, variants=False, blobs=False)
    versions = current_versions(settings)
    with session_scope(url) as s:
        verdicts = dict(s.execute(select(Claim.id, Claim.verdict)).all())
        submitted = dict(s.execute(select(Claim.id, Claim.submitted_on)).all())
        assert set(select_claims(s, BatchFilters(verdict="clear"), versions)) == {
            c for c, v in verdicts.items() if v == "clear"}
        day = sorted(submitted.values())[len(submitted) // 2]
        assert set(select_claims(s, BatchFilters(submitted_from=day), versions)) == {
            c for c, d in submitted.items() if d >= day}
        assert set(select_claims(s, BatchFilters(submitted_to=day, branch="BR2"), versions)) == {
            c for c, d in submitted.items() if d <= day and seeded.branch[c] == "BR2"}
        some = tuple(seeded.claim_ids[:3])
        assert select_claims(s, BatchFilters(claim_ids=some), versions) == list(some)
        with pytest.raises(BatchError) as exc:
            select_claims(s, BatchFilters(claim_ids=(*some, "f" * 32)), versions)
        assert exc.value.code == "batch_unknown_ids"
    with pytest.raises(BatchError):
        BatchFilters(submitted_from=date(2026, 2, 1), submitted_to=date(2026, 1, 1))


def test_full_depth_reads_the_documents_again(service_settings: Settings, redis_conn: Any, fast_engine: Any) -> None:
    """OCR again (a null engine: every document unreadable) records the new engine versions."""
    from rq.serializers import JSONSerializer

    from workers.queue import make_queue

    url = ensure_schema(service_settings)
    seeded = seed_claims(1, settings=service_settings, samples=["clear-01"], variants=False)
    cid = seeded.claim_ids[0]
    start = start_batch(BatchFilters(claim_ids=(cid,)), "full", connection=redis_conn, settings=service_settings)
    queue = make_queue(redis_conn, service_settings, batch_queue_name(service_settings))
    BatchWorker([queue], connection=redis_conn, serializer=JSONSerializer).work(burst=True)
    with session_scope(url) as s:
        docs = repo.current_documents(s, cid)
        assert {(d.state, d.engine, d.model_version) for d in docs.values()} == {("done", "null", "null-1")}
        claim = repo.get_claim(s, cid)
        assert claim.verdict == "needs_review" and claim.rules_version == RULES_VERSION
        [row] = batch_report(s, start.batch_id or "", "json")["changed"]  # type: ignore[index]
    assert (row["old_verdict"], row["new_verdict"]) == ("clear", "needs_review")
    assert {c["new"] for c in row["changed_checks"]} == {"unreadable"}
    # Re-read with the current engine: no longer stale.
    with session_scope(url) as s:
        assert select_claims(s, BatchFilters(stale=True), current_versions(service_settings)) == []


def test_report_csv_format() -> None:
    rows = [{"claim_id": "a" * 32, "old_verdict": "clear", "new_verdict": "needs_correction",
             "changed_checks": [{"check": "ktp.nik", "old": "match", "new": "mismatch"},
                                {"check": "kk.nik", "old": None, "new": "match"}]}]
    assert report_csv(rows).splitlines() == [
        "claim_id,old_verdict,new_verdict,changed_checks",
        f"{'a' * 32},clear,needs_correction,ktp.nik:match->mismatch; kk.nik:none->match",
    ]


def test_diff_checks_lists_status_changes_only() -> None:
    old = {"checks": [{"check": "ktp.nik", "status": "match", "typed": "1"}, {"check": "kk.nik", "status": "match"}]}
    new = {"checks": [{"check": "ktp.nik", "status": "match", "typed": "2"}, {"check": "kk.nik", "status": "review"}]}
    assert diff_checks(old, new) == [{"check": "kk.nik", "old": "match", "new": "review"}]
    assert diff_checks(None, {"checks": [{"check": "kk.nik", "status": "match"}]}) == [
        {"check": "kk.nik", "old": None, "new": "match"}]


@pytest.mark.ocr
def test_expected_model_version_is_what_the_engine_records(models_dir: Path) -> None:
    from ocr.engine import RapidOcrEngine

    assert expected_model_version("rapidocr") == RapidOcrEngine(models_dir, 1).version
