"""OCR text clean-up helpers shared by the classifier and the field extractors.

Everything here is pure and model-free: Unicode/ASCII folding, digit repair for digit fields,
Indonesian/English date parsing, label matching that tolerates dropped spaces and colons, and
geometry helpers (visual rows, value right of a label, wrapped continuation lines).

Nothing here logs: recognised text is personal data.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from statistics import median

from rapidfuzz import fuzz

from ocr.records import Box, TextLine

# --------------------------------------------------------------------------- normalisation

_PUNCT = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u00b7": ".", "\u2022": ".", "\u3002": ".", "\uff61": ".", "\u3001": ",",
        "\u00a0": " ", "\u3000": " ", "\u2009": " ", "\u200b": "",
        # letters the recogniser borrows from other alphabets that have no accent to strip
        # ("Pemılik" with a dotless i): their Latin look-alikes, not nothing
        "\u0131": "i", "\u0142": "l", "\u0141": "L", "\u00f8": "o", "\u00d8": "O", "\u0111": "d", "\u0110": "D",
        "\u00ba": "o", "\u00b0": "o",
    }
)


_BRACKET_J = re.compile(r"(?<=[A-Z])\](?=[A-Z])")


def clean_text(s: str) -> str:
    """NFKC, common punctuation to ASCII, accents stripped, whitespace collapsed (case kept).

    Full-width characters (``：``, ``／``, ``ＮＩＫ``) become ASCII through NFKC.
    """
    s = unicodedata.normalize("NFKC", s).translate(_PUNCT)
    # a J read as "]" inside a word in capitals ("DJO]OHADIKOESOEMO"): brackets never sit
    # between two capitals
    s = _BRACKET_J.sub("J", s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"\s+", " ", s).strip()


def fold(s: str) -> str:
    """``clean_text`` upper-cased: the form labels and keywords are compared in."""
    return clean_text(s).upper()


def compact(s: str) -> str:
    """Upper-case letters and digits only (``Tempat/Tgl Lahir`` -> ``TEMPATTGLLAHIR``)."""
    return re.sub(r"[^A-Z0-9]", "", fold(s))


# --------------------------------------------------------------------------- digits

LOOKALIKES: dict[str, str] = {
    "O": "0", "o": "0", "D": "0", "Q": "0",
    "I": "1", "l": "1", "i": "1", "|": "1", "!": "1", "L": "1",
    "Z": "2", "z": "2",
    "A": "4",
    "S": "5", "s": "5",
    "G": "6", "b": "6",
    "T": "7",
    "B": "8",
    "g": "9", "q": "9",
}
"""The one OCR letter/digit confusion table: a letter (or mark) OCR writes for a look-alike
digit -> that digit. Every other table is derived from it:

- :data:`DIGIT_CONFUSIONS`, read inside digit runs of free text (:func:`repair_digits`);
- :data:`LETTER_FOR_DIGIT`, the reverse, for words that cannot hold digits (month names,
  person names: :func:`digits_to_letters`, ``matching.names``);
