"""What every part of the batch package shares: its error and its constants."""

from __future__ import annotations

from intake.errors import EklaimError, Message

JOB_REVERIFY = "workers.batch.jobs.reverify_claim_job"
"""Dotted name of the per-claim job (sent by name: RQ imports it in the worker)."""
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


def batch_error(code: str, id_text: str, en_text: str, http_status: int | None = None) -> BatchError:
    """A :class:`BatchError` with its bilingual message."""
    return BatchError(code, Message(id=id_text, en=en_text), http_status=http_status)

