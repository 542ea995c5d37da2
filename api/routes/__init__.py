"""All routers, joined in one place: ``api_router`` is mounted under ``/v1``, ``root_router`` at ``/``."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.auth import claim_form_client
from api.routes import claims, documents, events, health

# The claim form's API key guards every intake route when settings require it (production).
api_router = APIRouter(dependencies=[Depends(claim_form_client)])
api_router.include_router(claims.router)
api_router.include_router(documents.router)
api_router.include_router(events.router)

root_router = APIRouter()
root_router.include_router(health.router)

__all__ = ["api_router", "root_router"]
