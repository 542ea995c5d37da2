"""Image-quality figures of a normalised page and the gate that asks for a new photo.

Figures (:func:`measure_quality`), all on a grey copy resized to :data:`MEASURE_WIDTH` px wide
so they do not depend on the camera's resolution:

- ``blur``: variance of the Laplacian, taken over the *content* of the page: the image is cut
  into 40 px tiles and the mean Laplacian variance of the sharpest 20 % of tiles is reported.
  A plain whole-image variance would call a sharp A4 letter (mostly white paper) blurred.
- ``brightness``: mean grey level; ``contrast``: standard deviation of grey levels.
- ``glare``: share of the image in compact blobs of saturated near-white pixels (every channel
  >= 245, blob >= 0.1 % of the image, filling >= 60 % of its convex hull). When more than half
  of the image is saturated white the page itself is white paper (a scan or a rendered PDF),
  not a reflection, and glare is 0.
- ``width``/``height`` of the normalised image, and ``upscaled`` (set by normalisation) from
  which the effective resolution ``long side / upscaled`` follows.

Gate (:func:`quality_gate`) thresholds, in order of checking:

=================  ==========================================================================
``too_small``      effective long side < 400 px for a card (KTP, BPJS card, passbook),
                   < 700 px for a page (KK, letter). A 500 px card photo still reads exactly.
``too_dark``       brightness < 70 with ink contrast < 11: a dim page whose print itself is
                   faint. The print's contrast (``ink_contrast``, the 20 % most contrasted
                   tiles) decides, not the whole image's spread, which a dark card design
                   or much plain background lowers while the print stays legible (light
                   print on the app's dark digital card is ~31 / 49 / 65). Without
                   ``ink_contrast`` (older figures): brightness < 45 with contrast < 25, or
                   < 70 with contrast < 18.
``glare``          glare > 0.06 (a reflection over ~6 % of the document hides a field or two).
``too_blurry``     blur < 30 (card) / 60 (page).
``too_bright``     brightness > 240 with contrast < 8 (washed out, nothing legible left). A
                   sparse but sharp A4 letter is ~252 / 15-23, hence the low contrast limit.
=================  ==========================================================================

How they were chosen (synthetic images from ``tests/ocr/imaging.py``, 1000 px measuring width;
figures as measured here):

- blur (card 1000 px wide; rapidocr fields read exactly out of 7): clean render ~9900,
  scan with noise ~4900, phone photo after perspective warp ~2900, 500 px card upscaled x2
  ~1700, Gaussian sigma 1.5 ~370, sigma 2.5 ~77 (7/7), sigma 3 ~43 (6/7), sigma 4 ~18 (6/7,
  the margin is gone), sigma 5 ~13 (1/7), sigma 6 ~12 (0/7); a photo blurred sigma 3 ~60.
  Card threshold 30: everything up to sigma ~3.4 goes to OCR, the collapse is refused.
  A4 letter at 200 dpi: clean ~16000, sigma 3 ~260 (8/8 lines), sigma 5 ~35 (3/8),
  sigma 7 ~20 (0/8): page threshold 60.
- brightness / ink contrast (PP-OCRv6 lines read exactly, of 15, on the card photo with
  sensor noise sigma 2.5): the photo is ~207 / 40 / 65 (brightness / contrast / ink);
  darkened x0.35 ~72/14/23 (15/15), x0.2 ~41/8/13 (15/15), x0.15 ~31/6/10 (13/15),
  x0.1 ~20/4/7 (12/15), x0.08 ~16/4/5 (2/15). Ink 11 refuses where lines start to be lost.
  Training card designs after normalisation: ink 43..81 in every readable capture, the
  generator's ``unreadable_dark`` photos 3..5.
- glare: a flash highlight over the middle of a card photo measures ~0.3; clean cards,
  photos and white pages measure 0.0 (paper rule above). 0.06 leaves room for small
  specular dots on the card's hologram.

The gate only looks at figures; it never sees document content.
"""

from __future__ import annotations

import cv2
import numpy as np

from intake.errors import Message
from ocr.messages import OCR_MESSAGES, OcrCode
from ocr.records import Quality

MEASURE_WIDTH = 1000
"""Width of the grey copy the figures are measured on."""

TILE = 40
"""Tile size (pixels of the measuring copy) for the content-weighted blur figure."""

CARD_TYPES = frozenset({"ktp", "bpjs_card", "passbook", "card"})
PAGE_TYPES = frozenset({"kk", "resignation_letter", "page"})

