"""Generator support for the claim reasons (contract version 2): the typed reason, pensiun
claims with and without a letter, the under-56 fault, PHK letters, branch reasons and the
account holder typed as the spouse; the truth follows the matching rules.

The truth is checked against :func:`matching.verdict.build_report` run on "perfect OCR"
results (the truth's own fields), so the generator and the rules cannot drift apart.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from intake.fields import validate_claim
from intake.reasons import normalise_claim_reason
from matching.names import name_score
from matching.verdict import build_report
from ocr.records import DocumentResult, FieldValue
from samples.generator import generate_claim
from samples.generator.claims import CHECKS, CLAIM_REASONS, PHK_LETTER_FAMILIES, REASON_SPELLINGS
from samples.generator.people import add_months


def _perfect(slot: str, tdoc: dict[str, Any]) -> DocumentResult:
    status = tdoc["expected_status"]
    fields = {}
    if status == "accepted":
        fields = {k: FieldValue(value=v, confidence=0.97, page=1) for k, v in tdoc["fields"].items()}
    return DocumentResult(slot=slot, status=status, reason=tdoc.get("expected_reason"),
                          detected_type=tdoc.get("content") if status in ("accepted", "wrong_type") else None,
                          pages=max(1, int(tdoc.get("pages") or 1)), fields=fields)


def _report_on_truth(folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    form = json.loads((folder / "claim.json").read_text(encoding="utf-8"))
    validation = validate_claim(form, today=date(2027, 1, 31))
    docs = {slot: _perfect(slot, d) for slot, d in truth["documents"].items()}
    report = build_report(folder.name, validation.form, docs, form_problems=validation.problems).as_contract()
    return truth, report


def _agrees(folder: Path) -> dict[str, Any]:
    truth, report = _report_on_truth(folder)
    got = {c["check"]: c["status"] for c in report["checks"]}
    assert got == truth["expected"]["checks"], folder.name
    assert report["verdict"] == truth["expected"]["verdict"], folder.name
    assert report["code"] == truth["expected"]["code"], folder.name
    assert report["claim_reason"] == truth["claim_reason"]
    assert set(truth["expected"]["checks"]) == set(CHECKS)
    return truth


def test_default_claim_stays_a_typed_resign(tmp_path: Path) -> None:
    t = generate_claim(41, tmp_path / "c")
    assert t.form["claim_reason"] == "resign" and t.claim_reason == "resign"
    assert t.expected_checks["claim.age"] == "not_applicable"
    assert t.expected_checks["form.account_holder"] == "match"
    assert t.expected_verdict == "clear"
    _agrees(tmp_path / "c")


@pytest.mark.parametrize("reason", CLAIM_REASONS)
def test_each_reason_is_typed_as_people_type_it(reason: str, tmp_path: Path) -> None:
    t = generate_claim(50, tmp_path / reason, claim_reason=reason)
    assert t.form["claim_reason"] in REASON_SPELLINGS[reason]
    assert normalise_claim_reason(t.form["claim_reason"]) == reason
    truth = _agrees(tmp_path / reason)
    assert truth["claim_reason"] == reason


@pytest.mark.parametrize("letter", [False, True])
def test_pensiun_claims_are_56_or_older_with_or_without_letter(letter: bool, tmp_path: Path) -> None:
    t = generate_claim(60, tmp_path / "p", claim_reason="pensiun", letter=letter)
    born = date.fromisoformat(t.claimant["birth_date"])
    assert add_months(born, 12 * 56) <= date.fromisoformat(t.form["submitted_on"])
    assert t.expected_checks["claim.age"] == "match"
    assert t.expected_checks["resignation_letter.waiting_period"] == "not_applicable"
    if letter:
        assert (tmp_path / "p" / t.documents["resignation_letter"].file).is_file()  # type: ignore[operator]
        assert t.expected_checks["resignation_letter.full_name"] == "match"
    else:
        assert not list((tmp_path / "p").glob("resignation_letter.*"))
        assert t.expected_checks["resignation_letter.full_name"] == "not_applicable"
    assert t.expected_verdict == "clear"
    _agrees(tmp_path / "p")


def test_too_young_for_pension(tmp_path: Path) -> None:
    t = generate_claim(61, tmp_path / "y", faults=("too_young_for_pension",))
    born = date.fromisoformat(t.claimant["birth_date"])
    assert add_months(born, 12 * 56) > date.fromisoformat(t.form["submitted_on"])
    assert t.claim_reason == "pensiun"
    assert t.expected_checks["claim.age"] == "mismatch" and t.expected_verdict == "needs_correction"
    _agrees(tmp_path / "y")
    with pytest.raises(ValueError):
        generate_claim(61, tmp_path / "bad", faults=("too_young_for_pension",), claim_reason="phk")


def test_phk_claim_carries_a_termination_letter(tmp_path: Path) -> None:
    t = generate_claim(62, tmp_path / "k", claim_reason="phk")
    assert t.documents["resignation_letter"].family == "sk_phk"  # this seed draws the decree
    assert {generate_claim(s, tmp_path / f"k{s}", claim_reason="phk", containers="png")
            .documents["resignation_letter"].family for s in range(62, 68)} == set(PHK_LETTER_FAMILIES)
    assert t.expected_checks["resignation_letter.waiting_period"] == "match"
    _agrees(tmp_path / "k")
    t = generate_claim(63, tmp_path / "k2", claim_reason="phk", faults=("notice_letter",))
    assert t.expected_checks["resignation_letter.waiting_period"] == "mismatch"
    _agrees(tmp_path / "k2")


def test_phk_on_the_heldout_side_keeps_heldout_letters(tmp_path: Path) -> None:
    t = generate_claim(64, tmp_path / "h", claim_reason="phk", split="heldout")
    assert t.documents["resignation_letter"].split == "heldout"


@pytest.mark.parametrize("reason", ["meninggal", "cacat", "wna"])
def test_branch_reasons_need_review(reason: str, tmp_path: Path) -> None:
    t = generate_claim(65, tmp_path / reason, claim_reason=reason, faults=("kpj_typo",))
    assert t.expected_verdict == "needs_review" and t.expected_code == "reason_needs_branch"
    assert t.expected_checks["bpjs_card.kpj"] == "mismatch"
    _agrees(tmp_path / reason)


def test_holder_typed_as_spouse(tmp_path: Path) -> None:
    t = generate_claim(66, tmp_path / "s", faults=("holder_typed_spouse",))
    assert t.claimant["spouse"] is not None
    assert t.form["account_holder"] != t.form["full_name"]
    assert t.documents["passbook"].fields["account_holder"] == t.claimant["full_name"]
    assert t.expected_checks["form.account_holder"] == "mismatch"
    assert t.expected_checks["passbook.account_holder"] == "match"
    assert t.expected_verdict == "needs_correction"
    _agrees(tmp_path / "s")


def test_mixed_reasons_with_faults_agree_with_the_rules(tmp_path: Path) -> None:
    seen = set()
    faults_cycle = [(), ("nik_typo",), ("unreadable_photo",), ("spouse_passbook",), ("missing_document",),
                    ("wrong_birth_date",), ("resigned_recently",), ("other_persons_ktp",)]
    for i in range(24):
        faults = faults_cycle[i % len(faults_cycle)]
        t = generate_claim(f"mix:{i}", tmp_path / f"m{i}", claim_reason="mixed", faults=faults, containers="png")
        seen.add(t.claim_reason)
        _agrees(tmp_path / f"m{i}")
    assert len(seen) >= 4


def test_reason_arguments_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate_claim(1, tmp_path / "a", claim_reason="liburan")
    with pytest.raises(ValueError):
        generate_claim(1, tmp_path / "b", claim_reason="pensiun", faults=("resigned_recently",))
    with pytest.raises(ValueError):
        generate_claim(1, tmp_path / "c", claim_reason="resign", letter=False)


def test_reason_claims_are_deterministic(tmp_path: Path) -> None:
    generate_claim(70, tmp_path / "a", claim_reason="mixed", containers="png")
    generate_claim(70, tmp_path / "b", claim_reason="mixed", containers="png")
    for f in (tmp_path / "a").iterdir():
        if f.name != "truth.json":
            assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes()


def test_cli_claims_mode_takes_a_claim_reason(tmp_path: Path) -> None:
    from samples.generator.__main__ import main

    assert main(["--out", str(tmp_path), "--claims", "1", "--seed", "r", "--claim-reason", "pensiun",
                 "--conditions", "clean"]) == 0
    truth = json.loads((tmp_path / "claim-0001" / "truth.json").read_text(encoding="utf-8"))
    assert truth["claim_reason"] == "pensiun"


def test_death_claims_draw_the_heirs_account_for_some(tmp_path: Path) -> None:
    heirs = own = 0
    for i in range(10):
        t = generate_claim(f"heir:{i}", tmp_path / f"d{i}", claim_reason="meninggal", containers="png")
        truth = _agrees(tmp_path / f"d{i}")
        passbook_holder = t.documents["passbook"].fields["account_holder"]
        if t.form["account_holder"] == t.form["full_name"]:
            own += 1
            assert name_score(passbook_holder, t.claimant["full_name"]).band == "match"
            assert truth["expected"]["checks"]["passbook.account_holder"] == "match"
        else:
            heirs += 1
            assert t.claimant["spouse"] is not None
            assert name_score(passbook_holder, t.claimant["spouse"]["full_name"]).band == "match"
            assert name_score(t.form["account_holder"], t.claimant["spouse"]["full_name"]).band == "match"
            assert truth["expected"]["checks"]["passbook.account_holder"] == "review"
            assert truth["expected"]["checks"]["form.account_holder"] == "review"
        assert t.expected_verdict == "needs_review" and t.expected_code == "reason_needs_branch"
    assert heirs and own


@pytest.mark.parametrize("fault", ["spouse_passbook", "holder_typed_spouse"])
def test_a_spouses_account_on_a_death_claim_is_review(fault: str, tmp_path: Path) -> None:
    t = generate_claim(67, tmp_path / fault, claim_reason="meninggal", faults=(fault,))
    assert t.expected_checks["form.account_holder"] == "review"
    assert "mismatch" not in (t.expected_checks["passbook.account_holder"], t.expected_checks["form.account_holder"])
    _agrees(tmp_path / fault)
