"""Page images from checked file bytes: decode photos, read PDF text layers, rasterise PDFs.

Stage: ``load_pages(data, kind, settings) -> list[PageImage]``. The bytes have passed the
intake checks already (format decided by the bytes, ``kind`` is that decision).

- **Images** (jpeg/png/bmp): decoded with Pillow, EXIF orientation applied
  (``ImageOps.exif_transpose``), flattened onto white when transparent, RGB uint8.
- **PDF**: pypdf reads each page's own text; a page with at least
  :data:`MIN_TEXT_LAYER_CHARS` letters/digits gets ``text_layer`` (its text beats OCR) and is
  rasterised only at :data:`TEXT_PAGE_DPI` for the reviewer image and the quality figures.
  Pages that need OCR are rasterised with pdf2image (poppler's ``pdftoppm``) at
  ``settings.pdf_render_dpi``, one ``pdftoppm`` run per run of consecutive pages of the same
  resolution, ``thread_count=1``, all runs sharing one ``settings.pdf_render_timeout_s``
  budget. The resolution is lowered for oversized pages so that no page exceeds
  ``settings.max_image_pixels``.
"""

from __future__ import annotations

import io
import time
import warnings
from typing import Any

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from intake.errors import EklaimError
from ocr.messages import ocr_message
from ocr.records import PageImage

MIN_TEXT_LAYER_CHARS = 40
"""Letters/digits a PDF page's own text needs to count as a usable text layer."""

TEXT_PAGE_DPI = 100
"""Resolution of the reviewer image of a page whose text comes from its text layer."""

IMAGE_KINDS = frozenset({"jpeg", "png", "bmp"})


class PageError(EklaimError):
    """A checked file could not be turned into page images.

    Codes: ``image_decode_failed``, ``image_too_large``, ``pdf_render_failed``,
    ``pdf_render_timeout``, ``too_many_pages``.
    """

    http_status = 422


def page_error(code: str) -> PageError:
    """A :class:`PageError` with its standard bilingual message."""
    return PageError(code, ocr_message(code))


def _opt(settings: Any, name: str, default: Any) -> Any:
    return getattr(settings, name, default) if settings is not None else default


# --- images ---------------------------------------------------------------------------------


def decode_image(data: bytes, max_pixels: int | None = None) -> np.ndarray:
    """Decode image bytes to an upright RGB uint8 array (EXIF orientation applied).

    Raises:
        PageError: ``image_decode_failed`` or ``image_too_large``.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            if max_pixels and im.width * im.height > max_pixels:
                raise page_error("image_too_large")
            im.load()
            im = ImageOps.exif_transpose(im) or im
            if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
                rgba = im.convert("RGBA")
                bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                im = Image.alpha_composite(bg, rgba)
            if im.mode in ("I;16", "I;16B", "I;16L", "I"):
                arr = np.asarray(im, dtype=np.float64)
                hi = max(float(arr.max()), 1.0)
                im = Image.fromarray((arr * (255.0 / hi)).astype(np.uint8))
            rgb = im.convert("RGB")
            return np.asarray(rgb, dtype=np.uint8).copy()
    except PageError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise page_error("image_decode_failed") from exc


# --- PDF ------------------------------------------------------------------------------------


def meaningful_chars(text: str) -> int:
    """Number of letters and digits in ``text``."""
    return sum(ch.isalnum() for ch in text)


MAX_NATIVE_DPI = 400
"""Upper bound when a page is rendered at its embedded image's own resolution."""


def _native_dpi(page: Any, size_pt: tuple[float, float]) -> float:
    """Resolution of the largest image drawn on the page (0 when none), read from the image
    dictionaries only (nothing is decoded): a scanner-app PDF may embed a 600 px card on a
    page whose size implies 150 dpi, and rendering it at a fixed lower dpi loses pixels."""
    try:
        xobjects = page.get("/Resources", {}).get_object().get("/XObject", {}).get_object()
    except Exception:  # noqa: BLE001 - no resources: no images
        return 0.0
    w_in, h_in = size_pt[0] / 72.0, size_pt[1] / 72.0
    best = 0.0
    for ref in xobjects.values():
        try:
            obj = ref.get_object()
            if obj.get("/Subtype") != "/Image":
                continue
            best = max(best, float(obj.get("/Width", 0)) / max(w_in, 1e-6), float(obj.get("/Height", 0)) / max(h_in, 1e-6))
        except Exception:  # noqa: BLE001 - a broken image entry is ignored
            continue
    return best


