"""Tests for ocr.text: folding, digit repair, dates, labels and geometry helpers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocr.text import (
    LabelSet,
    clean_name,
    clean_text,
    compact,
    compile_label_sets,
    continuation,
    digit_field,
    digits_from_ocr,
    find_dates,
    full_year,
    group_rows,
    month_number,
    parse_date,
    repair_digits,
    value_right_of,
)
from tests.ocr.extract import make_page


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("NIK\uff1a3204", "NIK:3204"),
        ("\uff2e\uff29\uff2b", "NIK"),
        ("RT\uff0fRW", "RT/RW"),
        ("  a   b  ", "a b"),
        ("Jos\u00e9 \u2013 x", "Jose - x"),
    ],
)
def test_clean_text(raw: str, want: str) -> None:
    assert clean_text(raw) == want


def test_compact() -> None:
    assert compact("Tempat/Tgl. Lahir :") == "TEMPATTGLLAHIR"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("32O4 11O5 O89O", "3204 1105 0890"),
        ("NIK:32O4110508900002", "NIK:3204110508900002"),
        ("SANTOSO 1990", "SANTOSO 1990"),
        ("BANDUNG, O5-O8-199O", "BANDUNG, 05-08-1990"),
        ("32I4B5S0Z0G0T00002", "321485502060700002"),
        ("l2345|789", "123451789"),
        ("BUDI", "BUDI"),
        ("SOLO", "SOLO"),
        ("OO1", "OO1"),  # not mostly digits: left alone unless forced
    ],
)
def test_digits_from_ocr(raw: str, want: str) -> None:
    assert digits_from_ocr(raw) == want


@given(st.text(alphabet="0123456789 -./", max_size=40))
def test_digits_from_ocr_identity_on_digit_strings(s: str) -> None:
    assert digits_from_ocr(s) == s


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_digit_field_identity_on_digits(s: str) -> None:
    assert digit_field(s) == (s, 0)


@pytest.mark.parametrize(
    ("raw", "want", "n"),
    [
        ("0123-01-O12345-50-9", "012301012345509", 1),
        ("OO1", "001", 2),
        (": 3204 1105 O890 OOO2", "3204110508900002", 4),
        ("No. 3204112003150007", "3204112003150007", 0),
        ("no digits here", "", 0),
        ("6159-0536-5136:2145", "6159053651362145", 0),  # a printed dash read as a colon
    ],
)
def test_digit_field(raw: str, want: str, n: int) -> None:
    assert digit_field(raw) == (want, n)


def test_repair_digits_counts() -> None:
    assert repair_digits("12O4") == ("1204", 1)
    assert repair_digits("OO1", force=True) == ("001", 2)


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("15 Oktober 2026", "2026-10-15"),
        ("15Oktober2026", "2026-10-15"),
        ("1 AGT 2020", "2020-08-01"),
        ("1 Agu 2020", "2020-08-01"),
        ("7 Ags. 2020", "2020-08-07"),
        ("3 Des. 2021", "2021-12-03"),
        ("12 Mei2019", "2019-05-12"),
        ("20 0ktober 2026", "2026-10-20"),
        ("9 Nopember 2001", "2001-11-09"),
        ("9 Pebruari 2001", "2001-02-09"),
        ("4 July 2022", "2022-07-04"),
        ("05-08-1990", "1990-08-05"),
        ("05.08.1990", "1990-08-05"),
        ("05/08/1990", "1990-08-05"),
        ("O5-O8-199O", "1990-08-05"),
        ("BANDUNG,05-08-1990", "1990-08-05"),
        ("2026-10-31", "2026-10-31"),
        ("2026/10/31", "2026-10-31"),
        ("21st November 2026", "2026-11-21"),
        ("tanggal 21 bulan November tahun 2026", "2026-11-21"),
        ("tanggal 21 bulan 11 tahun 2026", "2026-11-21"),
        ("31 Mrt 2025", "2025-03-31"),
        ("17 Agst 2025", "2025-08-17"),
        ("31/Mar/2025", "2025-03-31"),
        ("31 Maret, 2025", "2025-03-31"),
        ("31st of March 2025", "2025-03-31"),
        ("Mar 31st, 2025", "2025-03-31"),
        ("No. 12/HRD/III/2025", None),
        ("masa kerja 3 tahun 2 bulan", None),
        ("31/10/26", None),  # two-digit years only where asked for (letters)
        ("31-02-2020", None),
        ("5 TAHUN 2020", None),
        # sixteenth pass: a day's zero read as a G, a day's one as a letter, a year's zero as a C
        ("Terhitung tanggal G5.03.2026,", "2026-03-05"),
        ("Medan. 2i Apr 2026", "2026-04-21"),
        ("Date: 21st April 2C26", "2026-04-21"),
        ("BAB II Mei 2026", None),
        ("Nomor 1C2/2026", None),
        ("tanggal 5 (lima) Januari 2026", "2026-01-05"),  # a legal letter's number spelled out after it
        ("tanggal 05 (lima) bulan Januari tahun 2026 (dua ribu dua puluh enam)", "2026-01-05"),
        ("tidak ada tanggal", None),
    ],
)
def test_parse_date(raw: str, want: str | None) -> None:
    assert parse_date(raw) == want


@pytest.mark.parametrize(
    ("word", "n"),
    [("JANUARI", 1), ("februari", 2), ("MARET", 3), ("APR", 4), ("MEI", 5), ("JUN", 6), ("JUL", 7),
     ("AGU", 8), ("AGT", 8), ("AGS", 8), ("SEP", 9), ("OKT", 10), ("NOV", 11), ("DES", 12),
     ("OKTOBR", 10), ("DESEMBFR", 12), ("HELLO", None)],
)
def test_month_number(word: str, n: int | None) -> None:
    assert month_number(word) == n


def test_find_dates_offsets() -> None:
    s = "bekerja sejak 1 Maret 2019 sampai 15 Oktober 2026"
    ds = find_dates(s)
    assert [d.iso for d in ds] == ["2019-03-01", "2026-10-15"]
    assert s[ds[1].start:ds[1].end] == "15 Oktober 2026"


@pytest.mark.parametrize(
    ("raw", "want", "short"),
    [("31/10/26", "2026-10-31", True), ("31-Okt-26", "2026-10-31", True), ("05.08.90", "1990-08-05", True),
     ("3 MEI 90", "1990-05-03", True), ("5 Feb '26", "2026-02-05", True), ("31/10/2026", "2026-10-31", False), ("RT 001/002", None, False),
     ("12.05.20.1001", None, False), ("Rp 5.523.000", None, False), ("0812-3456-7890", None, False)],
)
def test_two_digit_years_when_asked(raw: str, want: str | None, short: bool) -> None:
    ds = find_dates(raw, short_years=True)
    assert (ds[0].iso if ds else None) == want
    assert any(d.short_year for d in ds) == short


def test_full_year_never_later_than_this_year() -> None:
    assert full_year(26, date(2026, 11, 29)) == 2026
    assert full_year(27, date(2026, 11, 29)) == 1927
    assert full_year(90, date(2026, 11, 29)) == 1990


LABELS = LabelSet({"nik": ["NIK"], "birth": ["Tempat/Tgl Lahir"], "prov": ["PROVINSI"], "name": ["Nama"],
                   "gender": ["Jenis Kelamin"], "blood": ["Gol. Darah"]})


@pytest.mark.parametrize(
    ("text", "key", "value_start"),
    [
        ("NIK:3204", "nik", 4),
        ("NIK : 3204", "nik", 6),
        ("NlK 3204", "nik", 4),
        ("TempatTglLahir:BANDUNG", "birth", 15),
        ("Tempat/Tgl.Lahir BANDUNG", "birth", 17),
        ("PROVINSIJAWABARAT", "prov", 8),
        ("NAMABUDI", "name", 4),
        ("Tempat/Tgl Lahlr : X", "birth", 19),
        ("Jenis Keiamin : LAKI-LAKI", "gender", 16),
        ("'Nama BUDI", "name", 6),  # a speck read as a quote before the label
        ("Narna : BUDI", "name", 8),  # the m read as rn
    ],
)
def test_label_match_start(text: str, key: str, value_start: int) -> None:
    hit = LABELS.match_start(text)
    assert hit is not None and hit.key == key and hit.value_start == value_start


@pytest.mark.parametrize("text", ["Namaku", "BANDUNG", "12345"])
def test_label_no_match(text: str) -> None:
    assert LABELS.match_start(text) is None


WORKER = LabelSet({"name": ["Nama Karyawan", "Nama Lengkap", "Nama Nasabah", "Nama", "Name"], "other": ["Jabatan"]})


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Name Keryawan SRIWAII SIMATUPANG", "SRIWAII SIMATUPANG"),  # the longer label misread
        ("NAMA KARYAWEN BUDI SANTOSO", "BUDI SANTOSO"),
        ("Nama Lengkep : BUDI", "BUDI"),
        ("Nama Karyawan : BUDI", "BUDI"),
        ("Nama : Karyati Susanti", "Karyati Susanti"),  # a colon ends the label
        ("Nama KARYATI SUSANTI", "KARYATI SUSANTI"),  # a value in capitals after a title-case label
        ("Nama Keryati Susanti", "Keryati Susanti"),  # too far from any longer label
        ("Nama NasahaMONALISA HARAHAP", "NasahaMONALISA HARAHAP"),  # a tail glued to the value: clean_name's
    ],
)
def test_a_longer_label_misread_is_not_left_in_the_value(text: str, value: str) -> None:
    hit = WORKER.match_start(text)
    assert hit is not None and hit.key == "name"
    assert text[hit.value_start:] == value


def test_group_rows_by_overlap() -> None:
    page = make_page([[(20, "NIK"), (250, ": 3204")], [(20, "Nama"), (250, ": BUDI")]])
    rows = group_rows(list(reversed(page.lines)))
    assert [r.text for r in rows] == ["NIK : 3204", "Nama : BUDI"]


def test_value_right_of_cuts_at_next_label_and_gap() -> None:
    page = make_page([
        [(20, "Jenis Kelamin"), (250, ":LAKI-LAKI"), (470, "Gol. Darah : O")],
        [(20, "Nama"), (250, ": BUDI"), (800, "BANDUNG")],
    ])
    hits = value_right_of(group_rows(page.lines), LABELS)
    assert hits["gender"].value == "LAKI-LAKI"
    assert hits["blood"].value == "O"
    assert hits["name"].value == "BUDI"
    assert len(hits["name"].lines) == 1


ACCOUNT = LabelSet({"holder": ["Nama"], "number": ["Nomor Rekening", "Nomor Rek"], "other": ["Alamat"]})


@pytest.mark.parametrize("text", ["Nomor Rekeni7421710819", "Nomor Rekenin : 7421710819", "Nomor Rekeninq 7421710819",
                                  "Nomor Rekenin97421710819"])
def test_a_misread_label_glued_to_its_number_keeps_the_number_whole(text: str) -> None:
    hit = ACCOUNT.match_start(text)
    assert hit is not None and hit.key == "number" and not hit.exact
    assert text[hit.value_start:].strip(" :") == "7421710819"  # "Rekenin9": that 9 is the label's g


def test_a_misread_label_may_start_a_later_column() -> None:
    # a second key/value block beside the first, its label misread and glued to the value
    page = make_page([[(20, "Nama"), (150, ": AHMAD ARIF"), (550, "Nomor Rekeni7421710819")]])
    hits = value_right_of(group_rows(page.lines), ACCOUNT)
    assert hits["holder"].value == "AHMAD ARIF"
    assert hits["number"].value == "7421710819"


def test_a_fuzzy_label_never_ends_inside_a_word() -> None:
    # every near label ends mid-word: none is taken
    assert ACCOUNT.match_start("Nomor Rekeningan 12") is None


def test_continuation_wrapped_name() -> None:
    page = make_page([
        [(20, "Nama"), (250, ": MUHAMMAD RIZKY PRATAMA")],
        [(270, "WIJAYA KUSUMA")],
        [(20, "Tempat/Tgl Lahir"), (250, ": BANDUNG, 05-08-1990")],
    ], row_gap=30)
    rows = group_rows(page.lines)
    hit = continuation(rows, value_right_of(rows, LABELS)["name"], LABELS)
    assert hit.value == "MUHAMMAD RIZKY PRATAMA WIJAYA KUSUMA"
    assert len(hit.lines) == 2


def test_continuation_stops_at_label_row() -> None:
    page = make_page([[(20, "Nama"), (250, ": BUDI")], [(20, "Tempat/Tgl Lahir"), (250, ": X")]], row_gap=30)
    rows = group_rows(page.lines)
    assert continuation(rows, value_right_of(rows, LABELS)["name"], LABELS).value == "BUDI"


def test_clean_name() -> None:
    assert clean_name(": Budi  Santoso, S.E. |") == "Budi Santoso, S.E."
    # a stray dot after a whole word goes; abbreviations and titles keep theirs
    assert clean_name("ANDI. SAPUTRA") == "ANDI SAPUTRA"
    assert clean_name("NasabalSLAMET SETIAWAN") == "SLAMET SETIAWAN"  # a label's tail glued on
    assert clean_name("Dedi Nugroho") == "Dedi Nugroho"
    assert clean_name("PROF. DR. IR. BUDI") == "PROF. DR. IR. BUDI"
    assert clean_name("MOCH. ALI M. YUSUF") == "MOCH. ALI M. YUSUF"
    # a speck read as a full stop after the last word goes; a degree's dot stays
    assert clean_name("ABDUL HAKIM.") == "ABDUL HAKIM"
    assert clean_name("SITI AMINAH, S.Farm.") == "SITI AMINAH, S.Farm."
    assert clean_name("BUDI S.SOS.") == "BUDI S.SOS."
    # a dot read twice, the comma before a degree read as a full stop, a colon read as "0."
    assert clean_name("DRS..ROBERT SIREGAR") == "DRS. ROBERT SIREGAR"
    assert clean_name("H. SUKARDI. M.M.") == "H. SUKARDI, M.M."
    assert clean_name("BUDI SANTOSO. S.KOM") == "BUDI SANTOSO, S.KOM"
    assert clean_name("0. PARLINDUNGAN HARAHAP") == "PARLINDUNGAN HARAHAP"
    assert clean_name("DR: DEDI PRATAMA; A.MD") == "DR. DEDI PRATAMA, A.MD"
    assert clean_name("NAMA:DEWI LESTARI") == "NAMA DEWI LESTARI"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Nama / Name : BUDI SANTOSO", "BUDI SANTOSO"),
        ("Nama/Full Name: BUDI SANTOSO", "BUDI SANTOSO"),
        ("Nama Karyawan - Employee Name   BUDI SANTOSO", "BUDI SANTOSO"),
        ("Nama (Name) : BUDI SANTOSO", "BUDI SANTOSO"),
        ("Nama - BUDI SANTOSO", "BUDI SANTOSO"),
        ("Nama : BUDI / ANI", "BUDI / ANI"),
        # the other half misread (it is no label then): up to its comma or colon, never capitals
        ("Nama/Nanić, SOEMIATI PRAWIROSOEDIRDJO", "SOEMIATI PRAWIROSOEDIRDJO"),
        ("Nama/Nme: BUDI SANTOSO", "BUDI SANTOSO"),
        ("Nama / BUDI, S.PD", "/ BUDI, S.PD"),
    ],
)
def test_bilingual_label_is_skipped_whole(text: str, value: str) -> None:
    # a multinational's form prints each label in both languages: the second is not the value
    from ocr.extract.resignation_letter import LABELS as LETTER

    hit = LETTER.match_start(text)
    assert hit is not None and hit.key == "full_name" and text[hit.value_start:] == value


def test_group_rows_keeps_a_value_printed_out_of_register() -> None:
    """A passbook printer's value printed 56% of a line lower than its pre-printed label is still on
    the label's row; the next label (no overlap) starts a new row."""
    from ocr.records import TextLine

    def line(x: float, y: float, text: str) -> TextLine:
        return TextLine(text, 0.99, [[x, y], [x + 200, y], [x + 200, y + 25], [x, y + 25]])

    rows = group_rows([line(60, 100, "Nama"), line(400, 114, "INDAH RAHMAWATI"),
                       line(60, 160, "No. Rekening"), line(400, 174, "0123456789")])
    assert [r.text for r in rows] == ["Nama INDAH RAHMAWATI", "No. Rekening 0123456789"]