- ``matching.compare.normalise_digits``, for a value known to be a number (the whole table);
- the label patterns' tolerated slips (:func:`label_pattern`).
"""

NOT_IN_FREE_TEXT: frozenset[str] = frozenset("ALbgq")
"""Look-alikes not read as digits inside free text: ``L`` (gender, KK/KTP) and ``A`` (blood
group) stand next to numbers as real one-letter values, and lower-case ``b g q`` are real letters
more often than slips. A value known to be a number still reads them as digits."""

DIGIT_CONFUSIONS: dict[str, str] = {k: v for k, v in LOOKALIKES.items() if k not in NOT_IN_FREE_TEXT}
"""Letters OCR produces for digits, mapped back (only applied inside digit runs)."""

LETTER_FOR_DIGIT: dict[str, str] = {
    d: next(k for k, v in LOOKALIKES.items() if v == d and k.isupper())
    for d in dict.fromkeys(LOOKALIKES.values())
    if any(v == d and k.isupper() for k, v in LOOKALIKES.items())
}
"""Digit -> the upper-case letter it stands for in a word that cannot hold digits (the first
upper-case look-alike of the digit in :data:`LOOKALIKES`: ``0`` -> ``O``, ``1`` -> ``I``)."""

_DCH = "0-9" + re.escape("".join(DIGIT_CONFUSIONS))
_RUN = re.compile(rf"[{_DCH}]+(?:(?:[ \-./]|(?<=\d)[\-.][\-.](?=\d)|(?<=\d):(?=\d))[{_DCH}]+)*")
"""A digit run: groups joined by one space, dash, dot or slash (or a dash read as a colon
between two real digits: "6159-0536-5136:2145", or a dash with a speck beside it: "121-171.-5104")."""


def _runs(s: str) -> list[tuple[int, int]]:
    """Spans of digit runs in ``s``, trimmed of edge letters glued to other letters."""
    spans: list[tuple[int, int]] = []
    for m in _RUN.finditer(s):
        a, b = m.start(), m.end()
        while a < b and (s[a] in " -./" or (not s[a].isdigit() and a > 0 and s[a - 1].isalpha())):
            a += 1
        while b > a and (s[b - 1] in " -./" or (not s[b - 1].isdigit() and b < len(s) and s[b].isalpha())):
            b -= 1
        if a < b:
            spans.append((a, b))
    return spans


def repair_digits(s: str, *, force: bool = False) -> tuple[str, int]:
    """Map OCR letter confusions to digits inside digit runs.

    A run is a stretch of digits and confusable letters (groups joined by single spaces,
    dashes, dots or slashes). It is repaired when its real digits outnumber its letters, or
    always with ``force`` (use it for a value already known to be a digit field). Confusable
    letters glued to other letters at a run's edge are left alone, so ``SANTOSO 1990`` keeps
    its name.

    Returns:
        The repaired string and the number of characters changed.
    """
    out: list[str] = []
    pos = 0
    changed = 0
    for a, b in _runs(s):
        run = s[a:b]
        ndig = sum(c.isdigit() for c in run)
        nlet = sum(c in DIGIT_CONFUSIONS for c in run)
        out.append(s[pos:a])
        if nlet and (ndig > nlet or force):
            out.append("".join(DIGIT_CONFUSIONS.get(c, c) for c in run))
            changed += nlet
        else:
            out.append(run)
        pos = b
    out.append(s[pos:])
    return "".join(out), changed


def digits_from_ocr(s: str) -> str:
    """Repair OCR letter/digit confusions inside mostly-digit runs; other text unchanged.

    ``32O4 11O5`` -> ``3204 1105``; ``NIK:3204`` keeps ``NIK``; a pure digit string is returned
    as is.
    """
    return repair_digits(s)[0]


def digit_field(s: str) -> tuple[str, int]:
    """A digit field's digits only, after forced repair: ``0123-01-O12345`` -> (``012301012345``, 1).

    The longest digit run holding at least one real digit is used, so a stray word next to
    the number (``No. 3204...``) does not leak in.

    Returns:
        The digits and the number of letters that had to be mapped to digits.
    """
    s = clean_text(s)
    best: tuple[int, int] | None = None
    for a, b in _runs(s):
        run = s[a:b]
        if not any(c.isdigit() for c in run):
            continue
        n = sum(c.isalnum() or c == "|" for c in run)
        if best is None or n > sum(c.isalnum() or c == "|" for c in s[best[0]:best[1]]):
            best = (a, b)
    if best is None:
        return "", 0
    fixed, n = repair_digits(s[best[0]:best[1]], force=True)
    return re.sub(r"\D", "", fixed), n


# --------------------------------------------------------------------------- dates

MONTHS: dict[str, int] = {
    "JANUARI": 1, "JANUARY": 1, "JAN": 1,
    "FEBRUARI": 2, "PEBRUARI": 2, "FEBRUARY": 2, "FEB": 2, "PEB": 2,
    "MARET": 3, "MARCH": 3, "MAR": 3, "MRT": 3,
    "APRIL": 4, "APR": 4,
    "MEI": 5, "MAY": 5,
    "JUNI": 6, "JUNE": 6, "JUN": 6,
    "JULI": 7, "JULY": 7, "JUL": 7,
    "AGUSTUS": 8, "AUGUST": 8, "AGU": 8, "AGT": 8, "AGS": 8, "AUG": 8, "AGUS": 8, "AGST": 8,
    "SEPTEMBER": 9, "SEP": 9, "SEPT": 9,
    "OKTOBER": 10, "OCTOBER": 10, "OKT": 10, "OCT": 10,
    "NOVEMBER": 11, "NOPEMBER": 11, "NOV": 11, "NOP": 11,
    "DESEMBER": 12, "DECEMBER": 12, "DES": 12, "DEC": 12,
}
"""Indonesian and English month names and abbreviations (upper case)."""

_NUM_DATE = re.compile(r"(?<![0-9])([0-9]{1,2})(?:\s?[-./][:,']?\s?([0-9]\.?[0-9]|[0-9])(?:\s?[-./][:,']?\s?|\s)|:([0-9]{1,2})[-./])"
                       r"([0-9]{4})(?![0-9])")
"""A date in numbers; a stray colon, comma or tick read after a separator is tolerated ("06-10-:1972"),
the second separator may have been lost to a space ("1/02 2021"), and the first read as a colon
when the second is a dash, slash or dot ("20:07-1993"; a time "08:05" is never followed by one); a
speck read as a dot inside the month is dropped ("07-1.1-2000")."""
_LONG_DATE = re.compile(r"(?<![0-9])((?<![A-Z])(?:[0-9][IL]|[IL][0-9])(?=(?:ST|ND|RD|TH)?\s)|[0-9]{1,2})(?:ST|ND|RD|TH)?\s*[.\-/]?\s*(?:OF\s+|BULAN\s+)?((?:[0-9](?=[A-Z]))?[A-Z]{2,9})"
                        r"\.?,?\s*[.\-/]?\s*(?:TAHUN\s+)?'?([0-9]{4}|[0-9]{2})(?![0-9])")
"""``15 Oktober 2026``, ``15-OKT-26``, ``15/Okt/2026``, ``15 Oktober, 2026``, ``21st November 2026``,
``21st of November 2026``, ``5 Feb '26``, ``tanggal 21 bulan November tahun 2026``; a day's one read as
a letter next to its other digit ("Medan. 2i Apr 2026")."""
_BULAN_TAHUN = re.compile(r"(?<![0-9])([0-9]{1,2})\s+BULAN\s+([0-9]{1,2})\s+TAHUN\s+([0-9]{4})(?![0-9])")
"""``tanggal 21 bulan 11 tahun 2026``: the month as a number between the words."""
_YEAR_FIRST = re.compile(r"(?:(?<![0-9])|(?<=[A-Z]1))((?:19|20)[0-9]{2})\s?([-./])\s?([0-9]{1,2})\s?[-./]\s?([0-9]{1,2})(?![0-9])")
"""``2026-10-31``: year first, as systems print it (ISO); the second separator may come out of the
OCR as another one (``2025-11.09``); glued to a label whose last i or l was read as a one
(``Efektif Berhent12025-07-28``)."""
_SPACED_DATE = re.compile(r"(?<![0-9])(?<![0-9][-./ ])([0-3][0-9]) ([01][0-9])(?: ?[-./] ?| )((?:19|20)[0-9]{2})(?![0-9])")
"""``07 10 2025``, ``26 12.2025``: a dotted or slashed date whose separators the OCR lost to spaces
(two digits each for the day and the month, a four-digit year, nothing numeric before it)."""
_GLUED_DAY_MONTH = re.compile(
    r"(?<![0-9])(?<![0-9][-./ ])(?<!\) )(?<!\))([0-3][0-9])([01][0-9])(?: ?[-./] ?| )((?:19|20)[0-9]{2})"
    r"(?![0-9])(?! ?[-./ ] ?[0-9]{2})")
"""``1908 2025``, ``2201.2021``: a dotted date whose first separator the OCR lost and whose second
became a space (or stayed); nothing numeric before or after it, never after a bracketed area code
(``(021) 1208 2019`` is a telephone number)."""
_GLUED_YEAR = re.compile(r"(?<![0-9])(?<![0-9][-./])([0-3]?[0-9]) ?[-./] ?([01][0-9])((?:19|20)[0-9]{2})(?![0-9])")
"""``05/032026``: the second separator lost with no space left (a two-digit month, a four-digit year)."""
_SHORT_YEAR = re.compile(r"(?<![0-9])(?<![0-9][-./])([0-9]{1,2})([-./])([0-9]{1,2})\2([0-9]{2})(?![0-9]|[-./][0-9])")
"""``31/10/26``: a two-digit year, the same separator twice and nothing numeric around it."""


def full_year(yy: int, today: date | None = None) -> int:
    """A two-digit year in the century that puts it no later than this year (``26`` -> 2026,
    ``90`` -> 1990): the dates read here (births, employment) are never in a later year."""
    this = (today or date.today()).year
    y = this - this % 100 + yy
    return y if y <= this else y - 100


def month_number(word: str) -> int | None:
    """Month number of an Indonesian/English month name or abbreviation, tolerant of OCR slips."""
    w = re.sub(r"[^A-Z]", "", fold(digits_to_letters(word)))
    if not w:
        return None
    if w in MONTHS:
        return MONTHS[w]
    if len(w) >= 4:
        best = max(MONTHS, key=lambda k: fuzz.ratio(w, k) if len(k) > 3 else 0)
        score = fuzz.ratio(w, best)
        if score >= 80:
            return MONTHS[best]
        # two slips in a long name ("JAMARI" for JANUARI): only with its first letter and when no
        # other month comes close (JURI is JUNI as much as JULI: no month)
        runner_up = max((fuzz.ratio(w, k) for k in MONTHS if len(k) > 3 and MONTHS[k] != MONTHS[best]), default=0.0)
        if len(w) >= 6 and score >= 75 and runner_up <= score - 15 and w[0] == best[0]:
            return MONTHS[best]
    if len(w) > 4:
        return None
    if w[:3] in MONTHS:
        return MONTHS[w[:3]]
    # a short name with one OCR letter-shape slip ("MEL" for MEI, "0KT" for OKT): the only month
    # it can be once confusable letters are merged
    shape = str.maketrans("LIJOQDUVEF", "IIIOOOUUEE")
    hits = {v for k, v in MONTHS.items() if len(k) == len(w) and k.translate(shape) == w.translate(shape)}
    return hits.pop() if len(hits) == 1 else None


def digits_to_letters(s: str) -> str:
    """Undo digit-for-letter slips in a word (``0KTOBER`` -> ``OKTOBER``)."""
    return s.translate(_LETTER_FOR_DIGIT)


_LETTER_FOR_DIGIT = str.maketrans(LETTER_FOR_DIGIT)


def _iso(d: int, m: int, y: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text."""

    iso: str
    """``YYYY-MM-DD``."""
    start: int
    """Start offset in the searched text."""
    end: int
    """End offset in the searched text."""
    short_year: bool = False
    """The year was printed with two digits (``31/10/26``): a lost half of a year reads the same."""


