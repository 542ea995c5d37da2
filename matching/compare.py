"""Digit and date comparisons that know OCR confusions and OCR confidence.

A typed number that differs from what OCR read is only a ``mismatch`` when OCR was sure of
the differing characters; a difference where OCR was unsure is ``review`` (a person looks),
never an accusation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from rapidfuzz.distance import Levenshtein

from ocr.records import FieldValue
from ocr.text import LOOKALIKES

CompareStatus = Literal["match", "mismatch", "review"]

LOW_CONFIDENCE = 0.80
"""Default OCR confidence below which a differing character/field is ``review``."""

_DIGIT_LOOKALIKES = str.maketrans(LOOKALIKES)
"""Letters that OCR (or a person) writes for look-alike digits: the whole of
:data:`ocr.text.LOOKALIKES` (the value is known to be a number)."""


def normalise_digits(s: str | None) -> str:
    """Digits only: NFKC, look-alike letters read as digits, separators dropped.

    ``"3204-1105 0890 0002"`` -> ``"3204110508900002"``; ``"32O4"`` -> ``"3204"``.
    """
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", str(s)).translate(_DIGIT_LOOKALIKES)
    return re.sub(r"\D", "", s)


@dataclass(frozen=True)
class DigitResult:
    """Outcome of comparing a typed number with an OCR'd number."""

    status: CompareStatus
    """``match``, ``mismatch`` (OCR was sure and it differs) or ``review`` (OCR unsure)."""
    score: float
    """0..100 similarity (normalised Levenshtein)."""
    positions: tuple[int, ...]
    """0-based positions in the typed number where it differs (edits, for unequal lengths)."""
    typed: str = ""
    """The typed digits, normalised."""
    found: str = ""
    """The OCR digits, normalised."""


def _field_parts(found: FieldValue | str | None) -> tuple[str, float, list[float] | None]:
    """Digits, field confidence and per-character confidences of ``found``."""
    if isinstance(found, FieldValue):
        raw = found.value if isinstance(found.value, str) else ("" if found.value is None else str(found.value))
        digits = normalise_digits(raw)
        chars = found.char_confidences
        if chars is not None and len(chars) != len(digits):
            chars = None  # cannot map per-character scores onto the cleaned digits
        return digits, float(found.confidence), chars
    return normalise_digits(found), 1.0, None


def compare_digits(
    typed: str, found: FieldValue | str | None, *, low_conf: float = LOW_CONFIDENCE
) -> DigitResult:
    """Compare a typed number (NIK, KPJ, account number) with what OCR read.

    Args:
        typed: As typed (spaces, dashes allowed).
        found: The extracted field (with confidences) or a plain string (taken as certain).
        low_conf: Confidence below which OCR is considered unsure.

    Returns:
        ``match`` when equal after normalising. Otherwise ``review`` when every differing
        character was read with low per-character confidence (when ``char_confidences`` is
        given) or the whole field's confidence is below ``low_conf``, or nothing was read, or
        the read number is the typed one cut short by one or two digits at an end
        (:func:`_cut_short`); else ``mismatch`` (also for another length read with confidence).
    """
    t = normalise_digits(typed)
    f, conf, chars = _field_parts(found)
    if not f:
        return DigitResult("review", 0.0, (), t, f)
    score = round(Levenshtein.normalized_similarity(t, f) * 100, 1)
    if t == f:
        return DigitResult("match", 100.0, (), t, f)
    if len(t) == len(f):
        positions = tuple(i for i, (x, y) in enumerate(zip(t, f, strict=False)) if x != y)
        found_positions = positions
    else:
        ops = Levenshtein.editops(t, f)
        positions = tuple(sorted({min(op.src_pos, max(len(t) - 1, 0)) for op in ops}))
        found_positions = tuple(sorted({min(op.dest_pos, len(f) - 1) for op in ops}))
    unsure = conf < low_conf or _cut_short(t, f)
    if not unsure and chars is not None and found_positions:
        unsure = all(chars[p] < low_conf for p in found_positions)
    return DigitResult("review" if unsure else "mismatch", score, positions, t, f)


CUT_SHORT_MAX = 2
"""At most this many digits lost at one end of a read number make it a partial read."""


def _cut_short(typed: str, found: str) -> bool:
    """The read number is the typed one with one or two digits lost at its start or end (a
    label glued to the value swallowed them: "Nomor Rekenin42-582-2820" for 3425822820): a
    partial read, never evidence of another number. A read number *longer* than the typed one
    stays a difference (the claimant may have dropped a digit)."""
    return 0 < len(typed) - len(found) <= CUT_SHORT_MAX and len(found) >= 6 and (
        typed.startswith(found) or typed.endswith(found))


@dataclass(frozen=True)
class NikDate:
    """The birth date and gender encoded in a NIK (digits 7-12, DDMMYY)."""

    day: int
    """Day of month (40 already subtracted for women)."""
    month: int
    year2: int
    """Two-digit year."""
    gender: Literal["LAKI-LAKI", "PEREMPUAN"]
    """As the KTP prints it."""

    @property
    def ddmmyy(self) -> str:
        """The date as six DDMMYY digits."""
        return f"{self.day:02d}{self.month:02d}{self.year2:02d}"


