"""Liveness (``/healthz``), readiness (``/readyz``: database, Redis, storage) and ``/metrics``."""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.deps import ServicesDep
from intake.db import get_engine
from intake.storage import DbBlobStore, LocalBlobStore

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up (no dependency is checked)."""
    return {"status": "ok"}


def _check(fn: Any) -> str:
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - report the failing dependency, not the error text
        return f"error:{type(exc).__name__}"
    return "ok"


@router.get("/readyz", responses={503: {"description": "A dependency is not reachable."}})
def readyz(services: ServicesDep) -> JSONResponse:
    """Ready to serve: the database answers, Redis answers (when configured), storage works."""
    settings = services.settings

    def db() -> None:
        with get_engine(settings.resolved_database_url).connect() as conn:
            conn.execute(text("SELECT 1"))

    def storage() -> None:
        store = services.store
        if isinstance(store, LocalBlobStore):
            store.root.mkdir(parents=True, exist_ok=True)
            if not os.access(store.root, os.W_OK):
                raise PermissionError("blob folder not writable")
        elif isinstance(store, DbBlobStore):
            with store.engine.connect() as conn:
                conn.execute(text("SELECT 1 FROM blobs LIMIT 1"))

    checks = {"database": _check(db), "storage": _check(storage)}
    if settings.redis_url:
        conn = getattr(services.dispatcher, "connection", None)
        checks["redis"] = _check(lambda: conn.ping()) if conn is not None else "error:no_connection"
    ok = all(v == "ok" for v in checks.values())
    return JSONResponse(status_code=200 if ok else 503, content={"status": "ready" if ok else "not_ready", "checks": checks})


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def metrics(services: ServicesDep) -> Response:
    """Prometheus metrics (text exposition format)."""
    return Response(content=services.metrics.render(), media_type=services.metrics.content_type)
