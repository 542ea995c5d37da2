"""File intake checks: decide what an uploaded file is from its bytes, and refuse bad files early.

``check_file`` is the one entry point. It returns a :class:`~intake.records.CheckedFile` or raises
:class:`~intake.errors.IntakeRejected` with one of the stable codes in :data:`REASONS`.

Rules, in the order they are applied:

1. **Size before anything else.** 0 bytes is ``empty_file``; more than
   ``settings.max_file_bytes`` is ``file_too_large`` (for a path this is decided from ``stat``,
   before a single byte is read).
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
5. **PDFs** are parsed with pypdf in a separate short-lived Python process with a wall-clock
   deadline (``settings.pdf_parse_timeout_s``) and an address-space cap, so a page tree that loops,
   or any other pathological file, can neither hang nor exhaust the service: past the deadline
   the child is killed and the file is ``pdf_timeout``. In the child, in order:

   a. unparsable (a ``/Kids`` cycle included, which pypdf detects) is ``pdf_corrupt``;
   b. any encryption, even an owner-password-only file that opens without a password, is
      ``pdf_encrypted`` (strict: downstream stages never handle encrypted files);
   c. no page is ``pdf_no_pages``; more than ``settings.max_pdf_pages`` pages (counted by walking
      the page tree, never trusting ``/Count``) is ``pdf_too_many_pages``;
   d. a page whose ``/Parent`` chain loops (or is deeper than 64), or that has no usable MediaBox,
      is ``pdf_corrupt``; a page whose MediaBox (times ``/UserUnit``) rendered at
      ``settings.pdf_render_dpi`` would exceed ``settings.max_image_pixels`` is
      ``pdf_too_many_pixels``;
   e. ``has_text_layer`` is True when some page yields at least 20 non-space characters of
      extractable text (a page whose text cannot be extracted counts as having none).

   The child's stderr is discarded: nothing of the document reaches the logs.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from PIL import Image

from intake.errors import IntakeRejected, Message
from intake.messages import FILE_CODES, IntakeCode, intake_message
from intake.records import CheckedFile, FileKind
from intake.settings import Settings, get_settings

__all__ = [
    "REASONS",
    "MIN_TEXT_LAYER_CHARS",
    "check_file",
    "detect_kind",
    "reason_message",
    "safe_display_name",
]

MIN_TEXT_LAYER_CHARS: Final = 20
"""Non-space characters a PDF page must yield for ``has_text_layer``."""

DISPLAY_NAME_MAX: Final = 100
"""Longest client file name :func:`safe_display_name` returns."""

_PDF_PROBE_MEMORY_BYTES: Final = 1 << 30
"""Address-space cap of the PDF parsing child process (where the OS supports it)."""

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


def check_file(data: bytes | Path, *, settings: Settings | None = None) -> CheckedFile:
    """Check one uploaded file and describe it.

    Args:
        data: the file's bytes, or a path to it (its size is checked before it is read).
        settings: limits to apply; :func:`~intake.settings.get_settings` when None.

    Returns:
        The detected kind, size, SHA-256, page count and (images) pixel size, and whether a PDF has
        a text layer.

    Raises:
        IntakeRejected: with a code of :data:`REASONS` when the file is not an allowed, valid file.
        OSError: when ``data`` is a path that cannot be read (a server problem, not the claimant's).
    """
    settings = settings or get_settings()
    if isinstance(data, Path):
        blob = _read_limited(data, settings)
    else:
        blob = bytes(data)
    size = len(blob)
    if size == 0:
        raise _reject("empty_file", settings)
    if size > settings.max_file_bytes:
        raise _reject("file_too_large", settings)

    kind = detect_kind(blob[:16])
    if kind is None:
        raise _reject("not_an_allowed_format", settings)
    sha256 = hashlib.sha256(blob).hexdigest()
    if kind == "pdf":
        pages, has_text = _check_pdf(blob, settings)
        return CheckedFile(kind=kind, size=size, sha256=sha256, pages=pages, has_text_layer=has_text)
    width, height = _check_image(blob, kind, settings)
    return CheckedFile(kind=kind, size=size, sha256=sha256, pages=1, width=width, height=height)


def _read_limited(path: Path, settings: Settings) -> bytes:
    """Read a file, refusing it by its size before reading when it is too large."""
    size = path.stat().st_size
    if size == 0:
        raise _reject("empty_file", settings)
    if size > settings.max_file_bytes:
        raise _reject("file_too_large", settings)
    with path.open("rb") as handle:
        # One byte more than allowed, in case the file grew since stat.
        return handle.read(settings.max_file_bytes + 1)


# --------------------------------------------------------------------------------------------
# Images


@dataclass(frozen=True)
class _Header:
    """What the structural walk of an image found."""

    width: int | None = None
    height: int | None = None
    problem: str | None = None
    """``truncated_image`` or ``corrupt_image`` when the structure is broken."""


def _check_image(blob: bytes, kind: FileKind, settings: Settings) -> tuple[int, int]:
    """Check an image: header pixels, structure, real decode, minimum size."""
    header = _IMAGE_WALKERS[kind](blob)
    if header.width is not None and header.height is not None:
        if header.width * header.height > settings.max_image_pixels:
            raise _reject("image_too_many_pixels", settings)
    if header.problem is not None:
        raise _reject(header.problem, settings)

    fmt = [_PIL_FORMAT[kind]]
    try:
        with Image.open(io.BytesIO(blob), formats=fmt) as image:
            width, height = image.size
            if width * height > settings.max_image_pixels:
                raise _reject("image_too_many_pixels", settings)
            image.verify()
        with Image.open(io.BytesIO(blob), formats=fmt) as image:
            image.load()
    except IntakeRejected:
        raise
    except Image.DecompressionBombError:
        raise _reject("image_too_many_pixels", settings) from None
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError, struct.error, ...
        raise _reject("corrupt_image", settings) from None

    if width <= 0 or height <= 0:
        raise _reject("corrupt_image", settings)
    if min(width, height) < settings.min_image_side_px:
        raise _reject("image_too_small", settings)
    return width, height


_JPEG_SOF: Final = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE: Final = frozenset({0x01, *range(0xD0, 0xD8)})


def _walk_jpeg(blob: bytes) -> _Header:
    """Walk JPEG marker segments to the first scan; find the frame size and an EOI after it."""
    n = len(blob)
    pos = 2
    width = height = None
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
            frame_height = int.from_bytes(blob[pos + 3 : pos + 5], "big")
            frame_width = int.from_bytes(blob[pos + 5 : pos + 7], "big")
            width = frame_width
            height = frame_height or None  # 0: height given later by a DNL marker
        pos += length
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            if pos > n or blob.find(b"\xff\xd9", pos) < 0:
                return _Header(width, height, "truncated_image")
            if width is None:
                return _Header(None, None, "corrupt_image")
            return _Header(width, height)


def _walk_png(blob: bytes) -> _Header:
    """Walk PNG chunks: IHDR first, every chunk in bounds with a good CRC, up to IEND."""
    n = len(blob)
    pos = 8
    width = height = None
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
            first = False
        end = pos + 8 + length + 4
        if end > n:
            return _Header(width, height, "truncated_image")
        crc = int.from_bytes(blob[end - 4 : end], "big")
        if zlib.crc32(memoryview(blob)[pos + 4 : end - 4]) != crc:
            return _Header(width, height, "corrupt_image")
        if ctype == b"IEND":
            return _Header(width, height)
        pos = end


_BMP_INFO_SIZES: Final = frozenset({40, 52, 56, 64, 108, 124})


def _walk_bmp(blob: bytes) -> _Header:
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
    return _Header(width, height)


_IMAGE_WALKERS: Final = {"jpeg": _walk_jpeg, "png": _walk_png, "bmp": _walk_bmp}


# --------------------------------------------------------------------------------------------
# PDF

# Runs in a fresh ``python -I`` child: reads the PDF from stdin, prints one JSON line.
_PDF_PROBE_SOURCE: Final = r"""
import io, json, logging, math, sys, warnings

def parent_loops(page):
    seen = set()
    node = page
    for _ in range(64):
        ref = node.raw_get("/Parent") if "/Parent" in node else None
        if ref is None:
            return False
        key = getattr(ref, "idnum", None)
        if key is not None:
            if key in seen:
                return True
            seen.add(key)
        node = ref.get_object()
        if not hasattr(node, "raw_get"):
            return False
    return True

def probe(data, max_pages, dpi, max_pixels, min_text):
    from pypdf import PdfReader
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return {"code": "pdf_encrypted"}
        pages = list(reader.pages)
    except Exception:
        return {"code": "pdf_corrupt"}
    if not pages:
        return {"code": "pdf_no_pages"}
    if len(pages) > max_pages:
        return {"code": "pdf_too_many_pages"}
    for page in pages:
        if parent_loops(page):
            return {"code": "pdf_corrupt"}
        try:
            box = page.mediabox
            unit = float(page.get("/UserUnit", 1) or 1)
            width = abs(float(box.width)) * unit
            height = abs(float(box.height)) * unit
        except Exception:
            return {"code": "pdf_corrupt"}
        if not (math.isfinite(width) and math.isfinite(height)) or width <= 0 or height <= 0:
            return {"code": "pdf_corrupt"}
        if math.ceil(width * dpi / 72) * math.ceil(height * dpi / 72) > max_pixels:
            return {"code": "pdf_too_many_pixels"}
    has_text = False
    for page in pages:
        try:
            text = page.extract_text() or ""
        except Exception:
            continue
        if sum(1 for char in text if not char.isspace()) >= min_text:
            has_text = True
            break
    return {"pages": len(pages), "has_text": has_text}

def main():
    max_pages, dpi, max_pixels, min_text, memory = (int(arg) for arg in sys.argv[1:6])
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except Exception:
        pass
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    data = sys.stdin.buffer.read()
    try:
        result = probe(data, max_pages, dpi, max_pixels, min_text)
    except BaseException:
        result = {"code": "pdf_corrupt"}
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()

main()
"""

_PDF_CODES: Final = frozenset(
    {"pdf_encrypted", "pdf_corrupt", "pdf_no_pages", "pdf_too_many_pages", "pdf_too_many_pixels"}
)


def _check_pdf(blob: bytes, settings: Settings) -> tuple[int, bool]:
    """Parse a PDF in a child process under a deadline; return (pages, has_text_layer)."""
    command = [
        sys.executable,
        "-I",
        "-c",
        _PDF_PROBE_SOURCE,
        str(settings.max_pdf_pages),
        str(settings.pdf_render_dpi),
        str(settings.max_image_pixels),
        str(MIN_TEXT_LAYER_CHARS),
        str(_PDF_PROBE_MEMORY_BYTES),
    ]
    try:
        done = subprocess.run(
            command,
            input=blob,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            timeout=settings.pdf_parse_timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed and reaped the child
        raise _reject("pdf_timeout", settings) from None
    try:
        result = json.loads(done.stdout.strip().rsplit(b"\n", 1)[-1])
    except (ValueError, IndexError):
        result = None
    if done.returncode != 0 or not isinstance(result, dict):
        # The child died (memory cap, crash): the file could not be parsed.
        raise _reject("pdf_corrupt", settings)
    code = result.get("code")
    if code is not None:
        raise _reject(code if code in _PDF_CODES else "pdf_corrupt", settings)
    pages = result.get("pages")
    if not isinstance(pages, int) or pages < 1:
        raise _reject("pdf_corrupt", settings)
    return pages, bool(result.get("has_text"))