def find_dates(s: str, *, short_years: bool = False) -> list[DateMatch]:
    """All valid dates in ``s``: ``DD-MM-YYYY`` with -./ (or spaces where the OCR lost them:
    ``07 10 2025``), year first (``2026-10-31``), and long
    forms (``15 Oktober 2026``, ``21st November 2026``, ``tanggal 21 bulan November tahun 2026``).

    ``short_years``: also two-digit years (``31/10/26``, ``31-Okt-26``), flagged ``short_year``.
    Digit confusions inside the numeric parts are repaired first; offsets refer to ``s``
    after ``clean_text`` (same length as the repaired text).
    """
    text = clean_text(s)
    up = _YEAR_WITH_C.sub(_year_c, digits_from_ocr(text).upper())
    # a number spelled out in brackets after its digits, as legal letters write them ("tanggal 5
    # (lima) Januari 2026"): blanked, so the day meets its month (lengths kept)
    up = _SPELLED_OUT.sub(lambda m: " " * len(m.group(0)) if all(
        _number_word(w) for w in m.group(1).split()) else m.group(0), up)
    found: list[DateMatch] = []
    year_first = [(y.start(), y.end()) for y in _YEAR_FIRST.finditer(up)]
    for m in _NUM_DATE.finditer(up):
        # never the tail of a year-first date and the next one's year ("2011-04-02 - 2025-04-10":
        # not "04-02 - 2025")
        if any(a < m.start() < b for a, b in year_first) and re.match(r"[-./][0-9]", up[m.end():]):
            continue
        month = int((m.group(2) or m.group(3)).replace(".", ""))
        iso = _iso(int(m.group(1)), month, int(m.group(4)))
        if not iso and len(m.group(1)) == 2 and text[m.start()] in "Gb":
            # a day's leading zero read as a G ("G5.03.2026"): the G's six is never a day's tens
            iso = _iso(int(m.group(1)[1]), month, int(m.group(4)))
        if iso:
            found.append(DateMatch(iso, m.start(), m.end()))
    for m in _YEAR_FIRST.finditer(up):
        if not any(f.start < m.end() and m.start() < f.end for f in found):
            iso = _iso(int(m.group(4)), int(m.group(3)), int(m.group(1)))
            if iso:
                found.append(DateMatch(iso, m.start(), m.end()))
    for m in _BULAN_TAHUN.finditer(up):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append(DateMatch(iso, m.start(), m.end()))
    # separators lost: "05/032026", "07 10 2025", "1908 2025" (day, month, year groups; never over a
    # date found)
    for rx in (_GLUED_YEAR, _SPACED_DATE, _GLUED_DAY_MONTH):
        for m in rx.finditer(up):
            if not any(f.start < m.end() and m.start() < f.end for f in found):
                iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                if iso:
                    found.append(DateMatch(iso, m.start(), m.end()))
    for m in _SHORT_YEAR.finditer(up) if short_years else ():
        if not any(f.start < m.end() and m.start() < f.end for f in found):
            iso = _iso(int(m.group(1)), int(m.group(3)), full_year(int(m.group(4))))
            if iso:
                found.append(DateMatch(iso, m.start(), m.end(), short_year=True))
    # long form: allow O/0 slips in the month word by searching a letters-restored copy too
    for m in _LONG_DATE.finditer(up):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        short = len(m.group(3)) == 2
        mo = month_number(m.group(2))
        if mo and (short_years or not short):
            iso = _iso(int(m.group(1).translate(_DAY_LOOKALIKES)), mo, full_year(int(m.group(3))) if short else int(m.group(3)))
            if iso:
                found.append(DateMatch(iso, m.start(), m.end(), short_year=short))
    # month first: "December 31, 2024", "Maret 5 2025"
    for m in _MONTH_FIRST.finditer(up):
        if any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
            continue
        mo = month_number(m.group(1))
        if mo:
            iso = _iso(int(m.group(2).translate(_DAY_LOOKALIKES)), mo, int(m.group(3)))
            if iso:
                found.append(DateMatch(iso, m.start(), m.end()))
    for wd in _word_dates(up):
        if not any(f.start <= wd.start < f.end or wd.start <= f.start < wd.end for f in found):
            found.append(wd)
    found.sort(key=lambda f: f.start)
    return found


_MONTH_FIRST = re.compile(r"(?<![A-Z0-9])([A-Z]{3,9})(?:\.?\s+|\.)([0-9]{1,2}|[IL]|[0-9][OIL]|[IL][0-9])(?:ST|ND|RD|TH)?"
                          r"(?:[,.]{1,2}\s*|\s+)([0-9]{4})(?![0-9])")
"""``DECEMBER 31, 2024``, ``Mar 31st, 2025``, ``July 1. 2025`` (the comma read as a full stop),
``October i. 2025`` (a day's 1 read as a letter, which the digit repair leaves alone in a word's
company), ``March·10th,·2026`` (the spaces read as middle dots, which fold to full stops): the
month name before the day (English usage)."""

_DAY_LOOKALIKES = str.maketrans("ILO", "110")
_YEAR_WITH_C = re.compile(r"(?<![0-9A-Z])[12][0-9C]{3}(?![0-9A-Z])")
"""A year with one zero read as a C ("21st April 2C26"): the C is not in :data:`LOOKALIKES`,
where it would loosen every label pattern's O, so it is read as a zero in a year only."""


def _year_c(m: re.Match[str]) -> str:
    """The year with its one C read as a zero, when that makes a year of 1900-2099."""
    y = m.group(0)
    fixed = y.replace("C", "0")
    return fixed if y.count("C") == 1 and 1900 <= int(fixed) <= 2099 else y

_SPELLED_OUT = re.compile(r"(?<=[0-9])\s*\(([A-Z ]{3,40})\)")
"""A number's words in brackets right after its digits ("5 (lima)")."""

