"""Deterministic synthetic document and claim generator (no real person's data).

Public API:

- :func:`generate_claim` writes a contract claim folder plus ``truth.json``.
- :func:`generate_document` returns one document's bytes, ground truth and extension.
- :func:`make_person` builds a seeded synthetic identity with family, job and bank account.
"""

from __future__ import annotations

from samples.generator.capture import CONDITIONS, CONTAINERS
from samples.generator.claims import (
    CHECKS,
    DOC_TYPES,
    FAULTS,
    VARIANTS,
    ClaimTruth,
    DocumentTruth,
    generate_claim,
    generate_document,
)
from samples.generator.people import Person, make_nik, make_person, nik_is_valid
from samples.generator.render import CONTRACT_FIELDS, FontsMissing

__all__ = [
    "CHECKS", "CONDITIONS", "CONTAINERS", "CONTRACT_FIELDS", "DOC_TYPES", "FAULTS", "VARIANTS",
    "ClaimTruth", "DocumentTruth", "FontsMissing", "Person", "generate_claim", "generate_document",
    "make_nik", "make_person", "nik_is_valid",
]
