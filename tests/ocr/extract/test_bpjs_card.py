"""Tests for the BPJS Ketenagakerjaan card extractor."""

from __future__ import annotations

import pytest

from ocr.extract import bpjs_card
from tests.ocr.extract import load_fixture, make_page


@pytest.mark.parametrize("kpj", ["KPJ : 19012345678", "KPJ:19 012 345 678", "No. KPJ 190-1234-5678", "KPJ : l9O12345678"])
def test_kpj_forms(kpj: str) -> None:
    got = bpjs_card.extract([make_page(["BPJS Ketenagakerjaan", "SITI AMINAH", kpj])])
    assert got["kpj"].value == "19012345678"
    assert got["full_name"].value == "SITI AMINAH"


def test_repaired_kpj_is_less_confident() -> None:
    clean = bpjs_card.extract([make_page(["KPJ : 19012345678"])])["kpj"].confidence
    fixed = bpjs_card.extract([make_page(["KPJ : l9O12345678"])])["kpj"].confidence
    assert fixed < clean


def test_labelled_name() -> None:
    got = bpjs_card.extract([make_page(["BPJS Ketenagakerjaan", "Nama : BUDI SANTOSO", "No. Peserta : 19012345678"])])
    assert got["full_name"].value == "BUDI SANTOSO" and got["kpj"].value == "19012345678"


def test_unlabelled_number_and_name() -> None:
    got = bpjs_card.extract([make_page(["BPJS Ketenagakerjaan", "KARTU PESERTA", "DEWI LESTARI", "19 012 345 678", "Tgl. Kepesertaan : 01-02-2019"])])
    assert got["kpj"].value == "19012345678" and got["kpj"].confidence < 0.9
    assert got["full_name"].value == "DEWI LESTARI" and got["full_name"].confidence < 0.9


@pytest.mark.parametrize("kpj", ["KPJ : 1901234567", "KPJ : 190123456789"])
def test_wrong_length_omitted(kpj: str) -> None:
    assert "kpj" not in bpjs_card.extract([make_page([kpj])])


def test_real_ocr_fixture() -> None:
    _t, truth, pages = load_fixture("bpjs_basic")
    got = bpjs_card.extract(pages)
    assert {k: v.value for k, v in got.items()} == truth


def test_number_and_name_under_their_labels() -> None:
    rows = ["BPJS Ketenagakerjaan", "RINA WATI", "No. KPJ", "83988480790", "Peserta Sejak : 13-11-2024"]
    got = bpjs_card.extract([make_page(rows, row_gap=30)])
    assert got["kpj"].value == "83988480790" and got["kpj"].confidence > 0.95
    assert got["full_name"].value == "RINA WATI"
    got = bpjs_card.extract([make_page(["Nama", "RINA WATI", "KPJ", "83988480790"], row_gap=30)])
    assert got["full_name"].value == "RINA WATI" and got["full_name"].confidence > 0.95


@pytest.mark.parametrize("name", ["H. AHMAD FAUZI, S.E.", "DRS. NUR'AINI", "SITI-AMINAH"])
def test_unlabelled_name_with_titles_and_name_punctuation(name: str) -> None:
    got = bpjs_card.extract([make_page(["BPJS Ketenagakerjaan", "KARTU PESERTA", name, "No. KPJ", "19012345678"])])
    assert got["full_name"].value == name


def test_unlabelled_row_with_digits_is_not_a_name() -> None:
    got = bpjs_card.extract([make_page(["BPJS Ketenagakerjaan", "JL. MAWAR 12", "No. KPJ", "19012345678"])])
    assert "full_name" not in got


def test_number_in_its_own_cell_beside_a_misread_label() -> None:
    """The label cell was misread ("Nomor Karto"): the 11-digit value cell is still the KPJ, and
    the NIK and the employer's registration number in the same table are not."""
    page = make_page([
        "BPJS Ketenagakerjaan",
        [(54, "Nomor Karto"), (272, "2457 6233 914")],
        [(54, "Nama Peserta"), (275, "HENDRI SIKUMBANG")],
        [(55, "Nomoe lden is (NIK)"), (275, "3207012204850025")],
        [(56, "Nomor Pendaftaran Perusdian"), (272, "79329719")],
    ], width=1240, height=1754)
    got = bpjs_card.extract([page])
    assert got["kpj"].value == "24576233914"
    assert got["kpj"].confidence < 0.9  # found by its shape, not by its label
    assert got["full_name"].value == "HENDRI SIKUMBANG"


def test_captions_printed_under_their_values() -> None:
    """A card design whose small captions sit under the values: the value is the line above."""
    from tests.ocr.extract import placed_page

    for order in ((0, 1), (1, 0)):
        pairs = [("TUTI HANDAYANI", "Nama"), ("25012345678", "Nomor Peserta")]
        items: list[tuple[float, float, float, str]] = [(40, 30, 30, "BPJS Ketenagakerjaan")]
        y = 130.0
        for i in order:
            value, caption = pairs[i]
            items += [(40, y, 34, value), (40, y + 40, 15, caption)]
            y += 110
        got = bpjs_card.extract([placed_page(items)])
        assert got["full_name"].value == "TUTI HANDAYANI"
        assert got["kpj"].value == "25012345678"


def test_label_with_a_tick_read_for_its_space() -> None:
    page = make_page(["BPJS Ketenagakerjaan", [(20, "Nomor Peserta (KPJ)."), (400, ":7918 5171 783")],
                      [(20, "Nama'Lengkap."), (400, ": AFRIZAL CHANIAGO")]])
    got = bpjs_card.extract([page])
    assert got["full_name"].value == "AFRIZAL CHANIAGO"
    assert got["kpj"].value == "79185171783"
