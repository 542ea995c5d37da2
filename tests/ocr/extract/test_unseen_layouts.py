"""Extraction by geometry on layouts unlike the sample generator's (issue 11).

Each fixture is drawn the way another company, bank or card design lays the document out:
free-text PHK letters, the signer's own Nama/Jabatan block first, values stacked under their
labels, table headers with the values in the row below, the old JAMSOSTEK card. All
synthetic. The extractors are called through :data:`ocr.extract.EXTRACTORS` (with the
output validation the pipeline uses).
"""

from __future__ import annotations

from typing import Any

import pytest

from ocr.extract import EXTRACTORS
from tests.ocr.extract import make_page


def values(doc_type: str, rows: list, **kw: Any) -> dict[str, Any]:
    """Extracted field values of one hand-built page."""
    page = make_page(rows, **kw)
    return {k: v.value for k, v in EXTRACTORS[doc_type]([page]).items()}


A4 = {"width": 1240, "height": 1754}

# --- resignation letters -------------------------------------------------------------------

LETTER_FREE_TEXT_PHK = [
    [(400, "CV KARYA NUSANTARA MANDIRI")],
    [(380, "Jl. Rungkut Industri III/12 Surabaya")],
    [(420, "SURAT PEMUTUSAN HUBUNGAN KERJA")],
    [(470, "No. 045/KNM/PHK/IV/2025")],
    "Dengan hormat,",
    "Manajemen dengan berat hati memberitahukan kepada Sdr. AGUS SETIAWAN, NIP 2019-044,",
    "bahwa hubungan kerja yang bersangkutan dengan perusahaan berakhir terhitung mulai",
    "tanggal 31 Mar 2025. Hak-hak yang bersangkutan diselesaikan sesuai ketentuan.",
    "",
    [(800, "Surabaya, 21 April 2025")],
    [(800, "Hormat kami,")],
    "",
    [(800, "DEWI LESTARI")],
    [(800, "HRD Manager")],
]

LETTER_SIGNER_BLOCK_FIRST = [
    [(450, "PT SAMUDERA LOGISTIK PRIMA")],
    [(520, "PAKLARING")],
    [(60, "Nama"), (330, ": IR. BAMBANG WIJAYA")],
    [(60, "Jabatan"), (330, ": Direktur Operasional")],
    "Menerangkan dengan sebenarnya bahwa:",
    [(60, "Nama Karyawan"), (330, ": SITI NURHALIZA")],
    [(60, "No. Induk Karyawan"), (330, ": 2020-117")],
    [(60, "Masa Kerja"), (330, ": 3 Januari 2020 s/d 28 Februari 2025")],
    "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.",
    [(800, "Jakarta, 10 Maret 2025")],
    [(800, "IR. BAMBANG WIJAYA")],
]

LETTER_STACKED_VALUES = [
    [(800, "Bekasi, 3 Februari 2025")],
    [(60, "PT CAHAYA BARU TEKSTIL")],
    [(60, "Perihal: Surat Keterangan Kerja")],
    "Dengan ini kami menerangkan bahwa karyawan berikut:",
    [(60, "Nama")],
    [(60, "RINA MARLINA")],
    [(60, "Bagian")],
    [(60, "Quality Control")],
    [(60, "Tanggal terakhir bekerja")],
    [(60, "15-01-2025")],
    "telah menyelesaikan masa kerjanya dengan baik.",
    [(800, "Personalia")],
    [(800, "YOSEF KURNIA")],
]

LETTER_TABLE = [
    [(60, "PT GRAHA MEDIKA UTAMA")],
    [(420, "SURAT KETERANGAN BERHENTI BEKERJA")],
    "Yang bertanda tangan di bawah ini menerangkan bahwa karyawan di bawah ini:",
    [(60, "Nama"), (420, "Jabatan"), (720, "Periode")],
    [(60, "TUTIHANDAYANI"), (420, "Staf Gudang"), (720, "01/06/2018 - 31/12/2024")],
    "telah berhenti bekerja atas permintaan sendiri.",
    [(800, "Tangerang, 20 Januari 2025")],
    [(800, "Manager HRD")],
]


@pytest.mark.parametrize(
    ("rows", "name", "last_day", "letter_day"),
    [
        (LETTER_FREE_TEXT_PHK, "AGUS SETIAWAN", "2025-03-31", "2025-04-21"),
        (LETTER_SIGNER_BLOCK_FIRST, "SITI NURHALIZA", "2025-02-28", "2025-03-10"),
        (LETTER_STACKED_VALUES, "RINA MARLINA", "2025-01-15", "2025-02-03"),
        (LETTER_TABLE, "TUTIHANDAYANI", "2024-12-31", "2025-01-20"),
    ],
    ids=["free_text_phk", "signer_block_first", "stacked_values", "table"],
)
def test_letter_worker_name_last_day_and_letter_date(rows: list, name: str, last_day: str, letter_day: str) -> None:
    got = values("resignation_letter", rows, **A4)
    assert got.get("full_name") == name
    assert got.get("resignation_date") == last_day
    assert got.get("letter_date") == letter_day