def _page_texts(data: bytes) -> tuple[list[str | None], list[tuple[float, float]], list[float]]:
    """Each page's usable text layer (or None), its size in points and its native image dpi."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        texts: list[str | None] = []
        sizes: list[tuple[float, float]] = []
        natives: list[float] = []
        for p in reader.pages:
            try:
                t = p.extract_text() or ""
            except Exception:  # noqa: BLE001 - a broken content stream just means "no text layer"
                t = ""
            texts.append(t if meaningful_chars(t) >= MIN_TEXT_LAYER_CHARS else None)
            box = p.mediabox
            sizes.append((abs(float(box.width)), abs(float(box.height))))
            natives.append(_native_dpi(p, sizes[-1]))
        return texts, sizes, natives
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on malformed files
        raise page_error("pdf_render_failed") from exc


def _safe_dpi(dpi: int, size_pt: tuple[float, float], max_pixels: int | None) -> int:
    """``dpi`` lowered so a page of ``size_pt`` points stays under ``max_pixels``."""
    if not max_pixels:
        return dpi
    w_in, h_in = size_pt[0] / 72.0, size_pt[1] / 72.0
    if w_in * h_in * dpi * dpi <= max_pixels:
        return dpi
    return max(20, int((max_pixels / max(w_in * h_in, 1e-6)) ** 0.5))


def _render(data: bytes, first: int, last: int, dpi: int, timeout: float) -> list[np.ndarray]:
    from pdf2image import convert_from_bytes
    from pdf2image.exceptions import PDFPageCountError, PDFPopplerTimeoutError, PDFSyntaxError

    try:
        images = convert_from_bytes(
            data, dpi=dpi, first_page=first, last_page=last, thread_count=1, timeout=max(1, int(np.ceil(timeout)))
        )
    except PDFPopplerTimeoutError as exc:
        raise page_error("pdf_render_timeout") from exc
    except (PDFPageCountError, PDFSyntaxError, OSError, ValueError) as exc:
        raise page_error("pdf_render_failed") from exc
    if len(images) != last - first + 1:
        raise page_error("pdf_render_failed")
    return [np.asarray(im.convert("RGB"), dtype=np.uint8).copy() for im in images]


def load_pdf(data: bytes, settings: Any = None) -> list[PageImage]:
    """Text layers and page images of a PDF (see the module docstring).

    Raises:
        PageError: ``too_many_pages``, ``pdf_render_failed`` or ``pdf_render_timeout``.
    """
    texts, sizes, natives = _page_texts(data)
    n = len(texts)
    if n == 0:
        raise page_error("pdf_render_failed")
    if n > _opt(settings, "max_pdf_pages", 5):
        raise page_error("too_many_pages")
    ocr_dpi = int(_opt(settings, "pdf_render_dpi", 200))
    max_pixels = _opt(settings, "max_image_pixels", None)
    deadline = time.monotonic() + float(_opt(settings, "pdf_render_timeout_s", 30.0))
    # Pages to OCR render at the configured dpi, or at their embedded image's own resolution
    # when that is higher (up to MAX_NATIVE_DPI), so no scanned pixel is thrown away.
    dpis = [
        _safe_dpi(min(TEXT_PAGE_DPI, ocr_dpi) if texts[i]
                  else max(ocr_dpi, min(MAX_NATIVE_DPI, int(round(natives[i])))), sizes[i], max_pixels)
        for i in range(n)
    ]
    pages: list[PageImage] = []
    start = 0
    while start < n:
        end = start
        while end + 1 < n and dpis[end + 1] == dpis[start]:
            end += 1
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise page_error("pdf_render_timeout")
        images = _render(data, start + 1, end + 1, dpis[start], remaining)
        for i, img in zip(range(start, end + 1), images):
            pages.append(PageImage(page=i + 1, image=img, dpi=float(dpis[i]), text_layer=texts[i]))
        start = end + 1
    return pages


def load_pages(data: bytes, kind: str, settings: Any = None) -> list[PageImage]:
    """Turn checked file bytes into RGB page images.

    Args:
        data: the file's bytes (already checked by intake).
        kind: the detected format: ``jpeg``, ``png``, ``bmp`` or ``pdf``.
        settings: :class:`~intake.settings.Settings` (``max_pdf_pages``, ``pdf_render_dpi``,
            ``pdf_render_timeout_s``, ``max_image_pixels``); defaults when None.

    Returns:
        One :class:`~ocr.records.PageImage` per page, in page order.

    Raises:
        PageError: the bytes cannot be decoded or rendered within the limits.
    """
    if kind in IMAGE_KINDS:
        return [PageImage(page=1, image=decode_image(data, _opt(settings, "max_image_pixels", None)))]
    if kind == "pdf":
        return load_pdf(data, settings)
    raise ValueError(f"unsupported kind {kind!r}")
