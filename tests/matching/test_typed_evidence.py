"""Typed values confirmed by geometry on a layout the extractors do not know.

A long typed number printed whole on the document is a match whatever its label; the holder's
name right above or below the account number confirms the typed name, but a different name
there is never taken as "the holder" (no accusation from an unknown layout).
"""

from __future__ import annotations

import pytest

from matching.locate import locate
from tests.matching.test_locate import check, doc, form, fv, lines_of

UNKNOWN_LAYOUT = [
    [(60, "TABUNGAN KITA")],
    [(60, "Milik")],
    [(60, "TUTI HANDAYANI")],
    [(60, "1234-01-000567-50-9")],
    [(60, "KCP BOGOR SUKASARI")],
]


def test_typed_name_above_the_account_number_is_the_holder() -> None:
    docs = {"passbook": doc("passbook", lines_of(UNKNOWN_LAYOUT))}
    assert check("passbook.account_holder", form(), docs).status == "match"


def test_another_name_by_the_account_number_is_never_a_mismatch_by_itself() -> None:
    rows = [r if r != [(60, "TUTI HANDAYANI")] else [(60, "BUDI SANTOSO")] for r in UNKNOWN_LAYOUT]
    docs = {"passbook": doc("passbook", lines_of(rows))}
    assert check("passbook.account_holder", form(), docs).status in ("unreadable", "review")


def test_long_typed_number_printed_whole_matches_under_any_label() -> None:
    docs = {"passbook": doc("passbook", lines_of(UNKNOWN_LAYOUT))}
    assert check("passbook.account_number", form(), docs).status == "match"
    other = form(account_number="123401000567599")  # one digit off: not printed whole anywhere
    assert check("passbook.account_number", other, docs).status != "match"


ENGLISH_LETTER = [
    [(60, "PT PRIMA SEJAHTERA")],
    [(200, "CERTIFICATE OF EMPLOYMENT")],
    [(60, "This is to certify that the bearer, TUTI HANDAYANI of the Finance department, has")],
    [(60, "been employed by PT PRIMA SEJAHTERA from 10 April 2022 to 5 February 2026.")],
    [(600, "Grobogan, February 15, 2026")],
    [(600, "BUDI SANTOSO")],
    [(600, "HR MANAGER")],
]


def test_typed_full_name_in_the_letter_body_confirms_the_worker() -> None:
    docs = {"resignation_letter": doc("resignation_letter", lines_of(ENGLISH_LETTER))}
    assert check("resignation_letter.full_name", form(), docs).status == "match"


def test_the_signers_name_or_one_word_never_confirms() -> None:
    docs = {"resignation_letter": doc("resignation_letter", lines_of(ENGLISH_LETTER))}
    assert check("resignation_letter.full_name", form(full_name="Budi Santoso"), docs).status != "match"
    assert check("resignation_letter.full_name", form(full_name="Prima"), docs).status != "match"


def test_a_holder_found_by_place_alone_never_accuses() -> None:
    rows = [r if r != [(60, "TUTI HANDAYANI")] else [(60, "TABUNGAN XPRESI")] for r in UNKNOWN_LAYOUT]
    guessed = doc("passbook", lines_of(rows), account_holder=fv("XPRESI PLUS", conf=0.5))
    assert check("passbook.account_holder", form(), {"passbook": guessed}).status == "review"
    labelled = doc("passbook", lines_of(rows), account_holder=fv("BUDI SANTOSO", conf=0.95))
    assert check("passbook.account_holder", form(), {"passbook": labelled}).status == "mismatch"


def test_typed_name_under_a_column_label_is_in_its_role() -> None:
    rows = [
        [(60, "PT INTI JAYA NUSANTARA")],
        [(60, "Dengan ini menerangkan bahwa karyawan berikut:")],
        [(60, "No"), (200, "Nama Karyawan"), (560, "Jabatan"), (800, "Tanggal Keluar")],
        [(60, "1"), (200, "TUTI HANDAYANI"), (560, "STAF GUDANG"), (800, "11/04/2026")],
    ]
    got = locate("Tuti Handayani", "resignation_letter", "full_name", lines_of(rows), "name")
    assert got.in_role is not None and got.in_role.role in ("column", "worker_block")


