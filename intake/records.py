"""Typed records that leave the intake stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from intake.errors import Message
from intake.pdfprobe import PdfProbe

DOC_TYPES: tuple[str, ...] = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook")
"""The five document slots of a claim, in the contract's order."""

FileKind = Literal["jpeg", "png", "bmp", "pdf"]


@dataclass(frozen=True)
class Problem:
    """One validation problem of a typed field (an error, or a warning when ``soft``)."""

    field: str
    """Key of ``claim.json`` the problem is about."""
    code: str
    """Stable machine code, e.g. ``nik_bad_province``."""
    message: Message
    """Bilingual text for the claimant (no personal data)."""
    soft: bool = False
    """True for a warning that does not block the claim."""

    def as_dict(self) -> dict[str, object]:
        """JSON-safe form."""
        return {"field": self.field, "code": self.code, "message": self.message.as_dict(), "soft": self.soft}


@dataclass(frozen=True)
class ClaimForm:
    """The typed e-Klaim form, normalised (digits only, upper-case names, ISO dates)."""

    nik: str
    """16 digits."""
    full_name: str
    """Upper case, single spaces, as typed otherwise (titles kept)."""
    birth_date: date | None
    """The typed DDMMYY resolved to a full date with the century rule (None if invalid)."""
    birth_date_typed: str
    """The six DDMMYY digits as typed (after removing separators)."""
    kpj: str
    claim_reason: str
    phone: str
    """E.164 without plus, e.g. ``6281234567890``."""
    email: str
    bank: str
    """Short upper-case bank name (BRI, BNI, MANDIRI, BCA, BTN, ...)."""
    account_number: str
    account_holder: str
    branch: str
    submitted_on: date


@dataclass(frozen=True)
class ClaimValidation:
    """Result of validating a raw ``claim.json`` mapping."""

    form: ClaimForm
    """Best-effort normalised form (present even when there are problems)."""
    problems: list[Problem] = field(default_factory=list)
    """Every hard error and soft warning, in field order."""

    @property
    def errors(self) -> list[Problem]:
        """Only the blocking problems."""
        return [p for p in self.problems if not p.soft]

    @property
    def warnings(self) -> list[Problem]:
        """Only the soft warnings."""
        return [p for p in self.problems if p.soft]


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the intake checks, decided by its bytes."""

    kind: FileKind
    """Detected format."""
    size: int
    """Size in bytes."""
    sha256: str
    """Hex content hash (also the blob id)."""
    pages: int
    """Page count (1 for images)."""
    width: int | None = None
    """Pixel width of an image (None for PDF)."""
    height: int | None = None
    """Pixel height of an image (None for PDF)."""
    has_text_layer: bool = False
    """A PDF page carries a usable text layer (:func:`intake.pdfprobe.usable_text`)."""
    pdf: PdfProbe | None = field(default=None, compare=False, repr=False)
    """The isolated parse of a PDF (None for images), so later stages need not parse it again."""
