"""Tests for the resignation-letter extractor: worker vs signer, resignation vs letter date."""

from __future__ import annotations

import pytest

from ocr.extract import resignation_letter
from ocr.records import OcrPage, TextLine
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


def test_a_labelled_period_whose_connector_was_misread_ends_on_its_later_date() -> None:
    got = run([*HEAD, *WORKER, "5) Masa Kerja : sembilan belas Agustus dua ribu dua puluh hmgga tujuh belas Mei dua ribu dua puluh enam",
               "6) Tempat, Tanggal Lahir : Bogor, 01-02-1990", *FOOT])
    assert got["resignation_date"].value == "2026-05-17"


def test_a_date_beside_its_label_is_read_by_that_label_not_the_column_above() -> None:
    # a two-column form (a photocopy as read): the value column holds a job title and an
    # employee number above the two dates; each date's label is the cell on its left
    boxes = [(97, 312, 783, 338, "Yang bertanda tangan di bawah ini menerangkan bahwa:/ This is to certify that:"),
             (391, 371, 634, 402, "ERWIN SIKUMBANG"),
             (104, 421, 270, 447, "Jabatan / Position"), (456, 419, 669, 446, "SUPERVISOR PRODUKSI"),
             (101, 455, 362, 482, "NIK Karyawan / Employee ID"), (451, 453, 534, 480, "1866445"),
             (108, 489, 347, 516, "MulaiBekerja /Date Joined"), (446, 489, 758, 515, "empat April dua ribu delapan belas"),
             (108, 524, 357, 550, "Tanggal Berakhir /.End Date"), (455, 523, 813, 548, "satu Novemiber dua ribu dua puluh lima.."),
             (539, 1201, 900, 1229, "Purwakarta, sebelas November dua ribu dua puluh lima")]
    lines = [TextLine(t, 0.95, ((x0, y0), (x1, y0), (x1, y1), (x0, y1))) for x0, y0, x1, y1, t in boxes]
    got = resignation_letter.extract([OcrPage(page=1, width=1037, height=1644, lines=lines)])
    assert got["resignation_date"].value == "2025-11-01"
    assert got["full_name"].value == "ERWIN SIKUMBANG"


@pytest.mark.parametrize("cue", ["hari kerja terakir Saudara adalah tanggal 01/07/2025.", "berakir pada 01/07/2025."])
def test_an_end_cue_missing_its_h_still_announces_the_last_day(cue: str) -> None:
    got = run([*HEAD, *WORKER, "Hak-hak akan dibayarkan paling lambat tanggal 18/07/2025.", cue, *FOOT])
    assert got["resignation_date"].value == "2025-07-01"


def test_a_misread_column_header_still_names_the_end_column() -> None:
    got = run([*HEAD, *WORKER, [(103, "No"), (171, "Jabatan"), (589, "Mulai"), (737, "SeIesai")],
               [(102, "1"), (172, "Admin"), (590, "30/11/2024"), (737, "06/03/2025")],
               [(102, "2"), (172, "Supervisor"), (590, "07/03/2025"), (736, "02/11/2025")], *FOOT])
    assert got["resignation_date"].value == "2025-11-02"


def test_words_after_saudara_in_lower_case_are_not_a_name() -> None:
    got = run([*HEAD, "Kepada Yth.", "Sdr.MUHAMMAD RIZKI", "di Tempat",
               "memutuskan hubungan kerja dengan Saudara. Saudara dibebastugaskan dan hubungan kerja",
               "berakhir per tanggal 28-02-2026.", *FOOT])
    assert got["full_name"].value == "MUHAMMAD RIZKI"


@pytest.mark.parametrize("intro", ["This is to certify that:", "Yang bertanda tangan di bawah ini meneragkan bahwa:"])
def test_a_name_alone_after_an_english_or_misread_introduction(intro: str) -> None:
    got = run([*HEAD, intro, [(391, "ERWIN SIKUMBANG")], [(100, "Jabatan / Position"), (456, "SUPERVISOR PRODUKSI")], *FOOT])
    assert got["full_name"].value == "ERWIN SIKUMBANG"


@pytest.mark.parametrize("cue", [
    "Pemutusan hubungan kerja berlaku tanggal 28 Februari 2026.",
    "Date of termination: 28 February 2026",
    "Separation date: 28/02/2026",
    "ceased to be employed on 28 February 2026",
    "status karyawan non aktif sejak 28 Februari 2026",
    "masa kontrak habis pada tanggal 28 Februari 2026",
    "Relieved from duties on 28 February 2026",
])
def test_more_ways_of_ending_work_announce_the_last_day(cue: str) -> None:
    got = run([*HEAD, *WORKER, "bekerja sejak 1 Maret 2019 sebagai staf.", cue, *FOOT])
    assert got["resignation_date"].value == "2026-02-28"
    assert got["resignation_date"].confidence >= 0.8  # announced, not a guess
