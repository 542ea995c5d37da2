"""Which documents a claim needs, by its (normalised) claim reason.

Every reason needs the five slots except ``pensiun`` (retirement age): no resignation letter
is needed there (contract, "Claim reasons"). Used by submit to list the missing documents.
"""

from __future__ import annotations

from intake.fields import normalise_claim_reason
from intake.records import DOC_TYPES

NO_LETTER_REASONS: frozenset[str] = frozenset({"pensiun"})
"""Reasons that need no ``resignation_letter``."""


def required_slots(reason: str) -> tuple[str, ...]:
    """The document slots a claim with ``reason`` needs, in contract order.

    Args:
        reason: the claim reason, as typed or normalised (``"Usia pensiun"`` -> ``pensiun``).
    """
    if normalise_claim_reason(reason or "") in NO_LETTER_REASONS:
        return tuple(s for s in DOC_TYPES if s != "resignation_letter")
    return tuple(DOC_TYPES)


__all__ = ["NO_LETTER_REASONS", "required_slots"]
