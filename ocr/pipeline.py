"""One document through every OCR stage: bytes -> DocumentResult.

Stages, each a function of (input, context):
``check_file`` (intake, format by bytes) -> ``load_pages`` (PDF pages / EXIF) ->
``normalise_page`` (perspective, deskew, scale, orientation, quality) -> quality gate ->
OCR (the PDF's own text layer where it agrees with OCR of the page image) -> ``classify`` ->
the slot's extractor.

A PDF's text layer is never trusted by itself: text can be invisible (render mode 3), white,
or placed off the page, so a file may *show* one person and *say* another. Every page is OCRed;
its text layer is used only when it agrees with that OCR (:func:`text_layer_agrees`: the same
key digit strings both ways, the same words up to OCR noise). Otherwise OCR wins and the
document carries a ``pdf_edited`` warn signal (contract "Signals").

A document that cannot be read reliably ends ``unreadable`` with its reason; one of another
type ends ``wrong_type``; bad bytes end ``rejected``. Nothing here raises for bad input.
"""

from __future__ import annotations

import importlib.metadata
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from intake.errors import EklaimError, Message
from intake.records import CheckedFile
from intake.settings import Settings, get_settings
from ocr.engine import OcrEngine, get_engine
from ocr.messages import OcrCode, document_names, ocr_message
from ocr.records import DocStatus, DocumentResult, OcrPage, PageImage, PageLine, Signal, TextLine
from ocr.text import digits_from_ocr, fold

if TYPE_CHECKING:
    from ocr.normalise import NormalisedPage

# The stage modules (OpenCV, Pillow, the extractors) are imported where a document is read,
# not here: ``eklaim verify`` on a folder with nothing to read, and the report-only paths that
# import this module for its records, do not pay for them at process start.

EXTRACTOR_VERSION = "4"
"""Bumped whenever an extractor or the classifier changes what it returns."""

UNREADABLE_INTAKE_CODES = frozenset({"image_too_small"})
"""Intake refusals of a valid file that mean "take a better photo" rather than "bad file"."""

POST_OCR_ONLY_GATES = frozenset({"glare"})
"""Quality codes that never stop OCR by themselves."""

MIN_TEXT_LINES = 3
"""Fewer recognised lines than this on every page means nothing readable was found."""

MIN_LINES_FOR_TYPED_SEARCH = 4
"""A document missing a required field is still accepted (checks then look for the typed values
on its lines) when the image passes the quality gate and at least this many lines were read."""

REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "ktp": ("nik", "full_name"),
    "kk": ("members",),
    "bpjs_card": ("kpj",),
    "resignation_letter": ("resignation_date",),
    "passbook": ("account_number",),
    "sim": ("full_name",),
}
"""Fields without which a document of the type cannot serve its checks at all."""

ALSO_ACCEPTED: dict[str, tuple[str, ...]] = {"ktp": ("sim",)}
"""Slot -> other document types accepted in it (contract v2: a SIM is an accepted ID). The
document keeps its own ``detected_type`` and is read by that type's extractor."""

@dataclass
class PipelineContext:
    """What every stage of one run shares: settings and the loaded OCR engine."""

    settings: Settings
    """Limits and options."""
    engine: OcrEngine
    """Loaded once per process (``ocr.engine.get_engine``)."""

    def __post_init__(self) -> None:
        prepare_readers()

    @classmethod
    def default(cls, settings: Settings | None = None) -> PipelineContext:
        """Context from the process settings and the process-wide engine."""
        s = settings or get_settings()
        return cls(settings=s, engine=get_engine(s))


@dataclass
class ProcessedDocument:
    """Output of :func:`process_document`: the contract result plus what reviewers need."""

    result: DocumentResult
    """The contract's document object (status, reason, fields...)."""
    checked: CheckedFile | None = None
    """Intake facts of the file (None when rejected)."""
    pages: list[OcrPage] = field(default_factory=list)
    """OCR text per page, boxes in normalised-page pixels."""
    images: list[np.ndarray] = field(default_factory=list)
    """Normalised RGB page images the boxes refer to."""

    def ocr_json(self) -> list[dict[str, Any]]:
        """JSON-safe OCR lines per page (stored for re-matching without OCR)."""
        return [
            {
                "page": p.page, "width": p.width, "height": p.height, "source": p.source,
                "lines": [{"text": ln.text, "confidence": round(ln.confidence, 4),
                           "box": [[round(x, 1), round(y, 1)] for x, y in ln.box]} for ln in p.lines],
            }
            for p in self.pages
        ]


