"""Claims: create a draft, edit it, submit it, read its status and its report.

Handlers are plain ``def`` (FastAPI runs them in its thread pool): they validate, hash and
talk to the database, which must never block the event loop.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response, status
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from api.deps import ClaimId, ServicesDep, SessionDep
from api.routes.common import claim_public, processing_state
from api.schemas import (
    ClaimCreate,
    ClaimCreated,
    ClaimPublic,
    ClaimUpdate,
    ErrorPublic,
    ReportPublic,
    RevisionPublic,
)
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
    409: {"model": ErrorPublic, "description": "The claim cannot be changed now; the code says why "
          "(``claim_not_draft``, ``claim_clear``, ``claim_in_review``, ``claim_approved``, ``claim_rejected``, ...)."},
    422: {"model": ErrorPublic, "description": "Each invalid field with its code and bilingual message."},
}

IdempotencyKeyHeader = Annotated[str | None, Header(
    alias="Idempotency-Key", max_length=200,
    description="Any unique string (1-128 visible ASCII characters): a retry with the same key returns "
                "the same claim instead of doing it twice.")]


def _idempotency(key: str | None) -> str | None:
    return claims.check_idempotency_key(key) if key is not None else None


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ClaimCreated,
             responses={200: {"model": ClaimCreated, "description": "A retry with the same ``Idempotency-Key``: "
                              "the claim created the first time."}, 422: _ERRORS[422]})
def create_claim(body: ClaimCreate, services: ServicesDep, session: SessionDep, response: Response,
                 idempotency_key: IdempotencyKeyHeader = None) -> Any:
    """Create a draft claim from whatever has been typed so far.

    A draft is saved even when fields are missing or invalid: each problem comes back in
    ``warnings`` (``soft: false`` ones block the submit, not the save). With
    ``webhook_url`` the answer carries the ``webhook_secret`` that signs the webhook events;
    a webhook URL that is not http(s) to a public address answers 422 (``intake.netguard``).

    With an ``Idempotency-Key`` a retry (the phone lost the answer) returns the same claim
    with 200; the same key with another body is 422 ``idempotency_key_reused``.

    A typed ``submitted_on`` is kept as ``form.submitted_on_client`` (information only): the
    claim's submission date is the server's date when it is submitted.
    """
    key = _idempotency(idempotency_key)
    fingerprint = claims.idempotency_fingerprint(body.model_dump(mode="json", exclude_none=True))
    if key is not None:
        earlier = claims.find_idempotent(session, "create", key, fingerprint)
        if earlier is not None:
            response.status_code = status.HTTP_200_OK
            claim = repo.get_claim(session, earlier.claim_id)
            return claim_public(session, claim, ClaimCreated, webhook_secret=claim.webhook_secret)
    webhook = str(body.webhook_url) if body.webhook_url else None
    if webhook:
        netguard.check_url(webhook, allow_private=services.settings.webhook_allow_private)
    claim, _validation, secret = claims.create_claim(session, body.form(), webhook)
    _keep_client_date(claim, body.submitted_on, None)
    if key is not None:
        claims.remember_idempotent(session, "create", key, fingerprint, claim.id)
    try:
        session.commit()
    except IntegrityError:  # the same key's twin request committed first: answer its claim
        session.rollback()
        earlier = claims.find_idempotent(session, "create", key or "", fingerprint)
        if earlier is None:
            raise
        response.status_code = status.HTTP_200_OK
        claim = repo.get_claim(session, earlier.claim_id)
        return claim_public(session, claim, ClaimCreated, webhook_secret=claim.webhook_secret)
    return claim_public(session, claim, ClaimCreated, webhook_secret=secret)


@router.get("/{claim_id}", response_model=ClaimPublic, responses={404: _ERRORS[404]})
def get_claim(claim_id: ClaimId, session: SessionDep) -> Any:
    """The claim's status (draft/submitted/processing/verified), revision, the open correction
    (if any) and each document's state."""
    return claim_public(session, repo.get_claim(session, claim_id))


