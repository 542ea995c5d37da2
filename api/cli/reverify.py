"""``eklaim reverify``: start, resume, watch and report a batch re-verification.

The command's body (:func:`reverify_command`; :mod:`api.cli.main` only parses the options
into :class:`ReverifyOptions`) and the operator's progress screen (:func:`watch_batch`, a
rich progress bar polling the database). The batch itself is :mod:`workers.batch`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from redis import Redis
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from intake import repo
from intake.db import ensure_schema, session_scope
from intake.settings import Settings, get_settings
from workers.batch import (
    BatchFilters,
    batch_queue_name,
    batch_report,
    batch_status,
    batch_workers,
    live_counts,
    refresh_counts,
    resume_batch,
    run_batch_worker,
    run_inline,
    start_batch,
)
from workers.queue import redis_connection


class RateColumn(ProgressColumn):
    """Claims per minute."""

    def render(self, task: Task) -> Text:
        """The rate of the task, in claims per minute."""
        speed = task.finished_speed or task.speed
        return Text("-- claims/min" if not speed else f"{speed * 60:,.0f} claims/min", style="cyan")


def watch_batch(
    batch_id: str,
    console: Console,
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


def _idle_hint(connection: Redis, settings: Settings) -> Callable[[], str | None]:
    def hint() -> str | None:
        try:
            if batch_workers(connection, settings) == 0:
                return (f"[yellow]no worker listens on the queue {batch_queue_name(settings)!r}: start one with "
                        "`eklaim reverify --serve` (on any machine)[/yellow]")
        except Exception:  # noqa: BLE001 - a hint only
            return None
        return None

    return hint


def _print_summary(status: Mapping[str, Any], console: Console) -> None:
    c = status["counts"]
    console.print(f"batch {status['id']} {status['status']}: {c['done']}/{c['total']} done, {c['failed']} failed, "
                  f"{c.get('changed', 0)} changed ({c.get('verdict_changed', 0)} verdicts)")
    for pair, n in (c.get("verdict_changes") or {}).items():
        console.print(f"  {pair}: {n}")


def reverify_command(opts: ReverifyOptions, out: Console, err: Console, settings: Settings | None = None) -> int:
    """Carry out ``eklaim reverify``; returns the exit code (130 when Ctrl-C stopped the watching)."""
    settings = settings or get_settings()
    url = ensure_schema(settings)
    if opts.serve:
        run_batch_worker(settings, burst=opts.burst)
        return 0
    if opts.report or opts.watch or opts.resume:  # the short id the progress bar prints works too
        with session_scope(url) as session:
            if opts.report:
                opts.report = repo.resolve_batch_id(session, opts.report)
            if opts.watch:
                opts.watch = repo.resolve_batch_id(session, opts.watch)
            if opts.resume:
                opts.resume = repo.resolve_batch_id(session, opts.resume)
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


__all__ = ["ReverifyOptions", "reverify_command", "watch_batch"]
