"""Normalised page images of a document, stored encrypted for the reviewers' box overlay.

The OCR pipeline's ``ProcessedDocument.images`` are the pages the field boxes refer to (their
pixel coordinates). The worker writes the page blobs with :func:`put_page_images` right after
the pipeline ran and records the list in the same update that stores the document's result.

Each page goes into the blob store (encrypted: ``intake.crypto.EncryptedBlobStore``) as a
JPEG (quality 85, or PNG for small/grey pages), and ``Document.page_images`` lists them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import update

from intake.models import Document
from intake.settings import Settings, get_settings

MAX_SIDE_PX = 2000
"""Pages larger than this are scaled down for the review page (boxes are scaled with them)."""
JPEG_QUALITY = 85

MEDIA_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}


def encode_page(image: np.ndarray) -> tuple[bytes, str, int, int, float]:
    """Encode one RGB (or grey) page for the browser.

    Returns:
        ``(bytes, format, width, height, scale)``; ``scale`` is stored width / page width
        (boxes in page pixels are multiplied by it).
    """
    from PIL import Image

    arr = np.asarray(image)
    if arr.dtype != np.uint8:
        arr = np.clip(arr, 0, 255).astype(np.uint8)
    img = Image.fromarray(arr)
    if img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    w, h = img.size
    scale = 1.0
    if max(w, h) > MAX_SIDE_PX:
        scale = MAX_SIDE_PX / max(w, h)
        img = img.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    fmt = "png" if img.mode == "L" or w * h < 200_000 else "jpeg"
    if fmt == "jpeg":
        img.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        img.save(buf, format="PNG", optimize=True)
    return buf.getvalue(), fmt, img.size[0], img.size[1], scale


def put_page_images(images: Sequence[np.ndarray], *, settings: Settings | None = None) -> list[dict[str, Any]]:
    """Encode and store page images in the (encrypted) blob store; return their list entries."""
    from intake.storage import get_blob_store

    store = get_blob_store(settings or get_settings())
    pages: list[dict[str, Any]] = []
    for n, image in enumerate(images, start=1):
        data, fmt, w, h, scale = encode_page(image)
        pages.append({"page": n, "blob_id": store.put(data), "format": fmt, "width": w, "height": h,
                      "scale": round(scale, 6)})
    return pages


def store_page_images(doc_id: str, images: Sequence[np.ndarray], *, settings: Settings | None = None) -> list[dict[str, Any]]:
    """Store a document's normalised page images and list them on the document row.

    Call it from the worker after the pipeline ran and before its own write transaction (the
    blobs are written first; SQLite allows one writer at a time). Safe to call again: blobs
    are content-addressed and the list is replaced.

    Args:
        doc_id: the document row id.
        images: ``ProcessedDocument.images`` (page 1 first).

    Returns:
        The stored list (``[{"page", "blob_id", "format", "width", "height", "scale"}]``).
    """
    from intake.db import session_scope
    settings = settings or get_settings()
    pages = put_page_images(images, settings=settings)
    with session_scope(settings.resolved_database_url) as session:
        session.execute(
            update(Document).where(Document.id == doc_id).values(page_images=pages)
            .execution_options(synchronize_session=False)
        )
    return pages


def page_entry(doc: Document, page: int) -> dict[str, Any] | None:
    """The stored page-image entry of ``page`` (1-based), or None."""
    for entry in doc.page_images or []:
        if isinstance(entry, dict) and entry.get("page") == page:
            return entry
    return None