@router.patch("/{claim_id}", response_model=ClaimPublic, responses=_ERRORS)
def update_claim(claim_id: ClaimId, body: ClaimUpdate, session: SessionDep) -> Any:
    """Change fields of a draft's form, or of a claim open for correction (the whole form is
    validated again; problems come back in ``warnings``). 409 when the claim cannot be changed
    now, with a code saying why.

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
             responses={404: _ERRORS[404], 422: {"model": ErrorPublic, "description":
                        "``form_invalid`` (blocking field problems) or ``documents_missing`` (``missing`` "
                        "lists the slots; a ``pensiun`` claim needs no resignation letter)."}})
def submit_claim(claim_id: ClaimId, services: ServicesDep, session: SessionDep,
                 idempotency_key: IdempotencyKeyHeader = None,
                 allow_missing: Annotated[bool, Query(description=(
                     "Submit even when documents are missing (they are reported ``missing``). The claim "
                     "form never sets it; for integrators filing an incomplete claim on purpose."))] = False) -> Any:
    """Submit the draft, or the corrected claim as its next revision, for verification.

    422 ``documents_missing`` (``missing`` lists the slots) when a document the claim's reason
    needs was never uploaded (a ``pensiun`` claim needs no resignation letter), 422
    ``form_invalid`` when a field still has a blocking problem.

    Idempotent: a submitted claim stays as it is; with an ``Idempotency-Key`` a retry never
    submits a later revision either. Only the documents replaced since the last revision are
    read again. The claim's ``submitted_on`` (the waiting-period rule's date) becomes the
    server's date now; the date the client typed stays ``form.submitted_on_client``.
    """
    key = _idempotency(idempotency_key)
    scope = f"submit:{claim_id}"
    fingerprint = claims.idempotency_fingerprint({"claim_id": claim_id})
    claim = repo.get_claim(session, claim_id, for_update=True)
    if key is not None and claims.find_idempotent(session, scope, key, fingerprint) is not None:
        return claim_public(session, claim)
    claims.check_submittable(session, claim, allow_missing=allow_missing)
    if claims.submittable(claim):
        today = server_today()
        claim.submitted_on = today
        claim.form = {**(claim.form or {}), "submitted_on": today.isoformat()}
    if key is not None:
        next_revision = claim.revision + 1 if claim.status != "draft" and claim.correction else claim.revision
        claims.remember_idempotent(session, scope, key, fingerprint, claim_id, next_revision)
    session.commit()  # the service's own transactions follow
    claims.submit_claim(claim_id, services.dispatcher, settings=services.settings)
    session.expire_all()
    return claim_public(session, repo.get_claim(session, claim_id))


_REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    202: {"model": ErrorPublic, "description": "Submitted, still being verified (see ``processing``)."},
    404: _ERRORS[404],
    409: {"model": ErrorPublic, "description": "The claim is a draft: submit it first."},
}


@router.get("/{claim_id}/report", response_model=ReportPublic, responses=_REPORT_RESPONSES)
def get_report(claim_id: ClaimId, session: SessionDep) -> Any:
    """The contract report of the latest revision (``revision``) plus each document's
    processing state (202 while a revision is being verified; for a resubmission the 202
    names ``previous_report_url``, the earlier revision's report)."""
    claim = repo.get_claim(session, claim_id)
    processing = processing_state(session, claim)
    if claim.status == "draft":
        raise claims.Conflict("claim_not_submitted", Message(
            id="Klaim belum diajukan.", en="The claim has not been submitted yet."))
    if claim.status != "verified" or claim.report is None:
        content: dict[str, Any] = {
            "code": "report_not_ready",
            "message": {"id": "Dokumen sedang diperiksa. Silakan cek kembali sebentar lagi.",
                        "en": "The documents are being checked. Please check again shortly."},
            "processing": processing,
        }
        if claim.report is not None:  # a later revision is being verified; the earlier one stays readable
            content["previous_report_url"] = f"/v1/claims/{claim.id}/revisions/{claim.report.get('revision', 1)}/report"
        return JSONResponse(status_code=202, content=content)
    return JSONResponse(content=jsonable_encoder({"revision": 1, **claim.report, "processing": processing}))


@router.get("/{claim_id}/revisions", response_model=list[RevisionPublic], responses={404: _ERRORS[404]})
def list_revisions(claim_id: ClaimId, session: SessionDep) -> Any:
    """Every submission of the claim, oldest first: which slots were read again, its verdict."""
    claim = repo.get_claim(session, claim_id)
    return [RevisionPublic(revision=r.revision, submitted_at=r.submitted_at, verified_at=r.verified_at,
                           verdict=r.verdict, changed_slots=list(r.changed_slots or []),
                           report_url=f"/v1/claims/{claim.id}/revisions/{r.revision}/report" if r.report else None)
            for r in repo.claim_revisions(session, claim.id)]


@router.get("/{claim_id}/revisions/{revision}/report", response_model=ReportPublic,
            responses={404: {"model": ErrorPublic, "description": "No such claim or revision (or not verified yet)."}})
def revision_report(claim_id: ClaimId, revision: Annotated[int, Path(ge=1, le=10_000)], session: SessionDep) -> Any:
    """The report of one revision (earlier revisions stay readable)."""
    claim = repo.get_claim(session, claim_id)
    row = next((r for r in repo.claim_revisions(session, claim.id) if r.revision == revision), None)
    if row is None or row.report is None:
        raise repo._not_found("revision")
    return JSONResponse(content=jsonable_encoder(row.report))
