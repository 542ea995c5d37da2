"""``eklaim verify CLAIM_DIR``: a claim folder read from disk, every stage in-process, no Redis.

The folder gives the raw form and the files; the report is built by the one verification
path (:mod:`workers.verify`), as the verify job and the batch re-verification build theirs.

Both cores: :class:`DocumentPool` reads a claim's documents at once in forked processes
(``settings.verify_processes``, one per core by default), each with an equal share of the ONNX
Runtime threads, the model loaded once before the fork and shared copy-on-write.
:func:`verify_claim_dirs` keeps one warm pool over many folders (``eklaim verify DIR...``) and
feeds it every document of every folder, reports coming back in the folders' order. The report
is the one the sequential path gives (each document goes through the same
:func:`ocr.pipeline.process_document`; tested byte for byte).
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake.errors import EklaimError, Message
from intake.localfiles import UnsafeFile, ensure_regular_file, read_local_file
from intake.logging import get_logger
from intake.records import DOC_TYPES
from intake.settings import Settings, get_settings
from matching.records import Report
from ocr.pipeline import PipelineContext, failed_document
from workers.verify import ClaimDocuments, fresh_documents, verify

if TYPE_CHECKING:
    from ocr.records import DocumentResult

log = get_logger(__name__)

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

    One document after another in this process (see :func:`verify_claim_dirs` for the
    concurrent path; both give the same report).

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


# --- both cores: a pool of forked document readers ---------------------------------------------

_pool_settings: Settings | None = None
"""The settings the pool's processes read with (set before the fork, inherited)."""


def pool_size(settings: Settings) -> int:
    """Processes for ``settings.verify_processes`` (0: one per CPU core this process may use)."""
    if settings.verify_processes:
        return settings.verify_processes
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not Linux
        return max(os.cpu_count() or 1, 1)


def pool_settings(settings: Settings, processes: int) -> Settings:
    """``settings`` with the ONNX threads split between ``processes`` (total = ``ocr_threads``)."""
    return settings.model_copy(update={"ocr_threads": max(1, settings.ocr_threads // max(processes, 1))})


def _read_in_child(slot: str, path: str) -> tuple[str, Any]:
    """Pool task: one document through the pipeline, in a pool process.

    Returns ``("ok", DocumentResult)`` or ``("unsafe", (code, message))`` for a file that must not
    be read (an :class:`~intake.errors.EklaimError` does not survive pickling by itself).
    """
    settings = _pool_settings or get_settings()
    try:
        processed = fresh_documents({slot: Path(path)}, PipelineContext.default(settings))
    except UnsafeFile as exc:
        return "unsafe", (exc.code, exc.message.as_dict())
    return "ok", processed[slot].result


class DocumentPool:
    """Forked processes reading documents, the OCR model loaded once before the fork.

    Each process runs ONNX Runtime with ``ocr_threads // processes`` threads, so the pool uses
    as many threads as the sequential path. A process that dies (killed, out of memory) makes
    its documents ``processing_failed``, never the whole run; the pool is rebuilt for the next.
    """

    def __init__(self, settings: Settings | None = None, processes: int | None = None) -> None:
        """Load the engine and start ``processes`` readers (``pool_size`` when None)."""
        global _pool_settings
        base = settings or get_settings()
        self.processes = processes or pool_size(base)
        self.settings = pool_settings(base, self.processes)
        _pool_settings = self.settings
        # Loaded here, before the fork: the children share it instead of loading it each.
        self.ctx = PipelineContext.default(self.settings)
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("fork"))
        return self._executor

    def submit(self, slot: str, path: Path) -> Future[tuple[str, Any]]:
        """Queue one document; its future gives :func:`_read_in_child`'s answer."""
        return self._pool().submit(_read_in_child, slot, str(path))

    def result(self, slot: str, future: Future[tuple[str, Any]]) -> DocumentResult:
        """A queued document's result; a dead pool process makes it a failed document.

        Raises:
            UnsafeFile: the file must not be read (the operator's usage error, as in-process).
        """
        from ocr.pipeline import versions

        try:
            kind, value = future.result()
        except BrokenProcessPool:
            log.error("document_processing_failed", slot=slot, error="BrokenProcessPool")
            self.close()
            return failed_document(slot, versions(self.ctx.engine))
        if kind == "unsafe":
            code, message = value
            raise UnsafeFile(code, Message(message["id"], message["en"]))
        result: DocumentResult = value
        return result

    def close(self) -> None:
        """Stop the processes (a later :meth:`submit` starts new ones)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> DocumentPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def verify_claim_dirs(paths: Sequence[Path], *, settings: Settings | None = None, processes: int | None = None,
                      today: date | None = None) -> Iterator[Report]:
    """Verify claim folders with both cores; yield their reports in the order of ``paths``.

    Every document of every folder is queued on one warm :class:`DocumentPool` at once (so a
    folder's last document overlaps the next folder's first); a folder with no files loads no
    model. With one process (``verify_processes=1``, or a one-core machine) this is
    :func:`verify_claim_dir` on each folder in turn.

    Raises:
        ClaimDirError: a folder is not a claim folder (before any document is read).
        UnsafeFile: a document file must not be read.
    """
    settings = settings or get_settings()
    folders = [read_claim_folder(p) for p in paths]
    jobs = [(f, {s: p for s, p in f.files.items() if p is not None}) for f in folders]
    n = processes or pool_size(settings)
    if n <= 1 or not any(files for _f, files in jobs):
        ctx: PipelineContext | None = None
        for folder, files in jobs:
            if files and ctx is None:
                ctx = PipelineContext.default(settings)
            processed = fresh_documents(files, ctx) if files and ctx else {}
            docs = {slot: p.result for slot, p in processed.items()}
            yield verify(ClaimDocuments(folder.claim_id, folder.raw, docs, today=today))
        return
    with DocumentPool(settings, n) as pool:
        queued = [(folder, {slot: pool.submit(slot, path) for slot, path in files.items()}) for folder, files in jobs]
        for folder, futures in queued:
            docs = {slot: pool.result(slot, fut) for slot, fut in futures.items()}
            yield verify(ClaimDocuments(folder.claim_id, folder.raw, docs, today=today))
