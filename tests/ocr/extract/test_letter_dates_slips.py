"""Letter dates, fifteenth pass of issue 11: the letter's own date under a sign-off grid's bare
date header, OCR slips in dates (a day's 1 read as a letter, mixed separators, a speck between
the place's comma and the date), "w.e.f." announcing the last day, and a period whose second
date did not survive the OCR.

Pages are built from text lines at given positions (no OCR), as OCR would return them.
"""

from __future__ import annotations

import pytest

from ocr.extract.resignation_letter import extract_page
from ocr.text import find_dates
from tests.ocr.extract import make_page

HEAD = [
    "PT SINAR ABADI",
    "FORMULIR EXIT CLEARANCE",
    [(20, "Nama Karyawan"), (400, "NURUL HIDAYAH")],
    [(20, "Tanggal Masuk"), (400, "2020-09-27")],
    [(20, "Tanggal Efektif Berhenti"), (400, "2025-07-01")],
    "Karyawan tersebut di atas telah menyelesaikan seluruh kewajibannya kepada perusahaan.",
]


def _fields(rows: list) -> dict:
    return {k: v.value for k, v in extract_page(make_page(rows, width=1240, height=1754)).items()}


def test_the_one_date_under_a_bare_date_header_is_the_letters_own() -> None:
    got = _fields([*HEAD,
        [(20, "Disetujui oleh"), (400, "Jabatan"), (800, "Tanggal")],
        [(20, "MUHAMMAD ALI, S.E."), (400, "KEPALA BAGIAN SDM"), (800, "2025-07-14")],
    ])
    assert got["letter_date"] == "2025-07-14"
    assert got["resignation_date"] == "2025-07-01"


def test_several_dates_under_a_date_header_are_a_table_not_the_letters_date() -> None:
    got = _fields([*HEAD,
        [(20, "Jabatan"), (800, "Tanggal")],
        [(20, "Operator"), (800, "2021-03-01")],
        [(20, "Supervisor"), (800, "2023-05-02")],
    ])
    assert "letter_date" not in got


def test_ocr_slips_in_dates() -> None:
    assert [d.iso for d in find_dates("Magelang. October i. 2025")] == ["2025-10-01"]
    assert [d.iso for d in find_dates("Dalrl. 2025-11.09")] == ["2025-11-09"]
    assert [d.iso for d in find_dates("2011-04-02 - 2025-04-10")] == ["2011-04-02", "2025-04-10"]
    assert find_dates("Oktober IIL 2025") == []


def test_a_speck_between_the_places_comma_and_the_date() -> None:
    got = _fields([
        "SURAT KETERANGAN KERJA",
        [(20, "Nama"), (300, ": WAHYU PRASETYO")],
        [(20, "Masa Kerja"), (300, ": 12-02-2019 hingga 20-10-2025")],
        "Yang bersangkutan telah mengundurkan diri dari perusahaan atas permintaan sendiri.",
        [(700, "Madiun,.29-10-2025")],
        [(700, "DR. JOSUA SINAGA")],
    ])
    assert got["letter_date"] == "2025-10-29"
    assert got["resignation_date"] == "2025-10-20"


def test_wef_announces_the_last_day() -> None:
    got = _fields([
        [(600, "17th August 2025")],
        "SERVICE CERTIFICATE",
        "With reference to your letter dated 1st July 2025 tendering your resignation, you have been rellevedi",
        "from your duties w.e.f. 4th August 2025.",
        "Your full and final settlement will be processed on or before 16th September 2025.",
    ])
    assert got["resignation_date"] == "2025-08-04"


def test_a_periods_start_is_never_the_last_day_when_its_end_was_misread() -> None:
    got = _fields([
        "SURAT KETERANGAN BERAKHIRNYA KONTRAK KERJA",
        [(20, "Nama"), (300, "PARIYEM")],
        "adalah benar tenaga kerja kontrak kami berdasarkan PKWT dengan masa kontrak 2022-05-03",
        "sampai dengan 2025-20-29. Dengan berakhirnya masa kontrak tersebut hubungan kerja telah selesai.",
        [(700, "Dairi, 2025-11-09")],
    ])
    assert got.get("resignation_date") != "2022-05-03"
    assert got["letter_date"] == "2025-11-09"


