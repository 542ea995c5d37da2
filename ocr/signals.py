"""Per-document reviewer signals (contract "Signals"): facts for the reviewer, never an accusation.

Computed from one document alone, so ``eklaim verify`` on a folder reports them too:

* ``photocopy``: a grey page (no colour at all) with a copier's darker edges
  (:func:`measure_cues`, :func:`photocopy_signal`);
* ``screen_capture``: a screen's sub-pixel stripes and pixel grid seen by a camera, sharp
  isolated peaks of the red-blue and grey spectra at periods of 2-8 px away from the JPEG 8x8
  block lattice (:func:`screen_capture_signal`);
* ``ktp_nik_inconsistent``: the KTP's NIK against its own printed birth date, gender (day + 40)
  and province / regency (the gazetteer, :func:`ktp_nik_signal`);
* ``pdf_edited`` from the PDF's structure: incremental updates, a producer that does not belong
  with the creator (:func:`pdf_structure_signal`; the text-layer case is in ``ocr.pipeline``).

Each page also gets a perceptual hash (:func:`page_hash`) that the cross-claim signals
(``workers.signals``) look up. Severities come from :data:`DEFAULT_SEVERITY`, overridden by
``EKLAIM_SIGNAL_SEVERITY`` (:func:`severity_of`); nothing here logs or returns a personal value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import cv2
import imagehash
import numpy as np
from PIL import Image

from intake.pdfprobe import PdfProbe
from intake.settings import Settings
from intake.wilayah import province_name, regency_name
from ocr.messages import OcrCode, ocr_message
from ocr.records import FieldValue, Signal

Severity = Literal["info", "warn"]

DEFAULT_SEVERITY: dict[str, Severity] = {
    "account_shared": "warn",
    "document_reused": "warn",
    "nik_open_claims": "info",
    "ktp_nik_inconsistent": "warn",
    "photocopy": "info",
    # info until calibrated on real captures: a passbook's guilloche and ruled table give the
    # same sharp spectral peaks (seen on generated training passbooks), and a warn would send
    # clean claims to a person
    "screen_capture": "info",
    "pdf_edited": "warn",
    # a document of a layout the classifier does not know, recognised by the typed value it
    # prints (matching.recognise): the reviewer knows its fields came from an unknown layout
    "layout_unknown": "info",
}
"""Signal code -> default severity (``EKLAIM_SIGNAL_SEVERITY`` overrides any of them)."""

SIGNAL_CODES: tuple[str, ...] = tuple(DEFAULT_SEVERITY)
"""Every signal code the service emits."""


def severity_of(code: str, settings: Settings | None = None) -> Severity:
    """The configured severity of a signal code (``info`` for an unknown code)."""
    if settings is not None:
        override = settings.signal_severity_overrides.get(code)
        if override in ("info", "warn"):
            return "warn" if override == "warn" else "info"
    return DEFAULT_SEVERITY.get(code, "info")


def with_severity(signal: Signal, settings: Settings | None) -> Signal:
    """``signal`` with the severity the settings give its code (stored results follow config)."""
    sev = severity_of(signal.signal, settings)
    if sev == signal.severity:
        return signal
    return Signal(signal=signal.signal, severity=sev, detail=dict(signal.detail), message=signal.message)


def make_signal(code: str, detail: dict[str, Any], message_code: OcrCode, settings: Settings | None = None,
                **params: object) -> Signal:
    """A signal of ``code`` with its configured severity and bilingual message."""
    return Signal(signal=code, severity=severity_of(code, settings), detail=detail,
                  message=ocr_message(message_code, **params))


# ------------------------------------------------------------------------------------------
# Perceptual page hash
# ------------------------------------------------------------------------------------------


def page_hash(image: np.ndarray) -> dict[str, str]:
    """Perceptual hashes of one normalised (upright) page image.

    ``p64``: the 64-bit DCT hash (``imagehash.phash``, 16 hex digits), indexed in four 16-bit
    buckets; ``p64r``: the same of the page turned 180 degrees (a reused image read upside
    down still matches); ``p256``: the 256-bit DCT hash that confirms a bucket candidate.
    """
    img = Image.fromarray(np.ascontiguousarray(image))
    return {
        "p64": str(imagehash.phash(img)),
        "p64r": str(imagehash.phash(img.rotate(180))),
        "p256": str(imagehash.phash(img, hash_size=16)),
    }


def hamming_hex(a: str, b: str) -> int:
    """Hamming distance of two equal-length hex hashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


# ------------------------------------------------------------------------------------------
# Capture cues: photocopy, screen
# ------------------------------------------------------------------------------------------

