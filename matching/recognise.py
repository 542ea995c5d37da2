"""A document of a layout nobody here has seen, recognised by what the claimant typed.

The classifier (:mod:`ocr.classify`) knows a type by its wording: keywords, labels, a bank's
name. The next bank's cover sticker or the next company's form may print none of them, and the
document is then ``wrong_type`` / ``unknown_document`` although it is exactly what the slot asks
for. The claimant typed the values that identify the document, so they are the better evidence:
a passbook that prints the typed account number, a BPJS card that prints the typed KPJ, a KTP
that prints the typed NIK is that document, whatever its layout. Such a document is accepted
(with the fields its type's extractor reads) and the checks then look for each typed value in
its role, as for any accepted document; the reviewer sees an ``info`` signal
``layout_unknown`` naming the value that recognised it.

The same holds for a sparse page of the slot's type read in too few lines to be accepted blind
(``unreadable`` / ``key_fields_unreadable``: a cover sticker, a photocopied line-printer page):
when those few lines print the typed identifier, the document is usable for the checks.

And for a photo refused for glare after it was read (a highlight often misses the fields): when
its lines print the slot's typed identifier, it is usable for the checks, and the claimant is
not asked for a new photo of a document whose values were read.

Only those results are reconsidered (a document the classifier recognised as another type
stays ``wrong_type``; a page refused before OCR for blur or darkness stays ``unreadable``), and
only on their OCR lines: nothing is read again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from intake.records import ClaimForm
from matching.locate import digits_in, name_in
from ocr.extract import EXTRACTORS
from ocr.messages import OcrCode
from ocr.records import DocumentResult, OcrPage, PageLine
from ocr.text import digit_field, find_dates

RECONSIDERED: dict[str, str] = {"unknown_document": "wrong_type", "key_fields_unreadable": "unreadable",
                                 "glare": "unreadable"}
"""Document reason -> status of the results reconsidered here (``glare``: a highlight often
misses the fields, and the page was read)."""

SIGNAL = "layout_unknown"
"""Signal code of a document recognised by a typed value rather than by its layout."""

NIK_LEN = 16
"""Digits of a NIK (and of a KK number)."""

LETTER_MIN_LINES = 8
"""Fewest lines of a page recognised as a letter (a card prints a name and a date in fewer)."""

ACCOUNT_DIGITS = (8, 20)
"""Digit count of an account number printed beside a typed holder's name."""


def _count_runs(lines: Sequence[PageLine], lo: int, hi: int) -> int:
    return sum(1 for ln in lines if lo <= len(digit_field(ln.text)[0]) <= hi)


def _has_digits(typed: str, lines: Sequence[PageLine]) -> bool:
    return bool(typed) and any(digits_in(typed, ln.text) for ln in lines)


def _has_name(typed: str, lines: Sequence[PageLine]) -> bool:
    """A typed name of two or more words printed on one line (one word may be anything)."""
    return len(typed.split()) >= 2 and any(name_in(typed, ln.text) for ln in lines)


def typed_evidence(slot: str, form: ClaimForm, lines: Sequence[PageLine], *, portrait: bool = True) -> str | None:
    """The typed field that shows these lines are the ``slot``'s document, or None.

    - ``ktp``: the typed NIK, on a document printing one 16-digit number (a KK prints several);
    - ``kk``: the typed NIK among two or more 16-digit numbers (the KK number and the members');
    - ``bpjs_card``: the typed KPJ;
    - ``passbook``: the typed account number, or the typed holder's (or claimant's) name beside
      an account-number-shaped number;
    - ``resignation_letter``: the claimant's name beside a date, on a ``portrait`` page of at
      least :data:`LETTER_MIN_LINES` lines.
    """
    if not lines:
        return None
    n16 = _count_runs(lines, NIK_LEN, NIK_LEN)
    if slot == "ktp":
        return "nik" if n16 == 1 and _has_digits(form.nik, lines) else None
    if slot == "kk":
        return "nik" if n16 >= 2 and _has_digits(form.nik, lines) else None
    if slot == "bpjs_card":
        return "kpj" if _has_digits(form.kpj, lines) else None
    if slot == "passbook":
        if _has_digits(form.account_number, lines):
            return "account_number"
        if _count_runs(lines, *ACCOUNT_DIGITS) and any(_has_name(n, lines) for n in (form.account_holder, form.full_name)):
            return "account_holder"
        return None
    if slot == "resignation_letter":
        if not portrait or len(lines) < LETTER_MIN_LINES:
            return None  # a card (a KTP prints a name and a date too) is never a letter
        dated = any(find_dates(ln.text) for ln in lines)
        return "full_name" if dated and _has_name(form.full_name, lines) else None
    return None


def pages_of(doc: DocumentResult) -> list[OcrPage]:
    """The document's OCR pages rebuilt from its stored lines (page size: the quality figures'
    for page 1, the lines' extent otherwise)."""
    by_page: dict[int, list[PageLine]] = {}
    for ln in doc.lines:
        by_page.setdefault(ln.page, []).append(ln)
    out = []
    for page, lns in sorted(by_page.items()):
        xs = [pt[0] for ln in lns for pt in ln.box]
        ys = [pt[1] for ln in lns for pt in ln.box]
        w = int(doc.quality.get("width") or 0) if page == 1 else 0
        h = int(doc.quality.get("height") or 0) if page == 1 else 0
        out.append(OcrPage(page=page, width=max(w, int(max(xs, default=0)) + 1), height=max(h, int(max(ys, default=0)) + 1),
                           lines=[ln.as_text_line() for ln in lns]))
    return out


def recognised_by_typed(form: ClaimForm, documents: Mapping[str, DocumentResult]) -> dict[str, DocumentResult]:
    """``documents`` with each ``unknown_document`` (or ``key_fields_unreadable``) result that
    prints its slot's typed value accepted.

    The accepted document gets its slot as ``detected_type``, the fields its extractor reads
    from the stored lines, and an ``info`` signal ``layout_unknown`` (detail: the slot, the
    typed field that recognised it (never its value) and the document's former reason).
    """
    out = dict(documents)
    for slot, doc in documents.items():
        if RECONSIDERED.get(doc.reason or "") != doc.status or slot not in EXTRACTORS \
                or doc.detected_type not in (None, slot):
            continue
        w, h = doc.quality.get("width"), doc.quality.get("height")
        portrait = not (isinstance(w, int | float) and isinstance(h, int | float)) or h >= w
        found = typed_evidence(slot, form, doc.lines, portrait=portrait)
        if found is None:
            continue
        from ocr.signals import make_signal  # image libraries, only when a document is recognised

        signal = make_signal(SIGNAL, {"slot": slot, "recognised_by": found, "reason": doc.reason}, OcrCode.LAYOUT_UNKNOWN)
        out[slot] = replace(doc, status="accepted", reason=None, message=None, detected_type=slot,
                            fields=EXTRACTORS[slot](pages_of(doc)), signals=[*doc.signals, signal])
    return out


__all__ = ["SIGNAL", "pages_of", "recognised_by_typed", "typed_evidence"]
