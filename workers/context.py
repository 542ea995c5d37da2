"""What a job needs of its process, shared by the RQ jobs, the in-process runner and batches.

The process's loaded OCR engine (:func:`pipeline_context`), the attempt number the last
document job in this thread took (:func:`last_attempt`) and the machine code of a failure
(:func:`failure_code`). It imports no other ``workers`` module but :mod:`workers.service`'s
dependencies, so every caller can sit above it.
"""

from __future__ import annotations

import os
import threading

from rq import get_current_job

from intake.errors import EklaimError
from intake.settings import get_settings
from ocr.engine import get_engine
from ocr.pipeline import PipelineContext

_ctx_lock = threading.Lock()
_ctx: PipelineContext | None = None
_attempt = threading.local()


def pipeline_context() -> PipelineContext:
    """The process's ``PipelineContext`` (settings + OCR engine, loaded once)."""
    global _ctx
    settings = get_settings()
    engine = get_engine(settings)  # honours set_engine_override (tests, drills)
    with _ctx_lock:
        if _ctx is None or _ctx.settings is not settings or _ctx.engine is not engine:
            _ctx = PipelineContext(settings=settings, engine=engine)
        return _ctx


def reset_attempt() -> None:
    """Forget the attempt of the previous document job in this thread."""
    _attempt.value = None


def last_attempt() -> int | None:
    """The attempt number the last document job in this thread took (in-process runner)."""
    return getattr(_attempt, "value", None)


def record_attempt(attempt: int) -> None:
    """Remember the attempt a document job took (thread, and the RQ job's meta when under RQ)."""
    _attempt.value = attempt
    job = get_current_job()
    if job is not None:
        job.meta["attempt"] = attempt
        job.meta["pid"] = os.getpid()  # the work horse, for operators and fault drills
        job.save_meta()


def failure_code(exc_type: type[BaseException] | None, exc: BaseException | None) -> str:
    """A machine code for a failure: the error's code, or the exception class name.

    Never the exception text (it may quote file content or personal data).
    """
    if isinstance(exc, EklaimError):
        return exc.code
    if exc_type is None:
        return "worker_died"
    name = exc_type.__name__
    if name == "JobTimeoutException":
        return "job_timeout"
    return f"error_{name}"[:64]


__all__ = ["failure_code", "last_attempt", "pipeline_context", "record_attempt", "reset_attempt"]
