"""Request and response shapes of the intake API (``*Create`` / ``*Update`` in, ``*Public`` out).

Text fields are length-limited here (the same 200 characters as ``intake.fields``) and must
be JSON strings (no coercion from numbers); the field *rules* (NIK structure, dates, ...) are
``intake.fields.validate_claim``'s, which answers each field's code and bilingual message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    StrictStr,
    UrlConstraints,
)
from pydantic_core import PydanticCustomError

from intake.fields import MAX_TEXT_LENGTH, normalise_name

BRANCH_MAX_LENGTH = 64
"""Longest branch name (the ``claims.branch`` column, an indexed ``VARCHAR(64)``)."""
WEBHOOK_URL_MAX_LENGTH = 2048
"""Longest webhook URL (the ``claims.webhook_url`` column)."""


def _no_control_characters(value: str) -> str:
    """Refuse NUL and the other C0 control characters except tab/newline (PostgreSQL refuses
    NUL in text; none of them belongs in a typed form)."""
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value) or "\x7f" in value:
        raise PydanticCustomError("string_control_character", "The value contains a control character (e.g. NUL).")
    return value


FormText = Annotated[StrictStr, Field(max_length=MAX_TEXT_LENGTH), AfterValidator(_no_control_characters)]
"""A typed form value: a JSON string of at most 200 characters without control characters."""
def _branch_fits(value: str) -> str:
    """The normalised branch (upper case can grow: ``ß`` -> ``SS``) must fit the column too."""
    if len(normalise_name(value)) > BRANCH_MAX_LENGTH:
        raise PydanticCustomError("string_too_long", "The branch is too long once normalised.")
    return value


BranchText = Annotated[StrictStr, Field(max_length=BRANCH_MAX_LENGTH), AfterValidator(_no_control_characters),
                       AfterValidator(_branch_fits)]
"""A branch office name (at most 64 characters)."""
WebhookUrl = Annotated[AnyHttpUrl, UrlConstraints(max_length=WEBHOOK_URL_MAX_LENGTH, allowed_schemes=["http", "https"])]
"""An http(s) URL; the address rule (public hosts only) is ``intake.netguard``'s, at the route."""

Slot = Literal["ktp", "kk", "bpjs_card", "resignation_letter", "passbook"]
"""A document slot of a claim."""
ClaimStatus = Literal["draft", "submitted", "processing", "verified"]
DocumentState = Literal["queued", "processing", "done", "failed"]



class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClaimFormFields(_Strict):
    """The typed e-Klaim form, as people type it (spaces, dashes, lower case are fine)."""

    nik: FormText | None = Field(default=None, examples=["3204110508900002"])
    full_name: FormText | None = Field(default=None, examples=["Siti Aminah"])
    birth_date: FormText | None = Field(default=None, description="DDMMYY", examples=["050890"])
    kpj: FormText | None = Field(default=None, examples=["12345678901"])
    claim_reason: FormText | None = Field(default=None, examples=["resign"])
    phone: FormText | None = Field(default=None, examples=["0812-3456-7890"])
    email: FormText | None = Field(default=None, examples=["siti@example.com"])
    bank: FormText | None = Field(default=None, examples=["BRI"])
    account_number: FormText | None = Field(default=None, examples=["0123-01-000123-50-1"])
    account_holder: FormText | None = Field(default=None, examples=["Siti Aminah"])
    branch: BranchText | None = Field(default=None, examples=["BANDUNG"])
    submitted_on: FormText | None = Field(
        default=None, description="ISO date the client typed: kept as information only (``submitted_on_client``); "
        "the claim's submission date is the server's date at submit (issue 12).")


class ClaimCreate(ClaimFormFields):
    """A new claim: the typed form plus an optional webhook URL for "report ready"."""

    webhook_url: WebhookUrl | None = Field(
        default=None, description="POSTed an HMAC-SHA256-signed notice when the report is ready."
    )

    def form(self) -> dict[str, Any]:
        """The raw form fields that were given, without ``submitted_on`` (the server decides it)."""
        return self.model_dump(exclude={"webhook_url", "submitted_on"}, exclude_none=True)


class ClaimUpdate(ClaimFormFields):
    """Changes to a draft's form: only the given fields change (``null`` removes one)."""

    def changes(self) -> dict[str, Any]:
        """The fields the client sent (explicit nulls included), without ``submitted_on``."""
        return self.model_dump(exclude_unset=True, exclude={"submitted_on"})


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
    """Every error answer: a machine code and a bilingual message (problems for a form).

    Codes of a 409 say why the claim cannot be changed: ``claim_not_draft`` (submitted, being
    checked), ``claim_clear``, ``claim_in_review``, ``claim_approved``, ``claim_rejected``,
    ``claim_not_open``, ``slot_not_open``, ``fields_not_open``.
    """

    code: str = Field(examples=["documents_missing"])
    message: MessagePublic
    problems: list[ProblemPublic] | None = Field(
        default=None, description="Each field (or ``documents.<slot>``) with its code and bilingual message.")
    missing: list[Slot] | None = Field(default=None, description="``documents_missing``: the slots to upload.")


