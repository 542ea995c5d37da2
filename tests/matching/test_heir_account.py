"""Death claims (``meninggal``): the heir's bank account is ``review`` (code ``heir_account``), not a
mismatch; the worker's own account stays ``match``; other reasons keep the own-account rule."""

from __future__ import annotations

import pytest

from intake.reasons import REASON_RULES, rule_for
from matching.records import Check, Report
from matching.verdict import build_report
from ocr.records import DocumentResult
from tests.matching.test_verdict import _docs, _form, _fv

WIDOW = "SITI AMINAH"  # the worker's wife on the KK (tests.matching.test_verdict.MEMBERS)
STRANGER = "JOKO PRAKOSO"


def _checks(report: Report) -> dict[str, Check]:
    return {c.check: c for c in report.checks}


def _passbook(holder: str) -> DocumentResult:
    return DocumentResult(slot="passbook", status="accepted", detected_type="passbook", pages=1, fields={
        "bank": _fv("BRI"), "account_number": _fv("0123-01-000123-56-7"), "account_holder": _fv(holder)})


def test_only_death_claims_pay_an_heir() -> None:
    assert [r for r, rule in REASON_RULES.items() if rule.heir_account] == ["meninggal"]
    assert not rule_for("liburan").heir_account  # an unknown reason gets the default (resign) rule


@pytest.mark.parametrize("holder", [WIDOW, STRANGER])
def test_an_heirs_account_is_review_with_a_branch_message(holder: str) -> None:
    report = build_report("h1", _form(claim_reason="meninggal", account_holder=holder),
                          _docs(passbook=_passbook(holder)))
    checks = _checks(report)
    for name in ("passbook.account_holder", "form.account_holder"):
        c = checks[name]
        assert (c.status, c.code) == ("review", "heir_account"), name
        assert c.message is not None
        assert "ahli waris" in c.message.id and "heir" in c.message.en
        assert c.found is not None  # the reviewer still sees the name that was read / typed
    assert report.verdict == "needs_review" and report.code == "reason_needs_branch"
    # nobody tells the heir that the account must be in their own name
    text = " ".join(m.id + " " + m.en for m in report.messages)
    assert "atas nama Anda sendiri" not in text and "in your own name" not in text


def test_the_workers_own_account_stays_a_match_on_a_death_claim() -> None:
    report = build_report("h2", _form(claim_reason="meninggal"), _docs())
    checks = _checks(report)
    assert checks["passbook.account_holder"].status == "match"
    assert checks["form.account_holder"].status == "match"


def test_a_slightly_different_name_stays_holder_review() -> None:
    report = build_report("h3", _form(claim_reason="meninggal"), _docs(passbook=_passbook("BUDI SANTOSA")))
    c = _checks(report)["passbook.account_holder"]
    assert c.status in ("match", "review") and c.code != "heir_account"


@pytest.mark.parametrize("reason", ["resign", "phk", "pensiun", "cacat", "wna"])
def test_other_reasons_keep_the_own_account_rule(reason: str) -> None:
    report = build_report("h4", _form(claim_reason=reason, account_holder=WIDOW), _docs(passbook=_passbook(WIDOW)))
    checks = _checks(report)
    assert (checks["passbook.account_holder"].status, checks["passbook.account_holder"].code) == \
        ("mismatch", "holder_is_spouse")
    assert (checks["form.account_holder"].status, checks["form.account_holder"].code) == \
        ("mismatch", "account_holder_typed_spouse")
