"""Admin batch routes: start, progress, report; admins only."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from rq.serializers import JSONSerializer

from bench.reverify import seed_claims
from intake.db import ensure_schema, session_scope
from intake.settings import Settings
from workers.batch import BatchWorker, batch_queue_name


def _token(settings: Settings, role: str) -> dict[str, str]:
    from api.auth import create_user, issue_session_token

    with session_scope(ensure_schema(settings)) as s:
        user = create_user(s, f"{role}-user", "a-long-password-1", role=role)
        token = issue_session_token(user, settings)
    return {"Authorization": f"Bearer {token}"}


def test_admin_starts_follows_and_exports_a_batch(client: TestClient, service_settings: Settings, redis_conn: Any) -> None:
    from workers.queue import make_queue

    seeded = seed_claims(12, settings=service_settings, blobs=False)
    admin = _token(service_settings, "admin")
    dry = client.post("/v1/admin/batches", json={"branch": "BR0", "dry_run": True}, headers=admin)
    assert dry.status_code == 202, dry.text
    assert dry.json()["selected"] == 4 and dry.json()["batch_id"] is None

    r = client.post("/v1/admin/batches", json={"depth": "matching", "stale": False}, headers=admin)
    assert r.status_code == 202, r.text
    batch_id = r.json()["batch_id"]
    assert r.json()["enqueued"] == 12
    progress = client.get(f"/v1/admin/batches/{batch_id}", headers=admin).json()
    assert progress["counts"]["queued"] == 12 and progress["status"] in ("queued", "running")

    queue = make_queue(redis_conn, service_settings, batch_queue_name(service_settings))
    BatchWorker([queue], connection=redis_conn, serializer=JSONSerializer).work(burst=True)

    done = client.get(f"/v1/admin/batches/{batch_id}", headers=admin).json()
    assert done["status"] == "done" and done["counts"]["done"] == 12
    altered = {c for c, v in seeded.variant.items() if v in ("field_altered", "old_rules")}
    report = client.get(f"/v1/admin/batches/{batch_id}/report?format=json", headers=admin).json()
    # the seeded claims share sample NIKs: a claim may also change by a new (info) signal only
    changed = {row["claim_id"] for row in report["changed"]
               if any(not str(c["check"]).startswith("signal:") for c in row["changed_checks"])
               or row["old_verdict"] != row["new_verdict"]}
    assert len(changed) >= 2 and changed <= altered
    assert done["counts"]["changed"] == len(report["changed"])
    csv = client.get(f"/v1/admin/batches/{batch_id}/report", params={"format": "csv"}, headers=admin)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert len(csv.text.splitlines()) == 1 + len(report["changed"])
    assert client.get(f"/v1/admin/batches/{batch_id}/report?format=xml", headers=admin).status_code == 422


def test_batches_are_admin_only(client: TestClient, service_settings: Settings, redis_conn: Any) -> None:
    reviewer = _token(service_settings, "reviewer")
    assert client.post("/v1/admin/batches", json={}).status_code == 401
    assert client.post("/v1/admin/batches", json={}, headers=reviewer).status_code == 403
    assert client.get("/v1/admin/batches/" + "0" * 32, headers=reviewer).status_code == 403
    admin = _token(service_settings, "admin")
    assert client.get("/v1/admin/batches/" + "0" * 32, headers=admin).status_code == 404
    bad = client.post("/v1/admin/batches", json={"depth": "deep"}, headers=admin)
    assert bad.status_code == 422
    unknown = client.post("/v1/admin/batches", json={"claim_ids": ["f" * 32]}, headers=admin)
    assert unknown.status_code == 404 and unknown.json()["code"] == "batch_unknown_ids"
