"""File intake checks: decide what an uploaded file is from its bytes, and refuse bad files early.

``check_file`` is the one entry point. It returns a :class:`~intake.records.CheckedFile` or raises
:class:`~intake.errors.IntakeRejected` with one of the stable codes in :data:`REASONS`.

Rules, in the order they are applied:

1. **Size before anything else.** 0 bytes is ``empty_file``; more than
   ``settings.max_file_bytes`` is ``file_too_large`` (for a path this is decided from ``stat``,
   before a single byte is read). A path is then memory-mapped, not read: the checks below look
   at the bytes they need (an upload's spool file, :mod:`intake.spool`, is never copied into
   memory).
2. **The leading bytes decide the format** (:func:`detect_kind`), never the file name, the
   extension or the client's Content-Type. Allowed: JPEG (``FF D8 FF``), PNG (its 8-byte
   signature), BMP (``BM``) and PDF. PDF is strict: ``%PDF-`` must sit at offset 0. Real readers
   accept it anywhere in the first 1024 bytes; we do not, so an HTML page (or anything else) with a
   PDF behind it is ``not_an_allowed_format``. Everything else (HTML, ZIP/DOCX, EXE, ELF, GIF,
   TIFF, SVG, WEBP, text, random bytes) is ``not_an_allowed_format``.
3. **Polyglots** are handled only as the type their leading magic bytes name, and must pass that
   type's full parse; Pillow is restricted to that one format. Data after a complete image (e.g. a
   ZIP or PDF appended to a JPEG) is ignored, as every image decoder ignores it, and the file is
   accepted as that image: downstream stages only ever decode it as that image.
4. **Images** (no pixel is decoded before step b):

   a. width and height are read from the header by our own small parser (and by Pillow's
      header-only ``Image.open`` as a second opinion); ``width * height`` above
      ``settings.max_image_pixels`` is ``image_too_many_pixels``. A decompression bomb is thus
      refused from its header in milliseconds; Pillow's own ``DecompressionBombError`` is mapped
      to the same code. ``Image.MAX_IMAGE_PIXELS`` (process-global) is left alone.
   b. a structural walk that does not depend on Pillow's process-global
      ``LOAD_TRUNCATED_IMAGES``: JPEG segments up to the first scan and an EOI marker after it;
      every PNG chunk in bounds with a correct CRC, up to ``IEND``; the BMP pixel array inside the
      file. Data cut short is ``truncated_image``; broken structure is ``corrupt_image``.
   c. a real decode: Pillow ``verify()``, then ``load()`` on a fresh open. Any failure is
      ``corrupt_image``.
   d. the short side below ``settings.min_image_side_px`` is ``image_too_small``.
5. **PDFs** are parsed once by :func:`intake.pdfprobe.probe_pdf`, the service's only PDF parser:
   pypdf in a separate short-lived Python process with a wall-clock deadline
   (``settings.pdf_parse_timeout_s``) and an address-space cap, so a page tree that loops, or any
   other pathological file, can neither hang nor exhaust the service (``pdf_timeout``,
   ``pdf_corrupt``, ``pdf_encrypted``, ``pdf_no_pages``, ``pdf_too_many_pages``: see that
   module). Then, from the probe's page sizes: a page whose MediaBox (times ``/UserUnit``)
   rendered at ``settings.pdf_render_dpi`` would exceed ``settings.max_image_pixels`` is
   ``pdf_too_many_pixels``. ``has_text_layer`` follows the one text-layer rule
   (:func:`intake.pdfprobe.usable_text`); the probe itself rides along on the
   :class:`~intake.records.CheckedFile` so the page loader does not parse the file again.
6. **Memory budget per document, before any decode** (``settings.max_document_memory_mb``): the
   working memory a document will take when decoded is estimated from its header (images: pixels
   x (decoded bytes per pixel, channels x bit depth, + the RGB working copies); PDFs: the sum
   over pages of the pixels at the render resolution x the same working copies). Above the
   budget the file is ``too_much_memory``. See :func:`image_memory_bytes`,
   :func:`pdf_memory_bytes`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import mmap
import struct
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final, TypeAlias

from intake.errors import IntakeRejected, Message
from intake.messages import FILE_CODES, IntakeCode, intake_message
from intake.pdfprobe import MIN_TEXT_LAYER_CHARS, PdfProbe, ProbeRefused, probe_pdf
from intake.records import CheckedFile, FileKind
from intake.settings import Settings, get_settings

PILLOW_DECODE_ERRORS: Final = (OSError, SyntaxError, ValueError, struct.error, EOFError, IndexError, KeyError,
                               TypeError, ZeroDivisionError, AttributeError, RuntimeError)
"""What Pillow's decoders raise on malformed bytes (a broken file, never the server's fault)."""


__all__ = [
    "MIN_TEXT_LAYER_CHARS",
    "REASONS",
    "RGB_WORKING_COPIES",
    "check_file",
    "detect_kind",
    "image_memory_bytes",
    "pdf_memory_bytes",
    "reason_message",
    "safe_display_name",
]

Blob: TypeAlias = bytes | mmap.mmap
"""A file's bytes as the checks read them: in memory, or a read-only map of a file."""