MIN_LONG_SIDE = {"card": 400, "page": 700}
"""Minimum effective long side in pixels (before any upscaling) per document shape."""
MIN_BLUR = {"card": 30.0, "page": 60.0}
"""Minimum content-weighted Laplacian variance per document shape."""
DARK_BRIGHTNESS, DARK_CONTRAST = 45.0, 25.0
DIM_BRIGHTNESS, DIM_CONTRAST = 70.0, 18.0
MIN_INK_CONTRAST = 11.0
"""Below this print contrast (:func:`ink_contrast_score`) a dim page is too dark to read."""
BRIGHT_BRIGHTNESS, BRIGHT_CONTRAST = 240.0, 8.0
MAX_GLARE = 0.06

MESSAGES: dict[str, Message] = {
    code.value: OCR_MESSAGES.message(code)
    for code in (OcrCode.TOO_BLURRY, OcrCode.TOO_DARK, OcrCode.TOO_BRIGHT, OcrCode.GLARE, OcrCode.TOO_SMALL)
}
"""Bilingual claimant messages per gate reason code (texts in :mod:`ocr.messages`)."""


def _measure_copy(image: np.ndarray) -> np.ndarray:
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    h, w = grey.shape[:2]
    if w == MEASURE_WIDTH:
        return grey
    nh = max(1, round(h * MEASURE_WIDTH / w))
    interp = cv2.INTER_AREA if w > MEASURE_WIDTH else cv2.INTER_LINEAR
    return cv2.resize(grey, (MEASURE_WIDTH, nh), interpolation=interp)


def _tiles(a: np.ndarray, th: int, tw: int) -> np.ndarray:
    """A ``th*TILE x tw*TILE`` image as ``th*tw`` rows of one tile's pixels each."""
    return a.reshape(th, TILE, tw, TILE).transpose(0, 2, 1, 3).reshape(th * tw, TILE * TILE)


