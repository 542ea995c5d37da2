"""Normalise a page image for OCR: crop the document, deskew, scale, turn upright, measure.

Stage: ``normalise_page(page, ctx) -> NormalisedPage``, in this order:

a. **Find the document** in a photo. The background colour is taken from a strip along the
   frame; pixels far from it (Lab distance, Otsu threshold) form the document mask, the
   largest component is reduced to a convex quadrilateral (``approxPolyDP`` of its hull, else
   ``minAreaRect``) which must cover 15-98 % of the frame and be solid (the mask fills >= 85 %
   of it). A Canny-contour search is the fallback. A white page on white (a flatbed scan, a
   rendered PDF page) has no such solid region, so it is left alone: its text block is sparse
   and never passes the solidity test. A page is never cropped to a part of itself: a quad
   that reaches three sides of the frame (the white area under a brand-colour panel of a page
   filling the frame), that is not rectangle-like (corners under 50 degrees, opposite sides
   under half of each other), or whose colour mask edge runs through paper (the colour just
   outside an edge is the inside's, not the background's: glare or a light table ate a corner)
   is refused; the Canny outline wins over the colour quad when it holds it and is 1.3x larger
   (the mask caught one tone of a two-tone document); a Canny outline whose edge runs through
   paper (a table's box on the page) is refused like a colour quad. The quad found then grows
   to the whole document when every pixel unlike the background (distance over
   ``NOT_BACKGROUND`` spreads, below the two-tone split) forms a plausible outline holding it,
   1.05-3x its area, with the same sides (turned under 4 degrees): a brand-coloured band close
   to the table's colour (the bank's name on a passbook's cover strip) stays on the page, and a
   highlight or shadow beside it never bends the outline. When a highlight beside the document
   joined that region, it grows along the document's own sides only (`_corridors`: stretched
   lengthwise, then crosswise; those sides keep their direction, the others turn under 10
   degrees). When the whole document runs off three sides of the frame, no crop: the frame is
   read as it is (cropping to the white part would lose the band). A quad whose edges cut three
   or more printed glyphs (``cuts_text``: ink blobs reaching well inside and well outside it;
   a photocopy's shaded borders) is refused. No quad: the page is read whole.
   The quad is warped to a rectangle of the ID-card
   aspect (85.6 x 54) when within 15 % of it, else of the quad's own aspect.
b. **Deskew** angles of 0.3-:data:`MAX_SKEW` degrees: the median angle of text-line blobs
   (``minAreaRect`` of the horizontally closed text mask; on a document photographed on a
   background, of the blobs inside the region unlike that background only, so a table's grain
   does not vote), refined by a projection-profile search +-1 degree in 0.1 degree steps.
c. **Scale**: a long side under ``min_long_side`` (1000 px: a card ~1000 px wide) is upscaled
   with INTER_CUBIC, one over ``max_long_side`` (2400 px) is reduced with INTER_AREA.
d. **Orientation** 0/90/180/270 (:mod:`ocr.orientation`, one small OCR call when the context
   gives a recogniser), skipped for PDF pages with a usable text layer.
e. **Quality** figures (:mod:`ocr.quality`) with the transform figures filled in.

A clean scan or rendered page goes through (a)-(d) unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from ocr.orientation import Recognise, apply_rotation, detect_orientation, line_blobs, text_mask, work_copy
from ocr.quality import measure_quality
from ocr.records import PageImage, Quality

CARD_ASPECT = 85.6 / 54
"""ID-1 card aspect ratio (KTP, BPJS card)."""


@dataclass
class NormaliseContext:
    """Options of the normalisation stage (any object with these attributes will do)."""

    recognise: Recognise | None = None
    """Detector + recogniser for the 0/180 decision (no automatic line rotation)."""
    find_document: bool = True
    """Look for a document quadrilateral in photos."""
    deskew: bool = True
    """Correct small skew angles."""
    orient: bool = True
    """Detect and undo quarter turns."""
    min_long_side: int = 1000
    """Upscale images whose long side is shorter."""
    max_long_side: int = 2400
    """Downscale images whose long side is longer."""
    min_doc_share: float = 0.15
    """Smallest share of the frame a document quadrilateral may cover."""
    max_doc_share: float = 0.98
    """Largest share (above it the frame is the document already)."""
    despeckle: bool = True
    """Clear a grey page's toner specks before OCR (:func:`despeckle`)."""


