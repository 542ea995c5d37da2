"""Field extractors, one module per document type, all of the same shape.

Each module exposes ``extract(pages: list[OcrPage]) -> dict[str, FieldValue]`` using the
contract's field names; :data:`EXTRACTORS` maps a document type to it. A field that cannot
be read reliably is left out (or given a low confidence): a confident wrong NIK or name is
worse than no answer.
"""

from __future__ import annotations

from ocr.extract import bpjs_card, kk, ktp, passbook, resignation_letter
from ocr.extract.common import (
    REPAIR_PENALTY,
    Extractor,
    make_field,
    merge_best,
    page_rows,
    repair_factor,
)
from ocr.records import FieldValue, OcrPage


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

EXTRACTORS: dict[str, Extractor] = {
    "ktp": ktp.extract,
    "kk": kk.extract,
    "bpjs_card": bpjs_card.extract,
    "resignation_letter": resignation_letter.extract,
    "passbook": passbook.extract,
}
"""The extractor of each contract document type."""

__all__ = [
    "DOC_TYPES",
    "EXTRACTORS",
    "REPAIR_PENALTY",
    "Extractor",
    "extract",
    "get_extractor",
    "make_field",
    "merge_best",
    "page_rows",
    "repair_factor",
]
