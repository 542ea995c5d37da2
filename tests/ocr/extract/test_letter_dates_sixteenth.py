"""Letter dates, sixteenth pass of issue 11 (fresh training draws): a cited document's date
after "Nomor." with a misread weekday, a garbled "Tgl. Non Aktif" row beside the membership
date, and a speck between the place's comma and the letter's own date.

Pages are built from text lines at given positions (no OCR), as OCR would return them.
"""

from __future__ import annotations

from ocr.extract.resignation_letter import extract_page, without_weekday
from tests.ocr.extract import make_page


def _fields(rows: list) -> dict:
    return {k: v.value for k, v in extract_page(make_page(rows, width=1240, height=1754)).items()}


def test_a_weekday_with_one_slip_belongs_to_the_date() -> None:
    assert without_weekday("tanggal Sahtu, ") == "tanggal "
    assert without_weekday("tanggal Sabtu, ") == "tanggal "
    assert without_weekday("dengan tanggal ") == "dengan tanggal "
    assert without_weekday("sampai dengan ") == "sampai dengan "  # no cue word is taken for a weekday
    assert without_weekday("hingga ") == "hingga "


def test_a_cited_contracts_date_after_nomor_with_a_dot_is_never_the_last_day() -> None:
    # the period's "s.d." lost to the OCR: its two dates are joined by a comma only
    got = _fields([
        "SURAT KETERANGAN SELESAI KONTRAK",
        [(60, "Nama Lengkap"), (640, "Tjitjih Soedarsono")],
        [(60, "Jabatan"), (640, ": Sales")],
        "adalah benar tenaga kerja kontrak kami yang ditempatkan di PT CAHAYA LOGISTIK",
        "NUSANTARA berdasarkan Perjanjian Kerja Waktu Tertentu (PKWT) Nomor.",
        "247/PKWT/XI/2019 tanggal Sahtu, 23 November 2019, dengan masa kontrak Minggu, 24",
        "November 2019, Senin, 13 Juli 2026.",
        "Kontrak kerja yang bersangkutan telah berakhir dan tidak diperpanjang.",
        [(640, "Solok, Rabu, 22 Juli 2026")],
    ])
    assert got["resignation_date"] == "2026-07-13"
    assert got["letter_date"] == "2026-07-22"


def test_a_garbled_non_aktif_row_is_the_last_day_and_the_membership_date_a_start() -> None:
    got = _fields([
        [(20, "Nomor: 009/HRD/XI/2025"), (700, "Lebak, 19/11/2025")],
        "Yang bertanda tangan di bawah ini menerangkan bahwa peserta BPJS Ketenagakerjaan tersebut di bawah ini",
        [(40, "Nama"), (300, ": Ahmad Syaiful")],
        [(40, "Tempat, Tgi. Lahir"), (300, ": Cianjur. 24/02/1980")],
        [(40, "Tanggal Kepesertaan"), (300, ": 10/05/2021")],
        [(40, "Mulai Bekerja"), (300, ": 10/02/2021")],
        [(40, "Tgi. Non Aksif"), (300, ": 06/10/2025")],
        [(40, "Alasan Berhenti"), (300, ": Habis kontrak")],
    ])
    assert got["resignation_date"] == "2025-10-06"
    assert got["letter_date"] == "2025-11-19"


def test_a_speck_after_the_places_comma_and_its_space() -> None:
    got = _fields([
        [(20, "Nama"), (300, ": H. BUDI MAULANA")],
        "Telah bekerja di perusahaan kami sejak tanggal 27 Oktober 2024 sampai dengan tanggal 27",
        "Oktober 2025 dengan jabatan terakhir sebagai STAF KEUANGAN.",
        [(700, "Kepulauan Mentawai, .7 Desember 2025")],
        [(700, "PT INTI LESTARI")],
    ])
    assert got["resignation_date"] == "2025-10-27"
    assert got["letter_date"] == "2025-12-07"


def test_a_memos_date_row_is_no_closing_signature() -> None:
    # a memo's short header ("Tanggal : DATE") falls in the page's lower half by row count: it is
    # not the place and date of the closing signature, so the body under it is not the signer's
    got = _fields([
        "NOTA DINAS",
        [(40, "Kepada"), (200, ": Seluruh Kepala Bagian")],
        [(40, "Tanggal"), (200, ": 16-09-2025")],
        "Per tanggal 13-09-2025, karyawan atas nama ENOK SUHENDAR, bagian Administrasi, yang bekerja di PT GLOBAL",
        "ABADI NUSANTARA sejak 24-09-2017, telah mengundurkan diri dan tidak lagi menjadi karyawan perusahaan.",
    ])
    assert got["full_name"] == "ENOK SUHENDAR"
    assert got["resignation_date"] == "2025-09-13"
    assert got["letter_date"] == "2025-09-16"


def test_the_letters_own_date_beside_its_hijri_date() -> None:
    # letters of Islamic institutions date themselves twice: "12 Rajab 1447 H / 2 Januari 2026 M"
    for signed in ("Jakarta, 12 Rajab 1447 H / 2 Januari 2026 M", "Jakarta, 2 Januari 2026 M / 12 Rajab 1447 H",
                   "Jakarta, 2 Januari 2026 M"):
        for x in (700, 40):
            got = _fields([
                "SURAT KETERANGAN KERJA",
                [(20, "Nama"), (300, ": WAHYU PRASETYO")],
                "telah bekerja sejak 12-02-2019 sampai dengan 20-10-2025.",
                "Demikian surat keterangan ini dibuat.",
                [(x, signed)], [(x, "PT BANK SYARIAH")], [(x, "AHMAD FAUZI")], [(x, "DIREKTUR")],
            ])
            assert got["letter_date"] == "2026-01-02", (signed, x)
            assert got["resignation_date"] == "2025-10-20"


def test_the_letters_number_and_its_place_joined_by_one_space() -> None:
    # a text layer joins the two cells of the header row with one space
    got = _fields([
        "PT MEGA SENTOSA",
        "Nomor    : 032/HRD/VII/2025 Temanggung, Selasa, 29 Juli 2025",
        "Perihal  : Pengajuan Klaim JHT",
        "Yang bertanda tangan di bawah ini menerangkan bahwa peserta tersebut di bawah ini:",
        "Nama Tenaga Kerja : Djuariah Soemarno",
        "Tanggal Masuk : Kamis, 21 September 2017",
        "Berhenti Bekerja Per : Sabtu, 14 Juni 2025",
    ])
    assert got["letter_date"] == "2025-07-29"
    assert got["resignation_date"] == "2025-06-14"
