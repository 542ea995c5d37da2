"""Typed records passed between OCR stages (page-relative pixel geometry)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from intake.errors import Message

Box = list[list[float]]
"""Four ``[x, y]`` corners, clockwise from top-left, in pixels of the normalised page image."""

DocStatus = Literal["accepted", "rejected", "unreadable", "wrong_type", "missing"]


@dataclass
class PageImage:
    """One page ready for normalisation: an RGB ``HxWx3`` uint8 array."""

    page: int
    """1-based page number in the source file."""
    image: np.ndarray
    """RGB pixels."""
    dpi: float | None = None
    """Rendering resolution for PDF pages, EXIF/none for photos."""
    text_layer: str | None = None
    """Text of the PDF page's own text layer, when it has a usable one."""
    invisible_text: bool = False
    """The PDF page draws text in render mode 3 (invisible)."""


@dataclass(frozen=True)
class Signal:
    """A reviewer signal about a document (contract "Signals"; never an accusation)."""

    signal: str
    """Code, e.g. ``pdf_edited``."""
    severity: Literal["info", "warn"]
    """``warn`` makes a ``clear`` claim ``needs_review``."""
    detail: dict[str, Any]
    """JSON-safe facts (no personal values)."""
    message: Message
    """Bilingual text."""

    def as_dict(self) -> dict[str, Any]:
        """The contract's signal object."""
        return {"signal": self.signal, "severity": self.severity, "detail": dict(self.detail),
                "message": self.message.as_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Signal:
        """Rebuild a signal from :meth:`as_dict`'s output."""
        msg = data["message"]
        return cls(signal=str(data["signal"]), severity="warn" if data.get("severity") == "warn" else "info",
                   detail=dict(data.get("detail") or {}), message=Message(id=msg["id"], en=msg["en"]))


@dataclass(frozen=True)
class TextLine:
    """One recognised line of text."""

    text: str
    """Recognised text (NFKC-normalised)."""
    confidence: float
    """Recogniser score 0..1."""
    box: Box
    """Corners in page pixels."""

    @property
    def x0(self) -> float:
        """Left edge."""
        return min(p[0] for p in self.box)

    @property
    def x1(self) -> float:
        """Right edge."""
        return max(p[0] for p in self.box)

    @property
    def y0(self) -> float:
        """Top edge."""
        return min(p[1] for p in self.box)

    @property
    def y1(self) -> float:
        """Bottom edge."""
        return max(p[1] for p in self.box)

    @property
    def cy(self) -> float:
        """Vertical centre."""
        return (self.y0 + self.y1) / 2


@dataclass
class Quality:
    """Image-quality figures of a normalised page (reported in the contract's ``quality``)."""

    width: int
    """Pixel width after normalisation."""
    height: int
    """Pixel height after normalisation."""
    blur: float
    """Variance of the Laplacian on a fixed-size grey copy (higher is sharper)."""
    brightness: float
    """Mean grey level 0..255."""
    contrast: float
    """Standard deviation of grey levels."""
    glare: float
    """Fraction of near-saturated pixels in bright blobs (0..1)."""
    rotation: int = 0
    """Quarter turn applied to make the text upright (0/90/180/270)."""
    skew: float = 0.0
    """Deskew angle applied, degrees."""
    perspective_corrected: bool = False
    """A document quadrilateral was found and warped to a rectangle."""
    upscaled: float = 1.0
    """Upscale factor applied to a small image."""
    ink_contrast: float | None = None
    """Grey-level spread of the most contrasted tiles: the print's own contrast (None: not measured)."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form rounded for the report."""
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}


@dataclass
class OcrPage:
    """The OCR output of one normalised page."""

    page: int
    """1-based page number."""
    width: int
    """Width of the normalised image the boxes refer to."""
    height: int
    """Height of the normalised image the boxes refer to."""
    lines: list[TextLine]
    """Lines in reading order (top to bottom, left to right)."""
    source: Literal["ocr", "text_layer"] = "ocr"
    """Where the text came from."""
    quality: Quality | None = None
    """Quality figures of the page image."""


@dataclass
class FieldValue:
    """One extracted field with where it was read."""

    value: Any
    """Cleaned value: str for scalar fields, list of dicts for ``members``."""
    confidence: float
    """0..1; the lowest recogniser score of the characters that made it."""
    page: int = 1
    """1-based page number."""
    box: Box | None = None
    """Where it was read, in normalised page pixels."""
    char_confidences: list[float] | None = None
    """Per-character confidence for digit fields, when the engine gives it."""

    def as_dict(self) -> dict[str, Any]:
        """The contract's field shape."""
        d: dict[str, Any] = {"value": self.value, "confidence": round(float(self.confidence), 3), "page": self.page}
        if self.box is not None:
            d["box"] = [[round(float(x), 1), round(float(y), 1)] for x, y in self.box]
        return d


