"""Starting a batch: versions, the selection of stored claims, start/resume, sending its jobs.

A batch is a selection of stored claims (date range, branch, verdict, stale versions,
explicit ids) and a depth (``matching`` or ``full``). The database holds one ``BatchItem``
per claim (its old verdict taken when the batch is created); the same filters and current
versions give the same *batch key*, so starting again resumes, and resuming re-sends the
jobs of unfinished items only, skipping those still waiting in the queue.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from intake import repo
from intake.branches import branch_key, branch_key_sql
from intake.db import ensure_schema, session_scope
from intake.models import BATCH_DEPTHS, VERDICTS, Batch, BatchItem, Claim, Document, utcnow
from intake.settings import Settings, get_settings
from matching.rules import RULES_VERSION
from ocr.engine import _dist_version, _model_ids, loaded_engine
from ocr.pipeline import EXTRACTOR_VERSION
from workers.batch.common import (
    ENQUEUE_CHUNK,
    JOB_REVERIFY,
    MATCHING_JOB_TIMEOUT_S,
    RECENT_BATCHES_SCANNED,
    RESULT_TTL_S,
    batch_error,
)
from workers.batch.report import refresh_counts
from workers.queue import batch_queue_name, make_queue

# ------------------------------------------------------------------------------------------
# Versions
# ------------------------------------------------------------------------------------------


def expected_model_version(backend: str) -> str:
    """The ``version`` string the configured backend will record, without loading it.

    Mirrors ``PaddleOcrEngine.version`` / ``RapidOcrEngine.version`` (package versions and
    the pinned model hashes); ``tests/workers/test_batch.py`` checks it against a loaded
    engine.
    """
    ort = _dist_version("onnxruntime")
    if backend == "paddleocr":
        return f"paddleocr-{_dist_version('paddleocr')}+paddlex-{_dist_version('paddlex')}/onnxruntime-{ort}/{_model_ids()}"
    if backend == "rapidocr":
        return f"rapidocr-{_dist_version('rapidocr')}/onnxruntime-{ort}/{_model_ids()}"
    return "unknown"


def current_versions(settings: Settings | None = None) -> dict[str, str]:
    """The versions a re-verification now records: ``rules``, ``engine``, ``model``, ``extractor``.

    The engine and model are those of an engine override (tests, drills) or of the engine
    already loaded in this process, else derived from the configured backend (no model load).
    """
    settings = settings or get_settings()
    engine: Any = loaded_engine(settings.ocr_backend)
    if engine is not None:
        name, model = str(getattr(engine, "name", type(engine).__name__)), str(getattr(engine, "version", "unknown"))
    else:
        name, model = settings.ocr_backend, expected_model_version(settings.ocr_backend)
    return {"rules": RULES_VERSION, "engine": name, "model": model, "extractor": EXTRACTOR_VERSION}



# ------------------------------------------------------------------------------------------
# Selection
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchFilters:
    """Which stored claims a batch covers (every given filter must hold).

    Only claims that have a report (a verdict) are selected: a claim still being processed
    gets its first report from the normal pipeline.
    """

    submitted_from: date | None = None
    """First ``submitted_on`` date, inclusive."""
    submitted_to: date | None = None
    """Last ``submitted_on`` date, inclusive."""
    branch: str | None = None
    """Branch office code."""
    verdict: str | None = None
    """Current verdict (``clear`` / ``needs_correction`` / ``needs_review``)."""
    stale: bool = False
    """Only claims whose report is of another rules version, or with a current document
    processed by another engine, model or extractor version than the current ones."""
    claim_ids: tuple[str, ...] | None = None
    """Only these claims (e.g. from ``--ids-file``)."""

    def __post_init__(self) -> None:
        if self.verdict is not None and self.verdict not in VERDICTS:
            raise batch_error("batch_bad_verdict", "Verdict tidak dikenal.", f"verdict must be one of {', '.join(VERDICTS)}")
        if self.submitted_from and self.submitted_to and self.submitted_from > self.submitted_to:
            raise batch_error("batch_bad_dates", "Rentang tanggal terbalik.", "--from is after --to")

    def as_json(self) -> dict[str, Any]:
        """JSON-safe form stored on the batch (an id list as its count and hash only)."""
        out: dict[str, Any] = {
            "submitted_from": self.submitted_from.isoformat() if self.submitted_from else None,
            "submitted_to": self.submitted_to.isoformat() if self.submitted_to else None,
            "branch": self.branch,
            "verdict": self.verdict,
            "stale": self.stale,
        }
        if self.claim_ids is not None:
            ids = sorted(set(self.claim_ids))
            out["ids_count"] = len(ids)
            out["ids_sha256"] = hashlib.sha256("\n".join(ids).encode()).hexdigest()
        return out


def read_ids_file(text: str) -> tuple[str, ...]:
    """Claim ids from an ids file: one per line; blank lines and ``#`` comments ignored."""
    ids = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            ids.append(line)
    return tuple(dict.fromkeys(ids))