NUMBER_WORDS: dict[str, tuple[str, int]] = {
    "NOL": ("one", 0), "SATU": ("one", 1), "DUA": ("one", 2), "TIGA": ("one", 3), "EMPAT": ("one", 4),
    "LIMA": ("one", 5), "ENAM": ("one", 6), "TUJUH": ("one", 7), "DELAPAN": ("one", 8), "SEMBILAN": ("one", 9),
    "SEPULUH": ("add", 10), "SEBELAS": ("add", 11), "BELAS": ("teen", 10), "PULUH": ("tens", 10),
    "SERATUS": ("add100", 100), "RATUS": ("hundred", 100), "SERIBU": ("add1000", 1000), "RIBU": ("thousand", 1000),
}
"""Indonesian number words and how each combines (dates written in words on letters)."""


def _number_word(w: str) -> tuple[str, int] | None:
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    # one letter misread or lost in a word of four or more ("PULUL", "RBU"; "II" read for "U":
    # "RIBII"), when only one number word is that near
    v = w.replace("II", "U")
    if v in NUMBER_WORDS:
        return NUMBER_WORDS[v]
    if len(v) >= 3:
        near = {NUMBER_WORDS[k] for k in NUMBER_WORDS if len(k) >= 4 and (
            (len(k) == len(v) and sum(a != b for a, b in zip(k, v, strict=True)) == 1)
            or (len(k) == len(v) + 1 and any(k[:i] + k[i + 1:] == v for i in range(len(k)))))}
        if len(near) == 1:
            return near.pop()
    if len(w) >= 5:  # OCR slips in the longer words (SEMBILAN -> SEMBLAN)
        best = max(NUMBER_WORDS, key=lambda k: fuzz.ratio(w, k))
        if len(best) >= 5 and fuzz.ratio(w, best) >= 85:
            return NUMBER_WORDS[best]
    return None


def words_to_number(words: list[str]) -> int | None:
    """The value of Indonesian number words (``DUA RIBU DUA PULUH ENAM`` -> 2026), None if malformed."""
    total = hundreds = small = 0
    seen = False
    for w in words:
        got = _number_word(w)
        if got is None:
            return None
        kind, v = got
        seen = True
        if kind == "one":
            if small % 10 or small >= 100:  # a unit only after a tens word or nothing ("ENAM BELAS DUA")
                return None
            small += v
        elif kind == "add":
            small += v
        elif kind == "teen":
            if not 1 <= small <= 9:
                return None
            small += 10
        elif kind == "tens":
            if not 1 <= small <= 9:
                return None
            small *= 10
        elif kind == "add100":
            hundreds += 100
        elif kind == "hundred":
            if not 1 <= small <= 9:
                return None
            hundreds, small = hundreds + small * 100, 0
        elif kind == "add1000":
            total += 1000
        else:  # RIBU
            if not 1 <= hundreds + small <= 999:
                return None
            total, hundreds, small = total + (hundreds + small) * 1000, 0, 0
    return total + hundreds + small if seen else None


def _word_dates(up: str) -> list[DateMatch]:
    """Dates written in words: ``ENAM FEBRUARI DUA RIBU DUA PULUH ENAM`` (optional BULAN / TAHUN)."""
    toks = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[A-Z]+", up)]
    out: list[DateMatch] = []
    i = 0
    while i < len(toks):
        if _number_word(toks[i][0]) is None:
            i += 1
            continue
        j = i
        while j < len(toks) and _number_word(toks[j][0]) is not None and j - i < 4:
            j += 1
        k = j + (j < len(toks) and toks[j][0] == "BULAN")
        mo = month_number(toks[k][0]) if k < len(toks) and len(toks[k][0]) >= 3 else None
        if mo is None:
            i = j
            continue
        y0 = k + 1 + (k + 1 < len(toks) and toks[k + 1][0] == "TAHUN")
        y1 = y0
        while y1 < len(toks) and _number_word(toks[y1][0]) is not None and y1 - y0 < 7:
            y1 += 1
        # the day is the last 1-3 number words before the month that make a valid day
        day = None
        for a in range(max(i, j - 3), j):
            d = words_to_number([t[0] for t in toks[a:j]])
            if d is not None and 1 <= d <= 31:
                day, i = d, a
                break
        # the year: the longest run of number words that makes one (two dates in words side by
        # side, "... DUA RIBU ENAM BELAS DUA PULUH MEI ...", must not swallow the next day)
        year = None
        while y1 > y0:
            year = words_to_number([t[0] for t in toks[y0:y1]])
            if year is not None and 1900 <= year <= 2100:
                break
            y1 -= 1
        if day and year and 1900 <= year <= 2100:
            iso = _iso(day, mo, year)
            if iso:
                out.append(DateMatch(iso, toks[i][1], toks[y1 - 1][2]))
        i = max(y1, j + 1)
    return out


def parse_date(s: str) -> str | None:
    """The first date in ``s`` as ISO ``YYYY-MM-DD`` (``05-08-1990``, ``15 Oktober 2026``, ``1 AGT 2020``)."""
    ds = find_dates(s)
    return ds[0].iso if ds else None


# --------------------------------------------------------------------------- labels

def _label_char(letter: str) -> str:
    """Character class for ``letter`` in a label: itself, its look-alike digit and the other
    look-alikes of that digit. Label patterns ignore case, so a lower-case look-alike counts
    only when its upper case is in the same group (``b`` for ``6`` would let ``G`` match ``B``)."""
    digit = LOOKALIKES[letter]
    group = [k for k, v in LOOKALIKES.items() if v == digit]
    chars = [letter, digit] + [k for k in group if k != letter and (not k.isalpha() or k.upper() in group)]
    return "[" + re.escape("".join(dict.fromkeys(chars))) + "]"


_LABEL_CHAR: dict[str, str] = {c: _label_char(c) for c in LOOKALIKES if c.isupper()}
"""Upper-case label letter -> regex class of the slips tolerated for it (from :data:`LOOKALIKES`)."""


def label_pattern(label: str) -> str:
    """Regex source for a label that tolerates dropped/extra spaces, dots, slashes, colons and
    a few letter/digit slips: ``Tempat/Tgl Lahir`` matches ``TempatTglLahir`` and ``Tempat/Tgl.Lahir``
    (a tick read for a space too: ``Nama'Lengkap``; an ``m`` read ``rn``: ``Narna``)."""
    chars = [c for c in fold(label) if c.isalnum()]
    # an "m" read as "rn" ("Narna" for "Nama"): the recogniser's best-known split
    return r"[\s./\\:\-_,'`\u2019]*".join("(?:M|RN)" if c == "M" else _LABEL_CHAR.get(c, re.escape(c)) for c in chars)


@dataclass(frozen=True)
class LabelHit:
    """A label found in a text."""

    key: str
    """The field key of the label that matched."""
    start: int
    """Start offset of the label."""
    end: int
    """End offset of the label."""
    value_start: int
    """Offset after the label and its colon/separator."""
    exact: bool
    """False for a fuzzy match (lower confidence)."""


_LABEL_SETS: list[LabelSet] = []
"""Every label set built in this process (:func:`compile_label_sets`)."""


def compile_label_sets() -> None:
    """Compile the patterns of every label set built so far (a process that will read documents
    does it once, before it forks its readers, so that they share them)."""
    for ls in _LABEL_SETS:
        _ = ls._start, ls._any


