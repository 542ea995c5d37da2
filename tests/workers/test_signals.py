"""Cross-claim signals: keyed digests, the multi-index page-hash lookup, the verify job's signals."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from intake import repo
from intake.db import ensure_schema, migrate, session_scope
from intake.fields import validate_claim
from intake.models import Decision, PageHash, SignalKey, User
from intake.records import ClaimForm
from intake.settings import Settings, get_settings
from matching.verdict import decide
from ocr.messages import OcrCode
from ocr.records import DocumentResult
from ocr.signals import make_signal
from workers import service
from workers.signals import (
    buckets,
    claim_digests,
    cross_claim_signals,
    digest,
    in_claim_reuse,
    near_pages,
    signal_key,
)

REPO = Path(__file__).resolve().parents[2]
RAW = json.loads((REPO / "samples" / "claims" / "clear-01" / "claim.json").read_text())

H = "f0e1d2c3b4a59687"
P256 = "0123456789abcdef" * 4


def _flip(hex64: str, bits: int, start: int = 0) -> str:
    """``hex64`` with ``bits`` bits flipped, one in each 16-bit bucket first (17 apart)."""
    v = int(hex64, 16)
    for i in range(bits):
        v ^= 1 << ((start + i * 17) % 64)
    return f"{v:016x}"


def _form(nik: str, account: str) -> ClaimForm:
    raw = {**RAW, "nik": nik, "account_number": account}
    return validate_claim(raw, today=date.fromisoformat(RAW["submitted_on"])).form


def _docs(p64: str | None) -> dict[str, DocumentResult]:
    hashes = [{"p64": p64, "p64r": _flip(p64, 30, start=9), "p256": P256}] if p64 else []
    return {"ktp": DocumentResult(slot="ktp", status="accepted", page_hashes=hashes)}


def _new_claim(url: str, form: ClaimForm) -> str:
    with session_scope(url) as s:
        return repo.create_claim(s, form, "BR1", form.submitted_on).id


def _signals(url: str, cid: str, form: ClaimForm, docs: dict[str, DocumentResult], settings: Settings) -> dict[str, dict]:
    with session_scope(url) as s:
        return {sig.signal: sig.as_dict() for sig in cross_claim_signals(s, cid, form, docs, settings)}


def test_digests_are_keyed_and_hold_no_plaintext(settings: Settings) -> None:
    form = _form("3204110508900002", "1234567890")
    d = claim_digests(form, signal_key(settings))
    assert set(d) == {"nik", "account"}
    assert all(len(v) == 64 and "1234567890" not in v and "3204110508900002" not in v for v in d.values())
    other = Settings(signal_key="another-key-of-enough-length-000000")
    assert claim_digests(form, signal_key(other)) != d
    assert digest("nik", "1", b"k") != digest("account", "1", b"k")


def test_buckets_split_the_hash() -> None:
    assert buckets("0001000200030004") == (1, 2, 3, 4)


def test_cross_claim_signals(db_url: str, settings: Settings) -> None:
    migrate(db_url)
    a_form, b_form = _form("3204110508900002", "1234567890"), _form("3204114508900003", "1234567890")
    a = _new_claim(db_url, a_form)
    assert _signals(db_url, a, a_form, _docs(H), settings) == {}

    # another NIK, the same account, the KTP image 3 bits away: both signals, linking claim A
    b = _new_claim(db_url, b_form)
    sig = _signals(db_url, b, b_form, _docs(_flip(H, 3)), settings)
    assert set(sig) == {"account_shared", "document_reused"}
    assert sig["account_shared"]["detail"] == {"count": 1, "claims": [a]}
    assert sig["account_shared"]["severity"] == "warn"
    reused = sig["document_reused"]["detail"]
    assert (reused["claims"], reused["distance"], reused["slot"], reused["scope"]) == ([a], 3, "ktp", "other_claims")
    assert "1234567890" not in json.dumps(sig)

    # 4 bits away is another image; re-running replaces the claim's index rows
    c_form = _form("3175014101850001", "9999999999")
    c = _new_claim(db_url, c_form)
    assert _signals(db_url, c, c_form, _docs(_flip(H, 4, start=5)), settings) == {}
    sig = _signals(db_url, b, b_form, _docs(_flip(H, 3)), settings)
    assert set(sig) == {"account_shared", "document_reused"}
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(SignalKey).where(SignalKey.claim_id == b)) == 2
        assert s.scalar(select(func.count()).select_from(PageHash).where(PageHash.claim_id == b)) == 1

    # the same NIK again: an open claim (info), and its own image is no reuse
    d = _new_claim(db_url, a_form)
    sig = _signals(db_url, d, a_form, _docs(H), settings)
    # B (another NIK) has that account and had that image too; A (the same NIK) counts for neither
    assert set(sig) == {"nik_open_claims", "document_reused", "account_shared"}
    assert sig["account_shared"]["detail"]["claims"] == [b]
    assert sig["nik_open_claims"]["detail"] == {"count": 1, "claims": [a]}
    assert sig["nik_open_claims"]["severity"] == "info"
    assert sig["document_reused"]["detail"]["claims"] == [b]

    # once A is decided it is no longer open
    with session_scope(db_url) as s:
        user = User(username="rev", password_hash="x", role="reviewer", branches=["BR1"])
        s.add(user)
        s.flush()
        s.add(Decision(claim_id=a, user_id=user.id, action="approve"))
    assert "nik_open_claims" not in _signals(db_url, d, a_form, _docs(None), settings)


def test_near_pages_uses_the_bucket_indexes(settings: Settings) -> None:
    url = ensure_schema(settings)
    with session_scope(url) as s:
        near_pages(s, [H], P256)  # runs on an empty table
        plan = " ".join(str(r[-1]) for r in s.execute(text(
            "EXPLAIN QUERY PLAN SELECT claim_id FROM page_hashes WHERE b0 = 1 OR b1 = 2 OR b2 = 3 OR b3 = 4")))
    assert "MULTI-INDEX OR" in plan and "SCAN page_hashes" not in plan.replace("SCAN page_hashes USING", "")
    for b in ("b0", "b1", "b2", "b3"):
        assert f"ix_page_hashes_{b}" in plan


def test_same_image_in_two_slots_of_one_claim() -> None:
    docs = _docs(H)
    docs["kk"] = DocumentResult(slot="kk", status="accepted",
                                page_hashes=[{"p64": _flip(H, 1), "p64r": H, "p256": P256}])
    sig = in_claim_reuse(docs)
    assert len(sig) == 1 and sig[0].signal == "document_reused"
    assert sig[0].detail["scope"] == "same_claim" and {sig[0].detail["slot"], sig[0].detail["other_slot"]} == {"ktp", "kk"}
    docs["kk"].page_hashes[0]["p256"] = "f" * 64
    assert in_claim_reuse(docs) == []


def test_a_warn_signal_makes_a_clear_claim_needs_review_never_correction() -> None:
    warn = make_signal("account_shared", {}, OcrCode.ACCOUNT_SHARED)
    info = make_signal("nik_open_claims", {}, OcrCode.NIK_OPEN_CLAIMS)
    assert decide({}, [], (), signals=[info]) == "clear"
    assert decide({}, [], (), signals=[warn]) == "needs_review"


def test_verify_job_reports_signals_with_configured_severity(settings: Settings,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Two stored claims of one NIK: the second's report has ``nik_open_claims``; made ``warn``
    by ``EKLAIM_SIGNAL_SEVERITY`` it turns the clear claim to ``needs_review``."""
    from bench.reverify import seed_claims

    seeded = seed_claims(2, settings=settings, samples=["clear-01"], variants=False, blobs=False)
    first, second = seeded.claim_ids
    url = ensure_schema(settings)
    assert service.verify_claim(first, settings=settings).outcome == "done"
    assert service.verify_claim(second, settings=settings).outcome == "done"
    with session_scope(url) as s:
        report = repo.get_claim(s, second).report
    assert report is not None and report["verdict"] == "clear"
    [sig] = [x for x in report["signals"] if x["signal"] == "nik_open_claims"]
    assert sig["severity"] == "info" and sig["detail"]["claims"] == [first]
    assert sig["message"]["id"] and sig["message"]["en"]

    monkeypatch.setenv("EKLAIM_SIGNAL_SEVERITY", "nik_open_claims=warn")
    get_settings.cache_clear()
    warn_settings = get_settings()
    assert service.verify_claim(second, settings=warn_settings).outcome == "done"
    with session_scope(url) as s:
        report = repo.get_claim(s, second).report
    assert report is not None and report["verdict"] == "needs_review"
    assert all(c["status"] != "mismatch" for c in report["checks"])


