"""The sweeper: find work the queue lost and send it again, from the database's state.

Redis only carries jobs; a job can vanish (a flushed or restarted Redis, a worker machine
that died with its job, an enqueue that failed after the upload was committed). The
documents table still says ``queued`` or ``processing``, so :func:`sweep` re-sends:

* a ``queued`` document older than the deadline whose job RQ no longer holds;
* a ``processing`` document started longer ago than the deadline (its worker died): it goes
  back to ``queued`` with a fenced update and a new job id (``doc-<id>-<attempts>``); after
  ``MAX_DOCUMENT_ATTEMPTS`` starts it is ``failed`` (``too_many_attempts``) instead;
* a submitted claim whose documents are all settled but which has no report.

Re-sending is safe: the job takes its document with a compare-and-set, so a job that turns
out not to be lost after all makes the second one a no-op. Run by every worker process (one
at a time, under a Redis lock), by the in-process runner, and by ``eklaim sweep``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import redis
from sqlalchemy import select, update

from intake import claims, repo
from intake.db import rows_changed, session_scope
from intake.logging import get_logger
from intake.models import Claim, Document, utcnow
from intake.settings import Settings, get_settings
from workers import service
from workers.queue import RqDispatcher, redis_connection

log = get_logger(__name__)

SWEEP_LOCK_KEY = "eklaim:sweep:lock"


@dataclass
class SweepResult:
    """What one sweep did (ids only)."""

    requeued: list[str] = field(default_factory=list)
    """Documents whose job was sent again."""
    failed: list[str] = field(default_factory=list)
    """Documents given up on (too many attempts)."""
    skipped: list[str] = field(default_factory=list)
    """Stuck-looking documents whose job is still held by the queue."""
    verified: list[str] = field(default_factory=list)
    """Claims whose verify job was sent again."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe counts and ids."""
        return {"requeued": self.requeued, "failed": self.failed, "skipped": self.skipped, "verified": self.verified}


def _as_delta(older_than: float | timedelta) -> timedelta:
    return older_than if isinstance(older_than, timedelta) else timedelta(seconds=float(older_than))


def sweep(
    older_than: float | timedelta | None = None,
    *,
    dispatcher: claims.Dispatcher | None = None,
    settings: Settings | None = None,
) -> SweepResult:
    """Re-send the jobs of documents and claims stuck for longer than ``older_than``.

    Args:
        older_than: the deadline (seconds or a timedelta); ``settings.sweep_after_s`` when None.
        dispatcher: where jobs go; RQ on ``settings.redis_url`` when None.
    """
    settings = settings or get_settings()
    if dispatcher is None:
        if not settings.redis_url:
            raise ValueError("sweep() without Redis needs the dispatcher (the in-process runner)")
        dispatcher = RqDispatcher(redis_connection(settings.redis_url), settings)
    delta = _as_delta(settings.sweep_after_s if older_than is None else older_than)
    url = settings.resolved_database_url
    out = SweepResult()
    with session_scope(url) as session:
        stuck = [(d.id, d.state, d.attempts or 0, d.job_id, d.started_at) for d in repo.documents_stuck(session, delta)]
    for doc_id, state, attempts, job_id, started_at in stuck:
        if state == "queued":
            if job_id and dispatcher.job_pending(job_id):
                out.skipped.append(doc_id)
                continue
            new_job = claims.document_job_id(doc_id, attempts)
            with session_scope(url) as session:
                now = utcnow()
                res = session.execute(
                    update(Document).where(Document.id == doc_id, Document.state == "queued")
                    .values(queued_at=now, job_id=new_job, updated_at=now)
                    .execution_options(synchronize_session=False)
                )
                if rows_changed(res) != 1:
                    continue
            dispatcher.enqueue_document(doc_id, attempts)
            out.requeued.append(doc_id)
            continue
        # processing past the deadline: its worker is gone.
        final = attempts >= service.MAX_DOCUMENT_ATTEMPTS
        with session_scope(url) as session:
            now = utcnow()
            values: dict[str, Any] = {"updated_at": now}
            if final:
                values.update(state="failed", error_code="too_many_attempts", finished_at=now)
            else:
                values.update(state="queued", queued_at=now, started_at=None, error_code="requeued_by_sweeper",
                              job_id=claims.document_job_id(doc_id, attempts))
            res = session.execute(
                update(Document)
                .where(Document.id == doc_id, Document.state == "processing", Document.attempts == attempts,
                       Document.started_at == started_at)
                .values(**values).execution_options(synchronize_session=False)
            )
            if rows_changed(res) != 1:
                continue
            claim_id = session.scalar(select(Document.claim_id).where(Document.id == doc_id))
            repo.record_audit(session, "sweeper", "document.failed" if final else "document.requeued", claim_id,
                              {"document_id": doc_id, "attempts": attempts})
        if final:
            out.failed.append(doc_id)
            if claim_id:
                claims.maybe_verify(claim_id, dispatcher, settings=settings)
        else:
            dispatcher.enqueue_document(doc_id, attempts)
            out.requeued.append(doc_id)

    # Submitted claims with every document settled but no report (a lost verify job).
    cutoff = utcnow() - delta
    with session_scope(url) as session:
        claim_ids = list(session.scalars(
            select(Claim.id).where(Claim.status.in_(("submitted", "processing")), Claim.updated_at < cutoff)
        ))
    for claim_id in claim_ids:
        if dispatcher.job_pending(claims.verify_job_id(claim_id)):
            continue
        if claims.maybe_verify(claim_id, dispatcher, settings=settings):
            out.verified.append(claim_id)
    if out.requeued or out.failed or out.verified:
        log.warning("sweep_resent_work", requeued=out.requeued, failed=out.failed, verified=out.verified)
    return out


def sweep_locked(
    dispatcher: claims.Dispatcher, *, connection: Any, settings: Settings | None = None, lock_s: int = 300
) -> SweepResult | None:
    """:func:`sweep` under a Redis lock, so that of many workers only one sweeps at a time.

    Returns None when another process holds the lock.
    """
    lock = connection.lock(SWEEP_LOCK_KEY, timeout=lock_s, blocking=False)
    if not lock.acquire(blocking=False):
        return None
    try:
        return sweep(dispatcher=dispatcher, settings=settings)
    finally:
        try:
            lock.release()
        except redis.exceptions.RedisError as exc:  # expired: another sweep may run, which is harmless
            log.info("sweep_lock_release_failed", error=type(exc).__name__)