@dataclass
class Transform:
    """What normalisation did to the source page image."""

    source_size: tuple[int, int]
    """(width, height) of the source image."""
    quad: list[list[float]] | None = None
    """Document corners found in the source image (TL, TR, BR, BL), or None."""
    skew: float = 0.0
    """Counter-clockwise deskew rotation applied, degrees."""
    scale: float = 1.0
    """Resize factor applied after cropping and deskewing."""
    rotation: int = 0
    """Clockwise quarter turn applied last, degrees."""
    despeckled: bool = False
    """Toner specks were cleared (a grey page: photocopy or black-and-white scan)."""


@dataclass
class NormalisedPage:
    """A page image ready for OCR with its quality figures."""

    page: int
    """1-based page number in the source file."""
    image: np.ndarray
    """RGB ``HxWx3`` uint8 pixels the OCR boxes will refer to."""
    quality: Quality
    """Quality figures of ``image`` (transform figures filled in)."""
    transform: Transform
    """What was done to the source image."""
    text_layer: str | None = None
    """The PDF page's own text, carried over from :class:`~ocr.records.PageImage`."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Room for later stages."""


_DEFAULTS = NormaliseContext()


def _opt(ctx: Any, name: str) -> Any:
    """Option ``name`` of ``ctx``, falling back to the :class:`NormaliseContext` default."""
    return getattr(ctx, name, getattr(_DEFAULTS, name)) if ctx is not None else getattr(_DEFAULTS, name)


# --- (a) document quadrilateral -------------------------------------------------------------


def order_corners(pts: np.ndarray) -> np.ndarray:
    """Order four points as top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(pts, np.float32).reshape(4, 2)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], dtype=np.float32)


def _quad_from_contour(contour: np.ndarray) -> np.ndarray:
    hull = cv2.convexHull(contour)
    peri = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.045, 0.06, 0.08):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            return approx.reshape(4, 2).astype(np.float32)
    return cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float32)


def _accept_quad(quad: np.ndarray, mask: np.ndarray | None, ctx: Any) -> bool:
    h, w = (mask.shape if mask is not None else (0, 0))
    area = abs(cv2.contourArea(quad))
    share = area / float(h * w)
    if not (_opt(ctx, "min_doc_share") <= share <= _opt(ctx, "max_doc_share")):
        return False
    q = order_corners(quad)
    sides = [np.linalg.norm(q[i] - q[(i + 1) % 4]) for i in range(4)]
    if min(sides) < 0.15 * max(sides):
        return False
    if mask is not None:
        poly = np.zeros_like(mask)
        cv2.fillConvexPoly(poly, q.astype(np.int32), 255)
        inside = poly > 0
        if mask[inside].mean() / 255.0 < 0.85:
            return False
    return True


def _background_distance(img: np.ndarray) -> np.ndarray:
    """Per pixel, how far its colour lies from the frame's border strip (the background), in
    units of the border's own spread (a textured table top spreads more than a plain one)."""
    h, w = img.shape[:2]
    lab = cv2.cvtColor(cv2.GaussianBlur(img, (5, 5), 0), cv2.COLOR_RGB2LAB).astype(np.float32)
    b = max(4, int(0.03 * min(h, w)))
    border = np.concatenate([lab[:b].reshape(-1, 3), lab[-b:].reshape(-1, 3), lab[:, :b].reshape(-1, 3), lab[:, -b:].reshape(-1, 3)])
    bg = np.median(border, axis=0)
    spread = np.median(np.abs(border - bg), axis=0) + 1.0
    return np.asarray(np.sqrt((((lab - bg) / np.maximum(spread, 4.0)) ** 2).sum(axis=2)), np.float32)