MONOCHROME_MAX_CHROMA = 1.0
"""Mean ``max(R,G,B) - min(R,G,B)`` below which a page has no colour at all (a grey copy).

Measured on generated captures (``bench/signals.py``): photocopies 0.0, a colour scan of a
black-and-white letter 0.6, phone photos 2.3 and more."""

EDGE_DARKENING_MIN = 0.07
"""Relative darkening of the outer 1.5 % of a grey page against the paper inside: a copier's
edge (generated photocopies 0.076-0.21, flatbed scans and rendered pages 0-0.02)."""

SCREEN_CHROMA_PEAK_MIN = 250.0
"""Spectral peak / median ratio of the red-blue difference (periods of 2-8 px) from which a
screen's sub-pixel stripes are seen (generated screen captures 277-1402, honest captures up
to 424)."""

SCREEN_LUMA_PEAK_MIN = 160.0
"""The same ratio on the grey image (the dark matrix between screen pixels), required as well:
text and fabric give chroma or luma peaks, rarely both this high."""


@dataclass(frozen=True)
class CaptureCues:
    """Measured image cues of one page as uploaded (before normalisation)."""

    chroma: float
    """Mean per-pixel colour spread (0 for a grey image)."""
    edge_darkening: float
    """``1 - border paper level / inner paper level`` (0 when the border is as light)."""
    speckle: float
    """Share of the page that is small dark specks on light paper (reported, not decided on:
    text strokes dominate it)."""
    screen_peak: float
    """Largest spectral peak / median ratio of the red-blue difference at periods of 2-8 px,
    off the JPEG block lattice."""
    grid_peak: float
    """The same on the grey image."""

    def as_dict(self) -> dict[str, float]:
        """Rounded JSON-safe form (the signal's detail)."""
        return {"chroma": round(self.chroma, 2), "edge_darkening": round(self.edge_darkening, 3),
                "speckle": round(self.speckle, 5), "screen_peak": round(self.screen_peak, 1),
                "grid_peak": round(self.grid_peak, 1)}


