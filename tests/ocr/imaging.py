"""Synthetic test images for the page/normalise/quality/orientation tests.

Everything is generated (no downloads): a card rendered with PIL and DejaVu Sans, warped onto a
textured background to imitate a phone photo, rotated, blurred, darkened, glared; A4 pages;
small PDFs with or without a text layer, written by hand so the tests need no PDF writer.
"""

from __future__ import annotations

import io
import zlib
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD_FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

CARD_NUMBER = "3204110508900002"
"""The known number printed on the synthetic card."""

CARD_LINES: tuple[tuple[str, str], ...] = (
    ("NIK", CARD_NUMBER),
    ("Nama", "BUDI SANTOSO"),
    ("Tempat/Tgl Lahir", "BANDUNG, 05-08-1990"),
    ("Jenis Kelamin", "LAKI-LAKI"),
    ("Alamat", "JL. MERDEKA NO. 17"),
    ("Agama", "ISLAM"),
    ("Pekerjaan", "KARYAWAN SWASTA"),
)

PAGE_LINES: tuple[str, ...] = (
    "SURAT KETERANGAN BERHENTI BEKERJA",
    "Yang bertanda tangan di bawah ini menerangkan bahwa",
    "Nama : BUDI SANTOSO",
    "NIK : 3204110508900002",
    "telah bekerja pada PT MAJU JAYA SENTOSA sejak 1 Maret 2015",
    "dan berhenti bekerja pada tanggal 31 Januari 2025.",
    "Demikian surat keterangan ini dibuat untuk dipergunakan",
    "sebagaimana mestinya.",
)


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(BOLD_FONT_PATH if bold else FONT_PATH, size)