_HALF_TO_COLON = re.compile(r"[^\W\d_][^\d:;.]{0,40}?[:;]\s*")
_HALF_TO_COMMA = re.compile(r"[^\W\d_]+\s*,\s*")
"""A bilingual label's other half, as far as its colon or comma (``Place, Dale of Birih:``, ``Nanić,``)."""
_HALF_TO_END = re.compile(r"[^\W\d_][^\W\d_]*(?:\s+[^\W\d_]+){0,2}\s*$")
"""... or as far as the row's end (``Nama /Namie`` over the value on the next row)."""


class LabelSet:
    """Labels of one document type: ``{field_key: [printed label variants]}``.

    ``match_start`` finds the label that begins a text; ``search`` finds any label anywhere
    (to cut a value where the next label on the same row begins).
    """

    def __init__(self, labels: dict[str, Sequence[str]]) -> None:
        self.labels = {k: list(v) for k, v in labels.items()}
        alts: list[tuple[str, str, str]] = []
        for key, variants in self.labels.items():
            for v in variants:
                alts.append((key, v, label_pattern(v)))
        # longest first so "Nama Kepala Keluarga" wins over "Nama"
        alts.sort(key=lambda a: len(compact(a[1])), reverse=True)
        self._alts = alts
        _LABEL_SETS.append(self)

    # Compiled on first use: an extractor's module is imported by every process that may read a
    # document, and a claim with nothing to read never pays for its patterns.
    @cached_property
    def _start(self) -> list[tuple[str, str, re.Pattern[str]]]:
        return [(k, v, re.compile(r"^[\s.\-*>|'\"`\u2018\u2019(\[]*(" + p + r")(?-i:(?![a-z]))", re.IGNORECASE))
                for k, v, p in self._alts]

    @cached_property
    def _any(self) -> list[tuple[str, str, re.Pattern[str]]]:
        return [(k, v, re.compile(r"(?<![A-Za-z])(" + p + r")(?![a-z])", re.IGNORECASE)) for k, v, p in self._alts]

    def _value_start(self, text: str, end: int) -> int:
        """Where the value after a label ending at ``end`` begins: past the colon, and past the
        label's other language when the form is bilingual ("Nama / Name :", "Tanggal Keluar -
        Last Day :", "Nama (Name) :")."""
        m = re.match(r"[\s:;.=\-)\]]*", text[end:])  # a bracketed caption's ")" too
        pos = end + (m.end() if m else 0)
        sep = re.match(r"\s*[/(|]\s*", text[pos:])
        if sep is None and "-" not in text[end:pos]:
            return pos
        at = pos + (sep.end() if sep else 0)
        for _k, _v, rx in self._start:
            other = rx.match(text[at:])
            if other:
                e = at + other.end(1)
                tail = re.match(r"\s*\)?[\s:;.=\-]*", text[e:])
                return e + (tail.end() if tail else 0)
        if sep and "/" in sep.group(0):
            # the other language misread by a letter ("Nama / Ful Name")
            near = self._fuzzy_start(text[at:])
            if near is not None:
                e = at + near.end
                tail = re.match(r"\s*\)?[\s:;.=\-]*", text[e:])
                return e + (tail.end() if tail else 0)
        # the other language misread ("Nama/Nanić, BUDI"): no value starts with a slash, so the
        # words after it up to their comma or colon are the label's other half
        # (a misread half is in the label's type, title or lower case: a value in capitals never is)
        if sep and "/" in sep.group(0):
            for rx_half in (_HALF_TO_COLON, _HALF_TO_COMMA, _HALF_TO_END):
                half = rx_half.match(text, at)
                if half and not re.search(r"\b[^\W\d_]*[A-Z]{2}", half.group(0)):
                    return half.end()
        return pos

    def match_start(self, text: str, *, fuzzy: bool = True) -> LabelHit | None:
        """The label at the start of ``text`` (exact-tolerant first, then fuzzy)."""
        for key, _v, rx in self._start:
            m = rx.match(text)
            if m:
                hit = LabelHit(key, m.start(1), m.end(1), self._value_start(text, m.end(1)), True)
                longer = self._longer_misread(text, hit) if fuzzy else None
                return longer or hit
        if fuzzy:
            return self._fuzzy_start(text) or self._short_before_colon(text)
        return None

    def _short_before_colon(self, text: str) -> LabelHit | None:
        """A short label (under five letters, too short for :meth:`_fuzzy_start`) misread by a
        doubled or added letter, its colon right after it ("Namma: SUMIYATI")."""
        m = re.match(r"\s*([^\W\d_]{3,6})\s?[:;]", text)
        if m is None:
            return None
        word = m.group(1).upper()
        for key, v, _p in self._alts:
            cl = compact(v)
            if len(cl) < 5 and len(cl) <= len(word) <= len(cl) + 1 and word != cl and fuzz.ratio(word, cl) >= 85:
                return LabelHit(key, m.start(1), m.end(1), self._value_start(text, m.end(1)), False)
        return None

    def _longer_misread(self, text: str, hit: LabelHit) -> LabelHit | None:
        """A longer label of the same field, misread, that begins with the short one found exactly
        ("Name Keryawan SRIWATI": "Nama Karyawan", not "Name" and a value "Keryawan SRIWATI").

        Only where no colon ends the short label and the next word is written as the label is
        (title or lower case after a title-case label, capitals after one in capitals): a value
        in capitals after a title-case label is the value."""
        rest = text[hit.end:]
        word = re.match(r" +([^\W\d_]+)(?=[\s:;.]|$)", rest)
        if word is None:
            return None
        head, nxt = text[hit.start:hit.end], word.group(1)
        # a whole word in the label's case: not a label's tail glued to a value in capitals
        # ("Nama NasahaMONALISA HARAHAP": the value starts inside that word)
        if head.isupper() != nxt.isupper() or (not nxt.isupper() and not re.fullmatch(r"[A-Z]?[a-z]+", nxt)):
            return None
        found = self._fuzzy_start(text, min_score=80, min_chars=len(compact(head)) + 4)
        end = hit.end + word.end(1)
        if found is None or found.key != hit.key or not end - 1 <= found.end <= end:
            return None
        return LabelHit(hit.key, hit.start, end, self._value_start(text, end), False)

    def _fuzzy_start(self, text: str, *, min_score: float = 86, min_chars: int = 5) -> LabelHit | None:
        # compare the compacted prefix of the text with each compacted label (length >= 5); the
        # best that ends at a word or colon boundary wins
        idx = [i for i, c in enumerate(text) if c.isalnum()]
        comp = "".join(text[i].upper() for i in idx)
        cands: list[tuple[float, int, str, int, str]] = []
        for key, v, _p in self._alts:
            cl = compact(v)
            if len(cl) < min_chars:
                continue
            for n in (len(cl) - 1, len(cl), len(cl) + 1):
                if n <= 0 or n > len(comp):
                    continue
                score = fuzz.ratio(comp[:n], cl)
                if score >= min_score:
                    cands.append((score, len(cl), key, n, cl))
        for _score, _len, key, n, cl in sorted(cands, key=lambda c: (-c[0], -c[1])):
            end = idx[n - 1] + 1
            # a truncated label glued to its number ("Nomor Rekeni7421710819"): the digits the
            # prefix took are the number's
            if end < len(text) and text[end].isdigit() and not any(ch.isdigit() for ch in cl):
                while end > idx[0] + 1 and text[end - 1].isdigit():
                    end -= 1
                # ... except the label's own last letters read as their look-alike digits
                # ("Nomor Rekenin9" + number: that 9 is the label's g)
                k = sum(1 for i in idx if i < end)
                while k < len(cl) and end < len(text) and text[end] in (LOOKALIKES.get(cl[k]), LOOKALIKES.get(cl[k].lower())):
                    end, k = end + 1, k + 1
            # a fuzzy label must end at a word/colon boundary, not mid-word
            if end < len(text) and text[end].isalpha() and text[end].islower():
                continue
            return LabelHit(key, idx[0], end, self._value_start(text, end), False)
        return None

    def search(self, text: str, start: int = 0) -> LabelHit | None:
        """The earliest label anywhere in ``text[start:]``."""
        best: LabelHit | None = None
        for key, _v, rx in self._any:
            m = rx.search(text, start)
            if m and (best is None or m.start(1) < best.start):
                best = LabelHit(key, m.start(1), m.end(1), self._value_start(text, m.end(1)), True)
        return best


