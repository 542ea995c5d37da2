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
from ocr.text import Row, group_rows, union_box

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
