"""The FastAPI application: ``create_app(settings)`` wires routers, middleware and handlers.

One exception handler maps every :class:`~intake.errors.EklaimError` to its ``http_status``
and ``{"code", "message": {"id", "en"}}``; request validation errors and plain HTTP errors
get the same shape. Without ``EKLAIM_REDIS_URL`` the jobs run in this process (a background
thread, ``workers.runner``); with it the API only enqueues and ``eklaim worker`` does the work.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import Services
from api.metrics import Metrics
from api.middleware import BodyLimitMiddleware, MetricsMiddleware, RequestIdMiddleware
from api.routes import api_router, root_router
from intake.claims import Dispatcher
from intake.db import ensure_schema, session_scope
from intake.errors import EklaimError
from intake.models import Document
from intake.settings import Settings, get_settings
from intake.storage import get_blob_store

MULTIPART_OVERHEAD = 64 * 1024
"""Bytes allowed on top of ``max_file_bytes`` for the multipart framing of an upload."""
JSON_BODY_LIMIT = 64 * 1024
"""Largest body of every other request (the typed form is small)."""

_HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 406: "not_acceptable",
               413: "request_too_large", 415: "unsupported_media_type"}

_VALIDATION_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("Wajib diisi.", "This field is required."),
    "string_too_long": ("Isian terlalu panjang.", "The value is too long."),
    "string_type": ("Isian harus berupa teks.", "The value must be text."),
    "extra_forbidden": ("Kolom ini tidak dikenal.", "This field is not known."),
    "json_invalid": ("Isi permintaan bukan JSON yang sah.", "The request body is not valid JSON."),
    "model_attributes_type": ("Isi permintaan harus berupa objek JSON.", "The request body must be a JSON object."),
    "literal_error": ("Nilai tidak dikenal.", "The value is not one of the allowed values."),
    "url_parsing": ("Alamat URL tidak sah.", "The URL is not valid."),
    "url_scheme": ("Alamat URL harus http atau https.", "The URL must be http or https."),
    "url_too_long": ("Alamat URL terlalu panjang.", "The URL is too long."),
    "string_control_character": ("Isian memuat karakter kontrol (mis. NUL).",
                                 "The value contains a control character (e.g. NUL)."),
    "string_pattern_mismatch": ("Format isian tidak sah.", "The value has an invalid format."),
}
_GENERIC = ("Isian tidak sah.", "The value is not valid.")


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "path", "query", "header")]
    return ".".join(parts) or (str(loc[0]) if loc else "body")


def _validation_body(exc: RequestValidationError) -> dict[str, Any]:
    problems = []
    for err in exc.errors():
        code = str(err.get("type", "invalid"))
        id_text, en_text = _VALIDATION_MESSAGES.get(code, _GENERIC)
        problems.append({"field": _field_name(tuple(err.get("loc", ()))), "code": code,
                         "message": {"id": id_text, "en": en_text}, "soft": False})
    return {"code": "request_invalid",
            "message": {"id": "Permintaan tidak sah. Periksa kolom yang ditandai.",
                        "en": "The request is not valid. Please check the marked fields."},
            "problems": problems}


def install_error_handlers(app: FastAPI) -> None:
    """The one mapping of errors to HTTP answers."""

    @app.exception_handler(EklaimError)
    async def eklaim_error(_request: Request, exc: EklaimError) -> JSONResponse:
        return JSONResponse(status_code=exc.http_status, content=exc.as_dict())

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content=_validation_body(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        return JSONResponse(
            status_code=exc.status_code,
            content={"code": code, "message": {"id": "Permintaan tidak dapat diproses.",
                                               "en": "The request cannot be processed."}},
            headers=getattr(exc, "headers", None),
        )


def _document_states(url: str) -> dict[str, int]:
    with session_scope(url) as session:
        rows = session.execute(
            select(Document.state, func.count()).where(Document.superseded.is_(False)).group_by(Document.state)
        ).all()
    return {state: int(n) for state, n in rows}


def create_app(settings: Settings | None = None, *, dispatcher: Dispatcher | None = None) -> FastAPI:
    """Build the application.

    Args:
        settings: the service settings (the process settings when None).
        dispatcher: where jobs go; by default RQ when ``settings.redis_url`` is set, else the
            in-process runner.
    """
    settings = settings or get_settings()
    ensure_schema(settings)
    owns_dispatcher = dispatcher is None
    if dispatcher is None:
        from workers.runner import get_dispatcher

        dispatcher = get_dispatcher(settings)
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owns_dispatcher and hasattr(dispatcher, "shutdown"):
            dispatcher.shutdown(wait=False)

    app = FastAPI(
        title="eklaim-verify intake API",
        version="1",
        summary="Document intake and OCR verification of BPJS Ketenagakerjaan JHT claims.",
        lifespan=lifespan,
        docs_url=None,  # served by api.docs from local assets (no CDN)
        redoc_url=None,
    )
    app.state.services = Services(settings=settings, dispatcher=dispatcher, store=get_blob_store(settings),
                                  metrics=metrics)
    metrics.add_state_collector(
        lambda: getattr(dispatcher, "queue_depth", lambda: None)(),
        lambda: _document_states(settings.resolved_database_url),
    )
    install_error_handlers(app)
    app.include_router(api_router, prefix="/v1")
    from api.routes import batches  # admin batch re-verification (workers.batch)

    app.include_router(batches.router, prefix="/v1")
    from api.routes import decisions  # reviewer decisions (session or API key, not the intake guard)

    app.include_router(decisions.router, prefix="/v1")
    app.include_router(root_router)
    from api import review  # reviewer pages, audit log, claimant status (api/review)

    app.include_router(review.router)
    app.include_router(review.status_router)
    from api.docs import install_docs  # offline Swagger UI / ReDoc, security schemes (issue 17)

    install_docs(app)  # before "/static": its assets live under /static/apidocs
    app.mount("/static", review.static_files(), name="static")
    app.add_middleware(BodyLimitMiddleware, upload_limit=settings.max_file_bytes + MULTIPART_OVERHEAD,
                       default_limit=JSON_BODY_LIMIT,
                       upload_path=r"^(/v1/claims|/status)/[^/]+/documents/[^/]+$")  # API and the claimant page
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(RequestIdMiddleware)  # outermost: every answer (413s included) carries the id
    return app


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """``eklaim serve``: build the app from the environment (migrating the database) and run uvicorn."""
    import uvicorn

    from intake.logging import configure_logging

    configure_logging()
    uvicorn.run(create_app(), host=host, port=port, log_level="warning", access_log=False,
                timeout_graceful_shutdown=10, **proxy_options(get_settings()))


def proxy_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's proxy-header options: ``X-Forwarded-For``/``-Proto`` are applied only when the
    peer is one of ``EKLAIM_TRUSTED_PROXIES`` (none by default: the peer is the client).

    Without this uvicorn trusts the forwarding headers of 127.0.0.1 (its default), and any
    local process or a proxy that passes the header through could pick the client IP the
    sign-in rate limit counts by (issue 12).
    """
    trusted = settings.trusted_proxy_list
    if not trusted:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": trusted}
