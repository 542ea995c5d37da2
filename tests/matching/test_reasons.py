"""Claim reasons in the report: ``not_applicable``, ``claim.age``, ``form.account_holder``,
``reason_needs_branch`` and the report's ``contract`` (contract "Additions, version 2")."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from intake.fields import make_nik
from intake.reasons import CLAIM_REASONS
from intake.records import ClaimForm
from matching.messages import MATCHING_MESSAGES, message, reason_docs_code
from matching.records import CHECK_NAMES, CONTRACT_VERSION, Check, Report
from matching.rules import age_on, pension_age
from matching.verdict import build_report
from ocr.records import DocumentResult
from tests.matching.test_verdict import SUBMITTED, _docs, _form, _fv

RETIREE_BIRTH = date(1969, 3, 14)  # 57 on SUBMITTED (2026-10-25)
YOUNG_BIRTH = date(1971, 2, 10)  # 55 on SUBMITTED; 56 on 2027-02-10


def _checks(report: Report) -> dict[str, Check]:
    return {c.check: c for c in report.checks}


def _nik(birth: date) -> str:
    return make_nik("32", 4, 11, birth, "LAKI-LAKI", 2)


def _retiree_docs(birth: date = RETIREE_BIRTH, **overrides: DocumentResult) -> dict[str, DocumentResult]:
    """The claimant's documents with the birth date (and the NIK encoding it) of ``birth``."""
    docs = _docs(**overrides)
    docs["ktp"].fields["birth_date"] = _fv(birth.isoformat())
    docs["ktp"].fields["nik"] = _fv(_nik(birth))
    members = [dict(m) for m in docs["kk"].fields["members"].value]
    members[0]["nik"] = _nik(birth)
    docs["kk"].fields["members"] = _fv(members)
    return docs


def _retiree_form(birth: date = RETIREE_BIRTH, **changes: object) -> ClaimForm:
    return _form(claim_reason="pensiun", nik=_nik(birth), birth_date=birth, birth_date_typed=f"{birth:%d%m%y}",
                 **changes)


def _without_letter(docs: dict[str, DocumentResult]) -> dict[str, DocumentResult]:
    docs = dict(docs)
    docs.pop("resignation_letter")
    return docs


def _shape(report: Report) -> dict[str, object]:
    assert [c.check for c in report.checks] == list(CHECK_NAMES)
    for c in report.checks:
        assert c.message is not None and c.message.id and c.message.en, c
    out = report.as_contract()
    json.dumps(out)
    assert out["contract"] == CONTRACT_VERSION == 2
    return out


def test_pensiun_56_without_letter_is_clear_and_letter_checks_not_applicable() -> None:
    report = build_report("p1", _retiree_form(), _without_letter(_retiree_docs()))
    out = _shape(report)
    checks = _checks(report)
    assert report.verdict == "clear", [(c.check, c.status, c.code) for c in report.checks]
    assert checks["claim.age"].status == "match" and checks["claim.age"].code == "age_reached"
    assert checks["claim.age"].found == RETIREE_BIRTH.isoformat()
    assert checks["resignation_letter.full_name"].status == "not_applicable"
    assert checks["resignation_letter.full_name"].code == "letter_not_required"
    assert checks["resignation_letter.waiting_period"].status == "not_applicable"
    assert out["documents"]["resignation_letter"]["status"] == "missing"  # still reported
    assert out["claim_reason"] == "pensiun" and out["code"] is None
    assert report.messages == []  # a missing letter is not a problem


def test_pensiun_with_a_letter_still_reads_its_name() -> None:
    docs = _retiree_docs()
    report = build_report("p2", _retiree_form(), docs)
    checks = _checks(report)
    assert checks["resignation_letter.full_name"].status == "match"
    assert checks["resignation_letter.waiting_period"].status == "not_applicable"
    assert report.verdict == "clear"
    docs = _retiree_docs()
    docs["resignation_letter"].fields["full_name"] = _fv("RIZKY PRATAMA")
    report = build_report("p3", _retiree_form(), docs)
    assert _checks(report)["resignation_letter.full_name"].status == "mismatch"
    assert report.verdict == "needs_correction"


