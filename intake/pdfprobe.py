"""The one PDF parser of the service: pypdf, run in an isolated child process.

Every PDF is parsed here and nowhere else: intake (:func:`intake.files.check_file`) and the page
loader (:mod:`ocr.pages`) both consume the :class:`PdfProbe` this module returns; no other module
imports pypdf. The parse runs in a fresh ``python -I`` child (this very file run as a script), with

- a wall-clock deadline (``timeout_s``): past it the child is killed and reaped, the result is
  the refusal ``pdf_timeout``;
- an address-space cap (``RLIMIT_AS``, ``memory_bytes``) where the OS supports it: a file that
  makes the parser allocate without bound kills the child, not the service (``pdf_corrupt``);
- its stderr discarded: nothing of the document reaches the logs.

The child reads the PDF from stdin and prints one JSON line: either ``{"code": ...}`` (a refusal)
or the page facts. In order:

a. unparsable (a ``/Kids`` cycle included, which pypdf detects) is ``pdf_corrupt``;
b. any encryption, even an owner-password-only file that opens without a password, is
   ``pdf_encrypted``;
c. no page is ``pdf_no_pages``; more than ``max_pages`` pages (counted by walking the page tree,
   never trusting ``/Count``) is ``pdf_too_many_pages``;
d. a page whose ``/Parent`` chain loops (or is deeper than 64), or that has no usable MediaBox,
   is ``pdf_corrupt``;
e. per page: its size in points (MediaBox times ``/UserUnit``), its extracted text (empty when
   the content stream cannot be extracted), the resolution of its largest embedded image (read
   from the image dictionaries, nothing decoded) and whether it draws text in render mode 3
   (invisible);
f. the document's ``/Creator`` and ``/Producer`` (application names) and, counted by the parent
   on the bytes, its incremental updates (:func:`count_incremental_updates`).

The text-layer rule (:func:`usable_text`, :data:`MIN_TEXT_LAYER_CHARS`) lives here too: it is
the one rule for "this page has a text layer", used by intake and the page loader alike.
"""

from __future__ import annotations

import contextlib
import json
import math
import mmap
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

__all__ = [
    "MIN_TEXT_LAYER_CHARS",
    "PROBE_CODES",
    "PROBE_MEMORY_BYTES",
    "PdfPage",
    "PdfProbe",
    "ProbeRefused",
    "count_incremental_updates",
    "meaningful_chars",
    "probe_pdf",
    "usable_text",
]

MIN_TEXT_LAYER_CHARS: Final = 20
"""Letters and digits a PDF page's own text needs to count as a text layer (the one rule)."""

PROBE_MEMORY_BYTES: Final = 1 << 30
"""Address-space cap of the parsing child process (where the OS supports it)."""

PROBE_CODES: Final = frozenset(
    {"pdf_encrypted", "pdf_corrupt", "pdf_no_pages", "pdf_too_many_pages", "pdf_timeout"}
)
"""Refusal codes :func:`probe_pdf` raises (intake reason codes)."""

_MAX_NATIVE_DPI_SEEN: Final = 10_000.0
"""Embedded-image resolutions are clipped to this (a 1-point page with a huge image)."""


def meaningful_chars(text: str) -> int:
    """Number of letters and digits in ``text``."""
    return sum(ch.isalnum() for ch in text)


def usable_text(text: str | None) -> str | None:
    """The page's text when it counts as a text layer, else None (the one text-layer rule)."""
    if text and meaningful_chars(text) >= MIN_TEXT_LAYER_CHARS:
        return text
    return None