def test_waiting_period_on_a_weakly_announced_date_with_a_later_one_is_review() -> None:
    # the last day picked on weak evidence ("tanggal ..."), while the letter also prints a later
    # date for which the month is not over: never clear on a guess
    rows = [
        [(60, "PT SINAR MANDIRI")],
        [(60, "Berita Acara tanggal 16/07/2026")],
        [(60, "berlaku sejak tanggal 20/10/2026.")],
        [(300, "Bandung, 22/10/2026")],
    ]
    lines = lines_of(rows)
    weak = doc("resignation_letter", lines, resignation_date=fv("2026-07-16", conf=0.68),
               letter_date=fv("2026-10-22"))
    assert check("resignation_letter.waiting_period", form(), {"resignation_letter": weak}).status == "review"
    strong = doc("resignation_letter", lines, resignation_date=fv("2026-07-16", conf=0.97),
                 letter_date=fv("2026-10-22"))
    assert check("resignation_letter.waiting_period", form(), {"resignation_letter": strong}).status == "match"


def test_kk_nik_that_does_not_fit_its_own_birth_date_is_a_misread() -> None:
    # typed 3204110508900002 (born 05-08-1990); the KK row reads ...3508900002 but prints the
    # birth date 05-08-1990: the day digits were misread, never "not on the KK" (and since the
    # row's date is the typed birth date the typed NIK encodes, a match: see below)
    misread = [{"nik": "3204113508900002", "full_name": "TUTI HANDAYANI", "birth_date": "1990-08-05"}]
    docs = {"kk": doc("kk", lines_of([[(60, "KARTU KELUARGA")]]), members=fv(misread))}
    assert check("kk.nik", form(), docs).status == "match"
    # the same misread on a row whose date is not the typed one: a person looks
    misread2 = [{"nik": "3204113508900002", "full_name": "TUTI HANDAYANI", "birth_date": "1990-08-15"}]
    docs = {"kk": doc("kk", lines_of([[(60, "KARTU KELUARGA")]]), members=fv(misread2))}
    assert check("kk.nik", form(), docs).status == "review"
    # a NIK that fits its row's birth date but is not the typed one: another person
    other = [{"nik": "3204110508900012", "full_name": "BUDI", "birth_date": "1990-08-05"}]
    docs = {"kk": doc("kk", lines_of([[(60, "KARTU KELUARGA")]]), members=fv(other))}
    assert check("kk.nik", form(), docs).status == "mismatch"


def test_kk_nik_differing_only_in_a_region_digit_the_kk_number_confirms_is_a_misread() -> None:
    # typed 3204110508900002; the KK number starts 320411 too; the row reads 320451...: the
    # region digit the OCR changed is the KK number's. The row is the claimant's by its date (its
    # NIK encodes its own printed birth date, the typed one): a match, with no KTP to confirm
    row = [{"nik": "3204510508900002", "full_name": "TUTI HANDAYANI", "birth_date": "1990-08-05"}]
    kk_lines = lines_of([[(60, "KARTU KELUARGA")]])
    docs = {"kk": doc("kk", kk_lines, members=fv(row), kk_number=fv("3204112209140001"))}
    assert check("kk.nik", form(), docs).status == "match"
    # the row's printed date is not the typed one (its NIK does not encode it): review, never
    # "not on the KK"
    unsure = [dict(row[0], birth_date="1990-08-15")]
    docs = {"kk": doc("kk", kk_lines, members=fv(unsure), kk_number=fv("3204112209140001"))}
    assert check("kk.nik", form(), docs).status == "review"
    # the same row on a KK whose number has the row's region: the typed NIK is from elsewhere
    docs = {"kk": doc("kk", kk_lines, members=fv(row), kk_number=fv("3204512209140001"))}
    assert check("kk.nik", form(), docs).status == "mismatch"
    # a difference outside the region code is not excused by the KK number
    other = [{"nik": "3204110508900012", "full_name": "BUDI", "birth_date": "1990-08-05"}]
    docs = {"kk": doc("kk", kk_lines, members=fv(other), kk_number=fv("3204112209140001"))}
    assert check("kk.nik", form(), docs).status == "mismatch"


