"""Seeded capture conditions (scan, phone photo, low resolution, unreadable) and file containers.

``apply_condition`` turns a clean rendered page into what a claimant would upload; ``encode``
writes it as JPEG, PNG, BMP, an image-only PDF, or (letters) a PDF with a real text layer.
The PDF writer is a small hand-made one (no extra dependency): image pages embed a JPEG
(``DCTDecode``), text pages use the standard Helvetica fonts, and no date or id is written,
so the same input always gives the same bytes.
"""

from __future__ import annotations

import io
import random
import zlib
from collections.abc import Sequence

import cv2
import numpy as np
from PIL import Image, ImageFilter

from samples.generator.render import LineOp, Rendered, TextOp

CONDITIONS: tuple[str, ...] = (
    "clean", "scan", "photo", "lowres", "photocopy", "chat", "screen", "unreadable_blur", "unreadable_dark",
)
"""Capture conditions; the ``unreadable_*`` ones are for negative tests. ``photocopy`` is a grey
copy scanned back (contrast, toner speckle); ``chat`` a phone photo sent through a messenger
(downscaled to about 1280 px on the long side, JPEG quality 40-60); ``screen`` a phone photo of
the document shown on a monitor (pixel grid and moire, dark bezel, a reflection)."""

CONTAINERS: tuple[str, ...] = ("jpeg", "png", "bmp", "pdf", "text_pdf", "pdf_2page")
"""File containers; ``text_pdf`` and ``pdf_2page`` are for the resignation letter only."""

LETTER_ONLY_CONTAINERS: frozenset[str] = frozenset({"text_pdf", "pdf_2page"})
"""Containers only the resignation letter supports."""

EXTENSIONS: dict[str, str] = {"jpeg": "jpg", "png": "png", "bmp": "bmp", "pdf": "pdf", "text_pdf": "pdf", "pdf_2page": "pdf"}
"""File extension per container."""


def _np_rng(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.getrandbits(63))


def _texture(w: int, h: int, rng: random.Random) -> np.ndarray:
    """A table (wood grain) or cloth background, float32 HxWx3."""
    g = _np_rng(rng)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if rng.random() < 0.5:  # wood
        base = np.array(rng.choice(((150, 105, 65), (120, 80, 50), (175, 135, 95))), np.float32)
        grain = np.sin((yy + 12 * np.sin(xx / rng.uniform(60, 140))) / rng.uniform(3, 7)) * 12
        noise = cv2.GaussianBlur(g.normal(0, 10, (h, w)).astype(np.float32), (0, 0), 3)
        v = grain + noise
    else:  # cloth
        base = np.array(rng.choice(((60, 70, 110), (110, 30, 40), (70, 90, 60), (200, 200, 205), (40, 40, 45))), np.float32)
        period = rng.uniform(3, 6)
        v = (np.sin(xx / period) * np.sin(yy / period)) * 8 + g.normal(0, 6, (h, w)).astype(np.float32)
    return base[None, None, :] + v[..., None]


def _light(arr: np.ndarray, rng: random.Random, lo: float = 0.7, hi: float = 1.1) -> np.ndarray:
    """Multiply by an uneven linear light gradient."""
    h, w, _ = arr.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, 2 * np.pi)
    t = (np.cos(ang) * xx / w + np.sin(ang) * yy / h)
    t = (t - t.min()) / max(1e-6, float(t.max() - t.min()))
    return arr * (lo + (hi - lo) * t)[..., None]


def _glare(arr: np.ndarray, rng: random.Random) -> np.ndarray:
    """Add one soft specular spot."""
    h, w, _ = arr.shape
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    r = rng.uniform(0.05, 0.12) * min(w, h) * 2
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    spot = np.exp(-(((xx - cx) ** 2 + ((yy - cy) * 1.6) ** 2) / (2 * r * r)))
    return arr + spot[..., None] * rng.uniform(90, 160)


