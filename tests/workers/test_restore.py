"""Stored JSON back into records: document results, the form, and the rebuilt report."""

from __future__ import annotations

from datetime import date

import pytest

from intake import repo
from intake.db import ensure_schema, session_scope
from intake.settings import Settings
from ocr.records import DocumentResult, FieldValue
from workers import service
from workers.restore import document_result_from_json, load_stored_claim, rebuild_report, stored_validation


def test_document_result_round_trip() -> None:
    res = DocumentResult(
        slot="ktp", status="accepted", detected_type="ktp", pages=1, quality={"blur": 120.5},
        fields={"nik": FieldValue("3204110508900002", 0.91, 1, [[1.0, 2.0], [3.0, 2.0], [3.0, 4.0], [1.0, 4.0]],
                                  char_confidences=[0.9] * 16)},
        versions={"engine": "paddleocr", "model": "m1", "extractor": "1"},
    )
    back = document_result_from_json("ktp", service.result_to_json(res))
    assert back.as_contract() == res.as_contract()
    assert back.fields["nik"].char_confidences == [0.9] * 16
    assert back.versions == res.versions


@pytest.mark.parametrize("stored", [None, {}, {"status": "exploded"}, {"fields": {}}])
def test_missing_or_malformed_result_is_unreadable(stored: object) -> None:
    back = document_result_from_json("kk", stored)  # type: ignore[arg-type]
    assert back.status == "unreadable"
    assert back.reason == "no_stored_result"


def test_stored_normalised_form_validates_back() -> None:
    from intake.fields import validate_claim

    raw = {"nik": "1221012007680024", "full_name": "soewarno  soedarsono", "birth_date": "20-07-68",
           "kpj": "616 9250 9957", "claim_reason": "resign", "phone": "0877-8792-4142",
           "email": "S@example.com", "bank": "bca", "account_number": "2090707732",
           "account_holder": "SOEWARNO SOEDARSONO", "branch": "X", "submitted_on": "2026-02-04"}
    form = validate_claim(raw, today=date(2026, 2, 4)).form
    again = stored_validation(repo._jsonable(form))  # noqa: SLF001 - the stored JSON shape
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
        assert saved == repo._jsonable(rebuilt)  # noqa: SLF001
