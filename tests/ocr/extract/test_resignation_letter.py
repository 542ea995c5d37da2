"""Tests for the resignation-letter extractor: worker vs signer, resignation vs letter date."""

from __future__ import annotations

import pytest

from ocr.extract import resignation_letter
from tests.ocr.extract import load_fixture, make_page

HEAD = [[(300, "PT SINAR ABADI SENTOSA")], [(200, "Jl. Merdeka No. 1, Bandung Telp. 022-1234")],
        [(300, "SURAT KETERANGAN KERJA")], [(350, "Nomor: 12/HRD/X/2026")]]
SIGNER = ["Yang bertanda tangan di bawah ini:", [(60, "Nama"), (300, ": Hendra Gunawan")], [(60, "Jabatan"), (300, ": HRD Manager")]]
WORKER = ["dengan ini menerangkan bahwa:", [(60, "Nama"), (300, ": Budi Santoso")], [(60, "NIK"), (300, ": 3204110508900002")]]
FOOT = ["", [(700, "Bandung, 20 Oktober 2026")], [(700, "HRD Manager")], "", [(700, "Hendra Gunawan")]]


def run(rows: list) -> dict:
    return resignation_letter.extract([make_page(rows, width=1240, height=1754)])


def test_worker_not_signer_and_resignation_not_letter_date() -> None:
    got = run([*HEAD, *SIGNER, *WORKER,
               "adalah karyawan kami yang bekerja sejak 1 Maret 2019 dan telah berhenti",
               "bekerja terhitung sejak tanggal 15 Oktober 2026.", *FOOT])
    assert got["full_name"].value == "Budi Santoso"
    assert got["resignation_date"].value == "2026-10-15"
    assert got["employer"].value == "PT SINAR ABADI SENTOSA"
    assert got["full_name"].box is not None


def test_sampai_dengan_beats_start_date() -> None:
    got = run([*HEAD, *WORKER, "telah bekerja di PT Sinar Abadi Sentosa sejak 1 Jan 2020 sampai dengan 30 Sep 2026", *FOOT])
    assert got["resignation_date"].value == "2026-09-30"


def test_date_wrapped_to_own_row_after_cue() -> None:
    got = run([*WORKER, "yang bersangkutan mengundurkan diri terhitung tanggal", "1 Agustus 2026", *FOOT])
    assert got["resignation_date"].value == "2026-08-01"


def test_only_letter_date_is_a_low_confidence_resignation_date() -> None:
    # issue 11: the letter's own date stands in for the last day of work only when no other
    # date exists, and then with a confidence low enough that the waiting period is reviewed
    got = run([*HEAD, *SIGNER, *WORKER, "adalah benar karyawan kami.", *FOOT])
    assert got["letter_date"].value == "2026-10-20"
    assert got["resignation_date"].value == "2026-10-20" and got["resignation_date"].confidence < 0.8


def test_start_date_is_never_the_resignation_date() -> None:
    got = run([*WORKER, "mulai bekerja sejak 1 Maret 2019 sebagai staf.", *FOOT])
    # only the letter's own date is left: it stands in, with a low confidence (issue 11)
    assert got["resignation_date"].value == "2026-10-20" and got["resignation_date"].confidence < 0.8
    assert "resignation_date" not in run([*WORKER, "mulai bekerja sejak 1 Maret 2019 sebagai staf."])


def test_signer_only_gives_no_name() -> None:
    got = run([*HEAD, *SIGNER, "menyatakan hal yang benar.", *FOOT])
    assert "full_name" not in got


def test_no_cue_second_nama_after_signer_block() -> None:
    rows = [*HEAD, *SIGNER, "memberikan keterangan kepada:", [(60, "Nama"), (300, ": Budi Santoso")], *FOOT]
    got = run(rows)
    assert got["full_name"].value == "Budi Santoso" and got["full_name"].confidence < 0.9