class DocumentPublic(BaseModel):
    """One uploaded document and its processing state (no content, no extracted data)."""

    id: str
    slot: Slot
    state: DocumentState
    kind: str
    size: int
    pages: int
    attempts: int = 0
    error_code: str | None = None
    status: str | None = Field(default=None, description="Contract status once processed.")
    reason: str | None = None
    uploaded_at: datetime
    finished_at: datetime | None = None


class UploadPublic(DocumentPublic):
    """The answer to an upload."""

    created: bool = Field(description="False when these bytes already were the slot's document.")


class CorrectionPublic(BaseModel):
    """What the claim is open for: re-uploads of ``slots``, the typed fields when ``fields``."""

    revision: int = Field(description="The revision the next submit creates.")
    slots: list[Slot]
    fields: bool
    reason: str | None = Field(default=None, description="The reviewer's reason, shown to the claimant.")
    source: Literal["verdict", "reviewer"] = Field(
        description="``verdict``: the report asked for corrections; ``reviewer``: an officer asked.")
    at: datetime
    edited: bool = Field(default=False, description="The claimant changed something since the last report.")


class ClaimPublic(BaseModel):
    """A claim: status, the normalised form, warnings and each document's state."""

    id: str
    status: ClaimStatus
    revision: int = Field(default=1, description="The current (last submitted) revision, from 1.")
    correction: CorrectionPublic | None = Field(
        default=None, description="Set while the claim is open for correction (PATCH and re-uploads accepted).")
    form: dict[str, Any]
    warnings: list[ProblemPublic] = Field(
        default=[], description="Every field problem of the saved form: ``soft: false`` ones block the submit.")
    documents: dict[str, DocumentPublic] = {}
    verdict: str | None = None
    created_at: datetime
    updated_at: datetime
    report_url: str | None = None


class ClaimCreated(ClaimPublic):
    """The answer to a new claim; ``webhook_secret`` is shown this once."""

    webhook_secret: str | None = None


class QualityPublic(BaseModel):
    """Image quality figures of a document (blur, brightness, resolution, ...)."""

    model_config = ConfigDict(extra="allow")


class FieldValuePublic(BaseModel):
    """One extracted field: value, confidence, page and box (page image pixels)."""

    model_config = ConfigDict(extra="allow")

    value: Any = None
    confidence: float | None = None
    page: int | None = None
    box: list[list[int | float]] | None = None


class DocumentReportPublic(BaseModel):
    """One slot of the report (contract "Report")."""

    model_config = ConfigDict(extra="allow")

    status: Literal["accepted", "rejected", "unreadable", "wrong_type", "missing"]
    reason: str | None = Field(default=None, description="Machine code, e.g. ``too_blurry``, ``looks_like_kk``.")
    message: MessagePublic | None = None
    detected_type: str | None = None
    pages: int | None = None
    quality: dict[str, Any] | None = None
    fields: dict[str, FieldValuePublic] | None = None


class CheckPublic(BaseModel):
    """One check of the report (contract "Checks")."""

    model_config = ConfigDict(extra="allow")

    check: str = Field(examples=["ktp.nik"])
    status: Literal["match", "mismatch", "unreadable", "missing", "review", "not_applicable"]
    typed: Any = None
    found: Any = None
    score: int | float | None = None
    code: str | None = None
    message: MessagePublic | None = None


class SignalPublic(BaseModel):
    """A signal for reviewers (contract "Signals"), never an accusation of the claimant."""

    model_config = ConfigDict(extra="allow")

    signal: str
    severity: Literal["info", "warn"]
    detail: dict[str, Any] = {}
    message: MessagePublic | None = None


class ReportPublic(BaseModel):
    """The contract report of the claim's latest revision plus each document's processing state."""

    model_config = ConfigDict(extra="allow")

    claim_id: str
    revision: int = Field(default=1, description="The revision this report is of (from 1).")
    verdict: Literal["clear", "needs_correction", "needs_review"]
    documents: dict[str, DocumentReportPublic]
    checks: list[CheckPublic]
    signals: list[SignalPublic] | None = None
    contract: int | None = Field(default=None, description="Contract version the report follows (2).")
    claim_reason: str | None = Field(default=None, description="Normalised claim reason the checks were run for.")
    code: str | None = Field(default=None, description="Report code, e.g. reason_needs_branch.")
    processing: dict[str, Any] | None = Field(default=None, description="Claim status and each document's processing state.")


class RevisionPublic(BaseModel):
    """One submission of a claim: when, which slots got a new document, its verdict."""

    revision: int
    submitted_at: datetime
    verified_at: datetime | None = None
    verdict: str | None = None
    changed_slots: list[str] = Field(description="Slots read again in this revision (the others kept their results).")
    report_url: str | None = None
