"""The claim form's API key guards the intake routes when settings require it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from intake.settings import Settings, get_settings
from tests.api.conftest import SAMPLE_CLAIM


@pytest.fixture
def keyed_settings(service_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("EKLAIM_REQUIRE_API_KEY", "true")
    get_settings.cache_clear()
    return get_settings()


def _form() -> dict[str, Any]:
    form = json.loads((SAMPLE_CLAIM / "claim.json").read_text())
    form.pop("claim_id", None)
    return form


def test_intake_needs_a_valid_key_when_required(keyed_settings: Settings, make_client: Callable[..., TestClient]) -> None:
    from api.auth import create_api_key
    from intake.db import ensure_schema, session_scope

    client = make_client(keyed_settings)
    missing = client.post("/v1/claims", json=_form())
    assert missing.status_code == 401
    assert missing.json()["code"] == "api_key_required"
    wrong = client.post("/v1/claims", json=_form(), headers={"X-API-Key": "ek_" + "A" * 43})
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "api_key_invalid"

    ensure_schema(keyed_settings)
    with session_scope(keyed_settings.resolved_database_url) as s:
        _row, key = create_api_key(s, "claim-form")
    ok = client.post("/v1/claims", json=_form(), headers={"X-API-Key": key})
    assert ok.status_code == 201, ok.text
    # health stays open for load balancers
    assert client.get("/healthz").status_code == 200


def test_production_requires_a_key_by_default() -> None:
    assert Settings(environment="production", database_url="sqlite://", secret_key="x" * 32,
                    encryption_key=None).api_key_required is True
    assert Settings(environment="development").api_key_required is False
    assert Settings(environment="development", require_api_key=True).api_key_required is True