RGB_WORKING_COPIES: Final = 2
"""RGB ``HxWx3`` uint8 copies of a page alive at once after its decode (the page array and the
normalised page), counted by the memory budget on top of the decoded raster itself."""

DISPLAY_NAME_MAX: Final = 100
"""Longest client file name :func:`safe_display_name` returns."""

_JPEG_MAGIC: Final = b"\xff\xd8\xff"
_PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"
_BMP_MAGIC: Final = b"BM"
_PDF_MAGIC: Final = b"%PDF-"

_PIL_FORMAT: Final[dict[str, str]] = {"jpeg": "JPEG", "png": "PNG", "bmp": "BMP"}

# Texts live in intake.messages; placeholders are filled from the settings in force when a
# file is refused.
def _limits(settings: Settings) -> dict[str, str]:
    return {
        "max_mb": f"{settings.max_file_bytes / (1024 * 1024):g}",
        "max_mp": f"{settings.max_image_pixels / 1_000_000:g}",
        "min_side": str(settings.min_image_side_px),
        "max_pages": str(settings.max_pdf_pages),
    }


def reason_message(code: str, settings: Settings | None = None) -> Message:
    """The bilingual message of an intake reason code, with the limits of ``settings`` filled in.

    Args:
        code: a key of :data:`REASONS`.
        settings: the limits in force; :func:`~intake.settings.get_settings` when None.

    Raises:
        KeyError: for an unknown code.
    """
    if code not in FILE_CODES:
        raise KeyError(code)
    return intake_message(code, **_limits(settings or get_settings()))


REASONS: Final[dict[str, Message]] = {
    code.value: reason_message(code, Settings.model_construct()) for code in IntakeCode if code in FILE_CODES
}
"""Every intake reason code with its bilingual message, the numbers from the default settings
(not the environment). A refusal's own message carries the limits actually in force."""


def _reject(code: str, settings: Settings) -> IntakeRejected:
    return IntakeRejected(code, reason_message(code, settings))


# --------------------------------------------------------------------------------------------
# Public helpers


def detect_kind(head: bytes) -> FileKind | None:
    """Name the allowed format the leading magic bytes announce.

    Args:
        head: the first bytes of the file (16 are plenty).

    Returns:
        ``"jpeg"``, ``"png"``, ``"bmp"`` or ``"pdf"``, or None for anything else. This looks at
        magic bytes only; the file must still pass that format's full parse.
    """
    if head.startswith(_JPEG_MAGIC):
        return "jpeg"
    if head.startswith(_PNG_MAGIC):
        return "png"
    if head.startswith(_PDF_MAGIC):
        return "pdf"
    if head.startswith(_BMP_MAGIC):
        return "bmp"
    return None


_DROP_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def safe_display_name(name: str) -> str:
    """Make a client-supplied file name safe to *display* (never to open or store by).

    Keeps only the last path component (``/`` or ``\\``), drops control, format (bidi overrides
    such as U+202E, zero-width characters), surrogate, private-use and unassigned characters,
    folds other whitespace to single spaces, and truncates to 100 characters.

    Args:
        name: the name as the client sent it.

    Returns:
        The cleaned name; ``""`` when nothing displayable is left.
    """
    name = unicodedata.normalize("NFC", name)
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for char in base:
        category = unicodedata.category(char)
        if category in _DROP_CATEGORIES:
            continue
        kept.append(" " if category == "Zs" else char)
    cleaned = " ".join("".join(kept).split())
    if cleaned in {".", ".."}:
        return ""
    return cleaned[:DISPLAY_NAME_MAX].rstrip()


# --------------------------------------------------------------------------------------------
# Entry point


