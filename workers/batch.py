"""Batch re-verification of stored claims: selection, RQ jobs, progress and the diff report.

An operator (``eklaim reverify``) or an admin (``POST /v1/admin/batches``) starts a batch:
a selection of stored claims (date range, branch, verdict, stale versions, explicit ids) and
a depth:

* ``matching``: re-run the rules on the stored document results (no OCR, milliseconds per
  claim) with :mod:`workers.restore` -- the verify job's own steps;
* ``full``: OCR every current document again (the document job's body,
  ``workers.service.process_document``, which records the engine, model and extractor
  versions), then the same report rebuild.

Work goes through RQ on a dedicated queue, ``<queue_name>-batch`` (:func:`batch_queue_name`),
so a batch of a hundred thousand claims never delays live intake on the main queue; any
number of batch workers on any number of machines share it (``eklaim reverify --serve``, or
``rq worker -w workers.batch.BatchWorker -S rq.serializers.JSONSerializer eklaim-batch``).
One small job per claim: ``reverify_claim_job(batch_id, claim_id)``.

The database is the record of truth: one ``BatchItem`` per claim (its old verdict taken when
the batch is created). A job finishes its item with a compare-and-set (``state != 'done'``)
in the same transaction that saves the new report, so a claim is counted and re-reported
exactly once even when a job runs twice (a worker killed mid-batch, a resume that re-sends
a job that was in flight). Resuming (``--resume ID``, or the same filters and current
versions giving the same *batch key*) re-sends the jobs of unfinished items only, skipping
those still waiting in the queue.

Results per batch: counts (total/queued/done/failed/changed) and verdict transitions
(``"clear->needs_correction": 3``) in ``Batch.counts`` once finished (live while running),
and the diff report -- claims whose verdict or check statuses changed, with check names and
old/new statuses only (no personal data) -- as CSV or JSON.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rq import SimpleWorker
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from intake import repo
from intake.db import ensure_schema, session_scope
from intake.errors import EklaimError, Message
from intake.models import BATCH_DEPTHS, VERDICTS, Batch, BatchItem, Claim, Document, utcnow
from intake.settings import Settings, get_settings

log = logging.getLogger(__name__)

BATCH_QUEUE_SUFFIX = "-batch"
"""The batch queue is the main queue's name plus this."""
JOB_REVERIFY = "workers.batch.reverify_claim_job"
"""Dotted name of the per-claim job (sent by name: the API never imports the OCR stack)."""
MATCHING_JOB_TIMEOUT_S = 60
"""Job timeout of a matching-only claim (rules on stored results)."""
RESULT_TTL_S = 600
"""How long RQ keeps a finished re-verify job's small result (the database keeps the truth)."""
ENQUEUE_CHUNK = 500
"""Jobs sent per Redis pipeline."""
RECENT_BATCHES_SCANNED = 500
"""How many recent batches are compared when looking a batch key up."""
REPORT_FORMATS: tuple[str, ...] = ("csv", "json")
"""Export formats of the diff report."""
CSV_COLUMNS: tuple[str, ...] = ("claim_id", "old_verdict", "new_verdict", "changed_checks")
"""Columns of the CSV report; ``changed_checks`` is ``check:old->new`` joined by ``; ``."""


class BatchError(EklaimError):
    """A batch request that cannot be carried out (bad filter, unknown ids, no queue)."""

    http_status = 422


def _error(code: str, id_text: str, en_text: str, http_status: int | None = None) -> BatchError:
    return BatchError(code, Message(id=id_text, en=en_text), http_status=http_status)


def batch_queue_name(settings: Settings | None = None) -> str:
    """Name of the RQ queue batch jobs go to (``eklaim-batch`` by default)."""
    return (settings or get_settings()).queue_name + BATCH_QUEUE_SUFFIX


# ------------------------------------------------------------------------------------------
# Versions
# ------------------------------------------------------------------------------------------


