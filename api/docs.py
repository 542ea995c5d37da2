"""API documentation that works offline (issue 17): Swagger UI at ``/docs``, ReDoc at ``/redoc``.

FastAPI's own pages load Swagger UI and ReDoc from a CDN, so a branch office without
internet saw blank pages. The assets come from the ``fastapi-offline`` wheel (pinned in
``constraints.txt``: ``swagger-ui-bundle.js``, ``swagger-ui.css``, ``redoc.standalone.js``)
and are served by the app under ``/static/apidocs``; ReDoc is told not to fetch Google fonts.

The OpenAPI schema names how each operation is authenticated:

- ``ApiKey``: the claim form's key, ``X-API-Key`` header (or ``Authorization: Bearer ek_...``),
  on the intake routes when ``EKLAIM_REQUIRE_API_KEY`` (or production) asks for it;
- ``ReviewerSession``: a reviewer's or admin's session token, ``Authorization: Bearer``, on the
  admin batch routes and the decisions API (reading decisions takes either).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/static/apidocs"
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
"""The docs pages may load nothing from outside (ReDoc's footer links a logo on a CDN: blocked,
not fetched)."""

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
               "description": "The claim form's API key (`eklaim apikeys create NAME`); also accepted as "
                              "`Authorization: Bearer ek_...`. Required on the intake routes in production "
                              "(`EKLAIM_REQUIRE_API_KEY`)."},
    "ReviewerSession": {"type": "http", "scheme": "bearer",
                        "description": "A reviewer's or admin's session token (the review pages' sign-in), as "
                                       "`Authorization: Bearer <token>`."},
}


def assets_dir() -> Path:
    """The folder of the offline Swagger UI / ReDoc assets (inside the installed wheel)."""
    return Path(str(files("fastapi_offline") / "static"))


def _security_for(path: str, method: str) -> list[dict[str, list[str]]] | None:
    if path.startswith("/v1/admin/"):
        return [{"ReviewerSession": []}]
    if path.endswith("/decisions"):
        return [{"ReviewerSession": []}] if method == "post" else [{"ReviewerSession": []}, {"ApiKey": []}]
    if path.endswith("/balance"):
        return [{"ApiKey": []}, {"ReviewerSession": []}]
    if path.endswith("/status-link"):
        return [{"ApiKey": []}]
    if path.startswith("/v1/"):
        return [{"ApiKey": []}]
    return None


def openapi_schema(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI schema with the security schemes and each operation's requirement."""
    if app.openapi_schema:
        return app.openapi_schema
    from api.schemas import ErrorPublic

    description = ((app.description or "") + "\n\nEvery answer carries ``X-Request-ID`` (the client's, when sent, "
                   "else a new one); it is in the service's log lines too. Every error is "
                   "``{code, message: {id, en}}`` (``ErrorPublic``).").strip()
    schema = get_openapi(title=app.title, version=app.version, summary=app.summary, description=description,
                         routes=app.routes)
    components = schema.setdefault("components", {})
    components["securitySchemes"] = SECURITY_SCHEMES
    components.setdefault("schemas", {}).setdefault("ErrorPublic", ErrorPublic.model_json_schema(
        ref_template="#/components/schemas/{model}"))
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            if not isinstance(op, dict):
                continue
            security = _security_for(path, method)
            if security is not None:
                op["security"] = security
                op.setdefault("responses", {}).setdefault("401", {
                    "description": "Credentials missing or invalid (``api_key_required`` / ``api_key_invalid``).",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorPublic"}}}})
    app.openapi_schema = schema
    return schema


def _locked(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = DOCS_CSP
    return page


def install_docs(app: FastAPI) -> None:
    """Serve ``/docs``, ``/docs/oauth2-redirect`` and ``/redoc`` from local assets; add the
    security schemes to ``/openapi.json``. Call on an app built with ``docs_url=None,
    redoc_url=None``."""
    app.mount(ASSETS_URL, StaticFiles(directory=str(assets_dir())), name="apidocs")
    app.openapi = lambda: openapi_schema(app)  # type: ignore[method-assign]
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return _locked(get_swagger_ui_html(openapi_url=openapi_url, title=f"{app.title} · Swagger UI",
                                   swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
                                   swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
                                   oauth2_redirect_url="/docs/oauth2-redirect"))

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _locked(get_redoc_html(openapi_url=openapi_url, title=f"{app.title} · ReDoc",
                                      redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
                                      redoc_favicon_url=f"{ASSETS_URL}/favicon.png", with_google_fonts=False))
