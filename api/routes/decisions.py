"""Reviewer decisions in the API (issue 17): ``GET/POST /v1/claims/{id}/decisions``.

Scopes:

- ``GET``: a reviewer (their branches' claims only; another branch's claim is a 404 like an
  unknown one), an admin (every claim), or the claim form's API key (the system the
  ``claim.decided`` webhook points here).
- ``POST``: a reviewer or an admin, with ``Authorization: Bearer <session token>``; a browser
  cookie is not enough here (the review pages post their own CSRF-checked form instead).

The rules are :func:`intake.decisions.decide`'s. The ``claim.decided`` webhook is sent after
the decision is committed; the audit log has ``decision.<action>``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, status
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from api.auth import (
    API_KEY_PREFIX,
    NotAuthenticated,
    api_key_client,
    claim_for_user,
    current_reviewer,
    optional_user,
)
from api.deps import ClaimId, ServicesDep, SessionDep
from api.schemas import ErrorPublic
from intake import decisions, repo
from intake.claims import safe_send
from intake.models import Claim, Decision, User
from intake.records import DOC_TYPES

router = APIRouter(prefix="/claims", tags=["decisions"])

Slot = Literal["ktp", "kk", "bpjs_card", "resignation_letter", "passbook"]


class DecisionCreate(BaseModel):
    """A reviewer's decision about the claim's current revision."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["approve", "request_correction", "reject"]
    reason_code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z_]+$",
                             description="One of the action's codes (GET .../decisions lists them).")
    reason: str = Field("", max_length=decisions.REASON_TEXT_MAX, pattern=r"^[^\x00]*$",
                        description="Free text; required for a correction, a rejection, 'other' and an "
                                    "approval of a claim that is not clear. Shown to the claimant.")
    slots: list[Slot] = Field(default_factory=list, max_length=len(DOC_TYPES),
                              description="Slots to upload again (request_correction only).")
    confirm: bool = Field(False, description="Confirms approving a claim that is not clear.")


class DecisionPublic(BaseModel):
    """One decision."""

    id: int
    claim_id: str
    revision: int
    action: str
    reason_code: str | None
    reason_label: dict[str, str] | None
    reason: str | None
    slots: list[str]
    final: bool = Field(description="False: a first approval waiting for a second reviewer (four eyes).")
    verdict: str | None = Field(description="The claim's verdict when it was decided.")
    by: str | None
    at: str


class DecisionsPublic(BaseModel):
    """A claim's decisions (newest first) and what a decision may carry."""

    claim_id: str
    revision: int
    decided: bool = Field(description="The current revision has its final decision.")
    awaiting_second_approval: bool
    four_eyes: list[str] = Field(description="Why an approval needs two reviewers (empty: it does not).")
    decisions: list[DecisionPublic]
    reason_codes: dict[str, dict[str, dict[str, str]]]


class BalanceSet(BaseModel):
    """The claimant's JHT balance as the branch system knows it."""

    model_config = ConfigDict(extra="forbid")

    balance: int | None = Field(ge=0, le=10**15, description="Rupiah; null: not known.")


class DecisionCreated(BaseModel):
    """The stored decision."""

    decision: DecisionPublic
    final: bool
    four_eyes: list[str]


def _bearer(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else ""


def _reader(request: Request, session: SessionDep) -> Any:
    """A signed-in reviewer/admin (User) or the claim form's API key (ApiClient)."""
    if request.headers.get("x-api-key") or _bearer(request).startswith(API_KEY_PREFIX):
        return api_key_client(request, session)
    user = optional_user(request, session)
    if user is None:
        raise NotAuthenticated()
    return current_reviewer(user)


def _writer(request: Request, session: SessionDep) -> User:
    """A reviewer/admin signed in with a bearer session token."""
    token = _bearer(request)
    if not token or token.startswith(API_KEY_PREFIX):
        raise NotAuthenticated("bearer_session_required")
    user = optional_user(request, session)
    if user is None:
        raise NotAuthenticated()
    return current_reviewer(user)


Reader = Annotated[Any, Depends(_reader)]
"""A reviewer/admin (User) or the claim form's API key (ApiClient)."""
Writer = Annotated[User, Depends(_writer)]
"""A reviewer/admin with a bearer session token."""


def _claim(session: Any, who: Any, claim_id: str) -> Claim:
    if isinstance(who, User):
        return claim_for_user(session, who, claim_id)
    return repo.get_claim(session, claim_id)


def decisions_of(session: Any, claim_id: str) -> list[dict[str, Any]]:
    """A claim's decisions, newest first, in the API's shape."""
    rows = session.execute(
        select(Decision, User.username).join(User, User.id == Decision.user_id)
        .where(Decision.claim_id == claim_id).order_by(Decision.at.desc(), Decision.id.desc())).all()
    return [decisions.decision_json(d, name) for d, name in rows]


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorPublic, "description": "Not signed in."},
    404: {"model": ErrorPublic, "description": "No such claim, or another branch's claim."},
}