# --------------------------------------------------------------------------- geometry

def union_box(lines: Iterable[TextLine]) -> Box:
    """Axis-aligned box around some lines (clockwise from top-left)."""
    ls = list(lines)
    x0, x1 = min(l.x0 for l in ls), max(l.x1 for l in ls)
    y0, y1 = min(l.y0 for l in ls), max(l.y1 for l in ls)
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


def line_height(line: TextLine) -> float:
    """Height of a line's box (at least 1 px)."""
    return max(1.0, line.y1 - line.y0)


@dataclass
class Row:
    """One visual row: lines sorted left to right, their cleaned joined text and char spans."""

    lines: list[TextLine]
    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines.sort(key=lambda l: l.x0)
        self._join()

    @classmethod
    def wrapped(cls, first: Row, second: Row) -> Row:
        """Two visual rows read as one, in reading order (a sentence wrapped at the line end:
        the second row's lines after the first's, wherever they start)."""
        row = cls(list(first.lines))
        row.lines = list(first.lines) + list(second.lines)
        row._join()
        return row

    def _join(self) -> None:
        parts: list[str] = []
        pos = 0
        self.spans = []
        for l in self.lines:
            t = clean_text(l.text)
            if parts:
                pos += 1
            self.spans.append((pos, pos + len(t)))
            parts.append(t)
            pos += len(t)
        self.text = " ".join(parts)

    @property
    def y0(self) -> float:
        """Top edge."""
        return min(l.y0 for l in self.lines)

    @property
    def y1(self) -> float:
        """Bottom edge."""
        return max(l.y1 for l in self.lines)

    @property
    def height(self) -> float:
        """Median line height."""
        return float(median(line_height(l) for l in self.lines))

    def lines_in(self, start: int, end: int) -> list[TextLine]:
        """Lines whose text overlaps ``text[start:end]``."""
        return [l for l, (a, b) in zip(self.lines, self.spans, strict=False) if a < end and b > start]

    def x_at(self, offset: int) -> float:
        """Approximate x of a character offset (interpolated inside its line)."""
        for l, (a, b) in zip(self.lines, self.spans, strict=False):
            if a <= offset < b or offset == b:
                frac = (offset - a) / max(1, b - a)
                return l.x0 + frac * (l.x1 - l.x0)
        return self.lines[-1].x1 if offset > 0 else self.lines[0].x0


def page_slope(lines: Sequence[TextLine]) -> float:
    """Median text-line slope (dy/dx of the boxes' top edges) of a page; 0 when unknown.

    Detector boxes follow the text's tilt, so a skewed scan shows here even when the page
    was not deskewed.
    """
    slopes: list[float] = []
    for l in lines:
        if len(l.box) < 2:
            continue
        (xa, ya), (xb, yb) = l.box[0][:2], l.box[1][:2]
        if xb - xa > 2 * line_height(l):
            slopes.append((yb - ya) / (xb - xa))
    if len(slopes) < 3:
        return 0.0
    sl = float(median(slopes))
    return sl if abs(sl) > 0.004 else 0.0


def group_rows(lines: Sequence[TextLine], overlap: float = 0.35) -> list[Row]:
    """Group lines into visual rows by vertical overlap, top to bottom.

    A line joins a row when it overlaps the row's lines' (median) vertical span by at least
    ``overlap`` of the smaller height. Coordinates are first corrected for the page's text
    slope (:func:`page_slope`), so a slightly skewed table still groups by row. Rows come
    back sorted top to bottom, lines left to right.
    """
    slope = page_slope(lines)

    def span(l: TextLine) -> tuple[float, float]:
        if not slope:
            return l.y0, l.y1
        ys = [p[1] - slope * p[0] for p in l.box]
        return min(ys), max(ys)

    rows: list[list[tuple[TextLine, float, float]]] = []
    for l in sorted(lines, key=lambda l: (sum(span(l)) / 2, l.x0)):
        if not l.text.strip():
            continue
        y0, y1 = span(l)
        placed = False
        for r in reversed(rows[-3:]):
            ref_y0 = median(x[1] for x in r)
            ref_y1 = median(x[2] for x in r)
            ov = min(y1, ref_y1) - max(y0, ref_y0)
            if ov >= overlap * min(max(1.0, y1 - y0), max(1.0, ref_y1 - ref_y0)):
                r.append((l, y0, y1))
                placed = True
                break
        if not placed:
            rows.append([(l, y0, y1)])
    rows.sort(key=lambda r: median((x[1] + x[2]) / 2 for x in r))
    return [Row([x[0] for x in r]) for r in rows]


@dataclass
class Hit:
    """A value read right of a label."""

    key: str
    """Field key of the label."""
    value: str
    """Cleaned value text (may include a continuation line)."""
    lines: list[TextLine]
    """Lines the value was read from."""
    row_index: int
    """Index of the label's row."""
    exact_label: bool
    """False when the label matched only fuzzily."""
    value_x0: float | None = None
    """Estimated left edge of the value text (inside a line that also holds the label)."""

    @property
    def confidence(self) -> float:
        """Lowest score of the lines used."""
        return min((l.confidence for l in self.lines), default=0.0)

    @property
    def box(self) -> Box | None:
        """Box around the value's lines."""
        return union_box(self.lines) if self.lines else None


OTHER_CELL_LABEL = re.compile(r"[A-Za-z][A-Za-z./]*(?: [A-Za-z][A-Za-z./]*){0,3} ?:")
"""An OCR line that opens with a few words and a colon: another cell's label ("ID Karyawan :
2201599" beside "Nama Lengkap: NAME"), whether or not the label list knows it."""


