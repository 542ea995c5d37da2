"""Retention: delete claims, their documents, blobs and derived data past their retention age.

``eklaim purge --older-than 365d`` calls :func:`purge`. A claim is purged when it was created
before the cut-off; with it go its documents (current and superseded), their OCR results,
page images and original files (unless another remaining document uses the same blob), its
decisions and batch items (database cascades). The audit trail keeps one ``claim.purged``
event per claim and one ``retention.purged`` summary (ids and counts only): it outlives the
claims by design (``AuditEvent.claim_id`` is not a foreign key).

The database rows are deleted (and committed) before the blobs: a crash in between leaves
orphan blob files, never a row pointing at a missing file; they are encrypted and
unreachable, and the next purge's orphan sweep (``sweep_orphans=True``) removes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from intake.settings import Settings, get_settings

_DURATION = re.compile(r"^\s*(\d+)\s*([dwy]?)\s*$")


def parse_age(text: str) -> timedelta:
    """``365d``, ``52w``, ``1y`` (365 days) or a bare number of days."""
    m = _DURATION.match(text.lower())
    if m is None or int(m.group(1)) <= 0:
        raise ValueError("age must look like 365d, 52w or 1y")
    n, unit = int(m.group(1)), m.group(2) or "d"
    return timedelta(days=n * {"d": 1, "w": 7, "y": 365}[unit])


@dataclass
class PurgeResult:
    """What :func:`purge` deleted (or would delete, on a dry run)."""

    cutoff: datetime
    claims: list[str] = field(default_factory=list)
    """Ids of the purged claims."""
    documents: int = 0
    blobs: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe summary (ids and counts only)."""
        return {"cutoff": self.cutoff.isoformat(), "claims": len(self.claims), "documents": self.documents,
                "blobs": self.blobs, "dry_run": self.dry_run}


def _page_blob_ids(page_images: Any) -> set[str]:
    return {str(p["blob_id"]) for p in (page_images or []) if isinstance(p, dict) and p.get("blob_id")}


def purge(
    older_than: timedelta,
    settings: Settings | None = None,
    *,
    actor: str = "cli",
    now: datetime | None = None,
    dry_run: bool = False,
    sweep_orphans: bool = False,
    orphan_grace: timedelta = timedelta(hours=1),
    batch: int = 200,
) -> PurgeResult:
    """Delete every claim created more than ``older_than`` ago, with its documents and blobs.

    Args:
        older_than: retention age (e.g. ``parse_age("365d")``).
        actor: audit actor of the purge.
        now: the current time (tests).
        dry_run: count only, delete nothing (no audit entry).
        sweep_orphans: also delete stored blobs that no document references at all, when they
            were last stored more than ``orphan_grace`` ago: an upload stores its blob before
            its document row commits, so a younger unreferenced blob may be one in flight.
    """
    from sqlalchemy import delete as sa_delete

    from intake import repo
    from intake.db import ensure_schema, session_scope
    from intake.models import Claim, Document, IdempotencyKey, utcnow
    from intake.storage import get_blob_store

    settings = settings or get_settings()
    url = ensure_schema(settings)
    cutoff = (now or utcnow()) - older_than
    out = PurgeResult(cutoff=cutoff, dry_run=dry_run)
    with session_scope(url) as s:
        ids = list(s.scalars(select(Claim.id).where(Claim.created_at < cutoff).order_by(Claim.created_at)))
    candidate_blobs: set[str] = set()
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with session_scope(url) as s:
            rows = s.execute(select(Document.claim_id, Document.blob_id, Document.page_images)
                             .where(Document.claim_id.in_(chunk))).all()
            out.documents += len(rows)
            for _cid, blob_id, pages in rows:
                candidate_blobs.add(blob_id)
                candidate_blobs |= _page_blob_ids(pages)
            if not dry_run:
                for claim in s.scalars(select(Claim).where(Claim.id.in_(chunk))):
                    s.delete(claim)
                # Revisions and events go with the claim (ON DELETE CASCADE); idempotency keys
                # name it without a foreign key.
                s.execute(sa_delete(IdempotencyKey).where(IdempotencyKey.claim_id.in_(chunk)))
                s.flush()
                for cid in chunk:
                    repo.record_audit(s, actor, "claim.purged", cid,
                                      {"older_than_days": older_than.days,
                                       "documents": sum(1 for r in rows if r[0] == cid)})
        out.claims.extend(chunk)
    store = get_blob_store(settings)
    # A blob still used by a remaining document (the same file in a newer claim) stays.
    gone = set(out.claims)
    still_used = _all_referenced(url, exclude_claims=gone)
    doomed = candidate_blobs - still_used
    if sweep_orphans and hasattr(store, "ids"):
        settled = (now or utcnow()) - orphan_grace
        doomed |= set(store.ids(stored_before=settled)) - still_used
    if not dry_run:
        for blob_id in sorted(doomed):
            out.blobs += int(store.delete(blob_id))
        with session_scope(url) as s:
            repo.record_audit(s, actor, "retention.purged", None, out.as_dict())
    else:
        out.blobs = sum(1 for b in doomed if store.exists(b))
    return out


def _all_referenced(url: str, exclude_claims: set[str]) -> set[str]:
    """Blob ids (files and page images) used by documents of claims not in ``exclude_claims``."""
    from intake.db import session_scope
    from intake.models import Document

    used: set[str] = set()
    with session_scope(url) as s:
        for claim_id, blob_id, pages in s.execute(select(Document.claim_id, Document.blob_id, Document.page_images)):
            if claim_id in exclude_claims:
                continue
            used.add(blob_id)
            used |= _page_blob_ids(pages)
    return used
