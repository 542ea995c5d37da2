"""FastAPI dependencies: the app's services and ``Annotated`` aliases (``SessionDep``...)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from intake.db import session_scope
from intake.settings import Settings
from intake.storage import BlobStore
from intake.claims import Dispatcher


@dataclass
class Services:
    """What the routes use, built once per app (``app.state.services``)."""

    settings: Settings
    dispatcher: Dispatcher
    store: BlobStore
    metrics: Any


def get_services(request: Request) -> Services:
    """The app's services."""
    return request.app.state.services  # type: ignore[no-any-return]


ServicesDep = Annotated[Services, Depends(get_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    """A database session in a transaction (committed after the handler, rolled back on error)."""
    with session_scope(services.settings.resolved_database_url) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
ClaimId = Annotated[str, Path(min_length=1, max_length=64, description="Claim id (32 hex characters).")]
