"""Reading and exporting the append-only audit log (admins only; the export is audited too)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import AuditEvent

COLUMNS = ("id", "at", "actor", "action", "claim_id", "detail")
"""Columns of the CSV export (``detail`` as compact JSON)."""


def audit_rows(
    session: Session,
    *,
    claim_id: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    limit: int = 1000,
    newest_first: bool = False,
) -> list[dict[str, Any]]:
    """Audit events as JSON-safe dicts, filtered (``action`` may end with ``*`` for a prefix)."""
    q = select(AuditEvent)
    if claim_id:
        q = q.where(AuditEvent.claim_id == claim_id)
    if actor:
        q = q.where(AuditEvent.actor == actor)
    if action:
        q = q.where(AuditEvent.action.startswith(action[:-1])) if action.endswith("*") else q.where(AuditEvent.action == action)
    if since is not None:
        q = q.where(AuditEvent.at >= since)
    order = (AuditEvent.at.desc(), AuditEvent.id.desc()) if newest_first else (AuditEvent.at, AuditEvent.id)
    return [
        {"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action, "claim_id": e.claim_id,
         "detail": e.detail or {}}
        for e in session.scalars(q.order_by(*order).limit(limit))
    ]


def _cell(value: str) -> str:
    # Spreadsheet formula injection: a cell starting with = + - @ is shown as text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_csv(rows: list[dict[str, Any]]) -> str:
    """CSV text with a header row."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([r["id"], r["at"], _cell(r["actor"]), _cell(r["action"]), r["claim_id"] or "",
                         _cell(json.dumps(r["detail"], ensure_ascii=False, sort_keys=True))])
    return buf.getvalue()


def export_json(rows: list[dict[str, Any]]) -> str:
    """``{"events": [...]}`` as JSON text."""
    return json.dumps({"events": rows}, ensure_ascii=False)
