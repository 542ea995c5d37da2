"""Letter dates, seventeenth pass of issue 11 (three new training families: an HR system's
printout, a formal statement signed "Ditetapkan di / Pada tanggal", a printed e-mail): a date
stamp with its time, an e-mail header's sent date, an approval line's date, and a sentence that
runs into its last day ("Saudara adalah tanggal DATE") never taken for a place and date.

Pages are built from text lines at given positions (no OCR), as OCR would return them.
"""

from __future__ import annotations

import pytest

from ocr.extract.resignation_letter import TIME_AFTER, extract_page, without_weekday
from tests.ocr.extract import make_page


def _fields(rows: list) -> dict:
    return {k: v.value for k, v in extract_page(make_page(rows, width=1240, height=1754)).items()}


@pytest.mark.parametrize("after", ["10:32 AM", "pukul 16.18", "pukul 1415", "15:31", "09.05 WIB", "at 9:05 PM"])
def test_a_time_after_a_date_is_the_dates(after: str) -> None:
    assert TIME_AFTER.fullmatch(after)


@pytest.mark.parametrize("after", ["dan seterusnya", "2026", "1415 orang", "s/d 12.30"])
def test_other_words_after_a_date_are_not_a_time(after: str) -> None:
    assert not TIME_AFTER.fullmatch(after)


def test_a_three_letter_weekday_before_its_comma_belongs_to_the_date() -> None:
    assert without_weekday("Tanggal: Jum, ") == "Tanggal: "
    assert without_weekday("Sent: Mon, ") == "Sent: "
    assert without_weekday("Kota Sungai Penuh, ") == "Kota Sungai Penuh, "  # not a weekday
    assert without_weekday("Minggu, ") == ""


def _email(header_date: str, body_last_row: str) -> dict:
    return _fields([
        "RE: Surat Pengunduran Diri - Mohammad Hakim",
        "Dari:",
        "Khadijah Wati <hr@cvglobal.co.id>",
        "Kepada: Mohammad Hakim <mohammad.hakim25@gmail.com>",
        header_date,
        "Subjek: RE: Surat Pengunduran Diri - Mohammad Hakim",
        "Yth. Sdr. Mohammad Hakim,",
        "Menindaklanjuti surat pengunduran diri Saudara tertanggal 02/10/2025, dengan ini kami sampaikan bahwa",
        "pengunduran diri Saudara telah disetujui oleh manajemen CV GLOBAL SENTOSA TEKSTIL. Hari kerja terakhir",
        body_last_row,
        "Salam,",
        "Khadijah Wati",
        "Human Resources Department",
    ])


def test_an_emails_sent_date_is_its_own_and_the_last_day_is_in_its_message() -> None:
    got = _email("Tanggal: Sab, 8 Nov 2025 pukul 14.15", "Saudara adalah tanggal 03/11/2025.")
    assert got["resignation_date"] == "2025-11-03"
    assert got["letter_date"] == "2025-11-08"


def test_a_sentence_running_into_its_date_is_no_place_even_with_tanggal_misread() -> None:
    got = _email("Tanggal: Sab, 8 Nov 2025 pukul 1415", "Saudara adaiah sanggal 03/11/2025")
    assert got["resignation_date"] == "2025-11-03"
    assert got["letter_date"] == "2025-11-08"


def test_an_english_emails_sent_row_dates_it() -> None:
    got = _fields([
        "Resignation Acceptance - Oman Solihin",
        "From: Aisyah Kusumawati <hr@megalestari.co.id>",
        "To: Oman Solihin <oman.solihin48@gmail.com>",
        "Sent: Friday, April 25, 2025 4:18 PM",
        "Subject: Resignation Acceptance - Oman Solihin",
        "Dear Mr. Oman Solihin,",
        "Thank you for your resignation letter dated 1 April 2025. On behalf of CV KARYA ABADI, we accept your",
        "resignation. Your last working day will be April 19, 2025, and your final salary and benefits will be",
        "settled in the next payroll.",
    ])
    assert got["resignation_date"] == "2025-04-19"
    assert got["letter_date"] == "2025-04-25"


def test_a_place_before_tanggal_is_still_the_letters_place() -> None:
    got = _fields([
        [(40, "Nama"), (300, ": BUDI SANTOSO")],
        "telah bekerja sejak tanggal 01/02/2019 sampai dengan tanggal 30/09/2025.",
        [(700, "Bandung tanggal 06/10/2025")],
    ])
    assert got["letter_date"] == "2025-10-06"
    assert got["resignation_date"] == "2025-09-30"


def test_an_approval_lines_date_and_a_print_stamp_date_the_printout() -> None:
    rows = [
        [(60, "Nama Karyawan"), (640, "Employee ID")],
        [(60, "DEWI WATI"), (640, "2421018")],
        [(60, "Join Date"), (640, "Tanggal Efektif Keluar")],
        [(60, "26/11/2024"), (640, "13/09/2025")],
        "Yang bersangkutan tidak lagi terikat hubungan kerja sejak tanggal efektif keluar tersebut.",
        "Disetujui secara elektronik oleh HJ. KHADIJAH PERMATASARI, HR & GA MANAGER",
        "pada 26/09/2025",
    ]
    got = _fields(rows)
    assert got["resignation_date"] == "2025-09-13"
    assert got["letter_date"] == "2025-09-26"
    stamped = _fields([[(60, "PT GLOBAL SENTOSA"), (900, "Tanggal Cetak: 27/09/2025 15:31")], *rows[:5]])
    assert stamped["resignation_date"] == "2025-09-13"
    assert stamped["letter_date"] == "2025-09-27"