def _mask_quad(mask: np.ndarray, ctx: Any) -> np.ndarray | None:
    """Quad of the largest region of ``mask`` (opened, closed, holes filled), if acceptable."""
    h, w = mask.shape[:2]
    k = max(3, int(0.015 * min(h, w)))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel, iterations=2)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    c = max(contours, key=cv2.contourArea)
    # Fill holes (dark text inside the card) before the solidity check.
    filled = np.zeros_like(mask)
    cv2.drawContours(filled, [c], -1, 255, thickness=cv2.FILLED)
    quad = _quad_from_contour(c)
    return quad if _accept_quad(quad, filled, ctx) else None


def _colour_quad(dist: np.ndarray, ctx: Any) -> np.ndarray | None:
    """Quad of the largest region whose colour differs from the frame's border strip (``dist``:
    :func:`_background_distance` of the image), split from it at Otsu's threshold."""
    scaled = np.clip(dist * (255.0 / max(float(np.percentile(dist, 99.5)), 1e-3)), 0, 255).astype(np.uint8)
    otsu, mask = cv2.threshold(scaled, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if otsu < 20:
        return None  # no real difference from the background: a plain page
    return _mask_quad(mask, ctx)


NOT_BACKGROUND = 4.0
"""Distance from the background colour (in units of its spread) above which a pixel is not
background: lower than the two-tone split Otsu finds, so a brand-coloured band of the
document (a passbook's cover strip, a card's header) counts as document too."""


def _whole_document(img: np.ndarray, quad: np.ndarray, dist: np.ndarray, ctx: Any) -> np.ndarray | None:
    """``quad`` grown to the whole document when it caught only one tone of it: the region of
    every pixel unlike the background holds it and is a plausible document outline. None when
    the whole document runs off the frame (no crop)."""
    unlike = (dist > NOT_BACKGROUND).astype(np.uint8) * 255
    grown = _grown(img, quad, _mask_quad(unlike, ctx))
    if grown is None:
        # a glare or another object beside the document joined the region: grow along the
        # document's own sides only (a band extends the outline, lengthwise or crosswise)
        for corridor, along in zip(_corridors(quad), ((1, 3), (0, 2)), strict=True):
            lane = np.zeros_like(unlike)
            cv2.fillConvexPoly(lane, np.round(corridor).astype(np.int32), 255)
            grown = _grown(img, quad, _mask_quad(cv2.bitwise_and(unlike, lane), ctx), along)
            if grown is not None:
                break
    if grown is None:
        return quad
    # the whole document runs off three sides of the frame (a passbook photographed close, its
    # brand band at the top): read the frame as it is rather than its white part alone
    return None if frame_sides_touched(grown, img.shape) >= 3 else grown


def _grown(img: np.ndarray, quad: np.ndarray, grown: np.ndarray | None,
           along: tuple[int, ...] = (0, 1, 2, 3)) -> np.ndarray | None:
    """``grown`` when it is ``quad``'s document made whole (larger, the same rectangle
    extended, not cutting through a page), else None. ``along``: the sides it was grown along,
    which must keep their direction; the other two may turn up to :data:`CORRIDOR_MAX_TURN`
    (where a glare bit into the first outline)."""
    if grown is None or not rectangle_like(grown) or cuts_through(img, grown):
        return None
    if abs(cv2.contourArea(grown)) > GROWN_MAX * abs(cv2.contourArea(quad)):
        return None
    if _edge_turn(grown, quad, along) > GROWN_MAX_TURN or _edge_turn(grown, quad) > CORRIDOR_MAX_TURN:
        return None  # not the same rectangle made longer: a highlight or a shadow joined it
    return grown if _holds_part(grown, quad, GROWN_MIN) else None


def _corridors(quad: np.ndarray) -> list[np.ndarray]:
    """``quad`` stretched along its left and right sides (its top and bottom moved out by its
    height), then along its top and bottom sides (by its width): where a band of the same
    document can lie."""
    tl, tr, br, bl = order_corners(quad)
    left, right, top, bottom = bl - tl, br - tr, tr - tl, br - bl
    return [np.array([tl - left, tr - right, br + right, bl + left], np.float32),
            np.array([tl - top, tr + top, br + bottom, bl - bottom], np.float32)]


GROWN_MIN, GROWN_MAX = 1.05, 3.0
"""How much larger the grown outline must be (less: the same outline) and may be (more: the
document's shadow or the table's other objects joined it)."""
CORRIDOR_MAX_TURN = 10.0
"""Largest angle of the other two sides of an outline grown along the document's own sides
(the first outline's side across a band may be off where a glare bit into it)."""
GROWN_MAX_TURN = 4.0
"""Largest angle (degrees) between a side of the grown outline and the same side of the one it
grows: a band of the document extends its sides, it does not turn them."""


def _edge_turn(a: np.ndarray, b: np.ndarray, sides: tuple[int, ...] = (0, 1, 2, 3)) -> float:
    """Largest angle (degrees) between corresponding sides of two quads (``sides``: which, 0 top,
    1 right, 2 bottom, 3 left)."""
    qa, qb = order_corners(a), order_corners(b)
    worst = 0.0
    for i in sides:
        va, vb = qa[(i + 1) % 4] - qa[i], qb[(i + 1) % 4] - qb[i]
        cos = abs(float(np.dot(va, vb))) / max(float(np.linalg.norm(va) * np.linalg.norm(vb)), 1e-6)
        worst = max(worst, math.degrees(math.acos(min(1.0, cos))))
    return worst


def _edge_quad(img: np.ndarray, ctx: Any) -> np.ndarray | None:
    """Fallback: the largest convex four-cornered contour of the Canny edges."""
    h, w = img.shape[:2]
    grey = cv2.GaussianBlur(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), (5, 5), 0)
    med = float(np.median(grey))
    edges = cv2.Canny(grey, int(max(0, 0.66 * med)), int(min(255, 1.33 * med)))
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    best, best_area = None, 0.0
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:10]:
        peri = cv2.arcLength(c, True)
        approx = cv2.approxPolyDP(c, 0.02 * peri, True)
        if len(approx) != 4 or not cv2.isContourConvex(approx):
            continue
        quad = approx.reshape(4, 2).astype(np.float32)
        area = abs(cv2.contourArea(quad))
        if area > best_area and _accept_quad(quad, np.zeros((h, w), np.uint8) + 255, ctx):
            # Border check: the quad's outside must differ from its inside (not a table on paper).
            poly = np.zeros((h, w), np.uint8)
            cv2.fillConvexPoly(poly, order_corners(quad).astype(np.int32), 255)
            inside, outside = grey[poly > 0], grey[poly == 0]
            if outside.size and abs(float(np.median(inside)) - float(np.median(outside))) > 25:
                best, best_area = quad, area
    return best


