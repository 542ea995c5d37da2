"""Claim reasons of a JHT withdrawal: what people type, and the rules per reason.

The e-Klaim form asks for the claim reason in a drop-down ("Alasan klaim"); batch tools and
integrators send free text. :func:`normalise_claim_reason` maps what people type onto one of
:data:`CLAIM_REASONS`; :data:`REASON_RULES` says, per reason, which document slots are needed
and which rules decide eligibility (contract "Additions, version 2" -> "Claim reasons"):

- ``resign``, ``phk``: every slot, the letter (resignation letter, paklaring or PHK letter)
  included; the one-month waiting period counts from the last day of work.
- ``pensiun``: no letter needed; eligibility is the claimant's age (:data:`PENSION_AGE` on
  the filing date).
- ``meninggal``, ``cacat``, ``wna``: documents beyond this service's five are needed (death
  certificate, heirs' documents, doctor's statement, passport / visa): a branch officer decides.
- ``meninggal``: the heir (ahli waris) files the claim and is paid, usually into the heir's own
  account: a bank account holder who is not the worker is for a person to check against the
  heirs' documents (``review``, code ``heir_account``), never a ``mismatch``.

Other code (matching, the API, messages) reads the table through :func:`rule_for`,
:func:`required_slots` and friends; this module imports nothing outside ``intake``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from intake.errors import Message
from intake.records import DOC_TYPES

CLAIM_REASONS: tuple[str, ...] = ("resign", "phk", "pensiun", "meninggal", "cacat", "wna")
"""The accepted claim reasons (normalised, lower case), in the e-Klaim drop-down's order."""

PENSION_AGE = 56
"""Retirement age (years, on the filing date) that makes a ``pensiun`` claim eligible."""

DEFAULT_REASON = "resign"
"""Rules applied when the typed reason is unknown (the form error already blocks the claim)."""

LETTER_SLOT = "resignation_letter"
"""The slot of the resignation letter / paklaring / PHK letter."""


@dataclass(frozen=True)
class ReasonRule:
    """What one claim reason needs and which eligibility rules apply to it."""

    reason: str
    """A member of :data:`CLAIM_REASONS`."""
    label: Message
    """How the e-Klaim drop-down names it (Bahasa Indonesia, English)."""
    required_slots: tuple[str, ...]
    """Document slots the claimant must upload (contract order); the others are optional."""
    waiting_period: bool
    """The one-month waiting period after the last day of work applies."""
    age_check: bool
    """The ``claim.age`` check (:data:`PENSION_AGE` on ``submitted_on``) decides eligibility."""
    needs_branch: bool
    """Documents beyond this service's five are needed: verdict ``needs_review``
    (report code ``reason_needs_branch``)."""
    heir_account: bool = False
    """The benefit is paid to an heir, into an account that may be the heir's: a holder (on the
    passbook or typed) who is not the worker is ``review`` with code ``heir_account`` (the branch
    checks the heirs' documents), never ``mismatch``; the worker's own account stays ``match``."""


_WITHOUT_LETTER: tuple[str, ...] = tuple(s for s in DOC_TYPES if s != LETTER_SLOT)

REASON_RULES: dict[str, ReasonRule] = {
    "resign": ReasonRule(
        "resign", Message("Mengundurkan diri", "Resignation"), DOC_TYPES,
        waiting_period=True, age_check=False, needs_branch=False,
    ),
    "phk": ReasonRule(
        "phk", Message("Pemutusan hubungan kerja (PHK)", "Termination of employment (PHK)"), DOC_TYPES,
        waiting_period=True, age_check=False, needs_branch=False,
    ),
    "pensiun": ReasonRule(
        "pensiun", Message("Mencapai usia pensiun (56 tahun)", "Retirement age (56)"), _WITHOUT_LETTER,
        waiting_period=False, age_check=True, needs_branch=False,
    ),
    "meninggal": ReasonRule(
        "meninggal", Message("Meninggal dunia", "Death of the member"), _WITHOUT_LETTER,
        waiting_period=False, age_check=False, needs_branch=True, heir_account=True,
    ),
    "cacat": ReasonRule(
        "cacat", Message("Cacat total tetap", "Permanent total disability"), _WITHOUT_LETTER,
        waiting_period=False, age_check=False, needs_branch=True,
    ),
    "wna": ReasonRule(
        "wna", Message("Meninggalkan Indonesia untuk selamanya (WNA)", "Leaving Indonesia for good (foreign national)"),
        _WITHOUT_LETTER, waiting_period=False, age_check=False, needs_branch=True,
    ),
}
"""Reason -> its rule; one entry per :data:`CLAIM_REASONS` member."""

assert tuple(REASON_RULES) == CLAIM_REASONS