@dataclass(frozen=True)
class PageLine:
    """One OCR line of a document with its page number (JSON-friendly: plain fields only)."""

    page: int
    """1-based page number."""
    text: str
    """Recognised text."""
    confidence: float
    """Recogniser score 0..1."""
    box: Box
    """Corners in pixels of that page's normalised image (page-relative)."""

    def as_text_line(self) -> TextLine:
        """The line as a :class:`TextLine` (for the row/label geometry helpers)."""
        return TextLine(text=self.text, confidence=self.confidence, box=self.box)

    @classmethod
    def of(cls, page: int, line: TextLine) -> PageLine:
        """A page's :class:`TextLine` with its page number."""
        return cls(page=page, text=line.text, confidence=float(line.confidence),
                   box=[[float(x), float(y)] for x, y in line.box])


@dataclass
class DocumentResult:
    """Everything the pipeline learned about one document slot."""

    slot: str
    """The slot it was uploaded into (``ktp``, ``kk``, ...)."""
    status: DocStatus
    """Contract status."""
    reason: str | None = None
    """Machine code explaining a non-accepted status."""
    message: Message | None = None
    """Bilingual text for the claimant."""
    detected_type: str | None = None
    """Document type recognised from the content."""
    pages: int = 0
    """Page count of the file."""
    quality: dict[str, Any] = field(default_factory=dict)
    """Quality figures (of the page the fields came from)."""
    fields: dict[str, FieldValue] = field(default_factory=dict)
    """Extracted fields by contract name."""
    versions: dict[str, str] = field(default_factory=dict)
    """Engine, model and extractor versions that produced this result."""
    lines: list[PageLine] = field(default_factory=list)
    """Every OCR line of the document (accepted documents), page-numbered, page-relative boxes.

    Used by the checks to look for the typed values by position; never in the public report.
    """
    signals: list[Signal] = field(default_factory=list)
    """Reviewer signals about the file (e.g. ``pdf_edited``); emitted in the report's ``signals``."""
    page_hashes: list[dict[str, str]] = field(default_factory=list)
    """Perceptual hashes of each normalised page (``ocr.signals.page_hash``); stored, never reported."""

    def as_contract(self) -> dict[str, Any]:
        """The contract's ``documents.<slot>`` object."""
        out: dict[str, Any] = {"status": self.status, "reason": self.reason}
        out["message"] = self.message.as_dict() if self.message else None
        out["detected_type"] = self.detected_type
        out["pages"] = self.pages
        out["quality"] = self.quality
        out["fields"] = {k: v.as_dict() for k, v in self.fields.items()}
        if self.signals:
            out["signals"] = [s.as_dict() for s in self.signals]
        return out

    def to_json(self) -> dict[str, Any]:
        """The stored form: the contract's document object plus what :meth:`from_json` needs.

        Adds ``slot``, ``versions`` and ``field_details`` (unrounded confidence and the
        per-character scores of each field) to :meth:`as_contract`.
        """
        out = self.as_contract()
        out["slot"] = self.slot
        out["versions"] = dict(self.versions)
        out["field_details"] = {
            name: {"confidence": float(fv.confidence), "char_confidences": fv.char_confidences}
            for name, fv in self.fields.items()
        }
        # The OCR lines, so that a re-verification can look for typed values in their role.
        out["lines"] = [asdict(line) for line in self.lines]
        if self.page_hashes:
            out["page_hashes"] = [dict(h) for h in self.page_hashes]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any], slot: str) -> DocumentResult:
        """Rebuild a result from :meth:`to_json`'s output (``slot`` when it holds none)."""
        details = data.get("field_details") or {}
        fields: dict[str, FieldValue] = {}
        for name, fv in (data.get("fields") or {}).items():
            extra = details.get(name) or {}
            fields[name] = FieldValue(
                value=fv.get("value"),
                confidence=float(extra.get("confidence", fv.get("confidence", 0.0))),
                page=int(fv.get("page", 1)),
                box=fv.get("box"),
                char_confidences=extra.get("char_confidences"),
            )
        msg = data.get("message")
        return cls(
            slot=data.get("slot", slot),
            status=data["status"],
            reason=data.get("reason"),
            message=Message(id=msg["id"], en=msg["en"]) if msg else None,
            detected_type=data.get("detected_type"),
            pages=int(data.get("pages") or 0),
            quality=dict(data.get("quality") or {}),
            fields=fields,
            versions=dict(data.get("versions") or {}),
            lines=[PageLine(page=int(ln["page"]), text=str(ln["text"]), confidence=float(ln["confidence"]), box=ln["box"])
                   for ln in data.get("lines") or ()],
            signals=[Signal.from_dict(sig) for sig in data.get("signals") or ()],
            page_hashes=[{str(k): str(v) for k, v in h.items()} for h in data.get("page_hashes") or ()
                         if isinstance(h, Mapping)],
        )
