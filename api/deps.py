"""FastAPI dependencies: the app's services and ``Annotated`` aliases (``SessionDep``...)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from intake.claims import Dispatcher
from intake.db import ensure_schema, session_scope
from intake.settings import Settings, get_settings
from intake.storage import BlobStore


@dataclass
class Services:
    """What the routes use, built once per app (``app.state.services``)."""

    settings: Settings
    dispatcher: Dispatcher
    store: BlobStore
    metrics: Any


def get_services(request: Request) -> Services:
    """The app's services."""
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def request_settings(request: Request) -> Settings:
    """The app's settings (``app.state.services.settings``), else the process settings."""
    services = getattr(request.app.state, "services", None)
    return getattr(services, "settings", None) or get_settings()


def get_session(request: Request) -> Iterator[Session]:
    """THE database session of a request (committed after the handler, rolled back on error).

    The only session dependency of the app: FastAPI caches it per request, so the API-key
    guard, the sign-in check and the route share one session and one transaction. (Two
    sessions per request deadlocked on SQLite: the guard's open transaction held the write
    lock the route's session then waited 30 s for, issue 12 item 4.) Code that must commit
    before handing over to a function with its own transaction calls ``session.commit()``.
    """
    url = ensure_schema(request_settings(request))
    with session_scope(url) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
"""The request's one database session."""

NO_NUL = r"^[^\x00]*$"
"""Pattern of free-text query and form values: anything but NUL (PostgreSQL text refuses it)."""
ID_PATTERN = r"^[0-9A-Za-z_-]{1,64}$"
"""Ids in paths: letters, digits, ``_`` and ``-`` (no NUL, no control characters), at most 64."""
ClaimId = Annotated[str, Path(pattern=ID_PATTERN, description="Claim id (32 hex characters).")]
"""A claim id path parameter (422 for NUL, control characters or over 64 characters)."""
DocumentId = Annotated[str, Path(pattern=ID_PATTERN, description="Document id (32 hex characters).")]
"""A document id path parameter."""