def test_kk_nik_one_digit_off_while_the_ktp_prints_the_typed_nik_is_a_misread() -> None:
    # the KK row reads ...0006 for the typed ...0002 (a chat-compressed KK); the KTP prints the
    # typed NIK: a person looks, the claimant is not told the NIK is not on the KK
    row = [{"nik": "3204110508900006", "full_name": "TUTI HANDAYANI", "birth_date": "1990-08-05"}]
    kk = doc("kk", lines_of([[(60, "KARTU KELUARGA")]]), members=fv(row))
    ktp = doc("ktp", lines_of([[(60, "NIK : 3204110508900002")]]), nik=fv("3204110508900002"))
    assert check("kk.nik", form(), {"kk": kk, "ktp": ktp}).status == "review"
    # with no KTP read, or a KTP printing another NIK, the difference stands
    assert check("kk.nik", form(), {"kk": kk}).status == "mismatch"
    other = doc("ktp", lines_of([[(60, "NIK : 3204110508900007")]]), nik=fv("3204110508900007"))
    assert check("kk.nik", form(), {"kk": kk, "ktp": other}).status == "mismatch"


def test_kk_nik_region_digit_misread_with_the_ktp_and_the_kk_number_agreeing_is_a_match() -> None:
    # the row reads 320451... for the typed 320411...; the KTP prints the typed NIK digit for
    # digit and the KK's own number starts 320411: two documents say it was misread
    row = [{"nik": "3204510508900002", "full_name": "TUTI HANDAYANI", "birth_date": "1990-08-05"}]
    kk = doc("kk", lines_of([[(60, "KARTU KELUARGA")]]), members=fv(row), kk_number=fv("3204112209140001"))
    ktp = doc("ktp", lines_of([[(60, "NIK : 3204110508900002")]]), nik=fv("3204110508900002"))
    assert check("kk.nik", form(), {"kk": kk, "ktp": ktp}).status == "match"
    # a difference outside the region code stays for a person to read
    other = [{"nik": "3204110508900006", "full_name": "TUTI HANDAYANI", "birth_date": "1990-08-05"}]
    kk2 = doc("kk", lines_of([[(60, "KARTU KELUARGA")]]), members=fv(other), kk_number=fv("3204112209140001"))
    assert check("kk.nik", form(), {"kk": kk2, "ktp": ktp}).status == "review"


def test_kk_nik_date_digit_misread_against_its_own_rows_birth_date_is_a_match() -> None:
    # typed 3204110508900002 (born 05-08-1990, as typed); the row reads ...0508800002 but prints
    # 05-08-1990 beside it: its NIK does not encode its own date, the typed one does
    row = [{"nik": "3204110508800002", "full_name": "TUTI HANDAYANI", "birth_date": "1990-08-05"}]
    kk = doc("kk", lines_of([[(60, "KARTU KELUARGA")]]), members=fv(row))
    assert check("kk.nik", form(), {"kk": kk}).status == "match"
    # the row's birth date is not the typed one: a person looks (review), it is not excused
    other = [{"nik": "3204110508800002", "full_name": "TUTI HANDAYANI", "birth_date": "1980-08-05"}]
    kk2 = doc("kk", lines_of([[(60, "KARTU KELUARGA")]]), members=fv(other))
    assert check("kk.nik", form(), {"kk": kk2}).status != "match"


def test_kk_nik_misread_in_a_region_digit_and_a_date_digit_both_explained_is_a_match() -> None:
    # a chat-compressed KK: the row reads 520411 0508 8 00002 for the typed 320411 0508 9 00002.
    # The region digit is the KK number's and the KTP prints the typed NIK; the year digit does
    # not fit the row's own printed birth date, which is the typed one: both digits misread
    row = [{"nik": "5204110508800002", "full_name": "TUTI HANDAYANI", "birth_date": "1990-08-05"}]
    kk = doc("kk", lines_of([[(60, "KARTU KELUARGA")]]), members=fv(row), kk_number=fv("3204112209140001"))
    ktp = doc("ktp", lines_of([[(60, "NIK : 3204110508900002")]]), nik=fv("3204110508900002"))
    assert check("kk.nik", form(), {"kk": kk, "ktp": ktp}).status == "match"
    # without the KTP's word the region digit is not explained: a person looks
    assert check("kk.nik", form(), {"kk": kk}).status == "review"
    # a serial digit instead of the date digit is not explained by anything
    serial = [{"nik": "5204110508900012", "full_name": "TUTI HANDAYANI", "birth_date": "1990-08-05"}]
    kk2 = doc("kk", lines_of([[(60, "KARTU KELUARGA")]]), members=fv(serial), kk_number=fv("3204112209140001"))
    assert check("kk.nik", form(), {"kk": kk2, "ktp": ktp}).status == "review"