def _jpeg_roundtrip(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def _scan(img: Image.Image, rng: random.Random) -> Image.Image:
    w, h = img.size
    pad = int(max(w, h) * rng.uniform(0.04, 0.1))
    page = Image.new("RGB", (w + 2 * pad, h + 2 * pad), (250, 250, 248))
    page.paste(img, (pad + rng.randint(-pad // 2, pad // 2), pad + rng.randint(-pad // 2, pad // 2)))
    angle = rng.uniform(1, 4) * rng.choice((-1, 1))
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(250, 250, 248))
    arr = np.asarray(page, np.float32)
    arr = arr + _np_rng(rng).normal(0, 2.5, arr.shape[:2]).astype(np.float32)[..., None]
    arr = arr * rng.uniform(0.96, 1.02) + rng.uniform(-4, 4)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _photo(img: Image.Image, rng: random.Random, *, turn: int | None = None, jpeg_quality: int | None = None) -> Image.Image:
    w, h = img.size
    scale_doc = rng.uniform(0.72, 0.86)
    if max(w, h) > 1300:
        # An A4 page: a phone photo (even after a messenger's resize) keeps the page at about
        # its print resolution; a 1.3 k frame would make table print a few pixels high.
        long_side = int(max(w, h) / scale_doc * rng.uniform(0.95, 1.15))
    else:
        long_side = rng.randint(1200, 1600)
    cw, ch = (long_side, int(long_side * 0.75)) if w >= h else (int(long_side * 0.75), long_side)
    s = min(cw / w, ch / h) * scale_doc
    dw, dh = w * s, h * s
    cx, cy = cw / 2 + rng.uniform(-0.04, 0.04) * cw, ch / 2 + rng.uniform(-0.04, 0.04) * ch
    ang = np.deg2rad(rng.uniform(-15, 15))
    corners = np.array([[-dw / 2, -dh / 2], [dw / 2, -dh / 2], [dw / 2, dh / 2], [-dw / 2, dh / 2]], np.float32)
    rot = np.array([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]], np.float32)
    dst = corners @ rot.T + np.array([cx, cy], np.float32)
    jitter = np.array([[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(4)], np.float32) * 0.05 * min(dw, dh)
    # perspective: one edge a little shorter, as when the phone is tilted
    k = rng.randrange(4)
    edge = [(0, 1), (1, 2), (2, 3), (3, 0)][k]
    mid = (dst[edge[0]] + dst[edge[1]]) / 2
    f = rng.uniform(0.02, 0.08)
    dst[edge[0]] += (mid - dst[edge[0]]) * f
    dst[edge[1]] += (mid - dst[edge[1]]) * f
    dst = dst + jitter
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    doc = cv2.warpPerspective(np.asarray(img), m, (cw, ch), flags=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (cw, ch), flags=cv2.INTER_LINEAR)
    bg = _texture(cw, ch, rng)
    # soft shadow under the document
    shadow = cv2.GaussianBlur(np.roll(mask, (8, 8), (0, 1)).astype(np.float32) / 255, (0, 0), 9)
    bg = bg * (1 - 0.35 * shadow[..., None])
    a = (mask.astype(np.float32) / 255)[..., None]
    arr = doc.astype(np.float32) * a + bg * (1 - a)
    arr = _light(arr, rng, rng.uniform(0.6, 0.8), rng.uniform(1.0, 1.12))
    if rng.random() < 0.6:
        arr = _glare(arr, rng)
    arr = arr + _np_rng(rng).normal(0, 3, arr.shape[:2]).astype(np.float32)[..., None]
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.1)))
    if turn is None:
        turn = rng.choices((0, 90, 180, 270), weights=(70, 12, 10, 8))[0]
    if turn:
        out = out.rotate(turn, expand=True)
    return _jpeg_roundtrip(out, jpeg_quality or rng.randint(35, 80))


def _lowres(img: Image.Image, rng: random.Random) -> Image.Image:
    w, h = img.size
    card = w / h > 1.3 and w <= 1100
    # cards come down to 450-600 px wide (the low-resolution case); pages to about
    # 110-130 dpi, the least a KK table stays legible at
    target = rng.randint(450, 600) if card else int(w * rng.uniform(0.75, 0.85))
    s = target / w
    return img.resize((target, max(1, round(h * s))), Image.Resampling.BILINEAR)


def _photocopy(img: Image.Image, rng: random.Random) -> Image.Image:
    """A grey photocopy scanned back: contrast pushed, toner speckle, dark copier edges."""
    g = _np_rng(rng)
    grey = np.asarray(img.convert("L"), np.float32)
    # copier contrast: light greys wash out to paper white, ink darkens
    lo, hi = rng.uniform(40, 80), rng.uniform(170, 215)
    arr = np.clip((grey - lo) / (hi - lo), 0, 1) * 255
    arr = arr * rng.uniform(0.88, 0.97) + rng.uniform(5, 20)  # grey paper, toner haze
    h, w = arr.shape
    speck = g.random((h, w)) < rng.uniform(0.0008, 0.003)
    speck = cv2.dilate(speck.astype(np.uint8), np.ones((2, 2), np.uint8)) > 0
    arr[speck] = g.uniform(20, 90, int(speck.sum()))
    # streak along the feed direction and darker borders
    x0 = rng.randrange(w)
    arr[:, x0:x0 + rng.randint(1, 3)] *= rng.uniform(0.7, 0.9)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    edge = np.minimum(np.minimum(xx, w - 1 - xx), np.minimum(yy, h - 1 - yy))
    arr = arr * (1 - 0.35 * np.exp(-edge / max(4.0, 0.02 * min(w, h))))
    arr = arr + g.normal(0, 4, (h, w)).astype(np.float32)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L").convert("RGB")
    angle = rng.uniform(-1.5, 1.5)
    return out.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(235, 235, 235))