def expected_model_version(backend: str) -> str:
    """The ``version`` string the configured backend will record, without loading it.

    Mirrors ``PaddleOcrEngine.version`` / ``RapidOcrEngine.version`` (package versions and
    the pinned model hashes); ``tests/workers/test_batch.py`` checks it against a loaded
    engine.
    """
    from ocr.engine import _dist_version, _model_ids  # noqa: PLC2701 - same derivation

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
    from matching.rules import RULES_VERSION
    from ocr.engine import loaded_engine
    from ocr.pipeline import EXTRACTOR_VERSION

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
            raise _error("batch_bad_verdict", "Verdict tidak dikenal.", f"verdict must be one of {', '.join(VERDICTS)}")
        if self.submitted_from and self.submitted_to and self.submitted_from > self.submitted_to:
            raise _error("batch_bad_dates", "Rentang tanggal terbalik.", "--from is after --to")

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
        conds.append(Claim.branch == filters.branch)
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
        raise _error("batch_unknown_ids", f"{unknown} id klaim tidak ditemukan.",
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
        raise _error("batch_bad_depth", "Kedalaman tidak dikenal.", f"depth must be one of {', '.join(BATCH_DEPTHS)}")
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
    from workers.queue import make_queue

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


# ------------------------------------------------------------------------------------------
# The job
# ------------------------------------------------------------------------------------------


@dataclass
class ReverifyOutcome:
    """What one ``reverify_claim_job`` did (returned to RQ as a small JSON dict)."""

    outcome: str
    """``done``, ``failed``, or ``skipped`` (already done, not in the batch, duplicate run)."""
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {"outcome": self.outcome, **self.detail}


class _NoFollowUps:
    """Dispatcher for the document job run inside a batch job: sends nothing.

    The batch job builds and saves the report itself (after its compare-and-set), so the
    document job must not queue a verify job of its own.
    """

    def enqueue_document(self, doc_id: str, attempt: int) -> str:
        """Nothing is sent."""
        return ""

    def enqueue_verify(self, claim_id: str) -> str:
        """Nothing is sent."""
        return ""

    def enqueue_webhook(self, claim_id: str) -> str:
        """Nothing is sent."""
        return ""

    def job_pending(self, job_id: str) -> bool:
        """No job is pending here."""
        return False


def diff_checks(old_report: Mapping[str, Any] | None, new_report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Checks whose status differs between two contract reports: ``[{"check", "old", "new"}]``.

    Names and statuses only (no typed or found values). A check absent from the old report
    (or no old report) has ``old`` None.
    """

    def statuses(report: Mapping[str, Any] | None) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for c in (report or {}).get("checks") or []:
            if isinstance(c, Mapping) and "check" in c:
                out[str(c["check"])] = c.get("status")
        return out

    old, new = statuses(old_report), statuses(new_report)
    names = list(new) + [n for n in old if n not in new]
    return [{"check": n, "old": old.get(n), "new": new.get(n)} for n in names if old.get(n) != new.get(n)]


def _reprocess_documents(session_url: str, claim_id: str, settings: Settings) -> list[str]:
    """OCR the claim's current documents again with the document job's body; return outcomes."""
    from workers.jobs import pipeline_context
    from workers.service import process_document

    with session_scope(session_url) as session:
        doc_ids = [d.id for d in repo.current_documents(session, claim_id).values()]
        for doc_id in doc_ids:
            doc = repo.get_document(session, doc_id)
            if doc.state in ("done", "failed"):
                repo.mark_document(session, doc_id, "queued")
    ctx = pipeline_context()
    return [process_document(doc_id, _NoFollowUps(), settings=settings, ctx=ctx).outcome for doc_id in doc_ids]


def _fail_item(url: str, batch_id: str, claim_id: str, code: str) -> None:
    with session_scope(url) as session:
        session.execute(
            update(BatchItem)
            .where(BatchItem.batch_id == batch_id, BatchItem.claim_id == claim_id, BatchItem.state == "queued")
            .values(state="failed", error_code=code[:64], updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        _finish_if_complete(session, batch_id)


def _finish_if_complete(session: Session, batch_id: str) -> None:
    """Store the final counts when no item of the batch is left ``queued``."""
    left = session.scalar(
        select(func.count()).select_from(BatchItem).where(BatchItem.batch_id == batch_id, BatchItem.state == "queued")
    )
    if not left:
        refresh_counts(session, batch_id)


def reverify_claim(batch_id: str, claim_id: str, *, settings: Settings | None = None) -> ReverifyOutcome:
    """Re-verify one claim of a batch exactly once (the body of :func:`reverify_claim_job`).

    Reads the item and the batch's depth; for ``full`` OCRs the documents again; rebuilds the
    report from the stored results; then, in one transaction, finishes the item with a
    compare-and-set (a second run finds it done and writes nothing), saves the report with
    the current rules version and appends a ``claim.reverified`` audit event.
    """
    from matching.rules import RULES_VERSION
    from workers.restore import load_stored_claim, rebuild_report

    settings = settings or get_settings()
    url = settings.resolved_database_url
    ids = {"batch_id": batch_id, "claim_id": claim_id}
    with session_scope(url) as session:
        item = session.scalars(
            select(BatchItem).where(BatchItem.batch_id == batch_id, BatchItem.claim_id == claim_id)
        ).one_or_none()
        if item is None:
            return ReverifyOutcome("skipped", {**ids, "why": "not_in_batch"})
        if item.state != "queued":
            return ReverifyOutcome("skipped", {**ids, "why": item.state})
        batch = repo.get_batch(session, batch_id)
        if batch.status == "cancelled":
            return ReverifyOutcome("skipped", {**ids, "why": "cancelled"})
        depth, old_verdict = batch.depth, item.old_verdict
    try:
        if depth == "full":
            _reprocess_documents(url, claim_id, settings)
        with session_scope(url) as session:
            stored = load_stored_claim(session, claim_id)
        report = rebuild_report(stored)
    except EklaimError as exc:
        _fail_item(url, batch_id, claim_id, exc.code)
        return ReverifyOutcome("failed", {**ids, "code": exc.code})
    except Exception as exc:
        _fail_item(url, batch_id, claim_id, f"error_{type(exc).__name__}")
        raise
    contract = report.as_contract()
    changed = diff_checks(stored.old_report, contract)
    with session_scope(url) as session:
        now = utcnow()
        res = session.execute(
            update(BatchItem)
            .where(BatchItem.batch_id == batch_id, BatchItem.claim_id == claim_id, BatchItem.state != "done")
            .values(state="done", new_verdict=report.verdict, changed_checks=changed, error_code=None, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if (res.rowcount or 0) != 1:
            return ReverifyOutcome("skipped", {**ids, "why": "duplicate"})
        repo.save_report(session, claim_id, contract, report.verdict, RULES_VERSION)
        repo.record_audit(
            session, "worker", "claim.reverified", claim_id,
            {"batch_id": batch_id, "depth": depth, "old_verdict": old_verdict, "new_verdict": report.verdict,
             "rules_version": RULES_VERSION, "changed_checks": [c["check"] for c in changed]},
        )
        _finish_if_complete(session, batch_id)
    return ReverifyOutcome("done", {**ids, "old_verdict": old_verdict, "new_verdict": report.verdict,
                                    "changed": len(changed)})


def reverify_claim_job(batch_id: str, claim_id: str) -> dict[str, Any]:
    """RQ job: re-verify one claim of a batch (ids only; a no-op when already done)."""
    outcome = reverify_claim(batch_id, claim_id)
    log.info("reverify job", extra={"batch_id": batch_id, "claim_id": claim_id, "outcome": outcome.outcome})
    return outcome.as_dict()


def run_inline(batch_id: str, *, settings: Settings | None = None, stop: threading.Event | None = None) -> int:
    """Run the batch's unfinished items in this thread (no Redis: the embedded default).

    Returns:
        How many items this call handled; stops early when ``stop`` is set (resumable).
    """
    settings = settings or get_settings()
    url = ensure_schema(settings)
    with session_scope(url) as session:
        ids = list(session.scalars(
            select(BatchItem.claim_id).where(BatchItem.batch_id == batch_id, BatchItem.state == "queued")
            .order_by(BatchItem.id)
        ))
    n = 0
    for cid in ids:
        if stop is not None and stop.is_set():
            break
        try:
            reverify_claim(batch_id, cid, settings=settings)
        except Exception as exc:  # noqa: BLE001 - recorded on the item as a code
            log.warning("reverify failed", extra={"batch_id": batch_id, "claim_id": cid, "error": type(exc).__name__})
        n += 1
    if not ids:
        with session_scope(url) as session:
            refresh_counts(session, batch_id)
    return n


# ------------------------------------------------------------------------------------------
# Progress and results
# ------------------------------------------------------------------------------------------


def live_counts(session: Session, batch_id: str) -> dict[str, int]:
    """``{"total", "queued", "done", "failed"}`` counted now (cheap: one grouped query)."""
    counts = {"total": 0, "queued": 0, "done": 0, "failed": 0}
    rows = session.execute(
        select(BatchItem.state, func.count()).where(BatchItem.batch_id == batch_id).group_by(BatchItem.state)
    ).all()
    for state, n in rows:
        counts[str(state)] = counts.get(str(state), 0) + int(n)
        counts["total"] += int(n)
    return counts


def _changed(old: str | None, new: str | None, checks: Any) -> bool:
    return old != new or bool(checks)


def summarise(session: Session, batch_id: str) -> dict[str, Any]:
    """Counts, verdict transitions and checks-changed totals of a batch, computed now.

    Returns:
        ``{"total", "queued", "done", "failed", "changed", "verdict_changed",
        "transitions": {"old->new": n (done items, all pairs)},
        "verdict_changes": {"old->new": n (old != new only)},
        "check_changes": {"check": n}}`` -- a verdict ``None`` (never verified) reads ``none``.
    """
    counts = live_counts(session, batch_id)
    transitions: dict[str, int] = {}
    verdict_changes: dict[str, int] = {}
    check_changes: dict[str, int] = {}
    changed = verdict_changed = 0
    rows = session.execute(
        select(BatchItem.old_verdict, BatchItem.new_verdict, BatchItem.changed_checks)
        .where(BatchItem.batch_id == batch_id, BatchItem.state == "done")
    ).all()
    for old, new, checks in rows:
        pair = f"{old or 'none'}->{new or 'none'}"
        transitions[pair] = transitions.get(pair, 0) + 1
        if old != new:
            verdict_changed += 1
            verdict_changes[pair] = verdict_changes.get(pair, 0) + 1
        if _changed(old, new, checks):
            changed += 1
        for c in checks or []:
            if isinstance(c, Mapping):
                check_changes[str(c.get("check"))] = check_changes.get(str(c.get("check")), 0) + 1
    return {
        **counts, "changed": changed, "verdict_changed": verdict_changed,
        "transitions": dict(sorted(transitions.items())), "verdict_changes": dict(sorted(verdict_changes.items())),
        "check_changes": dict(sorted(check_changes.items())),
    }


def refresh_counts(session: Session, batch_id: str) -> dict[str, Any]:
    """Recount the batch and store the summary in ``Batch.counts`` (``done`` when none is queued)."""
    repo.batch_counts(session, batch_id)  # sets status/finished_at
    summary = summarise(session, batch_id)
    batch = repo.get_batch(session, batch_id)
    batch.counts = summary
    session.flush()
    return summary


def batch_status(session: Session, batch_id: str, *, detail: bool = True) -> dict[str, Any]:
    """The batch's public progress: id, depth, status, filters, times and counts (live)."""
    batch = repo.get_batch(session, batch_id)
    counts = summarise(session, batch_id) if detail else live_counts(session, batch_id)
    filters = {k: v for k, v in (batch.filters or {}).items() if k not in ("batch_key", "versions")}
    status = batch.status
    if status in ("queued", "running") and counts["total"] and counts["queued"] == 0:
        status = "done"
    elif status == "queued" and counts["queued"] < counts["total"]:
        status = "running"
    return {
        "id": batch.id,
        "depth": batch.depth,
        "status": status,
        "filters": filters,
        "key": (batch.filters or {}).get("batch_key"),
        "versions": (batch.filters or {}).get("versions"),
        "created_by": batch.created_by,
        "created_at": batch.created_at.isoformat() if batch.created_at else None,
        "finished_at": batch.finished_at.isoformat() if batch.finished_at else None,
        "counts": counts,
    }


def report_items(session: Session, batch_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The diff report: (changed claims, failed claims), by claim id.

    A changed claim is ``{"claim_id", "old_verdict", "new_verdict", "changed_checks":
    [{"check", "old", "new"}]}``; a failed one ``{"claim_id", "error_code"}``. No personal data.
    """
    repo.get_batch(session, batch_id)
    rows = session.execute(
        select(BatchItem.claim_id, BatchItem.state, BatchItem.old_verdict, BatchItem.new_verdict,
               BatchItem.changed_checks, BatchItem.error_code)
        .where(BatchItem.batch_id == batch_id, BatchItem.state.in_(("done", "failed")))
        .order_by(BatchItem.claim_id)
    ).all()
    changed, failed = [], []
    for cid, state, old, new, checks, code in rows:
        if state == "failed":
            failed.append({"claim_id": cid, "error_code": code})
        elif _changed(old, new, checks):
            changed.append({
                "claim_id": cid, "old_verdict": old, "new_verdict": new,
                "changed_checks": [{"check": c.get("check"), "old": c.get("old"), "new": c.get("new")}
                                   for c in (checks or []) if isinstance(c, Mapping)],
            })
    return changed, failed


def report_csv(changed: Iterable[Mapping[str, Any]]) -> str:
    """CSV of the changed claims (:data:`CSV_COLUMNS`)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for row in changed:
        checks = "; ".join(f"{c['check']}:{c['old'] or 'none'}->{c['new'] or 'none'}" for c in row["changed_checks"])
        w.writerow([row["claim_id"], row["old_verdict"] or "", row["new_verdict"] or "", checks])
    return buf.getvalue()


def batch_report(session: Session, batch_id: str, fmt: str = "json") -> str | dict[str, Any]:
    """The batch's diff report: a CSV string, or ``{"batch": status, "changed": [...], "failed": [...]}``."""
    if fmt not in REPORT_FORMATS:
        raise _error("batch_bad_format", "Format laporan tidak dikenal.", "format must be csv or json")
    changed, failed = report_items(session, batch_id)
    if fmt == "csv":
        return report_csv(changed)
    return {"batch": batch_status(session, batch_id), "changed": changed, "failed": failed}


# ------------------------------------------------------------------------------------------
# Workers
# ------------------------------------------------------------------------------------------



class BatchWorker(SimpleWorker):
    """RQ worker for the batch queue: runs jobs in its own process (no fork per job).

    A matching-only job takes milliseconds, so a fork per job would cost more than the job;
    a full-depth job reuses the OCR engine this process loaded on its first job.
    """


def run_batch_worker(settings: Settings | None = None, *, burst: bool = False, name: str | None = None) -> bool:
    """Work the batch queue until stopped (or until it is empty with ``burst``)."""
    from rq.serializers import JSONSerializer

    from workers.queue import make_queue, redis_connection

    settings = settings or get_settings()
    if not settings.redis_url:
        raise _error("batch_no_queue", "Antrean (Redis) belum diatur.", "EKLAIM_REDIS_URL is not set: no batch queue")
    ensure_schema(settings)
    conn = redis_connection(settings.redis_url)
    worker = BatchWorker([make_queue(conn, settings, batch_queue_name(settings))], connection=conn,
                         serializer=JSONSerializer, name=name)
    return bool(worker.work(burst=burst, logging_level="WARNING"))


def batch_workers(connection: Any, settings: Settings | None = None) -> int:
    """How many RQ workers listen on the batch queue now."""
    from rq import Worker

    from workers.queue import make_queue

    return len(Worker.all(queue=make_queue(connection, settings, batch_queue_name(settings))))


# ------------------------------------------------------------------------------------------
# Operator view: a rich progress bar polling the database
# ------------------------------------------------------------------------------------------


def watch_batch(
    batch_id: str,
    console: Any,
    *,
    settings: Settings | None = None,
    poll_s: float = 0.5,
    idle_hint: Callable[[], str | None] | None = None,
    timeout_s: float | None = None,
) -> dict[str, Any]:
    """Show a progress bar (done/total, claims per minute, ETA) until the batch finishes.

    Ctrl-C (``KeyboardInterrupt``) propagates to the caller, which stops watching: the batch
    keeps going in the workers. ``idle_hint`` is asked after 10 s without progress for a line
    to print once (e.g. "no worker listens on the batch queue").

    Returns:
        The final :func:`batch_status` (with the diff summary).
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Claims per minute."""

        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text("-- claims/min" if not speed else f"{speed * 60:,.0f} claims/min", style="cyan")

    settings = settings or get_settings()
    url = ensure_schema(settings)
    started = last_move = time.monotonic()
    hinted = False
    with session_scope(url) as session:
        counts = live_counts(session, batch_id)
        repo.get_batch(session, batch_id)
    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
        TextColumn("failed {task.fields[failed]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=console, transient=False, speed_estimate_period=60.0,
    )
    with progress:
        task = progress.add_task(f"batch {batch_id[:8]}", total=counts["total"] or 1,
                                 completed=counts["done"] + counts["failed"], failed=counts["failed"])
        last = counts["done"] + counts["failed"]
        while True:
            with session_scope(url) as session:
                counts = live_counts(session, batch_id)
            finished = counts["done"] + counts["failed"]
            progress.update(task, total=counts["total"] or 1, completed=finished, failed=counts["failed"])
            if finished != last:
                last, last_move = finished, time.monotonic()
            if counts["queued"] == 0:
                break
            if not hinted and idle_hint is not None and time.monotonic() - last_move > 10:
                hint = idle_hint()
                if hint:
                    console.print(hint)
                hinted = True
            if timeout_s is not None and time.monotonic() - started > timeout_s:
                break
            time.sleep(poll_s)
    with session_scope(url) as session:
        if counts["queued"] == 0:
            refresh_counts(session, batch_id)
        return batch_status(session, batch_id)


__all__ = [
    "BATCH_QUEUE_SUFFIX",
    "BatchError",
    "BatchFilters",
    "BatchStart",
    "BatchWorker",
    "batch_key",
    "batch_queue_name",
    "batch_report",
    "batch_status",
    "current_versions",
    "diff_checks",
    "enqueue_unfinished",
    "live_counts",
    "read_ids_file",
    "refresh_counts",
    "report_items",
    "resume_batch",
    "reverify_claim",
    "reverify_claim_job",
    "run_batch_worker",
    "run_inline",
    "select_claims",
    "start_batch",
    "summarise",
    "watch_batch",
]


# ------------------------------------------------------------------------------------------
# The ``eklaim reverify`` command (the CLI module only parses options)
# ------------------------------------------------------------------------------------------


@dataclass
class ReverifyOptions:
    """Options of ``eklaim reverify``."""

    filters: BatchFilters = field(default_factory=BatchFilters)
    depth: str = "matching"
    dry_run: bool = False
    new: bool = False
    resume: str | None = None
    watch: str | None = None
    report: str | None = None
    report_format: str = "csv"
    output: Any = None
    """Path for the report (stdout when None)."""
    wait: bool = True
    """Watch the progress after starting."""
    serve: bool = False
    burst: bool = False


def _idle_hint(connection: Any, settings: Settings) -> Callable[[], str | None]:
    def hint() -> str | None:
        try:
            if batch_workers(connection, settings) == 0:
                return (f"[yellow]no worker listens on the queue {batch_queue_name(settings)!r}: start one with "
                        "`eklaim reverify --serve` (on any machine)[/yellow]")
        except Exception:  # noqa: BLE001 - a hint only
            return None
        return None

    return hint


def _print_summary(status: Mapping[str, Any], console: Any) -> None:
    c = status["counts"]
    console.print(f"batch {status['id']} {status['status']}: {c['done']}/{c['total']} done, {c['failed']} failed, "
                  f"{c.get('changed', 0)} changed ({c.get('verdict_changed', 0)} verdicts)")
    for pair, n in (c.get("verdict_changes") or {}).items():
        console.print(f"  {pair}: {n}")


def reverify_command(opts: ReverifyOptions, out: Any, err: Any, settings: Settings | None = None) -> int:
    """Carry out ``eklaim reverify``; returns the exit code (130 when Ctrl-C stopped the watching)."""
    settings = settings or get_settings()
    url = ensure_schema(settings)
    if opts.serve:
        run_batch_worker(settings, burst=opts.burst)
        return 0
    if opts.report:
        with session_scope(url) as session:
            report = batch_report(session, opts.report, opts.report_format)
            repo.record_audit(session, "cli", "batch.report_viewed", None,
                              {"batch_id": opts.report, "format": opts.report_format})
        text = report if isinstance(report, str) else json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        if opts.output is not None:
            opts.output.write_text(text, encoding="utf-8")
            err.print(f"report written to {opts.output}")
        else:
            out.file.write(text)
        return 0
    connection = None
    if settings.redis_url:
        from workers.queue import redis_connection

        connection = redis_connection(settings.redis_url)
    if opts.watch:
        batch_id = opts.watch
    elif opts.resume:
        start = resume_batch(opts.resume, connection=connection, settings=settings)
        batch_id = opts.resume
        err.print(f"batch {batch_id} resumed: {start.enqueued} job(s) sent")
    else:
        start = start_batch(opts.filters, opts.depth, created_by="cli", dry_run=opts.dry_run, new=opts.new,
                            connection=connection, settings=settings)
        if opts.dry_run:
            out.print(f"{start.selected} claim(s) selected (dry run: nothing started)")
            for cid in start.sample:
                out.print(f"  {cid}")
            return 0
        batch_id = start.batch_id or ""
        verb = "resumed (same filters and versions)" if start.resumed else "created"
        err.print(f"batch {batch_id} {verb}: {start.total} claim(s), {start.enqueued} job(s) sent"
                  + ("" if connection is not None else " (no Redis: running here)"))
    stop = threading.Event()
    runner = None
    if connection is None and not opts.watch:
        runner = threading.Thread(target=run_inline, args=(batch_id,), kwargs={"settings": settings, "stop": stop},
                                  daemon=True)
        runner.start()
    elif not opts.wait:
        out.print(batch_id)
        return 0
    try:
        status = watch_batch(batch_id, err, settings=settings,
                             idle_hint=_idle_hint(connection, settings) if connection is not None else None)
    except KeyboardInterrupt:
        stop.set()
        if runner is None:
            err.print(f"stopped watching; the batch goes on in the workers: `eklaim reverify --watch {batch_id}`")
        else:
            runner.join()
            err.print(f"stopped; resume with `eklaim reverify --resume {batch_id}`")
        return 130
    if runner is not None:
        runner.join()
    _print_summary(status, err)
    err.print(f"diff report: `eklaim reverify --report {batch_id} --format csv|json`")
    out.print(batch_id)
    return 0
