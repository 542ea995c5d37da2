"""Letter extraction on forms and memos (twelfth pass of issue 11): a ruled grid of label and
value cells with a sign-off grid below, a memo whose dotted dates lost their dots to the OCR.

Pages are built from text lines at given positions (no OCR), as OCR would return them.
"""

from __future__ import annotations

import pytest

from ocr.extract.common import page_rows
from ocr.extract.resignation_letter import LABELS, extract, last_day_candidates
from ocr.records import OcrPage, TextLine
from ocr.text import clean_name, find_dates


def _page(rows: list[tuple[int, int, str]]) -> OcrPage:
    lines = [TextLine(t, 0.95, ((x, y), (x + len(t) * 14, y), (x + len(t) * 14, y + 30), (x, y + 30)))
             for y, x, t in rows]
    return OcrPage(page=1, width=1546, height=2187, lines=lines)


@pytest.mark.parametrize("last_label", ["Hari Kerja Terakhir", "Tanggal Efektif Berhenti", "Last Working Day"])
def test_grid_label_cell_announces_its_date(last_label: str) -> None:
    """Label cells left of value cells, no colons: a date's label is the cell beside it, not the
    value cell above it ("Gudang"), and a start-of-employment date is never the letter's own."""
    page = _page([
        (236, 594, "CV BINTANG PERKASA"),
        (397, 604, "FORMULIR EXIT CLEARANCE"),
        (451, 314, "Nama Karyawan"), (451, 660, "Haryanto Ramadhan"),
        (504, 314, "No. Induk"), (504, 660, "2398158"),
        (557, 314, "Jabatan"), (557, 660, "Kasir"),
        (608, 312, "Bagian"), (608, 660, "Gudang"),
        (664, 314, "Join Date"), (664, 660, "15-Nov-2023"),
        (719, 316, last_label), (719, 667, "07-Okt-2026"),
        (795, 314, "Alasan berhenti:"),
        (895, 316, "Karyawan tersebut di atas telah menyelesaikan seluruh kewajibannya kepada perusahaan"),
        (972, 312, "Disetujui oleh"), (972, 640, "Jabatan"), (972, 1000, "Tanggal"),
        (1026, 314, "NUR ANGGRAINI, A.MD"), (1026, 640, "HRD MANAGER"), (1026, 1000, "11-Okt-2026"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["full_name"] == "Haryanto Ramadhan"
    assert got["resignation_date"] == "2026-10-07"
    assert got.get("letter_date") != "2023-11-15"


def test_memo_dates_whose_dots_were_lost() -> None:
    """'05.01.2026' read '05 01 2026': still a date; the last day opens the sentence."""
    page = _page([
        (50, 105, "PT KARYA JAYA"),
        (183, 398, "MEMO INTERNAL"),
        (220, 135, "Kepada : Seluruh Kepala Bagian"),
        (249, 135, "Dari Manajer Personalia"),
        (279, 136, "Tanggal :05 01 2026"),
        (365, 105, "Per tanggal 26 12.2025, karyawan atas nama SRIWATI SIREGAR, bagian Gudang, yang bekerja di PT"),
        (395, 105, "KARYA JAYA sejak 06 12 2011, telah mengundurkan diri dan tidak lagi menjadi karyawan perusahaan"),
        (1006, 550, "Purbalingga, 05 01 2026"),
        (1187, 551, "I GEDE BAMBANG PURNOMO, S.E."),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["resignation_date"] == "2025-12-26"
    assert got["letter_date"] == "2026-01-05"


@pytest.mark.parametrize(("text", "want"), [
    ("Tanggal 07 10 2025", ["2025-10-07"]),
    ("Per tanggal 26 12.2025, karyawan", ["2025-12-26"]),
    ("sejak 06 12 2011 sampai 31 03 2026", ["2011-12-06", "2026-03-31"]),
    ("Jl. Merdeka No. 110 12 2025", []),   # a house number before: not a date
    ("Telp. 0812 20 12 2025", []),         # digits before: not a date
    ("RT 03 RW 14 2025", []),              # words between
    ("kode 45 13 2025", []),               # no such day or month
])
def test_dates_with_separators_lost_to_spaces(text: str, want: list[str]) -> None:
    assert [d.iso for d in find_dates(text)] == want


@pytest.mark.parametrize(("raw", "want"), [
    ("Mochamad Dimas.Pratama.Wijaya", "Mochamad Dimas Pratama Wijaya"),
    ("BAMBANG.WIJAYA.KUSUMA", "BAMBANG WIJAYA KUSUMA"),
    ("MOH.ARIF.HAKIM", "MOH. ARIF HAKIM"),
    ("Dewi Lestari, S.Farm.Apt", "Dewi Lestari, S.Farm.Apt"),
    ("I'Gede Hadi Kurniawan", "I Gede Hadi Kurniawan"),
    ("I.WAYAN SUDARSANA", "I WAYAN SUDARSANA"),
    ("D'ARTAGNAN", "D'ARTAGNAN"),
])
def test_every_speck_between_words_is_a_space(raw: str, want: str) -> None:
    assert clean_name(raw) == want


def test_misread_label_cells_still_announce_their_dates() -> None:
    """'Last Working Day' read 'Lasi Working Day', 'Tanggal Bergabung' read 'Tanggai Bergabung':
    the cells are still the last day's and the start's labels (neither is the letter's date),
    and the sign-off grid's date under 'Tanggal' is not the last day."""
    page = _page([
        (33, 54, "PT PRIMA GEMILANG"),
        (129, 218, "FORMULIR EXIT CLEARANCE"),
        (160, 54, "Employee Name"), (160, 400, "Iwan Firmansyah"),
        (186, 53, "NIK Karyawan"), (186, 400, "2013995"),
        (274, 57, "Tanggai Bergabung"), (274, 400, "22 Mei 2020"),
        (300, 53, "Lasi Working Day"), (300, 400, "23 April 2025"),
        (396, 54, "Karyawan tersebut di atas telah menyelesaikan seluruh kewajibannya kepada perusahaan"),
        (437, 54, "Disetujui oieh"), (437, 400, "Jabaian"), (437, 700, "Tanggal"),
        (465, 56, "DRA NUR PURWANTI"), (465, 400, "MANAJER PERSONALIA"), (465, 700, "26 April 2025"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["resignation_date"] == "2025-04-23"
    assert got.get("letter_date") not in ("2020-05-22", "2025-04-23")


def test_a_periods_start_is_never_a_last_day_candidate() -> None:
    """'masa kontrak D1 sampai dengan D2': D1 starts the period, so a claim filed days after D2
    can be refused (no old date left that might be the last day)."""
    page = _page([
        (551, 67, "adalah benar tenaga kerja kontrak kami yang ditempatkan di PT PRIMA KEMASAN JAYA berdasarkan"),
        (590, 68, "Perjanjian Kerja Waktu Tertentu (PKWT) Nomor 364/PKWT/VII/2021 tanggal 3 Juli 2021, dengan"),
        (633, 67, "masa kontrak 9 Juli 2021 sampai dengan 10 Agustus 2026."),
        (1189, 586, "Gresik, 13 Agustus 2026"),
    ])
    assert sorted(iso for iso, _short in last_day_candidates(page_rows(page), 1546.0)) == ["2026-08-10", "2026-08-13"]


def test_short_label_with_a_doubled_letter_and_no_name_from_an_address_line() -> None:
    """'Namma: SUMIYATI' is the name's row ('Nama' too short for the general fuzzy match, but a
    colon follows); 'di Tempat' under an addressee is never a name."""
    page = _page([
        (32, 338, "Purbalingga, 11 Oktober 2025"),
        (65, 73, "Kepada Yth"),
        (88, 74, "Bapak/Ibu Pimpinan CV MEGA JAYA"),
        (120, 73, "di Tempai"),
        (155, 221, "SURAT PENGUNDURAN DIRI"),
        (185, 74, "Dengan hormai."),
        (219, 73, "Sayu yang bertands tangan di bewah ini:"),
        (248, 94, "Namma: SUMIYATI"),
        (272, 94, "No. Karyawun: 1780225"),
        (352, 75, "Dengan ini mengajukan pengunduran diri dari CV MEGA JAYA terhitung mulai tanggal 28"),
        (374, 75, "September 2025. Saya mengucapkan terima kasih atas kesempatan bekerja sejak 10 Agustus 2017."),
        (771, 75, "ARIF SUGIHARTO, S.KOM"), (771, 500, "SUMIYATI"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["full_name"] == "SUMIYATI"
    assert got["resignation_date"] == "2025-09-28"


@pytest.mark.parametrize(("text", "key"), [("Namma: SUMIYATI", "full_name"), ("Nama : SUMIYATI", "full_name"),
                                           ("Nana: SUMIYATI", None), ("Namu SUMIYATI", None)])
def test_short_label_before_a_colon(text: str, key: str | None) -> None:
    hit = LABELS.match_start(text)
    assert (hit.key if hit else None) == key


def test_memo_header_date_is_the_letters_own() -> None:
    """'Tanggal : DATE' among 'Kepada', 'Dari', 'Perihal' is the memo's own date (no city line
    at the signature), not a candidate last day that might postpone the waiting period."""
    page = _page([
        (50, 105, "PT KARYA JAYA"),
        (183, 398, "NOTA DINAS"),
        (220, 135, "Kepada : Bagian Keuangan"),
        (249, 135, "Dari : HRD"),
        (279, 136, "Tanggal : 24 Mei 2025"),
        (308, 134, "Perihal : Karyawan berhenti bekerja"),
        (365, 105, "Karyawan atas nama BUDI SANTOSO telah mengundurkan diri; hari kerja terakhirnya 18 Mei 2025."),
        (1006, 550, "Hormat kami,"),
        (1187, 551, "DANI NUGROHO"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["letter_date"] == "2025-05-24"
    assert got["resignation_date"] == "2025-05-18"


@pytest.mark.parametrize(("row", "want"), [
    ("Nama Pekerja : Budi Santoso", "Budi Santoso"),
    ("Nama Yang Bersangkutan : BUDI SANTOSO", "BUDI SANTOSO"),
    ("NAMA GURU: BUDI SANTOSO", "BUDI SANTOSO"),
    ("Nama : BUDI SANTOSO", "BUDI SANTOSO"),
])
def test_name_label_words_the_list_does_not_know(row: str, want: str) -> None:
    """'Nama' and a word or two before the colon: the words are the label's, not the name's."""
    page = _page([
        (50, 105, "PT KARYA JAYA"),
        (240, 105, "Yang bertanda tangan di bawah ini:"),
        (279, 136, "Nama : DANI NUGROHO"), (300, 136, "Jabatan : HRD MANAGER"),
        (340, 105, "Menerangkan bahwa:"),
        (379, 136, row), (420, 136, "Jabatan : Operator"),
        (465, 105, "Telah bekerja sejak 01-02-2015 sampai dengan 18-05-2025 sebagai operator."),
        (1006, 550, "Bandung, 20-05-2025"),
    ])
    assert extract([page])["full_name"].value == want


def test_another_persons_name_row_is_not_the_workers() -> None:
    page = _page([
        (50, 105, "PT KARYA JAYA"),
        (340, 105, "Menerangkan bahwa:"),
        (379, 136, "Nama Atasan : Hendra Wijaya"),
        (420, 136, "Nama Karyawan : Budi Santoso"),
        (465, 105, "Telah bekerja sejak 01-02-2015 sampai dengan 18-05-2025 sebagai operator."),
    ])
    assert extract([page])["full_name"].value == "Budi Santoso"


@pytest.mark.parametrize("sentence", [
    "TMT : 18-05-2025",
    "Tgl. Out : 18-05-2025",
    "Perusahaan telah mengakhiri hubungan kerja dengan yang bersangkutan pada 18 Mei 2025.",
    "Hubungan kerja diakhiri pada 18 Mei 2025.",
    "Pengakhiran hubungan kerja berlaku 18 Mei 2025.",
    "Yang bersangkutan dirumahkan sejak 18 Mei 2025.",
    "yang bersangkutan sudah tidak aktif bekerja sejak 18 Mei 2025",
])
def test_more_ways_to_say_the_employment_ended(sentence: str) -> None:
    """The end of work in other words (verbs of 'akhir', 'dirumahkan', 'tidak aktif bekerja',
    TMT, 'Out'): the last day, with full confidence, not the letter's own date."""
    page = _page([
        (50, 105, "PT KARYA JAYA"), (240, 105, "Menerangkan bahwa:"),
        (279, 136, "Nama : BUDI SANTOSO"), (320, 136, "Tanggal Masuk : 01-02-2015"),
        (365, 105, sentence),
        (1006, 550, "Bandung, 20-06-2025"),
    ])
    got = extract([page])["resignation_date"]
    assert got.value == "2025-05-18" and got.confidence > 0.9


def test_tmt_of_an_appointment_is_a_start() -> None:
    page = _page([
        (50, 105, "YAYASAN PENDIDIKAN HARAPAN"), (240, 105, "Menerangkan bahwa:"),
        (279, 136, "Nama : BUDI SANTOSO"), (320, 136, "TMT Pengangkatan : 01-02-2015"),
        (365, 105, "Berhenti bekerja terhitung tanggal 18-05-2025."),
        (1006, 550, "Bandung, 20-06-2025"),
    ])
    assert extract([page])["resignation_date"].value == "2025-05-18"


@pytest.mark.parametrize(("sentence", "weak"), [
    ("Dengan ini menerangkan bahwa yang bernama Budi Santoso telah bekerja di perusahaan kami", False),
    ("Dengan ini menerangkan bahwa Bpk. Budi Santoso telah bekerja di perusahaan kami", False),
    ("Menerangkan dengan sebenarnya bahwa saudara/i Budi Santoso adalah karyawan kami", False),
    ("Kami menerangkan bahwa karyawan kami, Budi Santoso, telah bekerja di perusahaan kami", True),
    ("Menerangkan bahwa Budi Santoso adalah karyawan kami", True),
    ("This is to certify that Budi Santoso has worked with us", True),
])
def test_names_in_running_text_in_title_case(sentence: str, weak: bool) -> None:
    """A name in title case after 'yang bernama', 'Bpk.', 'saudara/i' (a person's introducer), or
    right after 'bahwa' / 'that' / 'karyawan kami,' (its place only: it confirms, never accuses)."""
    page = _page([
        (50, 105, "PT KARYA JAYA"), (183, 398, "SURAT KETERANGAN"),
        (365, 105, sentence), (400, 105, "sejak 01-02-2015 sampai dengan 18-05-2025 sebagai operator."),
        (1006, 550, "Bandung, 20-06-2025"),
    ])
    got = extract([page])["full_name"]
    assert got.value == "BUDI SANTOSO"
    assert (got.confidence < 0.6) == weak


@pytest.mark.parametrize("sentence", [
    "Dengan ini menerangkan bahwa yang bersangkutan telah bekerja di perusahaan kami",
    "Dengan ini menerangkan bahwa Perusahaan telah menerima pengunduran diri karyawan",
])
def test_no_name_from_a_sentence_after_bahwa(sentence: str) -> None:
    page = _page([(50, 105, "PT KARYA JAYA"), (365, 105, sentence), (1006, 550, "Bandung, 20-06-2025")])
    assert "full_name" not in extract([page])


@pytest.mark.parametrize("row", [
    "TMT Pengangkatan : 01-02-2015", "Awal Kontrak : 01-02-2015", "Tanggal Pengangkatan : 01-02-2015",
    "Commenced on 01-02-2015", "Started on 01-02-2015", "Hire Date : 01-02-2015",
    "Masa kerja sejak 01-02-2015", "Karyawan tetap per 01-02-2015",
])
def test_more_ways_to_give_the_start_of_employment(row: str) -> None:
    """A start of employment is never a date that may be the last day (an old one would keep a
    claim filed too early from being refused)."""
    page = _page([
        (50, 105, "PT KARYA JAYA"), (240, 105, "Menerangkan bahwa:"),
        (279, 136, "Nama : BUDI SANTOSO"), (320, 136, row),
        (365, 105, "Yang bersangkutan berhenti bekerja terhitung tanggal 18-05-2025."),
        (1006, 550, "Bandung, 20-05-2025"),
    ])
    assert sorted(iso for iso, _s in last_day_candidates(page_rows(page), 1546.0)) == ["2025-05-18", "2025-05-20"]


@pytest.mark.parametrize(("text", "want"), [
    ("Efektif tanggal 05/032026, karyawan", ["2026-03-05"]),   # the second separator lost
    ("from 21 August 2014 to July 1. 2025", ["2014-08-21", "2025-07-01"]),  # the comma read as a dot
    ("masa kontrak 2011-04-02 - 2025-04-10.", ["2011-04-02", "2025-04-10"]),  # not "04-02 - 2025"
    ("masa kontrak 2201 2021 s/d 1908 2025", ["2021-01-22", "2025-08-19"]),  # "22.01.2021": both dots lost
    ("Sampang, 1709 2025", ["2025-09-17"]),
    ("Telp (021) 1208 2019", []),           # a telephone number after its area code
    ("No. Rek 0123 1208 2019 45", []),      # digits around it: a grouped number
    ("KPJ 1908 2025 123", []),
])
def test_dates_with_a_separator_lost_or_misread(text: str, want: list[str]) -> None:
    assert [d.iso for d in find_dates(text)] == want


def test_honorific_with_a_comma_and_no_company_words_as_a_name() -> None:
    """'Sdri, NAME' (the dot read as a comma) introduces the name; the company's words wrapped
    after its letterhead name ("PTINTI SEJAHTERAPLASTINDO") are never a person's."""
    page = _page([
        (33, 163, "PT MEGA GEMILANG INDUSTRI"),
        (203, 83, "Yang bertanda tangan di bawah ini, MOHAMMAD FAUZI, AMD, selaku HR & GA MANAGER PT MEGA"),
        (243, 56, "GEMILANG INDUSTRI, dengan ini menerangkan bahwa Sdri, MONALISA SIMATUPANG, NIK"),
        (283, 56, "3509036105030019, telah bekerja sejak 24/04/2023 sampai dengan 14/09/2025."),
        (714, 355, "Jember, 24/10/2025"),
    ])
    got = extract([page])["full_name"]
    assert got.value == "MONALISA SIMATUPANG" and got.confidence > 0.6
    page = _page([
        (36, 164, "PTINTI SEJAHTERAPLASTINDO"),
        (206, 90, "This is io certify thas Mir. SUPRIYADI. S.PD, employve mumber 1455118, has been empicyed by PT INTI"),
        (246, 71, "SEJAHTERA PLASTINDO as STAF ADMINISTRASI from 21 Augus 2014 io July 1. 2025."),
        (747, 361, "Lima Puluh Koca, 9 July 2025"),
    ])
    got2 = extract([page])
    assert got2.get("full_name") is None or "PLASTINDO" not in str(got2["full_name"].value)
    assert got2["resignation_date"].value == "2025-07-01"


@pytest.mark.parametrize("intro", ["Say yang bertanda tangan di bawah ini:", "Yang bertanda tangan di bawah ini:"])
def test_the_workers_own_letter_without_saya(intro: str) -> None:
    """'Saya' misread 'Say', or no 'saya' in the sentence that resigns ('Dengan ini mengajukan
    pengunduran diri'): the undersigned is the worker, not a signer."""
    page = _page([
        (126, 769, "Agam, 26 Juni 2025"),
        (185, 128, "Kepada Yth."),
        (222, 129, "Bapak/Ibu Pimpinan PT SUMBER PERKASA"),
        (282, 128, "di Tempat"),
        (343, 519, "SURAT PENGUNDURAN DIRI"),
        (450, 131, intro),
        (507, 172, "Nama : TUMINAH"),
        (546, 174, "Jabatan : STAF ADMINISTRASI"),
        (642, 129, "Dengan ini mengajukan pengunduran diri dari PT SUMBER PERKASA terhitung mulai tanggal 20 Juni 2025."),
        (1233, 131, "Mengetahui,"), (1233, 700, "Hormat saya,"),
        (1415, 132, "H. MUHAMMAD RIZKI, S.T."), (1415, 700, "TUMINAH"),
    ])
    assert extract([page])["full_name"].value == "TUMINAH"


@pytest.mark.parametrize("glued", ["karyawan atas namaBAYU SUSANTO", "karyawan yang bernamaBAYU SUSANTO"])
def test_name_glued_to_nama_in_running_text(glued: str) -> None:
    """OCR dropped the space between "nama" and the name in capitals after it."""
    page = _page([
        (66, 185, "PT PRIMA ABADI INDUSTRI"),
        (256, 612, "NOTA DINAS"),
        (397, 236, "Tanggal: Jumat, 28 Februari 2025"),
        (508, 187, f"Terhitung sejak tanggal Sabtu, 22 Februari 2025, {glued}"),
        (548, 188, "(No. Karyawan 2106912), bagian Produksi, yang bekerja di PT PRIMA ABADI INDUSTRI"),
        (582, 183, "sejak Kamis, 3 Juni 2021, telah mengundurkan diri dan tidak lagi menjadi karyawan"),
        (1698, 764, "HENDRA SETIAWAN, S.SOS"),
        (1743, 764, "MANAJER PERSONALIA"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["full_name"] == "BAYU SUSANTO"
    assert got["resignation_date"] == "2025-02-22"