def test_a_misread_sd_between_two_dates_still_ends_the_period() -> None:
    got = _fields([
        "SURAT REFERENSI KERJA",
        [(20, "Nama"), (300, ": SUPARMI")],
        "adalah benar mantan karyawan kami, dengan riwayat pekerjaan:",
        [(20, "No"), (100, "Jabatan"), (400, "Periode")],
        [(20, "1"), (100, "Operator Produksi"), (400, "09/06/2023 s/d 26/11/2024")],
        [(20, "2"), (100, "OPERATOR PRODUKSI"), (400, "27/11/2024 s/\u00e1 01/05/2026")],
        [(700, "Lamongan, 09/05/2026")],
    ])
    assert got["resignation_date"] == "2026-05-01"


def test_weekdays_before_the_dates_of_a_cited_contract_and_a_period() -> None:
    """The PKWT's own date after "tanggal Sabtu," is a cited document's; the period's end after
    "- Kamis," is the last day."""
    got = _fields([
        "SURAT KETERANGAN SELESAI KONTRAK",
        [(20, "Nama Lengkap : Bambang Ramadhan")],
        "adalah benar tenaga kerja kontrak kami yang ditempatkan di PT CAHAYA LOGISTIK NUSANTARA",
        "berdasarkan Perjanjian Kerja Waktu Tertentu (PKWT) Nomor",
        "001/PKWT/V/2024 tanggal Sabtu, 4 Mei 2024, dengan masa kontrak Senin, 6 Mei 2024 -",
        "Kamis, 19 Maret 2026.",
        "Kontrak kerja yang bersangkutan telah berakhir dan tidak diperpanjang.",
        [(700, "Nias Barat, Sabtu, 21 Maret 2026")],
    ])
    assert got["resignation_date"] == "2026-03-19"
    assert got["letter_date"] == "2026-03-21"


def test_a_speck_doubled_separator_inside_an_account_number() -> None:
    from ocr.text import digit_field

    assert digit_field("121-171.-5104") == ("1211715104", 0)


def test_signed_at_announces_the_letters_own_date() -> None:
    got = _fields([
        "SURAT KETERANGAN",
        [(20, "Nama"), (300, ": SITI AMINAH")],
        "Yang bersangkutan telah berhenti bekerja terhitung sejak tanggal 30 April 2026.",
        "Ditandatangani di Surabaya pada tanggal 12 Mei 2026",
        [(700, "SUTRISNO")],
    ])
    assert got["letter_date"] == "2026-05-12"
    assert got["resignation_date"] == "2026-04-30"


def test_a_place_whose_capital_a_stamp_hid_is_still_the_letters_place() -> None:
    got = _fields([
        "SURAT KETERANGAN KERJA",
        [(20, "Nama Karyawan"), (600, "No. Karyawan")],
        [(20, "DJUANDA PRAWIROSOEDIRDJO"), (600, "7012049")],
        [(20, "Tanggal Mulai Bekerja"), (600, "Tanggal Berhenti")],
        [(20, "tiga Oktober dua ribu dua puluh empat"), (600, "dua puluh empat Desember dua ribu dua puluh lima")],
        "Yang bersangkutan berhenti bekerja atas permintaan sendiri.",
        [(650, "imalungun satu Januari dua ribu dua puluh enam")],
        [(650, "SIMALUNOUN")],
        [(650, "I GEDE JOKO SETIAWAN")],
    ])
    assert got["letter_date"] == "2026-01-01"
    assert got["resignation_date"] == "2025-12-24"
    # words of a sentence before a date are never a place
    assert _fields(["Surat ini berlaku mulai 12 Maret 2026"]).get("letter_date") is None


def test_a_stamps_stray_letters_between_a_date_and_its_column_header() -> None:
    got = _fields([*HEAD,
        [(20, "Disetujui oleh"), (400, "Jabatan"), (800, "Tanggal")],
        [(150, "GEMIL")],
        [(20, "HJ. RADENAYU DIAN"), (800, "Minggu, 8 Februari 2026")],
    ])
    assert got["letter_date"] == "2026-02-08"


@pytest.mark.parametrize("line", [
    "Last working date: 14 March 2026",
    "Date of leaving : 14-03-2026",
    "Yang bersangkutan telah undur diri per 14 Maret 2026.",
])
def test_more_ways_to_announce_the_last_day(line: str) -> None:
    """Announced, the date is the last day at full confidence (a date nothing announces is
    taken only at half)."""
    got = extract_page(make_page([
        "CERTIFICATE",
        [(20, "Name : ANDI WIJAYA")],
        "Date of joining: 02 January 2020",
        line,
        [(700, "Jakarta, 20 March 2026")],
    ], width=1240, height=1754))
    assert got["resignation_date"].value == "2026-03-14"
    assert got["resignation_date"].confidence > 0.6