@router.get("/{claim_id}/decisions", response_model=DecisionsPublic, responses=ERRORS)
def list_decisions(claim_id: ClaimId, session: SessionDep, services: ServicesDep,
                   who: Reader) -> dict[str, Any]:
    """The claim's decisions (every revision, newest first), the current revision and whether
    it is decided, and the reason codes of each action."""
    claim = _claim(session, who, claim_id)
    revision = decisions.claim_revision(session, claim)
    actor = who.username if isinstance(who, User) else who.actor
    repo.record_audit(session, actor, "decisions.viewed", claim.id)
    return {
        "claim_id": claim.id, "revision": revision,
        "decided": decisions.final_decision(session, claim.id, revision) is not None,
        "awaiting_second_approval": decisions.pending_approval(session, claim.id, revision) is not None,
        "four_eyes": decisions.four_eyes_reasons(claim, services.settings),
        "decisions": decisions_of(session, claim.id),
        "reason_codes": {a: {c: m.as_dict() for c, m in codes.items()} for a, codes in decisions.REASON_CODES.items()},
    }


@router.post("/{claim_id}/decisions", response_model=DecisionCreated, status_code=status.HTTP_201_CREATED,
             responses={**ERRORS, 409: {"model": ErrorPublic, "description": "Already decided, not verified, "
                                        "not confirmed, or the same reviewer twice under four eyes."},
                        422: {"model": ErrorPublic, "description": "Unknown reason code or slot, reason missing."}})
def create_decision(claim_id: ClaimId, body: DecisionCreate, session: SessionDep, services: ServicesDep,
                    user: Writer) -> dict[str, Any]:
    """Approve, ask for a correction (with the slots to upload again) or reject the claim's
    current revision."""
    claim = claim_for_user(session, user, claim_id)
    outcome = decide_and_notify(session, services, claim, user, decisions.DecisionRequest(
        action=body.action, reason_code=body.reason_code, reason=body.reason, slots=tuple(body.slots),
        confirm=body.confirm))
    return {"decision": decisions.decision_json(outcome.decision, user.username), "final": outcome.final,
            "four_eyes": outcome.four_eyes}


def decide_and_notify(session: Any, services: Any, claim: Claim, user: User,
                      req: decisions.DecisionRequest) -> decisions.DecisionOutcome:
    """Decide, commit, and send the ``claim.decided`` webhook (final decisions of a claim with
    a webhook URL). Shared by the API and the review pages."""
    outcome = decisions.decide(session, claim, user.id, user.username, req, services.settings)
    has_webhook = bool(claim.webhook_url)
    claim_id = claim.id
    session.commit()
    if outcome.final and has_webhook and services is not None:
        safe_send(lambda: services.dispatcher.enqueue_webhook(claim_id), "webhook", claim_id)
    return outcome


@router.put("/{claim_id}/balance", response_model=BalanceSet, responses={
    **ERRORS, 403: {"model": ErrorPublic, "description": "A reviewer (admins and the API key only)."}})
def set_balance(claim_id: ClaimId, body: BalanceSet, session: SessionDep, who: Reader) -> dict[str, Any]:
    """Record the claimant's JHT balance (Rupiah) from the branch system: the four-eyes rule
    compares it with ``EKLAIM_FOUR_EYES_MIN_BALANCE``. The API key or an admin; audited
    (without the amount)."""
    if isinstance(who, User) and who.role != "admin":
        from api.auth import Forbidden

        raise Forbidden("admin_only")
    claim = _claim(session, who, claim_id)
    claim.balance = body.balance
    actor = who.username if isinstance(who, User) else who.actor
    repo.record_audit(session, actor, "claim.balance_set", claim.id, {"known": body.balance is not None})
    return {"balance": claim.balance}
