"""Structured logging to stderr (structlog); never log NIK, names, account numbers or text."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

_configured = False

# Keys that must never reach a log line, whatever a caller passes.
_REDACT = {"nik", "full_name", "name", "account_number", "account_holder", "kpj", "phone", "email",
           "text", "value", "typed", "found", "form", "fields"}


def _redact(_logger: object, _method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in list(event):
        if key in _REDACT:
            event[key] = "[redacted]"
    return event


def configure_logging(level: str | None = None) -> None:
    """Send structured logs to stderr (JSON when not a terminal); idempotent."""
    global _configured
    if _configured:
        return
    lvl = getattr(logging, (level or os.environ.get("EKLAIM_LOG_LEVEL", "WARNING")).upper(), logging.WARNING)
    logging.basicConfig(stream=sys.stderr, level=lvl, format="%(message)s")
    renderer = structlog.dev.ConsoleRenderer(colors=False) if sys.stderr.isatty() else structlog.processors.JSONRenderer()
    structlog.configure(
        processors=[structlog.contextvars.merge_contextvars, structlog.processors.add_log_level, structlog.processors.TimeStamper(fmt="iso"), _redact, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(lvl),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    # Third-party loggers (paddlex, onnxruntime) go to stderr only, and quietly.
    for name in ("paddlex", "paddleocr", "ppocr", "RapidOCR", "rapidocr", "onnxruntime"):
        logging.getLogger(name).setLevel(max(lvl, logging.WARNING))
    _configured = True


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """A structlog logger; pass ids and codes only, never personal data."""
    return structlog.get_logger(name)
