"""Review pages through the app: sign-in, queue, claim page, decisions, branches, audit."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from intake.db import session_scope
from intake.models import AuditEvent, Decision
from intake.settings import Settings
from tests.api.review.conftest import RecordingDispatcher, csrf, login
from tests.api.review.seed import BRANCH_A, KTP_NIK, Seeded


def _actions(settings: Settings) -> list[tuple[str, str, str | None]]:
    with session_scope(settings.resolved_database_url) as s:
        return [(e.actor, e.action, e.claim_id) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_pages_need_a_session(client: TestClient, seeded: Seeded) -> None:
    r = client.get("/review/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/review/login")
    r = client.get(f"/review/claims/{seeded.claim_id}", follow_redirects=False)
    assert r.status_code == 303
    assert client.get(f"/review/claims/{seeded.claim_id}/documents/{seeded.doc_id}/pages/1").status_code == 401
    assert client.get("/review/admin/audit/export").status_code == 401


def test_login_sets_hardened_cookie(client: TestClient, seeded: Seeded) -> None:
    r = login(client, "rina")
    assert r.status_code == 303 and r.headers["location"] == "/review/"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "eklaim_session=" in cookie
    r = client.get("/review/")
    assert r.status_code == 200
    assert seeded.claim_id[:12] in r.text
    assert seeded.other_claim_id[:12] not in r.text  # another branch's claim is not listed
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_wrong_password_and_rate_limit(client: TestClient, seeded: Seeded, settings: Settings) -> None:
    for _ in range(5):
        assert login(client, "rina", "wrong password!").status_code == 401
    r = login(client, "rina")  # right password, but blocked for this user name + IP
    assert r.status_code == 429
    assert "15" in r.text
    actions = [a for _, a, _ in _actions(settings)]
    assert actions.count("auth.login_failed") == 5 and "auth.login_blocked" in actions
    assert login(client, "budi").status_code == 303  # another user name is not blocked


def test_form_posts_need_csrf(client: TestClient, seeded: Seeded) -> None:
    token = csrf(client)
    r = client.post("/review/login", data={"username": "rina", "password": "correct horse battery"})
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed"
    r = client.post("/review/login", data={"username": "rina", "password": "correct horse battery",
                                          "csrf_token": token + "x"})
    assert r.status_code == 403
    assert login(client, "rina").status_code == 303
    r = client.post(f"/review/claims/{seeded.claim_id}/decision", data={"action": "approve"})
    assert r.status_code == 403


def test_claim_page_shows_boxes_and_mismatch_first(client: TestClient, seeded: Seeded, settings: Settings) -> None:
    login(client, "rina")
    r = client.get(f"/review/claims/{seeded.claim_id}")
    assert r.status_code == 200
    html = r.text
    first_check = html.index('<tr class="check status-')
    assert html[first_check:].startswith('<tr class="check status-mismatch"')
    assert 'class="box status-mismatch" data-field="ktp-nik"' in html
    assert 'class="box status-match" data-field="ktp-full_name"' in html
    assert KTP_NIK in html
    assert "Buku tabungan belum diunggah." in html  # claimant message of the missing passbook
    assert "brightness" in html  # quality figures
    img = client.get(f"/review/claims/{seeded.claim_id}/documents/{seeded.doc_id}/pages/1")
    assert img.status_code == 200 and img.headers["content-type"] in ("image/jpeg", "image/png")
    assert img.headers["cache-control"].startswith("private, no-store")
    f = client.get(f"/review/claims/{seeded.claim_id}/documents/{seeded.doc_id}/file")
    assert f.status_code == 200 and f.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "attachment" in f.headers["content-disposition"]
    actions = [a for _, a, c in _actions(settings) if c == seeded.claim_id]
    assert {"claim.viewed", "document.page_viewed", "document.downloaded"} <= set(actions)


def test_claim_page_shows_reason_contract_and_not_applicable_last(client: TestClient, seeded: Seeded) -> None:
    login(client, "rina")
    html = client.get(f"/review/claims/{seeded.claim_id}").text
    assert 'id="claim-reason"' in html and "<code>resign</code>" in html and "contract v2" in html
    rows = [part.split('"')[0] for part in html.split('<tr class="check status-')[1:]]
    assert rows[-1] == "not_applicable"  # checks the reason does not use come last
    assert "tidak berlaku / not applicable" in html
    assert "<code>form.account_holder</code>" in html and "<code>claim.age</code>" in html
    assert 'id="report-code"' not in html


def test_other_branch_is_404(client: TestClient, seeded: Seeded) -> None:
    login(client, "budi")
    assert client.get(f"/review/claims/{seeded.claim_id}").status_code == 404
    assert client.get(f"/review/claims/{seeded.claim_id}/documents/{seeded.doc_id}/pages/1").status_code == 404
    assert client.get(f"/review/claims/{seeded.claim_id}/documents/{seeded.doc_id}/file").status_code == 404
    token = csrf(client, "/review/")
    r = client.post(f"/review/claims/{seeded.claim_id}/decision", data={"action": "approve", "csrf_token": token})
    assert r.status_code == 404
    assert client.get("/review/claims/0123456789abcdef0123456789abcdef").status_code == 404
    assert client.get(f"/review/claims/{seeded.other_claim_id}").status_code == 200
    assert client.get("/review/admin/audit").status_code == 403  # reviewers are not admins


def test_decisions_are_stored_with_who_and_when(client: TestClient, seeded: Seeded, settings: Settings,
                                                 dispatcher: RecordingDispatcher) -> None:
    login(client, "rina")
    token = csrf(client, f"/review/claims/{seeded.claim_id}")
    url = f"/review/claims/{seeded.claim_id}"
    r = client.post(url + "/decision", data={"action": "request_correction", "reason_code": "data_mismatch",
                                             "csrf_token": token})
    assert r.status_code == 422 and "Give a reason" in r.text  # the claim page again, with the reason
    r = client.post(url + "/reverify", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and dispatcher.sent == [("verify", seeded.claim_id)]
    r = client.post(url + "/decision", data={"action": "request_correction", "reason_code": "data_mismatch",
                                             "reason": "Periksa NIK Anda.", "slots": ["ktp"], "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303
    # The claim is open for correction again: no second decision until it is verified again.
    r = client.post(url + "/decision", data={"action": "approve", "reason_code": "documents_match", "confirm": "1",
                                             "reason": "ok", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 409
    with session_scope(settings.resolved_database_url) as s:
        rows = [(d.action, d.reason, d.reason_code, d.slots, d.user_id is not None, d.at is not None)
                for d in s.scalars(select(Decision).order_by(Decision.id))]
    assert rows == [("request_correction", "Periksa NIK Anda.", "data_mismatch", ["ktp"], True, True)]
    actions = [(actor, a) for actor, a, c in _actions(settings) if c == seeded.claim_id]
    assert ("rina", "decision.request_correction") in actions and ("rina", "claim.revision_opened") in actions
    assert ("rina", "claim.reverify_requested") in actions
    page = client.get(url).text
    assert "Periksa NIK Anda." in page


def test_queue_filters_and_counts(client: TestClient, seeded: Seeded) -> None:
    login(client, "admin")
    link, other_link = f"/review/claims/{seeded.claim_id}", f"/review/claims/{seeded.other_claim_id}"
    r = client.get("/review/?view=all")
    assert link in r.text and other_link in r.text  # admins see all
    r = client.get("/review/?view=all&verdict=clear")
    assert other_link in r.text and link not in r.text
    r = client.get(f"/review/?view=all&claim_id={seeded.claim_id[:6]}")
    assert link in r.text
    r = client.get("/review/?status=draft&view=all")
    assert link not in r.text and "0 klaim" in r.text  # drafts are never listed
    r = client.get("/review/?view=all&from=2000-01-01&to=2000-01-02")
    assert "0 klaim" in r.text
    r = client.get("/review/?from=not-a-date")
    assert r.status_code == 200
    assert BRANCH_A in client.get(f"/review/claims/{seeded.claim_id}").text


def test_admin_audit_export(client: TestClient, seeded: Seeded) -> None:
    login(client, "admin")
    client.get(f"/review/claims/{seeded.claim_id}")
    r = client.get("/review/admin/audit")
    assert r.status_code == 200 and "claim.viewed" in r.text
    r = client.get("/review/admin/audit/export?format=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.text.splitlines()
    assert lines[0] == "id,at,actor,action,claim_id,detail"
    assert any("claim.viewed" in ln and seeded.claim_id in ln for ln in lines)
    r = client.get(f"/review/admin/audit/export?format=json&claim_id={seeded.claim_id}")
    events = json.loads(r.text)["events"]
    assert {e["action"] for e in events} >= {"claim.viewed"}
    assert all(e["claim_id"] == seeded.claim_id for e in events)
    r = client.get("/review/admin/audit/export?format=json&action=audit.*")
    assert any(e["action"] == "audit.exported" for e in json.loads(r.text)["events"])


def test_claimant_status_page(client: TestClient, seeded: Seeded, settings: Settings) -> None:
    from api.auth import create_api_key

    with session_scope(settings.resolved_database_url) as s:
        _, key = create_api_key(s, "claim-form")
    assert client.get(f"/v1/claims/{seeded.claim_id}/status-link").status_code == 401
    assert client.get(f"/v1/claims/{seeded.claim_id}/status-link", headers={"X-API-Key": key + "x"}).status_code == 401
    r = client.get(f"/v1/claims/{seeded.claim_id}/status-link", headers={"X-API-Key": key})
    assert r.status_code == 200
    link = r.json()["status_url"]
    page = client.get(link)
    assert page.status_code == 200
    assert "NIK yang diketik berbeda" in page.text  # what to fix
    assert KTP_NIK not in page.text and "FIRMANSYAH" not in page.text  # no personal values
    assert page.headers["referrer-policy"] == "no-referrer"
    assert client.get(f"/status/{seeded.claim_id}?t=0000").status_code == 404
    assert client.get(f"/status/{seeded.other_claim_id}?t={link.split('t=')[1]}").status_code == 404


def test_claimant_status_page_marks_a_letter_a_pensiun_claim_does_not_need(client: TestClient, seeded: Seeded,
                                                                           settings: Settings) -> None:
    from api.auth import create_api_key
    from intake import repo

    with session_scope(settings.resolved_database_url) as s:
        _, key = create_api_key(s, "claim-form")
    link = client.get(f"/v1/claims/{seeded.claim_id}/status-link", headers={"X-API-Key": key}).json()["status_url"]
    assert "Tidak diperlukan untuk alasan klaim ini" not in client.get(link).text  # a resign claim needs its letter
    with session_scope(settings.resolved_database_url) as s:
        claim = repo.get_claim(s, seeded.claim_id)
        claim.report = {**(claim.report or {}), "claim_reason": "pensiun"}
    page = client.get(link).text
    assert page.count("Tidak diperlukan untuk alasan klaim ini") == 1  # the letter only; the passbook is still missing
    assert "Belum diunggah" in page  # the passbook, which a pensiun claim still needs
