"""Helpers every field extractor shares (confidence of repaired digits, building a field,
rows of a page, merging per-page results).

They live here, not in ``ocr/extract/__init__.py``, so the type modules import them without
importing the package that imports them (no import cycle).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from ocr.records import FieldValue, OcrPage, TextLine
from ocr.text import Row, fold, group_rows, union_box

Extractor = Callable[[list[OcrPage]], dict[str, FieldValue]]

REPAIR_PENALTY = 0.9
"""Confidence factor applied once when letters had to be mapped to digits."""


def repair_factor(n_repairs: int) -> float:
    """Confidence factor for a digit field that needed ``n_repairs`` letter->digit fixes."""
    if n_repairs <= 0:
        return 1.0
    return REPAIR_PENALTY if n_repairs <= 2 else REPAIR_PENALTY * 0.85


def make_field(value: object, lines: Iterable[TextLine], page: int, factor: float = 1.0,
               cap: float | None = None) -> FieldValue:
    """A FieldValue whose confidence is the lowest line score times ``factor`` (capped at ``cap``)."""
    ls = list(lines)
    conf = min((l.confidence for l in ls), default=0.0) * factor
    if cap is not None:
        conf = min(conf, cap)
    return FieldValue(value=value, confidence=round(max(0.0, min(1.0, conf)), 4), page=page,
                      box=union_box(ls) if ls else None)


def page_rows(page: OcrPage) -> list[Row]:
    """Visual rows of one page."""
    return group_rows(page.lines)


def merge_best(results: Iterable[dict[str, FieldValue]]) -> dict[str, FieldValue]:
    """Merge per-page results, keeping the most confident value of each field."""
    out: dict[str, FieldValue] = {}
    for res in results:
        for k, v in res.items():
            if k not in out or v.confidence > out[k].confidence:
                out[k] = v
    return out


_DDMMYYYY = re.compile(r"(?<![0-9])([0-3][0-9])([01][0-9])((?:19|20)[0-9]{2})(?![0-9])")
UNSEPARATED_FACTOR = 0.7
"""Confidence factor of a birth date whose separators the OCR lost ("05081990") when nothing
else on the card (a KTP's NIK) confirms it: below ``LOW_CONFIDENCE``, so it may confirm but
never accuse."""


def date_without_separators(value: str) -> tuple[str, int] | None:
    """``(ISO, start)`` of a DDMMYYYY run in a birth value whose separators were lost."""
    m = _DDMMYYYY.search(value)
    if m is None:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat(), m.start()
    except ValueError:
        return None


LABEL_TAIL = re.compile(r"((?:[^\W\d_]+\.?\s+){0,2}[^\W\d_]+\.?)\s*[:;]\s*(\S.*)")
"""The rest of a name label a label list does not know, up to its colon, and the value after it."""
OTHER_PERSON = re.compile(r"ATASAN|AYAH|\bIBU\b|BAPAK|SUAMI|ISTRI|PASANGAN|WALI|SAKSI|PIMPINAN|PERUSAHAAN|INSTANSI"
                          r"|\bBANK\b|ORANG\s*TUA|AHLI\s*WARIS|\bANAK\b|KANDUNG|PENANDA\s*TANGAN|DIREKTUR|MANAGER"
                          r"|MANAJER|KELUARGA|KEPALA|SUPERVISOR|COMPANY|FATHER|MOTHER|SPOUSE|SUPERIOR|CABANG|KANTOR")
"""Words of a label naming someone or something other than the person whose name is wanted."""


def unknown_label_tail(row_text: str, value: str) -> tuple[str, bool] | None:
    """A name label found at its start ("Nama") followed by one to three words and then a colon
    before the value ("Nama Pekerja : BUDI", "Nama Lengkap : BUDI", "Nama Pemilik Rek : BUDI"),
    also where those words were read in a box of their own before the colon's:
    those words are the label's, not the name's. Returns ``(the value after the colon, whether
    the label names someone or something else: "Nama Ibu Kandung", "Nama Atasan")``, or None
    when no colon follows a few words (or one came before ``value`` already)."""
    at = row_text.find(value)
    if at < 0 or re.search(r"[:;]", row_text[:at]):
        return None
    m = LABEL_TAIL.match(value)
    if m is None and re.match(r"\s*[:;]", row_text[at + len(value):]):
        # the label's rest read in the label's own box ("Nama Peserta"), its colon and the value
        # in the next box (": HOTMAN PANJAITAN"): the colon still ends the label
        m = LABEL_TAIL.match(row_text[at:])
    if m is None:
        return None
    return m.group(2), OTHER_PERSON.search(fold(m.group(1))) is not None
