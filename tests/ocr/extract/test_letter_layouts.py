"""Letter extraction on layouts the extractor was not written for: wrapped names, dates in
words, month-first English dates, the worker's own first-person letter, a ';' after the city.

Pages are built from text lines at given positions (no OCR), as OCR would return them.
"""

from __future__ import annotations

import pytest

from ocr.extract.resignation_letter import extract
from ocr.extract.validate import plausible_name
from ocr.records import OcrPage, TextLine
from ocr.text import find_dates, words_to_number


def _page(rows: list[tuple[int, int, str]], conf: dict[str, float] | None = None) -> OcrPage:
    scores = conf or {}
    lines = [TextLine(t, scores.get(t, 0.95), ((x, y), (x + len(t) * 14, y), (x + len(t) * 14, y + 30), (x, y + 30)))
             for y, x, t in rows]
    return OcrPage(page=1, width=1387, height=2199, lines=lines)


def test_name_wrapped_at_line_end_and_letter_date_after_semicolon() -> None:
    page = _page([
        (2, 100, "PT BINTANG SEJAHTERA INDUSTRI"),
        (402, 172, "Yang bertanda tangan di bawah ini, H. ROBERT SIREGAR, selaku HR & GA MANAGER"),
        (450, 109, "PT BINTANG SEJAHTERA INDUSTRI, dengan ini menerangkan bahwa Sdr. DADANG"),
        (503, 109, "SUHENDAR, NIK 3507030802890013, telah bekerja di PT BINTANG SEJAHTERA"),
        (557, 106, "INDUSTRI sebagai SUPERVISOR PRODUKSI sejak 01/05/2021 sampai dengan"),
        (613, 116, "11/12/2025."),
        (746, 111, "Hubungan kerja berakhir karena yang"),
        (801, 111, "bersangkutan mengundurkan diri."),
        (878, 166, "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya."),
        (1591, 746, "Salatiga; 18/01/2026"),
        (1895, 738, "H. ROBERT SIREGAR"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["full_name"] == "DADANG SUHENDAR"
    assert got["resignation_date"] == "2025-12-11"  # the end of the period, not the letter's date
    assert got["letter_date"] == "2026-01-18"


@pytest.mark.parametrize("since", ["sejak", "sejsk"])
def test_period_end_after_a_garbled_connector(since: str) -> None:
    """'sampai dengan' read as 'camp der)' and the start date's last separator lost (and even the
    start word misread): two dates joined by a few words are a range, its later date the end."""
    page = _page([
        (278, 101, "MAKMUR, dengan ini menerangkan bahwa Sdri. MONALISA SIREGAR, NIK 3212035801850111"),
        (306, 102, f"telah bekerja di PT KARYA MAKMUR sebagai DRIVER {since} 1/02 2021 camp der)"),
        (332, 102, "21/11/2026."),
        (426, 103, "Hubungan kerja berakhir karena yang bersangkutan mengundurkan diri."),
        (891, 491, "Indramayu, 23/11/2026"),
        (1052, 491, "IMAS SUHENDAR"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["resignation_date"] == "2026-11-21"
    assert got["letter_date"] == "2026-11-23"


def test_a_birth_date_does_not_start_a_period() -> None:
    """Only the start of employment makes the next date a period's end: a date a few words after
    a birth date stays unannounced (low confidence), not the last day of work."""
    page = _page([
        (300, 102, "Nama SITI AMINAH lahir 05/08/1990 kini 14/03/2026 menerangkan"),
        (891, 491, "Bogor, 20/03/2026"),
    ])
    got = extract([page])
    assert got["resignation_date"].value == "2026-03-14" and got["resignation_date"].confidence <= 0.5
    page = _page([
        (300, 102, "Nama SITI AMINAH bekerja sejak 05/08/2019 kini 14/03/2026 menerangkan"),
        (891, 491, "Bogor, 20/03/2026"),
    ])
    got = extract([page])
    assert got["resignation_date"].value == "2026-03-14" and got["resignation_date"].confidence > 0.9


def test_first_person_letter_names_the_writer_not_the_addressee() -> None:
    page = _page([
        (100, 700, "Majalengka, 25 Juni 2025"),
        (180, 130, "Kepada Yth."),
        (215, 130, "Bapak/Ibu Pimpinan PT MITRA ABADI GARMINDO"),
        (260, 130, "di Tempat"),
        (330, 440, "SURAT PENGUNDURAN DIRI"),
        (430, 130, "Saya yang bertanda tangan di bawah ini:"),
        (480, 170, "Nama"), (480, 440, ": AFRIZAL KOTO"),
        (515, 170, "Jabatan"), (515, 440, ": QUALITY CONTROL"),
        (600, 130, "Dengan ini mengajukan pengunduran diri terhitung mulai tanggal 18 Juni 2025."),
        (1180, 650, "Hormat saya,"),
        (1350, 650, "AFRIZAL KOTO"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["full_name"] == "AFRIZAL KOTO"
    assert got["resignation_date"] == "2025-06-18"


@pytest.mark.parametrize("resigns", [
    "Dengan ini saya mengajukan pengunduran diri terhitung mulai tanggal 18 Juni 2025.",
    "I hereby resign from my position, effective 18 June 2025.",
])
def test_undersigned_without_saya_in_a_letter_where_the_writer_resigns_is_the_worker(resigns: str) -> None:
    # "Yang bertanda tangan di bawah ini" alone opens a signer's block; a sentence in which the
    # writer resigns says the signer is the worker, while an acknowledging superior stays other
    page = _page([
        (180, 130, "Kepada Yth. HRD PT MITRA ABADI GARMINDO"),
        (430, 130, "Yang bertanda tangan di bawah ini:"),
        (480, 170, "Nama"), (480, 440, ": AFRIZAL KOTO"),
        (515, 170, "Jabatan"), (515, 440, ": QUALITY CONTROL"),
        (600, 130, resigns),
        (1100, 700, "Majalengka, 4 Juni 2025"),
        (1180, 130, "Mengetahui,"),
        (1220, 170, "Nama"), (1220, 440, ": IR. BAMBANG WIJAYA"),
        (1255, 170, "Jabatan"), (1255, 440, ": Kepala Produksi"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["full_name"] == "AFRIZAL KOTO"
    assert got["resignation_date"] == "2025-06-18"


@pytest.mark.parametrize(("text", "name"), [
    ("Sdr. DRS. TUMPAL LUBIS, M.M.", "DRS. TUMPAL LUBIS, M.M."),
    ("This is to certify that Mr. DR. HADI SYAHPUTRA, S.H., employee number 2441165, has", "DR. HADI SYAHPUTRA, S.H."),
    ("menerangkan bahwa Sdr. BUDI SANTOSO, S.Kom, M.Kom. telah bekerja", "BUDI SANTOSO, S.KOM, M.KOM."),
    ("menerangkan bahwa Sdr. BUDI SANTOSO, NIK 3204110508900002, telah bekerja", "BUDI SANTOSO"),
    ("This is io certify that Mr. TUKIMAN. empioyee number 2545481, has been employed by PT", "TUKIMAN"),
])
def test_a_name_in_running_text_keeps_its_degrees(text: str, name: str) -> None:
    page = _page([
        (180, 130, "PT MITRA ABADI GARMINDO"),
        (430, 130, text),
        (600, 130, "Yang bersangkutan tidak lagi bekerja mulai tanggal 23/08/2025."),
        (1100, 700, "Cimahi, 26/08/2025"),
    ])
    assert extract([page])["full_name"].value == name


@pytest.mark.parametrize("sentence", [
    "resmi tidak bekerja lagi sejak 30 April 2026",
    "Saudara kami bebaskan dari tugas sejak 30 April 2026",
    "telah menyelesaikan masa kerjanya pada tanggal 30 April 2026",
    "He is no longer employed with us as of 30 April 2026.",
    "with effect from 30 April 2026 her employment is terminated",
    "Date of Leaving : 30/04/2026",
    "Exit Date: 30-04-2026",
    "Relieving date: 30 April 2026",
])
def test_more_ways_of_announcing_the_last_day(sentence: str) -> None:
    page = _page([
        (180, 130, "menerangkan bahwa Sdr. BUDI SANTOSO"),
        (430, 130, sentence),
        (1100, 700, "Bandung, 15 Mei 2026"),
    ])
    got = extract([page])
    assert got["resignation_date"].value == "2026-04-30"
    assert got["resignation_date"].confidence >= 0.8
    assert got["letter_date"].value == "2026-05-15"


def test_dates_written_in_words_and_month_first() -> None:
    text = "berakhir terhitung sejak tanggal enam Februari dua ribu dua puluh enam. Malang, empat belas Februari dua ribu dua puluh enam"
    assert [d.iso for d in find_dates(text)] == ["2026-02-06", "2026-02-14"]
    assert [d.iso for d in find_dates("from March 3, 2012 to December 31, 2024")] == ["2012-03-03", "2024-12-31"]
    assert [d.iso for d in find_dates("tiga puluh satu bulan Desember tahun dua ribu dua puluh empat")] == ["2024-12-31"]
    assert words_to_number("SERIBU SEMBILAN RATUS SEMBILAN PULUH".split()) == 1990
    assert words_to_number("DUA BELAS".split()) == 12
    assert words_to_number("PULUH".split()) is None
    assert words_to_number("ENAM BELAS DUA".split()) is None  # a unit after a teen starts another number


def test_two_dates_in_words_side_by_side() -> None:
    """Two form cells on one row ("Tanggal Mulai Bekerja | Tanggal Terakhir Bekerja"): the first
    date's year must not swallow the second date's day."""
    text = "tiga belas Juni dua ribu enam belas dua puluh Mei dua ribu dua puluh enam"
    assert [d.iso for d in find_dates(text)] == ["2016-06-13", "2026-05-20"]


@pytest.mark.parametrize(("text", "iso"), [("TASIKMALAYA, 06-10-:1972", "1972-10-06"), ("sejak 1/02 2021", "2021-02-01"),
                                           ("BANDUNG, 20:07-1993", "1993-07-20")])
def test_numeric_dates_with_a_stray_mark_or_a_lost_separator(text: str, iso: str) -> None:
    # (a time is never a date: "pukul 08:05 2026", "jam 10:30-2026")
    assert find_dates("pukul 08:05 2026") == find_dates("jam 10:30-2026") == []
    assert [d.iso for d in find_dates(text)] == [iso]


def test_organisation_and_addressee_words_are_never_a_name() -> None:
    assert not plausible_name("PIMPINAN PT GLOBAL ABADI TEKSTIL")
    assert not plausible_name("HRD CV MAJU JAYA")
    assert plausible_name("SITI NURHALIZA")


def test_end_date_that_starts_its_row_is_not_the_letters_own_date() -> None:
    # "sampai / dengan tanggal DATE." wrapped so the date follows two words at the row start: the
    # words are the sentence's, not a city, and the date is the last day of work.
    for tail in ("dengan tanggal 11 April 2026.", "dengan 11 April 2026.", "tanggal 11 April 2026."):
        head = "Yang bersangkutan telah bekerja sejak tanggal 26 April 2024 sampai" + (
            "" if tail.startswith("dengan") else " dengan")
        page = _page([
            (60, 400, "PT INTI JAYA NUSANTARA"),
            (560, 188, "Nama : BUDI"),
            (695, 150, head),
            (737, 150, tail),
            (892, 150, "Demikian surat keterangan ini dibuat untuk dapat dipergunakan sebagaimana mestinya."),
            (1247, 666, "Cilegon, 23 April 2026"),
        ])
        got = {k: v.value for k, v in extract([page]).items()}
        assert (got["resignation_date"], got["letter_date"]) == ("2026-04-11", "2026-04-23"), tail


def test_letter_date_under_a_tanggal_label_stays_the_letters_own() -> None:
    page = _page([
        (60, 400, "PT INTI JAYA NUSANTARA"),
        (120, 800, "Tanggal: 30 Mei 2026"),
        (560, 188, "Nama : BUDI"),
        (695, 150, "Terhitung sejak tanggal 15 Mei 2026 yang bersangkutan tidak lagi bekerja."),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert (got["resignation_date"], got["letter_date"]) == ("2026-05-15", "2026-05-30")


def test_name_in_capitals_inside_running_text_is_a_low_confidence_guess() -> None:
    page = _page([
        (60, 400, "PT PRIMA SEJAHTERA"),
        (200, 450, "CERTIFICATE OF EMPLOYMENT"),
        (400, 150, "This is to certify that the bearer, TUTI HANDAYANI of the Finance department, has"),
        (450, 150, "been employed by PT PRIMA SEJAHTERA as OPERATOR PRODUKSI from 10 April 2022"),
        (500, 150, "to 5 February 2026."),
        (1200, 700, "Grobogan, February 15, 2026"),
        (1400, 700, "BUDI SANTOSO"),
    ])
    got = extract([page])
    assert got["full_name"].value == "TUTI HANDAYANI"
    assert got["full_name"].confidence < 0.6  # confirms a typed name, never stands against it


def test_jobs_companies_and_the_signer_are_not_guessed_as_the_worker() -> None:
    page = _page([
        (60, 400, "PT PRIMA SEJAHTERA"),
        (200, 450, "SURAT KETERANGAN"),
        (400, 150, "Dengan ini kami sampaikan bahwa karyawan kami bekerja sebagai OPERATOR PRODUKSI di"),
        (450, 150, "PT PRIMA SEJAHTERA sampai dengan 5 Februari 2026."),
        (1200, 700, "Grobogan, 15 Februari 2026"),
        (1400, 700, "BUDI SANTOSO"),
    ])
    assert "full_name" not in extract([page])


def test_stray_dots_and_quotes_read_from_specks() -> None:
    # a photocopy: OCR reads a speck as a full stop inside the sentence and as a quote before the day
    page = _page([
        (60, 400, "PT SUMBER ABADI GARMINDO"),
        (560, 188, "Nama : YAYAT SUHENDAR"),
        (695, 150, "Adalah benar karyawan PT SUMBER ABADI GARMINDO sejak tanggal 25 Februari 2025 dan telah berhenti"),
        (737, 150, "bekerja terhitung. sejak tanggal 19 November 2025 karena mengundurkan diri."),
        (1247, 666, "Jakarta Pusat, '3 Desember 2025"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert (got["resignation_date"], got["letter_date"]) == ("2025-11-19", "2025-12-03")


def test_worker_data_under_a_row_of_column_labels() -> None:
    # a header row of labels with the worker's values in the row under it (a form or a table)
    page = _page([
        (60, 400, "PT INTI JAYA NUSANTARA"),
        (300, 150, "Dengan ini menerangkan bahwa karyawan berikut:"),
        (360, 150, "No"), (360, 260, "Nama Karyawan"), (360, 700, "Jabatan"), (360, 1000, "Tanggal Keluar"),
        (405, 150, "1"), (405, 260, "SITI AMINAH"), (405, 700, "STAF GUDANG"), (405, 1000, "11/04/2026"),
        (500, 150, "telah berhenti bekerja karena mengundurkan diri."),
        (1247, 666, "Cilegon, 23 April 2026"),
        (1400, 666, "BUDI SANTOSO"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["full_name"] == "SITI AMINAH"
    assert (got["resignation_date"], got["letter_date"]) == ("2026-04-11", "2026-04-23")


def test_dates_in_form_cells_take_their_own_label() -> None:
    # "Tanggal Mulai Bekerja | Efektif Berhenti" with the dates on the line below: each date is
    # announced by the label above it, not by the whole row of labels
    page = _page([
        (60, 400, "CV GLOBAL JAYA"),
        (345, 159, "Perusahaan menerangkan data karyawan berikut:"),
        (397, 179, "Nama Karyawan"), (397, 700, "NIK Karyawan"),
        (425, 178, "ERWIN KOTO"), (425, 700, "5790156"),
        (555, 179, "Tanggal Mulai Bekerja"), (555, 700, "Efektif Berhenti"),
        (584, 179, "7 Oktober 2017"), (584, 700, "18 Agustus 2025"),
        (655, 161, "Yang bersangkutan berhenti bekerja atas permintaan sendiri."),
        (1250, 657, "Dairi, 26 Agustus 2025"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["full_name"] == "ERWIN KOTO"
    assert (got["resignation_date"], got["letter_date"]) == ("2025-08-18", "2025-08-26")


def test_date_in_a_later_form_column_takes_its_own_label() -> None:
    # a chat-compressed form: the left cell's label was lost and the right one misread; the
    # right date is still announced by the label over its own column (not read as running
    # text after the left date)
    page = _page([
        (60, 400, "PT GLOBAL MAKMUR"),
        (345, 159, "Perusahaan menerangkan data karyawan berikut:"),
        (397, 179, "Nama Lengkap"), (397, 700, "NIK Karyawan"),
        (425, 178, "HERU PURNOMO"), (425, 700, "2755345"),
        (555, 700, "Tanggal Teraster Bekeja"),
        (584, 179, "15 Oktober 2013"), (584, 700, "13 Agustus 2026"),
        (655, 161, "Hubungan kerja berakhir karena yang bersangkutan mengundurkan diri."),
        (1250, 657, "Purworejo, 24 Agustus 2026"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert (got["resignation_date"], got["letter_date"]) == ("2026-08-13", "2026-08-24")


@pytest.mark.parametrize(("label", "confidence", "want"), [
    ("Nama Kseme", 0.56, "HERU PURNOMO"),  # "Nama Lengkap" misread: the name is under it
    ("Nama : Heru", 0.56, "Heru"),  # a colon: the value is the label's own
    ("Nama Heru", 0.97, "Heru"),  # read confidently: a one-word name beside its label
])
def test_poorly_read_word_glued_to_a_stacked_label(label: str, confidence: float, want: str) -> None:
    page = _page([
        (60, 400, "PT GLOBAL MAKMUR"),
        (345, 159, "Perusahaan menerangkan data karyawan berikut:"),
        (397, 179, label), (397, 700, "NeK Xaryanan"),
        (425, 178, "HERU PURNOMO"), (425, 700, "2755345"),
        (655, 161, "Hubungan kerja berakhir karena yang bersangkutan mengundurkan diri."),
        (1250, 657, "Purworejo, 24 Agustus 2026"),
    ], conf={label: confidence})
    assert extract([page])["full_name"].value == want


def test_block_cues_misread_by_one_letter_still_separate_signer_and_worker() -> None:
    # chat-compressed: "bortanda tangan", "Jabaten", "menorangkan bahwa"
    page = _page([
        (35, 149, "PT BINTANG SENTOSA PANGAN"),
        (199, 92, "Yang bortanda tangan di bawah ini:"),
        (227, 115, "Nama"), (227, 231, ": RIZKI WIJAYA"),
        (245, 113, "Jabaten"), (245, 231, "HRD MANAGER"),
        (277, 90, "menorangkan bahwa:"),
        (306, 114, "Nama"), (306, 230, ": MOCHAMAD DEDI RAMADHAN SUGIHARTO"),
        (327, 113, "Jabatan"), (327, 230, ": QUALITY CONTROL"),
        (376, 91, "Yang bersangkutan telah bekerja sejak 26 Desember 2022 sampai dengan 15 Desember 2025."),
        (714, 401, "Cilegon, 29 Desember 2025"),
        (838, 401, "RIZKI WIJAYA"),
    ])
    assert extract([page])["full_name"].value == "MOCHAMAD DEDI RAMADHAN SUGIHARTO"


def test_cue_words_misread_by_one_letter_still_announce_dates() -> None:
    # a chat-compressed decree: "serhitung sejak canggal", "Oitetapkan ... ianggal"
    page = _page([
        (60, 400, "PT SINAR MANDIRI"),
        (212, 50, "Menimbang : bahwa berdasarkan Berita Acara Perundingan Bipartit tanggal 16/07/2026"),
        (398, 161, "Nama : FEBRIANDI SIKUMBANG"),
        (483, 51, "KEDUA Pemutusan hubungan kerja sebagaimana dimaksud pada diktum PERTAMA berlaku serhitung"),
        (504, 163, "sejak canggal 31/08/2026."),
        (582, 332, "Oitetapkan di : Bandung"),
        (604, 333, "Pada ianggal : 02/09/2026"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert (got["resignation_date"], got["letter_date"]) == ("2026-08-31", "2026-09-02")


def test_label_cells_read_as_one_line_and_a_city_glued_to_the_date() -> None:
    # a photocopied form: the two labels of a row come back as one OCR line, the values too; the
    # place-and-date line lost its comma, and the body's last full stop is gone
    lines = [
        (60, 400, "PT INTI JAYA NUSANTARA"),
        (294, 103, "Dengan ini menerangkan bahwa:"),
        (350, 115, "Nama           Nomor Induk Karyawan"),
        (377, 119, "ANI KURNIASIH  3001447"),
        (519, 118, ":Tanggal Masuk      Efektif Berhenti"),
        (548, 119, "14-11-2010          01-03-2026"),
        (624, 101, "Hubungan kerja berakhir karena yang bersangkutan mengundurkan diri"),
        (681, 100, "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya:"),
        (1205, 545, "Padang Pariaman31-05-2026"),
    ]
    got = {k: v.value for k, v in extract([_page(lines)]).items()}
    assert got["full_name"] == "ANI KURNIASIH"
    assert (got["resignation_date"], got["letter_date"]) == ("2026-03-01", "2026-05-31")


def test_a_full_stop_read_between_two_words_does_not_split_the_cue() -> None:
    page = _page([
        (61, 599, "Agam,24-07-2026"),
        (386, 47, "Saya yang bertandatangan di bawah ini:"),
        (441, 81, "Nama: SRI DIAN ANGGRAINI PUSPITA"),
        (578, 44, "Dengan ini mengajukan pengunduran diri dari PT PRIMA JAYAterhitung.mulai tanggal"),
        (618, 46, "05-05-2026. Saya mengucapkan terima kasih atas kesempatan bekerja sejak 28-05-2023."),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert (got["resignation_date"], got["letter_date"]) == ("2026-05-05", "2026-07-24")


@pytest.mark.parametrize(("start", "end"), [("Sejak", "Hingga"), ("Tgl Mulai", "Tgl Akhir"), ("Dari", "Sampai")])
def test_column_header_announces_every_date_of_its_column(start: str, end: str) -> None:
    # a table of positions held: the last day is the end of the last row, several rows under
    # its column header; the header row ends in a word that would announce a date in running text
    page = _page([
        (60, 400, "PT SINAR ABADI"),
        (330, 150, "Yang bertanda tangan di bawah ini menerangkan bahwa :"),
        (380, 190, "Nama Karyawan"), (380, 500, ": DIMAS GUNAWAN"),
        (465, 150, "pernah bekerja pada perusahaan kami dengan rincian :"),
        (520, 150, "No"), (520, 190, "Jabatan"), (520, 420, "Unit"), (520, 620, start), (520, 820, end),
        (560, 150, "1"), (560, 190, "Quality Control"), (560, 420, "Logistik"), (560, 620, "26-07-2023"),
        (560, 820, "27-11-2023"),
        (600, 150, "2"), (600, 190, "Operator"), (600, 420, "Keuangan"), (600, 620, "28-11-2023"),
        (600, 820, "03-01-2024"),
        (640, 150, "3"), (640, 190, "KASIR"), (640, 420, "Produksi"), (640, 620, "04-01-2024"),
        (640, 820, "10-02-2026"),
        (720, 150, "Selama bekerja yang bersangkutan menunjukkan loyalitas yang baik."),
        (1250, 657, "Samosir, 23 Februari 2026"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert (got["resignation_date"], got["letter_date"]) == ("2026-02-10", "2026-02-23")


@pytest.mark.parametrize("joint", ["-", ":.", " - ", "~", " s/d "])
def test_a_period_in_one_cell_under_its_header_ends_on_its_later_date(joint: str) -> None:
    # "Periode" over "D1-D2" cells: two dates glued by a dash (once taken for a reference
    # number's slashes) or by a dash the OCR read as ":." still make a period
    page = _page([
        (60, 400, "PT KARYA LESTARI"),
        (330, 150, "Yang bertanda tangan di bawah ini menerangkan bahwa :"),
        (380, 190, "Nama: SUKINAH"),
        (465, 150, "pernah bekerja pada perusahaan kami dengan rincian:"),
        (520, 150, "No"), (520, 190, "Jabatan"), (520, 420, "Departemen"), (520, 620, "Periode"),
        (560, 150, "1"), (560, 190, "Sales"), (560, 420, "Umum"), (560, 620, "09/05/2016-05/08/2024"),
        (600, 150, "2"), (600, 190, "SUPERVISOR PRODUKSI"), (600, 420, "Logistik"),
        (600, 620, f"06/08/2024{joint}03/11/2025"),
        (680, 150, "Hubungan kerja berakhir karena kontrak kerja tidak diperpanjang."),
        (1250, 657, "Labuhanbatu Utara, 05/11/2025"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert (got["resignation_date"], got["letter_date"]) == ("2025-11-03", "2025-11-05")


def test_a_labelled_row_keeps_its_own_label_under_another_labelled_date() -> None:
    # "Label : DATE" rows stacked: each date is announced by its own row, not by the column above
    page = _page([
        (60, 400, "PT SINAR ABADI"),
        (330, 150, "Dengan ini menerangkan bahwa :"),
        (380, 190, "Nama"), (380, 500, ": RINA LESTARI"),
        (420, 190, "Jabatan"), (420, 500, ": Staf"),
        (460, 190, "Tanggal Keluar"), (460, 500, ": 31-08-2026"),
        (500, 190, "Tanggal Masuk"), (500, 500, ": 02-01-2015"),
        (1250, 657, "Bogor, 5 September 2026"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["resignation_date"] == "2026-08-31"


def test_name_alone_on_the_line_after_the_worker_cue() -> None:
    # a certificate: the worker's name centred on its own line, the other data in bilingual rows;
    # the capitals of the Jabatan value are never taken for the name
    page = _page([
        (60, 400, "PT KARYA PERKASA"),
        (358, 158, "Yang bertanda tangan di bawah ini menerangkan bahwa / This is to certify that:"),
        (418, 439, "I GEDE TEGUH HAKIM GUNAWAN"),
        (465, 169, "Jabatan / Position: QUALITY CONTROL"),
        (533, 169, "Tanggal Keluar / Last Working Day: 12 September 2025"),
        (567, 169, "Tanggal Bergabung / Date Joined: 27 Oktober 2024"),
        (618, 158, "Yang bersangkutan telah mengundurkan diri atas permintaan sendiri."),
        (1248, 659, "Nias, 26 September 2025"),
        (1466, 659, "RINA FITRIANI"),
    ])
    got = extract([page])
    assert got["full_name"].value == "I GEDE TEGUH HAKIM GUNAWAN"
    assert (got["resignation_date"].value, got["letter_date"].value) == ("2025-09-12", "2025-09-26")


@pytest.mark.parametrize(("printed", "name"), [("SUKINAH", "SUKINAH"), ("MARULILUBIS", "MARULILUBIS")])
def test_one_word_in_capitals_alone_after_the_worker_cue(printed: str, name: str) -> None:
    # a one-word name, or two words the OCR glued (the checks respace them with the typed name)
    page = _page([
        (60, 400, "PT KARYA PERKASA PANGAN"),
        (302, 98, "Dengan ini kami menerangkan bahwa / We hereby certify that"),
        (360, 423, printed),
        (413, 104, "Jabatan / Position"), (410, 439, "STAF KEUANGAN"),
        (516, 103, "Tanggal Keluar / End Date"), (513, 428, ": 19/01/2025"),
        (1248, 659, "Nias, 22 Januari 2025"),
    ])
    assert extract([page])["full_name"].value == name


def test_a_misread_translation_of_the_label_is_not_the_name() -> None:
    page = _page([
        (60, 400, "PT SUMBER GEMILANG"),
        (295, 90, "Yang bertanda tangan di bawah ini menerangkan bahwa / This is to certify that:"),
        (348, 98, "Nama / Ful Name"), (348, 405, "SOEMIATI HADISOEBROTO"),
        (383, 96, "Jabatan/Position"), (383, 412, "OPERATOR PRODUKSI"),
        (1248, 659, "Samosir, 30 September 2025"),
    ])
    assert extract([page])["full_name"].value == "SOEMIATI HADISOEBROTO"


def test_a_worker_cue_cut_by_the_line_break_still_opens_the_workers_block() -> None:
    # "... menerangkan dengan" / "sesungguhnya bahwa :" after "Yang bertanda tangan": the rows
    # after it are the worker's, not the signer's
    page = _page([
        (82, 190, "PT MITRA JAYA PANGAN"),
        (309, 611, "SURAT KETERANGAN"),
        (442, 188, "Yang bertanda tangan di bawah ini HRD MANAGER PT MITRA JAYA PANGAN menerangkan dengan"),
        (495, 190, "sesungguhnya bahwa :"),
        (568, 242, "a. Nama"), (566, 437, ": SUGENG"),
        (667, 242, "c. NIK"), (665, 437, ":3301012107830027"),
        (714, 242, "d. Jabatan: DRIVER"),
        (766, 244, "e. Masa Kerja : 29 Desember 2018 hingga 12 April 2026"),
        (1667, 901, "Cilacap, 26 April 2026"),
        (1964, 899, "AGUS SETIAWAN, S.H."),
        (2021, 897, "HRD MANAGER"),
    ])
    got = extract([page])
    assert got["full_name"].value == "SUGENG"
    assert got["resignation_date"].value == "2026-04-12"


def test_a_name_wrapped_at_the_line_end_onto_a_row_that_starts_further_left() -> None:
    # "... bahwa Sdr. NURUL" / "HIDAYAH NURHAYATI. NIK ...": the next row starts left of this
    # one (the two rows are read in reading order, not by x); "siotpai dengan" is "sampai dengan"
    page = _page([
        (30, 170, "CV KARYA SENTOSA TEKSTIL"),
        (139, 231, "SURAT KETERANGAN"),
        (202, 97, "Yang bertanda tangan di bawah ini, SOEKARNO PRAWIROSOEDIRJO, S.SOS, selaku"),
        (236, 72, "DIREKTUR CV KARYA SENTOSA TEKSTIL dengan ini menerangkan bahwa Sdr. NURUL"),
        (270, 70, "HIDAYAH NURHAYATI. NIK 1272025101730011, telah bekerja di CV KARYA SENTOSA"),
        (304, 73, "TEKSTIL, sebagai STAF ADMINISTRASI sejak 22 05/2020 siotpai dengan 13/09/2026"),
        (338, 71, "Hubungan kerja berakhir karena yang bersangkutan mengundurkan diri."),
        (1216, 639, "Pematangsiantar, 17/10/2026"),
        (1344, 638, "SOEKARNO PRAWIROSOEDIRJO, S.SOS"),
        (1371, 637, "DIREKTUR"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["full_name"] == "NURUL HIDAYAH NURHAYATI"
    assert (got["resignation_date"], got["letter_date"]) == ("2026-09-13", "2026-10-17")


def test_the_label_of_a_number_after_a_name_in_capitals_is_not_part_of_it() -> None:
    # the honorific misread ("Sr.'IR,'BONAR"): the name in capitals is a guess, without "NIK"
    page = _page([
        (3, 383, "PT MEGA ABADI"),
        (184, 373, "SURAT KETERANGAN"),
        (300, 150, "Yang bertanda tangan di bawah ini, DESMAWATI PUTRA, ST., selaku KEPALA BAGIAN SDM PT"),
        (336, 107, "MEGA ABADI, dengan ini menerangkan bahwa Sr.'IR,'BONAR TAMBUNAN, NIK"),
        (364, 105, "3574023007750264, telah bekerja di PT MEGA ABADI sebagai STAF ADMINISTRASI sejak 28 Juni"),
        (401, 107, "2025 sampai dengan 26 Februari 2026"),
        (1193, 560, "Probolinggo, 17 Maret 2026"),
        (1411, 563, "DESMAWATI PUTRA, S.T."),
    ])
    assert extract([page])["full_name"].value.endswith("BONAR TAMBUNAN")


def test_capitals_after_a_label_are_never_guessed_as_the_worker() -> None:
    page = _page([
        (60, 400, "PT KARYA PERKASA"),
        (358, 158, "Dengan ini kami menerangkan data karyawan berikut"),
        (420, 158, "yang telah bekerja pada perusahaan kami."),
        (465, 169, "Jabatan / Position: QUALITY CONTROL"),
        (1248, 659, "Nias, 26 September 2025"),
    ])
    assert "full_name" not in extract([page])


@pytest.mark.parametrize("end", [
    "Saudara efektif berhenti bekerja mulai tanggal 04-04-2025.",
    "Saudara tidak lagi bekerja di perusahaan mulai tanggal 04-04-2025.",
    "hari kerja terakhir Saudara adalah tanggal 04-04-2025.",
    "Saudara berhenti bekerja sejak tanggal 04-04-2025.",
])
def test_cited_documents_and_a_later_payment_date_are_not_the_last_day(end: str) -> None:
    # a disciplinary PHK letter: its number holds "PHK", it cites a warning letter and the
    # hearing's minutes with their own dates, and promises the severance by a later date
    text = ("Menunjuk Surat Peringatan Ketiga (SP III) Nomor 51/SP/HRD tanggal 16-03-2025 dan Berita Acara "
            "Pemeriksaan tertanggal 18-03-2025, dengan ini manajemen PT PRIMA SENTOSA memutuskan hubungan kerja "
            f"dengan Saudara. {end}")
    words = text.split()
    rows = [(60, 400, "PT PRIMA SENTOSA"), (200, 420, "Nomor : 138/PHK/PERS/V/2025"), (260, 140, "Kepada Yth."),
            (300, 140, "Sdr. SUGENG RIYADI")]
    y = 380
    for i in range(0, len(words), 9):  # wrapped at nine words a row
        rows.append((y, 140, " ".join(words[i:i + 9])))
        y += 40
    rows += [(y + 40, 140, "Hak-hak Saudara akan dibayarkan paling lambat tanggal 27-04-2025 melalui rekening payroll."),
             (1250, 657, "Salatiga, 07-04-2025")]
    got = {k: v.value for k, v in extract([_page(rows)]).items()}
    assert (got["resignation_date"], got["letter_date"]) == ("2025-04-04", "2025-04-07")


def test_form_without_block_cues_names_its_one_person() -> None:
    # a notice form: no "menerangkan" nor "Sdr." cue, the worker's data as labels over values
    # (bilingual), the HR signature box below the closing date
    page = _page([
        (60, 400, "PT MITRA USAHA"),
        (200, 400, "PEMBERITAHUAN / NOTICE"),
        (300, 140, "Nama Karyawan / Employee Name"), (300, 700, "No. Karyawan / Employee ID"),
        (335, 140, "SITI RAHAYU"), (335, 700, "2266801"),
        (420, 140, "Jabatan / Position"), (420, 700, "Tanggal Keluar / Last Day"),
        (455, 140, "STAF ADMIN"), (455, 700, "15-05-2026"),
        (1200, 657, "Bekasi, 20-05-2026"),
        (1400, 657, "ANDI WIJAYA"),
        (1440, 657, "HR Manager"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert got["full_name"] == "SITI RAHAYU"
    assert (got["resignation_date"], got["letter_date"]) == ("2026-05-15", "2026-05-20")


def test_english_period_end_when_its_start_was_not_read() -> None:
    # "from 10) June 2021 to September / 26,2025": the start date is garbled, the end wraps
    page = _page([
        (60, 400, "PT SUMBER SEJAHTERA"),
        (300, 100, "This is to certify that Mr. YUDI GUNAWAN, employee number 2100588, has been"),
        (340, 100, "employed by PT SUMBER SEJAHTERA as SUPERVISOR from 10) June 2021 to September"),
        (380, 100, "26,2025"),
        (420, 100, "During the employment the employee showed good performance."),
        (1200, 600, "Kediri, October 10, 2025"),
    ])
    got = {k: v.value for k, v in extract([page]).items()}
    assert (got["resignation_date"], got["letter_date"]) == ("2025-09-26", "2025-10-10")


def test_stacked_name_found_when_the_worker_cue_and_label_are_misread() -> None:
    # a photocopy: the cue lost a letter shape ("meneranigkan"), a speck before the label
    page = _page([
        (60, 400, "PT SUMBER GEMILANG"),
        (283, 64, "Dengan ini meneranigkan bahwa:"),
        (332, 82, "'Nama Lengkap"), (332, 512, "No Karyawan"),
        (360, 86, "PARLINDUNGAN LUBIS"), (360, 511, "387593"),
        (409, 85, "Jabatan"), (409, 511, "Departemen"),
        (434, 83, "DRIVER"), (434, 512, "PRODUKSI"),
        (1185, 583, "Pemalang, 23/09/2025"),
    ])
    assert extract([page])["full_name"].value == "PARLINDUNGAN LUBIS"


def test_value_under_a_label_and_its_translation_stacked() -> None:
    # a bilingual form: the English label printed on the line under the Indonesian one, the
    # value under both
    page = _page([
        (60, 400, "PT MITRA USAHA"),
        (200, 140, "Dengan ini menerangkan bahwa:"),
        (300, 140, "Nama Karyawan"), (300, 700, "Jabatan"),
        (330, 140, "Employee Name"), (330, 700, "Position"),
        (365, 140, "SITI RAHAYU"), (365, 700, "STAF ADMIN"),
        (1200, 657, "Bekasi, 20-05-2026"),
    ])
    assert extract([page])["full_name"].value == "SITI RAHAYU"


def test_a_company_name_wrapped_after_its_legal_form_is_never_guessed_as_the_worker() -> None:
    page = _page([
        (60, 180, "PT KARYA MAKMUR PANGAN"),
        (120, 215, "TO WHOM IT MAY CONCERN"),
        (205, 89, "This is to certify that our employee with number 2545481, has been employed by PT"),
        (228, 67, "KARYA MAKMUR PANGAN as STAF GUDANG from 22 May 2025 to 26 May 2026."),
        (740, 358, "Surakarta May 28, 2026"),
    ])
    got = extract([page])
    assert "full_name" not in got
    assert got["resignation_date"].value == "2026-05-26"


@pytest.mark.parametrize(("sentence", "iso"), [
    ("Hubungan kerja berakhir terhitung sejak tanggal  Des 2025. Hak-hak karyawan", "2025-12-31"),
    ("telah bekerja sejak Maret 2019 sampai Juni 2026 sebagai staf", "2026-06-30"),
])
def test_a_last_day_known_only_to_its_month_is_the_months_end_never_sure(sentence: str, iso: str) -> None:
    # the day was lost to the OCR or never printed: the month's last day, below the confidence
    # that refuses a waiting period (never the letter's own date taken as the last day)
    page = _page([(180, 130, "Kepada Yth. Sdr. BUDI SANTOSO"), (430, 130, sentence), (1100, 700, "Boyolali, 12 Des 2026")])
    got = extract([page])
    assert got["resignation_date"].value == iso
    assert got["resignation_date"].confidence < 0.8
    assert got["letter_date"].value == "2026-12-12"
