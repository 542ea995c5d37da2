"""Server-sent events: a claim's status changes, then ``report`` when the report is ready."""

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

router = APIRouter(prefix="/claims", tags=["events"])

POLL_S = 1.0
"""How often the stream looks at the database."""
KEEPALIVE_S = 15.0
"""Comment line interval keeping proxies from closing an idle stream."""
MAX_STREAM_S = 600.0
"""A stream ends after this long (``event: timeout``); clients reconnect."""


def _snapshot(url: str, claim_id: str) -> dict[str, Any]:
    with session_scope(url) as session:
        claim = repo.get_claim(session, claim_id)
        snap = processing_state(session, claim)
        snap["verdict"] = claim.verdict
        return snap


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


@router.get(
    "/{claim_id}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "``status`` events, then ``report``."}},
)
async def claim_events(claim_id: ClaimId, request: Request, services: ServicesDep) -> StreamingResponse:
    """Stream ``status`` events on every change and a final ``report`` event when it is ready.

    The database is read in the thread pool, never on the event loop. A claim deleted while
    it is streamed (purged at the end of its retention) ends the stream with a ``gone`` event.
    """
    url = services.settings.resolved_database_url
    first = await run_in_threadpool(_snapshot, url, claim_id)  # 404 before the stream starts

    async def stream() -> AsyncIterator[str]:
        snap: dict[str, Any] | None = first
        last: dict[str, Any] | None = None
        started = last_sent = time.monotonic()
        while True:
            if snap is not None and snap != last:
                yield _event("status", {"claim_id": claim_id, **snap})
                last, last_sent = snap, time.monotonic()
                if snap["status"] == "verified":
                    yield _event("report", {"claim_id": claim_id, "verdict": snap["verdict"],
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
                snap = await run_in_threadpool(_snapshot, url, claim_id)
            except NotFound:
                yield _event("gone", {"claim_id": claim_id, "code": "claim_not_found"})
                return

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