def test_group_rows_on_skewed_page() -> None:
    """A table tilted by ~3.5 degrees: cells far apart on one row drift by more than a line height."""
    from ocr.records import TextLine

    slope = -0.06
    lines = []
    for r in range(4):
        for c in range(6):
            x0, x1, y = 50 + c * 250, 250 + c * 250, 100 + r * 34
            box = [[x0, y + slope * x0], [x1, y + slope * x1], [x1, y + 26 + slope * x1], [x0, y + 26 + slope * x0]]
            lines.append(TextLine(f"r{r}c{c}", 0.99, box))
    rows = group_rows(lines)
    assert [r.text for r in rows] == [" ".join(f"r{r}c{c}" for c in range(6)) for r in range(4)]


@pytest.mark.parametrize(("text", "iso"), [("20 Mel 2026", "2026-05-20"), ("3 0kt 2025", "2025-10-03"),
                                          ("5 Jul 2024", "2024-07-05"), ("5 Jun 2024", "2024-06-05")])
def test_short_month_with_one_letter_shape_slip(text: str, iso: str) -> None:
    assert [d.iso for d in find_dates(text)] == [iso]


def test_letters_of_other_alphabets_become_their_latin_look_alikes() -> None:
    # the recogniser sometimes returns a dotless i ("Pemılik"): dropping it made a label a "name"
    assert clean_text("Nama Pemılik").upper() == "NAMA PEMILIK"
    assert compact("Nama Pemılik") == "NAMAPEMILIK"