def test_a_year_first_date_glued_to_its_labels_last_letter_read_as_a_one() -> None:
    got = _fields([
        [(60, "Nama KaryawanPURWANTI LESTARI")],
        [(60, "Join Date2022 08 15")],
        [(60, "Efektif Berhent12025-07-28")],
        "Disetujui secara elektronik oleh ABDUL FIKRI, HRD MANAGER",
        "pada 5 Agu 2025",
    ])
    assert got["resignation_date"] == "2025-07-28"
    assert got["letter_date"] == "2025-08-05"


def test_last_working_day_with_its_l_read_as_an_i() -> None:
    page = make_page([
        "Dear Mr. Raden Hadi Kurniawan Gunawan",
        "Thank you for your resignation letter dated 26 April 2025. On behalf of PT SUMBER ABADI, we accept",
        "your resignation. Your iast working day will be May 22, 2025, and your final salary and benefits will be",
        "settled in the next payroll.",
    ], width=1240, height=1754)
    got = extract_page(page)["resignation_date"]
    assert got.value == "2025-05-22"
    assert got.confidence >= 0.9  # announced (a date nothing announces has half the confidence)


def test_a_place_and_date_given_twice_in_two_languages_dates_the_letter() -> None:
    rows = [
        [(60, "Nama Lengkap : SITI SAFITRI"), (640, "Name : SITI SAFITRI")],
        [(60, "telah bekerja pada perusahaan kami sejak 18-06-2019"), (640, "has been employed by our company from 18/06/2019")],
        [(60, "sampai dengan 14-10-2025 dan telah mengundurkan"), (640, "through 14/10/2025 and has resigned at his or her own")],
    ]
    got = _fields([*rows, [(700, "Jakarta Utara, 17-10-2025 / October 17th, 2025")]])
    assert got["resignation_date"] == "2025-10-14"
    assert got["letter_date"] == "2025-10-17"
    other = _fields([*rows, [(700, "Jakarta Utara, 17-10-2025 / 18 Oktober 2025")]])  # not the same date
    assert other.get("letter_date") != "2025-10-17"


@pytest.mark.parametrize("through", ["through", "till"])
def test_an_english_period_through_or_till_its_end(through: str) -> None:
    got = _fields([
        "CERTIFICATE OF EMPLOYMENT",
        "This is to certify that Mr. BUDI SANTOSO has been employed by our company from 18/06/2019",
        f"{through} 14/10/2025 as an operator and has resigned at his own request.",
        [(700, "Jakarta, 17/10/2025")],
    ])
    assert got["resignation_date"] == "2025-10-14"
    assert got["letter_date"] == "2025-10-17"


def test_a_value_stops_at_the_next_cells_label_set_close_beside_it() -> None:
    # a two-column form photographed small: the right cell's label a little over a line height
    # from the name (not the wide gap of a column), and a label no list knows
    got = _fields([
        "SURAT KETERANGAN KERJA",
        "Berdasarkan data kepegawaian pada sistem CV KARYA SEJAHTERA TEKSTIL, dengan ini",
        "diterangkan data karyawan sebagai berikut:",
        [(60, "Nama Lengkap: PARLINDUNGAN PARDEDE"), (510, "ID Karyawan : 2201599")],
        [(60, "jabatan: STAF KEUANGAN"), (510, "Supervisor: HENDRA SANTOSO")],
        [(60, "Tanggal Bergabung: 11-08-2022"), (510, "Efektil Berhenti: 22-10-2025")],
    ])
    assert got["full_name"] == "PARLINDUNGAN PARDEDE"
    assert got["resignation_date"] == "2025-10-22"


def test_a_three_letter_weekday_with_a_full_stop() -> None:
    assert without_weekday("Tanggal:Sab. ") == "Tanggal:"


def test_a_speck_between_atas_nama_and_the_name() -> None:
    got = _fields([
        "MEMO INTERNAL",
        "Kepada: Bagian Keuangan",
        "Dari : Manajer Personalia",
        "Tanggal : 6 April 2026",
        "Perihal : Pemberitahuan karyawan keluar",
        "Efektif tanggal 31Maret 2026, karyawan atas nama .Endang Sunarya (No. Karyawan",
        "250.0781), bagian Penjualan, yang. bekerja di PT GLOBAL SEJAHTERA ELEKTRONIK.sejak 17",
        "Juli 2025, telah mengundurkan diri dan tidak lagi menjadi karyawan perusahaan.",
    ])
    assert got["full_name"] == "ENDANG SUNARYA"
    assert got["resignation_date"] == "2026-03-31"


def test_a_sign_off_grid_read_from_a_text_layer_dates_the_letter() -> None:
    got = _fields([
        "EXIT INTERVIEW & CLEARANCE",
        "Nama MUHAMMAD ALI WIJAYA",
        "Tanggal Bergabung 2017-11-03",
        "Hari Kerja Terakhir 2025-09-14",
        "Karyawan tersebut di atas telah menyelesaikan seluruh kewajibannya kepada perusahaan.",
        "Disetujui oleh Jabatan Tanggal",
        "DRA. YENI SUNARYA MANAJER PERSONALIA 2025-10-18",
    ])
    assert got["resignation_date"] == "2025-09-14"
    assert got["letter_date"] == "2025-10-18"