def test_pensiun_with_an_unusable_letter_is_not_a_problem() -> None:
    docs = _retiree_docs(resignation_letter=DocumentResult(slot="resignation_letter", status="rejected",
                                                           reason="not_an_allowed_format"))
    report = build_report("p4", _retiree_form(), docs)
    assert _checks(report)["resignation_letter.full_name"].status == "not_applicable"
    assert report.verdict == "clear"


def test_pensiun_under_56_is_a_mismatch_telling_from_when() -> None:
    report = build_report("p5", _retiree_form(YOUNG_BIRTH), _without_letter(_retiree_docs(YOUNG_BIRTH)))
    _shape(report)
    age = _checks(report)["claim.age"]
    assert age.status == "mismatch" and age.code == "age_not_reached"
    assert age.message is not None
    assert "10 Februari 2027" in age.message.id and "10 February 2027" in age.message.en
    assert "56" in age.message.id and "56" in age.message.en
    assert report.verdict == "needs_correction"
    assert age.message in report.messages


def test_claim_age_uses_the_id_birth_date_over_the_typed_one() -> None:
    # typed as a retiree, the KTP says 55: the card decides
    report = build_report("p6", _retiree_form(), _without_letter(_retiree_docs(YOUNG_BIRTH)))
    checks = _checks(report)
    assert checks["claim.age"].status == "mismatch"
    assert checks["claim.age"].found == YOUNG_BIRTH.isoformat()
    # KTP not usable: the typed birth date is used
    docs = _without_letter(_retiree_docs())
    docs["ktp"] = DocumentResult(slot="ktp", status="unreadable", reason="too_blurry")
    report = build_report("p7", _retiree_form(), docs)
    assert _checks(report)["claim.age"].status == "match"
    assert _checks(report)["claim.age"].found == RETIREE_BIRTH.isoformat()


def test_claim_age_low_confidence_id_date_against_a_retiree_typed_date_is_review() -> None:
    docs = _without_letter(_retiree_docs(YOUNG_BIRTH))
    docs["ktp"].fields["birth_date"] = _fv(YOUNG_BIRTH.isoformat(), conf=0.3)
    report = build_report("p8", _retiree_form(), docs)
    assert _checks(report)["claim.age"].status == "review"


@pytest.mark.parametrize("reason", ["resign", "phk"])
def test_resign_and_phk_use_the_letter_and_not_the_age(reason: str) -> None:
    report = build_report("r1", _form(claim_reason=reason), _docs())
    checks = _checks(report)
    assert checks["claim.age"].status == "not_applicable"
    assert checks["resignation_letter.waiting_period"].status == "match"
    assert report.verdict == "clear"
    report = build_report("r2", _form(claim_reason=reason), _without_letter(_docs()))
    checks = _checks(report)
    assert checks["resignation_letter.full_name"].status == "missing"
    assert report.verdict == "needs_correction"
    docs_code = reason_docs_code(reason)
    assert docs_code is not None
    assert MATCHING_MESSAGES.message(docs_code) in report.messages  # what to upload for this reason


def test_waiting_period_counts_from_the_last_day_of_work_for_phk() -> None:
    docs = _docs()
    docs["resignation_letter"].fields["resignation_date"] = _fv("2026-10-01")  # last day of work
    docs["resignation_letter"].fields["letter_date"] = _fv("2026-08-01")  # written in advance
    report = build_report("r3", _form(claim_reason="phk"), docs)
    wp = _checks(report)["resignation_letter.waiting_period"]
    assert wp.status == "mismatch" and wp.found == "2026-10-01"


@pytest.mark.parametrize("reason", ["meninggal", "cacat", "wna"])
def test_branch_reasons_are_reported_in_full_and_need_review(reason: str) -> None:
    report = build_report("b1", _form(claim_reason=reason), _without_letter(_docs()))
    out = _shape(report)
    checks = _checks(report)
    assert report.verdict == "needs_review"
    assert out["code"] == "reason_needs_branch" and out["claim_reason"] == reason
    assert checks["ktp.nik"].status == "match" and checks["passbook.account_holder"].status == "match"
    assert checks["resignation_letter.waiting_period"].status == "not_applicable"
    assert checks["claim.age"].status == "not_applicable"
    ids = " ".join(m.id for m in report.messages)
    assert "kantor cabang" in ids
    # even with a mismatch, a branch officer decides
    report = build_report("b2", _form(claim_reason=reason, kpj="12345678900"), _docs())
    assert _checks(report)["bpjs_card.kpj"].status == "mismatch"
    assert report.verdict == "needs_review" and report.code == "reason_needs_branch"


