"""The one verification path: a claim's documents (fresh or stored) -> its report.

Three callers, one set of steps:

* the verify job (``workers.service.verify_claim``) and the batch re-verification
  (``workers.restore`` / ``workers.batch``) load the documents stored in the database
  (:func:`stored_documents`);
* ``eklaim verify CLAIM_DIR`` (``workers.claim_dir``) runs the pipeline on a claim folder's
  files (:func:`fresh_documents`);

and all three hand a :class:`ClaimDocuments` to :func:`verify`. Whatever the path, a document
whose processing failed is ``unreadable`` with reason ``processing_failed`` and one claimant
message (the finer cause, ``job_timeout``, ``worker_died``, ``too_many_attempts``..., stays in
the document row's ``error_code``), and a slot without a document is ``missing`` with reason
``missing``. Nothing here logs a value: slots, ids and error class names only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake.fields import validate_claim
from intake.localfiles import UnsafeFile, read_local_file
from intake.logging import get_logger
from intake.records import DOC_TYPES
from intake.settings import Settings, get_settings
from matching.recognise import recognised_by_typed
from matching.records import Report
from matching.verdict import build_report
from ocr.pipeline import PipelineContext, ProcessedDocument, failed_document, missing_document, process_document
from ocr.pipeline import versions as engine_versions
from ocr.records import DocumentResult

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = get_logger(__name__)

DOC_STATUSES = ("accepted", "rejected", "unreadable", "wrong_type", "missing")
"""The contract's document statuses (a stored result without one is not a result)."""


@dataclass
class ClaimDocuments:
    """What building one claim's report needs, however its documents were obtained."""

    claim_id: str
    raw_form: Mapping[str, Any]
    """The raw typed form (``claim.json`` keys); validated by :func:`verify`."""
    documents: dict[str, DocumentResult]
    """Slot -> result; a slot absent here is ``missing``."""
    today: date | None = None
    """The date ``submitted_on`` defaults to (tests); today when None."""


def stored_result(slot: str, stored: Mapping[str, Any] | None) -> DocumentResult:
    """One stored ``Document.result`` -> :class:`DocumentResult`.

    A missing or malformed result (no contract ``status``) is a failed document: a person
    looks, no claimant is accused of a mismatch.
    """
    if not isinstance(stored, Mapping) or stored.get("status") not in DOC_STATUSES:
        return failed_document(slot)
    return DocumentResult.from_json(stored, slot)


def stored_documents(session: Session, claim_id: str) -> dict[str, DocumentResult]:
    """Slot -> result of the claim's current documents in the database (settled ones only).

    A ``done`` document gives its stored result, a ``failed`` one the failed result; a slot
    without a settled document is left out (:func:`verify` reports it ``missing``).
    """
    from intake import repo  # the database layer only where stored documents are read

    docs: dict[str, DocumentResult] = {}
    for slot, doc in repo.current_documents(session, claim_id).items():
        if doc.state == "done":
            docs[slot] = stored_result(slot, doc.result)
        elif doc.state == "failed":
            docs[slot] = failed_document(slot)
    return docs


def load_stored(session: Session, claim_id: str) -> ClaimDocuments:
    """A stored claim's form and document results (no OCR)."""
    from intake import repo
    from intake.claims import form_to_raw

    claim = repo.get_claim(session, claim_id)
    return ClaimDocuments(claim_id, form_to_raw(claim.form or {}), stored_documents(session, claim_id))


def fresh_documents(files: Mapping[str, Path | None], ctx: PipelineContext) -> dict[str, ProcessedDocument]:
    """Run the document pipeline on each slot's file (slots without a file are left out).

    An unexpected error in one document makes that document a failed one; it never aborts
    the claim's report.
    """
    out: dict[str, ProcessedDocument] = {}
    for slot, path in files.items():
        if path is None:
            continue
        try:
            # Regular files inside the folder only, never more than the size limit in memory.
            data = read_local_file(path, max_bytes=ctx.settings.max_file_bytes, within=path.parent)
            out[slot] = process_document(slot, data, ctx)
        except UnsafeFile:
            raise  # a broken folder (a FIFO, a link out of it): the operator's usage error
        except Exception as exc:  # noqa: BLE001 - one document never aborts the claim's report
            log.error("document_processing_failed", slot=slot, error=type(exc).__name__)
            out[slot] = ProcessedDocument(failed_document(slot, engine_versions(ctx.engine)))
    return out


def complete_documents(documents: Mapping[str, DocumentResult]) -> dict[str, DocumentResult]:
    """Every contract slot, in contract order: the given result or ``missing``."""
    return {slot: documents.get(slot) or missing_document(slot) for slot in DOC_TYPES}


def verify(claim: ClaimDocuments, *, session: Session | None = None, settings: Settings | None = None) -> Report:
    """Build the claim's report under the current rules from its documents' results.

    The form is validated again (a changed validation rule takes effect too); every slot
    without a result is ``missing``. Signal severities follow the settings. With a database
    ``session`` (the verify job, the batch re-verification) the cross-claim signals are added
    and the claim is indexed for them (``workers.signals``); without one (``eklaim verify``)
    the report has the per-document signals only.
    """
    validation = validate_claim(claim.raw_form, today=claim.today)
    # a document of an unknown layout that prints the slot's typed value is that document
    recognised = recognised_by_typed(validation.form, complete_documents(claim.documents))
    docs = {slot: _with_severities(d, settings) for slot, d in recognised.items()}
    extra = []
    if session is not None:
        from workers.signals import cross_claim_signals, in_claim_reuse  # the database layer, only with a session

        extra = in_claim_reuse(docs, settings) + cross_claim_signals(session, claim.claim_id, validation.form, docs, settings)
    return build_report(claim.claim_id, validation.form, docs, form_problems=validation.problems, signals=extra)


def _with_severities(doc: DocumentResult, settings: Settings | None) -> DocumentResult:
    """``doc`` with its stored signals at the severities the settings give now."""
    if not doc.signals:
        return doc
    from ocr.signals import with_severity  # image libraries, only when there is a signal to rate

    return replace(doc, signals=[with_severity(s, settings or get_settings()) for s in doc.signals])


__all__ = [
    "ClaimDocuments",
    "complete_documents",
    "fresh_documents",
    "load_stored",
    "stored_documents",
    "stored_result",
    "verify",
]
