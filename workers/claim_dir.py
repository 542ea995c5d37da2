"""``eklaim verify CLAIM_DIR``: a claim folder read from disk, every stage in-process, no Redis.

The folder gives the raw form and the files; the report is built by the one verification
path (:mod:`workers.verify`), as the verify job and the batch re-verification build theirs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from intake.errors import EklaimError, Message
from intake.localfiles import ensure_regular_file, read_local_file
from intake.records import DOC_TYPES
from matching.records import Report
from ocr.pipeline import PipelineContext
from workers.verify import ClaimDocuments, fresh_documents, verify

MAX_CLAIM_JSON_BYTES = 64 * 1024
"""A typed form is a few hundred bytes; anything this large is not a claim form."""


class ClaimDirError(EklaimError):
    """The folder is not a claim folder (a usage error: no report can be made)."""

    http_status = 400


@dataclass
class ClaimFolder:
    """A claim folder as found on disk."""

    claim_id: str
    """From ``claim.json``'s optional ``claim_id`` key, else the folder name."""
    raw: dict[str, Any]
    """``claim.json`` as parsed."""
    files: dict[str, Path | None]
    """Slot -> the document file, None when there is none."""
    path: Path
    """The folder itself."""


def find_document_file(folder: Path, slot: str) -> Path | None:
    """The file of a slot: ``<slot>.<any extension>`` (the bytes decide the format, not the name).

    Raises:
        ClaimDirError: ``slot_ambiguous`` when several files share the slot name (which one the
            claimant meant cannot be guessed; the operator must keep one).
    """
    candidates = sorted(p for p in folder.glob(f"{slot}.*") if p.stem == slot and not p.is_dir())
    if len(candidates) > 1:
        names = ", ".join(p.name for p in candidates)
        raise ClaimDirError("slot_ambiguous", Message(
            f"Ada lebih dari satu berkas untuk dokumen {slot}: {names}. Sisakan satu saja.",
            f"Several files for the {slot} document: {names}. Keep only one."))
    if not candidates:
        return None
    # A link out of the folder, a FIFO or a device is refused now, before any model is loaded.
    ensure_regular_file(candidates[0], within=folder)
    return candidates[0]


def read_claim_folder(folder: Path) -> ClaimFolder:
    """Read ``claim.json`` and locate the five document files.

    Raises:
        ClaimDirError: the folder or its ``claim.json`` is missing or not a JSON object.
    """
    if not folder.is_dir():
        raise ClaimDirError("claim_dir_not_found", Message(
            "Folder klaim tidak ditemukan.", f"Claim folder not found: {folder}"))
    cj = folder / "claim.json"
    if not cj.exists():
        raise ClaimDirError("claim_json_missing", Message(
            "Folder klaim tidak berisi claim.json.", f"{folder} has no claim.json."))
    data = read_local_file(cj, max_bytes=MAX_CLAIM_JSON_BYTES, within=folder)
    if len(data) > MAX_CLAIM_JSON_BYTES:
        raise ClaimDirError("claim_json_invalid", Message(
            f"claim.json lebih besar dari {MAX_CLAIM_JSON_BYTES // 1024} KB.",
            f"claim.json is larger than {MAX_CLAIM_JSON_BYTES // 1024} KB."))
    try:
        # utf-8-sig: editors on Windows save a byte-order mark first.
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ClaimDirError("claim_json_invalid", Message(
            "claim.json bukan JSON yang sah.", f"claim.json is not valid JSON (line {getattr(exc, 'lineno', '?')}).")) from None
    except (RecursionError, ValueError):
        # Nesting deeper than the parser's stack, or a number of thousands of digits.
        raise ClaimDirError("claim_json_invalid", Message(
            "claim.json terlalu bersarang atau berisi angka yang terlalu panjang.",
            "claim.json is nested too deeply or holds a number with too many digits.")) from None
    if not isinstance(raw, dict):
        raise ClaimDirError("claim_json_invalid", Message(
            "claim.json harus berupa objek JSON.", "claim.json must be a JSON object."))
    claim_id = str(raw.get("claim_id") or folder.resolve().name)
    return ClaimFolder(claim_id=claim_id, raw=raw, files={s: find_document_file(folder, s) for s in DOC_TYPES}, path=folder)


def verify_claim_dir(path: Path, ctx: PipelineContext | None = None, *, today: date | None = None) -> Report:
    """Verify one claim folder and return the contract report (:func:`workers.verify.verify`).

    Args:
        path: the claim folder.
        ctx: pipeline context (settings + loaded engine); process defaults when None.
        today: the date ``submitted_on`` defaults to (for tests).
    """
    folder = read_claim_folder(path)
    # Nothing to read, nothing to load: the OCR model is built only for a folder with files.
    files = {slot: p for slot, p in folder.files.items() if p is not None}
    processed = fresh_documents(files, ctx or PipelineContext.default()) if files else {}
    docs = {slot: p.result for slot, p in processed.items()}
    return verify(ClaimDocuments(folder.claim_id, folder.raw, docs, today=today))
