"""Batch re-verification of stored claims: selection, RQ jobs, progress and the diff report.

An operator (``eklaim reverify``) or an admin (``POST /v1/admin/batches``) starts a batch:
a selection of stored claims (date range, branch, verdict, stale versions, explicit ids) and
a depth:

* ``matching``: re-run the rules on the stored document results (no OCR, milliseconds per
  claim) with the verify job's own steps (:mod:`workers.verify`);
* ``full``: OCR every current document again (the document job's body,
  ``workers.service.process_document``, which records the engine, model and extractor
  versions), then the same report rebuild.

Work goes through RQ on a dedicated queue, ``<queue_name>-batch`` (:func:`batch_queue_name`),
so a batch of a hundred thousand claims never delays live intake on the main queue; any
number of batch workers on any number of machines share it (``eklaim reverify --serve``, or
``rq worker -w workers.batch.jobs.BatchWorker -S rq.serializers.JSONSerializer eklaim-batch``).
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

The package: :mod:`~workers.batch.lifecycle` (versions, selection, start/resume, sending the
jobs), :mod:`~workers.batch.jobs` (the per-claim job, the inline runner, the batch worker),
:mod:`~workers.batch.report` (progress, verdict transitions, the diff report) and
:mod:`~workers.batch.common` (error and constants). The operator's progress screen and the
``eklaim reverify`` command are in :mod:`api.cli.reverify`.
"""

from __future__ import annotations

from workers.batch.common import BatchError
from workers.batch.jobs import (
    BatchWorker,
    ReverifyOutcome,
    batch_workers,
    reverify_claim,
    reverify_claim_job,
    run_batch_worker,
    run_inline,
)
from workers.batch.lifecycle import (
    BatchFilters,
    BatchStart,
    batch_key,
    current_versions,
    enqueue_unfinished,
    expected_model_version,
    read_ids_file,
    resume_batch,
    select_claims,
    start_batch,
)
from workers.batch.report import (
    batch_report,
    batch_status,
    diff_checks,
    live_counts,
    refresh_counts,
    report_csv,
    report_items,
    summarise,
)
from workers.queue import BATCH_QUEUE_SUFFIX, batch_queue_name

__all__ = [
    "BATCH_QUEUE_SUFFIX",
    "BatchError",
    "BatchFilters",
    "BatchStart",
    "BatchWorker",
    "ReverifyOutcome",
    "batch_key",
    "batch_queue_name",
    "batch_report",
    "batch_status",
    "batch_workers",
    "current_versions",
    "diff_checks",
    "enqueue_unfinished",
    "expected_model_version",
    "live_counts",
    "read_ids_file",
    "refresh_counts",
    "report_csv",
    "report_items",
    "resume_batch",
    "reverify_claim",
    "reverify_claim_job",
    "run_batch_worker",
    "run_inline",
    "select_claims",
    "start_batch",
    "summarise",
]
