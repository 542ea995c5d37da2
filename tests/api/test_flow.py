"""The whole intake flow over HTTP on real Redis (and PostgreSQL): create, upload, submit,
work the queue, read the report; idempotent uploads; events; webhook; in-process mode."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from intake.db import session_scope
from intake.models import AuditEvent, Blob, Document
from intake.settings import Settings, get_settings
from tests.api.conftest import CLAIM_FORM, png_bytes
from workers.queue import make_queue


def _upload(client: TestClient, claim_id: str, slot: str, name: str, data: bytes) -> Any:
    return client.put(f"/v1/claims/{claim_id}/documents/{slot}", files={"file": (name, data, "application/octet-stream")})


@pytest.mark.ocr
def test_clean_claim_end_to_end_with_real_ocr(
    client: TestClient,
    run_worker: Callable[[], int],
    redis_conn: Any,
    sample_claim: tuple[dict[str, str], dict[str, tuple[str, bytes]]],
    models_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EKLAIM_MODELS_DIR", str(models_dir))
    get_settings.cache_clear()
    form, files = sample_claim
    r = client.post("/v1/claims", json=form)
    assert r.status_code == 201, r.text
    claim_id = r.json()["id"]
    assert r.json()["status"] == "draft"

    ids = {}
    for slot, (name, data) in files.items():
        r = _upload(client, claim_id, slot, name, data)
        assert r.status_code == 201, r.text
        ids[slot] = r.json()["id"]
        assert r.json()["state"] == "queued"
    # The same bytes again: same document, no second job.
    name, data = files["ktp"]
    again = _upload(client, claim_id, "ktp", "again.jpg", data)
    assert again.status_code == 200 and again.json()["id"] == ids["ktp"] and again.json()["created"] is False
    queue = make_queue(redis_conn, get_settings())
    assert sorted(queue.job_ids) == sorted(f"doc-{i}-0" for i in ids.values())

    r = client.post(f"/v1/claims/{claim_id}/submit")
    assert r.status_code == 202 and r.json()["status"] == "submitted"
    assert client.get(f"/v1/claims/{claim_id}/report").status_code == 202
    assert _upload(client, claim_id, "kk", "late.png", png_bytes()).status_code == 409

    run_worker()
    claim = client.get(f"/v1/claims/{claim_id}").json()
    assert claim["status"] == "verified"
    assert {d["state"] for d in claim["documents"].values()} == {"done"}
    report = client.get(f"/v1/claims/{claim_id}/report")
    assert report.status_code == 200
    body = report.json()
    assert body["claim_id"] == claim_id
    assert body["verdict"] == "clear", json.dumps({s: d["status"] for s, d in body["documents"].items()})
    assert {c["check"] for c in body["checks"]} >= {"ktp.nik", "passbook.account_holder"}
    assert all(d["status"] == "accepted" for d in body["documents"].values())
    assert body["processing"]["status"] == "verified"
    assert {d["state"] for d in body["processing"]["documents"].values()} == {"done"}

    # Server-sent events of a verified claim: status, then report, then the stream ends.
    with client.stream("GET", f"/v1/claims/{claim_id}/events") as stream:
        text = "".join(stream.iter_text())
    assert "event: status" in text and "event: report" in text and '"verdict":"clear"' in text

    metrics = client.get("/metrics").text
    assert 'eklaim_uploads_total{outcome="created"} 5.0' in metrics
    assert 'eklaim_uploads_total{outcome="unchanged"} 1.0' in metrics
    assert 'eklaim_documents{state="done"} 5.0' in metrics


def test_new_upload_replaces_slot_and_is_read_again(
    client: TestClient, claim_id: str, run_worker: Callable[[], int], fast_engine: Any
) -> None:
    first = _upload(client, claim_id, "ktp", "a.png", png_bytes(color=(10, 10, 10))).json()
    run_worker()
    second = _upload(client, claim_id, "ktp", "b.png", png_bytes(color=(250, 250, 250)))
    assert second.status_code == 201 and second.json()["id"] != first["id"]
    docs = client.get(f"/v1/claims/{claim_id}").json()["documents"]
    assert docs["ktp"]["id"] == second.json()["id"] and docs["ktp"]["state"] == "queued"
    run_worker()
    assert client.get(f"/v1/claims/{claim_id}").json()["documents"]["ktp"]["state"] == "done"
    with session_scope() as s:
        rows = s.scalars(select(Document).where(Document.claim_id == claim_id)).all()
        assert sorted((d.superseded, d.state) for d in rows) == [(False, "done"), (True, "done")]


def test_patch_draft_then_submitted_claim_is_frozen(client: TestClient, claim_id: str, run_worker: Callable[[], int]) -> None:
    r = client.patch(f"/v1/claims/{claim_id}", json={"phone": "+62 812 9999 0000", "branch": None})
    assert r.status_code == 200, r.text
    assert r.json()["form"]["phone"] == "6281299990000" and r.json()["form"]["branch"] == ""
    assert r.json()["form"]["nik"] == CLAIM_FORM["nik"]
    # A draft saves what was typed; the problem comes back as a blocking warning (issue 16).
    bad = client.patch(f"/v1/claims/{claim_id}", json={"nik": "123"})
    assert bad.status_code == 200 and [(w["field"], w["soft"]) for w in bad.json()["warnings"]
                                       if w["field"] == "nik"] == [("nik", False)]
    assert client.get(f"/v1/claims/{claim_id}").json()["form"]["nik"] == "123"  # kept as typed
    assert client.get(f"/v1/claims/{claim_id}/report").status_code == 409  # a draft has no report
    refused = client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true")
    assert refused.status_code == 422 and refused.json()["code"] == "form_invalid"
    assert client.patch(f"/v1/claims/{claim_id}", json={"nik": CLAIM_FORM["nik"]}).status_code == 200
    assert client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true").status_code == 202
    assert client.post(f"/v1/claims/{claim_id}/submit").status_code == 202  # idempotent
    frozen = client.patch(f"/v1/claims/{claim_id}", json={"phone": "081234567891"})
    assert frozen.status_code == 409 and frozen.json()["code"] == "claim_not_draft"
    run_worker()  # no documents: every slot is missing
    report = client.get(f"/v1/claims/{claim_id}/report").json()
    assert report["verdict"] == "needs_correction"
    assert {d["status"] for d in report["documents"].values()} == {"missing"}


def test_soft_warnings_come_back_in_the_body(client: TestClient) -> None:
    form = dict(CLAIM_FORM, nik="9904110508900002")  # a structurally valid NIK, unknown region
    r = client.post("/v1/claims", json=form)
    assert r.status_code == 201  # a draft is saved whatever its problems (issue 16)
    nik = [w for w in r.json()["warnings"] if w["field"] == "nik"]
    assert nik and nik[0]["code"].startswith("nik_") and nik[0]["message"]["en"]


def test_postgres_database_and_blob_backend(
    postgres_url: str,
    settings: Settings,
    redis_url: str,
    redis_conn: Any,
    monkeypatch: pytest.MonkeyPatch,
    make_client: Callable[..., TestClient],
    run_worker: Callable[[], int],
    fast_engine: Any,
) -> None:
    monkeypatch.setenv("EKLAIM_REDIS_URL", redis_url)
    monkeypatch.setenv("EKLAIM_DATABASE_URL", postgres_url)
    monkeypatch.setenv("EKLAIM_BLOB_BACKEND", "postgres")
    get_settings.cache_clear()
    client = make_client(get_settings())
    claim_id = client.post("/v1/claims", json=CLAIM_FORM).json()["id"]
    data = png_bytes(color=(1, 2, 3))
    doc = _upload(client, claim_id, "passbook", "p.png", data).json()
    assert client.get("/readyz").json() == {"status": "ready", "checks": {"database": "ok", "storage": "ok", "redis": "ok"}}
    client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true")
    run_worker()
    assert client.get(f"/v1/claims/{claim_id}/report").status_code == 200
    with session_scope(postgres_url) as s:
        assert s.get(Blob, hashlib.sha256(data).hexdigest()) is not None
        assert s.get(Document, doc["id"]).state == "done"
    assert not (Path(settings.data_dir) / "blobs").exists()  # nothing on the local disk


class _Receiver(BaseHTTPRequestHandler):
    calls: ClassVar[list[tuple[dict[str, str], bytes]]] = []
    statuses: ClassVar[list[int]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).calls.append((dict(self.headers), body))
        status = type(self).statuses.pop(0) if type(self).statuses else 200
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, type[_Receiver]]]:
    handler = type("Receiver", (_Receiver,), {"calls": [], "statuses": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", handler
    server.shutdown()


@pytest.fixture
def allow_private_webhooks(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The receiver below listens on 127.0.0.1: allow private webhook targets (issue 12)."""
    monkeypatch.setenv("EKLAIM_WEBHOOK_ALLOW_PRIVATE", "true")
    get_settings.cache_clear()