@dataclass(frozen=True)
class PdfPage:
    """Facts of one PDF page, read without rendering it."""

    width_pt: float
    """MediaBox width in points (1/72 inch), ``/UserUnit`` applied."""
    height_pt: float
    """MediaBox height in points, ``/UserUnit`` applied."""
    text: str
    """Extracted text of the page ("" when none or not extractable)."""
    native_dpi: float = 0.0
    """Resolution of the largest image drawn on the page (0 when none)."""
    invisible_text: bool = False
    """The page draws text in render mode 3 (invisible), e.g. an OCR layer or a hidden one."""

    @property
    def text_layer(self) -> str | None:
        """The page's text when it is a usable text layer (:func:`usable_text`)."""
        return usable_text(self.text)

    def pixels_at(self, dpi: float) -> int:
        """Pixels of the page rendered at ``dpi`` (pdftoppm rounds each side up)."""
        return math.ceil(self.width_pt * dpi / 72) * math.ceil(self.height_pt * dpi / 72)


@dataclass(frozen=True)
class PdfProbe:
    """What the isolated parse of one PDF found."""

    pages: tuple[PdfPage, ...]
    """Every page, in order (at least one)."""
    creator: str | None = None
    """The document information's ``/Creator`` (the application that made the content)."""
    producer: str | None = None
    """The document information's ``/Producer`` (the application that wrote the PDF)."""
    incremental_updates: int = 0
    """Revisions appended after the file was first written (:func:`count_incremental_updates`)."""

    @property
    def page_count(self) -> int:
        """Number of pages."""
        return len(self.pages)

    @property
    def has_text_layer(self) -> bool:
        """Some page has a usable text layer."""
        return any(p.text_layer is not None for p in self.pages)


class ProbeRefused(Exception):
    """The PDF was refused by the probe; ``code`` is one of :data:`PROBE_CODES`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def probe_pdf(
    data: bytes | mmap.mmap,
    *,
    max_pages: int,
    timeout_s: float,
    memory_bytes: int = PROBE_MEMORY_BYTES,
) -> PdfProbe:
    """Parse a PDF in an isolated child process under a deadline and a memory cap.

    Args:
        data: the PDF's bytes (untrusted), or a memory map of its file.
        max_pages: more pages than this is ``pdf_too_many_pages`` (the walk stops there).
        timeout_s: wall-clock deadline of the child.
        memory_bytes: address-space cap of the child.

    Returns:
        The typed facts of every page.

    Raises:
        ProbeRefused: with a code of :data:`PROBE_CODES`.
    """
    command = [sys.executable, "-I", str(Path(__file__).resolve()), str(max_pages), str(memory_bytes)]
    try:
        done = subprocess.run(
            command, input=data, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            timeout=timeout_s, check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed and reaped the child
        raise ProbeRefused("pdf_timeout") from None
    try:
        result = json.loads(done.stdout.strip().rsplit(b"\n", 1)[-1])
    except (ValueError, IndexError):
        result = None
    if done.returncode != 0 or not isinstance(result, dict):
        raise ProbeRefused("pdf_corrupt")  # the child died (memory cap, crash)
    code = result.get("code")
    if code is not None:
        raise ProbeRefused(code if code in PROBE_CODES else "pdf_corrupt")
    return _from_json(result, count_incremental_updates(data))


def count_incremental_updates(data: bytes | mmap.mmap) -> int:
    """Revisions appended to a PDF after it was first written.

    Each save writes a ``startxref`` pointer; an incremental update appends another. A
    linearized file carries one extra for its first-page section, which is not an update.
    ``data`` may be a memory map of the file (intake checks a spool file in place).
    """
    n = sum(1 for _ in re.finditer(rb"startxref", data))
    if b"/Linearized" in data[:2048]:
        n -= 1
    return max(0, n - 1)


def _meta_text(value: Any) -> str | None:
    return value[:200] if isinstance(value, str) and value.strip() else None


def _from_json(result: dict[str, Any], incremental_updates: int = 0) -> PdfProbe:
    """The record from the child's JSON line (anything malformed is ``pdf_corrupt``)."""
    try:
        pages = tuple(
            PdfPage(
                width_pt=float(p["w"]), height_pt=float(p["h"]), text=str(p["text"]),
                native_dpi=float(p["native"]), invisible_text=bool(p["invisible"]),
            )
            for p in result["pages"]
        )
    except (KeyError, TypeError, ValueError):
        raise ProbeRefused("pdf_corrupt") from None
    if not pages:
        raise ProbeRefused("pdf_no_pages")
    raw_meta = result.get("meta")
    meta: dict[str, Any] = raw_meta if isinstance(raw_meta, dict) else {}
    return PdfProbe(pages=pages, creator=_meta_text(meta.get("creator")), producer=_meta_text(meta.get("producer")),
                    incremental_updates=incremental_updates)