def stale_condition(versions: Mapping[str, str]) -> Any:
    """SQL condition on ``Claim``: report or a current document of another version than ``versions``."""

    def differs(col: Any, value: str) -> Any:
        return or_(col.is_(None), col != value)

    doc_stale = exists().where(
        Document.claim_id == Claim.id,
        Document.superseded.is_(False),
        Document.state == "done",
        or_(
            differs(Document.engine, versions["engine"]),
            differs(Document.model_version, versions["model"]),
            differs(Document.extractor_version, versions["extractor"]),
        ),
    )
    return or_(differs(Claim.rules_version, versions["rules"]), doc_stale)


def select_claims(session: Session, filters: BatchFilters, versions: Mapping[str, str]) -> list[str]:
    """Ids of the stored claims the filters select (oldest first).

    Raises:
        BatchError: ``batch_unknown_ids`` when ``claim_ids`` names claims that do not exist.
    """
    conds: list[Any] = [Claim.verdict.is_not(None)]
    if filters.branch is not None:
        conds.append(branch_key_sql(Claim.branch) == branch_key(filters.branch))
    if filters.verdict is not None:
        conds.append(Claim.verdict == filters.verdict)
    if filters.submitted_from is not None:
        conds.append(Claim.submitted_on >= filters.submitted_from)
    if filters.submitted_to is not None:
        conds.append(Claim.submitted_on <= filters.submitted_to)
    if filters.stale:
        conds.append(stale_condition(versions))
    q = select(Claim.id).where(and_(*conds)).order_by(Claim.created_at, Claim.id)
    if filters.claim_ids is None:
        return list(session.scalars(q))
    wanted = list(dict.fromkeys(filters.claim_ids))
    known: set[str] = set()
    chosen: set[str] = set()
    for start in range(0, len(wanted), ENQUEUE_CHUNK):
        chunk = wanted[start : start + ENQUEUE_CHUNK]
        known.update(session.scalars(select(Claim.id).where(Claim.id.in_(chunk))))
        chosen.update(session.scalars(q.where(Claim.id.in_(chunk))))
    unknown = len(wanted) - len(known)
    if unknown:
        raise batch_error("batch_unknown_ids", f"{unknown} id klaim tidak ditemukan.",
                     f"{unknown} claim id(s) in the list do not exist", http_status=404)
    return [cid for cid in wanted if cid in chosen]


