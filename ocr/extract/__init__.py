"""Field extractors, one module per document type, all of the same shape.

Each module exposes ``extract(pages: list[OcrPage]) -> dict[str, FieldValue]`` using the
contract's field names; :data:`EXTRACTORS` maps a document type to it. A field that cannot
be read reliably is left out (or given a low confidence): a confident wrong NIK or name is
worse than no answer.
"""

from __future__ import annotations

from typing import Callable, Iterable

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


def get_extractor(doc_type: str) -> Extractor:
    """The extractor of a document type (``ktp``, ``kk``, ``bpjs_card``, ``resignation_letter``, ``passbook``)."""
    try:
        return EXTRACTORS[doc_type]
    except KeyError:
        raise ValueError(f"unknown document type: {doc_type}") from None


def extract(doc_type: str, pages: list[OcrPage]) -> dict[str, FieldValue]:
    """Run the extractor of ``doc_type`` on the pages."""
    return get_extractor(doc_type)(pages)


DOC_TYPES = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook")
"""The document types the contract names."""


# The type modules import the helpers above, so they are imported last.
from ocr.extract import bpjs_card, kk, ktp, passbook, resignation_letter  # noqa: E402

from ocr.extract.validate import validated  # noqa: E402


def _validating(fn: Extractor) -> Extractor:
    """``fn`` whose output drops values of implausible shape (a label read as a name, ...)."""

    def run(pages: list[OcrPage]) -> dict[str, FieldValue]:
        return validated(fn(pages))

    run.__name__ = getattr(fn, "__name__", "extract")
    run.__doc__ = fn.__doc__
    return run


EXTRACTORS: dict[str, Extractor] = {
    "ktp": _validating(ktp.extract),
    "kk": _validating(kk.extract),
    "bpjs_card": _validating(bpjs_card.extract),
    "resignation_letter": _validating(resignation_letter.extract),
    "passbook": _validating(passbook.extract),
}
"""The extractor of each contract document type."""
