"""Admin routes of batch re-verification: start a batch, follow it, export its diff report.

``POST /v1/admin/batches`` (filters + depth; ``dry_run`` counts only), ``GET
/v1/admin/batches/{id}`` (progress and counts, live), ``GET
/v1/admin/batches/{id}/report?format=csv|json`` (claims whose verdict or checks changed:
ids, verdicts, check names and statuses -- no personal data). Admins only.

Handlers are plain ``def`` (run in the thread pool): they only talk to the database and
Redis. Without Redis (the embedded default) the batch runs on a background thread.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Path, Query, status
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from api.auth import CurrentAdmin, DbSession
from api.deps import ID_PATTERN, ServicesDep
from intake import repo
from workers import batch as batches

router = APIRouter(prefix="/admin/batches", tags=["admin"])

BatchId = Path(pattern=ID_PATTERN, description="Batch id (32 hex characters).")


class BatchCreate(BaseModel):
    """A batch request: which stored claims, and how deep to re-verify them."""

    model_config = ConfigDict(extra="forbid")

    depth: Literal["matching", "full"] = Field("matching", description="matching: rules on stored OCR results; full: OCR again.")
    submitted_from: date | None = Field(None, description="First submission date, inclusive.")
    submitted_to: date | None = Field(None, description="Last submission date, inclusive.")
    branch: str | None = Field(None, min_length=1, max_length=64)
    verdict: Literal["clear", "needs_correction", "needs_review"] | None = None
    stale: bool = Field(False, description="Only claims processed by older engine/model/extractor/rules versions.")
    claim_ids: list[str] | None = Field(None, max_length=200_000, description="Only these claims.")
    dry_run: bool = Field(False, description="Count and sample only; nothing is started.")
    new: bool = Field(False, description="A new batch even when one with the same key exists.")

    def filters(self) -> batches.BatchFilters:
        """The selection as the batch module takes it."""
        return batches.BatchFilters(
            submitted_from=self.submitted_from, submitted_to=self.submitted_to, branch=self.branch,
            verdict=self.verdict, stale=self.stale,
            claim_ids=tuple(i[:64] for i in self.claim_ids) if self.claim_ids is not None else None,
        )


def _connection(services: Any) -> Any:
    url = services.settings.redis_url
    if not url:
        return None
    from workers.queue import redis_connection

    return redis_connection(url)


@router.post("", status_code=status.HTTP_202_ACCEPTED)
def create_batch(body: BatchCreate, admin: CurrentAdmin, session: DbSession, services: ServicesDep) -> Any:
    """Start (or continue: same filters, depth and versions) a re-verification batch."""
    settings = services.settings
    username = admin.username
    session.commit()  # end the sign-in check's transaction: SQLite has one writer at a time
    conn = _connection(services)
    start = batches.start_batch(body.filters(), body.depth, created_by=username, dry_run=body.dry_run,
                                new=body.new, connection=conn, settings=settings)
    if start.batch_id and conn is None and not body.dry_run:
        threading.Thread(target=batches.run_inline, args=(start.batch_id,), kwargs={"settings": settings},
                         name=f"batch-{start.batch_id[:8]}", daemon=True).start()
    out = start.as_dict()
    if start.batch_id:
        out["status_url"] = f"/v1/admin/batches/{start.batch_id}"
        out["report_url"] = f"/v1/admin/batches/{start.batch_id}/report"
    return out


@router.get("/{batch_id}")
def get_batch(admin: CurrentAdmin, session: DbSession, batch_id: str = BatchId) -> Any:
    """The batch's progress: status, live counts, verdict transitions."""
    return batches.batch_status(session, batch_id)


@router.get("/{batch_id}/report")
def get_report(
    admin: CurrentAdmin,
    session: DbSession,
    batch_id: str = BatchId,
    format: Literal["csv", "json"] = Query("json", description="csv or json"),
) -> Any:
    """The claims whose verdict or checks changed (CSV or JSON), and the failed ones (JSON)."""
    report = batches.batch_report(session, batch_id, format)
    repo.record_audit(session, admin.username, "batch.report_viewed", None, {"batch_id": batch_id, "format": format})
    if format == "csv":
        return Response(content=str(report), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="batch-{batch_id}.csv"'})
    return report
