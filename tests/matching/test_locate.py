"""Checks that use what was typed, and never accuse on a misread (issue 11).

The documents are hand-built OCR lines (synthetic), laid out the way other companies, banks
and card designs print them; the blind extractor's value is set by hand to what a wrong pick
would give, so the tests show what the typed-value search changes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from intake.records import ClaimForm
from matching.locate import BODY_ROLES, digits_in, locate, respace, role_slots
from matching.records import Check
from matching.verdict import run_checks
from ocr.records import DocumentResult, FieldValue, PageLine
from tests.ocr.extract import make_page

NIK = "3204110508900002"
SUBMITTED = date(2026, 10, 25)


def lines_of(rows: list, **kw: Any) -> list[PageLine]:
    """Page-numbered lines of a hand-built page (rows as in ``tests.ocr.extract.make_page``)."""
    page = make_page(rows, **kw)
    return [PageLine.of(page.page, ln) for ln in page.lines]


def fv(value: object, conf: float = 0.97) -> FieldValue:
    return FieldValue(value=value, confidence=conf, page=1, box=[[0, 0], [10, 0], [10, 5], [0, 5]])


def form(**changes: object) -> ClaimForm:
    f = ClaimForm(nik=NIK, full_name="Tuti Handayani", birth_date=date(1990, 8, 5), birth_date_typed="050890",
                  kpj="25012345678", claim_reason="resign", phone="6281234567890", email="tuti@example.com",
                  bank="BRI", account_number="123401000567509", account_holder="TUTI HANDAYANI", branch="BOGOR",
                  submitted_on=SUBMITTED)
    return replace(f, **changes)  # type: ignore[arg-type]


def doc(slot: str, lines: list[PageLine], **fields: FieldValue) -> DocumentResult:
    return DocumentResult(slot=slot, status="accepted", detected_type=slot, pages=1, fields=dict(fields), lines=lines)


def check(name: str, f: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    return {c.check: c for c in run_checks(f, docs)}[name]


# --- letters: the worker's block, not the signer's ---------------------------------------------

SIGNER_FIRST = [
    [(60, "PT SAMUDERA LOGISTIK PRIMA")],
    [(60, "Nama"), (330, ": IR. BAMBANG WIJAYA")],
    [(60, "Jabatan"), (330, ": Direktur Operasional")],
    "Menerangkan dengan sebenarnya bahwa:",
    [(60, "Nama Karyawan"), (330, ": TUTIHANDAYANI")],
    [(60, "Masa Kerja"), (330, ": 3 Januari 2020 s/d 28 Februari 2025")],
]


def test_typed_name_in_worker_block_matches_although_extractor_picked_the_signer() -> None:
    d = doc("resignation_letter", lines_of(SIGNER_FIRST, width=1240, height=1754),
            full_name=fv("IR. BAMBANG WIJAYA"), resignation_date=fv("2025-02-28"))
    c = check("resignation_letter.full_name", form(), {"resignation_letter": d})
    assert c.status == "match"
    assert c.found == "TUTI HANDAYANI"  # glued words split as typed


def test_typed_name_only_in_signer_block_is_review_not_match() -> None:
    d = doc("resignation_letter", lines_of(SIGNER_FIRST, width=1240, height=1754),
            full_name=fv("TUTIHANDAYANI"), resignation_date=fv("2025-02-28"))
    c = check("resignation_letter.full_name", form(full_name="Bambang Wijaya"), {"resignation_letter": d})
    assert c.status == "review"


UNDERSIGNED_WORKER = [
    [(60, "Perihal: Pengunduran Diri")],
    [(60, "Kepada Yth. HRD PT SAMUDERA LOGISTIK PRIMA")],
    "Yang bertanda tangan di bawah ini:",
    [(60, "Nama"), (330, ": TUTI HANDAYANI")],
    [(60, "Jabatan"), (330, ": Staf Gudang")],
    "dengan ini mengundurkan diri terhitung 28 Februari 2025.",
    [(700, "Bogor, 14 Februari 2025")],
    [(700, "TUTI HANDAYANI")],
]


def test_typed_name_signing_a_letter_that_names_nobody_else_is_the_claimants_letter() -> None:
    # a worker's own letter whose wording was not read as first person: every row after "yang
    # bertanda tangan" is the signer's, and the extractor found no worker; the typed name signs it
    d = doc("resignation_letter", lines_of(UNDERSIGNED_WORKER, width=1240, height=1754),
            resignation_date=fv("2025-02-28"))
    c = check("resignation_letter.full_name", form(), {"resignation_letter": d})
    assert c.status == "match" and c.found == "TUTI HANDAYANI"
    # one typed word is never enough, and another worker named in the letter stands against it
    assert check("resignation_letter.full_name", form(full_name="Tuti"), {"resignation_letter": d}).status != "match"
    other = [*UNDERSIGNED_WORKER[:5], "menerangkan bahwa", [(60, "Nama"), (330, ": BUDI SANTOSO")],
             *UNDERSIGNED_WORKER[5:]]
    d2 = doc("resignation_letter", lines_of(other, width=1240, height=1754), resignation_date=fv("2025-02-28"))
    assert check("resignation_letter.full_name", form(), {"resignation_letter": d2}).status != "match"


def test_typed_name_nowhere_while_role_holds_another_name_is_mismatch() -> None:
    d = doc("resignation_letter", lines_of(SIGNER_FIRST, width=1240, height=1754),
            full_name=fv("TUTIHANDAYANI"), resignation_date=fv("2025-02-28"))
    c = check("resignation_letter.full_name", form(full_name="Joko Prasetyo"), {"resignation_letter": d})
    assert c.status == "mismatch"


def test_free_text_letter_name_after_sdr() -> None:
    rows = ["Manajemen memberitahukan kepada Sdr. AGUS SETIAWAN, NIP 2019-044, bahwa hubungan",
            "kerja berakhir terhitung mulai tanggal 31 Mar 2025.", [(800, "Hormat kami,")], [(800, "DEWI LESTARI")]]
    loc = locate("Agus Setiawan", "resignation_letter", "full_name", lines_of(rows, width=1240, height=1754), "name")
    assert loc.in_role is not None and loc.in_role.role == "worker_block"
    # the signer under "Hormat kami" is not in the worker's role
    loc2 = locate("Dewi Lestari", "resignation_letter", "full_name", lines_of(rows, width=1240, height=1754), "name")
    assert loc2.in_role is None and loc2.elsewhere is not None


def test_a_name_wrapped_at_the_line_end_is_never_a_mismatch() -> None:
    # the extractor took only the first word ("Sdr. TUTI" ends its line); the typed name is printed,
    # wrapped onto the next line: a person looks, nobody is accused
    rows = ["PT SAMUDERA LOGISTIK PRIMA",
            "Yang bertanda tangan di bawah ini menerangkan bahwa Sdr. TUTI",
            [(14, "HANDAYANI, NIK 3204110508900002, telah bekerja sejak 2019 sampai dengan")],
            "28 Februari 2025.", [(800, "Hormat kami,")], [(800, "DEWI LESTARI")]]
    d = doc("resignation_letter", lines_of(rows, width=1240, height=1754, row_gap=26),
            full_name=fv("TUTI"), resignation_date=fv("2025-02-28"))
    loc = locate("Tuti Handayani", "resignation_letter", "full_name", d.lines, "name")
    assert loc.in_role is not None and loc.in_role.text == "TUTI HANDAYANI"
    c = check("resignation_letter.full_name", form(), {"resignation_letter": d})
    assert c.status == "match"
    # another person's name wrapped the same way is found nowhere: still a mismatch
    other = check("resignation_letter.full_name", form(full_name="Joko Prasetyo"), {"resignation_letter": d})
    assert other.status == "mismatch"


def test_a_wrapped_name_outside_any_role_is_found_elsewhere() -> None:
    rows = ["PT SAMUDERA LOGISTIK PRIMA", "Kami sampaikan bahwa karyawan kami TUTI",
            [(14, "HANDAYANI telah bekerja sejak 2019 sampai dengan 28 Februari 2025.")],
            [(800, "Hormat kami,")], [(800, "DEWI LESTARI")]]
    loc = locate("Tuti Handayani", "resignation_letter", "full_name",
                 lines_of(rows, width=1240, height=1754, row_gap=26), "name")
    assert loc.in_role is None and loc.elsewhere is not None and loc.elsewhere.text == "TUTI HANDAYANI"
    assert locate("Tuti Rahayu", "resignation_letter", "full_name",
                  lines_of(rows, width=1240, height=1754, row_gap=26), "name").elsewhere is None


# --- passbooks ---------------------------------------------------------------------------------

TABLE_BRI = [
    [(60, "BANK RAKYAT INDONESIA")],
    [(60, "Nomor Rekening"), (520, "Nama Pemilik Rekening")],
    [(60, "1234-01-000567-50-9"), (520, "TUTIHANDAYANI")],
]


def test_passbook_table_column_gives_role_to_number_and_holder() -> None:
    ls = lines_of(TABLE_BRI)
    slots = role_slots("passbook", "account_holder", ls)
    in_role = [s for s in slots if s.role not in BODY_ROLES]
    assert [s.role for s in in_role] == ["column"] and in_role[0].text == "TUTIHANDAYANI"
    # the blind extractor read neither field: the typed values in their roles still match
    d = doc("passbook", ls, bank=fv("BRI"))
    f = form()
    assert check("passbook.account_number", f, {"passbook": d}).status == "match"
    holder = check("passbook.account_holder", f, {"passbook": d})
    assert holder.status == "match" and holder.found == "TUTI HANDAYANI"


def test_passbook_of_another_person_is_still_a_mismatch() -> None:
    rows = [[(60, "Bank Mandiri")], [(60, "Nasabah"), (600, ": RINA MARLINA")],
            [(60, "No. Rek"), (600, ": 137-00-1234567-8")]]
    d = doc("passbook", lines_of(rows), bank=fv("MANDIRI"), account_number=fv("1370012345678"),
            account_holder=fv("RINA MARLINA"))
    c = check("passbook.account_holder", form(), {"passbook": d})
    assert c.status == "mismatch" and c.found == "RINA MARLINA"


# a cover page the extractors do not know: the holder's name printed big, far from the number,
# under a label no label list holds
UNKNOWN_COVER = [
    [(60, "BANK RAKYAT INDONESIA"), (700, "TABUNGAN BRITAMA")],
    [(60, "Buku ini milik pemegangnya")],
    [(60, "TUTI HANDAYANI")],
    [(60, "KCP BOGOR")],
    [(60, "Tanggal Pembukaan 12-03-2019")],
    [(60, "1234-01-000567-50-9")],
]


def test_typed_holder_printed_anywhere_on_a_passbook_confirms_it() -> None:
    d = doc("passbook", lines_of(UNKNOWN_COVER), bank=fv("BRI"))
    c = check("passbook.account_holder", form(), {"passbook": d})
    assert c.status == "match" and c.found == "TUTI HANDAYANI"


def test_a_one_word_name_anywhere_on_a_passbook_confirms_nothing() -> None:
    rows = [*UNKNOWN_COVER[:2], [(60, "HANDAYANI")], *UNKNOWN_COVER[3:]]
    d = doc("passbook", lines_of(rows), bank=fv("BRI"))
    c = check("passbook.account_holder", form(full_name="Handayani", account_holder="Handayani"), {"passbook": d})
    assert c.status != "match"


def test_another_persons_passbook_is_not_confirmed_by_its_body() -> None:
    rows = [*UNKNOWN_COVER[:2], [(60, "RINA MARLINA")], *UNKNOWN_COVER[3:]]
    d = doc("passbook", lines_of(rows), bank=fv("BRI"), account_holder=fv("RINA MARLINA"))
    c = check("passbook.account_holder", form(), {"passbook": d})
    assert c.status == "mismatch" and c.found == "RINA MARLINA"


def test_stacked_passbook_number_found_in_role_beats_a_misread_field() -> None:
    rows = [[(60, "BCA")], [(60, "No. Rekening")], [(60, "5271 0099 12")], [(60, "Nama")], [(60, "TUTI HANDAYANI")]]
    d = doc("passbook", lines_of(rows), account_number=fv("5271009912"), account_holder=fv("TUTI HANDAYANI"))
    c = check("passbook.account_number", form(account_number="527-100-9912"), {"passbook": d})
    assert c.status == "match" and c.found == "5271009912"


# --- BPJS cards --------------------------------------------------------------------------------

def test_label_read_as_a_card_name_never_accuses() -> None:
    """The "TGL. LAHIR as name" case: the extractor's "name" is a printed label."""
    rows = [[(60, "BPJS Ketenagakerjaan")], [(60, "Nama")], [(60, "TGL. LAHIR"), (400, "12-05-1990")],
            [(60, "No. KPJ"), (300, ": 25012345678")]]
    d = doc("bpjs_card", lines_of(rows), kpj=fv("25012345678"), full_name=fv("TGL. LAHIR"))
    c = check("bpjs_card.full_name", form(), {"bpjs_card": d})
    assert c.status in ("review", "unreadable")
    assert c.found != "TGL. LAHIR"