def test_clean_name_separators_part_words() -> None:
    """A colon or slash between a label and a glued name parts them (it used to join them:
    "NAMA:DEWILESTARI" -> "NAMADEWILESTARI", where the typed name could no longer be found)."""
    from ocr.text import clean_name

    assert clean_name("NAMA:DEWI LESTARI") == "NAMA DEWI LESTARI"
    assert clean_name("Pemilik/Owner:BUDI") == "Pemilik Owner BUDI"


@pytest.mark.parametrize(("read", "want"), [
    ("DR.YAYAT RUHIAT", "DR. YAYAT RUHIAT"),
    ("DR.IR.BUDI", "DR. IR. BUDI"),
    ("RIZKI SANTOSO,S.KOM", "RIZKI SANTOSO, S.KOM"),
    ("H.M.YUSUF", "H.M.YUSUF"),  # one-letter abbreviations are left as read
    ("H.ROBERT SINAGA, S.SOS", "H. ROBERT SINAGA, S.SOS"),  # ... except Haji's before a whole word
    ("M.ALI AKBAR", "M. ALI AKBAR"),
    ("BUDI SANTOSO, M.KOM", "BUDI SANTOSO, M.KOM"),  # a degree after the comma keeps its dot
    ("IRWAN", "IRWAN"),
    ("RIZKI SANTOSO, S KOM", "RIZKI SANTOSO, S.KOM"),  # a degree's dot read as a space
    ("SRI, S PD, M M", "SRI, S.PD, M.M"),
    ("BUDI S KOM", "BUDI S KOM"),  # without the name's comma nothing says it is a degree
    ("DR. DJOKO SOESILO, A. MD", "DR. DJOKO SOESILO, A.MD"),  # a degree's dot read with a space after it
    ("SARI, S. PD, M. PD", "SARI, S.PD, M.PD"),
    ("NUR' MAYA ANGGRAINI", "NUR MAYA ANGGRAINI"),  # a speck as a tick before the space
    ("NUR'AINI MA'RUF", "NUR'AINI MA'RUF"),  # a name's own apostrophes are inside its words
    ("DR DJUMADI PRAWIROSOEDIRDJO", "DR. DJUMADI PRAWIROSOEDIRDJO"),  # a title's dot lost
    ("DR. DJUANDA HADISOE8ROTO, M.M.", "DR. DJUANDA HADISOEBROTO, M.M."),  # a letter read as a digit
    ("SUPR1YADI", "SUPRIYADI"),
    ("PROF. DR IR. BUDI", "PROF. DR. IR. BUDI"),
    ("Dr Yayat Ruhiat", "Dr. Yayat Ruhiat"),
    ("DRAJAT SANTOSO", "DRAJAT SANTOSO"),  # a name that starts like a title keeps its letters
])
def test_clean_name_prints_titles_with_their_space(read: str, want: str) -> None:
    from ocr.text import clean_name

    assert clean_name(read) == want


