"""Typed records passed between OCR stages (page-relative pixel geometry)."""

from __future__ import annotations

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
    signals: list[Signal] = field(default_factory=list)
    """Reviewer signals about the file (e.g. ``pdf_edited``); emitted in the report's ``signals``."""

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
