"""Building the public shapes from the database rows (shared by the routes)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from api.schemas import ClaimPublic, CorrectionPublic, DocumentPublic
from intake import repo
from intake.claims import claim_validation
from intake.models import Claim, Document


def document_public(doc: Document) -> DocumentPublic:
    """A document's public view (state and outcome codes only: no extracted data)."""
    result = doc.result or {}
    return DocumentPublic(
        id=doc.id, slot=doc.slot, state=doc.state, kind=doc.kind, size=doc.size, pages=doc.pages,  # type: ignore[arg-type]
        attempts=doc.attempts or 0, error_code=doc.error_code,
        status=result.get("status") if doc.state == "done" else None,
        reason=result.get("reason") if doc.state == "done" else None,
        uploaded_at=doc.created_at, finished_at=doc.finished_at,
    )


def processing_state(session: Session, claim: Claim) -> dict[str, Any]:
    """The claim's status and each current document's processing state."""
    docs = repo.current_documents(session, claim.id)
    return {
        "status": claim.status,
        "documents": {
            slot: {"document_id": d.id, "state": d.state, "attempts": d.attempts or 0, "error_code": d.error_code}
            for slot, d in docs.items()
        },
    }


def claim_public(session: Session, claim: Claim, cls: type[ClaimPublic] = ClaimPublic, **extra: Any) -> Any:
    """A claim's public view."""
    docs = repo.current_documents(session, claim.id)
    # Every problem of the saved form: soft ones never block, hard ones block the submit only.
    warnings = [p.as_dict() for p in claim_validation(claim).problems]
    return cls(
        id=claim.id, status=claim.status, form=claim.form, warnings=warnings,  # type: ignore[arg-type]
        revision=claim.revision or 1,
        correction=CorrectionPublic.model_validate(claim.correction) if claim.correction else None,
        documents={slot: document_public(d) for slot, d in docs.items()},
        verdict=claim.verdict, created_at=claim.created_at, updated_at=claim.updated_at,
        report_url=f"/v1/claims/{claim.id}/report" if claim.status == "verified" else None,
        **extra,
    )