# --------------------------------------------------------------------------------------------
# The child (this file run as a script; imports nothing of the project)


def _parent_loops(page: Any) -> bool:
    seen: set[int] = set()
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


def _native_dpi(page: Any, width_pt: float, height_pt: float) -> float:
    """Resolution of the largest image drawn on the page, from the image dictionaries only."""
    try:
        xobjects = page.get("/Resources", {}).get_object().get("/XObject", {}).get_object()
    except Exception:  # noqa: BLE001 - no resources: no images
        return 0.0
    w_in, h_in = max(width_pt / 72.0, 1e-6), max(height_pt / 72.0, 1e-6)
    best = 0.0
    for ref in xobjects.values():
        try:
            obj = ref.get_object()
            if obj.get("/Subtype") != "/Image":
                continue
            best = max(best, float(obj.get("/Width", 0)) / w_in, float(obj.get("/Height", 0)) / h_in)
        except Exception:  # noqa: BLE001 - a broken image entry is ignored
            continue
    return min(best, _MAX_NATIVE_DPI_SEEN)


def _page_text(page: Any) -> tuple[str, bool]:
    """The page's extracted text and whether it sets text render mode 3 (invisible)."""
    invisible = False

    def before(op: bytes, args: Any, *_: Any) -> None:
        nonlocal invisible
        if op == b"Tr" and args:
            with contextlib.suppress(TypeError, ValueError):
                invisible = invisible or int(args[0]) == 3

    try:
        text = page.extract_text(visitor_operand_before=before) or ""
    except Exception:  # noqa: BLE001 - a broken content stream just means "no text"
        return "", invisible
    return text, invisible


def _probe(data: bytes, max_pages: int) -> dict[str, Any]:
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return {"code": "pdf_encrypted"}
        pages = []
        for page in reader.pages:
            pages.append(page)
            if len(pages) > max_pages:
                return {"code": "pdf_too_many_pages"}
    except Exception:  # noqa: BLE001 - pypdf raises many types on malformed files
        return {"code": "pdf_corrupt"}
    if not pages:
        return {"code": "pdf_no_pages"}
    out = []
    for page in pages:
        if _parent_loops(page):
            return {"code": "pdf_corrupt"}
        try:
            box = page.mediabox
            unit = float(page.get("/UserUnit", 1) or 1)
            width = abs(float(box.width)) * unit
            height = abs(float(box.height)) * unit
        except Exception:  # noqa: BLE001
            return {"code": "pdf_corrupt"}
        if not (math.isfinite(width) and math.isfinite(height)) or width <= 0 or height <= 0:
            return {"code": "pdf_corrupt"}
        text, invisible = _page_text(page)
        out.append({"w": width, "h": height, "text": text, "native": _native_dpi(page, width, height),
                    "invisible": invisible})
    meta: dict[str, str | None] = {"creator": None, "producer": None}
    with contextlib.suppress(Exception):  # a broken info dictionary only loses the names
        info = reader.metadata
        if info is not None:
            meta = {"creator": str(info.creator) if info.creator else None,
                    "producer": str(info.producer) if info.producer else None}
    return {"pages": out, "meta": meta}


def _child_main(argv: list[str]) -> None:
    import logging
    import warnings

    max_pages, memory = (int(arg) for arg in argv[:2])
    with contextlib.suppress(Exception):  # not supported on this OS
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    data = sys.stdin.buffer.read()
    try:
        result = _probe(data, max_pages)
    except BaseException:  # noqa: BLE001 - recursion, memory: the file cannot be parsed
        result = {"code": "pdf_corrupt"}
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    _child_main(sys.argv[1:])