FRAME_MARGIN = 0.015
"""A quad edge within this share of the image size from the frame's edge touches it."""


def frame_sides_touched(quad: np.ndarray, shape: tuple[int, ...]) -> int:
    """How many sides of the image frame (0-4) the quad's bounding box reaches."""
    h, w = shape[:2]
    xs, ys = quad[:, 0], quad[:, 1]
    mx, my = FRAME_MARGIN * w, FRAME_MARGIN * h
    return int(xs.min() <= mx) + int(xs.max() >= w - 1 - mx) + int(ys.min() <= my) + int(ys.max() >= h - 1 - my)


MIN_CORNER_ANGLE = 50.0
"""Smallest interior angle (degrees) of a photographed rectangle's outline."""
MIN_OPPOSITE_RATIO = 0.5
"""Shortest/longest ratio of opposite sides of a photographed rectangle's outline."""


def rectangle_like(quad: np.ndarray) -> bool:
    """The quad can be a rectangle seen in perspective: no corner sharper than
    :data:`MIN_CORNER_ANGLE`, opposite sides of comparable length."""
    q = order_corners(quad)
    sides = [float(np.linalg.norm(q[(i + 1) % 4] - q[i])) for i in range(4)]
    if min(sides) <= 0:
        return False
    for i in range(4):
        a, b = q[i - 1] - q[i], q[(i + 1) % 4] - q[i]
        cos = float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))
        if math.degrees(math.acos(max(-1.0, min(1.0, cos)))) < MIN_CORNER_ANGLE:
            return False
    return all(min(sides[i], sides[i + 2]) >= MIN_OPPOSITE_RATIO * max(sides[i], sides[i + 2]) for i in (0, 1))