def _cut_at_gap(row: Row, start: int, end: int) -> int:
    """Shorten ``row.text[start:end]`` at the first wide horizontal gap between lines, or at a
    line apart from the value (more than a line height away) that opens with a label and its
    colon (the next cell of a two-column form, set close beside the value)."""
    idx = [i for i, (a, b) in enumerate(row.spans) if a < end and b > start]
    if len(idx) < 2:
        return end
    h = row.height
    for i, j in itertools.pairwise(idx):
        gap = row.lines[j].x0 - row.lines[i].x1
        if gap > 3.0 * h or (gap > h and row.spans[i][1] > start
                             and OTHER_CELL_LABEL.match(row.lines[j].text.strip()) is not None):
            return min(end, row.spans[i][1])
    return end


def _label_line(row: Row, start: int, end: int, labels: LabelSet, fuzzy: bool) -> LabelHit | None:
    """The label (offsets in ``row.text``) opening a line inside ``row.text[start:end]`` set
    apart from the value (more than a line height away), however misread: "Nomor
    Rekenin3343950708" close beside a holder's name is the next cell, not more of the name."""
    h = row.height
    for i in range(1, len(row.lines)):
        a = row.spans[i][0]
        if a <= start or a >= end or row.lines[i].x0 - row.lines[i - 1].x1 <= h:
            continue
        hit = labels.match_start(row.text[a:], fuzzy=fuzzy)
        if hit is not None:
            return shifted_hit(hit, a)
    return None


def value_right_of(rows: Sequence[Row], labels: LabelSet, *, fuzzy: bool = True) -> dict[str, Hit]:
    """Read every ``label : value`` pair, value on the same row right of its label.

    Labels may begin a row or follow another value on the same row (``Jenis Kelamin : LAKI-LAKI
    Gol. Darah : O``); a value stops at the next label, or at a wide gap. The first
    occurrence of a key wins.
    """
    hits: dict[str, Hit] = {}
    for ri, row in enumerate(rows):
        text = row.text
        pos = 0
        for col in column_starts(row):
            if col < pos:
                continue
            # a misread label may start any column ("Nama : X      Nomor Rekeni7421710819")
            lh = shifted_hit(labels.match_start(text[col:], fuzzy=fuzzy), col)
            while lh is not None:
                nxt = labels.search(text, lh.value_start)
                end = nxt.start if nxt else len(text)
                end = _cut_at_gap(row, lh.value_start, end)
                beside = _label_line(row, lh.value_start, end, labels, fuzzy)
                if beside is not None:
                    nxt, end = beside, beside.start
                value = text[lh.value_start:end].strip(" :;")
                if lh.key not in hits:
                    hits[lh.key] = Hit(lh.key, value, row.lines_in(lh.value_start, end) if value else [], ri, lh.exact,
                                       row.x_at(lh.value_start))
                pos = end
                lh = nxt if nxt and nxt.start >= pos else None
    return hits


def column_starts(row: Row) -> list[int]:
    """Offsets in ``row.text`` where a column begins: the row's start and every line after a wide
    gap (a second key/value block beside the first: "Nama : X      No. Rekening : Y")."""
    out = [0]
    h = row.height
    for i in range(1, len(row.lines)):
        if row.lines[i].x0 - row.lines[i - 1].x1 > 1.5 * h:
            out.append(row.spans[i][0])
    return out


def shifted_hit(hit: LabelHit | None, offset: int) -> LabelHit | None:
    """``hit`` found in ``text[offset:]`` with its offsets in ``text``."""
    if hit is None:
        return None
    return LabelHit(hit.key, hit.start + offset, hit.end + offset, hit.value_start + offset, hit.exact)


def continuation(rows: Sequence[Row], hit: Hit, labels: LabelSet, *, max_lines: int = 1) -> Hit:
    """Append wrapped continuation rows to a value (a name on two lines).

    A continuation row lies right under the value (vertical gap under one line height),
    starts at or right of the value's left edge (nothing in the label column), carries no
    label and is mostly letters.
    """
    if not hit.lines:
        return hit
    h = float(median(line_height(l) for l in hit.lines))
    vx0 = hit.value_x0 if hit.value_x0 is not None else min(l.x0 for l in hit.lines)
    value = hit.value
    used = list(hit.lines)
    bottom = max(l.y1 for l in hit.lines)
    for r in rows[hit.row_index + 1: hit.row_index + 1 + max_lines]:
        first = r.lines[0]
        if first.y0 - bottom > 0.9 * h or first.x0 < vx0 - 1.5 * h:
            break
        if first.x0 > vx0 + 6 * h:
            break
        if labels.match_start(r.text, fuzzy=False) or labels.search(r.text):
            break
        letters = sum(c.isalpha() for c in r.text)
        if letters < 0.6 * max(1, len(r.text.replace(" ", ""))):
            break
        end = _cut_at_gap(r, 0, len(r.text))
        value = f"{value} {r.text[:end].strip()}".strip()
        used.extend(r.lines_in(0, end))
        bottom = r.y1
    return Hit(hit.key, value, used, hit.row_index, hit.exact_label)


def value_below(rows: Sequence[Row], hit: Hit, labels: LabelSet) -> Hit | None:
    """The value printed under its label (``No. KPJ`` / ``83988480790``) when the label row has none.

    The next row must start within a few line heights of the label's left edge, lie within
    one and a half line heights under it and carry no label of its own.
    """
    if hit.row_index + 1 >= len(rows):
        return None
    label_row = rows[hit.row_index]
    nxt = rows[hit.row_index + 1]
    h = label_row.height
    first = nxt.lines[0]
    if first.y0 - label_row.y1 > 1.5 * h or abs(first.x0 - label_row.lines[0].x0) > 3 * h:
        return None
    if labels.match_start(nxt.text, fuzzy=False):
        return None
    end = _cut_at_gap(nxt, 0, len(nxt.text))
    return Hit(hit.key, nxt.text[:end].strip(), nxt.lines_in(0, end), hit.row_index + 1, hit.exact_label, first.x0)


def clean_value(s: str) -> str:
    """A printed text value without OCR edge noise: collapsed spaces, no stray edge punctuation."""
    s = clean_text(s)
    s = re.sub(r"^[\s:;.,\-_=|'\"]+", "", s)
    s = re.sub(r"[\s:;,\-_=|'\"]+$", "", s)
    return s