def batch_key(filters: BatchFilters, depth: str, versions: Mapping[str, str]) -> str:
    """The batch key: the same filters, depth and current versions give the same batch."""
    blob = json.dumps({"filters": filters.as_json(), "depth": depth, "versions": dict(versions)}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def find_batch_by_key(session: Session, key: str) -> Batch | None:
    """The newest batch created with ``key`` (None when there is none)."""
    rows = session.scalars(select(Batch).order_by(Batch.created_at.desc()).limit(RECENT_BATCHES_SCANNED))
    for batch in rows:
        if isinstance(batch.filters, dict) and batch.filters.get("batch_key") == key:
            return batch
    return None


# ------------------------------------------------------------------------------------------
# Starting, resuming, enqueueing
# ------------------------------------------------------------------------------------------


@dataclass
class BatchStart:
    """What starting (or resuming) a batch did."""

    batch_id: str | None
    """None for a dry run."""
    selected: int
    """Claims the filters select now."""
    total: int = 0
    """Items of the batch."""
    added: int = 0
    """Items added by this call (all of them for a new batch; a top-up when resumed)."""
    enqueued: int = 0
    """Jobs sent to the queue by this call."""
    resumed: bool = False
    """An existing batch (same key, or ``--resume``) was continued."""
    dry_run: bool = False
    sample: list[str] = field(default_factory=list)
    """The first selected claim ids (dry run)."""
    key: str | None = None
    """The batch key."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "batch_id": self.batch_id, "selected": self.selected, "total": self.total, "added": self.added,
            "enqueued": self.enqueued, "resumed": self.resumed, "dry_run": self.dry_run,
            "sample": list(self.sample), "key": self.key,
        }


def _add_items(session: Session, batch: Batch, claim_ids: Sequence[str]) -> int:
    """Add items for the claims not yet in the batch (old verdict = the current one)."""
    have = set(session.scalars(select(BatchItem.claim_id).where(BatchItem.batch_id == batch.id)))
    new = [cid for cid in claim_ids if cid not in have]
    for start in range(0, len(new), ENQUEUE_CHUNK):
        chunk = new[start : start + ENQUEUE_CHUNK]
        verdicts = dict(session.execute(select(Claim.id, Claim.verdict).where(Claim.id.in_(chunk))).all())
        session.add_all(
            BatchItem(batch_id=batch.id, claim_id=cid, state="queued", old_verdict=verdicts.get(cid)) for cid in chunk
        )
    session.flush()
    return len(new)


def _reopen(session: Session, batch: Batch, *, retry_failed: bool) -> None:
    """Put failed items back to ``queued`` (when asked) and the batch back to ``running``."""
    if retry_failed:
        session.execute(
            update(BatchItem)
            .where(BatchItem.batch_id == batch.id, BatchItem.state == "failed")
            .values(state="queued", error_code=None, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    queued = session.scalar(
        select(func.count()).select_from(BatchItem).where(BatchItem.batch_id == batch.id, BatchItem.state == "queued")
    )
    if queued:
        batch.status = "running"
        batch.finished_at = None
    session.flush()


def start_batch(
    filters: BatchFilters,
    depth: str = "matching",
    *,
    created_by: str = "cli",
    dry_run: bool = False,
    new: bool = False,
    connection: Any = None,
    settings: Settings | None = None,
    sample_size: int = 10,
) -> BatchStart:
    """Select claims and create (or continue) a batch, then send the jobs of unfinished items.

    Args:
        filters: the claim selection.
        depth: ``matching`` or ``full``.
        created_by: the actor (user name, or ``cli``).
        dry_run: count and sample only; nothing is written or sent.
        new: always create a new batch, even when one with the same key exists.
        connection: Redis connection; None sends nothing (run :func:`run_inline` then).

    Returns:
        What was done. A batch with the same key (same filters, depth and current versions)
        is continued: claims now selected that it lacks are added, items already done are
        skipped, failed ones retried.
    """
    if depth not in BATCH_DEPTHS:
        raise batch_error("batch_bad_depth", "Kedalaman tidak dikenal.", f"depth must be one of {', '.join(BATCH_DEPTHS)}")
    settings = settings or get_settings()
    url = ensure_schema(settings)
    versions = current_versions(settings)
    key = batch_key(filters, depth, versions)
    with session_scope(url) as session:
        ids = select_claims(session, filters, versions)
        if dry_run:
            return BatchStart(None, len(ids), dry_run=True, sample=ids[:sample_size], key=key)
        existing = None if new else find_batch_by_key(session, key)
        if existing is not None:
            batch = existing
            added = _add_items(session, batch, ids)
            _reopen(session, batch, retry_failed=True)
            resumed = True
        else:
            stored_filters = {**filters.as_json(), "batch_key": key, "versions": versions}
            batch = repo.create_batch(session, stored_filters, depth, ids, created_by=created_by)
            added, resumed = len(ids), False
            if not ids:
                batch.status = "done"
                batch.finished_at = utcnow()
        batch_id = batch.id
        repo.record_audit(session, created_by, "batch.resumed" if resumed else "batch.created", None,
                          {"batch_id": batch_id, "depth": depth, "selected": len(ids), "added": added})
    enqueued = enqueue_unfinished(batch_id, connection, settings) if connection is not None else 0
    with session_scope(url) as session:
        total = session.scalar(select(func.count()).select_from(BatchItem).where(BatchItem.batch_id == batch_id))
    return BatchStart(batch_id, len(ids), int(total or 0), added, enqueued, resumed, key=key)


def resume_batch(
    batch_id: str,
    *,
    retry_failed: bool = True,
    connection: Any = None,
    settings: Settings | None = None,
    actor: str = "cli",
) -> BatchStart:
    """Continue a batch: re-send the jobs of items not done (failed ones too, by default).

    Items whose job still waits in the queue are not sent twice; an item whose job was in
    flight on a worker that died is sent again (the item's compare-and-set makes a second run
    of a live job a no-op).
    """
    settings = settings or get_settings()
    url = ensure_schema(settings)
    with session_scope(url) as session:
        batch = repo.get_batch(session, batch_id)
        _reopen(session, batch, retry_failed=retry_failed)
        total = session.scalar(select(func.count()).select_from(BatchItem).where(BatchItem.batch_id == batch_id))
        key = (batch.filters or {}).get("batch_key")
        repo.record_audit(session, actor, "batch.resumed", None, {"batch_id": batch_id})
    enqueued = enqueue_unfinished(batch_id, connection, settings) if connection is not None else 0
    return BatchStart(batch_id, int(total or 0), int(total or 0), 0, enqueued, True, key=key)


def job_id_for(batch_id: str, claim_id: str) -> str:
    """A fresh job id ``reverify-<batch>-<claim>-<nonce>`` (RQ allows letters, digits, ``_``, ``-``).

    The prefix finds a claim's waiting job; the nonce keeps a re-sent job apart from a lost one.
    """
    return f"reverify-{batch_id}-{claim_id}-{secrets.token_hex(4)}"


def _waiting_claims(queue: Any, batch_id: str) -> set[str]:
    """Claims of ``batch_id`` whose job is still waiting in ``queue``."""
    prefix = f"reverify-{batch_id}-"
    out: set[str] = set()
    for jid in queue.get_job_ids():
        if jid.startswith(prefix):
            out.add(jid[len(prefix):].rsplit("-", 1)[0])
    return out


def enqueue_unfinished(batch_id: str, connection: Any, settings: Settings | None = None) -> int:
    """Send one job per ``queued`` item of the batch that has none waiting; return how many."""
    settings = settings or get_settings()
    url = settings.resolved_database_url
    with session_scope(url) as session:
        batch = repo.get_batch(session, batch_id)
        depth = batch.depth
        ids = list(session.scalars(
            select(BatchItem.claim_id).where(BatchItem.batch_id == batch_id, BatchItem.state == "queued")
            .order_by(BatchItem.id)
        ))
        if not ids:
            refresh_counts(session, batch_id)
            return 0
    queue = make_queue(connection, settings, batch_queue_name(settings))
    waiting = _waiting_claims(queue, batch_id)
    todo = [cid for cid in ids if cid not in waiting]
    timeout = settings.job_timeout_s if depth == "full" else MATCHING_JOB_TIMEOUT_S
    for start in range(0, len(todo), ENQUEUE_CHUNK):
        chunk = todo[start : start + ENQUEUE_CHUNK]
        with connection.pipeline() as pipe:
            queue.enqueue_many(
                [
                    queue.prepare_data(
                        JOB_REVERIFY, args=(batch_id, cid), job_id=job_id_for(batch_id, cid), timeout=timeout,
                        result_ttl=RESULT_TTL_S, description=f"reverify {batch_id} {cid}",
                    )
                    for cid in chunk
                ],
                pipeline=pipe,
            )
            pipe.execute()
    return len(todo)
