"""Jobs, failures, the sweeper and killed workers, on real Redis and a real database.

These tests are about the queue mechanics: documents are read by a fast engine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy import func, select, update

from intake import claims
from intake.db import session_scope
from intake.models import AuditEvent, Document, utcnow
from intake.settings import Settings, get_settings
from tests.api.conftest import CLAIM_FORM, env_for_subprocess, png_bytes
from workers import jobs, service
from workers.queue import RqDispatcher, make_queue
from workers.sweeper import sweep


def _readable(slot: str) -> bytes:
    """A generated document that passes the quality gate (so the OCR engine is called)."""
    from samples.generator import generate_document

    return generate_document(slot, 7)[0]


def _new_claim(client: TestClient, slots: tuple[str, ...] = ("ktp",), readable: bool = False) -> tuple[str, dict[str, str]]:
    claim_id = client.post("/v1/claims", json=CLAIM_FORM).json()["id"]
    docs = {}
    for i, slot in enumerate(slots):
        data = _readable(slot) if readable else png_bytes(color=(i * 40, 90, 90))
        r = client.put(f"/v1/claims/{claim_id}/documents/{slot}", files={"file": (f"{slot}.png", data, "image/png")})
        assert r.status_code == 201, r.text
        docs[slot] = r.json()["id"]
    return claim_id, docs


def _processed_count(doc_id: str) -> int:
    with session_scope() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "document.processed")).all()
        return sum(1 for e in events if (e.detail or {}).get("document_id") == doc_id)


def _doc(doc_id: str) -> Document:
    with session_scope() as s:
        return s.get(Document, doc_id)  # type: ignore[return-value]


def test_duplicate_job_is_a_no_op(client: TestClient, redis_conn: Any, run_worker: Callable[[], int], fast_engine: Any) -> None:
    _, docs = _new_claim(client)
    doc_id = docs["ktp"]
    dispatcher = RqDispatcher(redis_conn)
    dispatcher.queue.enqueue(jobs.process_document_job, doc_id, job_id="dup-1")  # a stray duplicate
    run_worker()
    assert _doc(doc_id).state == "done" and _doc(doc_id).attempts == 1
    assert _processed_count(doc_id) == 1
    dup = Job.fetch("dup-1", connection=redis_conn, serializer=JSONSerializer)
    assert dup.return_value()["outcome"] in {"skipped", "done"}
    # Running it yet again changes nothing.
    assert service.process_document(doc_id, dispatcher).outcome == "skipped"
    assert _processed_count(doc_id) == 1


def test_failure_stores_a_code_never_the_exception_text(
    client: TestClient, redis_conn: Any, run_worker: Callable[[], int]
) -> None:
    from ocr.engine import CrashEngine, set_engine_override

    set_engine_override(CrashEngine(RuntimeError("NIK 3204110508900002 SITI AMINAH")))
    try:
        claim_id, docs = _new_claim(client, readable=True)
        doc_id = docs["ktp"]
        client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true")
        run_worker()
    finally:
        set_engine_override(None)
    doc = _doc(doc_id)
    assert doc.state == "queued" and doc.error_code == "error_RuntimeError"  # a retry is scheduled
    job = Job.fetch(claims.document_job_id(doc_id, 0), connection=redis_conn, serializer=JSONSerializer)
    assert job.get_status() == JobStatus.SCHEDULED and job.retries_left == 2
    # The last retry fails too: the document is failed for good and the claim still gets a report.
    with session_scope() as s:
        s.execute(update(Document).where(Document.id == doc_id).values(state="processing", attempts=3))
    job.retries_left = 0
    job.meta["attempt"] = 3
    jobs.on_document_failure(job, redis_conn, RuntimeError, RuntimeError("NIK 3204110508900002"), None)
    doc = _doc(doc_id)
    assert doc.state == "failed" and doc.error_code == "error_RuntimeError"
    run_worker()  # the verify job sent by the final failure
    report = client.get(f"/v1/claims/{claim_id}/report").json()
    assert report["documents"]["ktp"]["status"] == "unreadable"
    # one reason for a failed document wherever it failed; the finer code stays on the row
    assert report["documents"]["ktp"]["reason"] == "processing_failed"
    assert report["verdict"] == "needs_correction"  # other slots are missing
    with session_scope() as s:
        details = [str(e.detail) for e in s.scalars(select(AuditEvent))]
    assert not any("3204110508900002" in d or "SITI" in d for d in details)


def test_flushed_redis_is_recovered_by_the_sweeper(
    client: TestClient, redis_conn: Any, run_worker: Callable[[], int], fast_engine: Any
) -> None:
    claim_id, docs = _new_claim(client, ("ktp", "kk", "passbook"))
    redis_conn.flushdb()  # every queued job is lost
    assert run_worker() == 0
    assert {_doc(d).state for d in docs.values()} == {"queued"}
    assert sweep(timedelta(hours=1)).requeued == []  # not past the deadline yet
    result = sweep(0)
    assert sorted(result.requeued) == sorted(docs.values())
    again = sweep(0)  # the jobs are pending now: nothing is sent twice
    assert again.requeued == [] and sorted(again.skipped) == sorted(docs.values())
    assert make_queue(redis_conn, get_settings()).count == 3
    run_worker()
    assert {_doc(d).state for d in docs.values()} == {"done"}
    assert all(_processed_count(d) == 1 for d in docs.values())

    # A lost verify job: submit, lose Redis again, the sweeper sends it.
    client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true")
    redis_conn.flushdb()
    run_worker()
    assert client.get(f"/v1/claims/{claim_id}").json()["status"] == "processing"
    assert sweep(0).verified == [claim_id]
    run_worker()
    assert client.get(f"/v1/claims/{claim_id}/report").status_code == 200


def test_stuck_processing_document_is_requeued_then_given_up(
    client: TestClient, redis_conn: Any, run_worker: Callable[[], int], fast_engine: Any
) -> None:
    _, docs = _new_claim(client)
    doc_id = docs["ktp"]
    redis_conn.flushdb()
    old = utcnow() - timedelta(hours=2)
    with session_scope() as s:  # a worker took it two hours ago and died
        s.execute(update(Document).where(Document.id == doc_id).values(state="processing", attempts=1, started_at=old))
    result = sweep(timedelta(minutes=10))
    assert result.requeued == [doc_id]
    doc = _doc(doc_id)
    assert doc.state == "queued" and doc.job_id == claims.document_job_id(doc_id, 1)
    run_worker()
    assert _doc(doc_id).state == "done" and _doc(doc_id).attempts == 2 and _processed_count(doc_id) == 1

    _, docs = _new_claim(client, ("kk",))
    poison = docs["kk"]
    redis_conn.flushdb()
    with session_scope() as s:
        s.execute(update(Document).where(Document.id == poison).values(
            state="processing", attempts=service.MAX_DOCUMENT_ATTEMPTS, started_at=old))
    assert sweep(timedelta(minutes=10)).failed == [poison]
    assert _doc(poison).state == "failed" and _doc(poison).error_code == "too_many_attempts"


def test_sweep_command(client: TestClient, redis_conn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from api.cli import main

    _new_claim(client)
    redis_conn.flushdb()
    assert main(["sweep", "--older-than", "0"]) == 0
    assert '"requeued": 1' in capsys.readouterr().out
    assert make_queue(redis_conn, get_settings()).count == 1


def _wait(pred: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


WORKER_SCRIPT = (
    "from ocr.engine import SlowEngine, set_engine_override; set_engine_override(SlowEngine(1.0)); "
    "from workers.worker import run_worker; run_worker(warm=False)"
)


def test_sigkill_of_the_work_horse_mid_job_completes_exactly_once(
    client: TestClient, service_settings: Settings, redis_conn: Any
) -> None:
    claim_id, docs = _new_claim(client, readable=True)
    doc_id = docs["ktp"]
    client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true")
    worker = subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT], env=env_for_subprocess(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        job_id = claims.document_job_id(doc_id, 0)

        def horse_pid() -> int | None:
            if _doc(doc_id).state != "processing":
                return None
            return Job.fetch(job_id, connection=redis_conn, serializer=JSONSerializer).get_meta().get("pid")

        pid = _wait(horse_pid, 60, "the job to start")
        assert pid != worker.pid
        os.kill(pid, signal.SIGKILL)
        # The worker gives the document back and RQ retries it after 5 s (scheduler on).
        _wait(lambda: _doc(doc_id).state == "done", 60, "the retry to finish the document")
        _wait(lambda: client.get(f"/v1/claims/{claim_id}").json()["status"] == "verified", 30, "the report")
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(5)
    doc = _doc(doc_id)
    assert doc.attempts == 2
    assert _processed_count(doc_id) == 1
    with session_scope() as s:
        retries = s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "document.retry"))
    assert retries == 1
    assert client.get(f"/v1/claims/{claim_id}/report").status_code == 200
