"""The claim-reason table (``intake.reasons``): required slots and rules per reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.reasons import (
    CLAIM_REASONS,
    PENSION_AGE,
    REASON_RULES,
    accepted_values,
    is_known,
    normalise_claim_reason,
    required_slots,
    rule_for,
    slot_required,
)
from intake.records import DOC_TYPES


def test_the_six_reasons_of_the_contract() -> None:
    assert CLAIM_REASONS == ("resign", "phk", "pensiun", "meninggal", "cacat", "wna")
    assert set(REASON_RULES) == set(CLAIM_REASONS)
    assert PENSION_AGE == 56


@pytest.mark.parametrize("reason", ["resign", "phk"])
def test_resign_and_phk_need_every_slot_and_the_waiting_period(reason: str) -> None:
    assert required_slots(reason) == DOC_TYPES
    rule = rule_for(reason)
    assert rule.waiting_period and not rule.age_check and not rule.needs_branch


def test_pensiun_needs_no_letter_and_is_decided_by_age() -> None:
    assert "resignation_letter" not in required_slots("pensiun")
    assert not slot_required("pensiun", "resignation_letter")
    assert slot_required("pensiun", "ktp") and slot_required("pensiun", "passbook")
    rule = rule_for("pensiun")
    assert rule.age_check and not rule.waiting_period and not rule.needs_branch


@pytest.mark.parametrize("reason", ["meninggal", "cacat", "wna"])
def test_branch_reasons(reason: str) -> None:
    rule = rule_for(reason)
    assert rule.needs_branch and not rule.age_check and not rule.waiting_period


def test_unknown_reason_falls_back_to_resign_rules() -> None:
    assert not is_known("liburan")
    assert rule_for("liburan") == rule_for("resign")
    assert required_slots("") == DOC_TYPES


def test_accepted_values_name_every_reason_in_both_languages() -> None:
    m = accepted_values()
    for reason in CLAIM_REASONS:
        assert reason in m.id and reason in m.en


@given(st.text(max_size=60))
def test_normalise_never_fails_and_is_idempotent(text: str) -> None:
    out = normalise_claim_reason(text)
    assert isinstance(out, str)
    if out in CLAIM_REASONS:
        assert normalise_claim_reason(out) == out