@lru_cache(maxsize=1)
def prepare_readers() -> None:
    """Import the extractors and compile their label patterns, once per process: a process that
    builds a pipeline context will read documents, and its forked readers (the claim pool, RQ's
    work horses) then share the compiled patterns instead of compiling them each."""
    import ocr.extract  # noqa: F401  (builds the extractors' label sets; locate's are built by now)
    from ocr.text import compile_label_sets

    compile_label_sets()


def versions(engine: OcrEngine) -> dict[str, str]:
    """Engine, model and extractor versions recorded with each result."""
    return {
        "engine": getattr(engine, "name", type(engine).__name__),
        "model": getattr(engine, "version", "unknown"),
        "extractor": EXTRACTOR_VERSION,
        "package": _package_version(),
    }


def _package_version() -> str:
    try:
        return importlib.metadata.version("eklaim-verify")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - source checkout
        return "0"


def _format(code: OcrCode, slot: str, found: str | None = None) -> Message:
    return ocr_message(code, **document_names(slot, found))


def text_layer_page(page_no: int, text: str, width: int, height: int) -> OcrPage:
    """An OcrPage from a PDF's own text: one line per text line, boxes stacked down the page."""
    rows = [r.strip() for r in text.splitlines() if r.strip()]
    step = height / max(len(rows) + 1, 1)
    lines = []
    for i, row in enumerate(rows):
        y0, y1 = step * (i + 0.5), step * (i + 1.3)
        lines.append(TextLine(text=row, confidence=1.0, box=[[0.0, y0], [float(width), y0], [float(width), y1], [0.0, y1]]))
    return OcrPage(page=page_no, width=width, height=height, lines=lines, source="text_layer")


READ_WELL_MEDIAN = 0.9
"""Median line confidence from which a page read well whatever its quality figures say: a
field it lacks is not asked for again as a new photo (the figures are measured on the image,
the confidence on what was actually read)."""

FLIP_CHECK_MEDIAN = 0.88
"""Below this median line confidence the page is read again turned 180 degrees.

Measured on generated documents: upright text reads at a median of 0.98-1.00, the same
page upside down at 0.67-0.75 (the recogniser does not fix turns).
"""


UPRIGHT_MARGIN = 2.0
"""A poor read's widest lines that score this many times better as they are than turned 180
degrees (one small recogniser call) spare the page its second, turned, reading."""


def _text_score(lines: list[TextLine]) -> float:
    return float(sum(ln.confidence * sum(ch.isalnum() for ch in ln.text) for ln in lines))


def _median_confidence(lines: list[TextLine]) -> float:
    return float(np.median([ln.confidence for ln in lines])) if lines else 0.0


KEY_DIGITS_MIN = 8
"""Digit strings at least this long (NIK, KK, KPJ, account numbers) must agree exactly."""

UNMATCHED_WORDS_PER = 50
"""One text-layer word in this many may be missing from the OCR (noise) before they disagree."""

_KEY_DIGITS = re.compile(rf"\d{{{KEY_DIGITS_MIN},}}")
_WORD = re.compile(r"[A-Z]{3,}")


def _key_digits(rows: list[str]) -> set[str]:
    """Key digit strings of some lines, OCR letter/digit confusions repaired, groups joined."""
    found: set[str] = set()
    for row in rows:
        s = re.sub(r"(?<=\d)[ \-./](?=\d)", "", digits_from_ocr(fold(row)))
        found.update(_KEY_DIGITS.findall(s))
    return found


def _words(rows: list[str]) -> list[str]:
    return [w for row in rows for w in _WORD.findall(fold(row))]


def _near(word: str, pool: set[str]) -> bool:
    """``word`` is in ``pool`` or one edit away from a word of it (words of 4+ letters)."""
    if word in pool:
        return True
    if len(word) < 4:
        return False
    for other in pool:
        if abs(len(other) - len(word)) > 1:
            continue
        if len(other) == len(word):
            if sum(a != b for a, b in zip(word, other, strict=True)) <= 1:
                return True
        else:
            short, long_ = (word, other) if len(word) < len(other) else (other, word)
            if any(long_[:i] + long_[i + 1:] == short for i in range(len(long_))):
                return True
    return False


