"""Letter extraction, fourteenth pass of issue 11: an English relieving letter read with OCR
slips, a label whose last word was read in a box of its own before the colon.

Pages are built from text lines at given positions (no OCR), as OCR would return them.
"""

from __future__ import annotations

import pytest

from ocr.extract.resignation_letter import extract_page
from tests.ocr.extract import make_page

RELIEVING = [
    "PT BINTANG ABADI",
    "Date: 24-Jan-2026",
    "Ref. No.: 181/PER/HRD/I/2026",
    "SERVICE CERTIFICATE",
    "To.",
    "Mc. HADI PRATAMA",
    "Empioyce Code: 1811888",
    "Designatior: DRIVER",
    "Dear Mr. Hadi,",
    "This has reference so your resignation ietter dated 17-Dec-2025. We wishs so inform you that your sesignation",
    "has been acoepted and you are selieved from the services of PT BINTANG ABADi with effecs from the close",
    "of working hours on 13-Jan-2026.",
    "Your date of joining was 01-May-2018 and your last designation wits the company was DRIVER.",
    "Your fuil and final setlement will be processed on or before 14-Feb-2026. We thank you for your contribution",
    "and wish you saccess in your future endeavours.",
    [(600, "For PT BINTANG ABADI")],
    [(600, "NUR LESTARI RAHMAWATI")],
    [(600, "DIREKTUR")],
]


def _fields(rows: list) -> dict:
    return {k: v.value for k, v in extract_page(make_page(rows, width=1240, height=1754)).items()}


def test_relieving_letter_read_with_slips() -> None:
    """'with effecs from' (EFFECT misread) after 'selieved' (RELIEVED) announces the last day, not a
    start; the joining date is a start; a later settlement date is not the last day; the worker
    addressed as 'Dear Mr. Hadi' is the 'Mr. HADI PRATAMA' of the addressee rows."""
    got = _fields(RELIEVING)
    assert got["resignation_date"] == "2026-01-13"
    assert got["full_name"] == "HADI PRATAMA"
    assert got["letter_date"] == "2026-01-24"


def test_a_one_word_address_stays_when_no_longer_name_starts_with_it() -> None:
    rows = [r for r in RELIEVING if r != "Mc. HADI PRATAMA"]
    assert _fields(rows).get("full_name") in (None, "HADI")


def test_the_signers_longer_name_never_completes_the_workers() -> None:
    rows = [r if r != "Mc. HADI PRATAMA" else "Mc." for r in RELIEVING]
    rows[-2] = [(600, "HADI SUSILO")]
    assert _fields(rows).get("full_name") != "HADI SUSILO"


@pytest.mark.parametrize("label", ["Nama Peserta", "Nama Pekerja", "Nama Anggota"])
def test_label_rest_in_its_own_box_before_the_colon(label: str) -> None:
    rows = ["menerangkan bahwa peserta tersebut di bawah ini:", [(100, label), (400, ": HOTMAN PANJAITAN")],
            [(100, "No KPJ"), (400, ": 57464126950")]]
    assert _fields(rows)["full_name"] == "HOTMAN PANJAITAN"


@pytest.mark.parametrize("dated", [["5 Februari 2026"], [[(700, "5 Februari 2026")]]])
def test_a_date_alone_on_its_row_is_the_letters_own(dated: list) -> None:
    """No place, no label: the letter's own date alone on a row (left or right) is its date, and
    never the last day of work."""
    rows = ["PT MAJU BERSAMA", dated[0], "SURAT KETERANGAN", "Menerangkan bahwa:",
            [(100, "Nama"), (400, ": SITI AMINAH")],
            "telah bekerja pada perusahaan kami dan berhenti bekerja terhitung tanggal 20 Januari 2026.",
            "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.",
            [(700, "BUDI SANTOSO")], [(700, "HRD MANAGER")]]
    got = _fields(rows)
    assert got["letter_date"] == "2026-02-05"
    assert got["resignation_date"] == "2026-01-20"


def test_issued_on_dates_the_letter() -> None:
    rows = ["PT MAJU BERSAMA", "EMPLOYMENT CERTIFICATE", "This is to certify that Ms. SITI AMINAH was employed by us",
            "from 3 March 2019 until 20 January 2026.", "Issued in Jakarta on 5 February 2026.",
            [(700, "BUDI SANTOSO")], [(700, "HR MANAGER")]]
    got = _fields(rows)
    assert got["letter_date"] == "2026-02-05"
    assert got["resignation_date"] == "2026-01-20"


def _memo(header: list, sign: str) -> list:
    return ["PT CAHAYA LESTARI", *header,
            "Terhitung tanggal Rabu, 13 Agustus 2025, karyawan atas nama FITRI LESTARI bagian Penjualan,",
            "yang bekerja sejak Minggu, 10 Oktober 2021, telah mengundurkan diri.",
            [(700, sign)], [(700, "SUKARDI")], [(700, "HRD MANAGER")]]


@pytest.mark.parametrize(("header", "sign"), [
    (["Kepada : Bagian Keuangan", "Dari : Bagian SDM", "Tanggai : Rabu, 27 Agustus 2025", "Perihal : Karyawan keluar"],
     "Hormat kami,"),
    (["Kepada : Bagian Keuangan", "Dari : Bagian SDM", "Tanggal 27 Agustus 2025:", "Perihal : Karyawan keluar"],
     "Hormat kami,"),
    (["NOTA DINAS"], "Tuban, Rabu, 27 Agustus 2025"),
    ([[(20, "Nomor : 152/HRD/V/2025"), (700, "Serang, Kamis, 27 Agustus 2025")]], "Hormat kami,"),
])
def test_the_letters_own_date_with_a_weekday_a_misread_label_or_beside_its_number(header: list, sign: str) -> None:
    got = _fields(_memo(header, sign))
    assert got["letter_date"] == "2025-08-27"
    assert got["resignation_date"] == "2025-08-13"


def test_a_labelled_row_date_is_never_the_letters_own() -> None:
    rows = ["PT SUMBER MANDIRI", "menerangkan bahwa peserta tersebut di bawah ini:", "Nama : SOEBAGIO",
            "Tgl. Kepesertaan: Rabu, 7 April 2021", "Tanggal Berhenti Bekerja : Senin, 19 Mei 2025",
            "Demikian surat keterangan ini kami buat dengan sebenarnya.", [(700, "Hormat kami,")],
            [(700, "SUKARDI, S.E.")], [(700, "MANAJER PERSONALIA")]]
    got = _fields(rows)
    assert got.get("letter_date") != "2021-04-07"
    assert got["resignation_date"] == "2025-05-19"


@pytest.mark.parametrize("label", ["Date:", "Tanggal Surat :", "Tgl. Surat:"])
def test_the_letters_own_date_label(label: str) -> None:
    rows = ["PT MAJU BERSAMA", f"{label} 5 Februari 2026", "SURAT KETERANGAN", "Menerangkan bahwa:",
            [(100, "Nama"), (400, ": SITI AMINAH")],
            "telah berhenti bekerja terhitung tanggal 20 Januari 2026.", [(700, "BUDI SANTOSO")], [(700, "HRD MANAGER")]]
    got = _fields(rows)
    assert got["letter_date"] == "2026-02-05"
    assert got["resignation_date"] == "2026-01-20"
