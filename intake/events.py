"""A claim's events: recorded in the database, streamed over SSE, delivered to the webhook.

Each event has an increasing integer ``id`` (the SSE ``id:`` and the webhook's ``event_id``,
for de-duplication by the client). ``data`` holds ids, codes, statuses and numbers only,
never personal data (checked like the audit log's detail).

Events: ``claim.submitted`` (revision N was submitted), ``document.read`` (one document was
read: its slot, status and reason, before the whole report), ``claim.verified`` (the report of
a revision is ready), ``claim.revision_opened`` (the claim is open for correction: which slots,
whether the typed fields), ``claim.decided`` (a reviewer's decision).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import repo
from intake.models import ClaimEvent, utcnow

EVENT_NAMES: tuple[str, ...] = (
    "claim.submitted", "document.read", "claim.verified", "claim.revision_opened", "claim.decided",
)
"""Every event a claim can have."""


def record_event(session: Session, claim_id: str, event: str, data: Mapping[str, Any] | None = None) -> ClaimEvent:
    """Append an event of the claim (caller commits).

    Raises:
        ValueError: an unknown event name, or ``data`` with a key naming personal data.
    """
    if event not in EVENT_NAMES:
        raise ValueError(f"unknown event {event!r}")
    payload = repo._jsonable(dict(data or {}))
    bad = repo._personal_keys(payload)
    if bad:
        raise ValueError(f"event data must hold no personal data (keys: {', '.join(sorted(bad))})")
    row = ClaimEvent(claim_id=claim_id, event=event, data=payload, at=utcnow())
    session.add(row)
    session.flush()
    return row


def events_after(session: Session, claim_id: str, after_id: int = 0, *, limit: int = 100) -> list[ClaimEvent]:
    """The claim's events with ``id > after_id``, oldest first."""
    q = select(ClaimEvent).where(ClaimEvent.claim_id == claim_id, ClaimEvent.id > after_id)
    return list(session.scalars(q.order_by(ClaimEvent.id).limit(limit)))


def undelivered_events(session: Session, claim_id: str, *, limit: int = 100) -> list[ClaimEvent]:
    """The claim's events the webhook receiver has not acknowledged yet, oldest first."""
    q = select(ClaimEvent).where(ClaimEvent.claim_id == claim_id, ClaimEvent.delivered_at.is_(None))
    return list(session.scalars(q.order_by(ClaimEvent.id).limit(limit)))


def event_json(row: ClaimEvent) -> dict[str, Any]:
    """The public shape: ``{"event", "event_id", "claim_id", "at", **data}``."""
    return {"event": row.event, "event_id": row.id, "claim_id": row.claim_id, "at": row.at.isoformat(),
            **(row.data or {})}


__all__ = ["EVENT_NAMES", "event_json", "events_after", "record_event", "undelivered_events"]
