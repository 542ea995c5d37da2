"""Output validation of the extractors: a value of implausible shape is never reported as found.

A printed label read as a value ("TGL. LAHIR" as a name), a name with digits, a date outside
the plausible range, a KPJ that is not 11 digits or a NIK that is not 16: such a "value" is a
misread, and a misread must never become an accusation. The extractors drop it (the field is
then not read), and the checks in :mod:`matching.verdict` use the same predicates.

The label vocabulary is derived from the extractors' own label lists (every document type's
:class:`~ocr.text.LabelSet`, the KK's column titles and relationship values, the card's
printed words), not from a separate list per layout family.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ocr.records import FieldValue
from ocr.text import LabelSet, compact, fold

BIRTH_MIN = date(1930, 1, 1)
"""Earliest plausible birth date."""
EVENT_MIN = date(1970, 1, 1)
"""Earliest plausible date of a letter or of the end of employment."""

DIGIT_LENGTHS: dict[str, tuple[int, int]] = {
    "nik": (16, 16),
    "kpj": (11, 11),
    "kk_number": (16, 16),
    "account_number": (6, 20),
    "sim_number": (12, 14),
}
"""Inclusive digit-count range of each digit field."""

NAME_FIELDS = frozenset({"full_name", "account_holder"})
"""Fields that hold a person's name."""
DATE_FIELDS = {"birth_date": BIRTH_MIN, "resignation_date": EVENT_MIN, "letter_date": EVENT_MIN}
"""Date fields and their earliest plausible value."""


_PHRASES: list[str] = []
"""Printed labels, headings and fixed words, registered by the extractor modules."""
_COMPACTS: set[str] = set()
"""Already compacted headings (KK column titles)."""


def register_vocabulary(*, label_sets: tuple[LabelSet, ...] = (), phrases: tuple[str, ...] = (),
                        compacted: tuple[str, ...] = ()) -> None:
    """Add an extractor's printed words to the label vocabulary.

    Each extractor module registers its own label lists when it is imported, so the vocabulary
    is derived from what the extractors read, and this module imports none of them (no cycle).
    """
    for ls in label_sets:
        for variants in ls.labels.values():
            _PHRASES.extend(variants)
    _PHRASES.extend(phrases)
    _COMPACTS.update(compacted)
    label_vocabulary.cache_clear()


@lru_cache(maxsize=1)
def label_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(compacted printed labels and headings, the words they are made of), from the extractors."""
    compacts = {compact(p) for p in _PHRASES} | _COMPACTS
    words = {w for p in _PHRASES for w in re.split(r"[^A-Z]+", fold(p)) if len(w) >= 2}
    # KK column titles are compacted; their words are in the KTP/KK labels already, plus these
    words.update({"NAMA", "LENGKAP", "TEMPAT", "TANGGAL", "TGL", "LAHIR", "KEPALA", "KELUARGA", "HUBUNGAN", "DALAM"})
    return frozenset(c for c in compacts if c), frozenset(words)


def is_label(text: str) -> bool:
    """True when ``text`` is a printed label or heading rather than a value.

    ``"TGL. LAHIR"``, ``"Nama"``, ``"TEMPAT/TGL LAHIR"``, ``"KEPALA KELUARGA"``, ``"JENIS KELAMIN"``,
    and a label whose ``m`` was read ``rn`` (``"Narna"``), or whose long words have an OCR slip or
    two (``"No. Rcening"``).
    """
    compacts, words = label_vocabulary()
    c = compact(text)
    if not c:
        return False
    if c in compacts:
        return True
    # letters the recogniser splits or merges ("Narna" is "Nama", "Tvvp" ...): a label all the same
    healed = c.replace("RN", "M").replace("VV", "W")
    if healed != c and healed in compacts:
        return True
    ws = [w for w in re.split(r"[^A-Z]+", fold(text)) if w]
    if not ws:
        return False
    exact = sum(w in words for w in ws)
    if exact == len(ws):
        return True
    # label words with an OCR slip ("No. Rcening"): at least half the words exact, the rest near
    # one (a name is no label for having words near some: BAMBANG / CABANG, TAMBUNAN / TABUNGAN)
    return 2 * exact >= len(ws) and all(w in words or _near_label_word(w, words) for w in ws)


def _near_label_word(word: str, words: frozenset[str]) -> bool:
    """A long word one OCR slip from a label's word (two for seven letters and more:
    "RCENING" is "REKENING"); short words must be exact (a name is no label for being near one)."""
    if len(word) < 6:
        return False
    k = 2 if len(word) >= 7 else 1
    return any(len(w) >= 6 and abs(len(w) - len(word)) <= k and Levenshtein.distance(word, w, score_cutoff=k) <= k
               for w in words)


ORGANISATION_WORDS = frozenset({
    "PT", "CV", "TBK", "PERSERO", "KOPERASI", "YAYASAN", "PERUSAHAAN", "PIMPINAN", "DIREKSI", "DIREKTUR",
    "DIRECTOR", "MANAGER", "MANAJER", "HRD", "HRGA", "PERSONALIA", "SDM", "YTH", "KEPADA", "TEMPAT", "BANK",
    "CABANG", "KANTOR", "KARYAWAN", "PEGAWAI", "COMPANY", "DEPARTEMEN", "TABUNGAN", "REKENING", "SALDO",
    "GIRO", "DEPOSITO", "SYARIAH", "PAYROLL", "KCP", "KCU", "UNIT",
})
"""Words of a company, an office or an addressee line: a value holding one is not a person's name."""


def plausible_name(value: str) -> bool:
    """A person's name: at least two letters, no digits, not a label, heading or organisation."""
    v = str(value or "").strip()
    if sum(ch.isalpha() for ch in v) < 2 or re.search(r"\d", v):
        return False
    if any(w in ORGANISATION_WORDS for w in re.split(r"[^A-Z]+", fold(v))):
        return False
    return not is_label(v)


def plausible_date(value: str, earliest: date, *, today: date | None = None, ahead_days: int = 0) -> bool:
    """An ISO date between ``earliest`` and ``today`` (plus ``ahead_days``)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(value or "").strip())
    if not m:
        return False
    try:
        d = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return False
    ref = today or date.today()
    return earliest <= d and (d - ref).days <= ahead_days


def plausible_digits(key: str, value: str) -> bool:
    """Digits (printed separators allowed), of the field's length (NIK 16, KPJ 11, account 6..20)."""
    v = re.sub(r"[\s\-./]", "", str(value or ""))  # printed separators ("0123-01-000123-56-7")
    lo, hi = DIGIT_LENGTHS.get(key, (1, 64))
    return v.isdigit() and lo <= len(v) <= hi


def plausible(key: str, value: object, *, today: date | None = None) -> bool:
    """Whether an extracted scalar field value has a plausible shape for its field ``key``.

    Fields without a rule (address, bank, members, ...) are always plausible here.
    """
    if not isinstance(value, str):
        return True
    if key in NAME_FIELDS:
        return plausible_name(value)
    if key in DIGIT_LENGTHS:
        return plausible_digits(key, value)
    if key in DATE_FIELDS:
        # a letter may be dated (or take effect) a little ahead of the day it is uploaded
        return plausible_date(value, DATE_FIELDS[key], today=today, ahead_days=0 if key == "birth_date" else 366)
    return True


def validated(fields: dict[str, FieldValue], *, today: date | None = None) -> dict[str, FieldValue]:
    """The extracted fields without those whose value is implausible for the field."""
    return {k: v for k, v in fields.items() if plausible(k, v.value, today=today)}