@dataclass(frozen=True)
class TextLayerCheck:
    """How a PDF page's text layer compares with OCR of its rendered image (no values kept)."""

    agrees: bool
    """The text layer may be used."""
    digit_strings_differ: int
    """Key digit strings found on one side only."""
    words_unmatched: int
    """Text-layer words the OCR did not see (even one edit away)."""


def text_layer_agrees(text_layer: str, lines: list[TextLine]) -> TextLayerCheck:
    """Whether a page's text layer says what its rendered image shows.

    Key digit strings (:data:`KEY_DIGITS_MIN`+ digits) must be the same set on both sides; the
    text layer's words (3+ letters) must be seen by the OCR, one edit of noise allowed for words
    of 4+ letters, and at most one word in :data:`UNMATCHED_WORDS_PER` missing.
    """
    layer_rows = [r for r in text_layer.splitlines() if r.strip()]
    ocr_rows = [ln.text for ln in lines]
    differ = len(_key_digits(layer_rows) ^ _key_digits(ocr_rows))
    layer_words = _words(layer_rows)
    pool = set(_words(ocr_rows))
    unmatched = sum(not _near(w, pool) for w in layer_words)
    agrees = differ == 0 and unmatched <= len(layer_words) // UNMATCHED_WORDS_PER
    return TextLayerCheck(agrees=agrees, digit_strings_differ=differ, words_unmatched=unmatched)


CARD_SLOTS = frozenset({"ktp", "bpjs_card"})
"""Slots whose document is an ID-1 card: a normalised card is ~1000 px wide, its print large for
the detector, so it needs a smaller detector input than an A4 page (``ocr_det_max_side_cards``)."""


def det_max_side(slot: str | None, settings: Settings, *, card_fills_page: bool = True) -> int | None:
    """The detector input cap for a document of ``slot`` (None: the engine's own cap).

    ``card_fills_page``: the page is the card (cropped to its outline, or of its shape). A card
    photographed small in a larger frame whose outline was not found keeps the general cap: at
    the card cap its print would be too small for the detector."""
    cards = settings.ocr_det_max_side_cards
    general = settings.ocr_det_max_side or None
    if slot in CARD_SLOTS and cards and card_fills_page and (general is None or cards < general):
        return cards
    return None


def card_fills_page(norm: NormalisedPage) -> bool:
    """The normalised page is the card: cropped to a document outline, or no larger than a
    card image (a scan or screenshot of the card alone). A large frame whose outline was not
    found is a photo in which the card may be small."""
    return norm.transform.quad is not None or max(norm.image.shape[:2]) <= CARD_IMAGE_MAX_SIDE


CARD_IMAGE_MAX_SIDE = 1600
"""Long side (normalised pixels) up to which a page with no document outline is taken as the
card itself (a card is normalised to about 1000 px; a phone photo to up to 2400)."""


def _engine_read(ctx: PipelineContext, image: np.ndarray, slot: str | None, *, fills: bool = True) -> list[TextLine]:
    """``ctx.engine.recognise`` with the slot's detector cap where the engine takes one."""
    cap = det_max_side(slot, ctx.settings, card_fills_page=fills)
    if cap and getattr(ctx.engine, "sized_detection", False):
        return ctx.engine.recognise(image, det_max_side=cap)  # type: ignore[call-arg]
    return ctx.engine.recognise(image)


def _recognise(norm: NormalisedPage, ctx: PipelineContext, slot: str | None = None) -> list[TextLine]:
    """OCR a normalised page; a poor read is tried again turned 180 degrees (the better wins)."""
    from ocr.orientation import apply_rotation, crops_of_lines, upright_margin

    fills = card_fills_page(norm)
    lines = _engine_read(ctx, norm.image, slot, fills=fills)
    if lines and _median_confidence(lines) < FLIP_CHECK_MEDIAN:
        # first the widest lines of this read, as they are and turned, in one small call: a
        # page that clearly reads better as it is needs no second reading of the whole page
        margin = upright_margin(crops_of_lines(norm.image, lines), ctx.engine.recognise)
        if margin is not None and margin >= UPRIGHT_MARGIN:
            return lines
        turned = np.ascontiguousarray(apply_rotation(norm.image, 180))
        turned_lines = _engine_read(ctx, turned, slot, fills=fills)
        if _text_score(turned_lines) > 1.15 * _text_score(lines):
            norm.image, lines = turned, turned_lines
            norm.quality.rotation = (norm.quality.rotation + 180) % 360
            norm.transform.rotation = norm.quality.rotation
    return lines


