"""The one verification path: stored JSON <-> records, and the same report from every caller."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from intake import claims, repo
from intake.db import ensure_schema, session_scope
from intake.fields import validate_claim
from intake.settings import Settings
from ocr.engine import NullEngine
from ocr.pipeline import PipelineContext
from ocr.records import DocumentResult, FieldValue
from workers import service, verify
from workers.claim_dir import verify_claim_dir
from workers.restore import load_stored_claim, rebuild_report

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "claims" / "clear-01"


def test_document_result_round_trip() -> None:
    res = DocumentResult(
        slot="ktp", status="accepted", detected_type="ktp", pages=1, quality={"blur": 120.5},
        fields={"nik": FieldValue("3204110508900002", 0.91, 1, [[1.0, 2.0], [3.0, 2.0], [3.0, 4.0], [1.0, 4.0]],
                                  char_confidences=[0.9] * 16)},
        versions={"engine": "paddleocr", "model": "m1", "extractor": "1"},
    )
    back = verify.stored_result("ktp", res.to_json())
    assert back == res
    assert back.fields["nik"].char_confidences == [0.9] * 16
    assert back.versions == res.versions


@pytest.mark.parametrize("stored", [None, {}, {"status": "exploded"}, {"fields": {}}])
def test_missing_or_malformed_result_is_a_failed_document(stored: object) -> None:
    back = verify.stored_result("kk", stored)  # type: ignore[arg-type]
    assert (back.status, back.reason) == ("unreadable", "processing_failed")
    assert back.message is not None and back.message.id and back.message.en


def test_stored_normalised_form_validates_back() -> None:
    raw = {"nik": "1221012007680024", "full_name": "soewarno  soedarsono", "birth_date": "20-07-68",
           "kpj": "616 9250 9957", "claim_reason": "resign", "phone": "0877-8792-4142",
           "email": "S@example.com", "bank": "bca", "account_number": "2090707732",
           "account_holder": "SOEWARNO SOEDARSONO", "branch": "X", "submitted_on": "2026-02-04"}
    form = validate_claim(raw, today=date(2026, 2, 4)).form
    again = validate_claim(claims.form_to_raw(repo._jsonable(form)))
    assert again.form == form


def test_rebuilt_report_equals_the_verify_job(settings: Settings) -> None:
    """Matching-only re-verification gives exactly the verify job's report from the same rows."""
    from bench.reverify import seed_claims

    seeded = seed_claims(11, settings=settings, variants=False, blobs=False)
    url = ensure_schema(settings)
    for cid in seeded.claim_ids:
        with session_scope(url) as s:
            rebuilt = rebuild_report(load_stored_claim(s, cid)).as_contract()
        assert service.verify_claim(cid, settings=settings).outcome == "done"
        with session_scope(url) as s:
            saved = repo.get_claim(s, cid).report
        assert saved == {**repo._jsonable(rebuilt), "revision": 1}  # the stored report carries its revision


def test_the_three_callers_give_the_same_report(settings: Settings, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """``eklaim verify`` on a folder, the verify job and the batch re-verification on the same
    claim stored in the database: one report, the crashed KTP ``processing_failed`` and the
    absent KK ``missing`` in all three."""
    url = ensure_schema(settings)
    raw = json.loads((SAMPLE / "claim.json").read_text())
    with session_scope(url) as s:
        claim, _, _ = claims.create_claim(s, raw)
        claim_id = claim.id
    folder = tmp_path / "claim"
    folder.mkdir()
    (folder / "claim.json").write_text(json.dumps({**raw, "claim_id": claim_id}))
    for f in SAMPLE.iterdir():
        if f.stem not in ("claim", "truth", "kk"):
            shutil.copy(f, folder / f.name)

    real = verify.process_document

    def crash_on_ktp(slot: str, data: bytes, ctx: Any) -> Any:
        if slot == "ktp":
            raise RuntimeError("engine crashed")  # a fault, as a crashed engine would raise
        return real(slot, data, ctx)

    monkeypatch.setattr(verify, "process_document", crash_on_ktp)
    ctx = PipelineContext(settings=settings, engine=NullEngine())
    fresh = verify_claim_dir(folder, ctx).as_contract()

    # The same claim in the database: each fresh result stored as the document job stores it,
    # the KTP failed in a worker (its finer cause kept on the row only), no KK uploaded.
    processed = verify.fresh_documents({s: folder / f.name for f in folder.iterdir()
                                        for s in [f.stem] if s not in ("claim", "ktp")}, ctx)
    with session_scope(url) as s:
        for slot, p in processed.items():
            doc, _ = repo.put_document(s, claim_id, slot, hashlib.sha256(slot.encode()).hexdigest(), "png", 1, 1, None)
            repo.mark_document(s, doc.id, "done", result=p.result.to_json())
        ktp, _ = repo.put_document(s, claim_id, "ktp", hashlib.sha256(b"ktp").hexdigest(), "png", 1, 1, None)
        repo.mark_document(s, ktp.id, "failed", error_code="worker_died")
        repo.get_claim(s, claim_id).status = "submitted"
    with session_scope(url) as s:
        batch = rebuild_report(load_stored_claim(s, claim_id)).as_contract()
    assert service.verify_claim(claim_id, settings=settings).outcome == "done"
    with session_scope(url) as s:
        job = repo.get_claim(s, claim_id).report
        assert repo.get_document(s, ktp.id).error_code == "worker_died"

    assert fresh["documents"]["ktp"]["reason"] == "processing_failed"
    assert fresh["documents"]["ktp"]["status"] == "unreadable"
    assert (fresh["documents"]["kk"]["status"], fresh["documents"]["kk"]["reason"]) == ("missing", "missing")
    assert job.pop("revision") == 1  # the stored report carries its revision (issue 16)
    assert repo._jsonable(fresh) == repo._jsonable(batch) == job


def test_an_unknown_layout_printing_the_typed_account_is_accepted_on_every_path() -> None:
    """A stored ``unknown_document`` passbook (its lines stored with it) is recognised by the
    typed account number when the report is built, with the configured signal severity."""
    from ocr.records import PageLine

    raw = json.loads((SAMPLE / "claim.json").read_text())
    box = [[20.0, 40.0], [400.0, 40.0], [400.0, 64.0], [20.0, 64.0]]
    lines = [PageLine(page=1, text=raw["full_name"].upper(), confidence=0.97, box=box),
             PageLine(page=1, text=raw["account_number"], confidence=0.97, box=[[x, y + 40] for x, y in box])]
    stored = DocumentResult(slot="passbook", status="wrong_type", reason="unknown_document", pages=1,
                            quality={"width": 640, "height": 400}, lines=lines).to_json()
    doc = verify.stored_result("passbook", stored)
    settings = Settings(signal_severity="layout_unknown=warn")
    today = date.fromisoformat(raw["submitted_on"])
    report = verify.verify(verify.ClaimDocuments("c1", raw, {"passbook": doc}, today=today), settings=settings)
    out = report.as_contract()
    assert out["documents"]["passbook"]["status"] == "accepted"
    assert [(s["signal"], s["severity"]) for s in out["signals"]] == [("layout_unknown", "warn")]
    checks = {c["check"]: c["status"] for c in out["checks"]}
    assert checks["passbook.account_number"] == "match"
