"""Claims: create a draft, edit it, submit it, read its status and its report.

Handlers are plain ``def`` (FastAPI runs them in its thread pool): they validate, hash and
talk to the database, which must never block the event loop.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, status
from fastapi.responses import JSONResponse

from api.deps import ClaimId, ServicesDep, SessionDep
from api.routes.common import claim_public, processing_state
from api.schemas import ClaimCreate, ClaimCreated, ClaimPublic, ClaimUpdate, ErrorPublic, ReportPublic
from intake import claims, netguard, repo
from intake.errors import Message
from intake.models import Claim

router = APIRouter(prefix="/claims", tags=["claims"])

CLIENT_DATE_KEY = "submitted_on_client"
"""Form key keeping the ``submitted_on`` the client typed: information only (issue 12)."""


def server_today() -> date:
    """The server's date: the claim's submission date (never the client's)."""
    return date.today()


def _keep_client_date(claim: Claim, typed: str | None, previous: str | None) -> None:
    """Store the client's typed ``submitted_on`` beside the form, as information only."""
    value = typed if typed is not None else previous
    form = {k: v for k, v in (claim.form or {}).items() if k != CLIENT_DATE_KEY}
    if value:
        form[CLIENT_DATE_KEY] = value
    claim.form = form


_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorPublic, "description": "No such claim."},
    409: {"model": ErrorPublic, "description": "The claim is no longer a draft."},
    422: {"model": ErrorPublic, "description": "Each invalid field with its code and bilingual message."},
}


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ClaimCreated,
             responses={422: _ERRORS[422]})
def create_claim(body: ClaimCreate, services: ServicesDep, session: SessionDep) -> Any:
    """Create a draft claim from the typed form.

    Hard errors answer 422 listing each field's code and message; soft warnings (e.g. a NIK
    region not found) come back in ``warnings``. With ``webhook_url`` the answer carries the
    ``webhook_secret`` (shown once) that signs the "report ready" notice; a webhook URL that
    is not http(s) to a public address answers 422 (``intake.netguard``).

    A typed ``submitted_on`` is kept as ``form.submitted_on_client`` (information only): the
    claim's submission date is the server's date when it is submitted.
    """
    webhook = str(body.webhook_url) if body.webhook_url else None
    if webhook:
        netguard.check_url(webhook, allow_private=services.settings.webhook_allow_private)
    claim, _validation, secret = claims.create_claim(session, body.form(), webhook)
    _keep_client_date(claim, body.submitted_on, None)
    session.commit()
    return claim_public(session, claim, ClaimCreated, webhook_secret=secret)


@router.get("/{claim_id}", response_model=ClaimPublic, responses={404: _ERRORS[404]})
def get_claim(claim_id: ClaimId, session: SessionDep) -> Any:
    """The claim's status (draft/submitted/processing/verified) and each document's state."""
    return claim_public(session, repo.get_claim(session, claim_id))


@router.patch("/{claim_id}", response_model=ClaimPublic, responses=_ERRORS)
def update_claim(claim_id: ClaimId, body: ClaimUpdate, session: SessionDep) -> Any:
    """Change fields of a draft's form (the whole form is validated again; 409 once submitted).

    ``submitted_on`` only changes the information-only ``form.submitted_on_client``.
    """
    previous = (repo.get_claim(session, claim_id).form or {}).get(CLIENT_DATE_KEY)
    claim, _ = claims.update_claim(session, claim_id, body.changes())
    typed = body.submitted_on if "submitted_on" in body.model_fields_set else None
    if "submitted_on" in body.model_fields_set and body.submitted_on is None:
        previous = None  # an explicit null removes it
    _keep_client_date(claim, typed, previous)
    session.commit()
    return claim_public(session, claim)


@router.post("/{claim_id}/submit", status_code=status.HTTP_202_ACCEPTED, response_model=ClaimPublic,
             responses={404: _ERRORS[404]})
def submit_claim(claim_id: ClaimId, services: ServicesDep, session: SessionDep) -> Any:
    """Submit the draft for verification (idempotent). Missing documents are reported as missing.

    The claim's ``submitted_on`` (the waiting-period rule's date) becomes the server's date
    now; the date the client typed stays ``form.submitted_on_client``, information only.
    """
    claim = repo.get_claim(session, claim_id, for_update=True)
    if claim.status == "draft":
        today = server_today()
        claim.submitted_on = today
        claim.form = {**(claim.form or {}), "submitted_on": today.isoformat()}
    session.commit()  # the service's own transactions follow
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
