"""Field extractors, one module per document type, all of the same shape.

Each module exposes ``extract(pages: list[OcrPage]) -> dict[str, FieldValue]`` using the
contract's field names; :data:`EXTRACTORS` maps a document type to it. A field that cannot
be read reliably is left out (or given a low confidence): a confident wrong NIK or name is
worse than no answer.
"""

from __future__ import annotations

from ocr.extract import bpjs_card, kk, ktp, passbook, resignation_letter, sim
from ocr.extract.common import (
    REPAIR_PENALTY,
    Extractor,
    make_field,
    merge_best,
    page_rows,
    repair_factor,
)
from ocr.extract.validate import validated
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
    "sim": _validating(sim.extract),
}
"""The extractor of each contract document type (``sim``: a SIM in the ``ktp`` slot)."""

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
