"""Typed records of the matching stage: checks and the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from intake.errors import Message
from ocr.records import FieldValue

CheckStatus = Literal["match", "mismatch", "unreadable", "missing", "review", "not_applicable"]
Verdict = Literal["clear", "needs_correction", "needs_review"]

CHECK_NAMES: tuple[str, ...] = (
    "ktp.nik",
    "ktp.full_name",
    "ktp.birth_date",
    "nik.birth_date",
    "kk.nik",
    "bpjs_card.kpj",
    "bpjs_card.full_name",
    "resignation_letter.full_name",
    "resignation_letter.waiting_period",
    "passbook.account_number",
    "passbook.account_holder",
    "form.account_holder",
    "claim.age",
)
"""Every check of the contract, always present in a report, in this order (the version-2
checks ``form.account_holder`` and ``claim.age`` last)."""

CONTRACT_VERSION = 2
"""The report's ``contract`` value: the version of the public contract the report follows."""


@dataclass
class Check:
    """One comparison of typed data against a document (or a rule)."""

    check: str
    """Contract check name, e.g. ``ktp.nik``."""
    status: CheckStatus
    """Outcome; ``review`` means a person must look (borderline score, low-confidence digit);
    ``not_applicable``: the claim's reason does not use this check (never changes the verdict)."""
    typed: str | None = None
    """What the claimant typed (normalised)."""
    found: str | None = None
    """What the document says."""
    score: float | None = None
    """0..100 similarity, when a score applies."""
    message: Message | None = None
    """What to fix, in Bahasa Indonesia and English."""
    code: str | None = None
    """Machine code of the outcome, e.g. ``holder_is_spouse``."""
    evidence: FieldValue | None = field(default=None, compare=False)
    """Where on the document the typed value was found in its field's role, when the check
    matched on it (not in the contract's check object: the report shows it as the document's
    field, see :func:`matching.verdict.build_report`)."""

    def as_contract(self) -> dict[str, Any]:
        """The contract's check object."""
        return {
            "check": self.check,
            "status": self.status,
            "typed": self.typed,
            "found": self.found,
            "score": None if self.score is None else round(float(self.score), 1),
            "message": self.message.as_dict() if self.message else None,
            "code": self.code,
        }


@dataclass
class Report:
    """The verification report of one claim."""

    claim_id: str
    verdict: Verdict
    documents: dict[str, Any]
    """Slot -> contract document object."""
    checks: list[Check]
    messages: list[Message] = field(default_factory=list)
    """Claimant-facing summary messages (what to fix), most important first."""
    versions: dict[str, str] = field(default_factory=dict)
    """Rules / engine / extractor versions that produced the report."""
    signals: list[dict[str, Any]] = field(default_factory=list)
    """Reviewer signals (contract "Signals"), the documents' own first."""
    claim_reason: str | None = None
    """The normalised claim reason the checks were run for (``resign``, ``pensiun``, ...)."""
    code: str | None = None
    """Machine code of the verdict when a rule beyond the checks decided it, e.g.
    ``reason_needs_branch``; None otherwise."""
    contract: int = CONTRACT_VERSION
    """Version of the public contract the report follows."""

    def as_contract(self) -> dict[str, Any]:
        """The contract's report JSON object."""
        return {
            "claim_id": self.claim_id,
            "verdict": self.verdict,
            "documents": self.documents,
            "checks": [c.as_contract() for c in self.checks],
            "messages": [m.as_dict() for m in self.messages],
            "versions": self.versions,
            "signals": list(self.signals),
            "contract": self.contract,
            "claim_reason": self.claim_reason,
            "code": self.code,
        }
