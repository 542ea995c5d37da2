"""``ktp.birth_date`` with what was typed: the ID printing the typed birth date confirms it when
the field was not read, and turns a misread into ``review`` (issue 11, items 4 and 5)."""

from __future__ import annotations

from matching.verdict import build_report
from tests.matching.test_locate import check, doc, form, fv, lines_of

KTP = [
    "PROVINSI JAWA BARAT", "KOTA BOGOR",
    [(20, "NIK"), (200, ": 3204110508900002")],
    [(20, "Nama"), (200, ": TUTI HANDAYANI")],
    [(20, "Tempat/Tgl Lahir"), (200, ": BOGOR. 05-08-1990")],
    [(20, "Berlaku Hingga"), (200, ": SEUMUR HIDUP")],
    [(600, "BOGOR"), (600, "12-05-2018")],
]


def test_typed_birth_date_printed_on_the_id_is_a_match_when_the_field_was_not_read() -> None:
    ktp = doc("ktp", lines_of(KTP))
    c = check("ktp.birth_date", form(), {"ktp": ktp})
    assert (c.status, c.found) == ("match", "1990-08-05")
    shown = build_report("c-1", form(), {"ktp": ktp}).as_contract()["documents"]["ktp"]["fields"]["birth_date"]
    assert shown["value"] == "1990-08-05" and shown["box"]


def test_a_wrong_typed_birth_date_stays_unreadable_when_nothing_was_read() -> None:
    c = check("ktp.birth_date", form(birth_date_typed="060890"), {"ktp": doc("ktp", lines_of(KTP))})
    assert c.status == "unreadable"


def test_a_misread_field_is_review_when_the_id_prints_the_typed_date() -> None:
    ktp = doc("ktp", lines_of(KTP), birth_date=fv("1990-08-06"))
    assert check("ktp.birth_date", form(), {"ktp": ktp}).status == "review"


def test_a_real_difference_is_still_a_mismatch() -> None:
    rows = [r if "Lahir" not in str(r) else [(20, "Tempat/Tgl Lahir"), (200, ": BOGOR, 06-08-1990")] for r in KTP]
    ktp = doc("ktp", lines_of(rows), birth_date=fv("1990-08-06"))
    assert check("ktp.birth_date", form(), {"ktp": ktp}).status == "mismatch"


def test_the_typed_date_printed_with_a_speck_turns_a_misread_into_review() -> None:
    """05-08-19.90" (a speck inside the year) read as 1 January 1990: the ID prints the typed date's eight digits, so
    the difference is the OCR's (it was a false alarm)."""
    rows = [r if "Lahir" not in str(r) else [(20, "Tempat/Tgl Lahir"), (200, "CIMAHI,05-08-19.90")] for r in KTP]
    ktp = doc("ktp", lines_of(rows), birth_date=fv("1990-01-01"))
    assert check("ktp.birth_date", form(), {"ktp": ktp}).status == "review"


def test_a_number_glued_to_its_label_differing_in_its_first_digits_is_review() -> None:
    """"Nomor Rekeni9814..." for a typed 9314...: the label's lost end, not another account; the
    same difference further into the number stays a mismatch."""
    typed = "9314153572409293"
    glued = doc("passbook", lines_of([[(20, "Nomor Rekeni9814153572409293")]]), account_number=fv("9814153572409293"))
    assert check("passbook.account_number", form(account_number=typed), {"passbook": glued}).status == "review"
    inside = doc("passbook", lines_of([[(20, "Nomor Rekeni9314153572409893")]]), account_number=fv("9314153572409893"))
    assert check("passbook.account_number", form(account_number=typed), {"passbook": inside}).status == "mismatch"
    apart = doc("passbook", lines_of([[(20, "Nomor Rekening"), (300, ": 9814153572409293")]]),
                account_number=fv("9814153572409293"))
    assert check("passbook.account_number", form(account_number=typed), {"passbook": apart}).status == "mismatch"
