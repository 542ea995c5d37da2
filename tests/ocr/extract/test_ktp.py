"""Tests for the KTP extractor."""

from __future__ import annotations

import pytest

from ocr.extract import ktp
from tests.ocr.extract import load_fixture, make_page

CLEAN = [
    "PROVINSI JAWA BARAT",
    "KABUPATEN BANDUNG",
    [(20, "NIK"), (250, ": 3204110508900002")],
    [(20, "Nama"), (250, ": BUDI SANTOSO")],
    [(20, "Tempat/Tgl Lahir"), (250, ": BANDUNG, 05-08-1990")],
    [(20, "Jenis Kelamin"), (250, ": LAKI-LAKI"), (470, "Gol. Darah : O")],
    [(20, "Alamat"), (250, ": JL. MERDEKA NO. 10")],
    [(50, "RT/RW"), (250, ": 001/002")],
    [(50, "Kel/Desa"), (250, ": SUKAMAJU")],
    [(50, "Kecamatan"), (250, ": CIBIRU")],
    [(20, "Agama"), (250, ": ISLAM")],
    [(20, "Status Perkawinan"), (250, ": KAWIN")],
    [(20, "Pekerjaan"), (250, ": KARYAWAN SWASTA")],
    [(20, "Kewarganegaraan"), (250, ": WNI")],
    [(20, "Berlaku Hingga"), (250, ": SEUMUR HIDUP")],
]


def values(rows: list) -> dict:
    return {k: v.value for k, v in ktp.extract([make_page(rows, height=700)]).items()}


def test_clean_card() -> None:
    got = values(CLEAN)
    assert got == {
        "nik": "3204110508900002", "full_name": "BUDI SANTOSO", "birth_place": "BANDUNG",
        "birth_date": "1990-08-05", "gender": "LAKI-LAKI", "address": "JL. MERDEKA NO. 10",
        "rt_rw": "001/002", "village": "SUKAMAJU", "district": "CIBIRU", "religion": "ISLAM",
        "marital_status": "KAWIN", "occupation": "KARYAWAN SWASTA", "nationality": "WNI",
        "valid_until": "SEUMUR HIDUP", "province": "JAWA BARAT", "regency": "KABUPATEN BANDUNG",
    }


def test_dropped_colons_and_merged_labels() -> None:
    rows = [
        "PROVINSIJAWABARAT",
        "KOTABANDUNG",
        "NIK:3204110508900002",
        "NamaBUDI SANTOSO",
        "TempatTglLahir:BANDUNG,05-08-1990",
        [(20, "JenisKelamin:PEREMPUAN"), (470, "Gol.Darah:O")],
        "AgamaISLAM",
    ]
    got = ktp.extract([make_page(rows)])
    assert got["province"].value == "JAWA BARAT"
    assert got["regency"].value == "KOTA BANDUNG"
    assert got["nik"].value == "3204110508900002"
    assert got["full_name"].value == "BUDI SANTOSO"
    assert got["birth_place"].value == "BANDUNG"
    assert got["birth_date"].value == "1990-08-05"
    assert got["gender"].value == "PEREMPUAN"
    # NIK day 05 says male: the printed/OCR'd gender disagrees, so its confidence drops
    assert got["gender"].confidence < 0.6
    assert got["religion"].value == "ISLAM"


def test_full_width_punctuation() -> None:
    got = values([[(20, "NIK"), (250, "\uff1a3204110508900002")], [(20, "Nama"), (250, "\uff1aSITI AMINAH")]])
    assert got["nik"] == "3204110508900002" and got["full_name"] == "SITI AMINAH"


def test_digit_confusions_in_nik_and_date_lower_confidence() -> None:
    rows = [[(20, "NIK"), (250, ": 32O411O5O89OOOO2")], [(20, "Tempat/Tgl Lahir"), (250, ": GARUT, I2-O3-I992")]]
    got = ktp.extract([make_page(rows)])
    assert got["nik"].value == "3204110508900002"
    assert got["nik"].confidence < 0.9
    assert got["birth_date"].value == "1992-03-12"
    assert got["birth_date"].confidence < 0.9


@pytest.mark.parametrize("nik", ["320411050890000", "32041105089000021", "3204B1105"])
def test_bad_nik_length_is_omitted(nik: str) -> None:
    assert "nik" not in values([[(20, "NIK"), (250, ": " + nik)]])


