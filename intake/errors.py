"""The one error base class: a stable machine code plus a bilingual user message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """A user-facing message in Bahasa Indonesia (``id``) and English (``en``)."""

    id: str
    en: str

    def as_dict(self) -> dict[str, str]:
        """Return the contract's ``{"id": ..., "en": ...}`` shape."""
        return {"id": self.id, "en": self.en}


class EklaimError(Exception):
    """Base of every error the service reports to a person.

    ``code`` is stable and machine-readable (never sort errors by message text); ``message``
    is safe to show to the claimant and never contains personal data. ``http_status`` is the
    status the API answers with.
    """

    http_status: int = 400

    def __init__(self, code: str, message: Message, *, http_status: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        if http_status is not None:
            self.http_status = http_status

    def as_dict(self) -> dict[str, object]:
        """JSON-safe form: ``{"code": ..., "message": {"id": ..., "en": ...}}``."""
        return {"code": self.code, "message": self.message.as_dict()}


class IntakeRejected(EklaimError):
    """An uploaded file is not an allowed, valid document file."""

    http_status = 422


class FieldInvalid(EklaimError):
    """A typed form field is invalid."""

    http_status = 422

    def __init__(self, field: str, code: str, message: Message) -> None:
        super().__init__(code, message)
        self.field = field

    def as_dict(self) -> dict[str, object]:
        """JSON-safe form including the field name."""
        return {"field": self.field, **super().as_dict()}


class NotFound(EklaimError):
    """A claim, document or batch does not exist (or is not visible to the caller)."""

    http_status = 404


class ConfigError(EklaimError):
    """The service is mis-configured (missing models, bad URL...)."""

    http_status = 500