EDGE_PROBE = 0.03
"""How far (share of the image's long side) either side of a quad edge its colours are sampled."""


def cuts_through(image: np.ndarray, quad: np.ndarray) -> bool:
    """An edge of the quad runs through the document: just outside it the colour is the
    inside's (paper), not the background's (the frame's border strip). A colour mask that
    lost a corner of a page to glare or to a light table gives such a quad."""
    h, w = image.shape[:2]
    lab = cv2.cvtColor(cv2.GaussianBlur(image, (9, 9), 0), cv2.COLOR_RGB2LAB).astype(np.float32)
    b = max(4, int(0.03 * min(h, w)))
    border = np.concatenate([lab[:b].reshape(-1, 3), lab[-b:].reshape(-1, 3), lab[:, :b].reshape(-1, 3),
                             lab[:, -b:].reshape(-1, 3)])
    bg = np.median(border, axis=0)
    q = order_corners(quad)
    centre = q.mean(axis=0)
    d = EDGE_PROBE * max(h, w)
    for i in range(4):
        p0, p1 = q[i], q[(i + 1) % 4]
        along = p1 - p0
        normal = np.array([along[1], -along[0]], np.float32) / max(float(np.linalg.norm(along)), 1e-3)
        if np.dot(normal, (p0 + p1) / 2 - centre) < 0:
            normal = -normal  # pointing away from the quad's centre
        outs, ins = [], []
        for t in np.linspace(0.15, 0.85, 8):
            pt = p0 + t * along
            o, n = pt + d * normal, pt - d * normal
            if 0 <= o[0] < w and 0 <= o[1] < h and 0 <= n[0] < w and 0 <= n[1] < h:
                outs.append(lab[int(o[1]), int(o[0])])
                ins.append(lab[int(n[1]), int(n[0])])
        if len(outs) < 4:
            continue  # the edge lies along the frame: nothing outside to look at
        o_med, i_med = np.median(outs, axis=0), np.median(ins, axis=0)
        if np.linalg.norm(o_med - i_med) < np.linalg.norm(o_med - bg):
            return True
    return False


GLYPH_MAX = 0.05
"""Largest side of an ink blob (share of the image's long side) counted as a glyph."""
GLYPH_REACH = 3
"""Pixels a glyph must reach on each side of a quad edge to be cut by it."""
CUT_GLYPHS = 3
"""Glyphs cut by a quad's edges that say the edge runs through the document's text."""


def cuts_text(image: np.ndarray, quad: np.ndarray) -> bool:
    """The quad's edges run through printed text: :data:`CUT_GLYPHS` or more glyph-sized ink
    blobs reach both well inside and well outside it. A photocopy or a scan whose page fills
    the frame, its borders shaded darker than its middle, gives a colour quad a few per cent
    inside the page, cutting off the first letters of a form's left column; a document lying
    on a background has its margins, and the background's own specks never reach inside."""
    h, w = image.shape[:2]
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 20)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return False
    poly = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(poly, order_corners(quad).astype(np.int32), 255)
    kernel = np.ones((2 * GLYPH_REACH + 1, 2 * GLYPH_REACH + 1), np.uint8)
    deep_in = cv2.erode(poly, kernel) > 0
    deep_out = cv2.dilate(poly, kernel) == 0
    inside = np.bincount(labels[deep_in], minlength=n)
    outside = np.bincount(labels[deep_out], minlength=n)
    limit = GLYPH_MAX * max(h, w)
    glyph = (stats[:, cv2.CC_STAT_WIDTH] <= limit) & (stats[:, cv2.CC_STAT_HEIGHT] <= limit)
    glyph[0] = False  # the background label
    return int(np.count_nonzero(glyph & (inside > 0) & (outside > 0))) >= CUT_GLYPHS


