"""Reviewer pages, the admin audit log and the claimant status page.

Mounted by ``api.app.create_app``::

    app.include_router(review.router)          # /review/...
    app.include_router(review.status_router)   # /status/{claim_id}, /v1/claims/{id}/status-link
    app.mount("/static", review.static_files(), name="static")
"""

from __future__ import annotations

from fastapi.staticfiles import StaticFiles

from api.review.routes import STATIC_DIR, router, status_router, status_url
from intake.page_images import store_page_images


def static_files() -> StaticFiles:
    """The local CSS/JS of the pages (no CDN)."""
    return StaticFiles(directory=str(STATIC_DIR))


__all__ = ["router", "static_files", "status_router", "status_url", "store_page_images"]
