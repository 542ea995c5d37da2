"""Server-sent events: a claim's events (with ids), its status changes, ``report`` when ready."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.deps import ClaimId, ServicesDep
from api.routes.common import processing_state
from intake import repo
from intake.db import session_scope
from intake.errors import NotFound
from intake.events import event_json, events_after

router = APIRouter(prefix="/claims", tags=["events"])

POLL_S = 1.0
"""How often the stream looks at the database."""
KEEPALIVE_S = 15.0
"""Comment line interval keeping proxies from closing an idle stream."""
MAX_STREAM_S = 600.0
"""A stream ends after this long (``event: timeout``); clients reconnect."""


RETRY_MS = 3000
"""The reconnection delay the stream asks clients for (SSE ``retry:``)."""


def _snapshot(url: str, claim_id: str, after_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The claim's processing state and its events after ``after_id``."""
    with session_scope(url) as session:
        claim = repo.get_claim(session, claim_id)
        snap = processing_state(session, claim)
        snap["verdict"] = claim.verdict
        snap["revision"] = claim.revision
        snap["open_for_correction"] = claim.correction is not None
        events = [event_json(row) for row in events_after(session, claim_id, after_id)]
        return snap, events


def _event(name: str, data: dict[str, Any], event_id: int | None = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


def _last_event_id(request: Request) -> int:
    """``Last-Event-ID`` (sent by a reconnecting EventSource) or ``?last_event_id=``; 0 when absent/bad."""
    raw = request.headers.get("last-event-id") or request.query_params.get("last_event_id") or ""
    return int(raw) if raw.isdigit() and len(raw) <= 18 else 0


@router.get(
    "/{claim_id}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": (
        "Claim events with ``id:`` (``claim.submitted``, ``document.read``, ``claim.verified``, "
        "``claim.revision_opened``, ``claim.decided``), ``status`` on every change, ``report`` when a "
        "revision's report is ready. Starts with ``retry:``; resumes after ``Last-Event-ID``.")}},
)
async def claim_events(claim_id: ClaimId, request: Request, services: ServicesDep) -> StreamingResponse:
    """Stream the claim's events (each with its ``id:``, for de-duplication), ``status`` events on
    every change and a ``report`` event when the report of a revision is ready.

    A reconnecting client sends ``Last-Event-ID`` and gets only later events. The stream ends
    after the report (an ``EventSource`` reconnects after ``retry:`` and, with its
    ``Last-Event-ID``, gets e.g. the ``document.read`` of a correction's re-upload). The database is
    read in the thread pool, never on the event loop. A claim deleted while it is streamed
    (purged at the end of its retention) ends the stream with a ``gone`` event.
    """
    url = services.settings.resolved_database_url
    after = _last_event_id(request)
    first = await run_in_threadpool(_snapshot, url, claim_id, after)  # 404 before the stream starts

    async def stream() -> AsyncIterator[str]:
        nonlocal after
        snap: dict[str, Any] | None
        snap, events = first
        last: dict[str, Any] | None = None
        reported: int | None = None
        yield f"retry: {RETRY_MS}\n\n"
        started = last_sent = time.monotonic()
        while True:
            for ev in events:
                after = max(after, int(ev["event_id"]))
                yield _event(ev["event"], ev, ev["event_id"])
                last_sent = time.monotonic()
            if snap is not None and snap != last:
                yield _event("status", {"claim_id": claim_id, **snap})
                last, last_sent = snap, time.monotonic()
                if snap["status"] == "verified" and reported != snap["revision"]:
                    reported = snap["revision"]
                    yield _event("report", {"claim_id": claim_id, "verdict": snap["verdict"],
                                            "revision": snap["revision"],
                                            "report_url": f"/v1/claims/{claim_id}/report"})
                    return
            if time.monotonic() - started > MAX_STREAM_S:
                yield _event("timeout", {"claim_id": claim_id})
                return
            if time.monotonic() - last_sent > KEEPALIVE_S:
                yield ": keep-alive\n\n"
                last_sent = time.monotonic()
            if await request.is_disconnected():
                return
            await asyncio.sleep(POLL_S)
            try:
                snap, events = await run_in_threadpool(_snapshot, url, claim_id, after)
            except NotFound:
                yield _event("gone", {"claim_id": claim_id, "code": "claim_not_found"})
                return

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