def test_label_patterns_compile_on_first_use_or_before_a_fork() -> None:
    # a process with nothing to read never compiles the extractors' patterns (issue 14: a claim
    # folder with only claim.json); a reader process compiles them all once, before it forks
    ls = LabelSet({"name": ["Nama Lengkap"]})
    assert "_start" not in ls.__dict__ and "_any" not in ls.__dict__
    assert ls.match_start("Nama Lengkap : X") is not None
    assert "_start" in ls.__dict__
    fresh = LabelSet({"nik": ["NIK"]})
    compile_label_sets()
    assert "_start" in fresh.__dict__ and "_any" in fresh.__dict__


@pytest.mark.parametrize(
    ("raw", "want"),
    [("ROBERT.SIAHAAN.", "ROBERT SIAHAAN"), ("MUHAMMAD SYAIFUL'HAKIM", "MUHAMMAD SYAIFUL HAKIM"),
     ("DRS. BAMBANG.WIJAYA", "DRS. BAMBANG WIJAYA"), ("MOH.ARIF", "MOH. ARIF"), ("NUR'AINI", "NUR'AINI"),
     ("MA'RUF AMIN", "MA'RUF AMIN"), ("JUMA'ATI", "JUMA'ATI"), ("SANTOSO, S.KOM", "SANTOSO, S.KOM"),
     ("ABD.RAHMAN", "ABD. RAHMAN")],
)
def test_a_speck_between_two_words_is_their_space(raw: str, want: str) -> None:
    # photocopies: toner specks read as a dot or a tick where the space was; apostrophes of
    # names (NUR'AINI, MA'RUF) and abbreviations' dots (MOH., ABD.) stay
    assert clean_name(raw) == want


@pytest.mark.parametrize(
    ("raw", "iso"),
    [("dua pulul satu Juni dua-ribu dua.puluh lima", "2025-06-21"), ("dua puluh sembilan Mei dua rbu dua puluh lima",
                                                                     "2025-05-29"),
     ("empat Juni dua ribii dua puluh lima", "2025-06-04")],
)
def test_number_words_with_one_letter_misread(raw: str, iso: str) -> None:
    assert [d.iso for d in find_dates(raw)] == [iso]


@pytest.mark.parametrize(("raw", "want"), [("1 GEDE ARIF SAPUTRA 2475304", "I GEDE ARIF SAPUTRA"), ("l KETUT SUDARTA", "I KETUT SUDARTA"),
                                           ("1 BUDI SANTOSO", "BUDI SANTOSO"), ("1 DEWI LESTARI", "DEWI LESTARI")])
def test_a_balinese_i_read_as_a_one(raw: str, want: str) -> None:
    assert clean_name(raw) == want