def clean_name(s: str) -> str:
    """A person's name as printed: letters, spaces, dots, commas, apostrophes and hyphens only."""
    s = clean_value(s)
    # a letter read as its look-alike digit inside a word ("HADISOE8ROTO", "SUPR1YADI")
    s = re.sub(r"(?<=[A-Za-z])[0-9](?=[A-Za-z])", lambda m: LETTER_FOR_DIGIT.get(m.group(0), m.group(0)), s)
    # a Balinese name's "I" read as a one ("1 GEDE ARIF", "| WAYAN"): before a birth-order or
    # caste name only, so a table's row number before a name stays a number (dropped below)
    s = re.sub(r"(?:^|(?<=\s))[1l|!](?=\s+(?:GEDE|WAYAN|MADE|KETUT|NYOMAN|KADEK|KOMANG|GUSTI|NENGAH)\b)",
               "I", s, flags=re.IGNORECASE)
    # ... and its space read as a tick or a dot ("I'GEDE", "I.WAYAN")
    s = re.sub(r"(?:^|(?<=\s))I['.](?=(?:GEDE|WAYAN|MADE|KETUT|NYOMAN|KADEK|KOMANG|GUSTI|NENGAH|PUTU|LUH)\b)",
               "I ", s, flags=re.IGNORECASE)
    # a title's dot read as a colon ("DR: DEDI") and a degree's comma as a semicolon ("PRATAMA; A.MD")
    s = re.sub(r"\b(DRS|DRA|DRG|DR|IR|HJ|PROF|Drs|Dra|Drg|Dr|Ir|Hj|Prof)[:;](?= ?[A-Z])", r"\1.", s)
    s = re.sub(r"(?<=[A-Za-z]{3});(?= ?[A-Z]\.[A-Za-z])", ",", s)
    s = re.sub(r"[:;/|()\[\]]", " ", s)  # separators part words ("NAMA:DEWI LESTARI")
    s = re.sub(r"[^A-Za-z .,'\-]", "", s)
    s = re.sub(r"\s+", " ", s).strip(" ,-")
    # no name starts with punctuation: what is left of a colon read as "0." before it
    s = re.sub(r"^[ .,'\-]+", "", s)
    # a dot read twice ("DRS..ROBERT")
    s = re.sub(r"\.{2,}", ".", s)
    # the comma before a degree read as a full stop ("H. SUKARDI. M.M." -> "H. SUKARDI, M.M.")
    s = re.sub(r"(?<=[A-Za-z]{3})\.(?= (?:[A-Z]\.){1,3}[A-Z]{0,4}\.?$| [A-Z]\.[A-Z][A-Za-z]{1,4}\.?$)", ",", s)
    # a title's dot or a degree's comma printed with its space, however it was read
    # ("DR.YAYAT" -> "DR. YAYAT", "SANTOSO,S.KOM" -> "SANTOSO, S.KOM")
    s = re.sub(r"\b(DRS|DRA|DRG|DR|IR|HJ|PROF|KH|Drs|Dra|Drg|Dr|Ir|Hj|Prof)\.(?=[A-Z][A-Za-z])", r"\1. ", s)
    # ... or its dot lost ("DR DJUMADI" -> "DR. DJUMADI"), at the name's start or after another title
    s = re.sub(r"^((?:(?:PROF|DRS|DRA|DRG|DR|IR|HJ|H|Prof|Drs|Dra|Drg|Dr|Ir|Hj)\. )*)"
               r"(PROF|DRS|DRA|DRG|DR|HJ|Prof|Drs|Dra|Drg|Dr|Hj) (?=[A-Z][A-Za-z])", r"\1\2. ", s)
    # ... and Haji's or Muhammad's initial ("H.ROBERT" -> "H. ROBERT"), never a degree after the
    # name's comma ("SANTOSO, M.KOM")
    s = re.sub(r"(?<![,.] )(?<![,.])\b([HM])\.(?=[A-Z][A-Za-z]{2,})", r"\1. ", s)
    s = re.sub(r"(?<=[A-Za-z]),(?=[A-Za-z])", ", ", s)
    # a degree after the name's comma whose dot was read as a space ("SANTOSO, S KOM" -> "S.KOM")
    s = re.sub(r"(?<=, )([SMDA]) ([A-Za-z]{1,4})(?=$|[ ,.])", r"\1.\2", s)
    # ... or read with a space after its dot ("SOESILO, A. MD" -> "A.MD", "SARI, S. PD" -> "S.PD")
    s = re.sub(r"(?<=, )([SMDA])\. ([A-Za-z]{2,4})(?=$|[ ,.])", r"\1.\2", s)
    # a speck read as a tick after a word, before a space ("NUR' MAYA"): a name's apostrophe is
    # inside a word ("NUR'AINI", "MA'RUF"), never before its space
    s = re.sub(r"(?<=[A-Za-z])'+(?= |$)", "", s)
    # the rest of a label glued to a name in capitals ("Nama NasabalSLAMET SETIAWAN"): names are
    # printed in capitals, so a leading title-case word run into capitals is the label's
    s = re.sub(r"^[A-Z][a-z]{2,}(?=[A-Z]{2,}(?:[ .,']|$))", "", s)
    # a speck read as a dot or a tick between two whole words ("BAMBANG.WIJAYA",
    # "SYAIFUL'HAKIM"): the space they hide (a tick only between words of four or more
    # letters, so "NUR'AINI" and "MA'RUF" keep theirs; the dot is dropped below unless it
    # ends an abbreviation: "MOH.ARIF" -> "MOH. ARIF")
    # (again after each split: "DIMAS.PRATAMA.WIJAYA" hides two)
    for _ in range(3):
        spaced = re.sub(r"(?<![A-Za-z.])([A-Za-z]{3,})\.(?=[A-Za-z]{3,})", r"\1. ", s)
        if spaced == s:
            break
        s = spaced
    s = re.sub(r"(?<![A-Za-z'])([A-Za-z]{4,})'(?=[A-Za-z]{4,})", r"\1 ", s)
    # a stray dot read after a whole word inside or at the end of the name ("ANDI. SAPUTRA",
    # "ABDUL HAKIM."); abbreviations (M., MOH., H., DRS., PROF., SDRI.) and degrees (S.Farm.) keep theirs
    s = re.sub(r"(?<![.])\b([A-Za-z]{4,})\.(?= [A-Za-z]{2}|$)",
               lambda m: m.group(0) if m.group(1).upper() in DOTTED_WORDS else m.group(1), s)
    return s


DOTTED_WORDS = frozenset({"PROF", "SDRI", "MOCH", "MUCH", "MOHD", "MUHD", "MOHAM", "ACHM", "ABD", "HAJI"})
"""Words of four or more letters printed with a dot before a name (abbreviations and titles)."""



SALUTATIONS: frozenset[str] = frozenset(
    {"SDR", "SDRI", "SAUDARA", "SAUDARI", "BPK", "BAPAK", "IBU", "TN", "TUAN", "NY", "NYONYA", "NN", "NONA",
     "MR", "MRS", "MS", "MISS"}
)
"""Words that address a person before the name and are not part of it (an ID never prints them)."""
MISREAD_SALUTATIONS = frozenset({"MC"})
"""Salutations as the recogniser often misreads them ("Mc." for "Mr.")."""


def without_salutation(name: str) -> str:
    """``name`` without the salutations written before it ("Sdr. BUDI SANTOSO" -> "BUDI SANTOSO",
    "Bapak/Ibu SITI", a misread "Mc. HADI"); titles that are part of the name (H., DR., IR.) stay,
    and a one-word name is never emptied."""
    words = name.split()
    known = SALUTATIONS | MISREAD_SALUTATIONS
    while len(words) > 1 and all(p in known for p in re.split(r"[./(),]+", words[0].upper()) if p):
        words.pop(0)
    return " ".join(words)