def check_file(data: bytes | mmap.mmap | Path, *, settings: Settings | None = None, decode: bool = True,
               sha256: str | None = None) -> CheckedFile:
    """Check one uploaded file and describe it.

    Args:
        data: the file's bytes (or a read-only memory map of them, checked in place), or a path
            to it (its size is checked before it is mapped).
        settings: limits to apply; :func:`~intake.settings.get_settings` when None.
        sha256: the file's SHA-256 when the caller already has it (a spool file); computed
            otherwise.
        decode: also decode an image's pixels (a broken compressed stream is ``corrupt_image``).
            The upload path passes False: header, structure and limits are checked at once, the
            full decode happens in the worker, which reads the pixels anyway (a file that fails
            it ends ``rejected`` with the same reason, see :mod:`ocr.pipeline`).

    Returns:
        The detected kind, size, SHA-256, page count and (images) pixel size, and whether a PDF has
        a text layer.

    Raises:
        IntakeRejected: with a code of :data:`REASONS` when the file is not an allowed, valid file.
        OSError: when ``data`` is a path that cannot be read (a server problem, not the claimant's).
    """
    settings = settings or get_settings()
    with _bytes_of(data, settings) as blob:
        return _check_blob(blob, settings, decode=decode, sha256=sha256)


def _check_blob(blob: Blob, settings: Settings, *, decode: bool, sha256: str | None) -> CheckedFile:
    """:func:`check_file` on the file's bytes (in memory or mapped)."""
    size = len(blob)
    if size == 0:
        raise _reject("empty_file", settings)
    if size > settings.max_file_bytes:
        raise _reject("file_too_large", settings)

    kind = detect_kind(blob[:16])
    if kind is None:
        raise _reject("not_an_allowed_format", settings)
    sha256 = sha256 or hashlib.sha256(blob).hexdigest()
    if kind == "pdf":
        probe = _check_pdf(blob, settings)
        return CheckedFile(kind=kind, size=size, sha256=sha256, pages=probe.page_count,
                           has_text_layer=probe.has_text_layer, pdf=probe)
    width, height = _check_image(blob, kind, settings, decode=decode)
    return CheckedFile(kind=kind, size=size, sha256=sha256, pages=1, width=width, height=height)


@contextlib.contextmanager
def _bytes_of(data: bytes | mmap.mmap | Path, settings: Settings) -> Iterator[Blob]:
    """The bytes to check: ``data`` itself (a map is not copied), or a read-only map of the file
    (refused by its ``stat`` size before it is opened when empty or too large)."""
    if isinstance(data, bytes | mmap.mmap):
        yield data
        return
    if not isinstance(data, Path):
        yield bytes(data)
        return
    size = data.stat().st_size
    if size == 0:
        raise _reject("empty_file", settings)
    if size > settings.max_file_bytes:
        raise _reject("file_too_large", settings)
    with data.open("rb") as handle:
        try:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # emptied since stat
            raise _reject("empty_file", settings) from None
        with mapped:
            yield mapped


# --------------------------------------------------------------------------------------------
# Images


@dataclass(frozen=True)
class _Header:
    """What the structural walk of an image found."""

    width: int | None = None
    height: int | None = None
    problem: str | None = None
    """``truncated_image`` or ``corrupt_image`` when the structure is broken."""
    bytes_per_pixel: int = 3
    """Bytes per pixel of the decoded raster (channels x bit depth / 8), from the header."""


def _check_image(blob: Blob, kind: FileKind, settings: Settings, *, decode: bool = True) -> tuple[int, int]:
    """Check an image: header pixels, structure, real decode, minimum size."""
    header = _IMAGE_WALKERS[kind](blob)
    if header.width is not None and header.height is not None:
        if header.width * header.height > settings.max_image_pixels:
            raise _reject("image_too_many_pixels", settings)
        memory = image_memory_bytes(header.width, header.height, header.bytes_per_pixel)
        if memory > settings.max_document_memory_bytes:
            raise _reject("too_much_memory", settings)
    if header.problem is not None:
        raise _reject(header.problem, settings)

    from PIL import Image  # Pillow only when an image is checked (the CLI starts without it)

    fmt = [_PIL_FORMAT[kind]]
    try:
        with Image.open(_reader(blob), formats=fmt) as image:
            width, height = image.size
            if width * height > settings.max_image_pixels:
                raise _reject("image_too_many_pixels", settings)
            image.verify()
        if decode:
            with Image.open(_reader(blob), formats=fmt) as image:
                image.load()
    except IntakeRejected:
        raise
    except Image.DecompressionBombError:
        raise _reject("image_too_many_pixels", settings) from None
    except PILLOW_DECODE_ERRORS:
        raise _reject("corrupt_image", settings) from None

    if width <= 0 or height <= 0:
        raise _reject("corrupt_image", settings)
    if min(width, height) < settings.min_image_side_px:
        raise _reject("image_too_small", settings)
    return width, height