def _slot_type(pages: list[OcrPage], slot: str) -> tuple[str | None, float]:
    """:func:`ocr.classify.classify_for_slot` with the types ``slot`` takes."""
    from ocr.classify import classify_for_slot

    return classify_for_slot(pages, (slot, *ALSO_ACCEPTED.get(slot, ())))


def _crop_lost_document(normalised: list[NormalisedPage], pages: list[OcrPage], detected: str | None) -> bool:
    """A page was cropped to a document outline and what was read of the pages is no document
    of the slot (too few lines, or no type the slot takes: ``detected`` None): the outline may
    have cut the document (worth one more reading of the pages whole)."""
    if not any(n.transform.quad is not None for n in normalised):
        return False
    return detected is None or not any(len(p.lines) >= MIN_TEXT_LINES for p in pages)


def ocr_page(norm: NormalisedPage, ctx: PipelineContext, slot: str | None = None) -> tuple[OcrPage, TextLayerCheck | None]:
    """Recognise one normalised page; its PDF text layer is used only where it agrees with OCR.

    Orientation costs no extra OCR for upright pages: normalisation guesses 0/180 from the
    layout, and only a page whose text reads poorly is recognised again turned 180 degrees
    (the better reading wins, and the page image and quality record follow it).

    Returns:
        The page, and for a page with a text layer how it compared with OCR (None otherwise):
        when it disagrees, the page is the OCR reading.
    """
    h, w = norm.image.shape[:2]
    lines = _recognise(norm, ctx, slot)
    check = text_layer_agrees(norm.text_layer, lines) if norm.text_layer else None
    if norm.text_layer and check is not None and check.agrees:
        page = text_layer_page(norm.page, norm.text_layer, w, h)
    else:
        page = OcrPage(page=norm.page, width=w, height=h, lines=lines)
    page.quality = norm.quality
    return page, check


def pdf_edited_signal(checks: dict[int, TextLayerCheck], invisible: bool) -> Signal:
    """The ``pdf_edited`` warn signal of a PDF whose text layer disagrees with its pages."""
    return Signal(
        signal="pdf_edited", severity="warn",
        detail={
            "reason": "text_layer_disagrees_with_page",
            "pages": sorted(checks),
            "invisible_text": invisible,
            "digit_strings_differ": sum(c.digit_strings_differ for c in checks.values()),
            "words_unmatched": sum(c.words_unmatched for c in checks.values()),
        },
        message=ocr_message(OcrCode.PDF_EDITED),
    )


def capture_signals(raw_pages: list[PageImage], checked: CheckedFile, settings: Settings) -> list[Signal]:
    """Per-document signals of the file itself: PDF structure, photocopy, screen capture."""
    from ocr.signals import measure_cues, pdf_structure_signal, photocopy_signal, screen_capture_signal

    out: list[Signal] = []
    structure = pdf_structure_signal(checked.pdf, settings)
    if structure is not None:
        out.append(structure)
    cues = {p.page: measure_cues(p.image) for p in raw_pages if not p.text_layer}
    for sig in (photocopy_signal(cues, settings), screen_capture_signal(cues, settings)):
        if sig is not None:
            out.append(sig)
    return out


def _decode_refusal(exc: EklaimError, data: bytes, ctx: PipelineContext) -> dict[str, Any]:
    """Reason and message of a file whose pages could not be loaded.

    An image whose pixels do not decode gets intake's own reason (``corrupt_image``,
    ``truncated_image``), the one the upload would have given had it decoded the pixels.
    """
    from intake.files import check_file

    if exc.code == "image_decode_failed":
        try:
            check_file(data, settings=ctx.settings, decode=True)
        except EklaimError as full:
            return {"reason": full.code, "message": full.message}
    return {"reason": exc.code, "message": exc.message}


