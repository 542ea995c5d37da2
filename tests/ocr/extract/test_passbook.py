"""Tests for the passbook extractor."""

from __future__ import annotations

import pytest

from ocr.extract import passbook
from tests.ocr.extract import load_fixture, make_page


@pytest.mark.parametrize(
    ("header", "bank", "number"),
    [
        ("BANK RAKYAT INDONESIA", "BRI", "0123-01-012345-50-9"),
        ("BNI Taplus", "BNI", "0123456789"),
        ("bank mandiri", "MANDIRI", "1320012345678"),
        ("BCA Tahapan", "BCA", "8720123456"),
        ("BANK TABUNGAN NEGARA", "BTN", "0012301500012345"),
    ],
)
def test_banks_and_lengths(header: str, bank: str, number: str) -> None:
    rows = [header, "BUKU TABUNGAN", [(20, "Nama"), (300, ": DEWI LESTARI")], [(20, "No. Rekening"), (300, ": " + number)]]
    got = passbook.extract([make_page(rows)])
    assert got["bank"].value == bank
    assert got["account_number"].value == number.replace("-", "")
    assert got["account_number"].confidence > 0.9
    assert got["account_holder"].value == "DEWI LESTARI"


def test_off_length_lower_confidence() -> None:
    rows = ["BANK BRI", [(20, "No. Rekening"), (300, ": 0123-01-01234")]]
    got = passbook.extract([make_page(rows)])
    assert got["account_number"].value == "01230101234"
    assert got["account_number"].confidence <= 0.5


def test_merged_labels_and_confusions() -> None:
    rows = ["BRI", "NamaNasabah:DEWI LESTARI", "NoRekening:O123O1O12345509"]
    got = passbook.extract([make_page(rows)])
    assert got["account_holder"].value == "DEWI LESTARI"
    assert got["account_number"].value == "012301012345509"
    assert got["account_number"].confidence < 0.9


def test_acronym_inside_word_is_not_a_bank() -> None:
    assert "bank" not in passbook.extract([make_page(["KABRIANTO", "BUKU TABUNGAN"])])


def test_real_ocr_fixture() -> None:
    _t, truth, pages = load_fixture("passbook_bri")
    got = passbook.extract(pages)
    assert {k: v.value for k, v in got.items()} == truth


@pytest.mark.parametrize("text,bank", [("BANKRAKYATINDONESLA", "BRI"), ("BANK NEGARA INDONES1A", "BNI"),
                                       ("BANK TABUNGAN NEGAPA", "BTN")])
def test_bank_full_name_with_ocr_slips(text: str, bank: str) -> None:
    from ocr.extract.passbook import detect_bank
    from ocr.text import group_rows
    from tests.ocr.extract import make_page

    found = detect_bank(group_rows(make_page([text, "Nama : SITI AMINAH"]).lines))
    assert found is not None and found[0] == bank


def test_no_bank_guessed_from_noise() -> None:
    from ocr.extract.passbook import detect_bank
    from ocr.text import group_rows
    from tests.ocr.extract import make_page

    assert detect_bank(group_rows(make_page(["BUKU TABUNGAN", "Nama : SITI AMINAH", "Cabang : CIREBON"]).lines)) is None


def test_unlabelled_number_and_the_name_beside_it() -> None:
    # an app screen / cover that prints the number and the holder without labels
    page = make_page([
        [(20, "BANK RAKYAT INDONESIA")],
        [(60, "Tabungan")],
        [(60, "0123-01-000567-50-9")],
        [(60, "SITI AMINAH")],
        [(60, "KCP BOGOR SUKASARI")],
        [(60, "Saldo Rp 1.250.000,00")],
    ])
    got = {k: v.value for k, v in passbook.extract([page]).items()}
    assert got["account_number"] == "012301000567509"
    assert got["account_holder"] == "SITI AMINAH"
    assert passbook.extract([page])["account_number"].confidence < 0.8  # found by shape, not by a label


def test_amounts_dates_and_phone_numbers_are_not_account_numbers() -> None:
    page = make_page([
        [(20, "BANK MANDIRI")],
        [(60, "1.250.000,00")],
        [(60, "12-05-2026")],
        [(60, "081234567890")],
        [(60, "BUDI SANTOSO")],
    ])
    got = passbook.extract([page])
    assert "account_number" not in got and "account_holder" not in got


@pytest.mark.parametrize("label", ["Pemilik", "Nama Penabung", "Nama Pemegang Buku", "PENABUNG"])
def test_the_holders_label_is_never_part_of_the_holder(label: str) -> None:
    rows = [[(40, "BANK RAKYAT INDONESIA")], [(40, "BUKU TABUNGAN BRITAMA")],
            [(40, label), (330, ": BUDI SANTOSO")], [(40, "No. Rekening"), (330, ": 0123-01-000123-56-7")]]
    got = passbook.extract([make_page(rows)])
    assert got["account_holder"].value == "BUDI SANTOSO"
    assert got["account_number"].value == "012301000123567"


