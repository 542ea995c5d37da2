"""Decisions that count (issue 17): the API, the rules, four eyes, the webhook and the audit log.

Real SQLite database and app (TestClient); the claim and its report are seeded by hand
(``tests/api/review/seed.py``), no OCR runs.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from intake.db import session_scope
from intake.models import AuditEvent, Claim, Decision, User
from intake.settings import Settings
from tests.api.review.conftest import RecordingDispatcher
from tests.api.review.seed import BRANCH_A, PASSWORD, Seeded, seed


@pytest.fixture
def seeded(settings: Settings) -> Seeded:
    """The review tests' seeded database (users of two branches, a verified claim with a mismatch)."""
    return seed(settings)


@pytest.fixture
def dispatcher() -> RecordingDispatcher:
    """The app's recording dispatcher."""
    return RecordingDispatcher()


def _token(settings: Settings, username: str) -> dict[str, str]:
    from api.auth import issue_session_token

    with session_scope(settings.resolved_database_url) as s:
        user = s.scalars(select(User).where(User.username == username)).one()
        token = issue_session_token(user, settings, session=s)
    return {"Authorization": f"Bearer {token}"}


def _add_user(settings: Settings, username: str, branches: list[str]) -> None:
    from api.auth import create_user

    with session_scope(settings.resolved_database_url) as s:
        create_user(s, username, PASSWORD, "reviewer", branches)


@pytest.fixture
def app_for(settings: Settings, seeded: Seeded, dispatcher: RecordingDispatcher) -> Iterator[Any]:
    """``app_for(**settings_changes)``: a TestClient on an app with changed settings."""
    from api.app import create_app

    clients: list[TestClient] = []

    def make(**changes: Any) -> TestClient:
        c = TestClient(create_app(settings.model_copy(update=changes), dispatcher=dispatcher))
        c.__enter__()
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.__exit__(None, None, None)


def _audit(settings: Settings, claim_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    with session_scope(settings.resolved_database_url) as s:
        return [(e.actor, e.action, e.detail or {}) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.claim_id == claim_id).order_by(AuditEvent.id))]


APPROVE_ANYWAY = {"action": "approve", "reason_code": "checked_by_reviewer", "confirm": True,
                  "reason": "NIK digit checked on the KTP photo by hand."}