def render_card(width: int = 1000) -> np.ndarray:
    """An ID-card-like image (85.6 x 54 aspect), RGB, light blue with dark text."""
    height = round(width * 54 / 85.6)
    s = width / 1000
    img = Image.new("RGB", (width, height), (214, 230, 244))
    d = ImageDraw.Draw(img)
    # A faint guilloche-like pattern and a header band.
    for i in range(0, width, max(2, int(24 * s))):
        d.line([(i, 0), (i + height // 2, height)], fill=(204, 222, 238), width=1)
    d.rectangle([0, 0, width, int(70 * s)], fill=(180, 205, 230))
    d.text((int(250 * s), int(14 * s)), "PROVINSI JAWA BARAT", font=_font(int(34 * s), True), fill=(20, 20, 30))
    # Photo placeholder.
    d.rectangle([int(770 * s), int(110 * s), int(960 * s), int(360 * s)], fill=(150, 160, 175))
    y = int(95 * s)
    for label, value in CARD_LINES:
        size = int(38 * s) if label == "NIK" else int(27 * s)
        d.text((int(30 * s), y), label, font=_font(size, label == "NIK"), fill=(20, 20, 30))
        d.text((int(290 * s), y), f": {value}", font=_font(size, label == "NIK"), fill=(20, 20, 30))
        y += int((56 if label == "NIK" else 44) * s)
    return np.asarray(img).copy()


def render_page(dpi: int = 150, lines: tuple[str, ...] = PAGE_LINES) -> np.ndarray:
    """A white A4 page with a few lines of a letter, RGB."""
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    font = _font(max(8, round(12 / 72 * dpi)))
    y = round(1.2 * dpi)
    for line in lines:
        d.text((round(1.0 * dpi), y), line, font=font, fill=(0, 0, 0))
        y += round(0.3 * dpi)
    return np.asarray(img).copy()


def render_text(lines: tuple[str, ...], size: int = 40, pad: int = 30) -> np.ndarray:
    """Black text lines on white, tightly padded, RGB."""
    font = _font(size)
    width = max(int(font.getlength(t)) for t in lines) + 2 * pad
    height = len(lines) * int(size * 1.6) + 2 * pad
    img = Image.new("RGB", (width, height), (255, 255, 255))
    d = ImageDraw.Draw(img)
    for i, t in enumerate(lines):
        d.text((pad, pad + i * int(size * 1.6)), t, font=font, fill=(0, 0, 0))
    return np.asarray(img).copy()


def textured_background(height: int, width: int, seed: int = 0) -> np.ndarray:
    """A wood/table-like textured background, RGB."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(0, 1, (height // 8 + 1, width // 8 + 1)).astype(np.float32)
    noise = cv2.resize(noise, (width, height), interpolation=cv2.INTER_CUBIC)
    _yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    grain = np.sin(xx / 9.0 + 3 * noise) * 0.5 + 0.5
    base = np.array([120, 84, 52], np.float32)  # brown
    img = base[None, None, :] * (0.75 + 0.35 * grain[..., None]) + rng.normal(0, 6, (height, width, 1))
    return np.clip(img, 0, 255).astype(np.uint8)


def photo_of(
    doc: np.ndarray,
    corners: list[tuple[float, float]] | None = None,
    size: tuple[int, int] = (1200, 1600),
    seed: int = 0,
) -> np.ndarray:
    """Warp ``doc`` onto a textured background at ``corners`` (TL, TR, BR, BL), like a photo.

    Args:
        doc: RGB document image.
        corners: destination corners in the photo; a mild perspective by default.
        size: photo (height, width).
        seed: background texture seed.
    """
    h, w = size
    if corners is None:
        corners = [(0.17 * w, 0.20 * h), (0.86 * w, 0.24 * h), (0.83 * w, 0.80 * h), (0.14 * w, 0.76 * h)]
    bg = textured_background(h, w, seed)
    dh, dw = doc.shape[:2]
    src = np.float32([[0, 0], [dw - 1, 0], [dw - 1, dh - 1], [0, dh - 1]])
    m = cv2.getPerspectiveTransform(src, np.float32(corners))
    warped = cv2.warpPerspective(doc, m, (w, h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((dh, dw), 255, np.uint8), m, (w, h), flags=cv2.INTER_LINEAR)
    a = (mask.astype(np.float32) / 255.0)[..., None]
    out = warped.astype(np.float32) * a + bg.astype(np.float32) * (1 - a)
    # Gentle lighting gradient, like a phone photo.
    grad = np.linspace(1.05, 0.92, w, dtype=np.float32)[None, :, None]
    return np.clip(out * grad, 0, 255).astype(np.uint8)


def rotate(img: np.ndarray, degrees: float, fill: tuple[int, int, int] = (255, 255, 255)) -> np.ndarray:
    """Rotate counter-clockwise by ``degrees`` about the centre, expanding the canvas."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(img, m, (nw, nh), flags=cv2.INTER_CUBIC, borderValue=fill)


def blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur."""
    return cv2.GaussianBlur(img, (0, 0), sigma)


def darken(img: np.ndarray, factor: float) -> np.ndarray:
    """Scale brightness (factor < 1 darkens)."""
    return np.clip(img.astype(np.float32) * factor, 0, 255).astype(np.uint8)


def add_noise(img: np.ndarray, sigma: float, seed: int = 0) -> np.ndarray:
    """Add Gaussian sensor noise."""
    rng = np.random.default_rng(seed)
    return np.clip(img.astype(np.float32) + rng.normal(0, sigma, img.shape), 0, 255).astype(np.uint8)


def add_glare(img: np.ndarray, centre: tuple[float, float] = (0.5, 0.45), radius: float = 0.22) -> np.ndarray:
    """Add a saturated specular highlight (a flash reflection) at a relative position."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r = radius * min(h, w)
    d2 = ((xx - centre[0] * w) ** 2 + (yy - centre[1] * h) ** 2) / (r * r)
    spot = np.exp(-d2 * 1.2) * 600.0
    return np.clip(img.astype(np.float32) + spot[..., None], 0, 255).astype(np.uint8)


def shrink(img: np.ndarray, width: int) -> np.ndarray:
    """Downscale to ``width`` px wide (INTER_AREA), keeping the aspect."""
    h, w = img.shape[:2]
    return cv2.resize(img, (width, max(1, round(h * width / w))), interpolation=cv2.INTER_AREA)


def to_jpeg(img: np.ndarray, exif_orientation: int | None = None, quality: int = 92) -> bytes:
    """Encode RGB as JPEG, optionally with an EXIF Orientation tag (1..8)."""
    im = Image.fromarray(img)
    buf = io.BytesIO()
    if exif_orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        im.save(buf, "JPEG", quality=quality, exif=exif.tobytes())
    else:
        im.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def to_png(img: np.ndarray) -> bytes:
    """Encode RGB as PNG."""
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "PNG")
    return buf.getvalue()


def image_pdf(pages: list[np.ndarray], dpi: int = 100) -> bytes:
    """An image-only PDF (no text layer), one page per image."""
    ims = [Image.fromarray(p) for p in pages]
    buf = io.BytesIO()
    ims[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=ims[1:])
    return buf.getvalue()


def text_pdf(pages: list[list[str]]) -> bytes:
    """A minimal A4 PDF whose pages carry real text (Helvetica), one list of lines per page.

    An empty list gives a page without text. Written by hand: objects, xref and trailer.
    """
    objs: list[bytes] = []
    n = len(pages)
    # 1: catalog, 2: pages, 3: font, then per page: page object, content stream.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 12 Tf", "72 760 Td", "16 TL"]
        for line in lines:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        stream = zlib.compress("\n".join(ops).encode("latin-1"))
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objs.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(f"{k} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two images' grey levels after resizing ``b`` to ``a``'s size."""
    ga = cv2.cvtColor(a, cv2.COLOR_RGB2GRAY).astype(np.float32)
    gb = cv2.cvtColor(b, cv2.COLOR_RGB2GRAY)
    gb = cv2.resize(gb, (ga.shape[1], ga.shape[0]), interpolation=cv2.INTER_AREA).astype(np.float32)
    ga = cv2.GaussianBlur(ga, (0, 0), 2)
    gb = cv2.GaussianBlur(gb, (0, 0), 2)
    return float(np.corrcoef(ga.ravel(), gb.ravel())[0, 1])


@lru_cache(maxsize=1)
def rapidocr_engine():
    """One RapidOCR instance (offline wheel models) shared by the tests of this process."""
    from rapidocr import RapidOCR

    return RapidOCR(
        params={
            "Global.log_level": "critical",
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            "Det.mean": [0.485, 0.456, 0.406],
            "Det.std": [0.229, 0.224, 0.225],
        }
    )


def rapidocr_recognise(image: np.ndarray, *, use_cls: bool = False):
    """Detect + recognise with rapidocr (no angle classifier), as a list of ``TextLine``."""
    from ocr.records import TextLine

    eng = rapidocr_engine()
    out = eng(np.ascontiguousarray(image), use_cls=use_cls)
    if out.boxes is None or out.txts is None:
        return []
    return [
        TextLine(text=str(t), confidence=float(s), box=[[float(x), float(y)] for x, y in b])
        for b, t, s in zip(out.boxes, out.txts, out.scores, strict=False)
    ]


def read_text(image: np.ndarray) -> str:
    """All text rapidocr reads in ``image``, joined by newlines."""
    return "\n".join(line.text for line in rapidocr_recognise(image))
