"""Issue 12 (production holds) on the review pages: one test per defect, named for it."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.auth import SESSION_COOKIE
from intake.settings import Settings, get_settings
from tests.api.review.conftest import csrf, login
from tests.api.review.seed import PASSWORD, Seeded


def test_issue12_logout_ends_the_session_server_side(client: TestClient, seeded: Seeded) -> None:
    """Item 7: after sign-out the old session cookie still downloaded the original KTP."""
    assert login(client, "rina").status_code == 303
    old = client.cookies.get(SESSION_COOKIE)
    assert old
    file_url = f"/review/claims/{seeded.claim_id}/documents/{seeded.doc_id}/file"
    assert client.get(file_url).status_code == 200
    token = csrf(client, "/review/")
    r = client.post("/review/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    client.cookies.set(SESSION_COOKIE, old)  # the old cookie, replayed
    assert client.get(file_url).status_code == 401
    assert client.get(f"/review/claims/{seeded.claim_id}", follow_redirects=False).status_code == 303
    bearer = TestClient(client.app)
    assert bearer.get(file_url, headers={"Authorization": f"Bearer {old}"}).status_code == 401
    # Signing in again opens a new session.
    assert login(client, "rina").status_code == 303
    assert client.get(file_url).status_code == 200


def test_issue12_csrf_token_is_bound_to_the_session(client: TestClient, seeded: Seeded) -> None:
    """Item 11: a CSRF cookie + token pair obtained by an attacker (their own, from the
    sign-in page) and planted in a reviewer's browser passed the double-submit check."""
    attacker = TestClient(client.app)
    r = attacker.get("/review/login")
    attacker_token = re.search(r'name="csrf_token" value="([^"]+)"', r.text).group(1)  # type: ignore[union-attr]
    attacker_cookie = attacker.cookies.get("eklaim_csrf")
    assert attacker_cookie

    assert login(client, "rina").status_code == 303
    for cookie in list(client.cookies.jar):
        if cookie.name == "eklaim_csrf":
            client.cookies.jar.clear(cookie.domain, cookie.path, cookie.name)
    client.cookies.set("eklaim_csrf", attacker_cookie)  # cookie tossing
    r = client.post(f"/review/claims/{seeded.claim_id}/decision",
                    data={"action": "approve", "csrf_token": attacker_token}, follow_redirects=False)
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed"
    # The page's own token (bound to this session) works.
    own = csrf(client, f"/review/claims/{seeded.claim_id}")
    r = client.post(f"/review/claims/{seeded.claim_id}/decision",
                    data={"action": "approve", "reason_code": "checked_by_reviewer", "confirm": "1",
                          "reason": "NIK checked against the KTP by hand.", "csrf_token": own}, follow_redirects=False)
    assert r.status_code == 303, r.text
    # Another session of the same user has another token.
    other = TestClient(client.app)
    assert login(other, "rina").status_code == 303
    assert csrf(other, f"/review/claims/{seeded.claim_id}") != own


def _served_app(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The ASGI app exactly as ``eklaim serve`` runs it under uvicorn (proxy middleware included)."""
    import uvicorn

    captured: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: captured.update(app=app, kw=kw))
    monkeypatch.setattr("intake.logging.configure_logging", lambda *a, **k: None)
    from api.app import serve

    serve()
    config = uvicorn.Config(captured["app"], **captured["kw"])
    config.load()
    return config.loaded_app


async def _sign_in_attempts(app: Any, peer: str, forwarded: list[str]) -> list[int]:
    transport = httpx.ASGITransport(app=app, client=(peer, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        page = await c.get("/review/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        out = []
        for i, ip in enumerate(forwarded):
            password = PASSWORD if i == len(forwarded) - 1 else "wrong password!"
            r = await c.post("/review/login", data={"username": "rina", "password": password, "csrf_token": token},
                             headers={"X-Forwarded-For": ip})
            out.append(r.status_code)
        return out


def test_issue12_sign_in_rate_limit_ignores_forwarded_for_from_untrusted_peers(
    settings: Settings, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 11: ``X-Forwarded-For`` was trusted from the local peer by default, so each
    failed sign-in could claim a new IP and the 5-failure limit never triggered."""
    app = _served_app(monkeypatch)
    ips = [f"203.0.113.{i}" for i in range(1, 7)]
    statuses = asyncio.run(_sign_in_attempts(app, "127.0.0.1", ips))
    assert statuses == [401] * 5 + [429]


def test_issue12_forwarded_for_counts_from_a_configured_proxy(
    settings: Settings, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``EKLAIM_TRUSTED_PROXIES`` the proxy's forwarded client address is the one counted."""
    monkeypatch.setenv("EKLAIM_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
    get_settings.cache_clear()
    app = _served_app(monkeypatch)
    statuses = asyncio.run(_sign_in_attempts(app, "10.1.2.3", [f"203.0.113.{i}" for i in range(1, 7)]))
    assert statuses == [401] * 5 + [303]  # each client IP failed once only: the last one signs in