def test_card_name_above_number_without_label() -> None:
    rows = [[(60, "JAMSOSTEK")], [(60, "KARTU PESERTA")], [(60, "TUTI HANDAYANI")], [(60, "25012345678")]]
    d = doc("bpjs_card", lines_of(rows), kpj=fv("25012345678"), full_name=fv("KARTU PESERTA"))
    c = check("bpjs_card.full_name", form(), {"bpjs_card": d})
    assert c.status == "match"


def test_kpj_below_its_label_matches_when_extractor_took_another_number() -> None:
    rows = [[(60, "BPJS Ketenagakerjaan")], [(60, "Nomor Peserta")], [(60, "2501 2345 678")],
            [(60, "Nama Tenaga Kerja")], [(60, "TUTI HANDAYANI")]]
    d = doc("bpjs_card", lines_of(rows), kpj=fv("99912345678"), full_name=fv("TUTI HANDAYANI"))
    assert check("bpjs_card.kpj", form(), {"bpjs_card": d}).status == "match"


@pytest.mark.parametrize("bad_kpj", ["2501234567", "250123456789"])
def test_kpj_of_wrong_length_is_never_a_mismatch(bad_kpj: str) -> None:
    d = doc("bpjs_card", [], kpj=fv(bad_kpj), full_name=fv("TUTI HANDAYANI"))
    assert check("bpjs_card.kpj", form(), {"bpjs_card": d}).status == "unreadable"