def _work(image: np.ndarray, long_side: int = 1600) -> np.ndarray:
    h, w = image.shape[:2]
    s = long_side / max(h, w)
    if s < 1:
        image = cv2.resize(image, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    return image


def _edge_darkening(grey: np.ndarray) -> float:
    h, w = grey.shape
    b = max(2, round(0.015 * min(h, w)))
    inner = grey[h // 4: 3 * h // 4, w // 4: 3 * w // 4]
    ring = np.concatenate([grey[:b].ravel(), grey[-b:].ravel(), grey[:, :b].ravel(), grey[:, -b:].ravel()])
    paper_in = float(np.percentile(inner, 90))
    paper_edge = float(np.percentile(ring, 75))
    return max(0.0, 1.0 - paper_edge / paper_in) if paper_in > 0 else 0.0


def _speckle(grey: np.ndarray) -> float:
    """Share of small dark blobs sitting alone on light paper."""
    g = grey.astype(np.float32)
    local = cv2.medianBlur(grey, 9).astype(np.float32)
    dark = ((local - g) > 60) & (local > 170)
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(dark.astype(np.uint8), connectivity=8)
    if n <= 1:
        return 0.0
    areas = stats[1:, cv2.CC_STAT_AREA]
    return float(areas[(areas >= 1) & (areas <= 36)].sum()) / float(grey.size)


def _screen_peak(grey: np.ndarray, tile: int = 256) -> float:
    """The sharpest isolated spectral peak at periods of 2-8 px among a few central tiles.

    Lattice points of the JPEG 8x8 block grid (multiples of ``tile / 8`` on both axes) and the
    axes themselves (text rows and columns) are left out.
    """
    h, w = grey.shape
    if h < tile or w < tile:
        return 0.0
    hp = grey.astype(np.float32) - cv2.GaussianBlur(grey.astype(np.float32), (0, 0), 3)
    fy = np.fft.fftfreq(tile)[:, None] * tile
    fx = np.fft.fftfreq(tile)[None, :] * tile
    radius = np.hypot(fx, fy)
    band = (radius >= tile / 8) & (radius <= tile / 2)
    step = tile / 8
    near_lattice = (np.abs(fx - np.round(fx / step) * step) <= 2) & (np.abs(fy - np.round(fy / step) * step) <= 2)
    keep = band & ~near_lattice & (np.abs(fx) > 2) & (np.abs(fy) > 2)
    win = np.outer(np.hanning(tile), np.hanning(tile)).astype(np.float32)
    best = 0.0
    for cy in (0.35, 0.5, 0.65):
        for cx in (0.35, 0.5, 0.65):
            y0 = int(cy * h - tile / 2)
            x0 = int(cx * w - tile / 2)
            y0, x0 = min(max(0, y0), h - tile), min(max(0, x0), w - tile)
            patch = hp[y0:y0 + tile, x0:x0 + tile]
            if float(patch.std()) < 1.0:
                continue
            mag = np.abs(np.fft.fft2(patch * win))
            vals = mag[keep]
            med = float(np.median(vals))
            if med > 0:
                best = max(best, float(vals.max()) / med)
    return best


def measure_cues(image: np.ndarray) -> CaptureCues:
    """Measure the photocopy and screen cues of one page image (RGB, as uploaded)."""
    img = _work(image)
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    # the per-pixel channel range, channel by channel (a reduction over the last axis of 3 is ~25x slower)
    chroma = float((np.maximum(np.maximum(r, g), b) - np.minimum(np.minimum(r, g), b)).mean())
    grey = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    rb = np.clip(r.astype(np.int16) - b.astype(np.int16) + 128, 0, 255).astype(np.uint8)
    return CaptureCues(chroma=chroma, edge_darkening=_edge_darkening(grey), speckle=_speckle(grey),
                       screen_peak=_screen_peak(rb), grid_peak=_screen_peak(grey))


def is_photocopy(c: CaptureCues) -> bool:
    """A grey page (no colour at all) with a copier's darker edges."""
    return c.chroma < MONOCHROME_MAX_CHROMA and c.edge_darkening >= EDGE_DARKENING_MIN


def is_screen_capture(c: CaptureCues) -> bool:
    """A screen's sub-pixel stripes and pixel grid seen in the spectrum."""
    return c.screen_peak >= SCREEN_CHROMA_PEAK_MIN and c.grid_peak >= SCREEN_LUMA_PEAK_MIN


def photocopy_signal(cues: Mapping[int, CaptureCues], settings: Settings | None = None) -> Signal | None:
    """The ``photocopy`` signal when some page looks photocopied (page -> cues)."""
    pages = sorted(p for p, c in cues.items() if is_photocopy(c))
    if not pages:
        return None
    return make_signal("photocopy", {"pages": pages, **cues[pages[0]].as_dict()}, OcrCode.PHOTOCOPY, settings)


def screen_capture_signal(cues: Mapping[int, CaptureCues], settings: Settings | None = None) -> Signal | None:
    """The ``screen_capture`` signal when some page shows a screen's pixel grid."""
    pages = sorted(p for p, c in cues.items() if is_screen_capture(c))
    if not pages:
        return None
    return make_signal("screen_capture", {"pages": pages, **cues[pages[0]].as_dict()}, OcrCode.SCREEN_CAPTURE,
                       settings)


# ------------------------------------------------------------------------------------------
# KTP: the NIK against the card's own printed data
# ------------------------------------------------------------------------------------------

KTP_MIN_CONFIDENCE = 0.8
"""Only fields read at least this confidently are compared (an OCR slip is not a signal)."""

KTP_GENDER_MIN_CONFIDENCE = 0.4
"""The gender value is one of two words, read reliably; the KTP extractor halves its confidence
when it disagrees with the NIK's day (``ocr.extract.ktp``), so that very case sits at 0.45-0.5."""


def _place_key(name: str) -> str:
    """Upper-case words; ``PROVINSI`` dropped, ``KAB`` / ``KOTA ADMINISTRASI`` spelled as the
    gazetteer does (a regency and a city of one name, Kabupaten / Kota Bandung, stay apart)."""
    s = " ".join(re.sub(r"[^A-Z ]", " ", name.upper()).split())
    s = re.sub(r"^PROVINSI ", "", s)
    s = re.sub(r"^KAB ", "KABUPATEN ", s)
    return re.sub(r"^KOTA ADMINISTRASI ", "KOTA ", s)


def ktp_nik_inconsistencies(fields: Mapping[str, FieldValue]) -> list[str]:
    """Which printed facts of a KTP its NIK does not encode: ``birth_date``, ``gender``, ``region``.

    NIK digits 7-8 are the birth day (+ 40 for women), 9-10 the month, 11-12 the year's last two
    digits; digits 1-2 / 1-4 the province / regency (gazetteer codes). A part is compared only
    when both sides were read confidently and the gazetteer knows the code.
    """
    nik = fields.get("nik")
    if nik is None or nik.confidence < KTP_MIN_CONFIDENCE or not re.fullmatch(r"\d{16}", str(nik.value)):
        return []
    digits = str(nik.value)
    day, month, yy = int(digits[6:8]), int(digits[8:10]), digits[10:12]
    out: list[str] = []
    bd = fields.get("birth_date")
    if bd is not None and bd.confidence >= KTP_MIN_CONFIDENCE:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(bd.value))
        if m and (int(m.group(3)) != day % 40 or int(m.group(2)) != month or m.group(1)[2:] != yy):
            out.append("birth_date")
    g = fields.get("gender")
    if g is not None and g.confidence >= KTP_GENDER_MIN_CONFIDENCE and g.value in ("LAKI-LAKI", "PEREMPUAN"):
        if (day > 40) != (g.value == "PEREMPUAN"):
            out.append("gender")
    region = False
    for key, name_of, n in (("province", province_name, 2), ("regency", regency_name, 4)):
        f = fields.get(key)
        official = name_of(digits[:n])
        if f is not None and f.confidence >= 0.9 and official and _place_key(str(f.value)) != _place_key(official):
            region = True
    if region:
        out.append("region")
    return out


def ktp_nik_signal(fields: Mapping[str, FieldValue], settings: Settings | None = None) -> Signal | None:
    """The ``ktp_nik_inconsistent`` signal of a KTP, or None when its NIK agrees with the card."""
    parts = ktp_nik_inconsistencies(fields)
    if not parts:
        return None
    return make_signal("ktp_nik_inconsistent", {"parts": parts}, OcrCode.KTP_NIK_INCONSISTENT, settings)


# ------------------------------------------------------------------------------------------
# PDF structure
# ------------------------------------------------------------------------------------------

EDITOR_PRODUCERS: tuple[str, ...] = (
    "ilovepdf", "smallpdf", "sejda", "pdfescape", "pdf-xchange", "foxit phantompdf", "foxit pdf editor",
    "nitro", "pdfelement", "wondershare", "pdffiller", "dochub", "pdf candy", "pdf2go", "soda pdf",
    "adobe acrobat pro", "acrobat distiller", "libreoffice draw", "inkscape", "canva",
)
"""Producer names of PDF editors and online editing tools (lower case substrings)."""

PRODUCER_FAMILIES: dict[str, tuple[str, ...]] = {
    "microsoft": ("microsoft", "word", "excel", "powerpoint"),
    "libreoffice": ("libreoffice", "openoffice", "writer", "calc"),
    "google": ("google", "skia"),
    "apple": ("quartz", "pages", "macos", "mac os"),
    "scanner": ("scan", "epson", "canon", "hp ", "brother", "fuji", "xerox", "kyocera", "ricoh", "camscanner"),
    "adobe": ("adobe", "acrobat", "indesign", "photoshop", "illustrator"),
    "tex": ("tex", "latex"),
}
"""Creator/producer families: a producer of the creator's own family belongs with it."""


def _family(text: str) -> str | None:
    t = text.lower()
    for fam, words in PRODUCER_FAMILIES.items():
        if any(w in t for w in words):
            return fam
    return None


def producer_mismatch(creator: str | None, producer: str | None) -> bool:
    """An editing tool produced a file another application created (e.g. Word -> iLovePDF)."""
    if not creator or not producer:
        return False
    p = producer.lower()
    if not any(e in p for e in EDITOR_PRODUCERS):
        return False
    return _family(creator) != _family(producer)


def pdf_structure_signal(probe: PdfProbe | None, settings: Settings | None = None) -> Signal | None:
    """``pdf_edited`` from the PDF's structure: incremental updates or a producer mismatch."""
    if probe is None:
        return None
    reasons: list[str] = []
    if probe.incremental_updates > 0:
        reasons.append("incremental_updates")
    if producer_mismatch(probe.creator, probe.producer):
        reasons.append("producer_creator_mismatch")
    if not reasons:
        return None
    detail: dict[str, Any] = {"reason": reasons[0], "reasons": reasons, "incremental_updates": probe.incremental_updates}
    if "producer_creator_mismatch" in reasons:
        # Application names, not personal data.
        detail["creator"] = (probe.creator or "")[:80]
        detail["producer"] = (probe.producer or "")[:80]
    return make_signal("pdf_edited", detail, OcrCode.PDF_STRUCTURE, settings)


__all__ = [
    "DEFAULT_SEVERITY",
    "SIGNAL_CODES",
    "CaptureCues",
    "hamming_hex",
    "is_photocopy",
    "is_screen_capture",
    "ktp_nik_inconsistencies",
    "ktp_nik_signal",
    "make_signal",
    "measure_cues",
    "page_hash",
    "pdf_structure_signal",
    "photocopy_signal",
    "producer_mismatch",
    "screen_capture_signal",
    "severity_of",
    "with_severity",
]