def _reader(blob: Blob) -> IO[bytes]:
    """A file object over ``blob`` for Pillow (a map is read in place, not copied)."""
    if isinstance(blob, mmap.mmap):
        blob.seek(0)
        return io.BufferedReader(_MapReader(blob))
    return io.BytesIO(blob)


class _MapReader(io.RawIOBase):
    """A seekable raw reader over a memory map that never closes the map."""

    def __init__(self, mapped: mmap.mmap) -> None:
        """Read ``mapped`` from its start."""
        self._map = mapped
        self._pos = 0

    def readable(self) -> bool:
        """Always."""
        return True

    def seekable(self) -> bool:
        """Always."""
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        """Copy the next bytes into ``buffer``."""
        chunk = self._map[self._pos : self._pos + len(buffer)]
        buffer[: len(chunk)] = chunk
        self._pos += len(chunk)
        return len(chunk)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move the position like a file."""
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._map)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        """The position."""
        return self._pos


_JPEG_SOF: Final = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE: Final = frozenset({0x01, *range(0xD0, 0xD8)})


def _walk_jpeg(blob: Blob) -> _Header:
    """Walk JPEG marker segments to the first scan; find the frame size and an EOI after it."""
    n = len(blob)
    pos = 2
    width = height = None
    bpp = 3
    while True:
        if pos >= n:
            return _Header(width, height, "truncated_image")
        if blob[pos] != 0xFF:
            return _Header(width, height, "corrupt_image")
        while pos < n and blob[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= n:
            return _Header(width, height, "truncated_image")
        marker = blob[pos]
        pos += 1
        if marker in _JPEG_STANDALONE or marker == 0xD8:
            continue
        if marker == 0xD9:  # EOI before any scan
            return _Header(width, height, "corrupt_image")
        if pos + 2 > n:
            return _Header(width, height, "truncated_image")
        length = int.from_bytes(blob[pos : pos + 2], "big")
        if length < 2:
            return _Header(width, height, "corrupt_image")
        if marker in _JPEG_SOF and width is None:
            if pos + 7 > n:
                return _Header(None, None, "truncated_image")
            precision = blob[pos + 2]
            frame_height = int.from_bytes(blob[pos + 3 : pos + 5], "big")
            frame_width = int.from_bytes(blob[pos + 5 : pos + 7], "big")
            components = blob[pos + 7] if pos + 8 <= n else 3
            bpp = max(1, components) * (2 if precision > 8 else 1)
            width = frame_width
            height = frame_height or None  # 0: height given later by a DNL marker
        pos += length
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            # rfind: an EOI is normally the last two bytes (found at once, the scan is not read).
            if pos > n or blob.rfind(b"\xff\xd9", pos) < 0:
                return _Header(width, height, "truncated_image")
            if width is None:
                return _Header(None, None, "corrupt_image")
            return _Header(width, height, bytes_per_pixel=bpp)


def _walk_png(blob: Blob) -> _Header:
    """Walk PNG chunks: IHDR first, every chunk in bounds with a good CRC, up to IEND."""
    n = len(blob)
    pos = 8
    width = height = None
    bpp = 3
    first = True
    while True:
        if pos + 8 > n:
            return _Header(width, height, "truncated_image")
        length = int.from_bytes(blob[pos : pos + 4], "big")
        ctype = blob[pos + 4 : pos + 8]
        if length > 0x7FFFFFFF or not ctype.isalpha():
            return _Header(width, height, "corrupt_image")
        if first:
            if ctype != b"IHDR" or length != 13:
                return _Header(None, None, "corrupt_image")
            if pos + 16 > n:
                return _Header(None, None, "truncated_image")
            width = int.from_bytes(blob[pos + 8 : pos + 12], "big")
            height = int.from_bytes(blob[pos + 12 : pos + 16], "big")
            if pos + 18 <= n:
                depth, colour = blob[pos + 16], blob[pos + 17]
                channels = _PNG_CHANNELS.get(colour, 4)
                bpp = max(1, channels * (2 if depth > 8 else 1))
            first = False
        end = pos + 8 + length + 4
        if end > n:
            return _Header(width, height, "truncated_image")
        crc = int.from_bytes(blob[end - 4 : end], "big")
        if zlib.crc32(memoryview(blob)[pos + 4 : end - 4]) != crc:
            return _Header(width, height, "corrupt_image")
        if ctype == b"IEND":
            return _Header(width, height, bytes_per_pixel=bpp)
        pos = end


_PNG_CHANNELS: Final = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
"""PNG colour type -> channels (3: palette indices, one byte each after unpacking)."""

_BMP_INFO_SIZES: Final = frozenset({40, 52, 56, 64, 108, 124})


def _walk_bmp(blob: Blob) -> _Header:
    """Read the BMP file and DIB headers; check that an uncompressed pixel array fits the file."""
    n = len(blob)
    if n < 18:
        return _Header(None, None, "truncated_image")
    offset = int.from_bytes(blob[10:14], "little")
    dib_size = int.from_bytes(blob[14:18], "little")
    if dib_size == 12:
        if n < 26:
            return _Header(None, None, "truncated_image")
        width = int.from_bytes(blob[18:20], "little")
        height = int.from_bytes(blob[20:22], "little")
        bits = int.from_bytes(blob[24:26], "little")
        compression = 0
    elif dib_size in _BMP_INFO_SIZES:
        if n < 34:
            return _Header(None, None, "truncated_image")
        width = int.from_bytes(blob[18:22], "little", signed=True)
        height = abs(int.from_bytes(blob[22:26], "little", signed=True))
        bits = int.from_bytes(blob[28:30], "little")
        compression = int.from_bytes(blob[30:34], "little")
    else:
        return _Header(None, None, "corrupt_image")
    if width <= 0 or height <= 0 or offset < 14 + dib_size:
        return _Header(max(width, 0), height, "corrupt_image")
    if n < 14 + dib_size:
        return _Header(width, height, "truncated_image")
    if compression in (0, 3, 6) and bits in (1, 2, 4, 8, 16, 24, 32):
        stride = (width * bits + 31) // 32 * 4
        if offset + stride * height > n:
            return _Header(width, height, "truncated_image")
    return _Header(width, height, bytes_per_pixel=4 if bits == 32 else 3)


_IMAGE_WALKERS: Final = {"jpeg": _walk_jpeg, "png": _walk_png, "bmp": _walk_bmp}


# --------------------------------------------------------------------------------------------
# Memory budget


def image_memory_bytes(width: int, height: int, bytes_per_pixel: int = 3) -> int:
    """Working memory of one decoded page: its raster plus the RGB working copies.

    Args:
        width: pixels, from the header.
        height: pixels, from the header.
        bytes_per_pixel: of the decoded raster (channels x bit depth / 8).

    Returns:
        ``width * height * (bytes_per_pixel + 3 * RGB_WORKING_COPIES)``.
    """
    return width * height * (bytes_per_pixel + 3 * RGB_WORKING_COPIES)


def pdf_memory_bytes(probe: PdfProbe, dpis: list[float] | list[int]) -> int:
    """Working memory of a PDF's pages rendered at ``dpis`` (one per page; all kept at once).

    pdftoppm hands over RGB rasters (3 bytes per pixel), so each page counts as an RGB image of
    its size at its resolution (:func:`image_memory_bytes`).
    """
    return sum(image_memory_bytes(page.pixels_at(dpi), 1, 3) for page, dpi in zip(probe.pages, dpis, strict=True))


# --------------------------------------------------------------------------------------------
# PDF

def _check_pdf(blob: Blob, settings: Settings) -> PdfProbe:
    """Parse a PDF once, isolated (:func:`intake.pdfprobe.probe_pdf`); check pixels and memory."""
    try:
        probe = probe_pdf(blob, max_pages=settings.max_pdf_pages, timeout_s=settings.pdf_parse_timeout_s)
    except ProbeRefused as exc:
        raise _reject(exc.code, settings) from None
    dpi = settings.pdf_render_dpi
    if any(page.pixels_at(dpi) > settings.max_image_pixels for page in probe.pages):
        raise _reject("pdf_too_many_pixels", settings)
    if pdf_memory_bytes(probe, [dpi] * probe.page_count) > settings.max_document_memory_bytes:
        raise _reject("too_much_memory", settings)
    return probe