def process_document(slot: str, data: bytes, ctx: PipelineContext | None = None) -> ProcessedDocument:
    """Run every stage on one uploaded file for the given slot.

    Bad input is a status (rejected, unreadable, wrong_type), never an exception. An unexpected
    error (a bug, a crashed engine) propagates: the RQ job retries it and records its code,
    and the in-process runner turns it into ``processing_failed`` (:func:`failed_document`).

    Args:
        slot: the contract slot it was uploaded into (``ktp``, ``kk``, ...).
        data: the file's bytes, untrusted.
        ctx: shared settings and engine; the process defaults when None.

    Returns:
        The processed document; its ``result.status`` says whether it can be used.
    """
    from intake.files import check_file
    from ocr.extract import EXTRACTORS
    from ocr.normalise import NormaliseContext, normalise_page
    from ocr.pages import load_pages
    from ocr.quality import quality_gate
    from ocr.signals import ktp_nik_signal, page_hash, with_severity

    ctx = ctx or PipelineContext.default()
    ver = versions(ctx.engine)
    try:
        # Structure and limits only; the pixels are decoded once, by load_pages below.
        checked = check_file(data, settings=ctx.settings, decode=False)
    except EklaimError as exc:
        # A valid image that is simply too small to read is "unreadable" (ask for a new photo),
        # every other intake refusal is "rejected" (contract).
        status: DocStatus = "unreadable" if exc.code in UNREADABLE_INTAKE_CODES else "rejected"
        return ProcessedDocument(DocumentResult(slot=slot, status=status, reason=exc.code,
                                                message=exc.message, versions=ver))
    base: dict[str, Any] = dict(slot=slot, pages=checked.pages, versions=ver)
    try:
        raw_pages = load_pages(data, checked.kind, ctx.settings, checked.pdf)
    except EklaimError as exc:
        return ProcessedDocument(DocumentResult(status="rejected", **_decode_refusal(exc, data, ctx), **base), checked)

    nctx = NormaliseContext(recognise=None)  # 0/180 by layout; ocr_page re-checks poor reads
    normalised = [normalise_page(p, nctx) for p in raw_pages]
    # Quality gate before OCR: a page too blurred, dark or glared to read reliably is never
    # guessed at (a confident wrong NIK is worse than no answer). Text-layer pages need no gate.
    # Glare alone does not stop OCR (a highlight often misses the fields); it only explains a
    # document whose key fields could not be read (below).
    gates = [None if n.text_layer else quality_gate(n.quality, slot) for n in normalised]
    gates = [g if g is None or g[0] not in POST_OCR_ONLY_GATES else None for g in gates]
    if normalised and all(g is not None for g in gates):
        code, msg = gates[0]  # type: ignore[misc]
        return ProcessedDocument(DocumentResult(status="unreadable", reason=code, message=msg,
                                                quality=normalised[0].quality.as_dict(), **base),
                                 checked, [], [n.image for n in normalised])
    try:
        read = [ocr_page(n, ctx, slot) for n in normalised]
        kind = _slot_type([page for page, _c in read], slot)
        if _crop_lost_document(normalised, [page for page, _c in read], kind[0]):
            # the outline found was not the document's (a part of a page on a background it
            # hardly differs from): the page read whole wins when it is recognised as the slot's
            whole = [normalise_page(p, NormaliseContext(recognise=None, find_document=False)) for p in raw_pages]
            again = [ocr_page(n, ctx, slot) for n in whole]
            again_kind = _slot_type([page for page, _c in again], slot)
            if again_kind[0] is not None:
                normalised, read, kind = whole, again, again_kind
    except EklaimError as exc:
        return ProcessedDocument(DocumentResult(status="unreadable", reason=exc.code,
                                                message=_format(OcrCode.DOCUMENT_OCR_FAILED, slot), **base), checked)
    pages = [page for page, _check in read]
    disagreeing = {page.page: check for page, check in read if check is not None and not check.agrees}
    if disagreeing:
        invisible = any(p.invisible_text for p in raw_pages if p.page in disagreeing)
        base["signals"] = [with_severity(pdf_edited_signal(disagreeing, invisible), ctx.settings)]
    base["signals"] = base.get("signals", []) + capture_signals(raw_pages, checked, ctx.settings)
    images = [n.image for n in normalised]
    base["page_hashes"] = [page_hash(img) for img in images]
    first_q = normalised[0].quality.as_dict() if normalised else {}
    done = lambda res: ProcessedDocument(res, checked, pages, images)  # noqa: E731

    readable = [p for p in pages if len(p.lines) >= MIN_TEXT_LINES]
    if not readable:
        gate = quality_gate(normalised[0].quality, slot) if normalised else None
        code, msg = gate if gate else ("no_text_found", _format(OcrCode.NO_TEXT_FOUND, slot))
        return done(DocumentResult(status="unreadable", reason=code, message=msg, quality=first_q, **base))

    all_page_lines = [PageLine.of(p.page, ln) for p in pages for ln in p.lines]
    detected, _score = kind
    if detected is None:
        gate = quality_gate(normalised[0].quality, slot)
        if gate:
            # a glared page was read: its lines travel (never in the report), and one that prints
            # the slot's typed values is usable for the checks (matching.recognise)
            kept = all_page_lines if gate[0] in POST_OCR_ONLY_GATES else []
            return done(DocumentResult(status="unreadable", reason=gate[0], message=gate[1], quality=first_q,
                                       lines=kept, **base))
        # its lines travel (never in the report): a layout nobody here has seen that prints the
        # slot's typed values is recognised by them at the claim's verification
        # (matching.recognise)
        return done(DocumentResult(status="wrong_type", reason="unknown_document",
                                   message=_format(OcrCode.UNKNOWN_DOCUMENT, slot), quality=first_q,
                                   lines=all_page_lines, **base))
    if detected != slot and detected not in ALSO_ACCEPTED.get(slot, ()):
        return done(DocumentResult(status="wrong_type", reason=f"looks_like_{detected}",
                                   message=_format(OcrCode.WRONG_TYPE, slot, detected), detected_type=detected,
                                   quality=first_q, **base))

    fields = EXTRACTORS[detected](pages)
    quality = first_q
    if fields:
        page_no = next(iter(fields.values())).page
        quality = normalised[min(page_no, len(normalised)) - 1].quality.as_dict()
    missing = [f for f in REQUIRED_FIELDS.get(detected, ()) if f not in fields]
    doc_lines = [PageLine.of(p.page, ln) for p in pages for ln in p.lines]
    if missing:
        gate = quality_gate(normalised[0].quality, slot)
        all_lines = [ln for p in pages for ln in p.lines]
        if gate and len(all_lines) >= MIN_LINES_FOR_TYPED_SEARCH and _median_confidence(all_lines) >= READ_WELL_MEDIAN:
            gate = None  # the photo read well: the missing field is the layout's, not the photo's
        if gate:  # a poor photo: the claimant takes a new one (a glared one may still print the typed values)
            kept = doc_lines if gate[0] in POST_OCR_ONLY_GATES else []
            return done(DocumentResult(status="unreadable", reason=gate[0], message=gate[1], detected_type=detected,
                                       quality=quality, fields=fields, lines=kept, **base))
        if len(doc_lines) < MIN_LINES_FOR_TYPED_SEARCH:
            # too few lines to accept blind; they travel (never in the report), and a sparse
            # page that prints the slot's typed values is accepted by them (matching.recognise)
            return done(DocumentResult(status="unreadable", reason="key_fields_unreadable",
                                       message=_format(OcrCode.KEY_FIELDS_UNREADABLE, slot), detected_type=detected,
                                       quality=quality, fields=fields, lines=doc_lines, **base))
        # A sharp document of the right type whose layout the extractor does not know: it is
        # accepted with what was read, and each check looks for the typed value on its lines
        # (a value confirmed in its role is a match; one not found is a person's job, never a
        # new photo the claimant cannot improve on).
    if detected == "ktp":
        nik_signal = ktp_nik_signal(fields, ctx.settings)
        if nik_signal is not None:
            base["signals"] = [*base["signals"], nik_signal]
    return done(DocumentResult(status="accepted", detected_type=detected, quality=quality, fields=fields,
                               lines=doc_lines, **base))


def failed_document(slot: str, versions: dict[str, str] | None = None) -> DocumentResult:
    """The result for a document whose processing failed (a person must look).

    One reason (``processing_failed``) and one message wherever it failed: a crash in the
    folder runner, a worker killed or timed out, too many attempts (the finer cause is kept
    in the document row's ``error_code`` only).
    """
    return DocumentResult(slot=slot, status="unreadable", reason="processing_failed",
                          message=_format(OcrCode.PROCESSING_FAILED, slot), versions=dict(versions or {}))


def missing_document(slot: str) -> DocumentResult:
    """The result for a slot with no file."""
    return DocumentResult(slot=slot, status="missing", reason="missing",
                          message=_format(OcrCode.DOCUMENT_MISSING, slot))


__all__ = [
    "EXTRACTOR_VERSION",
    "PipelineContext",
    "ProcessedDocument",
    "TextLayerCheck",
    "failed_document",
    "missing_document",
    "pdf_edited_signal",
    "process_document",
    "text_layer_agrees",
    "versions",
]