def test_a_title_case_name_ended_by_a_misread_comma() -> None:
    got = _fields([
        "MEMO INTERNAL",
        "Tanggal: 13/03/2026",
        "Terhitung tanggal 03/03/2026, karyawan atas nama Yenny Caniago. bagian",
        "Penjualan, yang bekerja di CV SINAR SEJAHTERA sejak 03/11/2022. telah",
        "mengundurkan diri dan tidak lagi menjadi karyawan perusahaan.",
    ])
    assert got["full_name"].upper() == "YENNY CANIAGO"


def test_a_j_read_as_a_bracket_inside_a_name() -> None:
    got = _fields([
        "SURAT KETERANGAN",
        "Efektif tanggal 21-03-2025, karyawan atas nama DJOKO DJO]OHADIKOESOEMO, bagian",
        "Gudang, telah mengundurkan diri dan tidak lagi menjadi karyawan perusahaan.",
    ])
    assert got["full_name"] == "DJOKO DJOJOHADIKOESOEMO"


def test_a_speck_inside_a_dates_month() -> None:
    assert [d.iso for d in find_dates("CIMAHI,07-1.1-2000")] == ["2000-11-07"]
    assert [d.iso for d in find_dates("1.1.2000")] == ["2000-01-01"]


def test_a_birth_place_and_date_under_a_garbled_label_is_not_the_letters_date() -> None:
    got = _fields([
        [(20, "PT KARYA LESTARI LOGISTIK")],
        [(20, "Nomor:171/HRD/IV/2026"), (700, "Sragen, 01.03.2026")],
        "Yang bertanda tangan di bawah ini menerangkan bahwa peserta tersebut di bawah ini",
        [(40, "Nama"), (300, "BAYU PURNOMO")],
        [(40, "Temnat Tgi. Lanit"), (300, "Sumenep,13.01.1983")],
        [(40, "Tanggal Keluar"), (300, ":01.03.2026")],
        "telah berhenti bekerja dari perusahaan kami.",
        [(500, "Hormat kami.")],
    ])
    assert got["letter_date"] == "2026-03-01"


def test_a_colon_read_as_a_digit_and_a_dot_before_a_name() -> None:
    from ocr.text import clean_name

    assert clean_name("0. PARLINDUNGAN HARAHAP") == "PARLINDUNGAN HARAHAP"
    assert clean_name("DJOKO SOEDARSONO, S.H.") == "DJOKO SOEDARSONO, S.H."


def test_a_date_in_the_signature_block_after_a_garbled_place() -> None:
    rows = [
        "SURAT KETERANGAN KERJA",
        [(40, "1) Nama : JOKO PRASETYO")],
        [(40, "5) Lama Bekerja : 09-06-2014 hingga 07-08-2026")],
        "Yang bersangkutan berhenti bekerja karena kontrak kerja telah berakhir.",
        "Demikian surat keterangan ini dibuat untuk dapat dipergunakan sebagaimana mestinya.",
        [(680, "pBinjat.09-08-2026")],
        [(680, "PT GLOBAL MAKMUR PLASTINDO")],
        [(680, "HR&GAMANAGER")],
    ]
    got = _fields(rows)
    assert got["letter_date"] == "2026-08-09"
    assert got["resignation_date"] == "2026-08-07"
    # the place's comma read as a colon
    rows[5] = [(680, "Salatiga: 09 Agustus 2026")]
    assert _fields(rows)["letter_date"] == "2026-08-09"
    # the same row on the left, in the body, is no signature
    rows[5] = [(40, "pBinjat.09-08-2026")]
    assert _fields(rows).get("letter_date") != "2026-08-09"


def test_a_labelled_name_that_addresses_the_worker_drops_the_salutation() -> None:
    got = _fields(["SURAT PERINGATAN", [(20, "Nama"), (300, ": Sdri ZAHRA KUSUMAWATI")],
                   "Yang bersangkutan telah berhenti bekerja terhitung sejak tanggal 30 April 2026."])
    assert got["full_name"] == "ZAHRA KUSUMAWATI"


def test_a_month_first_date_whose_spaces_were_read_as_middle_dots() -> None:
    assert [d.iso for d in find_dates("with effect from the close of working hours on March\u00b710th,\u00b72026.")] \
        == ["2026-03-10"]


def test_a_long_month_name_with_two_slips() -> None:
    from ocr.text import month_number

    assert [d.iso for d in find_dates("2 Jamari 2026")] == ["2026-01-02"]
    assert month_number("JURI") is None  # JUNI or JULI: no month
    assert month_number("BERHENTI") is None and month_number("KARYAWAN") is None