def test_inline_worker_name_and_employer_from_text() -> None:
    rows = ["SURAT PAKLARING", "Dengan ini menerangkan bahwa Saudara BUDI SANTOSO telah bekerja pada PT Maju Jaya",
            "sejak 2 Januari 2018 hingga 31 Juli 2026 sebagai operator.", *FOOT]
    got = run(rows)
    assert got["full_name"].value == "BUDI SANTOSO" and got["full_name"].confidence <= 0.7
    assert got["resignation_date"].value == "2026-07-31"
    assert got["employer"].value == "PT MAJU JAYA"


@pytest.mark.parametrize("text", ["NamaBudi Santoso", "Nama:Budi Santoso", "Nama  \uff1a Budi Santoso"])
def test_dropped_colons(text: str) -> None:
    got = run(["dengan ini menerangkan bahwa", text, "berhenti bekerja per tanggal 15-10-2026"])
    assert got["full_name"].value == "Budi Santoso"
    assert got["resignation_date"].value == "2026-10-15"


def test_wrapped_worker_name() -> None:
    rows = ["dengan ini menerangkan bahwa", [(60, "Nama"), (300, ": Raden Mas Muhammad Rizky")], [(320, "Pratama Wijaya")],
            [(60, "Jabatan"), (300, ": Staff")]]
    got = resignation_letter.extract([make_page(rows, row_gap=32)])
    assert got["full_name"].value == "Raden Mas Muhammad Rizky Pratama Wijaya"


def test_real_ocr_fixture() -> None:
    _t, truth, pages = load_fixture("letter_basic")
    got = resignation_letter.extract(pages)
    # letter_date is new (issue 11); the cached truth predates it
    assert {k: v.value for k, v in got.items() if k != "letter_date"} == truth


def test_text_layer_page_shape() -> None:
    """A text PDF's own text: one full-width line per text line, stacked down the page."""
    from ocr.records import OcrPage, TextLine

    text = ["PT MAJU JAYA ABADI", "SURAT KETERANGAN", "Yang bertanda tangan di bawah ini:", "Nama : Hendra Gunawan",
            "dengan ini menerangkan bahwa:", "Nama : Budi Santoso", "Jabatan : Staff",
            "telah berhenti bekerja terhitung sejak tanggal 15 Oktober 2026.", "Bandung, 20 Oktober 2026", "Hendra Gunawan"]
    step = 1754 / (len(text) + 1)
    lines = [TextLine(t, 1.0, [[0.0, step * (i + 0.5)], [1240.0, step * (i + 0.5)], [1240.0, step * (i + 1.3)], [0.0, step * (i + 1.3)]])
             for i, t in enumerate(text)]
    got = resignation_letter.extract([OcrPage(1, 1240, 1754, lines, source="text_layer")])
    assert {k: v.value for k, v in got.items()} == {
        "full_name": "Budi Santoso", "resignation_date": "2026-10-15", "letter_date": "2026-10-20",
        "employer": "PT MAJU JAYA ABADI"}


def test_letterhead_dropped_space_restored_from_body() -> None:
    got = run([[(300, "PT MAJU JAYAABADI")], *WORKER, "adalah karyawan PT Maju Jaya Abadi yang berhenti bekerja per 1 Mei 2026"])
    assert got["employer"].value == "PT MAJU JAYA ABADI"


def test_year_first_and_two_digit_years_are_read() -> None:
    got = run([*HEAD, *WORKER, [(60, "Tanggal Masuk"), (300, ": 2019-03-01")], [(60, "Tanggal Keluar"), (300, ": 2026-10-15")], *FOOT])
    assert got["resignation_date"].value == "2026-10-15" and got["resignation_date"].confidence >= 0.8


def test_a_two_digit_year_never_refuses_a_waiting_period() -> None:
    # "31/10/26" reads the same as "31/10/2026" with its last digits lost: the date is used, at a
    # confidence under the one a waiting-period refusal needs
    got = run([*HEAD, *WORKER, "telah bekerja sejak 01/03/19 sampai dengan 15/10/26", *FOOT])
    assert got["resignation_date"].value == "2026-10-15"
    assert got["resignation_date"].confidence < 0.8