def _chat(img: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo sent through a chat app: long side ~1280 px, JPEG quality 40-60."""
    photo = _photo(img, rng, jpeg_quality=90)
    w, h = photo.size
    s = rng.randint(1200, 1280) / max(w, h)
    if s < 1:
        photo = photo.resize((max(1, round(w * s)), max(1, round(h * s))), Image.Resampling.BILINEAR)
    return _jpeg_roundtrip(photo, rng.randint(40, 60))


def _screen(img: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo of the document displayed on a monitor.

    The page is shown at the screen's resolution (each screen pixel 3-5 camera pixels, with its
    red / green / blue sub-pixel stripes and the dark matrix between pixels), framed by a dark
    bezel, turned a little (a hand-held phone), lit by a soft reflection, and JPEG-encoded.
    """
    g = _np_rng(rng)
    arr = np.asarray(img.convert("RGB"), np.float32)
    h, w = arr.shape[:2]
    p = rng.choice((3, 4, 5))
    shown = cv2.resize(arr, (max(1, w * 3 // (2 * p)), max(1, h * 3 // (2 * p))), interpolation=cv2.INTER_AREA)
    up = np.repeat(np.repeat(shown, p, axis=0), p, axis=1)
    hh, ww = up.shape[:2]
    sub = np.full((p, p, 3), 0.45, np.float32)
    for k in range(p):
        sub[:, k, min(2, k * 3 // p)] = 1.0
    sub[p - 1, :, :] *= 0.55  # the black matrix between pixel rows
    up = up * np.tile(sub, (hh // p, ww // p, 1)) * rng.uniform(1.2, 1.4)
    up = up * np.array([rng.uniform(0.85, 0.95), rng.uniform(0.95, 1.0), 1.0], np.float32)  # cool white point
    bezel = int(0.05 * max(hh, ww))
    frame = np.full((hh + 2 * bezel, ww + 2 * bezel, 3), rng.uniform(12, 30), np.float32)
    frame[bezel:bezel + hh, bezel:bezel + ww] = up
    out = Image.fromarray(np.clip(frame, 0, 255).astype(np.uint8))
    out = out.rotate(rng.uniform(1.0, 5.0) * rng.choice((-1, 1)), resample=Image.Resampling.BILINEAR, expand=True,
                     fillcolor=(20, 20, 22))
    s = rng.uniform(0.9, 1.1)
    out = out.resize((round(out.width * s), round(out.height * s)), Image.Resampling.BILINEAR)
    res = np.asarray(out, np.float32)
    res = _light(res, rng, 0.85, 1.05)
    res = _glare(res, rng) if rng.random() < 0.7 else res
    res = res + g.normal(0, 2.5, res.shape[:2]).astype(np.float32)[..., None]
    out = Image.fromarray(np.clip(res, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.6)))
    long_side = max(out.size)
    if long_side > 2400:
        f = 2400 / long_side
        out = out.resize((round(out.width * f), round(out.height * f)), Image.Resampling.BILINEAR)
    return _jpeg_roundtrip(out, rng.randint(70, 90))


def apply_condition(img: Image.Image, condition: str, rng: random.Random) -> Image.Image:
    """Return ``img`` as captured under ``condition`` (one of :data:`CONDITIONS`)."""
    if condition == "clean":
        return img.copy()
    if condition == "scan":
        return _scan(img, rng)
    if condition == "photo":
        return _photo(img, rng)
    if condition == "lowres":
        return _lowres(img, rng)
    if condition == "photocopy":
        return _photocopy(img, rng)
    if condition == "chat":
        return _chat(img, rng)
    if condition == "screen":
        return _screen(img, rng)
    if condition == "unreadable_blur":
        out = _photo(img, rng, turn=0)
        return out.filter(ImageFilter.GaussianBlur(rng.uniform(7, 11)))
    if condition == "unreadable_dark":
        out = _photo(img, rng, turn=0)
        arr = np.asarray(out, np.float32) * rng.uniform(0.06, 0.1)
        arr = arr + _np_rng(rng).normal(0, 2.5, arr.shape[:2]).astype(np.float32)[..., None]
        return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    raise ValueError(f"unknown condition {condition!r}; expected one of {CONDITIONS}")


# ---------------------------------------------------------------------------------------
# Containers


def _pdf_escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


class _PdfBuilder:
    """Minimal deterministic PDF writer (objects, xref table, trailer)."""

    def __init__(self) -> None:
        self.objects: list[bytes] = []

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def reserve(self) -> int:
        return self.add(b"null")

    def set(self, num: int, body: bytes) -> None:
        self.objects[num - 1] = body

    def stream(self, data: bytes, extra: bytes = b"", compress: bool = True) -> int:
        if compress:
            data = zlib.compress(data, 9)
            extra += b" /Filter /FlateDecode"
        return self.add(b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream")

    def build(self, root: int) -> bytes:
        out = io.BytesIO()
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1))
        for off in offsets:
            out.write(b"%010d 00000 n \n" % off)
        out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(self.objects) + 1, root, xref))
        return out.getvalue()


def image_pdf(images: Sequence[Image.Image], dpi: float, quality: int = 85) -> bytes:
    """An image-only PDF, one JPEG-compressed page per image (no text layer)."""
    b = _PdfBuilder()
    catalog = b.reserve()
    pages_obj = b.reserve()
    kids: list[int] = []
    for img in images:
        rgb = img.convert("RGB")
        buf = io.BytesIO()
        rgb.save(buf, "JPEG", quality=quality)
        data = buf.getvalue()
        w, h = rgb.size
        im = b.stream(data, b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode" % (w, h), compress=False)
        wpt, hpt = w * 72.0 / dpi, h * 72.0 / dpi
        content = b.stream(b"q %.3f 0 0 %.3f 0 0 cm /Im0 Do Q" % (wpt, hpt))
        page = b.add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.3f %.3f] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
            % (pages_obj, wpt, hpt, im, content)
        )
        kids.append(page)
    b.set(pages_obj, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    b.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj)
    return b.build(catalog)


def text_pdf(pages: Sequence[tuple[int, int, list[TextOp | LineOp]]], dpi: float) -> bytes:
    """A PDF with a real text layer: each page ``(width_px, height_px, ops)`` in Helvetica."""
    b = _PdfBuilder()
    catalog = b.reserve()
    pages_obj = b.reserve()
    f1 = b.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    f2 = b.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    k = 72.0 / dpi
    kids: list[int] = []
    for w, h, ops in pages:
        wpt, hpt = w * k, h * k
        parts: list[bytes] = [b"0 g 0 G 1 J 1 j"]
        for op in ops:
            if isinstance(op, TextOp):
                size = op.size * k
                base = hpt - (op.y * k) - size * 0.85
                parts.append(b"BT /%s %.2f Tf %.2f %.2f Td (%s) Tj ET" % (b"F2" if op.bold else b"F1", size, op.x * k, base, _pdf_escape(op.text)))
            else:
                pts = [(x * k, hpt - y * k) for x, y in op.points]
                seg = b"%.2f %.2f m " % pts[0] + b" ".join(b"%.2f %.2f l" % p for p in pts[1:])
                parts.append(b"%.2f w %s S" % (op.width * k, seg))
        content = b.stream(b"\n".join(parts))
        page = b.add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.3f %.3f] /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>"
            % (pages_obj, wpt, hpt, f1, f2, content)
        )
        kids.append(page)
    b.set(pages_obj, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % kk for kk in kids), len(kids)))
    b.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj)
    return b.build(catalog)