def test_letter_date_weeks_after_last_day_is_not_the_resignation_date() -> None:
    rows = [[(60, "PT ANUGERAH SEJAHTERA")], "dengan ini menerangkan bahwa:",
            [(60, "Nama"), (300, ": BUDI SANTOSO")],
            "yang bersangkutan efektif berhenti bekerja per tanggal 28-02-2025.",
            [(800, "Semarang, 4 April 2025")]]
    got = values("resignation_letter", rows, **A4)
    assert got["resignation_date"] == "2025-02-28"
    assert got["letter_date"] == "2025-04-04"


def test_birth_date_in_the_worker_block_is_not_the_last_day() -> None:
    rows = ["menerangkan bahwa:", [(60, "Nama"), (300, ": BUDI SANTOSO")],
            [(60, "Tempat/Tgl Lahir"), (300, ": Bandung, 12-05-1990")],
            "telah bekerja sampai dengan 30 Juni 2025."]
    assert values("resignation_letter", rows, **A4)["resignation_date"] == "2025-06-30"


def test_signer_name_alone_is_never_the_worker() -> None:
    rows = [[(60, "Nama"), (300, ": IR. BAMBANG WIJAYA")], [(60, "Jabatan"), (300, ": Direktur Utama")],
            "menyatakan hal yang sebenarnya."]
    assert "full_name" not in values("resignation_letter", rows, **A4)


# --- passbooks -------------------------------------------------------------------------------

PASSBOOK_STACKED_BCA = [
    [(60, "BCA"), (500, "TAHAPAN")],
    [(60, "No. Rekening")],
    [(60, "5271 0099 12")],
    [(60, "Nama")],
    [(60, "TUTI HANDAYANI")],
    [(60, "KCP Cikarang")],
]

PASSBOOK_TABLE_BRI = [
    [(60, "BANK RAKYAT INDONESIA")],
    [(60, "BritAma")],
    [(60, "Nomor Rekening"), (520, "Nama Pemilik Rekening")],
    [(60, "1234-01-000567-50-9"), (520, "AHMAD FAUZI")],
    [(60, "Unit Kerja: KC Bogor")],
]

PASSBOOK_WIDE_MANDIRI = [
    [(60, "Bank Mandiri")],
    [(60, "Nasabah"), (600, ": RINA MARLINA")],
    [(60, "No. Rek"), (600, ": 137-00-1234567-8")],
    [(60, "Cabang"), (600, ": Bandung Dago")],
]


@pytest.mark.parametrize(
    ("rows", "bank", "number", "holder"),
    [
        (PASSBOOK_STACKED_BCA, "BCA", "5271009912", "TUTI HANDAYANI"),
        (PASSBOOK_TABLE_BRI, "BRI", "123401000567509", "AHMAD FAUZI"),
        (PASSBOOK_WIDE_MANDIRI, "MANDIRI", "1370012345678", "RINA MARLINA"),
    ],
    ids=["bca_stacked", "bri_table", "mandiri_wide_colon"],
)
def test_passbook_designs(rows: list, bank: str, number: str, holder: str) -> None:
    got = values("passbook", rows)
    assert got == {"bank": bank, "account_number": number, "account_holder": holder}


# --- BPJS cards ------------------------------------------------------------------------------

BPJS_DIGITAL = [
    [(60, "BPJS Ketenagakerjaan")],
    [(60, "KARTU DIGITAL")],
    [(60, "Nomor Peserta")],
    [(60, "2501 2345 678")],
    [(60, "Nama Tenaga Kerja")],
    [(60, "DEDI KURNIAWAN")],
    [(60, "Tgl. Lahir"), (400, "12-05-1990")],
]

JAMSOSTEK_OLD = [
    [(60, "JAMSOSTEK")],
    [(60, "KARTU PESERTA")],
    [(60, "SUPRIYADI")],
    [(60, "07012345678")],
    [(60, "PT MAJU JAYA")],
]


@pytest.mark.parametrize(
    ("rows", "kpj", "name"),
    [(BPJS_DIGITAL, "25012345678", "DEDI KURNIAWAN"), (JAMSOSTEK_OLD, "07012345678", "SUPRIYADI")],
    ids=["digital_card", "old_jamsostek"],
)
def test_bpjs_designs(rows: list, kpj: str, name: str) -> None:
    got = values("bpjs_card", rows)
    assert got.get("kpj") == kpj
    assert got.get("full_name") == name


def test_label_read_as_a_card_name_is_not_a_name() -> None:
    """The "TGL. LAHIR as name" misread: the name row's value is a label."""
    rows = [[(60, "BPJS Ketenagakerjaan")], [(60, "No. KPJ"), (300, ": 25012345678")],
            [(60, "Nama"), (300, ": TGL. LAHIR")], [(300, "12-05-1990")]]
    got = values("bpjs_card", rows)
    assert got.get("kpj") == "25012345678"
    assert "full_name" not in got


def test_misshapen_values_are_dropped() -> None:
    rows = [[(60, "BPJS Ketenagakerjaan")], [(60, "No. KPJ"), (300, ": 2501234567")],
            [(60, "Nama"), (300, ": DEDI KURNIAWAN")]]
    got = values("bpjs_card", rows)
    assert "kpj" not in got  # 10 digits is not a KPJ
    assert got["full_name"] == "DEDI KURNIAWAN"