def test_implausible_nik_low_confidence() -> None:
    got = ktp.extract([make_page([[(20, "NIK"), (250, ": 3204119908900002")]])])
    assert got["nik"].value == "3204119908900002" and got["nik"].confidence <= 0.4


def test_wrapped_name_and_box() -> None:
    rows = [
        [(20, "NIK"), (250, ": 3204110508900002")],
        [(20, "Nama"), (250, ": MUHAMMAD RIZKY PRATAMA", 0.95)],
        [(262, "WIJAYA KUSUMANEGARA", 0.9)],
        [(20, "Tempat/Tgl Lahir"), (250, ": BANDUNG, 05-08-1990")],
    ]
    got = ktp.extract([make_page(rows, row_gap=30)])
    name = got["full_name"]
    assert name.value == "MUHAMMAD RIZKY PRATAMA WIJAYA KUSUMANEGARA"
    assert name.confidence == pytest.approx(0.9)
    assert name.box is not None and name.box[0][1] < name.box[2][1]
    assert got["birth_place"].value == "BANDUNG"


def test_issue_city_on_the_right_does_not_leak() -> None:
    got = values([[(20, "Pekerjaan"), (250, ": KARYAWAN SWASTA"), (800, "BANDUNG")]])
    assert got["occupation"] == "KARYAWAN SWASTA"


def test_snapped_terms() -> None:
    got = values([[(20, "Agama"), (250, ": lSLAM")], [(20, "Status Perkawinan"), (250, ": BELUM KAWlN")],
                  [(20, "Jenis Kelamin"), (250, ": LAKI LAKI")], [(20, "Berlaku Hingga"), (250, ": 05-08-2030")]])
    assert got["religion"] == "ISLAM"
    assert got["marital_status"] == "BELUM KAWIN"
    assert got["gender"] == "LAKI-LAKI"
    assert got["valid_until"] == "2030-08-05"


def test_empty_page() -> None:
    assert ktp.extract([make_page([])]) == {}


@pytest.mark.parametrize("name", ["ktp_basic", "ktp_wrapped"])
def test_real_ocr_fixture(name: str) -> None:
    _t, truth, pages = load_fixture(name)
    got = ktp.extract(pages)
    assert {k: got[k].value for k in truth if k in got} == truth
    assert all(0.5 < v.confidence <= 1.0 and v.box for v in got.values())


def test_name_row_with_a_misread_label_is_read_by_the_cards_row_order() -> None:
    """The label 'Nama' read as 'Namia': the one row between the NIK and the birth rows is the name."""
    rows = ["PROVINSI JAWA BARAT", "KABUPATEN CIREBON", [(20, "NIK"), (250, "3209030301688952")],
            [(20, "Namia"), (250, "RIZKI SANTOSO,S.KOM")], [(20, "Tempat/Tgl Lahir"), (250, "CIREBON, 03-01-1968")]]
    got = ktp.extract([make_page(rows)])
    assert got["full_name"].value == "RIZKI SANTOSO, S.KOM"
    assert got["full_name"].confidence < 0.9
    rows[3] = [(20, "Namia"), (250, "1234 GOL DARAH")]
    assert "full_name" not in ktp.extract([make_page(rows)])


@pytest.mark.parametrize(("nik", "sure"), [("3204114508900002", True), ("3204110101800002", False)])
def test_birth_date_whose_separators_were_lost_is_read_and_trusted_when_the_nik_agrees(nik: str, sure: bool) -> None:
    rows = [[(20, "NIK"), (250, f": {nik}")], [(20, "Nama"), (250, ": TUTI HANDAYANI")],
            [(20, "Tempat/Tgl Lahir"), (250, ": JAKARTA, 05081990")], [(20, "Jenis Kelamin"), (250, ": PEREMPUAN")]]
    got = ktp.extract([make_page(rows)])
    assert got["birth_date"].value == "1990-08-05" and got["birth_place"].value == "JAKARTA"
    assert (got["birth_date"].confidence >= 0.8) is sure  # never sure enough to accuse on its own
    # eight digits that are no date are not one
    rows[2] = [(20, "Tempat/Tgl Lahir"), (250, ": JAKARTA, 45131990")]
    assert "birth_date" not in ktp.extract([make_page(rows)])
