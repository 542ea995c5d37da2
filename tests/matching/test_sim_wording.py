"""A SIM in the ID slot: every message about the slot and its checks names the SIM, never the KTP.

Check ids stay ``ktp.*`` (contract); only the words change, in both languages.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from matching.messages import DOC_NAMES, doc_key, message
from matching.records import Check, Report
from matching.verdict import build_report
from ocr.records import DocumentResult, FieldValue
from tests.matching.test_sim import _sim as sim_of
from tests.matching.test_verdict import NIK, _form, _fv
from tests.matching.test_verdict import _docs as ktp_docs


def _sim(**fields: FieldValue) -> DocumentResult:
    """An accepted SIM in the ID slot, ``fields`` replacing its own."""
    sim = sim_of("BUDI SANTOSO", "1990-08-05")
    return replace(sim, fields={**sim.fields, **fields})


def _docs(**overrides: DocumentResult) -> dict[str, DocumentResult]:
    """A clean claim whose ID is a SIM."""
    return ktp_docs(**{"ktp": _sim(), **overrides})


def _check(report: Report, name: str) -> Check:
    return next(c for c in report.checks if c.check == name)


def _says_sim(check: Check) -> None:
    """The check's message names the SIM in both languages and never the KTP."""
    assert check.message is not None
    assert "SIM" in check.message.id and "SIM" in check.message.en, check
    assert "KTP" not in check.message.id and "KTP" not in check.message.en, check


def test_doc_key_names_a_sim_only_in_the_id_slot() -> None:
    assert doc_key("ktp", "sim") == "sim"
    assert doc_key("ktp", "ktp") == doc_key("ktp", None) == "ktp"
    assert doc_key("kk", "sim") == "kk"  # a SIM in the KK slot is a wrong type: the slot is named


def test_all_checks_of_a_clean_sim_claim_match() -> None:
    report = build_report("c1", _form(), _docs())
    assert report.verdict == "clear", [(c.check, c.status) for c in report.checks]
    assert _check(report, "ktp.nik").code == "nik_via_kk"


def test_name_on_the_sim_differs() -> None:
    report = build_report("c1", _form(full_name="AGUS SETIAWAN", account_holder="AGUS SETIAWAN"), _docs())
    c = _check(report, "ktp.full_name")
    assert c.status == "mismatch"
    _says_sim(c)
    assert "persis seperti pada SIM" in c.message.id  # type: ignore[union-attr]
    # the other documents' name checks tell the claimant to type the name as on the SIM
    _says_sim(_check(report, "bpjs_card.full_name"))


def test_birth_date_on_the_sim_differs_or_is_unclear() -> None:
    differs = build_report("c1", _form(birth_date=date(1991, 8, 5), birth_date_typed="050891"), _docs())
    c = _check(differs, "ktp.birth_date")
    assert c.status == "mismatch"
    _says_sim(c)
    unclear = build_report("c1", _form(birth_date=date(1990, 8, 6), birth_date_typed="060890"),
                           _docs(ktp=_sim(birth_date=_fv("1990-08-05", conf=0.3))))
    c = _check(unclear, "ktp.birth_date")
    assert (c.status, c.code) == ("review", "birth_date_review")
    _says_sim(c)


def test_field_not_read_on_the_sim() -> None:
    sim = _sim()
    sim = replace(sim, fields={k: v for k, v in sim.fields.items() if k not in ("full_name", "birth_date")})
    report = build_report("c1", _form(), _docs(ktp=sim))
    for name in ("ktp.full_name", "ktp.birth_date", "ktp.nik"):
        c = _check(report, name)
        assert (c.status, c.code) == ("unreadable", "field_not_read"), name
        _says_sim(c)


@pytest.mark.parametrize("reason", ["key_fields_unreadable", "too_blurry"])
def test_an_unreadable_sim_is_named_sim_in_its_checks_and_document_message(reason: str) -> None:
    sim = DocumentResult(slot="ktp", status="unreadable", reason=reason, detected_type="sim", pages=1)
    report = build_report("c1", _form(), _docs(ktp=sim))
    for name in ("ktp.nik", "ktp.full_name", "ktp.birth_date"):
        c = _check(report, name)
        assert c.status == "unreadable" and c.check == name
        _says_sim(c)
    doc_msgs = [m for m in report.messages if "tidak terbaca dengan jelas" in m.id]
    assert doc_msgs and all("SIM" in m.id and "KTP" not in m.id + m.en for m in doc_msgs)


def test_holder_messages_say_as_on_your_sim() -> None:
    report = build_report("c1", _form(account_holder="DEWI LESTARI"),
                          _docs(passbook=DocumentResult(
                              slot="passbook", status="accepted", detected_type="passbook", pages=1,
                              fields={"account_number": _fv("012301000123567"),
                                      "account_holder": _fv("JOKO WIDODO")})))
    holder = _check(report, "passbook.account_holder")
    assert (holder.status, holder.code) == ("mismatch", "holder_not_claimant")
    _says_sim(holder)
    typed = _check(report, "form.account_holder")
    assert (typed.status, typed.code) == ("mismatch", "account_holder_typed_differs")
    _says_sim(typed)


def test_pension_age_review_names_the_sim() -> None:
    # typed: 56 already; the SIM's (unsure) birth date says not yet
    form = _form(claim_reason="pensiun", birth_date=date(1970, 1, 5), birth_date_typed="050170")
    report = build_report("c1", form, _docs(ktp=_sim(birth_date=_fv("1975-01-05", conf=0.3))))
    age = _check(report, "claim.age")
    assert (age.status, age.code) == ("review", "age_review")
    _says_sim(age)


def test_every_check_message_of_a_sim_claim_avoids_ktp() -> None:
    """A claim where every ID-related check fails: no check message says KTP."""
    form = _form(full_name="AGUS SETIAWAN", birth_date=date(1991, 8, 5), birth_date_typed="050891",
                 account_holder="SITI AMINAH")
    report = build_report("c1", form, _docs())
    for c in report.checks:
        assert c.check.startswith(("ktp.", "nik.", "kk.", "bpjs_card.", "resignation_letter.", "passbook.",
                                   "form.", "claim."))
        if c.message is not None:
            assert "KTP" not in c.message.id + c.message.en, (c.check, c.message)


def test_with_a_ktp_the_messages_still_say_ktp() -> None:
    ktp = DocumentResult(slot="ktp", status="accepted", detected_type="ktp", pages=1, fields={
        "nik": _fv(NIK), "full_name": _fv("BUDI SANTOSO"), "birth_date": _fv("1990-08-05")})
    report = build_report("c1", _form(birth_date=date(1991, 8, 5), birth_date_typed="050891"), _docs(ktp=ktp))
    c = _check(report, "ktp.birth_date")
    assert c.status == "mismatch" and c.message is not None
    assert "KTP" in c.message.id and "KTP" in c.message.en and "SIM" not in c.message.id


def test_the_id_placeholder_defaults_to_the_ktp() -> None:
    assert message("birth_date_review").id == message("birth_date_review", id_doc="ktp").id
    assert DOC_NAMES["sim"][0] in message("birth_date_review", id_doc="sim").id