def _recent_letter(*body: str) -> list:
    return [
        [(60, "PT SINAR MANDIRI")],
        [(60, "menerangkan bahwa Sdr. TUTI HANDAYANI bekerja sejak tanggal 3 Januari 2020")],
        *[[(60, b)] for b in body],
        [(600, "Bandung, 16/10/2026")],
    ]


def test_every_date_that_may_be_the_last_day_within_the_period_is_a_mismatch_without_a_cue() -> None:
    # the last day is announced in words no rule knows (weak pick), but every date of the letter
    # other than the start of work is within the last month before 25-10-2026: not over
    lines = lines_of(_recent_letter("Hari kerja yang bersangkutan yang penghabisan 14/10/2026."))
    weak = doc("resignation_letter", lines, resignation_date=fv("2026-10-14", conf=0.5), letter_date=fv("2026-10-16"))
    assert check("resignation_letter.waiting_period", form(), {"resignation_letter": weak}).status == "mismatch"


@pytest.mark.parametrize("body", [
    "Hari kerja yang bersangkutan yang penghabisan bulan Agustus 2026.",  # a month without its day
    "Rapat tanggal 02/07/2026 memutuskan hal ini.",  # an older date that may be the last day
    "Hari kerja yang bersangkutan yang penghabisan 14/10/26.",  # a two-digit year
])
def test_a_last_day_that_may_be_long_ago_is_never_accused_on_a_weak_pick(body: str) -> None:
    lines = lines_of(_recent_letter(body))
    weak = doc("resignation_letter", lines, resignation_date=fv("2026-10-16", conf=0.5), letter_date=fv("2026-10-16"))
    assert check("resignation_letter.waiting_period", form(), {"resignation_letter": weak}).status == "review"


def test_a_letter_that_prints_only_its_own_date_says_nothing_of_the_last_day() -> None:
    rows = [[(60, "PT SINAR MANDIRI")], [(60, "menerangkan bahwa Sdr. TUTI HANDAYANI telah bekerja pada kami.")],
            [(600, "Bandung, 16/10/2026")]]
    weak = doc("resignation_letter", lines_of(rows), resignation_date=fv("2026-10-16", conf=0.5),
               letter_date=fv("2026-10-16"))
    assert check("resignation_letter.waiting_period", form(), {"resignation_letter": weak}).status == "review"


def test_kk_whose_claimant_row_was_not_read_is_review_never_not_on_the_kk() -> None:
    """Only the spouse's row was read, but the KK prints the claimant as its head: the claimant's
    own row was lost to the OCR (a fresh training draw's false alarm), not absent from the card."""
    spouse = [{"nik": "8308045003857548", "full_name": "BUDI SANTOSO", "birth_date": "1985-03-10"}]
    head = lines_of([[(60, "KARTU KELUARGA")], [(60, "Nama Kepala Keluarga"), (400, ": TUTI HANDAYANI")]])
    assert check("kk.nik", form(), {"kk": doc("kk", head, members=fv(spouse))}).status == "review"
    # the claimant's name nowhere on the KK: another family's card
    other = lines_of([[(60, "KARTU KELUARGA")], [(60, "Nama Kepala Keluarga"), (400, ": BUDI SANTOSO")]])
    assert check("kk.nik", form(), {"kk": doc("kk", other, members=fv(spouse))}).status == "mismatch"
    # the claimant's own row read with another NIK (a typed NIK typo): still a difference
    own = [{"nik": "3204110508900099", "full_name": "TUTI HANDAYANI", "birth_date": "1990-08-05"}]
    assert check("kk.nik", form(), {"kk": doc("kk", head, members=fv(own))}).status == "mismatch"