# --- KTP / KK ------------------------------------------------------------------------------------

def test_name_with_digits_and_birth_date_out_of_range_never_accuse() -> None:
    d = doc("ktp", [], nik=fv(NIK), full_name=fv("TUTI 4ANDAYANI"), birth_date=fv("1900-08-05"))
    f = form()
    assert check("ktp.full_name", f, {"ktp": d}).status == "unreadable"
    assert check("ktp.birth_date", f, {"ktp": d}).status == "unreadable"


def test_ktp_nik_typed_on_the_nik_row_matches_when_field_misread() -> None:
    rows = [[(60, "PROVINSI JAWA BARAT")], [(60, "NIK"), (250, ": 3204110508900002")], [(60, "Nama"), (250, ": TUTI HANDAYANI")]]
    d = doc("ktp", lines_of(rows), nik=fv("3204110508900062", conf=0.95), full_name=fv("TUTI HANDAYANI"))
    assert check("ktp.nik", form(), {"ktp": d}).status == "match"


def test_kk_nik_in_the_nik_column() -> None:
    rows = [[(60, "KARTU KELUARGA")], [(60, "No"), (120, "Nama Lengkap"), (520, "NIK"), (800, "Jenis Kelamin")],
            [(60, "1"), (120, "BUDI SANTOSO"), (520, "3204110101850001"), (800, "LAKI-LAKI")],
            [(60, "2"), (120, "TUTI HANDAYANI"), (520, "3204110508900002"), (800, "PEREMPUAN")]]
    d = doc("kk", lines_of(rows, width=1240), members=fv([{"nik": "3204110101850001", "full_name": "BUDI SANTOSO"}]))
    assert check("kk.nik", form(), {"kk": d}).status == "match"


