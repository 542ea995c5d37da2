"""A stored claim back into the typed records of the pipeline (re-matching without OCR).

The database keeps, per document, the contract's document object plus what rebuilding the
:class:`~ocr.records.DocumentResult` needs (``workers.service.result_to_json``: per-field
confidences and per-character scores, versions, OCR lines) and, per claim, the normalised
typed form. The matching-only re-verification rebuilds a claim's report from these alone,
with exactly the steps of the verify job (``workers.service.verify_claim``):

* :func:`stored_documents` -> slot -> ``DocumentResult`` (every slot; absent ones ``missing``,
  failed ones ``unreadable`` as the verify job has them)
* :func:`stored_validation` -> the typed form and its problems (validated again, so a changed
  validation rule takes effect too)
* :func:`rebuild_report` -> the :class:`~matching.records.Report` under the current rules.

The JSON <-> record conversions themselves are ``workers.service.result_to_json`` /
``result_from_json`` (one place). Nothing here logs the values it restores.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from intake import repo
from intake.fields import validate_claim
from intake.records import DOC_TYPES, ClaimValidation
from matching.records import Report
from ocr.records import DocumentResult
from workers import service


def document_result_from_json(slot: str, stored: Mapping[str, Any] | None) -> DocumentResult:
    """One stored ``Document.result`` -> :class:`DocumentResult`.

    A missing or malformed result (no contract ``status``) restores as ``unreadable`` with
    reason ``no_stored_result``: a person looks, no claimant is accused of a mismatch.
    """
    if not isinstance(stored, Mapping) or stored.get("status") not in (
        "accepted", "rejected", "unreadable", "wrong_type", "missing"
    ):
        return service.failed_result(slot, "no_stored_result")
    return service.result_from_json(stored, slot)


def stored_documents(session: Session, claim_id: str) -> dict[str, DocumentResult]:
    """Slot -> restored result of the claim's current documents, every contract slot present.

    Same rules as the verify job: a ``done`` document gives its stored result, a ``failed``
    one an ``unreadable`` result carrying its error code, a slot without a settled document
    is ``missing``.
    """
    from ocr.pipeline import missing_document

    docs: dict[str, DocumentResult] = {}
    for slot, doc in repo.current_documents(session, claim_id).items():
        if doc.state == "done":
            docs[slot] = document_result_from_json(slot, doc.result)
        elif doc.state == "failed":
            docs[slot] = service.failed_result(slot, doc.error_code)
    for slot in DOC_TYPES:
        docs.setdefault(slot, missing_document(slot))
    return docs


def stored_validation(form: Mapping[str, Any]) -> ClaimValidation:
    """The stored normalised form validated again (form + problems), as the verify job does."""
    return validate_claim(service.form_to_raw(form))


@dataclass
class StoredClaim:
    """What a re-verification needs of one claim, read in one short transaction."""

    claim_id: str
    form: dict[str, Any]
    """The stored normalised form (JSON)."""
    documents: dict[str, DocumentResult]
    """Slot -> restored result (every contract slot)."""
    old_report: dict[str, Any] | None
    """The claim's report before re-verification."""
    old_verdict: str | None
    versions: dict[str, dict[str, str | None]] = field(default_factory=dict)
    """Slot -> ``{"engine", "model", "extractor"}`` of the stored results."""


def load_stored_claim(session: Session, claim_id: str) -> StoredClaim:
    """Read a claim's stored form, document results and current report."""
    claim = repo.get_claim(session, claim_id)
    versions = {
        slot: {"engine": d.engine, "model": d.model_version, "extractor": d.extractor_version}
        for slot, d in repo.current_documents(session, claim_id).items()
    }
    return StoredClaim(
        claim_id=claim_id,
        form=dict(claim.form or {}),
        documents=stored_documents(session, claim_id),
        old_report=dict(claim.report) if claim.report else None,
        old_verdict=claim.verdict,
        versions=versions,
    )


def rebuild_report(stored: StoredClaim) -> Report:
    """The claim's report under the current rules, from stored results only (no OCR)."""
    from matching.verdict import build_report

    validation = stored_validation(stored.form)
    return build_report(stored.claim_id, validation.form, stored.documents, form_problems=validation.problems)


__all__ = [
    "StoredClaim",
    "document_result_from_json",
    "load_stored_claim",
    "rebuild_report",
    "stored_documents",
    "stored_validation",
]