def test_webhook_is_signed_and_retried(
    allow_private_webhooks: None, client: TestClient, run_worker: Callable[[], int], redis_conn: Any, receiver: Any, fast_engine: Any
) -> None:
    url, handler = receiver
    handler.statuses = [500]  # the first delivery fails and is retried
    r = client.post("/v1/claims", json=dict(CLAIM_FORM, webhook_url=url))
    assert r.status_code == 201
    claim_id, secret = r.json()["id"], r.json()["webhook_secret"]
    assert secret and len(secret) == 64
    assert client.get(f"/v1/claims/{claim_id}").json().get("webhook_secret") is None  # shown once
    client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true")
    run_worker()
    assert len(handler.calls) == 1
    from rq.job import Job, JobStatus
    from rq.serializers import JSONSerializer

    job = Job.fetch(f"claim-{claim_id}-webhook", connection=redis_conn, serializer=JSONSerializer)
    assert job.get_status() == JobStatus.SCHEDULED and job.retries_left == 4
    # Deliver the retry now (the scheduler would after its interval).
    from workers.service import deliver_webhook

    assert deliver_webhook(claim_id).outcome == "done"
    # One POST per event, in order, each signed and with its id (issue 16).
    payloads = []
    for headers, body in handler.calls[1:]:
        expected = hmac.new(secret.encode(), headers["X-Eklaim-Timestamp"].encode() + b"." + body, hashlib.sha256).hexdigest()
        assert headers["X-Eklaim-Signature"] == f"sha256={expected}"
        payloads.append(json.loads(body))
        assert headers["X-Eklaim-Event-Id"] == str(payloads[-1]["event_id"])
    assert [p["event"] for p in payloads] == ["claim.submitted", "claim.verified", "claim.revision_opened"]
    ids = [p["event_id"] for p in payloads]
    assert ids == sorted(set(ids))
    verified = payloads[1]
    assert verified["claim_id"] == claim_id and verified["verdict"] == "needs_correction" and verified["revision"] == 1
    assert set(verified) == {"event", "event_id", "claim_id", "at", "revision", "status", "verdict", "rules_version",
                             "report_url"}  # no personal data
    assert deliver_webhook(claim_id).outcome == "skipped"  # every event was acknowledged: nothing twice
    with session_scope() as s:
        actions = [e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim_id))]
    assert "webhook.delivered" in actions


def test_in_process_mode_without_redis(
    settings: Settings, make_client: Callable[..., TestClient], fast_engine: Any
) -> None:
    from workers.runner import InProcessRunner, get_dispatcher

    assert settings.redis_url is None
    client = make_client(settings)
    runner = get_dispatcher(settings)
    assert isinstance(runner, InProcessRunner)
    claim_id = client.post("/v1/claims", json=CLAIM_FORM).json()["id"]
    assert _upload(client, claim_id, "ktp", "k.png", png_bytes()).status_code == 201
    assert client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true").status_code == 202
    assert runner.wait_idle(30)
    report = client.get(f"/v1/claims/{claim_id}/report")
    assert report.status_code == 200, report.text
    assert report.json()["documents"]["ktp"]["status"] == "unreadable"  # the null engine reads nothing
    assert client.get("/readyz").json()["checks"] == {"database": "ok", "storage": "ok"}