def test_no_lines_behaves_as_before() -> None:
    d = doc("bpjs_card", [], kpj=fv("25012345679"), full_name=fv("TUTI HANDAYANI"))
    assert check("bpjs_card.kpj", form(), {"bpjs_card": d}).status == "mismatch"


# --- respace -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("found", "typed", "want"),
    [("TUTIHANDAYANI", "Tuti Handayani", "TUTI HANDAYANI"),
     ("MUHAMADRIZKI FAUZAN", "Muhamad Rizki Fauzan", "MUHAMAD RIZKI FAUZAN"),
     ("BUDI SANTOSO", "Budi Santoso", "BUDI SANTOSO"),
     ("RINA MARLINA", "Tuti Handayani", "RINA MARLINA"),
     # old spelling on the document, new in the form: the document's own spelling kept
     ("DJUANDASOEMARNO", "Juanda Sumarno", "DJUANDA SOEMARNO"),
     ("H. GILANGWIBOWO", "Gilang Wibowo", "H. GILANG WIBOWO"),
     ("DR. RIZKIHAKIM, S.H.", "Rizki Hakim", "DR. RIZKI HAKIM, S.H."),
     # a letter more or less is no split
     ("BUDISANTOSA", "Budi Santoso", "BUDISANTOSA")],
)
def test_respace(found: str, typed: str, want: str) -> None:
    assert respace(found, typed) == want


