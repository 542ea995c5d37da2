"""Page images from checked file bytes: decode photos, read PDF text layers, rasterise PDFs.

Stage: ``load_pages(data, kind, settings) -> list[PageImage]``. The bytes have passed the
intake checks already (format decided by the bytes, ``kind`` is that decision).

- **Images** (jpeg/png/bmp): decoded with Pillow, EXIF orientation applied
  (``ImageOps.exif_transpose``), flattened onto white when transparent, RGB uint8.
- **PDF**: never parsed in this process. The page facts come from the isolated probe
  (:mod:`intake.pdfprobe`, the service's only PDF parser): intake's parse is passed along
  (``CheckedFile.pdf``), else the probe runs here. A page whose text passes the one text-layer
  rule (:func:`intake.pdfprobe.usable_text`) carries ``text_layer``; the pipeline uses it only
  where it agrees with OCR of the page image. Every page is rasterised with pdf2image
  (poppler's ``pdftoppm``) at the resolution of :func:`render_plan` (the OCR resolution, or
  the embedded scan's own), one ``pdftoppm`` run per run of consecutive pages of the same
  resolution, ``thread_count=1``, all runs sharing one ``settings.pdf_render_timeout_s``
  budget; the resolution is lowered so no page exceeds ``settings.max_image_pixels`` and the
  whole document stays within ``settings.max_document_memory_mb`` (else ``too_much_memory``).
"""

from __future__ import annotations

import io
import time
import warnings
from typing import Any

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from intake.errors import EklaimError
from intake.files import image_memory_bytes, pdf_memory_bytes
from intake.pdfprobe import PdfProbe, ProbeRefused, probe_pdf
from ocr.messages import ocr_message
from ocr.records import PageImage

IMAGE_KINDS = frozenset({"jpeg", "png", "bmp"})


class PageError(EklaimError):
    """A checked file could not be turned into page images.

    Codes: ``image_decode_failed``, ``image_too_large``, ``too_much_memory``,
    ``pdf_render_failed``, ``pdf_render_timeout``, ``too_many_pages``.
    """

    http_status = 422


def page_error(code: str) -> PageError:
    """A :class:`PageError` with its standard bilingual message."""
    return PageError(code, ocr_message(code))


def _opt(settings: Any, name: str, default: Any) -> Any:
    return getattr(settings, name, default) if settings is not None else default


# --- images ---------------------------------------------------------------------------------


def decode_image(data: bytes, max_pixels: int | None = None, max_memory: int | None = None) -> np.ndarray:
    """Decode image bytes to an upright RGB uint8 array (EXIF orientation applied).

    Args:
        data: image bytes.
        max_pixels: refuse more pixels than this (``image_too_large``), from the header.
        max_memory: refuse when the decode's working memory (:func:`intake.files.image_memory_bytes`,
            from the header's size and mode) exceeds this many bytes (``too_much_memory``).

    Raises:
        PageError: ``image_decode_failed``, ``image_too_large`` or ``too_much_memory``.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im: Image.Image = Image.open(io.BytesIO(data))
            if max_pixels and im.width * im.height > max_pixels:
                raise page_error("image_too_large")
            bpp = len(im.getbands()) * (2 if im.mode.startswith("I;16") else 4 if im.mode in ("I", "F") else 1)
            if max_memory and image_memory_bytes(im.width, im.height, bpp) > max_memory:
                raise page_error("too_much_memory")
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


MAX_NATIVE_DPI = 400
"""Upper bound when a page is rendered at its embedded image's own resolution."""


_PROBE_CODES = {"pdf_timeout": "pdf_render_timeout", "pdf_too_many_pages": "too_many_pages"}
"""Probe refusals with their own page-loading code (every other one is ``pdf_render_failed``)."""


def _probe(data: bytes, settings: Any) -> PdfProbe:
    """The isolated parse of a PDF (only when the caller has none from intake)."""
    try:
        return probe_pdf(data, max_pages=int(_opt(settings, "max_pdf_pages", 5)),
                         timeout_s=float(_opt(settings, "pdf_parse_timeout_s", 5.0)))
    except ProbeRefused as exc:
        raise page_error(_PROBE_CODES.get(exc.code, "pdf_render_failed")) from None


