"""A batch's progress and results: live counts, verdict transitions, the diff report.

The diff report lists the claims whose verdict or check statuses changed, with check names
and old/new statuses only (no personal data), as CSV or JSON.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake import repo
from intake.models import BatchItem
from workers.batch.common import CSV_COLUMNS, REPORT_FORMATS, batch_error


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


SIGNAL_PREFIX = "signal:"
"""Prefix of a diff entry that is a new signal (``signal:<code>``, old None, new its severity)."""


def diff_signals(old_report: Mapping[str, Any] | None, new_report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Signals the new report has and the old one had not: ``[{"check": "signal:<code>", "old": None, "new": severity}]``.

    Keyed by code and slot (a document's signal), so a signal on one more document is new too;
    codes and severities only, like the check entries (no detail, no values).
    """

    def keyed(report: Mapping[str, Any] | None) -> dict[tuple[str, str], str]:
        out: dict[tuple[str, str], str] = {}
        for sig in (report or {}).get("signals") or []:
            if isinstance(sig, Mapping) and "signal" in sig:
                raw = sig.get("detail")
                detail: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
                out[(str(sig["signal"]), str(detail.get("slot") or ""))] = str(sig.get("severity") or "info")
        return out

    old, new = keyed(old_report), keyed(new_report)
    codes: dict[str, str] = {}
    for (code, _slot), sev in new.items():
        if (code, _slot) not in old and (codes.get(code) != "warn"):
            codes[code] = sev
    return [{"check": SIGNAL_PREFIX + code, "old": None, "new": sev} for code, sev in codes.items()]


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
    [{"check", "old", "new"}], "new_signals": [code]}`` (a new signal is also a
    ``signal:<code>`` entry of ``changed_checks``, :func:`diff_signals`); a failed one ``{"claim_id", "error_code"}``. No personal data.
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
                "new_signals": [str(c["check"])[len(SIGNAL_PREFIX):] for c in (checks or [])
                                if isinstance(c, Mapping) and str(c.get("check", "")).startswith(SIGNAL_PREFIX)],
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
        raise batch_error("batch_bad_format", "Format laporan tidak dikenal.", "format must be csv or json")
    changed, failed = report_items(session, batch_id)
    if fmt == "csv":
        return report_csv(changed)
    return {"batch": batch_status(session, batch_id), "changed": changed, "failed": failed}