def nik_birth_date(nik: str) -> NikDate | None:
    """Decode the birth date and gender from a NIK (day + 40 for women).

    Returns:
        The decoded parts, or None when the NIK is not 16 digits or the date part is not a
        possible day/month.
    """
    d = normalise_digits(nik)
    if len(d) != 16:
        return None
    day, month, yy = int(d[6:8]), int(d[8:10]), int(d[10:12])
    gender: Literal["LAKI-LAKI", "PEREMPUAN"] = "LAKI-LAKI"
    if day > 40:
        day -= 40
        gender = "PEREMPUAN"
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return NikDate(day, month, yy, gender)


def resolve_ddmmyy(ddmmyy: str, *, today: date | None = None) -> date | None:
    """A DDMMYY string as a full date: the century that does not put it in the future.

    ``YY`` is 20YY when 20YY is not after ``today``'s year, else 19YY. None when invalid.
    """
    d = normalise_digits(ddmmyy)
    if len(d) != 6:
        return None
    day, month, yy = int(d[:2]), int(d[2:4]), int(d[4:])
    ref = today or date.today()
    year = 2000 + yy if 2000 + yy <= ref.year else 1900 + yy
    try:
        resolved = date(year, month, day)
    except ValueError:
        return None
    if resolved > ref and year >= 2000:
        try:
            resolved = date(year - 100, month, day)
        except ValueError:
            return None
    return resolved


def parse_iso(s: str | None) -> date | None:
    """``YYYY-MM-DD`` (also ``DD-MM-YYYY``/``DD/MM/YYYY`` as printed) to a date, or None."""
    if not s:
        return None
    s = unicodedata.normalize("NFKC", str(s)).strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", s)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class DateResult:
    """Outcome of comparing a typed DDMMYY date with a full date."""

    status: CompareStatus
    """``match``, ``mismatch`` or ``review`` (OCR unsure or nothing read)."""
    typed: date | None
    """The typed date resolved with the century rule (None if invalid)."""
    found: date | None
    """The document's date (None if unreadable)."""
    differs: tuple[str, ...]
    """Which parts differ: ``day``, ``month``, ``year``; ``day_month_swapped``; ``invalid``."""


def compare_dates(
    typed_ddmmyy: str,
    found_iso: FieldValue | str | None,
    *,
    today: date | None = None,
    low_conf: float = LOW_CONFIDENCE,
) -> DateResult:
    """Compare a typed DDMMYY birth date with a document's ISO date.

    The typed two-digit year is resolved with :func:`resolve_ddmmyy` (century rule relative
    to ``today``); when its two digits equal the last two of the document's year, the
    document's century is taken (a claimant cannot type the century). Then day, month and
    year are compared.

    Returns:
        ``match`` when equal; ``review`` when the document date is missing or read with low
        confidence and differs; ``mismatch`` otherwise (also for an invalid typed date).
    """
    conf = 1.0
    raw = found_iso
    if isinstance(found_iso, FieldValue):
        conf = float(found_iso.confidence)
        raw = found_iso.value
    found = parse_iso(raw if isinstance(raw, str) else None)
    typed = resolve_ddmmyy(typed_ddmmyy, today=today)
    if found is None:
        return DateResult("review", typed, None, ())
    if typed is None:
        return DateResult("mismatch", None, found, ("invalid",))
    if typed.year % 100 == found.year % 100 and typed.year != found.year:
        # the two typed year digits agree with the document: take the document's century
        try:
            typed = typed.replace(year=found.year)
        except ValueError:  # 29 Feb in a century year that is not a leap year
            pass
    if typed == found:
        return DateResult("match", typed, found, ())
    differs: list[str] = []
    if typed.day == found.month and typed.month == found.day and typed.year == found.year:
        differs.append("day_month_swapped")
    else:
        if typed.day != found.day:
            differs.append("day")
        if typed.month != found.month:
            differs.append("month")
        if typed.year != found.year:
            differs.append("year")
    status: CompareStatus = "review" if conf < low_conf else "mismatch"
    return DateResult(status, typed, found, tuple(differs))


REGION_DIGITS = 6
"""A NIK and a KK number both start with the 6-digit region code (province, city, district)."""


def region_as_kk_number(r: DigitResult, kk_number: str) -> bool:
    """A member's NIK differs from the typed NIK only in its region code, where the typed digits
    are the KK number's and the read ones are not: the KK's own number says the row was misread
    (a typed NIK from another region differs from the KK number there too)."""
    if len(kk_number) != 16 or len(r.typed) != 16 or len(r.found) != 16 or not r.positions:
        return False
    return all(p < REGION_DIGITS and r.typed[p] == kk_number[p] != r.found[p] for p in r.positions)
