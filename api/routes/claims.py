"""Claims: create a draft, edit it, submit it, read its status and its report.

Handlers are plain ``def`` (FastAPI runs them in its thread pool): they validate, hash and
talk to the database, which must never block the event loop.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from fastapi.responses import JSONResponse

from api.deps import ClaimId, ServicesDep, SessionDep
from api.routes.common import claim_public, processing_state
from api.schemas import ClaimCreate, ClaimCreated, ClaimPublic, ClaimUpdate, ErrorPublic, ReportPublic
from intake import repo
from intake.errors import Message
from intake import claims

router = APIRouter(prefix="/claims", tags=["claims"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorPublic, "description": "No such claim."},
    409: {"model": ErrorPublic, "description": "The claim is no longer a draft."},
    422: {"model": ErrorPublic, "description": "Each invalid field with its code and bilingual message."},
}


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ClaimCreated,
             responses={422: _ERRORS[422]})
def create_claim(body: ClaimCreate, session: SessionDep) -> Any:
    """Create a draft claim from the typed form.

    Hard errors answer 422 listing each field's code and message; soft warnings (e.g. a NIK
    region not found) come back in ``warnings``. With ``webhook_url`` the answer carries the
    ``webhook_secret`` (shown once) that signs the "report ready" notice.
    """
    claim, validation, secret = claims.create_claim(
        session, body.form(), str(body.webhook_url) if body.webhook_url else None
    )
    session.commit()
    return claim_public(session, claim, ClaimCreated, webhook_secret=secret)


@router.get("/{claim_id}", response_model=ClaimPublic, responses={404: _ERRORS[404]})
def get_claim(claim_id: ClaimId, session: SessionDep) -> Any:
    """The claim's status (draft/submitted/processing/verified) and each document's state."""
    return claim_public(session, repo.get_claim(session, claim_id))


@router.patch("/{claim_id}", response_model=ClaimPublic, responses=_ERRORS)
def update_claim(claim_id: ClaimId, body: ClaimUpdate, session: SessionDep) -> Any:
    """Change fields of a draft's form (the whole form is validated again; 409 once submitted)."""
    claim, _ = claims.update_claim(session, claim_id, body.changes())
    session.commit()
    return claim_public(session, claim)


@router.post("/{claim_id}/submit", status_code=status.HTTP_202_ACCEPTED, response_model=ClaimPublic,
             responses={404: _ERRORS[404]})
def submit_claim(claim_id: ClaimId, services: ServicesDep, session: SessionDep) -> Any:
    """Submit the draft for verification (idempotent). Missing documents are reported as missing."""
    claims.submit_claim(claim_id, services.dispatcher, settings=services.settings)
    session.expire_all()
    return claim_public(session, repo.get_claim(session, claim_id))


@router.get(
    "/{claim_id}/report",
    response_model=ReportPublic,
    responses={
        202: {"model": ErrorPublic, "description": "Submitted, still being verified (see ``processing``)."},
        404: _ERRORS[404],
        409: {"model": ErrorPublic, "description": "The claim is a draft: submit it first."},
    },
)
def get_report(claim_id: ClaimId, session: SessionDep) -> Any:
    """The contract report plus each document's processing state (202 until it is ready)."""
    claim = repo.get_claim(session, claim_id)
    processing = processing_state(session, claim)
    if claim.status == "draft":
        raise claims.Conflict("claim_not_submitted", Message(
            id="Klaim belum diajukan.", en="The claim has not been submitted yet."))
    if claim.status != "verified" or claim.report is None:
        return JSONResponse(status_code=202, content={
            "code": "report_not_ready",
            "message": {"id": "Dokumen sedang diperiksa. Silakan cek kembali sebentar lagi.",
                        "en": "The documents are being checked. Please check again shortly."},
            "processing": processing,
        })
    return {**claim.report, "processing": processing}
