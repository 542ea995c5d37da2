"""Indonesian name normalisation and the banded name score (calibration table)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.names import name_score, normalise_name

# (typed, found on the document, expected band, kind). The calibration table of docs/matching.md.
BENIGN: list[tuple[str, str, str, str]] = [
    ("Budi Santoso", "BUDI SANTOSO", "match", "case"),
    ("budi  santoso ", "BUDI SANTOSO", "match", "spacing"),
    ("SITI NUR AINI", "SITI NURAINI", "match", "spacing inside a word"),
    ("BUDI SANTOSO", "DRS. BUDI SANTOSO", "match", "title before"),
    ("BUDI SANTOSO", "BUDI SANTOSO, S.E.", "match", "post-nominal after comma"),
    ("BUDI SANTOSO", "BUDI SANTOSO SE MM", "match", "post-nominals without dots"),
    ("SITI NURHALIZA", "HJ. SITI NURHALIZA, S.PD., M.PD.", "match", "titles both ends"),
    ("H. AHMAD DAHLAN", "AHMAD DAHLAN", "match", "title on the typed side"),
    ("Dr. Ir. H. Budi Santoso, M.M.", "BUDI SANTOSO", "match", "many titles"),
    ("RINA WULANDARI", "RINA WULANDARI S. KOM", "match", "split post-nominal"),
    ("DEWI LESTARI", "DEWI LESTARI, A.MD", "match", "diploma title"),
    ("MUHAMMAD YUSUF", "M. YUSUF", "match", "M."),
    ("MUHAMMAD YUSUF", "MOH. YUSUF", "match", "MOH."),
    ("MOCHAMAD RIZKI", "MUHAMMAD RIZKI", "match", "MOCHAMAD"),
    ("MUH ARIFIN", "MUHAMAD ARIFIN", "match", "MUH"),
    ("MHD RAFLI", "MOHAMMAD RAFLI", "match", "MHD"),
    ("ABD. RAHMAN", "ABDUL RAHMAN", "match", "ABD."),
    ("ACHMAD FAUZI", "AHMAD FAUZI", "match", "ACHMAD"),
    ("DJOKO SUSILO", "JOKO SUSILO", "match", "old spelling DJ"),
    ("SOEKARNO", "SUKARNO", "match", "old spelling OE"),
    ("TJAHJADI", "CAHYADI", "match", "old spelling TJ and J=Y"),
    ("SJAHRIR", "SYAHRIR", "match", "old spelling SJ"),
    ("CHAIRUL ANWAR", "KHAIRUL ANWAR", "match", "CH/KH"),
    ("NJOMAN SUDARSA", "NYOMAN SUDARSA", "match", "old spelling NJ"),
    ("SOEHARJO", "SUHARJO", "match", "OE, J kept"),
    ("ABDULLAH SANI", "ABDULAH SANI", "match", "doubled letter"),
    ("SRI MULYANI INDRAWATI", "SRI MULYANL INDRAWATI", "match", "one OCR char error, long name"),
    ("KURNIAWAN SAPUTRA", "KURNIAWAN SAPUTRA", "match", "exact"),
    ("ANDI PRASETYO WIBOWO", "ANDI PRASETY0 WIBOWO", "match", "OCR digit for letter"),
    ("FITRIANI RAHAYU", "FlTRIANI RAHAYU", "match", "OCR l for I"),
    ("YOHANES BAPTISTA KURNIAWAN", "YOHANES BAPTISTA KURNLAWAN", "match", "one OCR char error"),
    ("BUDI S", "BUDI SANTOSO", "match", "initial"),
    ("NI KADEK AYU", "Ni Kadek Ayu", "match", "case, short words"),
    ("MA'RUF AMIN", "MARUF AMIN", "match", "apostrophe"),
    ("Nur-Aini Safitri", "NUR AINI SAFITRI", "match", "hyphen"),
    ("RATNA SARI DEWI", "RATNA SARI DEWl", "match", "OCR l for I in a short word"),
    ("RATNA SARI DEWI", "RATNA SARI DEWT", "review", "OCR error in a short word"),
    ("ANDI PRASETYO WIBOWO", "ANDI PRASETYA WIBAWO", "review", "two OCR errors, long name"),
    ("WAHYUDI", "WAHYUD1", "match", "OCR digit in one word"),
    ("AGUS SETIAWAN", "AGUS SETIAWAM", "review", "OCR error N/M (not a shape confusion)"),
    ("SUSILAWATI", "SUSILAWATl", "match", "OCR l for I at the end"),
    ("ANISA FITRI", "ANNISA FITRI", "match", "doubled letter"),
    ("DJUARIAH HADISOEBROTO", "DIUARIAH HADISOEBROTO", "match", "OCR I for J"),
    ("I GEDE YUDI WIJAYA", "GEDE YUDI WIJAYA", "match", "Balinese I left out"),
    ("LUH PUTU SARI", "NI LUH PUTU SARI", "match", "Balinese NI left out"),
    ("BUDI SANTOSO", "BAPAK BUDI SANTOSO", "match", "salutation BAPAK"),
    ("SITI AMINAH", "SDRI. SITI AMINAH", "match", "salutation SDRI."),
    ("SITI AMINAH", "NY.SITI AMINAH", "match", "salutation NY. glued"),
    ("BUDI SANTOSO", "TN BUDI SANTOSO", "match", "salutation TN"),
    ("SUKINAH", "IBU SUKINAH", "match", "salutation before a one-word name"),
]

REAL: list[tuple[str, str, str, str]] = [
    ("BUDI SANTOSO", "AGUS SETIAWAN", "mismatch", "different person"),
    ("SITI AMINAH", "RINA WULANDARI", "mismatch", "different person"),
    ("AHMAD SANTOSO", "BUDI SANTOSO", "mismatch", "different first name"),
    ("DEWI SANTOSO", "BUDI SANTOSO", "mismatch", "spouse sharing a family name"),
    ("SITI AMINAH", "AHMAD FAUZI", "mismatch", "spouse"),
    ("RINA WULANDARI", "HENDRA GUNAWAN", "mismatch", "spouse"),
    ("SITI", "SITI AMINAH", "mismatch", "missing word"),
    ("SITI AMINAH", "SITI AMINAH BINTI ABDULLAH", "mismatch", "patronymic missing"),
    ("MUHAMMAD RIZKY PRATAMA", "RIZKY PRATAMA", "mismatch", "missing first word"),
    ("BUDI SANTOSO", "BUDI SANTOSO HENDRA GUNAWAN", "mismatch", "extra person's name"),
    ("BUDI SANTOSO", "BUDI", "mismatch", "missing last word"),
    ("ANDI MUHAMMAD RIZKY PRATAMA", "MUHAMMAD RIZKY PRATAMA", "review", "missing short word, long name"),
    ("BUDI SANTOSO", "SANTOSO BUDI", "review", "swapped name"),
    ("AGUS SETIAWAN", "SETIAWAN AGUS", "review", "swapped name"),
    ("DEWI LESTARI", "DEWA LESTARI", "review", "one letter, other name"),
    ("JANTI", "YANTI", "review", "one letter, short name"),
    ("ANI", "ANA", "mismatch", "one letter, very short name"),
    ("SRI WAHYUNI", "SRI WAHYUDI", "review", "similar name, other person"),
    ("EKO PRASETYO", "EKA PRASETYA", "mismatch", "two words differ, other person"),
    ("HENDRA", "HENDRI", "review", "one letter, single word"),
    ("A B", "AHMAD BUDI", "review", "initials only"),
    ("PUTRI AYU", "PUTRA BAYU", "mismatch", "brother"),
    ("SUHARTO", "SUHARTONO", "review", "longer form of a name"),
    ("BAMBANG", "BAMBANG SUTRISNO", "mismatch", "missing surname"),
    ("YULIA ANGGRAINI", "YULIANTI ANGGRAINI", "review", "different given name"),
    ("MUHAMMAD YUSUF", "MAHMUD YUSUF", "mismatch", "different first name, M-similar"),
    ("I GEDE ARIF", "I KETUT ARIF", "mismatch", "Balinese brother"),
    ("I WAYAN", "WAYAN SUDARSA", "mismatch", "Balinese, another name"),
    ("SITI AMINAH", "IBU DEWI LESTARI", "mismatch", "salutation, another person"),
]


@pytest.mark.parametrize(("typed", "found", "band", "kind"), BENIGN, ids=[k for *_, k in BENIGN])
def test_benign_differences(typed: str, found: str, band: str, kind: str) -> None:
    assert name_score(typed, found).band == band


@pytest.mark.parametrize(("typed", "found", "band", "kind"), REAL, ids=[k for *_, k in REAL])
def test_real_differences(typed: str, found: str, band: str, kind: str) -> None:
    ns = name_score(typed, found)
    assert ns.band == band
    assert ns.band != "match"


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("H. Moch. Joesoef, S.E.", ["MUHAMMAD", "JUSUF"]),
        ("Dr. Ir. H. Budi Santoso, M.M.", ["BUDI", "SANTOSO"]),
        ("H.M.YUSUF", ["MUHAMMAD", "YUSUF"]),
        ("Hj. Siti Nurhaliza, S.Pd., M.Pd.", ["SITI", "NURHALIZA"]),
        ("ABD. RAHMAN", ["ABDUL", "RAHMAN"]),
        ("budi m", ["BUDI", "M"]),
        ("Muhammad Rizky M.A.", ["MUHAMMAD", "RIZKY"]),
        ("AHMAD MA", ["AHMAD", "MA"]),  # MA without dots may be a name word
        ("ＢＵＤＩ　ＳＡＮＴＯＳＯ", ["BUDI", "SANTOSO"]),  # full-width
        ("José Ramos-Horta", ["JOSE", "RAMOS", "HORTA"]),
        ("DRS.", ["DRS"]),  # nothing but a title: kept
        ("", []),
        ("DJOEANDA", ["JUANDA"]),
        ("TJOKROAMINOTO", ["COKROAMINOTO"]),
    ],
)
def test_normalise_name(raw: str, tokens: list[str]) -> None:
    assert normalise_name(raw) == tokens


def test_empty_name_is_mismatch() -> None:
    assert name_score("", "BUDI").band == "mismatch"
    assert name_score("BUDI", "  ").band == "mismatch"


# ---- properties -----------------------------------------------------------------------------

NAME_WORDS = [
    "BUDI", "SANTOSO", "SITI", "AMINAH", "MUHAMMAD", "RIZKY", "DEWI", "LESTARI", "AGUS", "SETIAWAN",
    "DJOKO", "SOEKARNO", "TJAHJADI", "NUR", "AINI", "ABDUL", "RAHMAN", "WAHYUDI", "SRI", "PUTRI",
    "M.", "MOH.", "ABD.", "YUSUF", "HENDRA", "GUNAWAN", "EKO", "PRASETYO", "NI", "KADEK",
]
TITLES_BEFORE = ["", "H. ", "HJ. ", "DRS. ", "DR. ", "IR. ", "PROF. DR. "]
TITLES_AFTER = ["", ", S.E.", " S.KOM", ", M.M.", " SE", ", S.PD., M.PD.", " A.MD"]

names = st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(names, names)
def test_score_symmetric(a: str, b: str) -> None:
    x, y = name_score(a, b), name_score(b, a)
    assert x.band == y.band
    assert abs(x.score - y.score) <= 1.0


@settings(max_examples=150, deadline=None)
@given(names, st.sampled_from(TITLES_BEFORE), st.sampled_from(TITLES_AFTER))
def test_title_stripping_idempotent(name: str, before: str, after: str) -> None:
    once = normalise_name(before + name + after)
    assert normalise_name(" ".join(once)) == once
    assert once == normalise_name(name)


@settings(max_examples=150, deadline=None)
@given(names, names, st.data())
def test_spaces_and_case_never_change_band(a: str, b: str, data: st.DataObject) -> None:
    def noisy(s: str) -> str:
        out = []
        for ch in s:
            ch = ch.lower() if data.draw(st.booleans()) else ch
            out.append(ch + (" " * data.draw(st.integers(0, 2)) if ch == " " else ""))
        return " " * data.draw(st.integers(0, 2)) + "".join(out) + " " * data.draw(st.integers(0, 2))

    assert name_score(noisy(a), noisy(b)).band == name_score(a, b).band


@settings(max_examples=100, deadline=None)
@given(names)
def test_same_name_always_matches(name: str) -> None:
    assert name_score(name, name).band == "match"
    assert name_score(name, name).score == 100.0


@pytest.mark.parametrize("printed", ["LESTARI SARI.M.M.", "LESTARI SARI.S.E", "LESTARI SARI,M.M."])
def test_post_nominal_glued_to_the_last_word_is_a_title(printed: str) -> None:
    # OCR reads the comma before the degree as a dot and drops the space
    assert normalise_name(printed) == ["LESTARI", "SARI"]
    assert name_score("Lestari Sari", printed).band == "match"


def test_a_dotted_name_word_is_not_a_title() -> None:
    assert normalise_name("NUR.AINI") == ["NUR", "AINI"]


def test_a_space_read_in_another_place_is_the_same_name() -> None:
    # the same letters in the same order: "ANIK URNIASIH" is ANI KURNIASIH, never an accusation
    s = name_score("Ani Kurniasih", "ANIK URNIASIH")
    assert (s.band, s.score) == ("match", 100.0)
    assert name_score("Ani Kurniasih", "ANI KURNIAWAN").band != "match"


def test_glued_words_with_a_slip_are_review_never_mismatch() -> None:
    """Every word glued into one and a letter misread ("SAFTTRI"): the same letters but one,
    never another person's name on that evidence (it was a false alarm)."""
    ns = name_score("SRI AYU SAFITRI PERMATASARI", "SRIAYUSAFTTRIPERMATASARI")
    assert (ns.band, ns.detail) == ("review", "glued_words")
    # another person's name glued together stays a mismatch
    assert name_score("SRI AYU SAFITRI PERMATASARI", "SRIKUSUMAWATI").band == "mismatch"
    assert name_score("DEWI LESTARI", "DEWILESTARI PUTRI").band == "mismatch"