def _part_of_page(quad: np.ndarray, shape: tuple[int, ...]) -> bool:
    """The region found reaches three or more sides of the frame: it is part of a page that
    fills the frame (the white area under a brand-colour panel, a scan's body under its
    letterhead band), not a document lying on a background, and cropping to it would cut
    the page's text away."""
    return frame_sides_touched(quad, shape) >= 3 or not rectangle_like(quad)


def find_document(image: np.ndarray, ctx: Any = None) -> np.ndarray | None:
    """Corners (TL, TR, BR, BL, source pixels) of the document in a photo, or None.

    None too when the region found is part of a page that fills the frame
    (:func:`_part_of_page`): a page is better read whole than cropped to a part of itself.
    """
    h, w = image.shape[:2]
    scale = min(1.0, 800 / max(h, w))
    small = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA) if scale < 1 else image
    dist = _background_distance(small)
    colour = _colour_quad(dist, ctx)
    if colour is not None and (_part_of_page(colour, small.shape) or cuts_through(small, colour)
                               or cuts_text(small, colour)):
        colour = None
    edge = _edge_quad(small, ctx)
    if edge is not None and (_part_of_page(edge, small.shape) or cuts_through(small, edge) or cuts_text(small, edge)):
        edge = None
    quad = colour if colour is not None else edge
    if colour is not None and edge is not None and _holds_part(edge, colour):
        quad = edge  # the colour mask caught one tone of a two-tone document (a white area under a panel)
    if quad is None:
        return None
    whole = _whole_document(small, quad, dist, ctx)
    return None if whole is None else order_corners(whole / scale)


CONTAINED_SHARE = 0.9
"""Share of the colour quad that must lie inside the edge quad for the edge quad to win ..."""
LARGER_BY = 1.3
"""... when it is also at least this much larger."""


def _holds_part(outer: np.ndarray, inner: np.ndarray, larger_by: float = LARGER_BY) -> bool:
    """``outer`` contains (almost all of) ``inner`` and is at least ``larger_by`` times its area."""
    a_in, a_out = abs(cv2.contourArea(inner)), abs(cv2.contourArea(outer))
    if a_in <= 0 or a_out < larger_by * a_in:
        return False
    both, _ = cv2.intersectConvexConvex(order_corners(outer), order_corners(inner))
    return both >= CONTAINED_SHARE * a_in