def test_batch_diff_lists_new_signals_only() -> None:
    from workers.batch.report import diff_signals, report_csv

    old = {"signals": [{"signal": "photocopy", "severity": "info", "detail": {"slot": "ktp"}}]}
    new = {"signals": [
        {"signal": "photocopy", "severity": "info", "detail": {"slot": "ktp"}},
        {"signal": "photocopy", "severity": "info", "detail": {"slot": "kk"}},
        {"signal": "account_shared", "severity": "warn", "detail": {"count": 1, "claims": ["x"]}},
    ]}
    diff = diff_signals(old, new)
    assert diff == [{"check": "signal:photocopy", "old": None, "new": "info"},
                    {"check": "signal:account_shared", "old": None, "new": "warn"}]
    assert diff_signals(new, old) == []
    csv = report_csv([{"claim_id": "c1", "old_verdict": "clear", "new_verdict": "needs_review", "changed_checks": diff}])
    assert "signal:account_shared:none->warn" in csv


def test_folder_verification_reports_per_document_signals_only(settings: Settings) -> None:
    """``eklaim verify`` (no database): the documents' own signals, nothing across claims."""
    from workers.verify import ClaimDocuments, verify

    docs = _docs(H)
    docs["kk"] = DocumentResult(slot="kk", status="accepted", page_hashes=[dict(docs["ktp"].page_hashes[0])],
                                signals=[make_signal("photocopy", {"pages": [1]}, OcrCode.PHOTOCOPY)])
    report = verify(ClaimDocuments("c1", RAW, docs, today=date.fromisoformat(RAW["submitted_on"])))
    assert [(s["signal"], s["detail"]["slot"]) for s in report.signals] == [("photocopy", "kk")]