def blur_score(grey: np.ndarray) -> float:
    """Mean Laplacian variance of the sharpest 20 % of tiles of a measuring-size grey image.

    Grey levels are first stretched so the 1st..99th percentiles span 0..255, so that a dim
    but sharp photo is not mistaken for a blurred one (darkness has its own figure).
    """
    lo, hi = np.percentile(grey, (1, 99))
    g = ((grey.astype(np.float32) - lo) * (255.0 / max(float(hi - lo), 16.0))).astype(np.float32)
    lap = cv2.Laplacian(g, cv2.CV_32F, ksize=1)
    h, w = lap.shape
    th, tw = max(1, h // TILE), max(1, w // TILE)
    lap = lap[: th * TILE, : tw * TILE] if h >= TILE and w >= TILE else lap
    if h < TILE or w < TILE:
        return float(lap.var())
    var = np.sort(_tiles(lap, th, tw).var(axis=1))[::-1]
    top = var[: max(4, len(var) // 5)]
    return float(top.mean())


def ink_contrast_score(grey: np.ndarray) -> float:
    """Mean grey-level standard deviation of the 20 % most contrasted tiles of a measuring copy.

    Where the page has print, a tile holds ink and its background, so this is the contrast of
    the print itself, whatever the share of plain background (a dark card with light print,
    a photo with much table around the card). It scales with the light: a card photo ~65,
    the same darkened x0.2 ~13 (still read line for line), x0.1 with sensor noise ~7 (lines lost).
    """
    h, w = grey.shape[:2]
    if h < TILE or w < TILE:
        return float(grey.std())
    th, tw = h // TILE, w // TILE
    std = np.sort(_tiles(grey[: th * TILE, : tw * TILE].astype(np.float32), th, tw).std(axis=1))[::-1]
    return float(std[: max(4, len(std) // 5)].mean())


def glare_score(image: np.ndarray) -> float:
    """Share of the image in compact saturated near-white blobs (0 on white paper pages)."""
    rgb = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    h, w = rgb.shape[:2]
    if w != MEASURE_WIDTH:
        nh = max(1, round(h * MEASURE_WIDTH / w))
        rgb = cv2.resize(rgb, (MEASURE_WIDTH, nh), interpolation=cv2.INTER_AREA if w > MEASURE_WIDTH else cv2.INTER_LINEAR)
    lo = np.minimum(np.minimum(rgb[..., 0], rgb[..., 1]), rgb[..., 2])  # = rgb.min(axis=2), 30x faster
    sat = (lo >= 245).astype(np.uint8)
    total = sat.size
    if sat.sum() > 0.5 * total:
        return 0.0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(sat, connectivity=8)
    glare = 0
    for i in range(1, n):
        area = int(stats[i, cv2.CC_STAT_AREA])
        if area < 0.001 * total:
            continue
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        comp = (labels[y : y + bh, x : x + bw] == i).astype(np.uint8)
        contours, _ = cv2.findContours(comp, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        hull_area = max(cv2.contourArea(cv2.convexHull(np.vstack(contours))), 1.0)
        if area / hull_area >= 0.6 and _has_halo(lo, labels, i, (x, y, bw, bh)):
            glare += area
    return glare / total


HALO_MIN_SHARE = 0.5
"""Share of the ring around a saturated blob that must be bright-but-unsaturated for glare."""

HALO_REACH = 8
"""How far (px at the measuring width) the halo ring reaches outside a blob: the outer dilation's radius."""


def _has_halo(lo: np.ndarray, labels: np.ndarray, label: int, bbox: tuple[int, int, int, int]) -> bool:
    """True when the saturated blob ``label`` fades out through a bright halo, as a reflection does.

    Printed white areas of a card (between coloured bands, around text) end in a sharp edge;
    a specular highlight falls off gradually, so the ring a few pixels outside it is still
    bright (grey level 170..244 in every channel: ``lo`` is the per-pixel channel minimum).
    Only the blob's bounding box grown by the ring's reach is looked at (the same ring as over
    the whole image, at a fraction of the cost).
    """
    x, y, bw, bh = bbox
    y0, y1 = max(0, y - HALO_REACH), min(labels.shape[0], y + bh + HALO_REACH)
    x0, x1 = max(0, x - HALO_REACH), min(labels.shape[1], x + bw + HALO_REACH)
    blob_u8 = (labels[y0:y1, x0:x1] == label).astype(np.uint8)
    inner = cv2.dilate(blob_u8, np.ones((5, 5), np.uint8))
    outer = cv2.dilate(blob_u8, np.ones((2 * HALO_REACH + 1, 2 * HALO_REACH + 1), np.uint8))
    ring = (outer > 0) & (inner == 0)
    if not ring.any():
        return False
    vals = lo[y0:y1, x0:x1][ring]
    return float(((vals >= 170) & (vals < 245)).mean()) >= HALO_MIN_SHARE


def measure_quality(image: np.ndarray) -> Quality:
    """Measure blur, brightness, contrast, glare and size of an RGB page image.

    The transform fields of the returned :class:`Quality` (rotation, skew, ...) are left at
    their defaults; normalisation fills them in.
    """
    h, w = image.shape[:2]
    grey = _measure_copy(image)
    return Quality(
        width=int(w),
        height=int(h),
        blur=blur_score(grey),
        brightness=float(grey.mean()),
        contrast=float(grey.std()),
        glare=glare_score(image),
        ink_contrast=ink_contrast_score(grey),
    )


def document_shape(quality: Quality, doc_hint: str | None = None) -> str:
    """``"card"`` or ``"page"``: from the document type hint, else from the aspect ratio."""
    if doc_hint in CARD_TYPES:
        return "card"
    if doc_hint in PAGE_TYPES:
        return "page"
    long, short = max(quality.width, quality.height), max(1, min(quality.width, quality.height))
    return "card" if abs(long / short - 85.6 / 54) < 0.2 else "page"


def _too_dark(quality: Quality) -> bool:
    if quality.ink_contrast is not None:  # the print's own contrast decides, not the background's
        return quality.brightness < DIM_BRIGHTNESS and quality.ink_contrast < MIN_INK_CONTRAST
    return (quality.brightness < DARK_BRIGHTNESS and quality.contrast < DARK_CONTRAST) or (
        quality.brightness < DIM_BRIGHTNESS and quality.contrast < DIM_CONTRAST
    )


def quality_gate(quality: Quality, doc_hint: str | None = None) -> tuple[str, Message] | None:
    """Return ``(reason, message)`` when the page is too poor to read reliably, else None.

    Args:
        quality: figures of the normalised page.
        doc_hint: document type (``ktp``, ``kk``, ...) or ``"card"``/``"page"``; guessed from
            the aspect ratio when None.

    Returns:
        One of the reason codes ``too_small``, ``too_dark``, ``too_bright``, ``glare``,
        ``too_blurry`` with its bilingual message, or None when the page passes.
    """
    shape = document_shape(quality, doc_hint)
    effective = max(quality.width, quality.height) / max(quality.upscaled, 1.0)
    if effective < MIN_LONG_SIDE[shape]:
        reason = "too_small"
    elif _too_dark(quality):
        reason = "too_dark"
    elif quality.glare > MAX_GLARE:
        reason = "glare"
    elif quality.blur < MIN_BLUR[shape]:
        reason = "too_blurry"
    elif quality.brightness > BRIGHT_BRIGHTNESS and quality.contrast < BRIGHT_CONTRAST:
        reason = "too_bright"
    else:
        return None
    return reason, MESSAGES[reason]
