"""A stored claim for re-verification: what it had, and its report under the current rules.

The database keeps, per document, the contract's document object plus what rebuilding the
:class:`~ocr.records.DocumentResult` needs (``DocumentResult.to_json``) and, per claim, the
normalised typed form. The matching-only re-verification rebuilds a claim's report from these
alone, with exactly the steps of the verify job: the one path in :mod:`workers.verify`
(:func:`~workers.verify.load_stored` + :func:`~workers.verify.verify`). This module adds what
a batch compares against: the previous report, verdict and the stored results' versions.
Nothing here logs the values it restores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from intake import repo
from intake.settings import Settings
from matching.records import Report
from ocr.records import DocumentResult
from workers.verify import ClaimDocuments, load_stored, verify


@dataclass
class StoredClaim:
    """What a re-verification needs of one claim, read in one short transaction."""

    claim: ClaimDocuments
    """The stored form (raw) and document results, as the verify job reads them."""
    old_report: dict[str, Any] | None
    """The claim's report before re-verification."""
    old_verdict: str | None
    versions: dict[str, dict[str, str | None]] = field(default_factory=dict)
    """Slot -> ``{"engine", "model", "extractor"}`` of the stored results."""

    @property
    def claim_id(self) -> str:
        """The claim's id."""
        return self.claim.claim_id

    @property
    def documents(self) -> dict[str, DocumentResult]:
        """Slot -> restored result (settled documents only)."""
        return self.claim.documents


def load_stored_claim(session: Session, claim_id: str) -> StoredClaim:
    """Read a claim's stored form, document results and current report."""
    claim = repo.get_claim(session, claim_id)
    versions = {
        slot: {"engine": d.engine, "model": d.model_version, "extractor": d.extractor_version}
        for slot, d in repo.current_documents(session, claim_id).items()
    }
    return StoredClaim(
        claim=load_stored(session, claim_id),
        old_report=dict(claim.report) if claim.report else None,
        old_verdict=claim.verdict,
        versions=versions,
    )


def rebuild_report(stored: StoredClaim, *, session: Session | None = None, settings: Settings | None = None) -> Report:
    """The claim's report under the current rules, from stored results only (no OCR).

    With ``session`` the cross-claim signals are recomputed too (``workers.signals``).
    """
    return verify(stored.claim, session=session, settings=settings)


__all__ = ["StoredClaim", "load_stored_claim", "rebuild_report"]