def test_not_applicable_never_changes_the_verdict() -> None:
    for reason in CLAIM_REASONS:
        report = build_report("n1", _form(claim_reason=reason), _docs())
        na = [c for c in report.checks if c.status == "not_applicable"]
        assert na, reason
        for c in na:
            assert c.code in ("not_applicable", "letter_not_required")


@pytest.mark.parametrize(
    "holder",
    ["BUDI SANTOSO", "budi  santoso", "H. BUDI SANTOSO, S.E.", "Budi Santoso SE"],
)
def test_form_account_holder_benign_differences_match(holder: str) -> None:
    report = build_report("h1", _form(account_holder=holder.upper()), _docs())
    c = _checks(report)["form.account_holder"]
    assert c.status == "match", c
    assert report.verdict == "clear"


def test_form_account_holder_abbreviation_and_old_spelling_match() -> None:
    form = _form(full_name="MUHAMMAD DJOKO SOEPRAPTO", account_holder="M. JOKO SUPRAPTO")
    docs = _docs()
    report = build_report("h2", form, docs)
    assert _checks(report)["form.account_holder"].status == "match"


def test_form_account_holder_spouse_is_a_mismatch_with_the_own_account_message() -> None:
    report = build_report("h3", _form(account_holder="SITI AMINAH"), _docs())
    c = _checks(report)["form.account_holder"]
    assert c.status == "mismatch" and c.code == "account_holder_typed_spouse"
    assert c.message is not None and "atas nama Anda sendiri" in c.message.id and "own name" in c.message.en
    assert report.verdict == "needs_correction"
    for m in report.messages:
        assert "SITI" not in m.id + m.en  # never echoes a name


def test_form_account_holder_someone_else_is_a_mismatch() -> None:
    report = build_report("h4", _form(account_holder="AGUS WIJAYA"), _docs())
    c = _checks(report)["form.account_holder"]
    assert c.status == "mismatch" and c.code == "account_holder_typed_differs"
    assert c.message is not None and "own name" in c.message.en


def test_form_account_holder_not_typed_is_missing() -> None:
    c = _checks(build_report("h5", _form(account_holder=""), _docs()))["form.account_holder"]
    assert c.status == "missing" and c.code == "account_holder_not_typed"


def test_age_rules() -> None:
    assert age_on(date(1970, 10, 25), SUBMITTED) == 56
    assert age_on(date(1970, 10, 26), SUBMITTED) == 55
    assert pension_age(date(1970, 10, 25), SUBMITTED, 56).ok
    r = pension_age(date(1970, 10, 26), SUBMITTED, 56)
    assert not r.ok and r.first_allowed == date(2026, 10, 26)
    leap = pension_age(date(1972, 2, 29), date(2028, 2, 28), 56)  # 2028 is a leap year
    assert not leap.ok and leap.first_allowed == date(2028, 2, 29)
    assert pension_age(date(1968, 2, 29), date(2024, 2, 28), 56).first_allowed == date(2024, 2, 29)
    assert age_on(date(1968, 2, 29), date(2025, 2, 28)) == 57


def test_every_reason_has_upload_messages_in_both_languages() -> None:
    for reason in CLAIM_REASONS:
        code = reason_docs_code(reason)
        assert code is not None
        for id_doc in ("ktp", "sim"):
            m = message(code, id_doc=id_doc)
            assert m.id and m.en and "{" not in m.id + m.en
    assert reason_docs_code("liburan") is None


def test_an_unknown_reason_gets_the_default_rules() -> None:
    report = build_report("u1", replace(_form(), claim_reason="liburan"), _docs())
    assert _checks(report)["claim.age"].status == "not_applicable"
    assert _checks(report)["resignation_letter.waiting_period"].status == "match"