def test_get_decisions_scopes(app_for: Any, settings: Settings, seeded: Seeded) -> None:
    client = app_for()
    url = f"/v1/claims/{seeded.claim_id}/decisions"
    assert client.get(url).status_code == 401
    r = client.get(url, headers=_token(settings, "rina"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["revision"] == 1 and body["decided"] is False and body["decisions"] == []
    assert "checked_by_reviewer" in body["reason_codes"]["approve"]
    assert set(body["reason_codes"]) == {"approve", "request_correction", "reject"}
    # Another branch's reviewer: the same 404 as an unknown claim.
    r = client.get(url, headers=_token(settings, "budi"))
    assert r.status_code == 404 and r.json()["code"] == "claim_not_found"
    assert client.get(url, headers=_token(settings, "admin")).status_code == 200
    # The claim form's API key reads decisions (the webhook points here); it cannot decide.
    from api.auth import create_api_key

    with session_scope(settings.resolved_database_url) as s:
        _, key = create_api_key(s, "claim-form")
    assert client.get(url, headers={"X-API-Key": key}).status_code == 200
    assert client.get(url, headers={"X-API-Key": "ek_wrong"}).status_code == 401
    r = client.post(url, json=APPROVE_ANYWAY, headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 401 and r.json()["code"] == "bearer_session_required"


def test_post_decision_rules(app_for: Any, settings: Settings, seeded: Seeded) -> None:
    client = app_for()
    url = f"/v1/claims/{seeded.claim_id}/decisions"
    rina = _token(settings, "rina")
    # The seeded claim is needs_correction: approving it needs a confirmation and a reason.
    r = client.post(url, json={"action": "approve", "reason_code": "checked_by_reviewer", "reason": "checked"},
                    headers=rina)
    assert r.status_code == 409 and r.json()["code"] == "confirmation_required"
    assert "needs_correction" in r.json()["message"]["en"]
    r = client.post(url, json={"action": "approve", "reason_code": "checked_by_reviewer", "confirm": True},
                    headers=rina)
    assert r.status_code == 422 and r.json()["code"] == "reason_required"
    r = client.post(url, json={"action": "approve", "reason_code": "no_such_code"}, headers=rina)
    assert r.status_code == 422 and r.json()["code"] == "reason_code_invalid"
    assert "documents_match" in r.json()["message"]["en"]  # the message lists the codes
    r = client.post(url, json={**APPROVE_ANYWAY, "slots": ["ktp"]}, headers=rina)
    assert r.status_code == 422 and r.json()["code"] == "slots_not_allowed"
    r = client.post(url, json={**APPROVE_ANYWAY, "slots": ["passport"]}, headers=rina)
    assert r.status_code == 422 and r.json()["code"] == "request_invalid"
    r = client.post(url, json={**APPROVE_ANYWAY, "extra": 1}, headers=rina)
    assert r.status_code == 422
    # A browser cookie alone does not decide through the API (no CSRF token there).
    r = client.post(url, json=APPROVE_ANYWAY)
    assert r.status_code == 401
    r = client.post(url, json=APPROVE_ANYWAY, headers=rina)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["final"] is True and created["four_eyes"] == []
    assert created["decision"]["verdict"] == "needs_correction" and created["decision"]["by"] == "rina"
    assert created["decision"]["reason_label"]["en"].startswith("Checked by hand")
    # One final decision per revision.
    r = client.post(url, json={"action": "reject", "reason_code": "not_eligible", "reason": "x"}, headers=rina)
    assert r.status_code == 409 and r.json()["code"] == "already_decided"
    r = client.post(url, json=APPROVE_ANYWAY, headers=_token(settings, "admin"))
    assert r.status_code == 409 and r.json()["code"] == "already_decided"
    body = client.get(url, headers=rina).json()
    assert body["decided"] is True and [d["action"] for d in body["decisions"]] == ["approve"]
    actions = [(a, d.get("reason_code"), d.get("final")) for _, a, d in _audit(settings, seeded.claim_id)
               if a.startswith("decision.")]
    assert actions == [("decision.approve", "checked_by_reviewer", True)]
    # The audit never holds the free text.
    assert all("NIK digit" not in json.dumps(d) for _, _, d in _audit(settings, seeded.claim_id))
    # Another branch's claim cannot be decided by rina (404).
    r = client.post(f"/v1/claims/{seeded.other_claim_id}/decisions", json=APPROVE_ANYWAY, headers=rina)
    assert r.status_code == 404


def test_unique_final_decision_per_revision_in_the_database(settings: Settings, seeded: Seeded) -> None:
    """The partial unique index backs the rule even for writers that skip :func:`decide`."""
    from sqlalchemy.exc import IntegrityError

    with session_scope(settings.resolved_database_url) as s:
        uid = s.scalars(select(User.id).where(User.username == "rina")).one()
        s.add(Decision(claim_id=seeded.claim_id, user_id=uid, action="approve", revision=1, final=True))
        s.add(Decision(claim_id=seeded.claim_id, user_id=uid, action="approve", revision=1, final=False))
    with pytest.raises(IntegrityError), session_scope(settings.resolved_database_url) as s:
        s.add(Decision(claim_id=seeded.claim_id, user_id=uid, action="reject", revision=1, final=True))


def test_four_eyes_above_the_balance(app_for: Any, settings: Settings, seeded: Seeded) -> None:
    _add_user(settings, "sari", [BRANCH_A.lower()])  # branch typed in other capitals: still matches
    client = app_for(four_eyes_min_balance=50_000_000)
    url = f"/v1/claims/{seeded.claim_id}/decisions"
    with session_scope(settings.resolved_database_url) as s:
        s.get(Claim, seeded.claim_id).balance = 75_000_000  # type: ignore[union-attr]
    rina, sari = _token(settings, "rina"), _token(settings, "sari")
    r = client.post(url, json=APPROVE_ANYWAY, headers=rina)
    assert r.status_code == 201 and r.json()["final"] is False and r.json()["four_eyes"] == ["balance"]
    body = client.get(url, headers=rina).json()
    assert body["awaiting_second_approval"] is True and body["decided"] is False
    r = client.post(url, json=APPROVE_ANYWAY, headers=rina)
    assert r.status_code == 409 and r.json()["code"] == "four_eyes_same_reviewer"
    r = client.post(url, json=APPROVE_ANYWAY, headers=sari)
    assert r.status_code == 201 and r.json()["final"] is True
    body = client.get(url, headers=rina).json()
    assert body["decided"] is True and [(d["by"], d["final"]) for d in body["decisions"]] == [
        ("sari", True), ("rina", False)]
    assert [a for _, a, _ in _audit(settings, seeded.claim_id) if a.startswith("decision.")] == [
        "decision.approve_pending", "decision.approve"]
    # Below the balance: no four eyes.
    from intake.decisions import four_eyes_reasons

    with session_scope(settings.resolved_database_url) as s:
        c = s.get(Claim, seeded.claim_id)
        assert c is not None
        c.balance = 1_000
        assert four_eyes_reasons(c, settings.model_copy(update={"four_eyes_min_balance": 50_000_000})) == []


def test_four_eyes_with_a_warn_signal_and_correction_by_the_second(app_for: Any, settings: Settings,
                                                                   seeded: Seeded) -> None:
    _add_user(settings, "sari", [BRANCH_A])
    client = app_for(four_eyes_on_warn=True)
    with session_scope(settings.resolved_database_url) as s:
        c = s.get(Claim, seeded.claim_id)
        assert c is not None
        c.report = {**(c.report or {}), "signals": [
            {"signal": "account_shared", "severity": "warn", "detail": {}, "message": {"id": "x", "en": "y"}}]}
    url = f"/v1/claims/{seeded.claim_id}/decisions"
    r = client.post(url, json=APPROVE_ANYWAY, headers=_token(settings, "rina"))
    assert r.json()["four_eyes"] == ["warn_signal"] and r.json()["final"] is False
    # The second reviewer may decide otherwise: a correction is final at once.
    r = client.post(url, json={"action": "request_correction", "reason_code": "account_not_own",
                               "reason": "Rekening harus atas nama Anda sendiri.", "slots": ["passbook"]},
                    headers=_token(settings, "sari"))
    assert r.status_code == 201 and r.json()["final"] is True


def test_correction_reopens_the_claim_and_the_next_revision_is_decided_again(
        app_for: Any, settings: Settings, seeded: Seeded, dispatcher: RecordingDispatcher) -> None:
    client = app_for()
    url = f"/v1/claims/{seeded.claim_id}/decisions"
    rina = _token(settings, "rina")
    r = client.post(url, json={"action": "request_correction", "reason_code": "data_mismatch",
                               "reason": "NIK pada formulir berbeda dengan KTP.", "slots": ["passbook", "ktp"]},
                    headers=rina)
    assert r.status_code == 201 and r.json()["decision"]["slots"] == ["ktp", "passbook"]  # contract order
    with session_scope(settings.resolved_database_url) as s:
        claim = s.get(Claim, seeded.claim_id)
        assert claim is not None and claim.correction is not None  # open for the claimant again
        assert claim.correction["slots"] == ["ktp", "passbook"]
    reopened = [d for _, a, d in _audit(settings, seeded.claim_id) if a == "claim.revision_opened"]
    assert [(d["slots"], d["source"]) for d in reopened] == [(["ktp", "passbook"], "reviewer")]
    r = client.post(url, json=APPROVE_ANYWAY, headers=rina)
    assert r.status_code == 409  # revision 1 is decided already
    # The claimant corrects and submits; the claim is verified again: revision 2 is decided anew.
    with session_scope(settings.resolved_database_url) as s:
        claim = s.get(Claim, seeded.claim_id)
        assert claim is not None
        claim.status, claim.verdict, claim.revision, claim.correction = "verified", "clear", 2, None
        claim.report = {**(claim.report or {}), "revision": 2}
    body = client.get(url, headers=rina).json()
    assert body["revision"] == 2 and body["decided"] is False
    r = client.post(url, json={"action": "approve", "reason_code": "documents_match"}, headers=rina)
    assert r.status_code == 201 and r.json()["decision"]["revision"] == 2
    # No webhook URL on this claim: nothing was sent.
    assert [k for k, _ in dispatcher.sent if k == "webhook"] == []


class _Receiver(BaseHTTPRequestHandler):
    bodies: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        n = int(self.headers.get("Content-Length") or 0)
        type(self).bodies.append(json.loads(self.rfile.read(n)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    _Receiver.bodies = []
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


def test_claim_decided_webhook(app_for: Any, settings: Settings, seeded: Seeded, receiver: str,
                               dispatcher: RecordingDispatcher) -> None:
    from workers.service import deliver_webhook

    allowed = settings.model_copy(update={"webhook_allow_private": True})
    with session_scope(settings.resolved_database_url) as s:
        c = s.get(Claim, seeded.claim_id)
        assert c is not None
        c.webhook_url, c.webhook_secret = receiver, "s" * 64
    client = app_for()
    r = client.post(f"/v1/claims/{seeded.claim_id}/decisions", json={
        "action": "reject", "reason_code": "not_eligible", "reason": "Masa kepesertaan belum memenuhi syarat."},
        headers=_token(settings, "rina"))
    assert r.status_code == 201
    assert ("webhook", seeded.claim_id) in dispatcher.sent
    assert deliver_webhook(seeded.claim_id, settings=allowed).outcome == "done"
    events = [b["event"] for b in _Receiver.bodies]
    assert events == ["claim.decided"]
    body = _Receiver.bodies[-1]
    assert body["action"] == "reject" and body["reason_code"] == "not_eligible" and body["revision"] == 1
    assert body["decisions_url"] == f"/v1/claims/{seeded.claim_id}/decisions"
    assert "reason" not in body and "Masa" not in json.dumps(body)  # no free text, no personal data
    # Delivered once: a later webhook job sends nothing new for it.
    deliver_webhook(seeded.claim_id, settings=allowed)
    assert [b["event"] for b in _Receiver.bodies].count("claim.decided") == 1
    delivered = [d for _, a, d in _audit(settings, seeded.claim_id) if a == "webhook.delivered"]
    assert {"event": "claim.decided", "decision_id": r.json()["decision"]["id"]} in delivered


def test_qa_sampling_share() -> None:
    from intake.decisions import qa_sampled
    from intake.models import new_id

    ids = [new_id() for _ in range(4000)]
    key = b"k" * 32
    assert not any(qa_sampled(i, 0.0, key) for i in ids)
    assert all(qa_sampled(i, 1.0, key) for i in ids)
    share = sum(qa_sampled(i, 0.25, key) for i in ids) / len(ids)
    assert 0.21 < share < 0.29
    # Stable for a claim, and a larger share keeps every claim a smaller one drew.
    small = {i for i in ids if qa_sampled(i, 0.1, key)}
    assert small == {i for i in ids if qa_sampled(i, 0.1, key)}
    assert small <= {i for i in ids if qa_sampled(i, 0.2, key)}
    # Another key draws other claims.
    assert small != {i for i in ids if qa_sampled(i, 0.1, b"x" * 32)}


def test_balance_from_the_branch_system(app_for: Any, settings: Settings, seeded: Seeded) -> None:
    from api.auth import create_api_key

    with session_scope(settings.resolved_database_url) as s:
        _, key = create_api_key(s, "branch-system")
    client = app_for(four_eyes_min_balance=50_000_000)
    url = f"/v1/claims/{seeded.claim_id}/balance"
    r = client.put(url, json={"balance": 80_000_000}, headers={"X-API-Key": key})
    assert r.status_code == 200 and r.json() == {"balance": 80_000_000}
    r = client.put(url, json={"balance": 1}, headers=_token(settings, "rina"))
    assert r.status_code == 403 and r.json()["code"] == "admin_only"
    assert client.put(url, json={"balance": -5}, headers={"X-API-Key": key}).status_code == 422
    assert client.put(url, json={"balance": "many"}, headers={"X-API-Key": key}).status_code == 422
    assert client.put(url, json={"balance": 1}).status_code == 401
    body = client.get(f"/v1/claims/{seeded.claim_id}/decisions", headers=_token(settings, "rina")).json()
    assert body["four_eyes"] == ["balance"]
    r = client.put(url, json={"balance": None}, headers=_token(settings, "admin"))
    assert r.status_code == 200 and r.json() == {"balance": None}
    audit = [d for _, a, d in _audit(settings, seeded.claim_id) if a == "claim.balance_set"]
    assert audit == [{"known": True}, {"known": False}]  # never the amount


def test_a_concurrent_final_decision_is_a_409(settings: Settings, seeded: Seeded,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Two reviewers deciding at once (a race, simulated): the second write trips the unique
    index and is refused like any second decision, not a 500."""
    from intake import decisions

    url = settings.resolved_database_url
    with session_scope(url) as s:
        uid = s.scalars(select(User.id).where(User.username == "rina")).one()
        claim = s.get(Claim, seeded.claim_id)
        assert claim is not None
        # Another process stores its final decision between our checks and our write.
        monkeypatch.setattr(decisions, "final_decision", lambda *a, **k: None)
        s.add(Decision(claim_id=claim.id, user_id=uid, action="reject", reason_code="other", reason="x",
                       revision=1, final=True))
        s.flush()
        with pytest.raises(decisions.DecisionRefused) as err:
            decisions.decide(s, claim, uid, "rina", decisions.DecisionRequest(
                "approve", "checked_by_reviewer", "ok", confirm=True), settings)
        assert err.value.code == "already_decided" and err.value.http_status == 409
    with session_scope(url) as s:
        assert [d.action for d in s.scalars(select(Decision))] == ["reject"]  # the first one stays


def test_decisions_on_postgres(postgres_url: str, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same rules on PostgreSQL: partial unique index, case-blind branches, four eyes, 409s."""
    from api.app import create_app
    from intake.settings import get_settings

    monkeypatch.setenv("EKLAIM_DATABASE_URL", postgres_url)
    get_settings.cache_clear()
    pg = get_settings()
    seeded = seed(pg)
    _add_user(pg, "sari", [BRANCH_A.lower().replace(" ", "  ")])
    with session_scope(pg.resolved_database_url) as s:
        c = s.get(Claim, seeded.claim_id)
        assert c is not None
        c.balance = 90_000_000
    with TestClient(create_app(pg.model_copy(update={"four_eyes_min_balance": 1}),
                               dispatcher=RecordingDispatcher())) as client:
        url = f"/v1/claims/{seeded.claim_id}/decisions"
        r = client.post(url, json=APPROVE_ANYWAY, headers=_token(pg, "rina"))
        assert r.status_code == 201 and r.json()["final"] is False
        r = client.post(url, json=APPROVE_ANYWAY, headers=_token(pg, "rina"))
        assert r.status_code == 409 and r.json()["code"] == "four_eyes_same_reviewer"
        r = client.post(url, json=APPROVE_ANYWAY, headers=_token(pg, "sari"))  # branch typed otherwise
        assert r.status_code == 201 and r.json()["final"] is True
        r = client.post(url, json={"action": "reject", "reason_code": "other", "reason": "x"},
                        headers=_token(pg, "admin"))
        assert r.status_code == 409 and r.json()["code"] == "already_decided"
        body = client.get(url, headers={"Authorization": _token(pg, "sari")["Authorization"]}).json()
        assert body["decided"] is True and len(body["decisions"]) == 2