_EXACT: dict[str, str] = {
    "resign": "resign",
    "resignation": "resign",
    "mengundurkan diri": "resign",
    "pengunduran diri": "resign",
    "berhenti bekerja": "resign",
    "berhenti kerja": "resign",
    "phk": "phk",
    "pemutusan hubungan kerja": "phk",
    "terkena phk": "phk",
    "di phk": "phk",
    "termination": "phk",
    "laid off": "phk",
    "layoff": "phk",
    "pensiun": "pensiun",
    "usia pensiun": "pensiun",
    "retire": "pensiun",
    "retired": "pensiun",
    "retirement": "pensiun",
    "meninggal": "meninggal",
    "meninggal dunia": "meninggal",
    "wafat": "meninggal",
    "death": "meninggal",
    "deceased": "meninggal",
    "cacat": "cacat",
    "cacat total": "cacat",
    "cacat total tetap": "cacat",
    "disability": "cacat",
    "disabled": "cacat",
    "wna": "wna",
    "warga negara asing": "wna",
    "meninggalkan indonesia": "wna",
    "leaving indonesia": "wna",
    "foreigner": "wna",
}
"""Whole typed texts (after :func:`_key`) -> reason."""

_KEYWORDS: tuple[tuple[str, str], ...] = (
    # order matters: "meninggalkan indonesia" (wna) before "meninggal"
    (r"\bwna\b|warga negara asing|meninggalkan (wilayah )?(negara )?indonesia|keluar (dari )?indonesia|"
     r"leav\w* indonesia|foreign national|foreigner", "wna"),
    (r"\bmeninggal\b|\bwafat\b|\bdeath\b|\bdied\b|\bdeceased\b", "meninggal"),
    (r"\bcacat\b|disab", "cacat"),
    (r"pensiun|\bretire|\busia 5[6-9]\b|\b56 (tahun|th|thn)\b|usia 56|age 56", "pensiun"),
    (r"\bphk\b|pemutusan|\bdi ?phk\b|terminat|laid off|lay ?off|dismiss", "phk"),
    (r"mengundurkan|pengunduran|\bresign|berhenti (bekerja|kerja)|\bquit\b", "resign"),
)
"""Keyword rules for longer texts ("Mencapai usia 56 tahun", "Resign (mengundurkan diri)")."""


def _key(text: str) -> str:
    """Lower case, accents and punctuation folded to single spaces."""
    t = unicodedata.normalize("NFKC", text).lower().replace("-", " ")
    t = re.sub(r"[^\w\s]", " ", t)
    return " ".join(t.split())


def normalise_claim_reason(text: str) -> str:
    """Map what a claimant typed onto a member of :data:`CLAIM_REASONS`.

    Case, spacing, punctuation and the usual wordings are accepted ("Mengundurkan diri",
    "Resign", "Pemutusan hubungan kerja", "Usia pensiun", "Mencapai usia 56", "Meninggal
    dunia", "Cacat total tetap", "Meninggalkan Indonesia", "WNA").

    Returns:
        The reason, or the cleaned lower-case text when it names none (the caller reports
        ``claim_reason_unknown``).
    """
    key = _key(text)
    if key in _EXACT:
        return _EXACT[key]
    found = {reason for pattern, reason in _KEYWORDS if re.search(pattern, key)}
    if "wna" in found:
        found.discard("meninggal")
    if len(found) == 1:
        return found.pop()
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def is_known(reason: str) -> bool:
    """True for a member of :data:`CLAIM_REASONS`."""
    return reason in REASON_RULES


def rule_for(reason: str) -> ReasonRule:
    """The rule of a (normalised) reason; an unknown reason gets :data:`DEFAULT_REASON`'s."""
    return REASON_RULES.get(reason, REASON_RULES[DEFAULT_REASON])


def required_slots(reason: str) -> tuple[str, ...]:
    """The document slots a claim of ``reason`` must include (contract order)."""
    return rule_for(reason).required_slots


def slot_required(reason: str, slot: str) -> bool:
    """True when a claim of ``reason`` must include a document in ``slot``."""
    return slot in rule_for(reason).required_slots


def accepted_values() -> Message:
    """The accepted reasons, listed for a form error (Bahasa Indonesia, English)."""
    return Message(
        "; ".join(f"{r} ({rule.label.id.lower()})" for r, rule in REASON_RULES.items()),
        "; ".join(f"{r} ({rule.label.en.lower()})" for r, rule in REASON_RULES.items()),
    )


__all__ = [
    "CLAIM_REASONS",
    "DEFAULT_REASON",
    "LETTER_SLOT",
    "PENSION_AGE",
    "REASON_RULES",
    "ReasonRule",
    "accepted_values",
    "is_known",
    "normalise_claim_reason",
    "required_slots",
    "rule_for",
    "slot_required",
]
