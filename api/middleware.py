"""Pure ASGI middleware: the request body limit and the HTTP metrics.

:class:`BodyLimitMiddleware` counts the bytes as they arrive, so a chunked body without a
``Content-Length`` is stopped as soon as it passes the limit (a declared length over the
limit is refused before a byte is read). Whatever the application would have answered after
that is dropped and a 413 with the service's error shape is sent instead.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = {
    "code": "request_too_large",
    "message": {
        "id": "Ukuran kiriman melebihi batas yang diizinkan.",
        "en": "The request body is larger than allowed.",
    },
}


class BodyTooLarge(Exception):
    """Raised from ``receive`` once the body passes the limit."""


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                    (b"connection", b"close")],
    })
    await send({"type": "http.response.body", "body": data})


class BodyLimitMiddleware:
    """413 for a body over the limit: ``upload_limit`` on upload routes, ``default_limit`` elsewhere."""

    def __init__(self, app: ASGIApp, *, upload_limit: int, default_limit: int = 64 * 1024,
                 upload_path: str = r"^/v1/claims/[^/]+/documents/[^/]+$") -> None:
        """Wrap ``app``."""
        self.app = app
        self.upload_limit = upload_limit
        self.default_limit = default_limit
        self.upload_re = re.compile(upload_path)

    def limit_for(self, scope: Scope) -> int:
        """The byte limit of this request."""
        if self.upload_re.match(scope.get("path", "")):
            return self.upload_limit
        return self.default_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Enforce the limit on declared and on counted bytes."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0:
                    await _send_json(send, 400, {"code": "bad_content_length", "message": {
                        "id": "Header Content-Length tidak sah.", "en": "The Content-Length header is invalid."}})
                    return
                if declared > limit:
                    await _send_json(send, 413, TOO_LARGE)
                    return
        received = 0
        exceeded = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                raise BodyTooLarge()
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # the app's answer to a cut-off body is replaced by the 413
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            pass
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await _send_json(send, 413, TOO_LARGE)


REQUEST_ID_HEADER = "X-Request-ID"
"""The request id header: the client's (when a plain token) or a new one, echoed on every answer."""
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def request_id_from(scope: Scope) -> str:
    """The client's ``X-Request-ID`` when it is 1-128 of ``A-Za-z0-9._:-``, else a new random id."""
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if _REQUEST_ID_RE.match(text):
                return text
            break
    return secrets.token_hex(16)


class RequestIdMiddleware:
    """Echo ``X-Request-ID`` on every answer, bind it to the logs, log one line per request.

    The line holds the method, the route template (no ids from the path), the status and the
    duration: never a query string or personal data.
    """

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Attach the id to the scope (``scope["state"]["request_id"]``), the logs and the answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                route = scope.get("route")
                structlog.get_logger("api.request").info("request", request_id=request_id, method=scope.get("method", "GET"),
                              route=getattr(route, "path", None) or "unmatched", status=status,
                              ms=round((time.perf_counter() - started) * 1000, 1))


class MetricsMiddleware:
    """Counts requests and observes their latency by method, route template and status."""

    def __init__(self, app: ASGIApp, *, metrics: Any) -> None:
        """Wrap ``app``; ``metrics`` is the app's :class:`api.metrics.Metrics`."""
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Time the request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        started = time.perf_counter()

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.observe_request(scope.get("method", "GET"), template, status, time.perf_counter() - started)
