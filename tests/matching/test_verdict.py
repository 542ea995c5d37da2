"""The report: all checks, the non-accusation rule, verdicts and claimant messages."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from intake.errors import Message
from intake.records import DOC_TYPES, ClaimForm, Problem
from matching.records import CHECK_NAMES, Check, Report
from matching.verdict import build_report
from ocr.records import DocumentResult, FieldValue

NIK = "3204110508900002"
WIFE_NIK = "3204114703920001"
CHILD_NIK = "3204111201150003"
SUBMITTED = date(2026, 10, 25)


def _fv(value: object, conf: float = 0.97) -> FieldValue:
    return FieldValue(value=value, confidence=conf, page=1, box=[[0, 0], [10, 0], [10, 5], [0, 5]])


def _form(**changes: object) -> ClaimForm:
    form = ClaimForm(
        nik=NIK,
        full_name="BUDI SANTOSO",
        birth_date=date(1990, 8, 5),
        birth_date_typed="050890",
        kpj="12345678901",
        claim_reason="resign",
        phone="6281234567890",
        email="budi@example.com",
        bank="BRI",
        account_number="012301000123567",
        account_holder="BUDI SANTOSO",
        branch="BANDUNG",
        submitted_on=SUBMITTED,
    )
    return replace(form, **changes)  # type: ignore[arg-type]


def _accepted(slot: str, **fields: FieldValue) -> DocumentResult:
    return DocumentResult(slot=slot, status="accepted", detected_type=slot, pages=1, fields=dict(fields))


MEMBERS = [
    {"nik": NIK, "full_name": "BUDI SANTOSO", "relationship": "KEPALA KELUARGA"},
    {"nik": WIFE_NIK, "full_name": "SITI AMINAH", "relationship": "ISTRI"},
    {"nik": CHILD_NIK, "full_name": "RIZKY PRATAMA", "relationship": "ANAK"},
]


def _docs(**overrides: DocumentResult) -> dict[str, DocumentResult]:
    docs = {
        "ktp": _accepted(
            "ktp",
            nik=_fv(NIK),
            full_name=_fv("H. BUDI SANTOSO"),
            birth_place=_fv("BANDUNG"),
            birth_date=_fv("1990-08-05"),
            gender=_fv("LAKI-LAKI"),
        ),
        "kk": _accepted("kk", kk_number=_fv("3204110101100001"), members=_fv(MEMBERS)),
        "bpjs_card": _accepted("bpjs_card", kpj=_fv("12345678901"), full_name=_fv("BUDI SANTOSO")),
        "resignation_letter": _accepted(
            "resignation_letter",
            full_name=_fv("Budi Santoso"),
            resignation_date=_fv("2026-08-31"),
            employer=_fv("PT MAJU JAYA"),
        ),
        "passbook": _accepted(
            "passbook",
            bank=_fv("BRI"),
            account_number=_fv("0123-01-000123-56-7"),
            account_holder=_fv("BUDI SANTOSO"),
        ),
    }
    docs.update(overrides)
    return docs


def _checks(report: Report) -> dict[str, Check]:
    return {c.check: c for c in report.checks}


def _assert_shape(report: Report) -> None:
    assert [c.check for c in report.checks] == list(CHECK_NAMES)
    assert set(report.documents) == set(DOC_TYPES)
    doc_ok = {slot for slot, d in report.documents.items() if d["status"] == "accepted"}
    for c in report.checks:
        slot = c.check.split(".")[0]
        if slot in DOC_TYPES and slot not in doc_ok:
            assert c.status in ("unreadable", "missing"), c
        assert c.message is not None and c.message.id and c.message.en
    json.dumps(report.as_contract())  # JSON-safe


def test_everything_matching_is_clear() -> None:
    report = build_report("c1", _form(), _docs())
    _assert_shape(report)
    assert report.verdict == "clear", [(c.check, c.status, c.code) for c in report.checks if c.status != "match"]
    # claim.age is for pensiun claims only
    assert all(c.status == ("not_applicable" if c.check == "claim.age" else "match") for c in report.checks)
    assert report.messages == []
    assert report.versions["rules"]
    checks = _checks(report)
    assert checks["passbook.account_number"].found == "012301000123567"
    assert checks["ktp.full_name"].found == "H. BUDI SANTOSO"
    assert checks["nik.birth_date"].found == "050890"


def test_benign_form_differences_still_clear() -> None:
    form = _form(full_name="MUHAMMAD YUSUF SOEKARNO", account_holder="M. YUSUF SUKARNO")
    docs = _docs()
    docs["ktp"].fields["full_name"] = _fv("M. YUSUF SUKARNO")
    docs["bpjs_card"].fields["full_name"] = _fv("MOH. YUSUF SUKARNO")
    docs["resignation_letter"].fields["full_name"] = _fv("Muhammad Yusuf Sukarno, S.E.")
    docs["passbook"].fields["account_holder"] = _fv("MUHAMMAD YUSUF SUKARNO")
    members = [dict(MEMBERS[0], full_name="MUHAMMAD YUSUF SUKARNO"), *MEMBERS[1:]]
    docs["kk"].fields["members"] = _fv(members)
    assert build_report("c1b", form, docs).verdict == "clear"


def test_one_digit_nik_typo_is_mismatch_and_needs_correction() -> None:
    typo = NIK[:-1] + "3"
    report = build_report("c2", _form(nik=typo), _docs())
    _assert_shape(report)
    checks = _checks(report)
    assert checks["ktp.nik"].status == "mismatch"
    assert checks["ktp.nik"].code == "nik_differs"
    assert checks["kk.nik"].status == "mismatch"
    assert checks["kk.nik"].found is None  # other members' NIKs are not echoed
    assert report.verdict == "needs_correction"
    assert any("NIK" in m.id and "NIK" in m.en for m in report.messages)
    for m in report.messages:
        assert typo not in m.id + m.en and NIK not in m.id + m.en


def test_low_confidence_nik_digit_is_review() -> None:
    chars = [0.99] * 16
    chars[-1] = 0.35
    docs = _docs()
    docs["ktp"].fields["nik"] = FieldValue(NIK[:-1] + "8", 0.9, char_confidences=chars)
    report = build_report("c2b", _form(), docs)
    assert _checks(report)["ktp.nik"].status == "review"
    assert report.verdict == "needs_review"


def test_spouse_passbook_is_holder_is_spouse() -> None:
    docs = _docs()
    docs["passbook"].fields["account_holder"] = _fv("SITI AMINAH")
    report = build_report("c3", _form(), docs)
    _assert_shape(report)
    c = _checks(report)["passbook.account_holder"]
    assert (c.status, c.code) == ("mismatch", "holder_is_spouse")
    assert "suami/istri" in c.message.id and "spouse" in c.message.en
    assert "SITI" not in c.message.id + c.message.en
    assert report.verdict == "needs_correction"


def test_spouse_passbook_read_with_a_slip_and_unsure_is_still_the_spouses() -> None:
    docs = _docs()
    docs["passbook"].fields["account_holder"] = _fv("SITI AMINAK", 0.55)  # found by its place only
    c = _checks(build_report("c3s", _form(), docs))["passbook.account_holder"]
    assert (c.status, c.code) == ("mismatch", "holder_is_spouse")


def test_a_holder_only_somewhat_like_a_family_member_is_not_taken_for_them() -> None:
    docs = _docs()
    docs["passbook"].fields["account_holder"] = _fv("SITI AMIRUDDIN", 0.55)
    c = _checks(build_report("c3t", _form(), docs))["passbook.account_holder"]
    assert c.status == "review"


def test_child_passbook_is_holder_is_family_member() -> None:
    docs = _docs()
    docs["passbook"].fields["account_holder"] = _fv("RIZKY PRATAMA")
    c = _checks(build_report("c3b", _form(), docs))["passbook.account_holder"]
    assert (c.status, c.code) == ("mismatch", "holder_is_family_member")


def test_stranger_passbook_is_holder_not_claimant() -> None:
    docs = _docs()
    docs["passbook"].fields["account_holder"] = _fv("HENDRA GUNAWAN")
    c = _checks(build_report("c3c", _form(), docs))["passbook.account_holder"]
    assert (c.status, c.code) == ("mismatch", "holder_not_claimant")


def test_blurred_ktp_photo_makes_ktp_checks_unreadable_and_asks_for_a_new_photo() -> None:
    docs = _docs(
        ktp=DocumentResult(
            slot="ktp",
            status="unreadable",
            reason="too_blurry",
            message=Message("Foto KTP buram. Unggah foto baru.", "The KTP photo is blurred. Upload a new one."),
            pages=1,
        )
    )
    report = build_report("c4", _form(), docs)
    _assert_shape(report)
    checks = _checks(report)
    for name in ("ktp.nik", "ktp.full_name", "ktp.birth_date"):
        assert checks[name].status == "unreadable"
        assert checks[name].code == "document_unreadable"
    assert checks["nik.birth_date"].status == "match"  # needs no document
    # The claimant can retake a blurred photo: that is a correction, not a review.
    assert report.verdict == "needs_correction"
    assert report.messages[0].en == "The KTP photo is blurred. Upload a new one."


def test_a_photo_on_which_no_text_was_read_asks_for_a_new_photo() -> None:
    # the quality figures passed it, but not three lines could be read: its message asks for a
    # new photo, and the verdict says the claimant has something to fix
    docs = _docs(ktp=DocumentResult(slot="ktp", status="unreadable", reason="no_text_found", pages=1))
    report = build_report("c4a", _form(), docs)
    assert _checks(report)["ktp.nik"].status == "unreadable"
    assert report.verdict == "needs_correction"
    # no text on any document: the reader is the likelier fault, a person looks
    blank = {slot: DocumentResult(slot=slot, status="unreadable", reason="no_text_found", pages=1) for slot in docs}
    assert build_report("c4a2", _form(), blank).verdict == "needs_review"


def test_ktp_unreadable_on_a_good_image_needs_a_person() -> None:
    docs = _docs(ktp=DocumentResult(slot="ktp", status="unreadable", reason="key_fields_unreadable", pages=1))
    report = build_report("c4b", _form(), docs)
    checks = _checks(report)
    assert checks["ktp.nik"].status == "unreadable"
    assert all(c.status != "mismatch" for c in report.checks)
    assert report.verdict == "needs_review"


def test_wrong_type_in_ktp_slot_is_missing_and_needs_correction() -> None:
    docs = _docs(ktp=DocumentResult(slot="ktp", status="wrong_type", reason="looks_like_kk", detected_type="kk"))
    report = build_report("c5", _form(), docs)
    _assert_shape(report)
    checks = _checks(report)
    for name in ("ktp.nik", "ktp.full_name", "ktp.birth_date"):
        assert checks[name].status == "missing"
        assert checks[name].code == "document_wrong_type"
    assert report.verdict == "needs_correction"
    assert any("KTP" in m.id for m in report.messages)


def test_resigned_ten_days_ago_is_waiting_period_mismatch_with_first_date() -> None:
    docs = _docs()
    docs["resignation_letter"].fields["resignation_date"] = _fv("2026-10-15")
    report = build_report("c6", _form(), docs)
    c = _checks(report)["resignation_letter.waiting_period"]
    assert (c.status, c.code) == ("mismatch", "waiting_period_not_over")
    assert "15 November 2026" in c.message.id
    assert "15 November 2026" in c.message.en
    assert c.found == "2026-10-15"
    assert report.verdict == "needs_correction"
    assert c.message in report.messages


def test_missing_passbook_is_missing() -> None:
    docs = _docs()
    del docs["passbook"]
    report = build_report("c7", _form(), docs)
    _assert_shape(report)
    checks = _checks(report)
    assert checks["passbook.account_number"].status == "missing"
    assert checks["passbook.account_holder"].status == "missing"
    assert report.documents["passbook"]["status"] == "missing"
    assert report.verdict == "needs_correction"
    assert any("buku tabungan" in m.id.lower() for m in report.messages)


@pytest.mark.parametrize("status", ["rejected", "missing", "wrong_type", "unreadable"])
def test_no_check_accuses_when_documents_are_not_accepted(status: str) -> None:
    docs = {slot: DocumentResult(slot=slot, status=status) for slot in DOC_TYPES}  # type: ignore[arg-type]
    report = build_report("c8", _form(), docs)
    _assert_shape(report)
    statuses = {c.check: c.status for c in report.checks}
    assert "mismatch" not in {s for n, s in statuses.items() if n != "nik.birth_date"}
    expected = "needs_review" if status == "unreadable" else "needs_correction"
    assert report.verdict == expected


def test_birth_date_typed_differs_from_nik() -> None:
    report = build_report("c9", _form(birth_date_typed="060890", birth_date=date(1990, 8, 6)), _docs())
    checks = _checks(report)
    assert checks["nik.birth_date"].status == "mismatch"
    assert checks["ktp.birth_date"].status == "mismatch"
    assert report.verdict == "needs_correction"


def test_woman_typing_nik_day_plus_40_gets_a_hint() -> None:
    form = _form(nik="3204114508900002", birth_date_typed="450890", birth_date=None)
    c = _checks(build_report("c10", form, _docs()))["nik.birth_date"]
    assert (c.status, c.code) == ("mismatch", "nik_birth_date_female_offset")


def test_field_not_read_on_accepted_document_is_unreadable() -> None:
    docs = _docs()
    del docs["bpjs_card"].fields["kpj"]
    report = build_report("c11", _form(), docs)
    c = _checks(report)["bpjs_card.kpj"]
    assert (c.status, c.code) == ("unreadable", "field_not_read")
    assert report.verdict == "needs_review"


def test_blocking_form_problem_needs_correction_and_comes_first() -> None:
    problem = Problem("email", "email_invalid", Message("E-mail tidak valid.", "The e-mail is not valid."))
    report = build_report("c12", _form(), _docs(), form_problems=[problem])
    assert report.verdict == "needs_correction"
    assert report.messages[0] == problem.message
    soft = Problem("phone", "phone_unusual", Message("x", "y"), soft=True)
    assert build_report("c13", _form(), _docs(), form_problems=[soft]).verdict == "clear"


def test_borderline_name_is_review() -> None:
    docs = _docs()
    docs["bpjs_card"].fields["full_name"] = _fv("SANTOSO BUDI")
    report = build_report("c14", _form(), docs)
    assert _checks(report)["bpjs_card.full_name"].status == "review"
    assert report.verdict == "needs_review"


def test_report_shows_glued_name_words_split_as_typed() -> None:
    """A name field the recogniser glued ("BUDISANTOSO") is reported split where the typed name
    shows the split; a word that differs by a letter, and other fields, stay as read."""
    docs = _docs(
        bpjs_card=_accepted("bpjs_card", kpj=_fv("12345678901"), full_name=_fv("BUDISANTOSO")),
        passbook=_accepted("passbook", bank=_fv("BRI"), account_number=_fv("0123-01-000123-56-7"),
                           account_holder=_fv("BUDISANTOSA")),
        kk=_accepted("kk", kk_number=_fv("3204110101100001"),
                     members=_fv([{**MEMBERS[0], "full_name": "BUDISANTOSO"}, *MEMBERS[1:]])),
    )
    report = build_report("glued", _form(), docs).as_contract()
    assert report["documents"]["bpjs_card"]["fields"]["full_name"]["value"] == "BUDI SANTOSO"
    assert report["documents"]["kk"]["fields"]["members"]["value"][0]["full_name"] == "BUDI SANTOSO"
    assert report["documents"]["kk"]["fields"]["members"]["value"][1]["full_name"] == "SITI AMINAH"
    assert report["documents"]["passbook"]["fields"]["account_holder"]["value"] == "BUDISANTOSA"
    assert report["documents"]["bpjs_card"]["fields"]["kpj"]["value"] == "12345678901"
    assert docs["bpjs_card"].fields["full_name"].value == "BUDISANTOSO"  # the stored result is untouched
