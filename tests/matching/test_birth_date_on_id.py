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