def _safe_dpi(dpi: int, size_pt: tuple[float, float], max_pixels: int | None) -> int:
    """``dpi`` lowered so a page of ``size_pt`` points stays under ``max_pixels``."""
    if not max_pixels:
        return dpi
    w_in, h_in = size_pt[0] / 72.0, size_pt[1] / 72.0
    if w_in * h_in * dpi * dpi <= max_pixels:
        return dpi
    return max(20, int((max_pixels / max(w_in * h_in, 1e-6)) ** 0.5))


def render_plan(probe: PdfProbe, settings: Any = None) -> list[int]:
    """The resolution each page is rendered at, within the pixel cap and the memory budget.

    Every page renders at ``settings.pdf_render_dpi``, or at its embedded image's own
    resolution when that is higher (up to :data:`MAX_NATIVE_DPI`), so no scanned pixel is
    thrown away; text-layer pages too (their text is used only where it agrees with OCR of
    this image, see :mod:`ocr.pipeline`). Each page is lowered to stay under
    ``settings.max_image_pixels``. When all pages together would exceed the document memory
    budget, every page falls back to the plain render resolution.

    Raises:
        PageError: ``too_much_memory`` when even the plain resolution exceeds the budget.
    """
    ocr_dpi = int(_opt(settings, "pdf_render_dpi", 200))
    max_pixels = _opt(settings, "max_image_pixels", None)
    budget = int(_opt(settings, "max_document_memory_mb", 256)) * 1024 * 1024
    sizes = [(p.width_pt, p.height_pt) for p in probe.pages]
    dpis = [_safe_dpi(max(ocr_dpi, min(MAX_NATIVE_DPI, round(p.native_dpi))), size, max_pixels)
            for p, size in zip(probe.pages, sizes, strict=True)]
    if pdf_memory_bytes(probe, dpis) > budget:
        dpis = [_safe_dpi(ocr_dpi, size, max_pixels) for size in sizes]
        if pdf_memory_bytes(probe, dpis) > budget:
            raise page_error("too_much_memory")
    return dpis


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


def load_pdf(data: bytes, settings: Any = None, probe: PdfProbe | None = None) -> list[PageImage]:
    """Text layers and page images of a PDF (see the module docstring).

    Args:
        data: the PDF's bytes.
        settings: limits; defaults when None.
        probe: the file's isolated parse from intake (``CheckedFile.pdf``); parsed (isolated)
            here when None.

    Raises:
        PageError: ``too_many_pages``, ``too_much_memory``, ``pdf_render_failed`` or
            ``pdf_render_timeout``.
    """
    probe = probe or _probe(data, settings)
    n = probe.page_count
    if n > _opt(settings, "max_pdf_pages", 5):
        raise page_error("too_many_pages")
    dpis = render_plan(probe, settings)
    deadline = time.monotonic() + float(_opt(settings, "pdf_render_timeout_s", 30.0))
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
        for i, img in zip(range(start, end + 1), images, strict=True):
            pages.append(PageImage(page=i + 1, image=img, dpi=float(dpis[i]), text_layer=probe.pages[i].text_layer,
                                   invisible_text=probe.pages[i].invisible_text))
        start = end + 1
    return pages


def load_pages(data: bytes, kind: str, settings: Any = None, probe: PdfProbe | None = None) -> list[PageImage]:
    """Turn checked file bytes into RGB page images.

    Args:
        data: the file's bytes (already checked by intake).
        kind: the detected format: ``jpeg``, ``png``, ``bmp`` or ``pdf``.
        settings: :class:`~intake.settings.Settings` (``max_pdf_pages``, ``pdf_render_dpi``,
            ``pdf_render_timeout_s``, ``max_image_pixels``, ``max_document_memory_mb``);
            defaults when None.
        probe: a PDF's isolated parse from intake (``CheckedFile.pdf``), so it is not parsed
            again; parsed (isolated) here when None.

    Returns:
        One :class:`~ocr.records.PageImage` per page, in page order.

    Raises:
        PageError: the bytes cannot be decoded or rendered within the limits.
    """
    if kind in IMAGE_KINDS:
        budget = int(_opt(settings, "max_document_memory_mb", 256)) * 1024 * 1024
        return [PageImage(page=1, image=decode_image(data, _opt(settings, "max_image_pixels", None), budget))]
    if kind == "pdf":
        return load_pdf(data, settings, probe)
    raise ValueError(f"unsupported kind {kind!r}")
