"""Reviewer decisions that count (issue 17): reason codes, the rules, and the ``decide`` use case.

The reviewer pages (``api/review``) and the decisions API (``api/routes/decisions.py``) both
call :func:`decide`; visibility (branches) is checked by the caller before. Rules:

- ``approve``, ``request_correction`` or ``reject``, each with a reason code of its action
  (:data:`REASON_CODES`) and free text; the text is required for a correction, a rejection,
  the code ``other``, and an approval of a claim that is not ``clear``.
- Approving a claim that is not ``clear`` needs an explicit confirmation (``confirm``).
- One *final* decision per claim revision (also a partial unique index in the database):
  a second one is a 409 naming the first.
- Four eyes (optional, settings): when the claim's balance is at least
  ``four_eyes_min_balance`` or (``four_eyes_on_warn``) its report has a ``warn`` signal, the
  first approval is stored as not final and a *different* reviewer's decision completes it.
- ``request_correction`` re-opens the claim for the named slots
  (:func:`intake.claims.open_for_correction`).

Every decision is written to the audit log (codes, ids, slots; never the free text).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake import repo
from intake.claims import open_for_correction
from intake.errors import EklaimError, Message
from intake.models import DECISION_ACTIONS, Claim, Decision, utcnow
from intake.records import DOC_TYPES
from intake.settings import Settings

REASON_CODES: dict[str, dict[str, Message]] = {
    "approve": {
        "documents_match": Message("Dokumen dan isian sesuai.", "Documents and form agree."),
        "checked_by_reviewer": Message("Diperiksa manual oleh petugas.", "Checked by hand by the reviewer."),
        "benign_difference": Message("Perbedaan tidak berarti (ejaan, singkatan).",
                                     "Harmless difference (spelling, abbreviation)."),
        "other": Message("Lainnya.", "Other."),
    },
    "request_correction": {
        "document_unreadable": Message("Dokumen tidak terbaca.", "A document cannot be read."),
        "wrong_document": Message("Dokumen yang diunggah salah.", "A wrong document was uploaded."),
        "document_missing": Message("Dokumen belum lengkap.", "A document is missing."),
        "data_mismatch": Message("Isian berbeda dengan dokumen.", "The form differs from the documents."),
        "account_not_own": Message("Rekening bukan atas nama peserta.", "The account is not the claimant's own."),
        "other": Message("Lainnya.", "Other."),
    },
    "reject": {
        "not_eligible": Message("Tidak memenuhi syarat klaim JHT.", "Not eligible for a JHT claim."),
        "waiting_period": Message("Masa tunggu belum terpenuhi.", "The waiting period is not over."),
        "duplicate_claim": Message("Klaim ganda.", "Duplicate claim."),
        "identity_not_confirmed": Message("Identitas tidak dapat dipastikan.", "The identity cannot be confirmed."),
        "other": Message("Lainnya.", "Other."),
    },
}
"""Reason codes per action, with their bilingual labels (the pages' and the API's list)."""

TEXT_REQUIRED_ACTIONS: frozenset[str] = frozenset({"request_correction", "reject"})
"""Actions whose free text is always required (it is shown to the claimant)."""
REASON_TEXT_MAX = 2000


class DecisionRefused(EklaimError):
    """A decision the rules do not allow (409) or that is incomplete (422)."""

    http_status = 422


def _refused(code: str, id_text: str, en: str, status: int = 422) -> DecisionRefused:
    return DecisionRefused(code, Message(id=id_text, en=en), http_status=status)


@dataclass(frozen=True)
class DecisionRequest:
    """What a reviewer asks for."""

    action: str
    """One of ``DECISION_ACTIONS``."""
    reason_code: str
    """One of ``REASON_CODES[action]``."""
    reason: str = ""
    """Free text (required for correction, rejection, ``other`` and a non-clear approval)."""
    slots: tuple[str, ...] = ()
    """Slots to upload again (``request_correction`` only)."""
    confirm: bool = False
    """The reviewer confirmed approving a claim that is not ``clear``."""


@dataclass
class DecisionOutcome:
    """What :func:`decide` stored."""

    decision: Decision
    final: bool
    """False: a first approval waiting for a second reviewer (four eyes)."""
    four_eyes: list[str] = field(default_factory=list)
    """Why four eyes applied (``balance``, ``warn_signal``); empty when it did not."""


def claim_revision(session: Session, claim: Claim, known: Sequence[Decision] | None = None) -> int:
    """The claim's current revision: the report's ``revision`` (issue 16), a ``revision``
    attribute of the claim where the model has one, else 1 + the corrections asked so far
    (counted in ``known``, the claim's decisions, when the caller has them loaded)."""
    rev = (claim.report or {}).get("revision")
    if isinstance(rev, int) and rev >= 1:
        return rev
    attr = getattr(claim, "revision", None)
    if isinstance(attr, int) and attr >= 1:
        return attr
    if known is not None:
        return 1 + sum(1 for d in known if d.final and d.action == "request_correction")
    asked = session.scalar(select(func.count()).select_from(Decision).where(
        Decision.claim_id == claim.id, Decision.final.is_(True), Decision.action == "request_correction")) or 0
    return 1 + int(asked)


def warn_signals(claim: Claim) -> list[str]:
    """Codes of the report's ``warn`` signals."""
    return [str(s.get("signal")) for s in (claim.report or {}).get("signals") or []
            if isinstance(s, dict) and s.get("severity") == "warn"]


def four_eyes_reasons(claim: Claim, settings: Settings) -> list[str]:
    """Why an approval of ``claim`` needs a second reviewer (empty: it does not)."""
    why = []
    limit = settings.four_eyes_min_balance
    if limit is not None and claim.balance is not None and claim.balance >= limit:
        why.append("balance")
    if settings.four_eyes_on_warn and warn_signals(claim):
        why.append("warn_signal")
    return why


def qa_sampled(claim_id: str, share: float, key: bytes) -> bool:
    """Whether an automatically ``clear`` claim is routed to a reviewer for QA.

    A keyed hash of the claim id below ``share``: stable (the same claim stays sampled), not
    guessable without the key, and close to ``share`` of all claims.
    """
    if share <= 0:
        return False
    digest = hmac.new(key, b"eklaim.qa:" + claim_id.encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


def final_decision(session: Session, claim_id: str, revision: int) -> Decision | None:
    """The final decision of a claim revision, if any."""
    return session.scalars(select(Decision).where(
        Decision.claim_id == claim_id, Decision.revision == revision, Decision.final.is_(True))).first()


def pending_approval(session: Session, claim_id: str, revision: int) -> Decision | None:
    """A first approval waiting for the second reviewer (four eyes), if any."""
    return session.scalars(select(Decision).where(
        Decision.claim_id == claim_id, Decision.revision == revision, Decision.final.is_(False),
        Decision.action == "approve").order_by(Decision.id.desc())).first()


def validate_request(req: DecisionRequest, claim: Claim) -> DecisionRequest:
    """Check the request's shape against the rules that need no database; return it cleaned."""
    if req.action not in DECISION_ACTIONS:
        raise _refused("action_invalid", "Keputusan tidak dikenal.", "Unknown decision.")
    codes = REASON_CODES[req.action]
    if req.reason_code not in codes:
        raise _refused("reason_code_invalid",
                       f"Kode alasan tidak dikenal untuk keputusan ini; pilih salah satu: {', '.join(codes)}.",
                       f"Unknown reason code for this decision; use one of: {', '.join(codes)}.")
    text = req.reason.strip()
    if len(text) > REASON_TEXT_MAX:
        raise _refused("reason_too_long", "Alasan terlalu panjang.", f"The reason is longer than {REASON_TEXT_MAX} characters.")
    unknown = [s for s in req.slots if s not in DOC_TYPES]
    if unknown:
        raise _refused("slots_invalid", f"Slot dokumen tidak dikenal: {', '.join(unknown)}.",
                       f"Unknown document slots: {', '.join(unknown)}; use {', '.join(DOC_TYPES)}.")
    if req.slots and req.action != "request_correction":
        raise _refused("slots_not_allowed", "Slot hanya untuk permintaan perbaikan.",
                       "Slots go with a correction request only.")
    not_clear_approval = req.action == "approve" and claim.verdict != "clear"
    if not text and (req.action in TEXT_REQUIRED_ACTIONS or req.reason_code == "other" or not_clear_approval):
        raise _refused("reason_required", "Tuliskan alasan untuk keputusan ini.",
                       "Give a reason for this decision (correction, rejection, 'other', or approving a claim "
                       "that is not clear).")
    if not_clear_approval and not req.confirm:
        raise _refused("confirmation_required",
                       "Klaim ini tidak berstatus sesuai; konfirmasi persetujuan diperlukan.",
                       f"This claim is not clear ({claim.verdict or 'no verdict'}): confirm the approval.", 409)
    slots = tuple(s for s in DOC_TYPES if s in req.slots)
    return DecisionRequest(req.action, req.reason_code, text, slots, req.confirm)


def decide(session: Session, claim: Claim, user_id: int, actor: str, req: DecisionRequest,
           settings: Settings) -> DecisionOutcome:
    """Store a reviewer's decision about ``claim`` (caller commits, then sends the webhook).

    Raises:
        DecisionRefused: an incomplete request (422) or one the rules refuse (409: the claim is
            not verified, this revision is decided already, a non-clear approval not confirmed,
            the same reviewer approving twice under four eyes).
        Conflict: the claim could not be re-opened for correction.
    """
    req = validate_request(req, claim)
    if claim.status != "verified":
        raise _refused("claim_not_decidable", "Klaim belum selesai diverifikasi; belum dapat diputuskan.",
                       f"The claim is {claim.status}, not verified: it cannot be decided now.", 409)
    revision = claim_revision(session, claim)
    done = final_decision(session, claim.id, revision)
    if done is not None:
        raise _refused("already_decided", "Revisi klaim ini sudah diputuskan.",
                       f"This revision ({revision}) of the claim was already decided ({done.action}).", 409)
    final = True
    why: list[str] = []
    if req.action == "approve":
        why = four_eyes_reasons(claim, settings)
        if why:
            first = pending_approval(session, claim.id, revision)
            if first is None:
                final = False
            elif first.user_id == user_id:
                raise _refused("four_eyes_same_reviewer",
                               "Persetujuan kedua harus oleh petugas lain.",
                               "The second approval must come from another reviewer (four eyes).", 409)
    decision = Decision(claim_id=claim.id, user_id=user_id, action=req.action, reason=req.reason or None,
                        reason_code=req.reason_code, slots=list(req.slots) if req.action == "request_correction" else None,
                        revision=revision, final=final, verdict=claim.verdict, at=utcnow())
    try:
        with session.begin_nested():  # a concurrent final decision trips the unique index: 409, not 500
            session.add(decision)
            session.flush()
    except IntegrityError:
        raise _refused("already_decided", "Revisi klaim ini sudah diputuskan.",
                       f"This revision ({revision}) of the claim was already decided.", 409) from None
    repo.record_audit(session, actor, f"decision.{req.action}" + ("" if final else "_pending"), claim.id, {
        "decision_id": decision.id, "revision": revision, "reason_code": req.reason_code, "final": final,
        "with_reason": bool(req.reason), "verdict": claim.verdict, "slots": list(req.slots), "four_eyes": why,
    })
    if final and req.action == "request_correction":
        # the ticked slots re-open for upload; none ticked: the typed form
        open_for_correction(session, claim.id, slots=req.slots, reason=req.reason, actor=actor, fields=not req.slots)
    elif final:
        claim.correction = None  # approve / reject close an open correction
    if final and claim.assignee_id is None:
        claim.assignee_id, claim.assigned_at = user_id, utcnow()
    return DecisionOutcome(decision=decision, final=final, four_eyes=why)


def decision_json(d: Decision, by: str | None) -> dict[str, Any]:
    """The API's shape of a decision (no personal data besides the reviewer's own text)."""
    label = REASON_CODES.get(d.action, {}).get(d.reason_code or "")
    return {
        "id": d.id, "claim_id": d.claim_id, "revision": d.revision, "action": d.action,
        "reason_code": d.reason_code, "reason_label": label.as_dict() if label else None, "reason": d.reason,
        "slots": list(d.slots or []), "final": bool(d.final), "verdict": d.verdict, "by": by,
        "at": d.at.isoformat(),
    }

