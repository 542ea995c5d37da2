"""Quarter-turn orientation: find the 0/90/180/270 rotation that makes the text upright.

The OCR models read horizontal, upright lines only, so a card photographed sideways or upside
down must be turned first. Two steps, cheapest first:

1. **Axis (0/180 vs 90/270), no OCR.** Dark text is binarised (adaptive threshold), character
   blobs give the character size ``s``, then the mask is closed once with a horizontal kernel
   (``0.6 s`` x 1) and once with a vertical one. Letters of a word/line merge only along the
   direction of writing, so horizontal text yields many long, flat blobs under the horizontal
   closing and none that are tall under the vertical one (and the other way round for text on
   its side). The evidence is the summed length of blobs at least 3x longer than thick.
2. **Direction (0 vs 180), at most one small OCR call.** Up to four of the longest line blobs
   are cut out, scaled to a 40 px line height and pasted into one small composite image: the
   crops upright in the top half, the same crops turned 180 degrees in the bottom half. One
   call of ``recognise`` (any detector + recogniser returning :class:`~ocr.records.TextLine`;
   it must NOT auto-rotate lines itself, e.g. rapidocr with ``use_cls=False``) reads both; the
   half whose lines score higher (sum of confidence x alphanumeric characters) is upright.
   Without a recogniser a weaker layout heuristic decides: lines of forms and letters share
   their *left* edges (labels, paragraphs) while their right edges are ragged.

Angles are clockwise degrees: ``detect_orientation`` returns the turn that
``apply_rotation`` must apply to make the text upright.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.records import TextLine

Recognise = Callable[[np.ndarray], list[TextLine]]
"""Detector + recogniser: RGB image in, recognised lines out (no automatic line rotation)."""

WORK_LONG_SIDE = 1200
"""Images are analysed on a grey copy whose long side is at most this many pixels."""


@dataclass(frozen=True)
class LineBlob:
    """One text-line blob found by morphology, in the coordinates of the analysed grey copy."""

    x: int
    """Left edge."""
    y: int
    """Top edge."""
    w: int
    """Width."""
    h: int
    """Height."""
    rect: tuple[tuple[float, float], tuple[float, float], float]
    """``cv2.minAreaRect`` of the blob (centre, size, angle)."""


def to_grey(image: np.ndarray) -> np.ndarray:
    """Grey uint8 copy of an RGB (or already grey) image."""
    if image.ndim == 2:
        return image
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def work_copy(image: np.ndarray, long_side: int = WORK_LONG_SIDE) -> tuple[np.ndarray, float]:
    """Grey copy scaled down so the long side is at most ``long_side``; returns (grey, scale)."""
    grey = to_grey(image)
    h, w = grey.shape[:2]
    scale = min(1.0, long_side / max(h, w))
    if scale < 1.0:
        grey = cv2.resize(grey, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    return grey, scale


def text_mask(grey: np.ndarray) -> tuple[np.ndarray, float]:
    """Binary mask of character-sized dark marks and the median character size (pixels).

    Marks that are too big (photos, borders, table rules) or too small (noise) are removed.
    Returns an all-zero mask and 0.0 when no characters are found.
    """
    h, w = grey.shape[:2]
    block = max(15, (min(h, w) // 25) | 1)
    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if n <= 1:
        return np.zeros_like(binary), 0.0
    cw, ch, area = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_AREA]
    big = max(40, int(0.12 * min(h, w)))
    longest = np.maximum(cw, ch)
    keep = (longest >= 4) & (longest <= big) & (area >= 6) & (area <= 0.9 * cw * ch + 1)
    if not keep.any():
        return np.zeros_like(binary), 0.0
    lut = np.zeros(n, np.uint8)
    lut[1:][keep] = 255
    mask = lut[labels]
    size = float(np.median(longest[keep & (longest >= 6)])) if (keep & (longest >= 6)).any() else 6.0
    return mask, size


def line_blobs(mask: np.ndarray, char_size: float, horizontal: bool = True, reach: float = 0.6) -> list[LineBlob]:
    """Close the text mask along one axis and return the merged blobs (long thin = text lines).

    ``reach`` is the closing length in character sizes: 0.6 joins letters into words (for the
    axis decision), 1.5 also bridges word gaps into whole lines.
    """
    k = max(3, round(reach * char_size))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1) if horizontal else (1, k))
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out: list[LineBlob] = []
    for c in contours:
        if len(c) < 3:
            continue
        x, y, w, h = cv2.boundingRect(c)
        if max(w, h) < 2 * char_size:
            continue
        out.append(LineBlob(x, y, w, h, cv2.minAreaRect(c)))
    return out


def axis_scores(grey: np.ndarray) -> tuple[float, float, list[LineBlob], float]:
    """Evidence for horizontal and vertical text lines.

    Returns:
        ``(horizontal, vertical, lines, char_size)``: summed lengths of word blobs at least 3x
        longer than thick under each closing, the line blobs (horizontal closing bridging word
        gaps; empty when the text looks vertical), and the median character size.
    """
    best: tuple[float, float, np.ndarray, float] | None = None
    for polarity in (grey, 255 - grey):
        mask, size = text_mask(polarity)
        if size <= 0:
            continue
        hb = line_blobs(mask, size, horizontal=True)
        vb = line_blobs(mask, size, horizontal=False)
        hs = float(sum(b.w for b in hb if b.w >= 3 * b.h))
        vs = float(sum(b.h for b in vb if b.h >= 3 * b.w))
        # light print on a dark card (the app's digital card, white-on-colour bands) is seen in
        # the inverted image; it decides only when it shows far more text than dark print does
        if best is None or hs + vs > INVERTED_TEXT_MARGIN * (best[0] + best[1]):
            best = (hs, vs, mask, size)
    if best is None:
        return 0.0, 0.0, [], 0.0
    hs, vs, mask, size = best
    lines = line_blobs(mask, size, horizontal=True, reach=1.5) if hs >= vs else []
    return hs, vs, lines, size


INVERTED_TEXT_MARGIN = 2.0
"""How many times more line evidence light-on-dark print must show to be taken as the text."""


def apply_rotation(image: np.ndarray, degrees: int) -> np.ndarray:
    """Rotate ``image`` clockwise by a multiple of 90 degrees (0/90/180/270; negatives allowed).

    Raises:
        ValueError: ``degrees`` is not a multiple of 90.
    """
    if degrees % 90:
        raise ValueError(f"rotation must be a multiple of 90 degrees, got {degrees}")
    turns = (degrees // 90) % 4
    if turns == 0:
        return image
    # np.rot90 turns counter-clockwise for positive k.
    return np.ascontiguousarray(np.rot90(image, k=-turns))


def _line_crops(image: np.ndarray, grey: np.ndarray, blobs: list[LineBlob], scale: float, limit: int) -> list[np.ndarray]:
    """Cut the ``limit`` longest flat line blobs out of the full-resolution image."""
    flat = [b for b in blobs if b.w >= 4 * b.h]
    flat.sort(key=lambda b: b.w, reverse=True)
    crops: list[np.ndarray] = []
    H, W = image.shape[:2]
    for b in flat[:limit]:
        pad = max(2, int(0.35 * b.h))
        x0 = max(0, int((b.x - pad) / scale))
        y0 = max(0, int((b.y - pad) / scale))
        x1 = min(W, int((b.x + b.w + pad) / scale) + 1)
        y1 = min(H, int((b.y + b.h + pad) / scale) + 1)
        crop = _line_height_crop(image[y0:y1, x0:x1])
        if crop is not None:
            crops.append(crop)
    return crops


LINE_HEIGHT = 40
"""Height in pixels of every line crop of a composite."""


def _line_height_crop(crop: np.ndarray) -> np.ndarray | None:
    """``crop`` as RGB scaled to :data:`LINE_HEIGHT` (at most 600 px wide); None if empty."""
    if crop.size == 0:
        return None
    if crop.ndim == 2:
        crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2RGB)
    f = LINE_HEIGHT / crop.shape[0]
    tw = max(8, min(600, round(crop.shape[1] * f)))
    return cv2.resize(crop, (tw, LINE_HEIGHT), interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)


def _composite(crops: list[np.ndarray], gap: int = 28) -> tuple[np.ndarray, int]:
    """Upright crops on top, the same crops turned 180 degrees below; returns (image, split y)."""
    width = max(c.shape[1] for c in crops) + 2 * gap
    rows = [*crops, *[np.ascontiguousarray(c[::-1, ::-1]) for c in crops]]
    height = sum(c.shape[0] for c in rows) + gap * (len(rows) + 2)
    canvas = np.full((height, width, 3), 255, np.uint8)
    y = gap
    split = 0
    for i, c in enumerate(rows):
        if i == len(crops):
            y += gap  # extra space between the halves
            split = y - gap
        canvas[y : y + c.shape[0], gap : gap + c.shape[1]] = c
        y += c.shape[0] + gap
    return canvas, split


def _text_score(lines: list[TextLine]) -> float:
    return float(sum(line.confidence * sum(ch.isalnum() for ch in line.text) for line in lines))


def upside_down_by_ocr(image: np.ndarray, recognise: Recognise, blobs: list[LineBlob], scale: float) -> bool | None:
    """Decide 0 vs 180 with one recogniser call on a composite of line crops (None: no lines)."""
    margin = upright_margin(_line_crops(image, to_grey(image), blobs, scale, limit=4), recognise)
    if margin is None:
        return None
    return margin * 1.15 < 1.0  # the turned half reads more than 1.15 times better


def crops_of_lines(image: np.ndarray, lines: list[TextLine], limit: int = 4) -> list[np.ndarray]:
    """The ``limit`` widest recognised lines of ``image`` cut out at a 40 px line height (lines
    of four characters or more, as wide as at least three times their height)."""
    H, W = image.shape[:2]
    flat = [ln for ln in lines if len(ln.text.strip()) >= 4 and (ln.x1 - ln.x0) >= 3 * (ln.y1 - ln.y0)]
    flat.sort(key=lambda ln: ln.x1 - ln.x0, reverse=True)
    crops: list[np.ndarray] = []
    for ln in flat[:limit]:
        h = max(1.0, ln.y1 - ln.y0)
        pad = max(2, int(0.2 * h))
        x0, y0 = max(0, int(ln.x0) - pad), max(0, int(ln.y0) - pad)
        x1, y1 = min(W, int(ln.x1) + pad + 1), min(H, int(ln.y1) + pad + 1)
        crop = _line_height_crop(image[y0:y1, x0:x1])
        if crop is not None:
            crops.append(crop)
    return crops


def upright_margin(crops: list[np.ndarray], recognise: Recognise) -> float | None:
    """How much better ``crops`` read as they are than turned 180 degrees, from one recogniser
    call on their composite: the upright half's score over the turned half's (None: nothing
    read in either half)."""
    if not crops:
        return None
    canvas, split = _composite(crops)
    lines = recognise(canvas)
    top = _text_score([ln for ln in lines if ln.cy < split])
    bottom = _text_score([ln for ln in lines if ln.cy >= split])
    if top == 0 and bottom == 0:
        return None
    return top / bottom if bottom > 0 else float("inf")


def upside_down_by_layout(blobs: list[LineBlob], char_size: float) -> bool | None:
    """Weaker 0 vs 180 guess: aligned left edges and ragged right edges mean upright."""
    lines = [b for b in blobs if b.w >= 3 * b.h]
    if len(lines) < 3:
        return None
    tol = max(2.0, 0.5 * char_size)

    def aligned(edges: list[float]) -> int:
        return sum(1 for i, e in enumerate(edges) if any(abs(e - f) <= tol for j, f in enumerate(edges) if j != i))

    left = aligned([float(b.x) for b in lines])
    right = aligned([float(b.x + b.w) for b in lines])
    if left == right:
        return None
    return right > left


def detect_orientation(image: np.ndarray, recognise: Recognise | None = None) -> int:
    """Clockwise quarter turn (0/90/180/270) that makes the text of ``image`` upright.

    Args:
        image: RGB (or grey) page image, ideally already cropped and deskewed.
        recognise: optional detector + recogniser for the 0/180 decision (one small call on a
            composite of at most four line crops); without it a layout heuristic decides.

    Returns:
        The angle to pass to :func:`apply_rotation`; 0 when there is no usable text.
    """
    grey, scale = work_copy(image)
    hs, vs, hblobs, size = axis_scores(grey)
    if hs == 0 and vs == 0:
        return 0
    base = 0
    work_image = image
    if vs > 1.3 * hs:
        # Text runs vertically: turn it clockwise a quarter, then decide up vs down.
        base = 90
        work_image = apply_rotation(image, 90)
        grey, scale = work_copy(work_image)
        _, _, hblobs, size = axis_scores(grey)
    flipped: bool | None = None
    if recognise is not None:
        flipped = upside_down_by_ocr(work_image, recognise, hblobs, scale)
    if flipped is None:
        flipped = upside_down_by_layout(hblobs, size)
    return (base + (180 if flipped else 0)) % 360
