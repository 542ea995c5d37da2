"""A company's ink stamp (cap perusahaan) pressed over a letter's signature.

Nearly every paklaring and termination letter carries one: a round or oval stamp in blue or
violet ink, the company's name around its rim and the city (or "HRD") across its middle,
pressed over the left part of the signature so that it covers the scribble and often part of
the company's name, the signer's name or the place and date. Its curved letters are noise to
the OCR, and the ink darkens whatever printed text it overlaps.

Only training letters get one (``claims.generate_document``): the held-out families are drawn
as they always were, so their figures stay comparable across passes.
"""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw

from samples.generator.render import Fonts, Rendered, TextOp

INKS: tuple[tuple[int, int, int], ...] = ((38, 62, 168), (64, 40, 150), (104, 38, 132), (30, 90, 170))
"""Stamp pad colours: blue, indigo, violet, a lighter blue."""


def _arc_text(layer: Image.Image, text: str, centre: tuple[float, float], radius: float, fonts: Fonts, size: int,
              *, top: bool) -> None:
    """Draw ``text`` along a circle: on the upper arc reading left to right, or the lower one."""
    font = fonts.get(size, True)
    widths = [max(1.0, font.getlength(ch)) for ch in text]
    spacing = size * 0.12
    total = sum(widths) + spacing * (len(text) - 1)
    span = min(total / radius, math.radians(250))
    scale = span * radius / max(1.0, total)
    # angles from the top (upper arc) or the bottom (lower arc) of the circle; both read left
    # to right, the upper letters' tops outwards, the lower letters' tops towards the centre
    angle = -span / 2
    cx, cy = centre
    for ch, w in zip(text, widths, strict=True):
        step = (w * scale) / radius
        mid = angle + step / 2
        glyph = Image.new("L", (int(size * 1.6), int(size * 1.6)), 0)
        ImageDraw.Draw(glyph).text((size * 0.3, size * 0.1), ch, font=font, fill=255)
        deg = -math.degrees(mid) if top else math.degrees(mid)
        glyph = glyph.rotate(deg, resample=Image.Resampling.BICUBIC, expand=True)
        gx = cx + radius * math.sin(mid)
        gy = cy - radius * math.cos(mid) if top else cy + radius * math.cos(mid)
        layer.paste(255, (int(gx - glyph.width / 2), int(gy - glyph.height / 2)), glyph)
        angle += step + spacing * scale / radius


def stamp_mask(w: int, h: int, centre: tuple[float, float], radius: float, rim: str, middle: str, fonts: Fonts,
               rng: random.Random) -> np.ndarray:
    """A float mask (0..1) of a round stamp: two rims, ``rim`` around the top and bottom arcs,
    ``middle`` across the centre, and the uneven pressure of a hand-pressed stamp."""
    layer = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(layer)
    cx, cy = centre
    d.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=255, width=max(3, int(radius * 0.035)))
    inner = radius * 0.72
    d.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=255, width=max(2, int(radius * 0.02)))
    size = max(12, int(radius * 0.17))
    words = rim.split()
    half = max(1, (len(words) + 1) // 2)
    upper, lower = " ".join(words[:half]), " ".join(words[half:])
    _arc_text(layer, upper, centre, radius * 0.86 - size / 2, fonts, size, top=True)
    if lower:
        _arc_text(layer, lower, centre, radius * 0.86 - size / 2, fonts, size, top=False)
    mfont = fonts.get(max(12, int(radius * 0.2)), True)
    mw = mfont.getlength(middle)
    d.text((cx - mw / 2, cy - radius * 0.12), middle, font=mfont, fill=255)
    d.line((cx - inner * 0.8, cy - radius * 0.2, cx + inner * 0.8, cy - radius * 0.2), fill=255, width=2)
    d.line((cx - inner * 0.8, cy + radius * 0.2, cx + inner * 0.8, cy + radius * 0.2), fill=255, width=2)
    mask = np.asarray(layer, dtype=np.float32) / 255.0
    # pressure: stronger on one side, speckled where the pad ran dry
    yy, xx = np.mgrid[0:h, 0:w]
    tilt = rng.uniform(0, 2 * math.pi)
    ramp = 0.75 + 0.25 * np.cos(np.arctan2(yy - cy, xx - cx) - tilt)
    np_rng = np.random.default_rng(rng.getrandbits(32))
    speck = (np_rng.random((h, w)) > rng.uniform(0.02, 0.15)).astype(np.float32)
    return mask * ramp * speck


def press_stamp(rendered: Rendered, signer: str, employer: str, city: str, fonts: Fonts,
                rng: random.Random) -> Rendered:
    """``rendered`` with a company stamp pressed over its signature (the signer's name's op
    lowest on the page locates it; a letter without one is returned unchanged). The truth does not change."""
    ops = [op for op in rendered.ops if isinstance(op, TextOp) and op.text == signer]
    if not ops:
        return rendered
    name_op = max(ops, key=lambda op: op.y)  # the signature's, not a "Nama" row of the signer's
    img = rendered.image
    w, h = img.size
    radius = rng.uniform(0.085, 0.12) * w
    cx = name_op.x + rng.uniform(0.1, 0.9) * radius
    cy = name_op.y - rng.uniform(0.3, 0.75) * radius
    middle = rng.choice((city.upper(), "HRD", "*", city.upper()))
    mask = stamp_mask(w, h, (cx, cy), radius, employer.upper(), middle, fonts, rng)
    ink = np.array(rng.choice(INKS), dtype=np.float32)
    strength = rng.uniform(0.7, 0.95)
    arr = np.asarray(img.convert("RGB"), dtype=np.float32)
    a = (mask * strength)[..., None]
    # ink over paper multiplies: printed black stays black, white paper takes the ink's colour
    inked = arr * (1 - a) + (arr * ink / 255.0) * a
    rendered.image = Image.fromarray(np.clip(inked, 0, 255).astype(np.uint8))
    rendered.meta["stamp"] = True
    return rendered
