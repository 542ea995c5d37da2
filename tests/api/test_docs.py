"""The API docs work offline (issue 17): local Swagger UI / ReDoc assets, API key in the schema."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from intake.settings import Settings


def test_docs_pages_use_local_assets_only(settings: Settings) -> None:
    from api.app import create_app

    with TestClient(create_app(settings)) as client:
        for page, asset in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
            r = client.get(page)
            assert r.status_code == 200 and "text/html" in r.headers["content-type"]
            urls = re.findall(r'(?:src|href)=["\']([^"\']+)', r.text) + re.findall(r"url: ?'([^']+)'", r.text)
            assert f"/static/apidocs/{asset}" in urls
            assert not [u for u in urls if u.startswith(("http:", "https:", "//"))], urls  # no CDN, no fonts
            assert "fonts.googleapis" not in r.text and "cdn.jsdelivr" not in r.text
        for asset, kind, min_size in (("swagger-ui-bundle.js", "javascript", 500_000),
                                      ("swagger-ui.css", "css", 50_000), ("redoc.standalone.js", "javascript", 500_000)):
            r = client.get(f"/static/apidocs/{asset}")
            assert r.status_code == 200 and kind in r.headers["content-type"] and len(r.content) > min_size
        assert client.get("/static/review/review.css").status_code == 200  # the pages' own assets still served
        assert client.get("/docs/oauth2-redirect").status_code == 200


def test_openapi_names_the_api_key_and_the_session(settings: Settings) -> None:
    from api.app import create_app

    with TestClient(create_app(settings)) as client:
        schema = client.get("/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiKey"] == {**schemes["ApiKey"], "type": "apiKey", "in": "header", "name": "X-API-Key"}
    assert schemes["ReviewerSession"]["scheme"] == "bearer"
    paths = schema["paths"]
    assert paths["/v1/claims"]["post"]["security"] == [{"ApiKey": []}]
    assert paths["/v1/claims/{claim_id}/decisions"]["post"]["security"] == [{"ReviewerSession": []}]
    assert {"ApiKey": []} in paths["/v1/claims/{claim_id}/decisions"]["get"]["security"]
    assert paths["/v1/admin/batches"]["post"]["security"] == [{"ReviewerSession": []}]
    assert "security" not in paths["/healthz"]["get"]
    create = schema["components"]["schemas"]["DecisionCreate"]
    assert set(create["properties"]) == {"action", "reason_code", "reason", "slots", "confirm"}