def test_lines_stay_out_of_the_public_report() -> None:
    d = doc("passbook", lines_of(TABLE_BRI), bank=fv("BRI"))
    assert "lines" not in d.as_contract()


def test_typed_name_found_behind_a_glued_label() -> None:
    from matching.locate import name_in

    assert name_in("Dewi Lestari", "NAMA:DEWILESTARI") == "DEWILESTARI"


@pytest.mark.parametrize(("text", "want"), [
    ("bahwa Sdr.JOKOSUSANTO telah", "JOKOSUSANTO"),  # a title's dot glued to a glued name
    ("bahwaSdr. JOKO SUSANTO,telah bekerja", "JOKO SUSANTO"),  # a comma glued to the next word
])
def test_typed_name_found_in_running_text_with_glued_punctuation(text: str, want: str) -> None:
    from matching.locate import name_in

    assert name_in("Joko Susanto", text) == want


# --- captions printed under their values -------------------------------------------------------

def _captioned(name: str) -> list[PageLine]:
    from tests.ocr.extract import placed_page

    page = placed_page([(40, 30, 30, "BPJS Ketenagakerjaan"), (40, 130, 34, "25012345678"),
                        (40, 170, 15, "Nomor Peserta"), (40, 240, 34, name), (40, 280, 15, "Nama Peserta")])
    return [PageLine.of(page.page, ln) for ln in page.lines]


def test_name_over_its_caption_is_in_role() -> None:
    d = doc("bpjs_card", _captioned("TUTI HANDAYANI"), kpj=fv("25012345678"), full_name=fv("NOMOR PESERTA"))
    c = check("bpjs_card.full_name", form(), {"bpjs_card": d})
    assert c.status == "match"
    slots = role_slots("bpjs_card", "full_name", _captioned("TUTI HANDAYANI"))
    assert [(s.text, s.role) for s in slots if s.role == "label_above"] == [("TUTI HANDAYANI", "label_above")]


def test_another_name_over_the_caption_is_a_mismatch() -> None:
    d = doc("bpjs_card", _captioned("RINA MARLINA"), kpj=fv("25012345678"), full_name=fv("RINA MARLINA"))
    assert check("bpjs_card.full_name", form(), {"bpjs_card": d}).status == "mismatch"


def test_a_number_glued_to_a_word_may_carry_that_words_last_letter() -> None:
    # "Nomor Rekenin9" + "233774353130": the label's g read as a 9 and run into the number
    assert digits_in("9233774353130", "Nomor Rekenin99233774353130") == "9233774353130"
    assert digits_in("9233774353130", "Rek 99233774353130") is None  # not glued: a real extra digit