def encode(
    rendered: Rendered,
    captured: Image.Image,
    container: str,
    rng: random.Random,
    *,
    captured_extra: Sequence[Image.Image] = (),
) -> tuple[bytes, str]:
    """Write a captured page as ``container``; returns ``(bytes, extension)``.

    ``text_pdf`` ignores ``captured`` and writes the letter's layout as real text;
    ``pdf_2page`` writes ``captured_extra`` pages first, then ``captured``.
    """
    if container in LETTER_ONLY_CONTAINERS and rendered.doc_type != "resignation_letter":
        raise ValueError(f"container {container!r} is only for resignation_letter")
    buf = io.BytesIO()
    if container == "jpeg":
        captured.save(buf, "JPEG", quality=rng.randint(75, 90))
    elif container == "png":
        captured.save(buf, "PNG", optimize=False, compress_level=6)
    elif container == "bmp":
        captured.save(buf, "BMP")
    elif container == "pdf":
        return image_pdf([captured], rendered.dpi, quality=rng.randint(75, 90)), "pdf"
    elif container == "pdf_2page":
        return image_pdf([*captured_extra, captured], rendered.dpi, quality=rng.randint(75, 90)), "pdf"
    elif container == "text_pdf":
        w, h = rendered.image.size
        pages = [(w, h, ops) for ops in rendered.extra_ops] + [(w, h, rendered.ops)]
        return text_pdf(pages, rendered.dpi), "pdf"
    else:
        raise ValueError(f"unknown container {container!r}; expected one of {CONTAINERS}")
    return buf.getvalue(), EXTENSIONS[container]
