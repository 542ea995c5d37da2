"""A PHK decree (``Surat Keputusan ... tentang Pemutusan Hubungan Kerja``, training family
``sk_phk``): the worker's rows under the decision, the last day "terhitung sejak tanggal", an
earlier dated document in the considerations and the decree's own "Pada tanggal" row.

Pages are built from text lines at given positions (no OCR), as OCR would return them.
"""

from __future__ import annotations

from ocr.extract.resignation_letter import extract
from ocr.records import OcrPage, TextLine


def _page(rows: list[tuple[int, int, str]]) -> OcrPage:
    lines = [TextLine(t, 0.95, ((x, y), (x + len(t) * 12, y), (x + len(t) * 12, y + 28), (x, y + 28)))
             for y, x, t in rows]
    return OcrPage(page=1, width=1240, height=1754, lines=lines)


DECREE = [
    (60, 360, "PT PRIMA SENTOSA"),
    (125, 480, "Jl. Raya Industri No. 225, Bogor"),
    (232, 485, "SURAT KEPUTUSAN"),
    (268, 470, "Nomor : 094/SK-PHK/HRD/XI/2025"),
    (305, 570, "TENTANG"),
    (340, 430, "PEMUTUSAN HUBUNGAN KERJA"),
    (388, 130, "Menimbang"), (388, 318, ":"),
    (388, 345, "a. bahwa berdasarkan hasil evaluasi dan Berita Acara Perundingan Bipartit tanggal"),
    (422, 345, "03-10-2025, telah tercapai kesepakatan pengakhiran hubungan kerja; b. bahwa untuk"),
    (456, 345, "itu perlu ditetapkan dengan Surat Keputusan."),
    (498, 130, "Mengingat"), (498, 318, ":"),
    (498, 345, "1. Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan; 2. Peraturan"),
    (532, 345, "Pemerintah Nomor 35 Tahun 2021; 3. Peraturan Perusahaan yang berlaku."),
    (575, 535, "MEMUTUSKAN"),
    (615, 130, "Menetapkan"), (615, 318, ":"), (615, 345, "KEPUTUSAN TENTANG PEMUTUSAN HUBUNGAN KERJA."),
    (657, 130, "PERTAMA"), (657, 318, ":"), (657, 345, "Mengakhiri hubungan kerja antara perusahaan dengan karyawan:"),
    (700, 345, "Nama"), (700, 572, ":"), (700, 592, "MUHAMMAD YUSUF"),
    (734, 345, "No. Induk Karyawan"), (734, 572, ":"), (734, 592, "1032113"),
    (768, 345, "Jabatan"), (768, 572, ":"), (768, 592, "STAF GUDANG"),
    (802, 345, "Unit Kerja"), (802, 572, ":"), (802, 592, "Logistik"),
    (846, 130, "KEDUA"), (846, 318, ":"),
    (846, 345, "Pemutusan hubungan kerja sebagaimana dimaksud pada diktum PERTAMA berlaku"),
    (880, 345, "terhitung sejak tanggal 10 November 2025."),
    (922, 130, "KETIGA"), (922, 318, ":"),
    (922, 345, "Hak-hak karyawan dibayarkan sesuai dengan ketentuan peraturan perundang-undangan."),
    (964, 130, "KEEMPAT"), (964, 318, ":"), (964, 345, "Keputusan ini berlaku sejak tanggal ditetapkan."),
    (1012, 640, "Ditetapkan di : Bogor"),
    (1046, 640, "Pada tanggal : 13 November 2025"),
    (1255, 690, "Direksi,"),
    (1290, 690, "PT PRIMA SENTOSA"),
    (1470, 690, "H. ABDUL HASAN, S.SOS"),
    (1510, 690, "DIREKTUR"),
]


def test_decree_gives_the_worker_and_the_day_the_termination_takes_effect() -> None:
    got = {k: v.value for k, v in extract([_page(DECREE)]).items()}
    assert got["full_name"] == "MUHAMMAD YUSUF"  # not the director who signs
    assert got["resignation_date"] == "2025-11-10"  # not the bipartite minutes, not the decree's date
    assert got["letter_date"] == "2025-11-13"


def test_a_long_city_name_between_ditetapkan_and_the_decrees_date() -> None:
    # "Ditetapkan di : Padang Panjang" / "Pada tanggal : DATE": still the decree's own date
    rows = [r if r[2] != "Ditetapkan di : Bogor" else (r[0], r[1], "Ditetapkan di : Kabupaten Padang Panjang Barat")
            for r in DECREE]
    rows = [r if r[2] != "Pada tanggal : 13 November 2025" else (r[0], r[1], "Pada tanggal : 16 November 2025")
            for r in rows]
    got = {k: v.value for k, v in extract([_page(rows)]).items()}
    assert (got["resignation_date"], got["letter_date"]) == ("2025-11-10", "2025-11-16")
