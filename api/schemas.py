"""Request and response shapes of the intake API (``*Create`` / ``*Update`` in, ``*Public`` out).

Text fields are length-limited here (the same 200 characters as ``intake.fields``) and must
be JSON strings (no coercion from numbers); the field *rules* (NIK structure, dates, ...) are
``intake.fields.validate_claim``'s, which answers each field's code and bilingual message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, StrictStr

from intake.fields import MAX_TEXT_LENGTH

Slot = Literal["ktp", "kk", "bpjs_card", "resignation_letter", "passbook"]
"""A document slot of a claim."""
ClaimStatus = Literal["draft", "submitted", "processing", "verified"]
DocumentState = Literal["queued", "processing", "done", "failed"]



class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClaimFormFields(_Strict):
    """The typed e-Klaim form, as people type it (spaces, dashes, lower case are fine)."""

    nik: StrictStr | None = Field(default=None, max_length=MAX_TEXT_LENGTH, examples=["3204110508900002"])
    full_name: StrictStr | None = Field(default=None, max_length=MAX_TEXT_LENGTH, examples=["Siti Aminah"])
    birth_date: StrictStr | None = Field(default=None, max_length=MAX_TEXT_LENGTH, description="DDMMYY", examples=["050890"])
    kpj: StrictStr | None = Field(default=None, max_length=MAX_TEXT_LENGTH, examples=["12345678901"])
    claim_reason: StrictStr | None = Field(default=None, max_length=MAX_TEXT_LENGTH, examples=["resign"])
    phone: StrictStr | None = Field(default=None, max_length=MAX_TEXT_LENGTH, examples=["0812-3456-7890"])
    email: StrictStr | None = Field(default=None, max_length=MAX_TEXT_LENGTH, examples=["siti@example.com"])
    bank: StrictStr | None = Field(default=None, max_length=MAX_TEXT_LENGTH, examples=["BRI"])
    account_number: StrictStr | None = Field(default=None, max_length=MAX_TEXT_LENGTH, examples=["0123-01-000123-50-1"])
    account_holder: StrictStr | None = Field(default=None, max_length=MAX_TEXT_LENGTH, examples=["Siti Aminah"])
    branch: StrictStr | None = Field(default=None, max_length=MAX_TEXT_LENGTH, examples=["BANDUNG"])
    submitted_on: StrictStr | None = Field(default=None, max_length=MAX_TEXT_LENGTH, description="ISO date; today when absent")


class ClaimCreate(ClaimFormFields):
    """A new claim: the typed form plus an optional webhook URL for "report ready"."""

    webhook_url: AnyHttpUrl | None = Field(
        default=None, description="POSTed an HMAC-SHA256-signed notice when the report is ready."
    )

    def form(self) -> dict[str, Any]:
        """The raw form fields that were given."""
        return self.model_dump(exclude={"webhook_url"}, exclude_none=True)


class ClaimUpdate(ClaimFormFields):
    """Changes to a draft's form: only the given fields change (``null`` removes one)."""

    def changes(self) -> dict[str, Any]:
        """The fields the client sent (explicit nulls included)."""
        return self.model_dump(exclude_unset=True)


class MessagePublic(BaseModel):
    """Bilingual text."""

    id: str
    en: str


class ProblemPublic(BaseModel):
    """One problem of a typed field."""

    field: str
    code: str
    message: MessagePublic
    soft: bool = False


class ErrorPublic(BaseModel):
    """Every error answer: a machine code and a bilingual message (problems for a form)."""

    code: str
    message: MessagePublic
    problems: list[ProblemPublic] | None = None


class DocumentPublic(BaseModel):
    """One uploaded document and its processing state (no content, no extracted data)."""

    id: str
    slot: Slot
    state: DocumentState
    kind: str
    size: int
    pages: int
    display_name: str | None = None
    attempts: int = 0
    error_code: str | None = None
    status: str | None = Field(default=None, description="Contract status once processed.")
    reason: str | None = None
    uploaded_at: datetime
    finished_at: datetime | None = None


class UploadPublic(DocumentPublic):
    """The answer to an upload."""

    created: bool = Field(description="False when these bytes already were the slot's document.")


class ClaimPublic(BaseModel):
    """A claim: status, the normalised form, warnings and each document's state."""

    id: str
    status: ClaimStatus
    form: dict[str, Any]
    warnings: list[ProblemPublic] = []
    documents: dict[str, DocumentPublic] = {}
    verdict: str | None = None
    created_at: datetime
    updated_at: datetime
    report_url: str | None = None


class ClaimCreated(ClaimPublic):
    """The answer to a new claim; ``webhook_secret`` is shown this once."""

    webhook_secret: str | None = None


class ReportPublic(BaseModel):
    """The contract report plus the processing state of each document."""

    model_config = ConfigDict(extra="allow")

    claim_id: str
    verdict: str
    documents: dict[str, Any]
    checks: list[dict[str, Any]]
    processing: dict[str, Any] = Field(description="Claim status and each document's processing state.")