def test_another_named_thing_is_never_the_holder() -> None:
    # "Nama <something else>" names a product, a branch or another person: never the holder
    rows = [[(40, "BANK RAKYAT INDONESIA")], [(40, "Nama Produk"), (330, ": BRITAMA BISNIS")],
            [(40, "Nama Ibu Kandung"), (330, ": SITI AMINAH")], [(40, "No. Rekening"), (330, ": 0123-01-000123-56-7")]]
    got = passbook.extract([make_page(rows)])
    assert got.get("account_holder") is None or got["account_holder"].value not in ("BRITAMA BISNIS", "SITI AMINAH")


@pytest.mark.parametrize("row", ["Nama Lengkap : BUDI SANTOSO", "Nama Pemilik Rek : BUDI SANTOSO",
                                 "Nama Pemilik Dana : BUDI SANTOSO"])
def test_holder_label_words_the_list_does_not_know(row: str) -> None:
    """A holder label's other words before the colon are never part of the name ("LENGKAP BUDI
    SANTOSO" was a mismatch against the typed "BUDI SANTOSO")."""
    page = make_page(["BANK RAKYAT INDONESIA", "BUKU TABUNGAN BRITAMA", row, "No. Rekening : 123401000567509"])
    assert passbook.extract([page])["account_holder"].value == "BUDI SANTOSO"


@pytest.mark.parametrize("order", [0, 1])
def test_another_persons_name_row_is_passed_over_for_the_holders(order: int) -> None:
    rows = ["Nama Ibu Kandung : SITI AMINAH", "Nama : BUDI SANTOSO"]
    page = make_page(["BANK RAKYAT INDONESIA", *(rows if order else rows[::-1]), "No. Rekening : 123401000567509"])
    assert passbook.extract([page])["account_holder"].value == "BUDI SANTOSO"


def test_a_name_starting_with_an_is_not_a_label() -> None:
    """'ANDI HIDAYAT' under a stacked 'Nama' label (no short 'a.n.' label that would read 'AN')."""
    page = make_page(["Rekening", "387-99-8443269-9 Salin", "Nama", "ANDI HIDAYAT", "Jenis Rekening", "Tabungan Reguler"])
    assert passbook.extract([page])["account_holder"].value == "ANDI HIDAYAT"


def test_a_bank_name_inside_the_holders_name_is_not_the_bank() -> None:
    """"PERMATA" inside a glued "SRIAYUSAFTTRIPERMATASARI" is a name, not Bank Permata."""
    from ocr.extract.passbook import _stands_alone

    assert not _stands_alone("PERMATA", "SRIAYUSAFTTRIPERMATASARI")
    assert _stands_alone("PERMATA", "PermataBank")
    assert _stands_alone("BANKRAKYATINDONESIA", "BANK RAKYAT INDONESIA (PERSERO) Tbk")
    assert _stands_alone("BRITAMA", "TABUNGANBRITAMA")


def test_a_number_glued_to_its_label_whose_last_letter_was_lost() -> None:
    # a statement's header cell "Nomor Rekening : 2545-46-..." read "Nomor Rekenin2545-46-..."
    rows = [
        [(35, "BANK BRI"), (714, "REKENING KORAN")],
        [(34, "Nama"), (147, ": ENDANG SUHENDAR"), (547, "Nomor Rekenin2545-46-970337-10-1")],
        [(34, "Alamat"), (147, ": JL. RAYA BARAT NO. 97"), (548, "Periode"), (675, ":01/01/2026-28/01/2026")],
    ]
    got = passbook.extract([make_page(rows)])
    assert got["account_number"].value == "254546970337101"
    assert got["account_number"].confidence < 0.8  # found by shape: it confirms, never accuses
    # a row of words and a number with no account word is not taken
    other = [[(35, "BANK BRI")], [(34, "Telepon Kantor0812-3456-7890-12")]]
    assert "account_number" not in passbook.extract([make_page(other)])


def test_a_holder_stops_at_a_misread_label_set_close_beside_it() -> None:
    # an e-statement photographed small: "Nomor Rekening" lost its last letter and its gap
    page = make_page([[(40, "BNI"), (700, "LAPORAN REKENING")],
                      [(38, "Kepada Yth. : RADEN RIZKI NUGROHO KURNIAWAN"), (600, "Nomor Rekenin3343950708")],
                      [(36, "Alamat : JL. MAWAR NO. 51")]], width=1000, height=700)
    got = {k: v.value for k, v in passbook.extract_page(page).items()}
    assert got["account_holder"] == "RADEN RIZKI NUGROHO KURNIAWAN"
    assert got["account_number"] == "3343950708"
