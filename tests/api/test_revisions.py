"""Issue 16 through the API on real Redis + SQLite: corrections and resubmission (revisions),
the reviewer's re-upload request, closed claims saying why, partial drafts, missing documents,
idempotent create and submit, X-Request-ID, events with ids, the OpenAPI contract.

The queue-mechanics tests read with the ``NullEngine`` (every document ``unreadable``); the
whole loop with the real OCR models (``needs_correction`` -> PATCH / replace -> revision 2
``clear``) is marked ``ocr``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from intake.db import session_scope
from intake.models import AuditEvent, Document
from intake.settings import Settings, get_settings
from tests.api.conftest import CLAIM_FORM, png_bytes

SLOTS = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook")


def _upload(client: TestClient, claim_id: str, slot: str, data: bytes, name: str = "f.png") -> Any:
    return client.put(f"/v1/claims/{claim_id}/documents/{slot}", files={"file": (name, data, "application/octet-stream")})


def _doc_png(i: int) -> bytes:
    return png_bytes(color=(20 + i * 30, 90, 120))


def _processed(claim_id: str) -> dict[str, int]:
    """Document id -> how many times a worker read it (``document.processed`` audit entries)."""
    out: dict[str, int] = {}
    with session_scope() as s:
        for e in s.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim_id,
                                                    AuditEvent.action == "document.processed")):
            doc_id = (e.detail or {})["document_id"]
            out[doc_id] = out.get(doc_id, 0) + 1
    return out


def _actions(claim_id: str) -> list[tuple[str, dict[str, Any]]]:
    with session_scope() as s:
        return [(e.action, e.detail or {}) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.claim_id == claim_id).order_by(AuditEvent.id))]


def _needs_correction_claim(client: TestClient, run_worker: Callable[[], int]) -> tuple[str, dict[str, str]]:
    """A verified ``needs_correction`` claim: four documents, the passbook never uploaded."""
    claim_id = client.post("/v1/claims", json=CLAIM_FORM).json()["id"]
    ids = {}
    for i, slot in enumerate(SLOTS[:4]):
        r = _upload(client, claim_id, slot, _doc_png(i))
        assert r.status_code == 201, r.text
        ids[slot] = r.json()["id"]
    assert client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true").status_code == 202
    run_worker()
    claim = client.get(f"/v1/claims/{claim_id}").json()
    assert claim["status"] == "verified" and claim["verdict"] == "needs_correction", claim
    return claim_id, ids


# -- Revisions --------------------------------------------------------------------------------


def test_needs_correction_opens_then_resubmit_reads_only_changed_documents(
    client: TestClient, run_worker: Callable[[], int], fast_engine: Any
) -> None:
    claim_id, ids = _needs_correction_claim(client, run_worker)
    claim = client.get(f"/v1/claims/{claim_id}").json()
    assert claim["revision"] == 1
    corr = claim["correction"]
    assert corr["source"] == "verdict" and corr["fields"] is True and corr["slots"] == list(SLOTS)
    assert corr["revision"] == 2
    first_report = client.get(f"/v1/claims/{claim_id}/report").json()
    assert first_report["revision"] == 1 and first_report["documents"]["passbook"]["status"] == "missing"

    # The claimant fixes what was asked: a typed field and the documents.
    r = client.patch(f"/v1/claims/{claim_id}", json={"phone": "0812 1111 2222"})
    assert r.status_code == 200 and r.json()["form"]["phone"] == "6281211112222", r.text
    assert _upload(client, claim_id, "passbook", _doc_png(9)).status_code == 201
    replaced = _upload(client, claim_id, "ktp", _doc_png(8))
    assert replaced.status_code == 201 and replaced.json()["id"] != ids["ktp"]
    run_worker()  # the new documents are read now; nothing is verified before the submit
    assert client.get(f"/v1/claims/{claim_id}").json()["status"] == "verified"
    assert client.get(f"/v1/claims/{claim_id}").json()["correction"]["edited"] is True
    # A re-verification now (a reviewer's button, a batch) leaves revision 1's report alone.
    from workers.service import verify_claim

    assert verify_claim(claim_id).detail["why"] == "correction_in_progress"
    assert client.get(f"/v1/claims/{claim_id}/report").json()["documents"]["passbook"]["status"] == "missing"

    r = client.post(f"/v1/claims/{claim_id}/submit")
    assert r.status_code == 202 and r.json()["revision"] == 2 and r.json()["correction"] is None
    assert client.get(f"/v1/claims/{claim_id}/report").status_code == 202  # revision 2 under way
    assert client.get(f"/v1/claims/{claim_id}/report").json()["previous_report_url"].endswith("/revisions/1/report")
    run_worker()
    report = client.get(f"/v1/claims/{claim_id}/report")
    assert report.status_code == 200 and report.json()["revision"] == 2
    assert report.json()["documents"]["passbook"]["status"] != "missing"

    # Only the changed documents were read again; the unchanged ones kept their one reading.
    counts = _processed(claim_id)
    for slot in ("kk", "bpjs_card", "resignation_letter"):
        assert counts[ids[slot]] == 1
    assert counts[replaced.json()["id"]] == 1 and counts[ids["ktp"]] == 1
    revisions = client.get(f"/v1/claims/{claim_id}/revisions").json()
    assert [(r["revision"], r["changed_slots"]) for r in revisions] == [
        (1, ["bpjs_card", "kk", "ktp", "resignation_letter"]), (2, ["ktp", "passbook"])]
    # Revision 1's report stays readable.
    old = client.get(revisions[0]["report_url"])
    assert old.status_code == 200 and old.json()["revision"] == 1 and old.json()["verdict"] == "needs_correction"
    assert old.json()["documents"]["passbook"]["status"] == "missing"
    assert client.get(f"/v1/claims/{claim_id}/revisions/9/report").status_code == 404
    actions = _actions(claim_id)
    assert ("claim.revision_opened", {"revision": 2, "slots": list(SLOTS), "fields": True, "source": "verdict"}) in actions
    submitted = [d for a, d in actions if a == "claim.submitted"]
    assert [d["revision"] for d in submitted] == [1, 2] and submitted[1]["changed"] == ["ktp", "passbook"]
    assert [d["revision"] for a, d in actions if a == "claim.verified"] == [1, 2]


def test_closed_claims_answer_409_saying_why(
    client: TestClient, run_worker: Callable[[], int], fast_engine: Any
) -> None:
    # Being checked.
    claim_id = client.post("/v1/claims", json=CLAIM_FORM).json()["id"]
    for i, slot in enumerate(SLOTS):
        assert _upload(client, claim_id, slot, _doc_png(i)).status_code == 201
    assert client.post(f"/v1/claims/{claim_id}/submit").status_code == 202
    r = client.patch(f"/v1/claims/{claim_id}", json={"phone": "081234567891"})
    assert r.status_code == 409 and r.json()["code"] == "claim_not_draft" and "checked" in r.json()["message"]["en"]
    # Verified needs_review: an officer looks, the claimant waits (stored as the verify job would).
    run_worker()
    from intake import claims as intake_claims
    from intake import repo

    with session_scope() as s:
        claim = repo.save_report(s, claim_id, {"claim_id": claim_id, "verdict": "needs_review", "documents": {},
                                               "checks": []}, "needs_review", "test")
        intake_claims.after_verified(s, claim)
    assert client.get(f"/v1/claims/{claim_id}").json()["correction"] is None
    for r in (client.patch(f"/v1/claims/{claim_id}", json={"phone": "081234567891"}),
              _upload(client, claim_id, "ktp", _doc_png(7))):
        assert r.status_code == 409 and r.json()["code"] == "claim_in_review", r.text
        assert r.json()["message"]["id"] and "officer" in r.json()["message"]["en"]
    # Clear: closed with its own reason.
    with session_scope() as s:
        repo.save_report(s, claim_id, {"claim_id": claim_id, "verdict": "clear", "documents": {}, "checks": []},
                         "clear", "test")
    r = _upload(client, claim_id, "kk", _doc_png(6))
    assert r.status_code == 409 and r.json()["code"] == "claim_clear" and "matched" in r.json()["message"]["en"]


# -- The reviewer asks for one document again ---------------------------------------------------


@pytest.fixture
def reviewer(service_settings: Settings) -> str:
    from api.auth import create_user
    from intake.db import ensure_schema

    with session_scope(ensure_schema(service_settings)) as s:
        create_user(s, "rina", "correct horse battery", "reviewer", [CLAIM_FORM["branch"]])
    return "rina"


def _decide(client: TestClient, claim_id: str, action: str, reason: str = "", slots: tuple[str, ...] = ()) -> Any:
    from tests.api.review.conftest import csrf

    token = csrf(client, f"/review/claims/{claim_id}")
    code = {"approve": "checked_by_reviewer", "request_correction": "document_unreadable", "reject": "other"}[action]
    data: dict[str, Any] = {"action": action, "reason": reason or "Diperiksa.", "reason_code": code, "confirm": "1", "csrf_token": token}
    if slots:
        data["slots"] = list(slots)
    return client.post(f"/review/claims/{claim_id}/decision", data=data, follow_redirects=False)


def test_reviewer_asks_for_one_document_again(
    client: TestClient, run_worker: Callable[[], int], fast_engine: Any, reviewer: str
) -> None:
    from tests.api.review.conftest import login

    claim_id = client.post("/v1/claims", json=CLAIM_FORM).json()["id"]
    ids = {slot: _upload(client, claim_id, slot, _doc_png(i)).json()["id"] for i, slot in enumerate(SLOTS)}
    assert client.post(f"/v1/claims/{claim_id}/submit").status_code == 202
    run_worker()
    assert client.get(f"/v1/claims/{claim_id}").json()["correction"]["slots"] == list(SLOTS)  # the verdict opened all
    assert login(client, reviewer).status_code == 303
    reason = "Foto buku tabungan terpotong, unggah halaman pertama yang utuh."
    assert _decide(client, claim_id, "request_correction", reason, ("passbook",)).status_code == 303

    claim = client.get(f"/v1/claims/{claim_id}").json()
    corr = claim["correction"]
    assert (corr["slots"], corr["fields"], corr["reason"], corr["source"]) == (["passbook"], False, reason, "reviewer")
    # Exactly that slot opens: another slot and the typed fields stay closed, saying why.
    other = _upload(client, claim_id, "ktp", _doc_png(8))
    assert other.status_code == 409 and other.json()["code"] == "slot_not_open"
    patch = client.patch(f"/v1/claims/{claim_id}", json={"phone": "081234567891"})
    assert patch.status_code == 409 and patch.json()["code"] == "fields_not_open"
    new = _upload(client, claim_id, "passbook", _doc_png(9))
    assert new.status_code == 201
    assert client.post(f"/v1/claims/{claim_id}/submit").json()["revision"] == 2
    run_worker()
    counts = _processed(claim_id)
    assert all(counts[ids[s]] == 1 for s in SLOTS) and counts[new.json()["id"]] == 1
    revisions = client.get(f"/v1/claims/{claim_id}/revisions").json()
    assert [r["changed_slots"] for r in revisions] == [list(sorted(SLOTS)), ["passbook"]]
    # The reviewer sees both revisions and reads the first one's report (audited).
    page = client.get(f"/review/claims/{claim_id}").text
    assert "Revision 1" in page and "Revision 2" in page
    old = client.get(f"/review/claims/{claim_id}/revisions/1")
    assert old.status_code == 200 and old.json()["revision"] == 1
    assert ("revision.viewed", {"revision": 1}) in _actions(claim_id)
    # Approve: closed for good.
    assert _decide(client, claim_id, "approve").status_code == 303
    r = _upload(client, claim_id, "passbook", _doc_png(10))
    assert r.status_code == 409 and r.json()["code"] == "claim_approved"
    events = [a for a, _ in _actions(claim_id)]
    assert "claim.revision_opened" in events and "decision.approve" in events


def test_rejected_claim_cannot_be_reopened(
    client: TestClient, run_worker: Callable[[], int], fast_engine: Any, reviewer: str
) -> None:
    from tests.api.review.conftest import login

    claim_id, _ids = _needs_correction_claim(client, run_worker)
    assert client.get(f"/v1/claims/{claim_id}").json()["correction"] is not None
    assert login(client, reviewer).status_code == 303
    assert _decide(client, claim_id, "reject", "Klaim ganda.").status_code == 303
    assert client.get(f"/v1/claims/{claim_id}").json()["correction"] is None
    r = client.patch(f"/v1/claims/{claim_id}", json={"phone": "081234567891"})
    assert r.status_code == 409 and r.json()["code"] == "claim_rejected"
    r = _decide(client, claim_id, "request_correction", "Unggah ulang KTP.", ("ktp",))
    assert r.status_code == 409  # the reviewer page answers in HTML: the claim is rejected


def test_open_for_correction_refuses_bad_requests(client: TestClient, claim_id: str) -> None:
    from intake.claims import Conflict, open_for_correction
    from intake.errors import EklaimError

    with session_scope() as s:
        with pytest.raises(EklaimError) as bad_slot:
            open_for_correction(s, claim_id, slots=["selfie"], reason="x", actor="rina")
        assert bad_slot.value.code == "slot_invalid" and bad_slot.value.http_status == 422
        with pytest.raises(EklaimError) as empty:
            open_for_correction(s, claim_id, slots=[], reason="x", actor="rina")
        assert empty.value.code == "correction_empty"
        with pytest.raises(EklaimError) as no_reason:
            open_for_correction(s, claim_id, slots=["ktp"], reason="  ", actor="rina")
        assert no_reason.value.code == "reason_required"
        with pytest.raises(Conflict) as draft:
            open_for_correction(s, claim_id, slots=["ktp"], reason="x", actor="rina")
        assert draft.value.code == "claim_is_draft"


# -- Drafts and submit ---------------------------------------------------------------------------


def test_partial_draft_is_saved_and_blocks_only_at_submit(client: TestClient, fast_engine: Any) -> None:
    r = client.post("/v1/claims", json={"full_name": "Siti Aminah", "nik": "3204 1105 0890"})
    assert r.status_code == 201, r.text
    claim_id = r.json()["id"]
    warnings = {w["field"]: w for w in r.json()["warnings"]}
    assert warnings["nik"]["soft"] is False and warnings["nik"]["code"].startswith("nik_")
    assert "kpj" in warnings and r.json()["form"]["full_name"]
    # The rest arrives later; the draft keeps what came before.
    rest = {k: v for k, v in CLAIM_FORM.items() if k not in ("full_name",)}
    r = client.patch(f"/v1/claims/{claim_id}", json=rest)
    assert r.status_code == 200 and not [w for w in r.json()["warnings"] if not w["soft"]], r.text
    body = client.post(f"/v1/claims/{claim_id}/submit").json()
    assert body["code"] == "documents_missing" and body["missing"] == list(SLOTS)
    assert [p["field"] for p in body["problems"]] == [f"documents.{s}" for s in SLOTS]
    assert all(p["message"]["id"] and p["message"]["en"] for p in body["problems"])
    for i, slot in enumerate(SLOTS[:3]):
        _upload(client, claim_id, slot, _doc_png(i))
    r = client.post(f"/v1/claims/{claim_id}/submit")
    assert r.status_code == 422 and r.json()["missing"] == ["resignation_letter", "passbook"]
    assert client.get(f"/v1/claims/{claim_id}").json()["status"] == "draft"  # nothing frozen


def test_pensiun_claim_needs_no_letter(client: TestClient, fast_engine: Any) -> None:
    claim_id = client.post("/v1/claims", json=dict(CLAIM_FORM, claim_reason="Usia pensiun")).json()["id"]
    r = client.post(f"/v1/claims/{claim_id}/submit")
    assert r.status_code == 422 and r.json()["missing"] == ["ktp", "kk", "bpjs_card", "passbook"]
    for i, slot in enumerate(("ktp", "kk", "bpjs_card", "passbook")):
        assert _upload(client, claim_id, slot, _doc_png(i)).status_code == 201
    assert client.post(f"/v1/claims/{claim_id}/submit").status_code == 202


# -- Idempotency ---------------------------------------------------------------------------------


def test_idempotent_create(client: TestClient) -> None:
    headers = {"Idempotency-Key": "form-7f3a-0001"}
    first = client.post("/v1/claims", json=CLAIM_FORM, headers=headers)
    again = client.post("/v1/claims", json=CLAIM_FORM, headers=headers)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    other = client.post("/v1/claims", json=dict(CLAIM_FORM, phone="081299998888"), headers=headers)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    bad = client.post("/v1/claims", json=CLAIM_FORM, headers={"Idempotency-Key": "has space"})
    assert bad.status_code == 422 and bad.json()["code"] == "idempotency_key_invalid"
    # Without a key every POST is a new claim; with another key too.
    assert client.post("/v1/claims", json=CLAIM_FORM).json()["id"] != first.json()["id"]
    assert client.post("/v1/claims", json=CLAIM_FORM, headers={"Idempotency-Key": "k2"}).json()["id"] != first.json()["id"]


def test_idempotent_create_under_concurrent_retries(client: TestClient) -> None:
    ids: list[str] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def post() -> None:
        r = client.post("/v1/claims", json=CLAIM_FORM, headers={"Idempotency-Key": "burst-1"})
        with lock:
            statuses.append(r.status_code)
            ids.append(r.json().get("id", r.text))

    threads = [threading.Thread(target=post) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(statuses) == [200, 200, 200, 201] and len(set(ids)) == 1, (statuses, ids)


def test_idempotent_submit_never_creates_a_later_revision(
    client: TestClient, run_worker: Callable[[], int], fast_engine: Any
) -> None:
    claim_id = client.post("/v1/claims", json=CLAIM_FORM).json()["id"]
    for i, slot in enumerate(SLOTS[:4]):
        _upload(client, claim_id, slot, _doc_png(i))
    key = {"Idempotency-Key": "submit-1"}
    assert client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true", headers=key).status_code == 202
    run_worker()  # needs_correction: open again
    assert client.get(f"/v1/claims/{claim_id}").json()["correction"] is not None
    retry = client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true", headers=key)  # the lost answer's retry
    assert retry.status_code == 202 and retry.json()["revision"] == 1 and retry.json()["correction"] is not None
    fresh = client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true", headers={"Idempotency-Key": "submit-2"})
    assert fresh.json()["revision"] == 2


# -- Request ids, events, OpenAPI --------------------------------------------------------------


def test_request_id_is_echoed_and_logged(client: TestClient) -> None:
    import logging

    import structlog
    from structlog.testing import LogCapture

    capture = LogCapture()
    saved = structlog.get_config()
    structlog.configure(processors=[structlog.contextvars.merge_contextvars, capture],
                        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
                        cache_logger_on_first_use=False)
    try:
        r = client.get("/v1/claims/" + "e" * 32, headers={"X-Request-ID": "req-abc.123"})
    finally:
        structlog.configure(**saved)
    logs = capture.entries
    assert r.status_code == 404 and r.headers["X-Request-ID"] == "req-abc.123"
    line = next(e for e in logs if e["event"] == "request")
    assert line["request_id"] == "req-abc.123" and line["status"] == 404 and line["route"].endswith("/claims/{claim_id}")
    generated = client.post("/v1/claims", json=CLAIM_FORM, headers={"X-Request-ID": "bad id\twith junk"})
    assert generated.headers["X-Request-ID"] != "bad id\twith junk" and len(generated.headers["X-Request-ID"]) == 32
    too_large = client.post("/v1/claims", content=b"x" * 70_000, headers={"Content-Type": "application/json"})
    assert too_large.status_code == 413 and too_large.headers.get("X-Request-ID")


def test_sse_events_carry_ids_and_resume(
    client: TestClient, run_worker: Callable[[], int], fast_engine: Any
) -> None:
    claim_id = client.post("/v1/claims", json=CLAIM_FORM).json()["id"]
    for i, slot in enumerate(SLOTS):
        _upload(client, claim_id, slot, _doc_png(i))
    client.post(f"/v1/claims/{claim_id}/submit")
    run_worker()
    with client.stream("GET", f"/v1/claims/{claim_id}/events") as stream:
        text = "".join(stream.iter_text())
    assert text.startswith("retry: 3000\n\n")
    blocks = [b for b in text.split("\n\n") if b.startswith("id: ")]
    events = [(int(b.split("\n")[0][4:]), b.split("\n")[1][7:], json.loads(b.split("\n")[2][6:])) for b in blocks]
    names = [name for _, name, _ in events]
    assert names.count("document.read") == 5 and names[0] == "claim.submitted" and "claim.verified" in names
    assert all(data["event_id"] == eid for eid, _, data in events)
    reads = {data["slot"]: data["status"] for _, name, data in events if name == "document.read"}
    assert reads == dict.fromkeys(SLOTS, "unreadable")
    assert "event: report" in text
    # A reconnecting client gets only what came after its last id.
    last = events[2][0]
    with client.stream("GET", f"/v1/claims/{claim_id}/events", headers={"Last-Event-ID": str(last)}) as stream:
        again = "".join(stream.iter_text())
    resumed = [int(b.split("\n")[0][4:]) for b in again.split("\n\n") if b.startswith("id: ")]
    assert resumed == [eid for eid, _, _ in events if eid > last]


def test_openapi_documents_key_errors_and_report(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey", "in": "header", "name": "X-API-Key",
        "description": doc["components"]["securitySchemes"]["ApiKey"]["description"]}
    report_op = doc["paths"]["/v1/claims/{claim_id}/report"]["get"]
    assert {"ApiKey": []} in report_op["security"] and "401" in report_op["responses"]
    schemas = doc["components"]["schemas"]
    assert schemas["ReportPublic"]["properties"]["checks"]["items"]["$ref"].endswith("/CheckPublic")
    assert "not_applicable" in schemas["CheckPublic"]["properties"]["status"]["enum"]
    assert set(schemas["ErrorPublic"]["required"]) == {"code", "message"}
    submit = doc["paths"]["/v1/claims/{claim_id}/submit"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in submit["parameters"])
    assert "422" in submit["responses"]


# -- The whole loop with the real OCR models -----------------------------------------------------


@pytest.mark.ocr
def test_whole_loop_with_real_ocr_needs_correction_then_revision_2_clear(
    client: TestClient, run_worker: Callable[[], int], models_dir: Path, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A KK uploaded in the KTP slot and a typo in the typed NIK: ``needs_correction``; the
    claimant replaces the KTP and fixes the NIK; revision 2 reads only the KTP and is ``clear``."""
    from samples.generator import generate_claim

    monkeypatch.setenv("EKLAIM_MODELS_DIR", str(models_dir))
    get_settings.cache_clear()
    good = tmp_path / "good"
    truth = generate_claim(4016, good)
    form = json.loads((good / "claim.json").read_text(encoding="utf-8"))
    form.pop("claim_id", None)
    files = {slot: next(p for p in sorted(good.glob(f"{slot}.*")) if p.stem == slot) for slot in SLOTS}
    right_nik = form["nik"]
    typo = right_nik[:-1] + ("1" if right_nik[-1] != "1" else "2")
    claim_id = client.post("/v1/claims", json=dict(form, nik=typo)).json()["id"]
    ids = {}
    for slot in SLOTS:
        path = files["kk" if slot == "ktp" else slot]  # the KK in the KTP slot
        r = _upload(client, claim_id, slot, path.read_bytes(), path.name)
        assert r.status_code == 201, r.text
        ids[slot] = r.json()["id"]
    assert client.post(f"/v1/claims/{claim_id}/submit").status_code == 202
    run_worker()
    first = client.get(f"/v1/claims/{claim_id}/report").json()
    assert "revision" in first, first
    assert first["revision"] == 1 and first["verdict"] == "needs_correction", json.dumps(first["checks"])[:2000]
    assert first["documents"]["ktp"]["status"] == "wrong_type"
    assert client.get(f"/v1/claims/{claim_id}").json()["correction"]["source"] == "verdict"

    assert client.patch(f"/v1/claims/{claim_id}", json={"nik": right_nik}).status_code == 200
    r = _upload(client, claim_id, "ktp", files["ktp"].read_bytes(), files["ktp"].name)
    assert r.status_code == 201
    assert client.post(f"/v1/claims/{claim_id}/submit").json()["revision"] == 2
    run_worker()
    second = client.get(f"/v1/claims/{claim_id}/report").json()
    statuses = {c["check"]: c["status"] for c in second["checks"]}
    assert second["revision"] == 2 and second["verdict"] == "clear", (truth.expected, statuses)
    counts = _processed(claim_id)
    assert [counts[ids[s]] for s in SLOTS] == [1] * 5 and counts[r.json()["id"]] == 1
    assert client.get(f"/v1/claims/{claim_id}/revisions/1/report").json()["verdict"] == "needs_correction"
    with session_scope() as s:
        assert s.scalars(select(Document).where(Document.claim_id == claim_id)).all().__len__() == 6