def warp_document(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """Warp the quadrilateral to an upright rectangle (card aspect when close to it)."""
    tl, tr, br, bl = order_corners(quad)
    width = max(float(np.linalg.norm(tr - tl)), float(np.linalg.norm(br - bl)))
    height = max(float(np.linalg.norm(bl - tl)), float(np.linalg.norm(br - tr)))
    ratio = width / max(height, 1.0)
    if abs(ratio / CARD_ASPECT - 1) <= 0.15:
        height = width / CARD_ASPECT
    elif abs(ratio * CARD_ASPECT - 1) <= 0.15:
        width = height / CARD_ASPECT
    w, h = max(2, round(width)), max(2, round(height))
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(np.array([tl, tr, br, bl], dtype=np.float32), dst)
    return cv2.warpPerspective(image, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


# --- (b) deskew ------------------------------------------------------------------------------


def _fold(angle: float) -> float:
    """Fold an angle in degrees into (-45, 45]."""
    a = (angle + 45.0) % 90.0 - 45.0
    return 45.0 if a == -45.0 else a


def _blob_angle(rect: tuple[tuple[float, float], tuple[float, float], float]) -> tuple[float, float]:
    """(angle of the long side in y-down degrees folded to (-45, 45], length)."""
    pts = cv2.boxPoints(rect)
    e1, e2 = pts[1] - pts[0], pts[2] - pts[1]
    e = e1 if np.hypot(*e1) >= np.hypot(*e2) else e2
    return _fold(math.degrees(math.atan2(float(e[1]), float(e[0])))), float(max(np.hypot(*e1), np.hypot(*e2)))


def _profile_score(mask: np.ndarray, angle: float, vertical: bool) -> float:
    h, w = mask.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rot = cv2.warpAffine(mask, m, (w, h), flags=cv2.INTER_NEAREST)
    prof = rot.sum(axis=0 if vertical else 1, dtype=np.float64)
    return float(prof.var())


MAX_SKEW = 20.0
"""Largest skew (degrees) levelled; a photo of a page that runs off the frame (no outline to
warp) is often held 15-20 degrees off."""


def estimate_skew(image: np.ndarray) -> float:
    """Counter-clockwise rotation in degrees (within +-:data:`MAX_SKEW`) that levels the text lines; 0 if none."""
    grey, _ = work_copy(image, 1000)
    mask, size = text_mask(grey)
    if size <= 0:
        return 0.0
    region = _document_region(image, grey.shape[:2])
    if region is not None:
        mask = cv2.bitwise_and(mask, region)  # a table top's grain or a cloth's stripes level nothing
    angles: list[float] = []
    weights: list[float] = []
    horiz = vert = 0.0
    for horizontal in (True, False):
        for b in line_blobs(mask, size, horizontal=horizontal, reach=1.5):
            (_, _), (rw, rh), _ = b.rect
            long, short = max(rw, rh), max(min(rw, rh), 1.0)
            if long < 4 * short or long < 4 * size:
                continue
            a, length = _blob_angle(b.rect)
            angles.append(a)
            weights.append(length)
            if b.w >= b.h:
                horiz += length
            else:
                vert += length
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cum = np.cumsum(np.asarray(weights)[order])
    coarse = float(np.asarray(angles)[order][np.searchsorted(cum, cum[-1] / 2)])
    if abs(coarse) > MAX_SKEW + 0.5:
        return 0.0
    # Refine with a projection profile around the coarse estimate (y-down angle -> CCW fix).
    vertical = vert > horiz
    candidates = np.arange(coarse - 1.0, coarse + 1.01, 0.1)
    scores = [_profile_score(mask, float(c), vertical) for c in candidates]
    best = float(candidates[int(np.argmax(scores))])
    return round(best, 2) if abs(best) <= MAX_SKEW else 0.0


REGION_SHARE = (0.3, 0.95)
"""Share of the frame the region unlike its border strip must cover to be a document lying on a
background (less: a coloured panel or text on a page that fills the frame; more: no background)."""
REGION_LONG_SIDE = 400
"""Long side (pixels) at which the page's region is found for the deskew."""
PAPER_LIGHTER = 20.0
"""How much lighter (grey levels, medians) than the frame's border strip that region must be:
paper on a table top. A darker region is a panel of a page, or a card on a light table: then
every mark votes, as before."""


def _document_region(image: np.ndarray, shape: tuple[int, int]) -> np.ndarray | None:
    """Mask (at ``shape``) of a page photographed on a darker background, a little inside its
    outline, or None when the frame shows no such region (a scan, a page filling the frame)."""
    if image.ndim != 3:
        return None
    h, w = image.shape[:2]
    scale = min(1.0, REGION_LONG_SIDE / max(h, w))  # (a coarse outline: a few tens of ms less per page)
    small = cv2.resize(image, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    region = (_background_distance(small) > NOT_BACKGROUND).astype(np.uint8) * 255
    k = max(3, int(0.03 * min(small.shape[:2])))
    region = cv2.morphologyEx(region, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    share = float(np.count_nonzero(region)) / region.size
    if not REGION_SHARE[0] <= share <= REGION_SHARE[1]:
        return None
    grey = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    if float(np.median(grey[region > 0])) < float(np.median(grey[region == 0])) + PAPER_LIGHTER:
        return None
    region = cv2.erode(region, np.ones((k, k), np.uint8))
    return cv2.resize(region, (shape[1], shape[0]), interpolation=cv2.INTER_NEAREST)


def rotate_small(image: np.ndarray, angle: float) -> np.ndarray:
    """Rotate counter-clockwise by ``angle`` degrees, expanding the canvas with the edge colour."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = math.ceil(h * sin + w * cos), math.ceil(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    edge = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])
    fill = tuple(int(v) for v in np.median(edge.reshape(-1, image.shape[2] if image.ndim == 3 else 1), axis=0))
    return cv2.warpAffine(image, m, (nw, nh), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


# --- (c) scale -------------------------------------------------------------------------------


def rescale(image: np.ndarray, min_long_side: int, max_long_side: int) -> tuple[np.ndarray, float]:
    """Upscale (INTER_CUBIC) or reduce (INTER_AREA) so the long side is within the bounds."""
    h, w = image.shape[:2]
    long = max(h, w)
    if long < min_long_side:
        f = min(4.0, min_long_side / long)
        interp = cv2.INTER_CUBIC
    elif long > max_long_side:
        f = max_long_side / long
        interp = cv2.INTER_AREA
    else:
        return image, 1.0
    size = (max(1, round(w * f)), max(1, round(h * f)))
    return cv2.resize(image, size, interpolation=interp), f


# --- the stage ------------------------------------------------------------------------------


GREY_MAX_CHROMA = 1.0
"""Mean channel spread below which a page has no colour at all (a photocopy, a grey scan)."""

SPECK_MAX_AREA = 4
"""Largest dark blob (pixels, at the normalised size) cleared as a toner speck. Letters and
digits are far larger; i-dots and full stops at small print sizes may go too, which the fields
read here do not need (measured on generated photocopies: body lines the detector lost among
the specks are found again)."""


def is_grey(image: np.ndarray) -> bool:
    """No colour at all: every pixel's channels (almost) equal."""
    if image.ndim == 2:
        return True
    small = image[:: max(1, image.shape[0] // 400), :: max(1, image.shape[1] // 400)].astype(np.int16)
    return float((small.max(axis=2) - small.min(axis=2)).mean()) < GREY_MAX_CHROMA


def despeckle(image: np.ndarray) -> np.ndarray:
    """Clear isolated dark specks of at most :data:`SPECK_MAX_AREA` pixels (copier toner), each
    replaced by its neighbourhood's median."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    local = cv2.medianBlur(grey, 5)
    dark = ((local.astype(np.int16) - grey) > 60).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    if n <= 1:
        return image
    small = np.zeros(n, bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] <= SPECK_MAX_AREA
    mask = small[labels]
    out = image.copy()
    med = local if image.ndim == 2 else cv2.medianBlur(image, 5)
    out[mask] = med[mask]
    return out


def normalise_page(page: PageImage, ctx: Any = None) -> NormalisedPage:
    """Crop, deskew, scale, turn upright and measure one page image.

    Args:
        page: the decoded page (RGB).
        ctx: a :class:`NormaliseContext` or any object with its attributes; None for defaults.

    Returns:
        The normalised page with its :class:`~ocr.records.Quality` and :class:`Transform`.
    """
    img = page.image
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    elif img.shape[2] == 4:
        img = cv2.cvtColor(img, cv2.COLOR_RGBA2RGB)
    h, w = img.shape[:2]
    tr = Transform(source_size=(int(w), int(h)))
    has_text = bool(page.text_layer)

    if _opt(ctx, "find_document") and not has_text:
        quad = find_document(img, ctx)
        if quad is not None:
            img = warp_document(img, quad)
            tr.quad = [[float(x), float(y)] for x, y in quad]

    if _opt(ctx, "deskew") and not has_text:
        angle = estimate_skew(img)
        if 0.3 <= abs(angle) <= MAX_SKEW:
            img = rotate_small(img, angle)
            tr.skew = angle

    img, tr.scale = rescale(img, _opt(ctx, "min_long_side"), _opt(ctx, "max_long_side"))

    if _opt(ctx, "despeckle") and not has_text and is_grey(img):
        img = despeckle(img)
        tr.despeckled = True

    if _opt(ctx, "orient") and not has_text:
        tr.rotation = detect_orientation(img, _opt(ctx, "recognise"))
        img = apply_rotation(img, tr.rotation)

    quality = measure_quality(img)
    quality.rotation = tr.rotation
    quality.skew = tr.skew
    quality.perspective_corrected = tr.quad is not None
    quality.upscaled = tr.scale
    return NormalisedPage(page=page.page, image=np.ascontiguousarray(img), quality=quality, transform=tr, text_layer=page.text_layer)
