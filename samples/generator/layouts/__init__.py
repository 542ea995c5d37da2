"""Named layout families per document type, each assigned to the ``train`` or ``heldout`` split.

Importing this package registers every family (one module per document type). The split is
decided in one place: the ``split`` argument of each ``@register(...)`` call; query it with
:func:`families`. Nobody tunes extraction on a ``heldout`` family.
"""

from __future__ import annotations

from samples.generator.layouts import bpjs, kk, ktp, letter, letter_forms, letter_more, passbook, sim  # noqa: F401  (registers)
from samples.generator.layouts.common import DATE_STYLES, date_words, format_date, number_words
from samples.generator.layouts.registry import (
    SPLITS,
    STANDARD,
    Family,
    doc_types,
    families,
    get_family,
    pick_family,
    register,
    render_family,
)

__all__ = [
    "DATE_STYLES", "SPLITS", "STANDARD", "Family", "date_words", "doc_types", "families", "format_date",
    "get_family", "number_words", "pick_family", "register", "render_family",
]
